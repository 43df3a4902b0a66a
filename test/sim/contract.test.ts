import { describe, expect, it } from "vitest";
import { Box, Discrete } from "../../src/core/spaces.js";
import { checkEnv } from "../../src/sim/checkEnv.js";
import { DeployEnv } from "../../src/sim/env.js";
import { DeployVecEnv } from "../../src/sim/vecEnv.js";
import { scenarioIds } from "../../src/sim/scenarios.js";
import { ACTION, OBS_DIM } from "../../src/sim/layout.js";
import type { Env } from "../../src/sim/types.js";

describe("checkEnv over the deployment simulator", () => {
  it("passes for every scenario of the catalogue (short episodes, so resets are exercised)", () => {
    const ids = scenarioIds();
    expect(ids.length).toBeGreaterThanOrEqual(44);
    for (const id of ids) {
      const report = checkEnv(() => new DeployEnv({ scenario: id, maxCycles: 40 }), { seed: 11, steps: 90 });
      expect(report.episodes, id).toBeGreaterThanOrEqual(2);
    }
  });

  it("passes with the safe controller's 12 actions", () => {
    const r = checkEnv(() => new DeployEnv({ scenario: "bad-deploy", actionSet: "safe", maxCycles: 60 }), { steps: 150 });
    expect(r.checks).toContain("invalid actions throw");
  });

  it("catches a non-deterministic env and an observation outside the space", () => {
    let calls = 0;
    const flaky = (): Env<number[], number, object> => {
      const obsSpace = new Box([0], [1]);
      return {
        observationSpace: obsSpace as unknown as Env<number[], number, object>["observationSpace"],
        actionSpace: new Discrete(2),
        reset: () => ({ obs: [(calls++ % 3) / 2], info: {} }),
        step: (a: number) => {
          if (a !== 0 && a !== 1) throw new Error("bad action");
          return { obs: [2], reward: 0, terminated: false, truncated: false, info: {} };
        },
      };
    };
    expect(() => checkEnv(flaky, { steps: 5 })).toThrow(/step\(\) before reset\(\) did not throw|different observations|not in Box/);
    try {
      checkEnv(flaky, { steps: 5 });
    } catch (e) {
      expect(String(e)).toMatch(/not in Box\(1\)/);
    }
  });
});

describe("vectorised env contract", () => {
  it("reset and step are deterministic for a seed and observations lie in the space", () => {
    const run = () => {
      const env = new DeployVecEnv({ numEnvs: 8, scenario: scenarioIds(), maxCycles: 30 });
      const out: number[] = [];
      let { obs } = env.reset({ seed: 5 });
      out.push(...obs);
      const acts = new Int32Array(8);
      for (let t = 0; t < 70; t++) {
        for (let i = 0; i < 8; i++) acts[i] = (t * 7 + i * 3) % 6;
        const r = env.step(acts);
        obs = r.obs;
        for (let i = 0; i < 8; i++) {
          expect(env.observationSpace.contains(obs.subarray(i * OBS_DIM, (i + 1) * OBS_DIM))).toBe(true);
          expect(Number.isFinite(r.reward[i]!)).toBe(true);
        }
        out.push(...obs, ...r.reward, ...r.terminated, ...r.truncated);
      }
      return out;
    };
    const a = run();
    const b = run();
    expect(a.length).toBe(b.length);
    expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
  });

  it("env 0 of a vector and the single env share one dynamics: identical trajectories", () => {
    const single = new DeployEnv({ scenario: "flash-crowd" });
    const vec = new DeployVecEnv({ numEnvs: 3, scenario: "flash-crowd" });
    const s0 = single.reset({ seed: 42 }).obs;
    const v0 = vec.reset({ seed: 42 }).obs.slice(0, OBS_DIM);
    expect(Array.from(s0)).toEqual(Array.from(v0));
    const acts = new Int32Array(3);
    for (let t = 0; t < 400; t++) {
      const a = t % 17 === 0 ? ACTION.scaleUp : t % 29 === 0 ? ACTION.scaleDown : ACTION.maintain;
      acts.fill(a);
      const s = single.step(a);
      const v = vec.step(acts);
      expect(Array.from(s.obs)).toEqual(Array.from(v.obs.slice(0, OBS_DIM)));
      expect(s.reward).toBe(v.reward[0]);
    }
  });

  it("different seeds give different trajectories", () => {
    const env = new DeployEnv({ scenario: "nominal" });
    const a = Array.from(env.reset({ seed: 1 }).obs);
    const b = Array.from(env.reset({ seed: 2 }).obs);
    expect(a).not.toEqual(b);
  });
});
