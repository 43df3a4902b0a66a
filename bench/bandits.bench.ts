/**
 * Bandit and deployment-replay throughput: select+update steps per second of each bandit policy on
 * Bernoulli arms, and requests per second of a full six-strategy replay over a synthetic log.
 */
import { Rng } from "../src/core/rng.js";
import { replay } from "../src/deploy/replay.js";
import { makeStrategies } from "../src/deploy/strategies/index.js";
import { EpsilonGreedy, ThompsonSampling, Ucb1, simulateBernoulli, type BanditPolicy } from "../src/rl/bandits/index.js";

export default {
  name: "bandits",
  description: "Bandit select+update throughput and deployment-replay throughput (7 models)",
  async run() {
    const out: { metric: string; value: number; unit: string; notes?: string }[] = [];
    const means = [0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.72];
    const T = 200_000;
    const policies: [string, () => BanditPolicy][] = [
      ["epsilon-greedy", () => new EpsilonGreedy({ nArms: 7, seed: 1 })],
      ["ucb1", () => new Ucb1({ nArms: 7, seed: 1 })],
      ["thompson", () => new ThompsonSampling({ nArms: 7, seed: 1 })],
    ];
    for (const [name, make] of policies) {
      const t0 = performance.now();
      simulateBernoulli(make(), means, T, 2);
      out.push({ metric: `${name} steps/s`, value: Math.round(T / ((performance.now() - t0) / 1000)), unit: "steps/s", notes: "7 Bernoulli arms" });
    }
    const rng = new Rng(3);
    const n = 50_000;
    const rewards = means.map((m) => Float64Array.from({ length: n }, () => (rng.next() < m ? 1 : 0)));
    const log = { rewards, chunkStart: Int32Array.from({ length: 51 }, (_, t) => t * 1000) };
    const t0 = performance.now();
    const strategies = makeStrategies();
    for (const s of strategies) {
      replay(s, log, { nModels: 7, modelNames: means.map((_, k) => `m${k}`), validationReward: Float64Array.from(means), seed: 1 });
    }
    out.push({ metric: "replay requests/s", value: Math.round((n * strategies.length) / ((performance.now() - t0) / 1000)), unit: "requests/s", notes: "six strategies, 7 models" });
    return out;
  },
};
