/**
 * Learning-rate schedules for the RL trainers: constant, linear annealing (CleanRL's `anneal_lr`),
 * and the HASH paper's adaptive learning rate a(t+1) = a(t) * exp(beta * (R(t) - R(t-1))).
 *
 * Every schedule is a small stateful object: the trainer calls `next(reward)` once before each
 * update with the reward signal of the rollout it just collected and uses the value returned.
 * `reset()` returns it to its initial state.
 */

/** A learning-rate schedule queried once per update. */
export interface LrSchedule {
  /**
   * The learning rate for the coming update. `reward` is the trainer's reward signal R(t) for the
   * rollout just collected (the PPO trainer passes the mean reward per env-step); schedules that
   * do not adapt ignore it.
   */
  next(reward: number): number;
  /** The learning rate last returned by `next` (the initial one before any call). */
  readonly current: number;
  /** Back to the state before the first `next`. */
  reset(): void;
}

function checkPositive(where: string, name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new Error(`${where}: ${name} must be a positive finite number, got ${v}`);
}

/**
 * The same learning rate for every update.
 * @throws Error if `lr` is not a positive finite number.
 */
export class ConstantLr implements LrSchedule {
  readonly current: number;
  constructor(lr: number) {
    checkPositive("ConstantLr", "lr", lr);
    this.current = lr;
  }
  next(): number {
    return this.current;
  }
  reset(): void {}
}

/** Options of {@link LinearAnnealLr}. */
export interface LinearAnnealLrOptions {
  /** Learning rate of the first update. */
  initialLr: number;
  /** Number of updates over which the rate falls; update k (0-based) gets `initialLr * (1 - k / totalUpdates)`. */
  totalUpdates: number;
}

/**
 * Linear annealing to zero: update k of K (0-based) uses `initialLr * (1 - k / K)`, as CleanRL's
 * `frac = 1 - (iteration - 1) / num_iterations` (Huang et al. 2022, "The 37 implementation
 * details of PPO", detail 4). Past K updates it stays at the last value, `initialLr / K`.
 * @throws Error on a non-positive `initialLr` or a `totalUpdates` that is not a positive integer.
 */
export class LinearAnnealLr implements LrSchedule {
  readonly initialLr: number;
  readonly totalUpdates: number;
  private k = 0;
  private last: number;

  constructor(options: LinearAnnealLrOptions) {
    checkPositive("LinearAnnealLr", "initialLr", options.initialLr);
    if (!Number.isInteger(options.totalUpdates) || options.totalUpdates <= 0) {
      throw new Error(`LinearAnnealLr: totalUpdates must be a positive integer, got ${options.totalUpdates}`);
    }
    this.initialLr = options.initialLr;
    this.totalUpdates = options.totalUpdates;
    this.last = options.initialLr;
  }

  get current(): number {
    return this.last;
  }

  next(): number {
    const k = Math.min(this.k, this.totalUpdates - 1);
    this.last = this.initialLr * (1 - k / this.totalUpdates);
    this.k++;
    return this.last;
  }

  reset(): void {
    this.k = 0;
    this.last = this.initialLr;
  }
}

/** Options of {@link AdaptiveLr}. Defaults in brackets. */
export interface AdaptiveLrOptions {
  /** a(0), the learning rate before any adaptation. */
  initialLr: number;
  /** beta, the sensitivity to reward changes, in 1/(reward unit). [0.1] */
  beta?: number;
  /** Lower bound on the learning rate. [initialLr / 10] */
  minLr?: number;
  /** Upper bound on the learning rate (may be Infinity, see the class doc). [initialLr * 10] */
  maxLr?: number;
  /**
   * Clamp on the exponent beta * (R(t) - R(t-1)), so one update changes the rate by at most a
   * factor exp(maxExponent) (may be Infinity). [0.1, i.e. at most about +-10.5% per update]
   */
  maxExponent?: number;
  /** When false, `next` ignores the reward and returns `fallback`'s rate. [true] */
  enabled?: boolean;
  /** Schedule used when `enabled` is false (e.g. a {@link LinearAnnealLr}). [ConstantLr(initialLr)] */
  fallback?: LrSchedule;
}

