/**
 * Sliding-window streaming wrapper around S-H-ESD (./shesd.ts), as a {@link StreamingDetector}.
 *
 * The detector keeps the last `window` observations. Every `refitEvery` updates (and as soon as it
 * holds more than two periods) it refits the S-H-ESD model on the window: a robust periodic STL
 * gives a seasonal profile per phase (time index mod period), the window median stands in for the
 * trend (as in the R package), and the residuals' median and MAD give the scale. A new value x at
 * time t is scored, before it is learned, by
 *   score = |x - seasonal[t mod period] - median(window) - median(residuals)| / MAD(residuals)
 * (one-sided directions clip at 0), which is the statistic the first ESD step would compute for x
 * if it were the most extreme point of the window. `isAlert(x)` compares it with the first ESD
 * critical value lambda_1 for a sample of window + 1 points at level alpha (Rosner 1983).
 *
 * Warm-up: the first fit waits for a full window (with only two or three cycles the STL seasonal
 * absorbs the noise and the residual scale is far too small); scores are 0 until then.
 * Contamination: a value that raises an alert is stored in the window as the model's expected value
 * instead of itself. Robust STL cannot reject a large outlier in a short cycle-subseries (with 4
 * points per cycle position the first, non-robust pass shifts that position's seasonal so much that
 * every point of the subseries gets robustness weight 0), so without this one spike would distort
 * the seasonal profile of its phase until it leaves the window.
 *
 * Cost: one STL of `window` points per `refitEvery` updates; scoring is O(1).
 * NaN: scores 0; `update(NaN)` advances the clock and stores the model's expected value (or the
 * previous value before the first fit) so the phase of later points stays aligned.
 */
import { esdCriticalValue } from "./esd.js";
import type { EsdDirection } from "./esd.js";
import { stl } from "./stl.js";
import type { StreamingDetector } from "./types.js";

/** Options of {@link ShesdStreamDetector}. */
export interface ShesdStreamOptions {
  /** Observations per seasonal period (integer >= 2). Required. */
  period: number;
  /** Window length (integer > 2 * period); default 4 * period. */
  window?: number;
  /** Refit the seasonal model every this many updates (integer >= 1); default period. */
  refitEvery?: number;
  /** Significance level of the alert threshold, in (0, 1); default 0.05. */
  alpha?: number;
  /** "pos", "neg" or "both" (default). */
  direction?: EsdDirection;
}

