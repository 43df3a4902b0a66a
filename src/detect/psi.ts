/**
 * Population stability index (PSI), the credit-scoring industry's drift measure.
 *
 * PSI = sum_i (a_i - e_i) ln(a_i / e_i), with e_i the reference ("expected") share of bin i and a_i
 * the current ("actual") share; it is the symmetrised Kullback-Leibler divergence (Jeffreys
 * divergence) between the two binned distributions. Conventional reading (Siddiqi 2006; discussed
 * by Yurdakul 2018): PSI < 0.1 no significant shift, 0.1 <= PSI < 0.25 moderate shift, PSI >= 0.25
 * significant shift. These cut-offs ignore sample size; Yurdakul (2018) shows that for fixed bins
 * and samples of sizes N (reference) and M (current) from the same distribution,
 * PSI / (1/N + 1/M) is asymptotically chi2(B - 1), which gives the p-value reported here.
 *
 * Empty bins would make ln(a/e) infinite; both shares are floored at `epsilon` (default 1e-4), a
 * common practical choice, and the result says how many bins were floored.
 *
 * References: N. Siddiqi (2006), Credit Risk Scorecards, Wiley. B. Yurdakul (2018), "Statistical
 * properties of population stability index", PhD dissertation, Western Michigan University.
 */
import { chiSquaredSf } from "../core/special.js";

/** The conventional PSI bands. */
export type PsiLevel = "stable" | "moderate" | "significant";

/** Result of a PSI computation. */
export interface PsiResult {
  /** The population stability index (>= 0). */
  psi: number;
  /** Per-bin contributions (a_i - e_i) ln(a_i / e_i), summing to psi. */
  contributions: number[];
  /** Conventional band: < 0.1 stable, < 0.25 moderate, otherwise significant. */
  level: PsiLevel;
  /**
   * Yurdakul (2018) asymptotic p-value P(chi2(B-1) >= psi / (1/N + 1/M)) with N, M the sample
   * sizes; NaN when the inputs are shares rather than whole counts (no sample size).
   */
  pValue: number;
  /** Number of bins whose share was floored at epsilon. */
  flooredBins: number;
  /** Bin edges used (only for the continuous variant; bins are (edge_{i-1}, edge_i]). */
  edges?: number[];
}

/** Thresholds of the conventional PSI reading (Siddiqi 2006). */
export const PSI_THRESHOLDS = { moderate: 0.1, significant: 0.25 } as const;

/** The conventional band of a PSI value. */
export function psiLevel(psi: number): PsiLevel {
  return psi < PSI_THRESHOLDS.moderate ? "stable" : psi < PSI_THRESHOLDS.significant ? "moderate" : "significant";
}

function checkCounts(name: string, counts: ArrayLike<number>): number {
  if (counts.length < 2) throw new Error(`${name}: need at least 2 bins, got ${counts.length}`);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!(c >= 0) || !Number.isFinite(c)) throw new Error(`${name}[${i}] = ${c}: counts must be finite and >= 0`);
    total += c;
  }
  if (!(total > 0)) throw new Error(`${name}: counts sum to zero`);
  return total;
}

/**
 * PSI of two binned count vectors (the same bins, in the same order).
 *
 * Options: `epsilon` floor for empty-bin shares (default 1e-4).
 * @throws if the vectors differ in length, have fewer than 2 bins, contain invalid counts, or sum to
 *   zero; if epsilon is not in (0, 0.5).
 * @example psiFromCounts([50, 50], [25, 75]).psi // 0.2747
 */
