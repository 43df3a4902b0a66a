/**
 * Beta-Bernoulli Thompson sampling (Thompson 1933; analysis: Agrawal & Goyal 2012, "Analysis of
 * Thompson Sampling for the Multi-armed Bandit Problem", COLT): keep a Beta(alpha_i, beta_i)
 * posterior per arm, draw one sample from each and play the largest; a reward of 1 adds to alpha,
 * 0 to beta. Regret is O(sum_i ln T / gap_i), sub-linear.
 *
 * Rewards in [0, 1] that are not 0/1 are handled in one of two documented ways (option `fractional`):
 * - "binarize" (default, Agrawal & Goyal 2012, Algorithm 2): observe a Bernoulli(r) draw and update
 *   with it; the regret bound carries over unchanged.
 * - "fractional": add r to alpha and 1 - r to beta (a pseudo-count update; no such guarantee, but no
 *   extra noise).
 * Alternatives not implemented here: Gaussian Thompson sampling on the reward mean, or a
 * bootstrapped Thompson sampling for arbitrary rewards.
 * With `discount` < 1 the pseudo-counts decay towards the prior (discounted TS, Raj & Kalyani 2017).
 */
import { Rng } from "../../core/rng.js";
import {
  ArmStats,
  argmaxRandomTie,
  checkBanditOptions,
  checkUpdate,
  type BanditOptions,
  type BanditPolicy,
} from "./types.js";

/** Options of {@link ThompsonSampling}. */
export interface ThompsonOptions extends BanditOptions {
  /** Prior alpha (successes), one number for every arm or one per arm (default 1). */
  priorAlpha?: number | number[];
  /** Prior beta (failures), one number for every arm or one per arm (default 1). */
  priorBeta?: number | number[];
  /** How non-binary rewards update the posterior (default "binarize"). */
  fractional?: "binarize" | "fractional";
}

/**
 * Beta-Bernoulli Thompson sampling bandit policy.
 * @throws if a prior is not positive or has the wrong length, or a shared option is invalid.
 * @example
 * const b = new ThompsonSampling({ nArms: 3, seed: 7 });
 * const arm = b.select(); b.update(arm, 1);
 */
export class ThompsonSampling implements BanditPolicy {
  readonly name = "thompson";
  readonly nArms: number;
  private readonly seed: number;
  private readonly alpha0: Float64Array;
  private readonly beta0: Float64Array;
  private readonly fractional: "binarize" | "fractional";
  private readonly stats: ArmStats;
  private rng: Rng;

  constructor(options: ThompsonOptions) {
    const o = checkBanditOptions("ThompsonSampling", options);
    this.nArms = o.nArms;
    this.seed = o.seed;
    this.alpha0 = prior("priorAlpha", options.priorAlpha, o.nArms);
    this.beta0 = prior("priorBeta", options.priorBeta, o.nArms);
    this.fractional = options.fractional ?? "binarize";
    if (this.fractional !== "binarize" && this.fractional !== "fractional") {
      throw new Error(`ThompsonSampling: option fractional must be "binarize" or "fractional", got ${String(this.fractional)}`);
    }
    this.stats = new ArmStats(o.nArms, o.discount);
    this.rng = new Rng(o.seed);
  }

  select(): number {
    const draws = new Float64Array(this.nArms);
    for (let i = 0; i < this.nArms; i++) {
      const s = this.stats.sum[i]!;
      draws[i] = this.rng.beta(this.alpha0[i]! + s, this.beta0[i]! + this.stats.n[i]! - s);
    }
    return argmaxRandomTie(draws, () => this.rng.next());
  }

  update(arm: number, reward: number): void {
    checkUpdate(this.name, this.nArms, arm, reward);
    const r = this.fractional === "binarize" && reward > 0 && reward < 1 ? (this.rng.next() < reward ? 1 : 0) : reward;
    this.stats.add(arm, r);
  }

  reset(): void {
    this.stats.clear();
    this.rng = new Rng(this.seed);
  }

  counts(): Float64Array {
    return Float64Array.from(this.stats.n);
  }

  /** Posterior means (alpha / (alpha + beta)), prior included. */
  estimates(): Float64Array {
    const out = new Float64Array(this.nArms);
    for (let i = 0; i < this.nArms; i++) {
      const a = this.alpha0[i]! + this.stats.sum[i]!;
      out[i] = a / (this.alpha0[i]! + this.beta0[i]! + this.stats.n[i]!);
    }
    return out;
  }
}

function prior(name: string, value: number | number[] | undefined, k: number): Float64Array {
  const arr = Array.isArray(value) ? value : new Array<number>(k).fill(value ?? 1);
  if (arr.length !== k) throw new Error(`ThompsonSampling: option ${name} has ${arr.length} entries, expected nArms = ${k}`);
  arr.forEach((v, i) => {
    if (!(v > 0 && Number.isFinite(v))) throw new Error(`ThompsonSampling: option ${name}[${i}] must be > 0, got ${v}`);
  });
  return Float64Array.from(arr);
}
