/**
 * Static threshold detector: the classic alerting rule "alert when the metric leaves [lower, upper]
 * for `consecutive` observations in a row" (e.g. "latency above 500 ms for 3 minutes"). It is the
 * baseline the HASH controller is compared with.
 *
 * score(x) is the distance outside the band divided by `scale` (0 inside the band), reported only
 * once the run of out-of-band observations including x reaches `consecutive` (0 before). The
 * thresholds can be set directly or learned from normal data with `ThresholdDetector.fromQuantiles`.
 */
import type { StreamingDetector } from "./types.js";

/** Options of the static threshold detector. */
export interface ThresholdOptions {
  /** Alert above this value. Default +Infinity (no upper limit). */
  upper?: number;
  /** Alert below this value. Default -Infinity (no lower limit). */
  lower?: number;
  /** Observations in a row outside the band before the score becomes positive. Default 1. */
  consecutive?: number;
  /** Divisor of the exceedance, to express scores in natural units. Default 1. */
  scale?: number;
}

/**
 * Static threshold detector implementing the streaming detector contract.
 * @throws if neither limit is finite, lower >= upper, consecutive < 1 or scale <= 0 (naming the
 *   option).
 * @example
 * const d = new ThresholdDetector({ upper: 500, consecutive: 3 });
 * d.score(620); // 0: the first of a run
 */
export class ThresholdDetector implements StreamingDetector<number> {
  readonly name = "threshold";
  /** Upper limit. */
  readonly upper: number;
  /** Lower limit. */
  readonly lower: number;
  /** Run length needed to alert. */
  readonly consecutive: number;
  /** Score divisor. */
  readonly scale: number;
  private run = 0;

  constructor(options: ThresholdOptions = {}) {
    this.upper = options.upper ?? Infinity;
    this.lower = options.lower ?? -Infinity;
    this.consecutive = options.consecutive ?? 1;
    this.scale = options.scale ?? 1;
    if (Number.isNaN(this.upper)) throw new Error("upper must be a number, got NaN");
    if (Number.isNaN(this.lower)) throw new Error("lower must be a number, got NaN");
    if (!Number.isFinite(this.upper) && !Number.isFinite(this.lower)) {
      throw new Error("ThresholdDetector: set upper or lower (at least one finite limit)");
    }
    if (!(this.lower < this.upper)) throw new Error(`lower (${this.lower}) must be below upper (${this.upper})`);
    if (!Number.isInteger(this.consecutive) || this.consecutive < 1) {
      throw new Error(`consecutive must be an integer >= 1, got ${this.consecutive}`);
    }
    if (!(this.scale > 0) || !Number.isFinite(this.scale)) throw new Error(`scale must be a finite number > 0, got ${this.scale}`);
  }

  /**
   * Limits from quantiles of normal data: upper = quantile(upperQuantile), lower =
   * quantile(lowerQuantile) when given; `scale` defaults to the inter-quantile spread.
   * Options: `upperQuantile` (default 0.99), `lowerQuantile` (default none), `consecutive` (1).
   * @throws if the data are empty or non-finite, or a quantile is outside (0, 1).
   */
  static fromQuantiles(
    normal: ArrayLike<number>,
    options: { upperQuantile?: number; lowerQuantile?: number; consecutive?: number } = {},
  ): ThresholdDetector {
    if (normal.length === 0) throw new Error("ThresholdDetector.fromQuantiles: normal data are empty");
    for (let i = 0; i < normal.length; i++) {
      if (!Number.isFinite(normal[i]!)) throw new Error(`normal[${i}] = ${normal[i]}: values must be finite`);
    }
    const sorted = Float64Array.from(normal).sort();
    const q = (p: number, name: string) => {
      if (!(p > 0 && p < 1)) throw new Error(`${name} must be in (0, 1), got ${p}`);
      const h = (sorted.length - 1) * p;
      const i = Math.floor(h);
      return sorted[i]! + (h - i) * (sorted[Math.min(i + 1, sorted.length - 1)]! - sorted[i]!);
    };
    const upper = q(options.upperQuantile ?? 0.99, "upperQuantile");
    const lower = options.lowerQuantile === undefined ? -Infinity : q(options.lowerQuantile, "lowerQuantile");
    const spread = q(0.75, "q") - q(0.25, "q");
    return new ThresholdDetector({
      upper,
      lower,
      consecutive: options.consecutive ?? 1,
      scale: spread > 0 ? spread : 1,
    });
  }

  /** Distance of x outside the band in units of `scale` (0 inside; NaN scores 0). */
  exceedance(x: number): number {
    if (Number.isNaN(x)) return 0;
    const e = Math.max(x - this.upper, this.lower - x, 0);
    return e / this.scale;
  }

  /** True when x, as the next observation, would raise an alert. */
  alert(x: number): boolean {
    return this.score(x) > 0;
  }

  /** The exceedance of x if it completes a run of `consecutive` out-of-band points, else 0. */
  score(x: number): number {
    const e = this.exceedance(x);
    if (e === 0) return 0;
    return this.run + 1 >= this.consecutive ? e : 0;
  }

  /** Track the run of out-of-band observations (NaN is skipped). */
  update(x: number): void {
    if (Number.isNaN(x)) return;
    this.run = this.exceedance(x) > 0 ? this.run + 1 : 0;
  }

  /** Forget the current run. */
  reset(): void {
    this.run = 0;
  }
}