function median(a: Float64Array): number {
  const s = Float64Array.from(a).sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/**
 * Streaming S-H-ESD over a sliding window.
 * @example
 * const d = new ShesdStreamDetector({ period: 24 });
 * for (const x of stream) { if (d.isAlert(x)) page(); d.update(x); }
 * @throws Error from the constructor if period, window, refitEvery, alpha or direction is invalid.
 */
export class ShesdStreamDetector implements StreamingDetector<number> {
  readonly name = "shesd-stream";
  readonly period: number;
  readonly window: number;
  readonly refitEvery: number;
  readonly alpha: number;
  readonly direction: EsdDirection;
  private buf: Float64Array;
  private size = 0;
  private head = 0; // next write position
  private t = 0; // time index of the next observation
  private sinceFit = 0;
  private fitted = false;
  private profile: Float64Array;
  private level = 0;
  private resMedian = 0;
  private resMad = 0;
  private lambda = Infinity;

  constructor(options: ShesdStreamOptions) {
    if (options === null || typeof options !== "object") throw new Error("ShesdStreamDetector: options with `period` are required");
    const { period } = options;
    if (typeof period !== "number" || !Number.isInteger(period) || period < 2) throw new Error(`ShesdStreamDetector: period must be an integer >= 2 (got ${String(period)})`);
    const window = options.window ?? 4 * period;
    const refitEvery = options.refitEvery ?? period;
    const alpha = options.alpha ?? 0.05;
    const direction = options.direction ?? "both";
    if (!Number.isInteger(window) || window <= 2 * period) throw new Error(`ShesdStreamDetector: window must be an integer > 2 * period = ${2 * period} (got ${String(window)})`);
    if (!Number.isInteger(refitEvery) || refitEvery < 1) throw new Error(`ShesdStreamDetector: refitEvery must be an integer >= 1 (got ${String(refitEvery)})`);
    if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) throw new Error(`ShesdStreamDetector: alpha must be in (0, 1) (got ${String(alpha)})`);
    if (direction !== "pos" && direction !== "neg" && direction !== "both") throw new Error(`ShesdStreamDetector: direction must be "pos", "neg" or "both" (got ${String(direction)})`);
    this.period = period;
    this.window = window;
    this.refitEvery = refitEvery;
    this.alpha = alpha;
    this.direction = direction;
    this.buf = new Float64Array(window);
    this.profile = new Float64Array(period);
  }

  /** True once a model has been fitted (after a full window of data). */
  get ready(): boolean {
    return this.fitted;
  }

  /** Alert threshold on the score: the first ESD critical value for window + 1 points. */
  get criticalValue(): number {
    return this.lambda;
  }

  /** Expected value at the next time index (NaN before the first fit). */
  expected(): number {
    return this.fitted ? this.profile[this.t % this.period]! + this.level + this.resMedian : NaN;
  }

  score(x: number): number {
    if (!this.fitted || !(x - x === 0)) return 0;
    const d = x - this.profile[this.t % this.period]! - this.level - this.resMedian;
    const s = this.direction === "pos" ? d : this.direction === "neg" ? -d : Math.abs(d);
    if (s <= 0) return 0;
    return s / this.resMad;
  }

  /** True when score(x) exceeds the critical value. */
  isAlert(x: number): boolean {
    return this.score(x) > this.lambda;
  }

  update(x: number): void {
    let v = x;
    if (this.fitted && x - x === 0 && this.score(x) > this.lambda) v = this.expected();
    if (!(x - x === 0)) {
      if (this.fitted) v = this.expected();
      else if (this.size > 0) v = this.buf[(this.head - 1 + this.window) % this.window]!;
      else {
        this.t++;
        return;
      }
    }
    this.buf[this.head] = v;
    this.head = (this.head + 1) % this.window;
    if (this.size < this.window) this.size++;
    this.t++;
    this.sinceFit++;
    if (this.size === this.window && (!this.fitted || this.sinceFit >= this.refitEvery)) this.refit();
  }

  reset(): void {
    this.buf.fill(0);
    this.size = 0;
    this.head = 0;
    this.t = 0;
    this.sinceFit = 0;
    this.fitted = false;
    this.profile.fill(0);
    this.level = 0;
    this.resMedian = 0;
    this.resMad = 0;
    this.lambda = Infinity;
  }

  private refit(): void {
    const n = this.size;
    const x = new Float64Array(n);
    const start = (this.head - n + this.window) % this.window;
    for (let i = 0; i < n; i++) x[i] = this.buf[(start + i) % this.window]!;
    const t0 = this.t - n; // time index of x[0]
    const dec = stl(x, { period: this.period, seasonalWindow: "periodic", robust: true });
    for (let i = 0; i < this.period; i++) this.profile[(t0 + i) % this.period] = dec.seasonal[i]!;
    this.level = median(x);
    const resid = new Float64Array(n);
    for (let i = 0; i < n; i++) resid[i] = x[i]! - dec.seasonal[i]! - this.level;
    this.resMedian = median(resid);
    for (let i = 0; i < n; i++) resid[i] = Math.abs(resid[i]! - this.resMedian);
    const mad = 1.4826 * median(resid);
    // A zero MAD (flat window) would make every change infinitely anomalous: floor it.
    this.resMad = Math.max(mad, 1e-9 * (Math.abs(this.level) + 1));
    this.lambda = esdCriticalValue(n + 1, 1, this.alpha, this.direction === "both");
    this.fitted = true;
    this.sinceFit = 0;
  }
}
