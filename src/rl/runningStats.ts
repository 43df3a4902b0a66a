/**
 * Running per-feature mean and variance of observation batches, for observation normalisation
 * (Stable-Baselines3's `RunningMeanStd`; Huang et al. 2022, "The 37 implementation details of
 * PPO", detail on observation normalisation).
 *
 * Batches are merged with Chan, Golub & LeVeque's (1979) parallel update, so feeding a batch at
 * once or row by row gives the same statistics up to rounding.
 */

/** A serialisable snapshot of a {@link RunningMeanStd}. */
export interface RunningMeanStdState {
  mean: number[];
  var: number[];
  count: number;
}

/** Options of {@link RunningMeanStd}. */
export interface RunningMeanStdOptions {
  /** Prior pseudo-count (keeps the first division finite). [1e-4, as SB3] */
  epsilon?: number;
  /** Normalised values are clipped to [-clip, clip]. [10] */
  clip?: number;
}

/**
 * Per-feature running mean/variance over `dim` features.
 * @throws Error if `dim` is not a positive integer, or (from `update`) if a batch's length is not
 *   a multiple of `dim`.
 */
export class RunningMeanStd {
  readonly dim: number;
  readonly clip: number;
  readonly epsilon: number;
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(dim: number, options: RunningMeanStdOptions = {}) {
    if (!Number.isInteger(dim) || dim <= 0) throw new Error(`RunningMeanStd: dim must be a positive integer, got ${dim}`);
    this.dim = dim;
    this.epsilon = options.epsilon ?? 1e-4;
    this.clip = options.clip ?? 10;
    if (!(this.epsilon > 0)) throw new Error(`RunningMeanStd: epsilon must be > 0, got ${this.epsilon}`);
    if (!(this.clip > 0)) throw new Error(`RunningMeanStd: clip must be > 0, got ${this.clip}`);
    this.mean = new Float64Array(dim);
    this.var = new Float64Array(dim).fill(1);
    this.count = this.epsilon;
  }

  /** Merge a batch of rows (`batch.length / dim` rows, row-major). */
  update(batch: ArrayLike<number>): void {
    const d = this.dim;
    if (batch.length % d !== 0) throw new Error(`RunningMeanStd.update: batch length ${batch.length} is not a multiple of dim=${d}`);
    const n = batch.length / d;
    if (n === 0) return;
    const total = this.count + n;
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += batch[i * d + j]!;
      m /= n;
      let v = 0;
      for (let i = 0; i < n; i++) {
        const z = batch[i * d + j]! - m;
        v += z * z;
      }
      v /= n;
      const delta = m - this.mean[j]!;
      const m2 = this.var[j]! * this.count + v * n + (delta * delta * this.count * n) / total;
      this.mean[j] = this.mean[j]! + (delta * n) / total;
      this.var[j] = m2 / total;
    }
    this.count = total;
  }

  /** Normalise `x` (rows of `dim`) into `out`: clip((x - mean) / sqrt(var + 1e-8), -clip, clip). */
  normalize(x: ArrayLike<number>, out: Float32Array = new Float32Array(x.length)): Float32Array {
    return normalizeWith(this.mean, this.var, this.clip, x, out);
  }

  /** A copy of the statistics. */
  state(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }
}

/** Normalise rows of `x` with frozen statistics (what a trained policy uses at act time). */
export function normalizeWith(
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  clip: number,
  x: ArrayLike<number>,
  out: Float32Array = new Float32Array(x.length),
): Float32Array {
  const d = mean.length;
  for (let i = 0; i < x.length; i++) {
    const j = i % d;
    const z = (x[i]! - mean[j]!) / Math.sqrt(variance[j]! + 1e-8);
    out[i] = z > clip ? clip : z < -clip ? -clip : z;
  }
  return out;
}