/**
 * The HASH paper's adaptive learning rate, a(t+1) = a(t) * exp(beta * (R(t) - R(t-1))): the rate
 * grows while the reward improves and shrinks when it falls.
 *
 * Bounds: the paper's rule is unbounded, and unbounded it diverges: a reward that keeps rising
 * by d per update multiplies the rate by exp(beta * d) every update, so the rate grows
 * geometrically (and a falling reward drives it to 0, freezing learning). This implementation
 * therefore clamps the exponent to [-maxExponent, maxExponent] and the rate to [minLr, maxLr]:
 *
 *   a(t+1) = clamp(a(t) * exp(clamp(beta * (R(t) - R(t-1)), -maxExponent, maxExponent)), minLr, maxLr).
 *
 * Inside the bounds it follows the paper's formula exactly. The first call has no R(t-1): it
 * records R(0) and returns a(0). Passing `minLr: 0, maxLr: Infinity, maxExponent: Infinity`
 * recovers the unbounded rule. With `enabled: false` it is a switch-off: `next` returns the
 * `fallback` schedule's rate (constant `initialLr`, or e.g. linear annealing).
 *
 * @throws Error if `initialLr` or `beta` is not positive and finite, if the bounds do not satisfy
 *   0 <= minLr <= initialLr <= maxLr, if `maxExponent` is not positive, or (from `next`) if the
 *   reward is not finite.
 * @example
 * const lr = new AdaptiveLr({ initialLr: 3e-4, beta: 0.05 });
 * lr.next(1.0);  // 3e-4 (records R(0))
 * lr.next(2.0);  // 3e-4 * exp(0.05 * 1)
 */
export class AdaptiveLr implements LrSchedule {
  readonly initialLr: number;
  readonly beta: number;
  readonly minLr: number;
  readonly maxLr: number;
  readonly maxExponent: number;
  readonly enabled: boolean;
  private readonly fallback: LrSchedule;
  private lr: number;
  private prevReward: number | null = null;

  constructor(options: AdaptiveLrOptions) {
    const where = "AdaptiveLr";
    checkPositive(where, "initialLr", options.initialLr);
    this.initialLr = options.initialLr;
    this.beta = options.beta ?? 0.1;
    checkPositive(where, "beta", this.beta);
    this.minLr = options.minLr ?? this.initialLr / 10;
    this.maxLr = options.maxLr ?? this.initialLr * 10;
    this.maxExponent = options.maxExponent ?? 0.1;
    if (!(this.minLr >= 0) || !(this.minLr <= this.initialLr)) {
      throw new Error(`${where}: minLr must satisfy 0 <= minLr <= initialLr (${this.initialLr}), got ${this.minLr}`);
    }
    if (!(this.maxLr >= this.initialLr)) {
      throw new Error(`${where}: maxLr must be >= initialLr (${this.initialLr}), got ${this.maxLr}`);
    }
    if (!(this.maxExponent > 0)) throw new Error(`${where}: maxExponent must be > 0, got ${this.maxExponent}`);
    this.enabled = options.enabled ?? true;
    this.fallback = options.fallback ?? new ConstantLr(this.initialLr);
    this.lr = this.initialLr;
  }

  get current(): number {
    return this.lr;
  }

  next(reward: number): number {
    if (!Number.isFinite(reward)) throw new Error(`AdaptiveLr.next: reward must be finite, got ${reward}`);
    if (!this.enabled) {
      this.lr = this.fallback.next(reward);
      return this.lr;
    }
    if (this.prevReward !== null) {
      // HASH: a(t+1) = a(t) * exp(beta * (R(t) - R(t-1))), with the exponent and the result clamped.
      const raw = this.beta * (reward - this.prevReward);
      const exponent = Math.max(-this.maxExponent, Math.min(this.maxExponent, raw));
      this.lr = Math.max(this.minLr, Math.min(this.maxLr, this.lr * Math.exp(exponent)));
    }
    this.prevReward = reward;
    return this.lr;
  }

  reset(): void {
    this.lr = this.initialLr;
    this.prevReward = null;
    this.fallback.reset();
  }
}
