import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initTf } from "../../src/core/tf.js";
import { HashController, RunbookController, resolveHashConfig, trainHash, hashObservationOptions } from "../../src/control/hash.js";
import { HashObservationBuilder, hashObsDim, hashObsNames } from "../../src/control/hashObservation.js";
import { HashVecEnv, nominalStream } from "../../src/control/hashEnv.js";
import { DeployEnv } from "../../src/sim/env.js";
import { runEpisode } from "../../src/sim/runEpisode.js";
import { ACTION, OBS, OBS_DIM } from "../../src/sim/layout.js";

const TINY = {
  numEnvs: 2,
  totalTimesteps: 128,
  trainCycles: 60,
  scenarios: ["flash-crowd", "bad-deploy", "nominal"],
  ppo: { numSteps: 32, numMinibatches: 2, updateEpochs: 1, hiddenSizes: [8] },
};

describe("HASH observation", () => {
  it("has a fixed size, finite entries and one name per entry", async () => {
    await initTf();
    const b = new HashObservationBuilder({ seed: 1 });
    b.fit(nominalStream(120, 3), 120);
    b.reset();
    const env = new DeployEnv({ scenario: "telemetry-dropout", maxCycles: 200 });
    let { obs } = env.reset({ seed: 2 });
    const out = new Float32Array(b.dim);
    expect(b.dim).toBe(hashObsDim(3));
    expect(hashObsNames()).toHaveLength(b.dim);
    for (let t = 0; t < 150; t++) {
      b.observe(obs, out);
      expect(out.every(Number.isFinite)).toBe(true);
      b.recordAction(ACTION.maintain);
      obs = env.step(ACTION.maintain).obs;
    }
    b.dispose();
  });

  it("feeds a scale-up's metric change back to the detectors only when the loop is on", async () => {
    await initTf();
    const stream = nominalStream(120, 3);
    const events: number[] = [];
    for (const enabled of [true, false]) {
      const b = new HashObservationBuilder({ seed: 1, feedback: { enabled, minInterval: 10 } });
      b.fit(stream, 120);
      b.reset();
      const env = new DeployEnv({ scenario: "nominal", maxCycles: 300 });
      let { obs } = env.reset({ seed: 4 });
      const out = new Float32Array(b.dim);
      for (let t = 0; t < 200; t++) {
        b.observe(obs, out);
        const a = t % 40 === 30 && obs[OBS.readyInstances]! < 12 ? ACTION.scaleUp : ACTION.maintain;
        b.recordAction(a);
        obs = env.step(a).obs;
      }
      events.push(b.stats.events);
      if (enabled) expect(b.stats.judged).toBeGreaterThan(0);
      b.dispose();
    }
    expect(events[0]).toBeGreaterThan(0);
    expect(events[1]).toBe(0);
  });

  it("rejects bad options and actions with a message naming them", () => {
    expect(() => new HashObservationBuilder({ metrics: [99] })).toThrow(/metrics/);
    expect(() => new HashObservationBuilder({ feedback: { delay: 0 } })).toThrow(/feedback.delay/);
    const b = new HashObservationBuilder({ detector: "statistical" });
    expect(() => b.recordAction(7)).toThrow(/action 7/);
    expect(() => b.observe(new Float32Array(3), new Float32Array(b.dim))).toThrow(/expected 18/);
    expect(() => resolveHashConfig({ bogus: 1 } as never)).toThrow(/unknown field "bogus"/);
    expect(() => resolveHashConfig({ trainCycles: 5 })).toThrow(/trainCycles/);
  });
});

describe("HASH training", () => {
  it("keeps the tfjs tensor count stable across training", async () => {
    await initTf();
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await trainHash({ ...TINY, totalTimesteps: 192, seed: 3 }, { onIteration: () => void counts.push(tf.memory().numTensors) });
    const after = tf.memory().numTensors;
    expect(counts.length).toBe(3);
    expect(new Set(counts).size).toBe(1);
    expect(after).toBe(before);
  });

  it("gives an identical training curve for the same seed and a different one for another seed", async () => {
    await initTf();
    const a = await trainHash({ ...TINY, seed: 5 });
    const b = await trainHash({ ...TINY, seed: 5 });
    const c = await trainHash({ ...TINY, seed: 6 });
    const curve = (r: typeof a) => [...r.log["charts/rolloutReward"]!.y, ...r.log["losses/policyLoss"]!.y, ...r.log["charts/learningRate"]!.y];
    expect(curve(a)).toEqual(curve(b));
    expect(curve(a)).not.toEqual(curve(c));
    expect(a.log["charts/learningRate"]!.y.length).toBe(2);
  });

  it("uses the adaptive learning rate when on and a constant one when off", async () => {
    await initTf();
    const on = await trainHash({ ...TINY, detector: "statistical", totalTimesteps: 256, seed: 2 });
    const off = await trainHash({ ...TINY, detector: "statistical", totalTimesteps: 256, seed: 2, adaptiveLr: false });
    const lrOn = on.log["charts/learningRate"]!.y;
    const lrOff = off.log["charts/learningRate"]!.y;
    expect(new Set(lrOff).size).toBe(1);
    expect(new Set(lrOn).size).toBeGreaterThan(1);
  });

  it("trains on a vectorised env whose observation has the HASH size", async () => {
    await initTf();
    const env = new HashVecEnv({ numEnvs: 3, scenarios: ["nominal"], sim: { maxCycles: 50 }, observation: { detector: "statistical" } });
    const obs = env.reset({ seed: 1 });
    expect(obs.length).toBe(3 * hashObsDim(3));
    const r = env.step(new Int32Array([0, 2, 5]));
    expect(r.obs.length).toBe(3 * env.obsDim);
    expect(() => env.step(new Int32Array(2))).toThrow(/expected 3 actions/);
  });
});

describe("HASH controllers", () => {
  it("run an episode with the sim's runner and only pick HASH's six actions", async () => {
    await initTf();
    const trained = await trainHash({ ...TINY, detector: "statistical", seed: 1 });
    const cfg = resolveHashConfig({ ...TINY, detector: "statistical", seed: 1 });
    const ctl = new HashController(trained.policy, { observation: hashObservationOptions(cfg, 1), fitCycles: 60 });
    const env = new DeployEnv({ maxCycles: 120 });
    const r = runEpisode(env, ctl, { seed: 1, scenario: "flash-crowd" });
    const acts = Array.from(r.trace.actions.subarray(1));
    expect(acts.every((a) => a >= 0 && a < 6)).toBe(true);
    expect(ctl.lastObservation()).toHaveLength(hashObsDim(3));
    const rb = new RunbookController({ observation: { detector: "statistical" }, fitCycles: 60 });
    const r2 = runEpisode(env, rb, { seed: 1, scenario: "bad-deploy" });
    expect(r2.metrics.cyclesRun).toBeGreaterThan(0);
    expect(OBS_DIM).toBe(18);
  });
});
