/**
 * Generalized ESD many-outlier test (Rosner 1983, Technometrics 25(2), 165-172), in the "hybrid"
 * form of Hochenbaum, Vallis & Kejariwal (2017): the median and the MAD replace the mean and the
 * standard deviation, as in Twitter's AnomalyDetection `detect_anoms`.
 *
 * For i = 1..r: R_i = max |x - median| / MAD over the points not yet removed (one-sided variants
 * use x - median or median - x), the arg-max (first in index order on ties) is removed, and
 * lambda_i = t_{p, n-i-1} (n - i) / sqrt((n - i - 1 + t^2)(n - i + 1)) with p = 1 - alpha/(n-i+1)
 * (one-sided) or 1 - alpha/(2(n-i+1)) (two-sided). The number of outliers is the largest i with
 * R_i > lambda_i; the outliers are the first that many points removed.
 *
 * Implementation: the points are sorted once; the most extreme point is always at one end of the
 * remaining sorted range, and the median and MAD of a sorted range take O(log n), so a step costs
 * O(log n) plus the removal.
 */
import { tQuantile } from "../core/tdist.js";

/** Which tail(s) to test. */
export type EsdDirection = "pos" | "neg" | "both";

/** Options of {@link generalizedEsd}. */
export interface EsdOptions {
  /** Upper bound r on the number of outliers (a count, >= 1). Required. */
  maxOutliers: number;
  /** Significance level; default 0.05. */
  alpha?: number;
  /** Tail: "pos" (large values), "neg" (small values) or "both" (default). */
  direction?: EsdDirection;
  /** Median/MAD (true, default: the hybrid test) or mean/standard deviation (false: Rosner's). */
  robust?: boolean;
  /** MAD consistency constant; default 1.4826 (R's `mad`). */
  madConstant?: number;
}

/** What {@link generalizedEsd} returns. */
export interface EsdResult {
  /** Indices of the outliers, in the order they were removed (most extreme first). */
  anomalies: number[];
  /** Every removed candidate, in order (length <= maxOutliers). */
  candidates: number[];
  /** Test statistic R_i of each candidate. */
  statistics: number[];
  /** Critical value lambda_i of each step. */
  criticalValues: number[];
  /**
   * True when the scale (MAD or sd) became 0 before maxOutliers steps, which ends the test.
   * (R's AnomalyDetection stops with "missing value where TRUE/FALSE needed" in that case.)
   */
  degenerateScale: boolean;
}

/**
 * Critical value lambda_i of the generalized ESD test for sample size n at step i (1-based).
 * @throws Error if n - i - 1 < 1 (no degrees of freedom left).
 */
export function esdCriticalValue(n: number, i: number, alpha: number, twoSided: boolean): number {
  const df = n - i - 1;
  if (df < 1) throw new Error(`esdCriticalValue: n - i - 1 must be >= 1 (n=${n}, i=${i})`);
  const p = twoSided ? 1 - alpha / (2 * (n - i + 1)) : 1 - alpha / (n - i + 1);
  const t = tQuantile(p, df);
  return (t * (n - i)) / Math.sqrt((n - i - 1 + t * t) * (n - i + 1));
}

/** Median of the sorted range v[lo..hi], as R's median (mean of the two middle values if even). */
function sortedMedian(v: Float64Array, lo: number, hi: number): number {
  const m = hi - lo + 1;
  const half = lo + (m >> 1);
  return m % 2 === 1 ? v[half]! : (v[half - 1]! + v[half]!) / 2;
}

/**
 * Median of |v - center| over the sorted range v[lo..hi]. Left of the first v >= center the
 * deviations grow leftwards, right of it they grow rightwards: two sorted sequences, so each order
 * statistic is found by binary search (O(log n)) instead of a merge.
 */
function sortedMedianAbsDev(v: Float64Array, lo: number, hi: number, center: number): number {
  const m = hi - lo + 1;
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (v[mid]! < center) a = mid + 1;
    else b = mid;
  }
  const split = a;
  const lenA = split - lo; // A[j] = |v[split-1-j] - center|
  const lenB = hi - split + 1; // B[j] = |v[split+j] - center|
  const A = (j: number): number => Math.abs(v[split - 1 - j]! - center);
  const B = (j: number): number => Math.abs(v[split + j]! - center);
  // k-th smallest (0-based) of the union of A and B.
  const kth = (k: number): number => {
    let iLo = Math.max(0, k + 1 - lenB);
    let iHi = Math.min(k + 1, lenA);
    for (;;) {
      const i = (iLo + iHi) >> 1; // taken from A
      const j = k + 1 - i; // taken from B
      if (i > 0 && j < lenB && A(i - 1) > B(j)) iHi = i - 1;
      else if (j > 0 && i < lenA && B(j - 1) > A(i)) iLo = i + 1;
      else {
        const x = i > 0 ? A(i - 1) : -Infinity;
        const y = j > 0 ? B(j - 1) : -Infinity;
        return x > y ? x : y;
      }
    }
  };
  const kHi = m >> 1;
  return m % 2 === 1 ? kth(kHi) : (kth(kHi - 1) + kth(kHi)) / 2;
}

