import { describe, expect, it } from "vitest";
import { EpsilonGreedy, ThompsonSampling, Ucb1, simulateBernoulli, type BanditPolicy } from "../../src/rl/bandits/index.js";

// Bernoulli arms with known means; gap 0.1 to the best arm.
const MEANS = [0.5, 0.6, 0.7, 0.6];
const T = 20000;
const SEEDS = [1, 2, 3, 4, 5];

/** Mean cumulative pseudo-regret over seeds at T/4 and T. */
function regretAt(make: (seed: number) => BanditPolicy): { quarter: number; full: number } {
  let quarter = 0;
  let full = 0;
  for (const s of SEEDS) {
    const r = simulateBernoulli(make(s), MEANS, T, 1000 + s).regret;
    quarter += r[T / 4 - 1]! / SEEDS.length;
    full += r[T - 1]! / SEEDS.length;
  }
  return { quarter, full };
}

describe("regret on Bernoulli arms with known means", () => {
  // Linear growth gives a ratio of 4 from T/4 to T; logarithmic growth gives about
  // ln(T) / ln(T/4) = 1.16. We require < 2 for the sub-linear learners and > 3 for fixed epsilon.
  it("UCB1's regret grows sub-linearly (Auer et al. 2002)", () => {
    const { quarter, full } = regretAt((s) => new Ucb1({ nArms: 4, seed: s }));
    expect(full / quarter).toBeLessThan(2);
    expect(full / T).toBeLessThan(0.03);
  });

  it("Thompson sampling's regret grows sub-linearly (Agrawal & Goyal 2012)", () => {
    const { quarter, full } = regretAt((s) => new ThompsonSampling({ nArms: 4, seed: s }));
    expect(full / quarter).toBeLessThan(2);
    expect(full / T).toBeLessThan(0.01);
  });

  it("epsilon-greedy at a fixed epsilon = 0.1 grows linearly", () => {
    const { quarter, full } = regretAt((s) => new EpsilonGreedy({ nArms: 4, epsilon: 0.1, seed: s }));
    expect(full / quarter).toBeGreaterThan(3);
    // Expected per-step regret of exploration alone: 0.1 * mean gap over all arms = 0.1 * 0.125.
    expect(full / T).toBeGreaterThan(0.8 * 0.1 * 0.125);
  });

  it("Thompson sampling ends with less regret than fixed-epsilon greedy", () => {
    const ts = regretAt((s) => new ThompsonSampling({ nArms: 4, seed: s })).full;
    const eg = regretAt((s) => new EpsilonGreedy({ nArms: 4, epsilon: 0.1, seed: s })).full;
    expect(ts).toBeLessThan(eg / 2);
  });
});
