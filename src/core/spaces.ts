/**
 * Action and observation spaces (after Gymnasium's `spaces.Discrete` and `spaces.Box`).
 *
 * A space answers two questions: is this value a member (`contains`), and give me a random
 * member (`sample(rng)`, seeded). Environments validate actions with `actionSpace.contains`
 * and the contract checker (`checkEnv`) validates observations with `observationSpace.contains`.
 */
import type { Rng } from "./rng.js";

/** A set of values an environment accepts or returns. */
export interface Space<T> {
  /** Shape of one element (`[]` for a scalar, `[d]` for a vector). */
  readonly shape: readonly number[];
  /** True if `x` is a member of the space. Never throws. */
  contains(x: unknown): boolean;
  /** A uniformly random member, drawn from `rng`. */
  sample(rng: Rng): T;
  /** A short human description, e.g. "Discrete(6)". */
  toString(): string;
}

/**
 * The integers `start, start+1, ..., start+n-1`.
 * @throws if `n` is not a positive integer or `start` not an integer.
 * @example
 * const s = new Discrete(6);
 * s.contains(5); // true
 * s.contains(6); // false
 */
export class Discrete implements Space<number> {
  readonly shape: readonly number[] = [];
  constructor(
    readonly n: number,
    readonly start = 0,
  ) {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Discrete: n must be a positive integer, got ${n}`);
    if (!Number.isInteger(start)) throw new Error(`Discrete: start must be an integer, got ${start}`);
  }
  contains(x: unknown): boolean {
    return typeof x === "number" && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }
  sample(rng: Rng): number {
    return this.start + rng.int(this.n);
  }
  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}

/** Options of a {@link Box}. */
export interface BoxOptions {
  /**
   * Dimensions where NaN is a legal value (e.g. a telemetry metric that dropped out).
   * Gymnasium's Box has no such notion; we add it because monitoring data has gaps. Default: none.
   */
  nanAllowed?: ArrayLike<boolean> | boolean;
}

/**
 * A box of real vectors: `low[i] <= x[i] <= high[i]` for each of `d` dimensions (1-D only).
 * Infinite bounds are allowed; `sample` then draws from a unit normal on unbounded sides.
 * @throws if `low` and `high` differ in length, or some `low[i] > high[i]`, or a bound is NaN.
 */
export class Box implements Space<Float32Array> {
  readonly shape: readonly number[];
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** 1 where NaN is legal. */
  readonly nanAllowed: Uint8Array;

  constructor(low: ArrayLike<number>, high: ArrayLike<number>, options: BoxOptions = {}) {
    if (low.length !== high.length) {
      throw new Error(`Box: low has ${low.length} dims but high has ${high.length}`);
    }
    this.low = Float64Array.from(low);
    this.high = Float64Array.from(high);
    for (let i = 0; i < this.low.length; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
        throw new Error(`Box: bounds of dim ${i} are [${lo}, ${hi}]; need low <= high, not NaN`);
      }
    }
    this.shape = [this.low.length];
    const na = options.nanAllowed ?? false;
    this.nanAllowed = new Uint8Array(this.low.length);
    if (typeof na === "boolean") this.nanAllowed.fill(na ? 1 : 0);
    else {
      if (na.length !== this.low.length) {
        throw new Error(`Box: nanAllowed has ${na.length} entries, expected ${this.low.length}`);
      }
      for (let i = 0; i < na.length; i++) this.nanAllowed[i] = na[i] ? 1 : 0;
    }
  }

  /** Number of dimensions. */
  get dim(): number {
    return this.low.length;
  }

  contains(x: unknown): boolean {
    if (!isNumericArrayLike(x) || x.length !== this.low.length) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) {
        if (!this.nanAllowed[i]) return false;
        continue;
      }
      if (typeof v !== "number" || v < this.low[i]! || v > this.high[i]!) return false;
    }
    return true;
  }

  /** Index and reason of the first dimension outside the box, or null if `x` is inside. */
  explain(x: ArrayLike<number>): string | null {
    if (x.length !== this.low.length) return `length ${x.length}, expected ${this.low.length}`;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) {
        if (!this.nanAllowed[i]) return `dim ${i} is NaN`;
      } else if (v < this.low[i]! || v > this.high[i]!) {
        return `dim ${i} = ${v} outside [${this.low[i]}, ${this.high[i]}]`;
      }
    }
    return null;
  }

  sample(rng: Rng): Float32Array {
    const out = new Float32Array(this.low.length);
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      let v: number;
      if (Number.isFinite(lo) && Number.isFinite(hi)) v = rng.uniform(lo, hi);
      else if (Number.isFinite(lo)) v = lo + rng.exponential(1);
      else if (Number.isFinite(hi)) v = hi - rng.exponential(1);
      else v = rng.normal(0, 1);
      // Float32 rounding can step just outside a finite bound.
      out[i] = Math.min(Math.max(v, lo), hi);
      if (out[i]! < lo || out[i]! > hi) out[i] = Math.fround(lo);
    }
    return out;
  }

  toString(): string {
    return `Box(${this.low.length})`;
  }
}

function isNumericArrayLike(x: unknown): x is ArrayLike<number> {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return true;
  return Array.isArray(x) && x.every((v) => typeof v === "number");
}
