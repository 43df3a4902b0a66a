import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { EpsilonGreedy, ThompsonSampling, Ucb1, simulateBernoulli, type BanditPolicy } from "../../src/rl/bandits/index.js";

const makers: Record<string, (seed: number, nArms?: number) => BanditPolicy> = {
  "epsilon-greedy": (seed, nArms = 3) => new EpsilonGreedy({ nArms, epsilon: 0.1, seed }),
  ucb1: (seed, nArms = 3) => new Ucb1({ nArms, seed }),
  thompson: (seed, nArms = 3) => new ThompsonSampling({ nArms, seed }),
};

describe.each(Object.entries(makers))("bandit contract: %s", (name, make) => {
  it("selects only valid arm indices", () => {
    const b = make(1, 4);
    for (let t = 0; t < 500; t++) {
      const a = b.select();
      expect(Number.isInteger(a) && a >= 0 && a < 4).toBe(true);
      b.update(a, t % 3 === 0 ? 1 : 0);
    }
  });

  it("is deterministic for a seed and reset restores the initial state", () => {
    const run = (b: BanditPolicy) => Array.from(simulateBernoulli(b, [0.3, 0.5, 0.6], 400, 9).arms);
    const b = make(5);
    const first = run(b);
    expect(run(make(5))).toEqual(first);
    b.reset();
    expect(b.counts().every((c) => c === 0)).toBe(true);
    expect(run(b)).toEqual(first);
  });

  it("counts every update and estimates the arm means", () => {
    const b = make(2);
    const res = simulateBernoulli(b, [0.2, 0.8, 0.5], 3000, 4);
    const counts = b.counts();
    expect(counts.reduce((s, c) => s + c, 0)).toBeCloseTo(3000, 6);
    expect(Array.from(counts)).toEqual(Array.from(res.pulls));
    expect(Math.abs(b.estimates()[1]! - 0.8)).toBeLessThan(0.05);
  });

  it("plays the best arm most often", () => {
    const res = simulateBernoulli(make(3), [0.2, 0.8, 0.5], 3000, 4);
    expect(res.pulls[1]!).toBeGreaterThan(0.8 * 3000);
  });

  it(`${name} rejects an out-of-range arm or reward, naming it`, () => {
    const b = make(0);
    expect(() => b.update(3, 1)).toThrow(/arm must be an integer in \[0, 3\), got 3/);
    expect(() => b.update(0, 1.5)).toThrow(/reward must be in \[0, 1\], got 1.5/);
  });
});

describe("bandit options", () => {
  it("reject invalid options with the option's name", () => {
    expect(() => new Ucb1({ nArms: 0 })).toThrow(/nArms/);
    expect(() => new EpsilonGreedy({ nArms: 2, epsilon: 2 })).toThrow(/epsilon/);
    expect(() => new ThompsonSampling({ nArms: 2, priorAlpha: [1] })).toThrow(/priorAlpha has 1 entries/);
    expect(() => new Ucb1({ nArms: 2, discount: 0 })).toThrow(/discount/);
  });

  it("thompson's per-arm priors set the initial estimates", () => {
    const b = new ThompsonSampling({ nArms: 2, priorAlpha: [9, 1], priorBeta: [1, 9] });
    expect(Array.from(b.estimates())).toEqual([0.9, 0.1]);
  });

  it("thompson's fractional update adds r and 1-r to the pseudo-counts", () => {
    const b = new ThompsonSampling({ nArms: 1, fractional: "fractional" });
    b.update(0, 0.25);
    expect(b.estimates()[0]).toBeCloseTo(1.25 / 3, 12);
  });

  it("a discount < 1 lets a bandit follow a switch of the best arm", () => {
    // Best arm switches at t = 2000; share of the new best arm over t in [2000, 3000).
    const shareAfterSwitch = (b: BanditPolicy) => {
      const rng = new Rng(11);
      let hits = 0;
      for (let t = 0; t < 3000; t++) {
        const a = b.select();
        const means = t < 2000 ? [0.8, 0.2] : [0.2, 0.8];
        b.update(a, rng.next() < means[a]! ? 1 : 0);
        if (t >= 2000 && a === 1) hits++;
      }
      return hits / 1000;
    };
    const b = new Ucb1({ nArms: 2, discount: 0.99 });
    expect(shareAfterSwitch(b)).toBeGreaterThan(0.8);
    // The discounted counts forget: their total is bounded by 1 / (1 - gamma) = 100.
    const total = b.counts().reduce((s, c) => s + c, 0);
    expect(total).toBeLessThanOrEqual(100 + 1e-9);
    expect(total).toBeGreaterThan(99);
  });
});
