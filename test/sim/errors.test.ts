import { describe, expect, it } from "vitest";
import { DeployEnv } from "../../src/sim/env.js";
import { DeployVecEnv } from "../../src/sim/vecEnv.js";
import { buildScenario } from "../../src/sim/scenarios.js";
import { runEpisode } from "../../src/sim/runEpisode.js";
import { ThresholdBaseline } from "../../src/control/baseline.js";
import { Rng } from "../../src/core/rng.js";
import { ACTION } from "../../src/sim/layout.js";

describe("bad input gives clear errors", () => {
  it("unknown scenario: in the constructor, in reset options and in buildScenario", () => {
    expect(() => new DeployEnv({ scenario: "flash-crow" })).toThrow(/unknown scenario "flash-crow".*flash-crowd/);
    const env = new DeployEnv();
    expect(() => env.reset({ options: { scenario: "nope" } })).toThrow(/unknown scenario "nope"/);
    expect(() => buildScenario({ id: "bad-deploy", params: { magnitud: 1 } }, new Rng(1), 100)).toThrow(/unknown parameter "magnitud"/);
    expect(() => buildScenario({ id: "bad-deploy", params: { magnitude: Number.NaN } }, new Rng(1), 100)).toThrow(/"magnitude" must be a finite number/);
  });

  it("step before reset", () => {
    expect(() => new DeployEnv().step(ACTION.maintain)).toThrow(/call reset\(\) before step\(\)/);
    expect(() => new DeployVecEnv({ numEnvs: 2 }).step([5, 5])).toThrow(/call reset\(\) before step\(\)/);
  });

  it("actions outside the space, fractional and NaN actions", () => {
    const env = new DeployEnv();
    env.reset({ seed: 1 });
    expect(() => env.step(6)).toThrow(/action 6 is not in Discrete\(6\)/);
    expect(() => env.step(-1)).toThrow(/action -1 is not in Discrete\(6\)/);
    expect(() => env.step(2.5)).toThrow(/action 2.5/);
    expect(() => env.step(Number.NaN)).toThrow(/action NaN/);
    const safe = new DeployEnv({ actionSet: "safe" });
    safe.reset({ seed: 1 });
    expect(() => safe.step(ACTION.rollback)).not.toThrow();
    expect(() => safe.step(12)).toThrow(/not in Discrete\(12\)/);
    const vec = new DeployVecEnv({ numEnvs: 3 });
    vec.reset({ seed: 1 });
    expect(() => vec.step([5, Number.NaN, 5])).toThrow(/action NaN of env 1/);
    expect(() => vec.step([5, 5])).toThrow(/expected 3 actions, got 2/);
  });

  it("a rejected action leaves the state untouched", () => {
    const a = new DeployVecEnv({ numEnvs: 2 });
    const b = new DeployVecEnv({ numEnvs: 2 });
    a.reset({ seed: 4 });
    b.reset({ seed: 4 });
    expect(() => a.step([2, 99])).toThrow();
    const ra = Array.from(a.step([5, 5]).obs);
    const rb = Array.from(b.step([5, 5]).obs);
    expect(ra).toEqual(rb);
  });

  it("stepping a finished episode", () => {
    const env = new DeployEnv({ maxCycles: 3 });
    env.reset({ seed: 1 });
    env.step(5);
    env.step(5);
    expect(env.step(5).truncated).toBe(true);
    expect(() => env.step(5)).toThrow(/episode is over/);
  });

  it("bad options name the option", () => {
    expect(() => new DeployEnv({ maxCycles: 0 })).toThrow(/maxCycles/);
    expect(() => new DeployEnv({ load: { baseRate: -5 } })).toThrow(/load.baseRate/);
    expect(() => new DeployEnv({ telemetry: { delayCycles: 99 } })).toThrow(/telemetry.delayCycles/);
    expect(() => new DeployEnv({ batchLevels: [4, 2] })).toThrow(/batchLevels must increase/);
    expect(() => new DeployEnv({ bogus: 1 } as never)).toThrow(/unknown option "bogus"/);
    expect(() => new DeployEnv({ load: { wobble: 1 } } as never)).toThrow(/unknown option "load.wobble"/);
    expect(() => new DeployVecEnv({ numEnvs: 0 })).toThrow(/numEnvs/);
    expect(() => new DeployEnv().reset({ options: { scenari: "x" } })).toThrow(/unknown option "scenari"/);
    expect(() => new ThresholdBaseline({ targetUtilisation: 2 })).toThrow(/targetUtilisation/);
    expect(() => runEpisode(new DeployEnv({ maxCycles: 10 }), new ThresholdBaseline(), { cycles: 11 })).toThrow(/cycles must be an integer in \[1, 10\]/);
  });

  it("a controller returning an invalid action surfaces the env's error", () => {
    const bad = { name: "bad", reset() {}, act: () => 7 };
    expect(() => runEpisode(new DeployEnv({ maxCycles: 10 }), bad)).toThrow(/action 7 is not in Discrete\(6\)/);
  });
});