export function psiFromCounts(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  options: { epsilon?: number } = {},
): PsiResult {
  const epsilon = options.epsilon ?? 1e-4;
  if (!(epsilon > 0 && epsilon < 0.5)) throw new Error(`epsilon must be in (0, 0.5), got ${epsilon}`);
  if (expected.length !== actual.length) {
    throw new Error(`expected has ${expected.length} bins but actual has ${actual.length}`);
  }
  const n = checkCounts("expected", expected);
  const m = checkCounts("actual", actual);
  const contributions: number[] = [];
  let psi = 0;
  let flooredBins = 0;
  let usedBins = 0;
  for (let i = 0; i < expected.length; i++) {
    let e = expected[i]! / n;
    let a = actual[i]! / m;
    if (e === 0 && a === 0) {
      contributions.push(0);
      continue;
    }
    usedBins++;
    if (e < epsilon || a < epsilon) flooredBins++;
    e = Math.max(e, epsilon);
    a = Math.max(a, epsilon);
    const c = (a - e) * Math.log(a / e);
    contributions.push(c);
    psi += c;
  }
  const df = usedBins - 1;
  // The p-value needs sample sizes: shares (totals that are not whole counts) have none.
  const counts = Number.isInteger(n) && Number.isInteger(m) && n > 1 && m > 1;
  const pValue = !counts ? Number.NaN : df >= 1 ? chiSquaredSf(psi / (1 / n + 1 / m), df) : 1;
  return { psi, contributions, level: psiLevel(psi), pValue, flooredBins };
}

/**
 * PSI between a reference sample and a current sample of a continuous variable. Bins are taken
 * from the reference: `binning: "quantile"` (default) puts about equal reference mass in each of
 * `bins` bins (deciles by default, the usual practice); `"uniform"` splits the reference range
 * evenly. The outer bins extend to -inf / +inf so every current value is counted.
 *
 * Options: `bins` (default 10, >= 2), `binning` ("quantile" | "uniform"), `epsilon` (1e-4).
 * @throws if a sample is empty or holds a non-finite value (naming the sample and index), bins < 2,
 *   or the reference is constant.
 */
export function psi(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: { bins?: number; binning?: "quantile" | "uniform"; epsilon?: number } = {},
): PsiResult {
  const bins = options.bins ?? 10;
  const binning = options.binning ?? "quantile";
  if (!Number.isInteger(bins) || bins < 2) throw new Error(`bins must be an integer >= 2, got ${bins}`);
  if (binning !== "quantile" && binning !== "uniform") throw new Error(`binning must be "quantile" or "uniform", got ${String(binning)}`);
  checkSample("reference", reference);
  checkSample("current", current);
  const sorted = Float64Array.from(reference).sort();
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  if (!(hi > lo)) throw new Error(`reference is constant (${lo}): cannot form bins`);
  // Inner edges; bins are (edge_{i-1}, edge_i]. Duplicated quantiles (ties) are merged.
  const inner: number[] = [];
  for (let b = 1; b < bins; b++) {
    let edge: number;
    if (binning === "uniform") edge = lo + ((hi - lo) * b) / bins;
    else {
      // Type-7 quantile (linear interpolation), as in R's default and NumPy's.
      const h = (sorted.length - 1) * (b / bins);
      const i = Math.floor(h);
      edge = sorted[i]! + (h - i) * ((sorted[Math.min(i + 1, sorted.length - 1)] ?? sorted[i]!) - sorted[i]!);
    }
    if (inner.length === 0 || edge > inner[inner.length - 1]!) inner.push(edge);
  }
  const edges = [-Infinity, ...inner, Infinity];
  const res = psiFromCounts(binCounts(reference, inner), binCounts(current, inner), options);
  return { ...res, edges };
}

function checkSample(name: string, xs: ArrayLike<number>): void {
  if (xs.length === 0) throw new Error(`${name}: sample is empty`);
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]!)) throw new Error(`${name}[${i}] = ${xs[i]}: values must be finite`);
  }
}

/** Counts per bin (edge_{i-1}, edge_i] for sorted inner edges, by binary search. */
function binCounts(xs: ArrayLike<number>, inner: number[]): number[] {
  const counts = new Array<number>(inner.length + 1).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x <= inner[mid]!) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]!++;
  }
  return counts;
}
