/**
 * Seasonal Hybrid ESD (S-H-ESD): a port of Twitter's AnomalyDetection R package,
 * `AnomalyDetectionVec` + `detect_anoms` (Vallis, Hochenbaum & Kejariwal 2014, "A Novel Technique
 * for Long-Term Anomaly Detection in the Cloud", USENIX HotCloud; Hochenbaum, Vallis & Kejariwal
 * 2017, arXiv:1704.07706).
 *
 * Steps, as in the R code:
 * 1. STL with a periodic seasonal and robust fitting: `stl(ts(x, frequency = period),
 *    s.window = "periodic", robust = TRUE)` (R defaults otherwise: inner 1, outer 15, t.window =
 *    nextodd(ceiling(1.5 period / (1 - 1.5 / (10 n + 1)))), l.window = nextodd(period), degrees
 *    0/1/1, jumps ceiling(window / 10)).
 * 2. Residual = x - seasonal - median(x) (the trend is NOT subtracted: the median stands in for it).
 * 3. Generalized ESD on the residual with median and MAD (constant 1.4826), Student-t critical
 *    values, r = trunc(n * maxAnoms) (see ./esd.ts).
 * 4. Optional filters: `threshold` (keep anomalies whose value is >= the median / 95th / 99th
 *    percentile of per-period maxima; this also drops negative anomalies below it) and `onlyLast`
 *    (keep anomalies in the last period).
 * With `longtermPeriod` the series is cut into consecutive blocks of that many points (the last
 * block is the final longtermPeriod points, overlapping its predecessor) and steps 1-3 run per
 * block, so the median in step 2 is a piecewise median (Vallis et al. 2014, section 3.2).
 *
 * Differences from the R package, all deliberate:
 * - When the MAD of the remaining residuals is 0, R fails ("missing value where TRUE/FALSE
 *   needed": max() of a vector with 0/0 is NaN); here the test stops at that step and the
 *   anomalies found so far are kept (`degenerateScale` is reported).
 * - R accepts max_anoms <= 0 (raising it to 1/n) and NaN-free input only via stl's na.fail; here
 *   maxAnoms must be in (0, 0.49] and every value must be finite.
 * Inherited from R (kept for fidelity): with few cycles per series (say under 10), one large
 * outlier can break the robust seasonal of its cycle position: the first, non-robust STL pass
 * shifts that position's seasonal so far that every point of the cycle-subseries gets robustness
 * weight 0, the loess falls back to the raw values, and the other points of that phase are then
 * flagged. Use more cycles, or the streaming wrapper (which keeps alerted points out of its fits).
 * Verified: with period 150, maxAnoms 0.002, alpha 0.05, direction "both" this flags exactly the
 * rows R flagged on all 58 NAB files (test/detect/shesd.test.ts).
 */
import { generalizedEsd } from "./esd.js";
import type { EsdDirection } from "./esd.js";
import { stl } from "./stl.js";

/** Per-period-maximum threshold filter of AnomalyDetectionVec. */
export type ShesdThreshold = "none" | "med_max" | "p95" | "p99";

/** Options of {@link shesd}; defaults are AnomalyDetectionVec's. */
export interface ShesdOptions {
  /** Observations per seasonal period (integer >= 2). Required. */
  period: number;
  /** Maximum fraction of the data reported as anomalous, in (0, 0.49]; default 0.10. */
  maxAnoms?: number;
  /** Significance level of the ESD test, in (0, 1); default 0.05. */
  alpha?: number;
  /** "pos", "neg" or "both"; default "pos" (as in R). */
  direction?: EsdDirection;
  /** Keep only anomalies in the last period; default false. */
  onlyLast?: boolean;
  /** Filter by per-period maxima; default "none". */
  threshold?: ShesdThreshold;
  /**
   * Block length for long-term series (piecewise median); default undefined = one block. Must be
   * an integer >= 2 * period + 1 (each block goes through STL).
   */
  longtermPeriod?: number;
}