/**
 * Run the generalized ESD test on `values` (no NaN allowed).
 *
 * @example
 * generalizedEsd([1, 2, 1, 2, 1, 40], { maxOutliers: 2 }).anomalies // [5]
 * @throws Error if maxOutliers is not an integer in [1, n - 2], alpha is not in (0, 1), a value is
 *   not finite, or direction is unknown.
 * @see Rosner (1983); Hochenbaum, Vallis & Kejariwal (2017), arXiv:1704.07706.
 */
export function generalizedEsd(values: ArrayLike<number>, options: EsdOptions): EsdResult {
  const n = values.length;
  const r = options.maxOutliers;
  const alpha = options.alpha ?? 0.05;
  const direction = options.direction ?? "both";
  const robust = options.robust ?? true;
  const madConstant = options.madConstant ?? 1.4826;
  if (!Number.isInteger(r) || r < 1 || r > n - 2) throw new Error(`generalizedEsd: maxOutliers must be an integer in [1, ${n - 2}] (got ${r})`);
  if (!(alpha > 0 && alpha < 1)) throw new Error(`generalizedEsd: alpha must be in (0, 1) (got ${alpha})`);
  if (direction !== "pos" && direction !== "neg" && direction !== "both") throw new Error(`generalizedEsd: direction must be pos, neg or both (got ${String(direction)})`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) throw new Error(`generalizedEsd: value at index ${i} is not finite (${values[i]})`);

  // Sort indices by (value, index) so that equal values keep index order.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const idx = Array.from(order).sort((a, b) => values[a]! - values[b]! || a - b);
  const v = new Float64Array(n);
  const ix = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ix[i] = idx[i]!;
    v[i] = values[idx[i]!]!;
  }
  let lo = 0;
  let hi = n - 1;
  let sum = 0;
  let sumSq = 0;
  if (!robust) {
    for (let i = 0; i < n; i++) sum += v[i]!;
  }

  const candidates: number[] = [];
  const statistics: number[] = [];
  const criticalValues: number[] = [];
  let numAnoms = 0;
  let degenerateScale = false;
  const twoSided = direction === "both";

  for (let i = 1; i <= r; i++) {
    const m = hi - lo + 1;
    let center: number;
    let scale: number;
    if (robust) {
      center = sortedMedian(v, lo, hi);
      scale = madConstant * sortedMedianAbsDev(v, lo, hi, center);
    } else {
      center = sum / m;
      sumSq = 0;
      for (let q = lo; q <= hi; q++) {
        const d = v[q]! - center;
        sumSq += d * d;
      }
      scale = Math.sqrt(sumSq / (m - 1));
    }
    if (!(scale > 0)) {
      degenerateScale = true;
      break;
    }
    const aresAt = (q: number): number => {
      const d = v[q]! - center;
      return (direction === "pos" ? d : direction === "neg" ? -d : Math.abs(d)) / scale;
    };
    let stat = -Infinity;
    if (direction !== "neg") stat = Math.max(stat, aresAt(hi));
    if (direction !== "pos") stat = Math.max(stat, aresAt(lo));
    // Among all points whose statistic equals the maximum, R takes the first in index order.
    let bestPos = -1;
    let bestIdx = Infinity;
    if (direction !== "neg") {
      for (let q = hi; q >= lo && aresAt(q) === stat; q--) {
        if (ix[q]! < bestIdx) {
          bestIdx = ix[q]!;
          bestPos = q;
        }
      }
    }
    if (direction !== "pos") {
      for (let q = lo; q <= hi && aresAt(q) === stat; q++) {
        if (ix[q]! < bestIdx) {
          bestIdx = ix[q]!;
          bestPos = q;
        }
      }
    }
    // Remove the chosen point, keeping [lo, hi] sorted.
    const removedValue = v[bestPos]!;
    if (v[bestPos]! >= center && direction !== "neg") {
      v.copyWithin(bestPos, bestPos + 1, hi + 1);
      ix.copyWithin(bestPos, bestPos + 1, hi + 1);
      hi--;
    } else {
      v.copyWithin(lo + 1, lo, bestPos);
      ix.copyWithin(lo + 1, lo, bestPos);
      lo++;
    }
    if (!robust) sum -= removedValue;
    const lam = esdCriticalValue(n, i, alpha, twoSided);
    candidates.push(bestIdx);
    statistics.push(stat);
    criticalValues.push(lam);
    if (stat > lam) numAnoms = i;
  }
  return { anomalies: candidates.slice(0, numAnoms), candidates, statistics, criticalValues, degenerateScale };
}
