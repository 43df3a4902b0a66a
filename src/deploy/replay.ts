/**
 * Replay of a deployment manager over a production log: every model's prediction on every
 * request is computed once, so all strategies see the same requests and labels and differ only
 * in routing. Produces what the experiments tabulate: the served model per request, traffic per
 * chunk and model, reward and regret against the per-chunk oracle (the single model with the
 * highest total reward in that chunk, in hindsight), switches and rollbacks.
 */
import type { DeploymentManager, ManagerContext } from "./strategies/types.js";

/** Precomputed production outcomes of every candidate model. */
export interface ProductionLog {
  /** rewards[k][i]: reward of model k on request i, in [0, 1]. */
  rewards: Float64Array[];
  /** Chunk boundaries (length chunks + 1). */
  chunkStart: Int32Array;
}

/** What one replay returns. */
export interface ReplayResult {
  /** Model that served each request. */
  served: Int32Array;
  /** traffic[t][k]: requests of chunk t served by model k. */
  traffic: number[][];
  /** Total reward earned per chunk. */
  chunkReward: Float64Array;
  /** The per-chunk oracle's total reward per chunk. */
  oracleReward: Float64Array;
  /** Cumulative regret after each chunk (oracle reward minus earned reward, summed). */
  cumulativeRegret: Float64Array;
  /** Model serving the most requests in each chunk ("the deployed model"). */
  deployed: Int32Array;
  /** Changes of the deployed model between consecutive chunks. */
  switches: number;
  /** Switches back to a model that had been deployed in an earlier chunk (rollbacks). */
  rollbacks: number;
  /** Rollbacks the manager performed explicitly (A/B testing's roll back on failure). */
  explicitRollbacks: number;
}

/**
 * Run `manager` over `log`.
 * @throws if the log is empty or its reward rows differ in length.
 */
export function replay(manager: DeploymentManager, log: ProductionLog, ctx: ManagerContext): ReplayResult {
  const K = log.rewards.length;
  const chunks = log.chunkStart.length - 1;
  const total = log.chunkStart[chunks]!;
  if (K === 0 || chunks < 1) throw new Error("replay: the production log is empty");
  log.rewards.forEach((r, k) => {
    if (r.length !== total) throw new Error(`replay: rewards[${k}] has ${r.length} entries, the chunks cover ${total}`);
  });
  manager.start(ctx);
  const served = new Int32Array(total);
  const traffic: number[][] = [];
  const chunkReward = new Float64Array(chunks);
  const oracleReward = new Float64Array(chunks);
  const cumulativeRegret = new Float64Array(chunks);
  const deployed = new Int32Array(chunks);
  const all = new Float64Array(K);
  let cum = 0;
  for (let t = 0; t < chunks; t++) {
    const counts = new Array<number>(K).fill(0);
    const modelSums = new Float64Array(K);
    for (let i = log.chunkStart[t]!; i < log.chunkStart[t + 1]!; i++) {
      const a = manager.route();
      for (let k = 0; k < K; k++) {
        all[k] = log.rewards[k]![i]!;
        modelSums[k]! += all[k]!;
      }
      const r = all[a]!;
      manager.observe({ served: a, reward: r, rewards: all });
      served[i] = a;
      counts[a]!++;
      chunkReward[t]! += r;
    }
    manager.endChunk();
    let best = -Infinity;
    for (let k = 0; k < K; k++) best = Math.max(best, modelSums[k]!);
    oracleReward[t] = best;
    cum += best - chunkReward[t]!;
    cumulativeRegret[t] = cum;
    traffic.push(counts);
    let dep = 0;
    for (let k = 1; k < K; k++) if (counts[k]! > counts[dep]!) dep = k;
    deployed[t] = dep;
  }
  let switches = 0;
  let rollbacks = 0;
  const seen = new Set<number>([deployed[0]!]);
  for (let t = 1; t < chunks; t++) {
    if (deployed[t] !== deployed[t - 1]) {
      switches++;
      if (seen.has(deployed[t]!)) rollbacks++;
      seen.add(deployed[t]!);
    }
  }
  return { served, traffic, chunkReward, oracleReward, cumulativeRegret, deployed, switches, rollbacks, explicitRollbacks: manager.explicitRollbacks() };
}