/** What {@link shesd} returns. */
export interface ShesdResult {
  /** 0-based indices of the anomalies, ascending. */
  anomalies: number[];
  /**
   * Per-point robust score |residual - median| / MAD of the block (one-sided variants clip at 0),
   * i.e. the first-step ESD statistic of each point. Higher = more anomalous.
   */
  scores: Float64Array;
  /** Residual x - seasonal - median(x) used by the test (per block with longtermPeriod). */
  residual: Float64Array;
  /** Expected value trunc(trend + seasonal), as R's `e_value`. */
  expected: Float64Array;
  /** STL seasonal component. */
  seasonal: Float64Array;
  /** STL trend component. */
  trend: Float64Array;
  /** True when some block's ESD test ended on a zero MAD (see the file comment). */
  degenerateScale: boolean;
}

/** R's quantile(x, p) with the default type 7. */
function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function medianOf(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  const m = s.length;
  const half = m >> 1;
  return m % 2 === 1 ? s[half]! : (s[half - 1]! + s[half]!) / 2;
}

/** Validate options and the series; returns resolved options. */
function resolve(values: ArrayLike<number>, options: ShesdOptions): Required<Omit<ShesdOptions, "longtermPeriod">> & { longtermPeriod: number | undefined } {
  if (options === null || typeof options !== "object") throw new Error("shesd: options object with `period` is required");
  const { period } = options;
  const maxAnoms = options.maxAnoms ?? 0.1;
  const alpha = options.alpha ?? 0.05;
  const direction = options.direction ?? "pos";
  const onlyLast = options.onlyLast ?? false;
  const threshold = options.threshold ?? "none";
  const longtermPeriod = options.longtermPeriod;
  if (typeof period !== "number" || !Number.isInteger(period) || period < 2) throw new Error(`shesd: period must be an integer >= 2 (got ${String(period)})`);
  if (typeof maxAnoms !== "number" || !(maxAnoms > 0 && maxAnoms <= 0.49)) throw new Error(`shesd: maxAnoms must be in (0, 0.49] (got ${String(maxAnoms)})`);
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) throw new Error(`shesd: alpha must be in (0, 1) (got ${String(alpha)})`);
  if (direction !== "pos" && direction !== "neg" && direction !== "both") throw new Error(`shesd: direction must be "pos", "neg" or "both" (got ${String(direction)})`);
  if (threshold !== "none" && threshold !== "med_max" && threshold !== "p95" && threshold !== "p99") throw new Error(`shesd: threshold must be "none", "med_max", "p95" or "p99" (got ${String(threshold)})`);
  if (typeof onlyLast !== "boolean") throw new Error(`shesd: onlyLast must be a boolean (got ${String(onlyLast)})`);
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`shesd: value at index ${i} is not a finite number (${String(v)}); remove or impute missing values first`);
  }
  if (longtermPeriod !== undefined) {
    if (!Number.isInteger(longtermPeriod) || longtermPeriod <= 2 * period) throw new Error(`shesd: longtermPeriod must be an integer > 2 * period = ${2 * period} (got ${longtermPeriod})`);
    if (longtermPeriod > n) throw new Error(`shesd: longtermPeriod (${longtermPeriod}) exceeds the series length (${n})`);
  }
  if (n <= 2 * period) throw new Error(`shesd: series has ${n} points but needs more than two periods (> ${2 * period} points for period ${period})`);
  return { period, maxAnoms, alpha, direction, onlyLast, threshold, longtermPeriod };
}

