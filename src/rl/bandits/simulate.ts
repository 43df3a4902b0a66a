/**
 * Run a bandit policy against Bernoulli arms with known means and record its pseudo-regret
 * sum_t (mu* - mu_{a_t}) (Lattimore & Szepesvari 2020, ch. 4): the reference test bed for the
 * bandit contract and regret tests.
 */
import { Rng } from "../../core/rng.js";
import type { BanditPolicy } from "./types.js";

/** What {@link simulateBernoulli} returns. */
export interface BernoulliRun {
  /** Cumulative pseudo-regret after each step (length = horizon). */
  regret: Float64Array;
  /** Arm played at each step. */
  arms: Int32Array;
  /** Number of plays per arm. */
  pulls: Int32Array;
}

/**
 * Play `policy` for `horizon` steps on Bernoulli arms with the given means; rewards are drawn from
 * a stream seeded with `seed` (independent of the policy's own stream).
 * @throws if a mean is outside [0, 1], the means' length differs from the policy's arms, or the
 * horizon is not a positive integer.
 */
export function simulateBernoulli(policy: BanditPolicy, means: number[], horizon: number, seed = 0): BernoulliRun {
  if (means.length !== policy.nArms) {
    throw new Error(`simulateBernoulli: ${means.length} means for a policy with ${policy.nArms} arms`);
  }
  means.forEach((m, i) => {
    if (!(m >= 0 && m <= 1)) throw new Error(`simulateBernoulli: means[${i}] must be in [0, 1], got ${m}`);
  });
  if (!(Number.isInteger(horizon) && horizon > 0)) {
    throw new Error(`simulateBernoulli: horizon must be a positive integer, got ${horizon}`);
  }
  const rng = new Rng(seed);
  const best = Math.max(...means);
  const regret = new Float64Array(horizon);
  const arms = new Int32Array(horizon);
  const pulls = new Int32Array(means.length);
  let cum = 0;
  for (let t = 0; t < horizon; t++) {
    const a = policy.select();
    const r = rng.next() < means[a]! ? 1 : 0;
    policy.update(a, r);
    cum += best - means[a]!;
    regret[t] = cum;
    arms[t] = a;
    pulls[a]!++;
  }
  return { regret, arms, pulls };
}
