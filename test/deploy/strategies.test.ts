import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { replay, type ProductionLog } from "../../src/deploy/replay.js";
import {
  AbTesting, BanditManager, NaiveDeployment, ValidationSelection, makeStrategies, type DeploymentManager, type ManagerContext,
} from "../../src/deploy/strategies/index.js";
import { ThompsonSampling } from "../../src/rl/bandits/index.js";

/** Bernoulli rewards per model with per-chunk means means[t][k]. */
function log(means: number[][], chunkSize: number, seed = 1): ProductionLog {
  const rng = new Rng(seed);
  const K = means[0]!.length;
  const T = means.length;
  const rewards = Array.from({ length: K }, () => new Float64Array(T * chunkSize));
  for (let t = 0; t < T; t++) for (let i = t * chunkSize; i < (t + 1) * chunkSize; i++) for (let k = 0; k < K; k++) rewards[k]![i] = rng.next() < means[t]![k]! ? 1 : 0;
  return { rewards, chunkStart: Int32Array.from({ length: T + 1 }, (_, t) => t * chunkSize) };
}
const ctx = (validation: number[], seed = 0): ManagerContext => ({
  nModels: validation.length, modelNames: validation.map((_, k) => `m${k}`), validationReward: Float64Array.from(validation), seed,
});

// Model 0 looks best on validation, but model 2 is best in production after chunk 4.
const drift = Array.from({ length: 20 }, (_, t) => (t < 4 ? [0.8, 0.7, 0.6] : [0.6, 0.7, 0.85]));

describe("deployment strategies", () => {
  it("naive deployment serves the best validation model forever", () => {
    const r = replay(new NaiveDeployment(), log(drift, 500), ctx([0.8, 0.7, 0.6]));
    expect(r.traffic.every((c) => c[0] === 500)).toBe(true);
    expect(r.switches).toBe(0);
  });

  it("validation-based selection re-selects the best model on its rolling window", () => {
    const r = replay(new ValidationSelection({ window: 500 }), log(drift, 500), ctx([0.8, 0.7, 0.6]));
    expect(r.deployed[0]).toBe(0);
    expect(r.deployed[19]).toBe(2);
    expect(r.switches).toBeGreaterThanOrEqual(1);
  });

  it("A/B testing splits a test period uniformly, then re-tests and commits the new best after a drop", () => {
    const ab = new AbTesting({ testLength: 1000, monitorLength: 500 });
    const r = replay(ab, log(drift, 500), ctx([0.8, 0.7, 0.6]));
    // Chunk 0 is all test traffic: about a third per model.
    expect(Math.min(...r.traffic[0]!)).toBeGreaterThan(120);
    expect(r.deployed[3]).toBe(0);
    expect(r.deployed[19]).toBe(2);
    expect(r.traffic[19]![2]).toBe(500);
  });

  it("A/B testing rolls back a committed model that fails in monitoring", () => {
    // Model 1 wins the test (chunks 0-1) but collapses right after being committed.
    const means = Array.from({ length: 8 }, (_, t) => (t < 2 ? [0.6, 0.8] : [0.6, 0.3]));
    const ab = new AbTesting({ testLength: 1000, monitorLength: 500 });
    const r = replay(ab, log(means, 500), ctx([0.9, 0.5]));
    expect(r.explicitRollbacks).toBe(1);
    expect(r.deployed[7]).toBe(0);
  });

  it("a bandit manager moves traffic to the best production model", () => {
    const m = new BanditManager("thompson", (k, seed) => new ThompsonSampling({ nArms: k, seed }));
    const r = replay(m, log(drift, 500), ctx([0.8, 0.7, 0.6]));
    expect(r.traffic[19]![2]!).toBeGreaterThan(400);
  });

  it("regret is zero for a manager that always serves the per-chunk oracle", () => {
    const l = log(drift, 200);
    class Oracle implements DeploymentManager {
      readonly name = "oracle";
      private i = 0;
      start() { this.i = 0; }
      route() {
        const t = Math.floor(this.i++ / 200);
        const s = l.rewards.map((r) => r.slice(t * 200, (t + 1) * 200).reduce((a, b) => a + b, 0));
        return s.indexOf(Math.max(...s));
      }
      observe() {}
      endChunk() {}
      explicitRollbacks() { return 0; }
    }
    const r = replay(new Oracle(), l, ctx([1, 1, 1]));
    expect(r.cumulativeRegret[r.cumulativeRegret.length - 1]).toBe(0);
    const naive = replay(new NaiveDeployment(), l, ctx([0.8, 0.7, 0.6]));
    expect(naive.cumulativeRegret[19]!).toBeGreaterThan(0.2 * 16 * 200 * 0.8);
  });

  it("every default strategy is deterministic for a seed", () => {
    const l = log(drift, 100);
    for (const [a, b] of makeStrategies({ extensions: true }).map((m, i) => [m, makeStrategies({ extensions: true })[i]!] as const)) {
      const ra = replay(a, l, ctx([0.8, 0.7, 0.6], 9));
      const rb = replay(b, l, ctx([0.8, 0.7, 0.6], 9));
      expect(Array.from(ra.served), a.name).toEqual(Array.from(rb.served));
    }
  });

  it("counts a return to an earlier deployed model as a rollback", () => {
    // Re-selection happens at the end of a chunk, so the deployed model lags one chunk.
    const means = [[0.9, 0.1], [0.1, 0.9], [0.9, 0.1], [0.9, 0.1]];
    const r = replay(new ValidationSelection({ window: 300 }), log(means, 300), ctx([0.9, 0.1]));
    expect(Array.from(r.deployed)).toEqual([0, 0, 1, 0]);
    expect(r.switches).toBe(2);
    expect(r.rollbacks).toBe(1);
  });

  it("managers refuse to route before start and validate their options", () => {
    expect(() => new NaiveDeployment().route()).toThrow(/start\(\)/);
    expect(() => new AbTesting({ alpha: 1 })).toThrow(/alpha/);
    expect(() => new ValidationSelection({ window: 0 })).toThrow(/window/);
    expect(() => replay(new NaiveDeployment(), { rewards: [new Float64Array(3)], chunkStart: Int32Array.of(0, 4) }, ctx([1]))).toThrow(/rewards\[0\] has 3 entries/);
  });
});
