/**
 * EWMA detector with control limits: exponentially weighted moving estimates of the mean and of the
 * variance, and an alert when a value leaves mean ± L·sigma (Roberts 1959; Lucas & Saccucci 1990 for
 * EWMA control schemes; the exponentially weighted variance recursion is Finch 2009, "Incremental
 * calculation of weighted mean and variance", eq. 143).
 *
 * Streaming, test-then-train: `score(x)` = |x - mean| / sigma from the state before x (0 during
 * warm-up and for NaN); `update(x)` folds x in:
 *   delta = x - mean;  mean += alpha * delta;  var = (1 - alpha) * (var + alpha * delta^2).
 * Warm-up: the first `warmup` finite values are pooled with Welford's algorithm (plain mean and
 * sample variance), which then seed the exponential recursion; no alerts are raised before that.
 * NaN and ±Infinity are skipped by `update` and score 0.
 */
import type { StreamingDetector } from "./types.js";

/** Options of {@link EwmaDetector}. */
export interface EwmaOptions {
  /** Smoothing weight of the newest observation, in (0, 1]; default 0.05. */
  alpha?: number;
  /** Control-limit width in sigmas; an alert is score > L. Default 3. */
  L?: number;
  /** Number of finite observations used to seed the estimates before alerting; >= 2, default 30. */
  warmup?: number;
  /**
   * Floor on sigma, relative to |mean| (plus an absolute 1e-12), so that a flat signal does not make
   * every tiny change infinitely anomalous. Default 1e-6.
   */
  minRelSigma?: number;
}

/**
 * EWMA mean/variance control chart as a {@link StreamingDetector}.
 *
 * @example
 * const d = new EwmaDetector({ alpha: 0.05, L: 3 });
 * for (const x of series) { if (d.score(x) > d.L) alert(); d.update(x); }
 * @throws Error from the constructor if alpha is not in (0, 1], L is not positive, warmup is not an
 *   integer >= 2, or minRelSigma is negative.
 */
export class EwmaDetector implements StreamingDetector<number> {
  readonly name = "ewma";
  readonly alpha: number;
  readonly L: number;
  readonly warmup: number;
  readonly minRelSigma: number;
  private count = 0;
  private mean = 0;
  private m2 = 0; // Welford sum of squares during warm-up, then the EW variance
  private variance = 0;

  constructor(options: EwmaOptions = {}) {
    const alpha = options.alpha ?? 0.05;
    const L = options.L ?? 3;
    const warmup = options.warmup ?? 30;
    const minRelSigma = options.minRelSigma ?? 1e-6;
    if (typeof alpha !== "number" || !(alpha > 0 && alpha <= 1)) throw new Error(`EwmaDetector: alpha must be in (0, 1] (got ${String(alpha)})`);
    if (typeof L !== "number" || !(L > 0) || !Number.isFinite(L)) throw new Error(`EwmaDetector: L must be a positive number (got ${String(L)})`);
    if (!Number.isInteger(warmup) || warmup < 2) throw new Error(`EwmaDetector: warmup must be an integer >= 2 (got ${String(warmup)})`);
    if (typeof minRelSigma !== "number" || !(minRelSigma >= 0)) throw new Error(`EwmaDetector: minRelSigma must be >= 0 (got ${String(minRelSigma)})`);
    this.alpha = alpha;
    this.L = L;
    this.warmup = warmup;
    this.minRelSigma = minRelSigma;
  }

  /** True once the warm-up is over and scores are meaningful. */
  get ready(): boolean {
    return this.count >= this.warmup;
  }

  /** Current EWMA of the mean (NaN before any observation). */
  get center(): number {
    return this.count === 0 ? NaN : this.mean;
  }

  /** Current sigma used by the control limits (after the floor). */
  get sigma(): number {
    if (this.count < 2) return NaN;
    const v = this.count >= this.warmup ? this.variance : this.m2 / (this.count - 1);
    return Math.max(Math.sqrt(v), this.minRelSigma * Math.abs(this.mean) + 1e-12);
  }

  /** Lower and upper control limits mean ∓ L·sigma (NaN during warm-up). */
  limits(): { lower: number; upper: number } {
    if (!this.ready) return { lower: NaN, upper: NaN };
    const s = this.sigma;
    return { lower: this.mean - this.L * s, upper: this.mean + this.L * s };
  }

  score(x: number): number {
    if (this.count < this.warmup || !(x - x === 0)) return 0; // warm-up, NaN or ±Infinity
    const floor = this.minRelSigma * Math.abs(this.mean) + 1e-12;
    const sd = Math.sqrt(this.variance);
    return Math.abs(x - this.mean) / (sd > floor ? sd : floor);
  }

  /** True when x is outside the control limits (score > L). */
  isAlert(x: number): boolean {
    return this.score(x) > this.L;
  }

  update(x: number): void {
    if (!(x - x === 0)) return; // skip NaN and ±Infinity
    const c = this.count;
    if (c < this.warmup) {
      // Welford
      const n = c + 1;
      const delta = x - this.mean;
      this.mean += delta / n;
      this.m2 += delta * (x - this.mean);
      this.count = n;
      if (n === this.warmup) this.variance = this.m2 / (n - 1);
      return;
    }
    const delta = x - this.mean;
    this.mean += this.alpha * delta;
    this.variance = (1 - this.alpha) * (this.variance + this.alpha * delta * delta);
    this.count = c + 1;
  }

  reset(): void {
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
    this.variance = 0;
  }

  /**
   * Score then update every point of xs (test-then-train) into `out` (allocated if omitted); the
   * same arithmetic as score/update, in one loop for throughput.
   */
  scoreBatch(xs: ArrayLike<number>, out: Float64Array = new Float64Array(xs.length)): Float64Array {
    if (out.length < xs.length) throw new Error(`EwmaDetector.scoreBatch: out has ${out.length} slots for ${xs.length} values`);
    const n = xs.length;
    let i = 0;
    // Warm-up points through the general path.
    for (; i < n && this.count < this.warmup; i++) {
      const x = xs[i]!;
      out[i] = this.score(x);
      this.update(x);
    }
    const a = this.alpha;
    const b = 1 - a;
    const rel = this.minRelSigma;
    let mean = this.mean;
    let variance = this.variance;
    let count = this.count;
    for (; i < n; i++) {
      const x = xs[i]!;
      if (!(x - x === 0)) {
        out[i] = 0;
        continue;
      }
      const delta = x - mean;
      const floor = rel * (mean < 0 ? -mean : mean) + 1e-12;
      const sd = Math.sqrt(variance);
      out[i] = (delta < 0 ? -delta : delta) / (sd > floor ? sd : floor);
      mean += a * delta;
      variance = b * (variance + a * delta * delta);
      count++;
    }
    this.mean = mean;
    this.variance = variance;
    this.count = count;
    return out;
  }
}

/** Result of {@link ewmaDetect}. */
export interface EwmaDetection {
  /** 0-based indices whose score exceeded L, ascending. */
  anomalies: number[];
  /** Score of every point (0 during warm-up and for NaN). */
  scores: Float64Array;
}

/**
 * Batch helper: run a fresh {@link EwmaDetector} over a series and report the alerts.
 * @throws Error as the EwmaDetector constructor.
 */
export function ewmaDetect(values: ArrayLike<number>, options: EwmaOptions = {}): EwmaDetection {
  const d = new EwmaDetector(options);
  const scores = d.scoreBatch(values);
  const anomalies: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! > d.L) anomalies.push(i);
  return { anomalies, scores };
}
