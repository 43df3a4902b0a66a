import { describe, expect, it } from "vitest";
import { DeployVecEnv } from "../../src/sim/vecEnv.js";
import { ACTION, OBS_DIM, TRUTH, TRUTH_DIM } from "../../src/sim/layout.js";

describe("DeployVecEnv", () => {
  it("returns typed batches of the documented shapes", () => {
    const env = new DeployVecEnv({ numEnvs: 5 });
    const { obs } = env.reset({ seed: 1 });
    expect(obs).toBeInstanceOf(Float32Array);
    expect(obs.length).toBe(5 * OBS_DIM);
    const r = env.step(new Int32Array(5).fill(ACTION.maintain));
    expect(r.reward).toBeInstanceOf(Float32Array);
    expect(r.terminated).toBeInstanceOf(Uint8Array);
    expect(r.truncated).toBeInstanceOf(Uint8Array);
    expect(r.infos!.truth.length).toBe(5 * TRUTH_DIM);
  });

  it("auto-resets finished envs in the same step and keeps the final observation", () => {
    const env = new DeployVecEnv({ numEnvs: 4, maxCycles: 5, scenario: "nominal" });
    env.reset({ seed: 2 });
    const acts = new Int32Array(4).fill(ACTION.maintain);
    let last = env.step(acts);
    for (let t = 2; t <= 4; t++) {
      last = env.step(acts);
      expect(Array.from(last.truncated)).toEqual([0, 0, 0, 0]);
    }
    const obsBefore = Array.from(last.obs);
    const r = env.step(acts);
    expect(Array.from(r.truncated)).toEqual([1, 1, 1, 1]);
    expect(Array.from(r.terminated)).toEqual([0, 0, 0, 0]);
    expect(Array.from(r.infos!.episodeLength)).toEqual([5, 5, 5, 5]);
    for (let i = 0; i < 4; i++) expect(env.cycleOf(i)).toBe(0);
    // The final observation is a real observation of cycle 5, distinct from the new first one.
    expect(Array.from(r.infos!.finalObs.slice(0, OBS_DIM))).not.toEqual(Array.from(r.obs.slice(0, OBS_DIM)));
    expect(obsBefore.length).toBe(4 * OBS_DIM);
    // The next step continues the new episode.
    env.step(acts);
    expect(env.cycleOf(0)).toBe(1);
  });

  it("terminates on an action that leaves no capacity, with the reason", () => {
    const env = new DeployVecEnv({ numEnvs: 1, initialInstances: 2, autoReset: false });
    env.reset({ seed: 1 });
    expect(env.step([ACTION.scaleDown]).terminated[0]).toBe(0);
    const r = env.step([ACTION.scaleDown]);
    expect(r.terminated[0]).toBe(1);
    expect(r.infos!.terminationReason[0]).toBe(2);
    expect(() => env.step([ACTION.maintain])).toThrow(/episode is over/);
  });

  it("terminates after an outage longer than 20 cycles (5 min)", () => {
    const env = new DeployVecEnv({ numEnvs: 1, autoReset: false, scenario: { id: "dependency-outage", params: { start: 10, duration: 100 } } });
    env.reset({ seed: 1 });
    let cycle = 0;
    let reason = 0;
    for (let t = 1; t <= 60; t++) {
      const r = env.step([ACTION.maintain]);
      if (r.terminated[0]) {
        cycle = t;
        reason = r.infos!.terminationReason[0]!;
        break;
      }
    }
    expect(reason).toBe(1);
    expect(cycle).toBe(10 + 20);
  });

  it("assigns a scenario list round-robin and the shared rewards follow the HASH formula's sign", () => {
    const env = new DeployVecEnv({ numEnvs: 4, scenario: ["nominal", "bad-deploy"] });
    env.reset({ seed: 3 });
    expect(env.scenarioOf(0).id).toBe("nominal");
    expect(env.scenarioOf(1).id).toBe("bad-deploy");
    expect(env.scenarioOf(3).id).toBe("bad-deploy");
    // Pure cost term: with no change in metrics, reward = -w4 * instances / maxInstances.
    const quiet = new DeployVecEnv({ numEnvs: 1, initialInstances: 8, load: { noiseSd: 0, diurnalAmp: 0, weeklyAmp: 0 } });
    quiet.reset({ seed: 1 });
    const r = quiet.step([ACTION.maintain]);
    expect(r.reward[0]!).toBeCloseTo(-0.2 * (8 / 40), 5);
    const t = r.infos!.truth;
    expect(t[TRUTH.readyInstances]).toBe(8);
  });
});
