import { describe, expect, it } from "vitest";
import { deriveSeed } from "../../src/core/rng.js";
import { CARTPOLE, CartPoleEnv, VecCartPole } from "../../src/rl/cartpole.js";
import { checkEnv } from "../../src/sim/checkEnv.js";

describe("CartPoleEnv (Gymnasium CartPole-v1 port)", () => {
  it("takes one Euler step from rest with the closed-form accelerations", () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    env.setState([0, 0, 0, 0]);
    const { obs, reward, terminated, truncated } = env.step(1);
    // From rest with force +10: temp = 10 / 1.1, thetaAcc = -temp / (0.5 (4/3 - 0.1/1.1)),
    // xAcc = temp - 0.05 thetaAcc / 1.1; positions move with the old (zero) velocities.
    const temp = 10 / 1.1;
    const thetaAcc = -temp / (0.5 * (4 / 3 - 0.1 / 1.1));
    const xAcc = temp - (0.05 * thetaAcc) / 1.1;
    expect(obs[0]).toBe(0);
    expect(obs[1]).toBeCloseTo(0.02 * xAcc, 6);
    expect(obs[2]).toBe(0);
    expect(obs[3]).toBeCloseTo(0.02 * thetaAcc, 6);
    expect(obs[1]).toBeCloseTo(0.195122, 5);
    expect(obs[3]).toBeCloseTo(-0.292683, 5);
    expect([reward, terminated, truncated]).toEqual([1, false, false]);
  });

  it("pushes left with action 0 as the mirror image of action 1", () => {
    const a = new CartPoleEnv();
    const b = new CartPoleEnv();
    a.reset({ seed: 1 });
    b.reset({ seed: 1 });
    a.setState([0.01, -0.02, 0.03, -0.04]);
    b.setState([-0.01, 0.02, -0.03, 0.04]);
    for (let t = 0; t < 5; t++) {
      const oa = a.step(1).obs;
      const ob = b.step(0).obs;
      for (let k = 0; k < 4; k++) expect(ob[k]).toBeCloseTo(-oa[k]!, 6);
    }
  });

  it("starts every state variable inside (-0.05, 0.05)", () => {
    const env = new CartPoleEnv();
    for (let s = 0; s < 50; s++) {
      const { obs } = env.reset({ seed: s });
      for (const v of obs) expect(Math.abs(v)).toBeLessThan(0.05);
    }
  });

  it("terminates past 12 degrees and rewards the terminal step", () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    env.setState([0, 0, CARTPOLE.thetaThreshold - 1e-4, 1]);
    const r = env.step(1);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(1);
    expect(() => env.step(0)).toThrow(/reset/);
  });

  it("terminates when the cart leaves +-2.4", () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    env.setState([-2.39, -1, 0, 0]);
    expect(env.step(0).terminated).toBe(true);
  });

  it("truncates at maxEpisodeSteps when the pole stays up", () => {
    const env = new CartPoleEnv({ maxEpisodeSteps: 3 });
    env.reset({ seed: 0 });
    env.setState([0, 0, 0, 0]);
    expect(env.step(1).truncated).toBe(false);
    expect(env.step(0).truncated).toBe(false);
    const last = env.step(1);
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const run = (seed: number) => {
      const env = new CartPoleEnv();
      const out: number[] = Array.from(env.reset({ seed }).obs);
      for (let t = 0; t < 20; t++) {
        const r = env.step(t % 3 === 0 ? 0 : 1);
        out.push(...r.obs);
        if (r.terminated || r.truncated) break;
      }
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it("rejects bad actions, stepping before reset and bad options", () => {
    const env = new CartPoleEnv();
    expect(() => env.step(0)).toThrow(/reset/);
    env.reset();
    expect(() => env.step(2)).toThrow(/action must be 0 or 1/);
    expect(() => new CartPoleEnv({ maxEpisodeSteps: 0 })).toThrow(/maxEpisodeSteps/);
  });

  it("passes the generic env contract check (checkEnv)", () => {
    const report = checkEnv(() => new CartPoleEnv(), { seed: 3, steps: 300 });
    expect(report.episodes).toBeGreaterThan(1);
  });

  it("declares Gymnasium's observation bounds", () => {
    const { low, high } = new CartPoleEnv().observationSpace;
    expect(high[0]).toBeCloseTo(4.8, 6);
    expect(high[2]).toBeCloseTo(0.41887902, 6);
    expect(low[0]).toBeCloseTo(-4.8, 6);
    expect(high[1]).toBeGreaterThan(3e38);
  });
});

describe("VecCartPole", () => {
  it("copy i follows the single env seeded with deriveSeed(seed, i), through auto-resets", () => {
    const numEnvs = 3;
    const vec = new VecCartPole({ numEnvs, maxEpisodeSteps: 40 });
    const singles = Array.from({ length: numEnvs }, () => new CartPoleEnv({ maxEpisodeSteps: 40 }));
    const obs0 = vec.reset({ seed: 11 });
    singles.forEach((env, i) => expect(Array.from(env.reset({ seed: deriveSeed(11, i) }).obs)).toEqual(Array.from(obs0.subarray(i * 4, i * 4 + 4))));
    let episodesEnded = 0;
    for (let t = 0; t < 150; t++) {
      const actions = Int32Array.from({ length: numEnvs }, (_, i) => (t + i) % 2);
      const res = vec.step(actions);
      singles.forEach((env, i) => {
        const r = env.step(actions[i]!);
        const ended = r.terminated || r.truncated;
        expect(res.terminated[i]).toBe(r.terminated ? 1 : 0);
        expect(res.truncated[i]).toBe(r.truncated ? 1 : 0);
        if (ended) {
          episodesEnded++;
          expect(Array.from(res.finalObs!.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(r.obs));
          expect(res.episodeReturns![i]).toBe(r.info.elapsedSteps);
          expect(res.episodeLengths![i]).toBe(r.info.elapsedSteps);
          expect(Array.from(res.obs.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(env.reset().obs));
        } else {
          expect(res.episodeReturns![i]).toBeNaN();
          expect(Array.from(res.obs.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(r.obs));
        }
      });
    }
    expect(episodesEnded).toBeGreaterThan(3);
  });

  it("reports reward 1 per step and truncation at the 500-step limit", () => {
    const vec = new VecCartPole({ numEnvs: 1 });
    vec.reset({ seed: 3 });
    // A simple stabilising controller keeps the pole up for the whole episode.
    let obs = vec.reset({ seed: 3 });
    let steps = 0;
    for (;;) {
      const a = obs[2]! + 0.5 * obs[3]! > 0 ? 1 : 0;
      const res = vec.step(Int32Array.of(a));
      steps++;
      expect(res.reward[0]).toBe(1);
      if (res.terminated[0] || res.truncated[0]) {
        expect(res.truncated[0]).toBe(1);
        expect(res.episodeReturns![0]).toBe(500);
        break;
      }
      obs = res.obs;
    }
    expect(steps).toBe(500);
  });

  it("rejects wrong-length actions, bad actions and stepping before reset", () => {
    const vec = new VecCartPole({ numEnvs: 2 });
    expect(() => vec.step(Int32Array.of(0, 1))).toThrow(/reset/);
    vec.reset({ seed: 0 });
    expect(() => vec.step(Int32Array.of(0))).toThrow(/numEnvs=2/);
    expect(() => vec.step(Int32Array.of(0, 3))).toThrow(/actions\[1\]/);
    expect(() => new VecCartPole({ numEnvs: 0 })).toThrow(/numEnvs/);
  });
});