/** Steps 1-3 on one block [start, start + len). Writes the per-point outputs; returns anomalies. */
function detectBlock(
  values: ArrayLike<number>,
  start: number,
  len: number,
  o: ReturnType<typeof resolve>,
  out: Pick<ShesdResult, "scores" | "residual" | "expected" | "seasonal" | "trend">,
): { anomalies: number[]; degenerate: boolean } {
  const x = new Float64Array(len);
  for (let i = 0; i < len; i++) x[i] = values[start + i]!;
  const dec = stl(x, { period: o.period, seasonalWindow: "periodic", robust: true });
  const med = medianOf(x);
  const resid = new Float64Array(len);
  for (let i = 0; i < len; i++) resid[i] = x[i]! - dec.seasonal[i]! - med;
  // max_outliers <- trunc(num_obs * k); R first raises max_anoms to 1/n if below it.
  const k = Math.max(o.maxAnoms, 1 / values.length);
  const maxOutliers = Math.trunc(len * k);
  if (maxOutliers < 1) throw new Error(`shesd: maxAnoms ${o.maxAnoms} allows no anomaly in a block of ${len} points`);
  const esd = generalizedEsd(resid, { maxOutliers: Math.min(maxOutliers, len - 2), alpha: o.alpha, direction: o.direction, robust: true });
  // Per-point score: first-step statistic.
  const center = medianOf(resid);
  const absDev = new Float64Array(len);
  for (let i = 0; i < len; i++) absDev[i] = Math.abs(resid[i]! - center);
  const mad = 1.4826 * medianOf(absDev);
  for (let i = 0; i < len; i++) {
    const d = resid[i]! - center;
    const s = o.direction === "pos" ? d : o.direction === "neg" ? -d : Math.abs(d);
    const score = mad > 0 ? Math.max(0, s / mad) : s === 0 ? 0 : Infinity;
    out.scores[start + i] = score;
    out.residual[start + i] = resid[i]!;
    out.seasonal[start + i] = dec.seasonal[i]!;
    out.trend[start + i] = dec.trend[i]!;
    out.expected[start + i] = Math.trunc(dec.trend[i]! + dec.seasonal[i]!);
  }
  return { anomalies: esd.anomalies.map((i) => start + i), degenerate: esd.degenerateScale };
}

/**
 * Seasonal Hybrid ESD anomaly detection on a univariate series.
 *
 * Options (defaults as R's AnomalyDetectionVec): `period` (required), `maxAnoms` 0.10, `alpha`
 * 0.05, `direction` "pos", `onlyLast` false, `threshold` "none", `longtermPeriod` none.
 *
 * @example
 * const { anomalies } = shesd(values, { period: 150, maxAnoms: 0.002, direction: "both" });
 * @throws Error naming the option when period is not an integer >= 2, the series has no more than
 *   two periods, maxAnoms is outside (0, 0.49], alpha outside (0, 1), direction / threshold unknown,
 *   or a value is NaN or infinite.
 * @see Vallis, Hochenbaum & Kejariwal (2014); Hochenbaum, Vallis & Kejariwal (2017);
 *   Rosner (1983); Cleveland et al. (1990); https://github.com/twitter/AnomalyDetection
 */
export function shesd(values: ArrayLike<number>, options: ShesdOptions): ShesdResult {
  const o = resolve(values, options);
  const n = values.length;
  const out = {
    scores: new Float64Array(n),
    residual: new Float64Array(n),
    expected: new Float64Array(n),
    seasonal: new Float64Array(n),
    trend: new Float64Array(n),
  };
  // Blocks: [0, L), [L, 2L), ..., and the last one is the final L points (R's subset logic).
  const blocks: Array<[number, number]> = [];
  if (o.longtermPeriod === undefined) {
    blocks.push([0, n]);
  } else {
    const L = o.longtermPeriod;
    for (let j = 0; j < n; j += L) {
      if (j + L <= n) blocks.push([j, L]);
      else blocks.push([n - L, L]);
    }
  }
  const seen = new Set<number>();
  let anomalies: number[] = [];
  let degenerate = false;
  for (const [start, len] of blocks) {
    const res = detectBlock(values, start, len, o, out);
    degenerate ||= res.degenerate;
    let found = res.anomalies.sort((a, b) => a - b);
    if (o.threshold !== "none") {
      // Per-period maxima over the block, period boundaries counted from the block start.
      const maxs: number[] = [];
      for (let p = 0; p < len; p += o.period) {
        let mx = -Infinity;
        for (let i = p; i < Math.min(len, p + o.period); i++) mx = Math.max(mx, values[start + i]!);
        maxs.push(mx);
      }
      maxs.sort((a, b) => a - b);
      const thresh = o.threshold === "med_max" ? quantile7(maxs, 0.5) : o.threshold === "p95" ? quantile7(maxs, 0.95) : quantile7(maxs, 0.99);
      found = found.filter((i) => values[i]! >= thresh);
    }
    for (const i of found) {
      if (!seen.has(i)) {
        seen.add(i);
        anomalies.push(i);
      }
    }
  }
  if (o.onlyLast) anomalies = anomalies.filter((i) => i >= n - o.period);
  anomalies.sort((a, b) => a - b);
  return { anomalies, ...out, degenerateScale: degenerate };
}
