/**
 * Pearson's chi-squared tests on categorical counts, for drift monitoring of categorical features
 * and predicted-label distributions (prior-probability drift).
 *
 * Statistic (Pearson 1900): X^2 = sum_i (O_i - E_i)^2 / E_i, compared with chi2(df).
 * - goodness of fit: E_i = n p_i, df = k - 1 - ddof;
 * - contingency table (homogeneity / independence): E_ij = row_i col_j / n, df = (r-1)(c-1).
 * Upper-tail p-values come from the regularised incomplete gamma in `src/core/special.ts`.
 * The asymptotic chi-squared approximation wants expected counts of about 5 or more per cell
 * (Cochran 1954); `minExpected` in the result lets a caller check this.
 *
 * References: K. Pearson (1900), "On the criterion that a given system of deviations ...",
 * Phil. Mag. 50(302):157-175. W. G. Cochran (1954), "Some methods for strengthening the common
 * chi-squared tests", Biometrics 10(4):417-451. NIST/SEMATECH e-Handbook 1.3.5.15.
 */
import { chiSquaredSf } from "../core/special.js";

/** Result of a chi-squared test. */
export interface ChiSquaredResult {
  /** Pearson's X^2 statistic. */
  statistic: number;
  /** Degrees of freedom. */
  df: number;
  /** Upper-tail p-value P(chi2(df) >= statistic). */
  pValue: number;
  /** Smallest expected cell count (the approximation wants about 5 or more). */
  minExpected: number;
}

/** Result of the two-sample drift test: the chi-squared result plus the decision at `alpha`. */
export interface ChiSquaredDriftResult extends ChiSquaredResult {
  /** The significance level used. */
  alpha: number;
  /** True when pValue < alpha: the two count vectors differ in distribution. */
  driftDetected: boolean;
}

function checkCounts(name: string, counts: ArrayLike<number>): void {
  if (counts.length === 0) throw new Error(`${name}: counts must not be empty`);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!(c >= 0) || !Number.isFinite(c)) throw new Error(`${name}[${i}] = ${c}: counts must be finite and >= 0`);
  }
}

/**
 * Pearson's goodness-of-fit test of observed counts against expected probabilities (or expected
 * counts, rescaled to the observed total).
 *
 * Options: `expected` (probabilities or counts; default: uniform), `ddof` (extra degrees of
 * freedom lost to fitted parameters; default 0).
 * @throws if counts are negative or not finite, the lengths differ, an expected cell is 0 while
 *   its observed count is not, or df < 1.
 * @example chiSquaredGoodnessOfFit([16, 18, 16, 14, 12, 12]) // statistic 2, pValue 0.849
 */
export function chiSquaredGoodnessOfFit(
  observed: ArrayLike<number>,
  options: { expected?: ArrayLike<number>; ddof?: number } = {},
): ChiSquaredResult {
  checkCounts("observed", observed);
  const k = observed.length;
  const ddof = options.ddof ?? 0;
  if (!Number.isInteger(ddof) || ddof < 0) throw new Error(`ddof must be a non-negative integer, got ${ddof}`);
  let n = 0;
  for (let i = 0; i < k; i++) n += observed[i]!;
  if (!(n > 0)) throw new Error("observed: counts sum to zero");
  const expected = new Float64Array(k);
  if (options.expected) {
    if (options.expected.length !== k) {
      throw new Error(`expected has ${options.expected.length} cells but observed has ${k}`);
    }
    checkCounts("expected", options.expected);
    let total = 0;
    for (let i = 0; i < k; i++) total += options.expected[i]!;
    if (!(total > 0)) throw new Error("expected: values sum to zero");
    for (let i = 0; i < k; i++) expected[i] = (options.expected[i]! / total) * n;
  } else {
    expected.fill(n / k);
  }
  let statistic = 0;
  let minExpected = Infinity;
  let cells = 0;
  for (let i = 0; i < k; i++) {
    const e = expected[i]!;
    const o = observed[i]!;
    if (e === 0) {
      if (o !== 0) throw new Error(`expected[${i}] is 0 but observed[${i}] = ${o}: the test is undefined`);
      continue; // an impossible category that did not occur carries no information
    }
    cells++;
    minExpected = Math.min(minExpected, e);
    statistic += ((o - e) * (o - e)) / e;
  }
  const df = cells - 1 - ddof;
  if (df < 1) throw new Error(`degrees of freedom ${df} < 1: need more categories than 1 + ddof`);
  return { statistic, df, pValue: chiSquaredSf(statistic, df), minExpected };
}

/**
 * Pearson's chi-squared test of independence (or homogeneity) on an r x c contingency table.
 * Rows or columns whose total is zero are dropped (they carry no information and would give 0/0).
 *
 * @throws if the table is ragged, has a negative or non-finite count, or fewer than 2 non-empty
 *   rows or columns.
 * @example chiSquaredContingency([[10, 10, 20], [20, 20, 20]]) // statistic 2.778, df 2, p 0.2494
 */
export function chiSquaredContingency(table: ReadonlyArray<ArrayLike<number>>): ChiSquaredResult {
  const r = table.length;
  if (r === 0) throw new Error("table: must have at least one row");
  const c = table[0]!.length;
  const rowSum = new Float64Array(r);
  const colSum = new Float64Array(c);
  for (let i = 0; i < r; i++) {
    const row = table[i]!;
    if (row.length !== c) throw new Error(`table row ${i} has ${row.length} cells, row 0 has ${c}`);
    checkCounts(`table[${i}]`, row);
    for (let j = 0; j < c; j++) {
      rowSum[i]! += row[j]!;
      colSum[j]! += row[j]!;
    }
  }
  let n = 0;
  for (let i = 0; i < r; i++) n += rowSum[i]!;
  const rows = [...rowSum.keys()].filter((i) => rowSum[i]! > 0);
  const cols = [...colSum.keys()].filter((j) => colSum[j]! > 0);
  if (rows.length < 2) throw new Error(`table: need at least 2 rows with a non-zero total, got ${rows.length}`);
  if (cols.length < 2) throw new Error(`table: need at least 2 columns (categories) with a non-zero total, got ${cols.length}`);
  let statistic = 0;
  let minExpected = Infinity;
  for (const i of rows) {
    for (const j of cols) {
      const e = (rowSum[i]! * colSum[j]!) / n;
      const d = table[i]![j]! - e;
      minExpected = Math.min(minExpected, e);
      statistic += (d * d) / e;
    }
  }
  const df = (rows.length - 1) * (cols.length - 1);
  return { statistic, df, pValue: chiSquaredSf(statistic, df), minExpected };
}

/**
 * Two-sample chi-squared drift test: do the category counts of a current window come from the same
 * distribution as a reference window? (The 2 x k homogeneity test.)
 *
 * Options: `alpha` significance level (default 0.05).
 * @throws if the count vectors differ in length, contain invalid counts, or alpha is not in (0, 1).
 */
export function chiSquaredDriftTest(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: { alpha?: number } = {},
): ChiSquaredDriftResult {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha must be in (0, 1), got ${alpha}`);
  if (reference.length !== current.length) {
    throw new Error(`reference has ${reference.length} categories but current has ${current.length}`);
  }
  checkCounts("reference", reference);
  checkCounts("current", current);
  const res = chiSquaredContingency([reference, current]);
  return { ...res, alpha, driftDetected: res.pValue < alpha };
}

/**
 * Count occurrences of each category (in the given order) in a sample of labels.
 * @throws if a value is not one of `categories` (naming the value and its index).
 */
export function countCategories<T>(values: ArrayLike<T>, categories: ReadonlyArray<T>): number[] {
  const index = new Map<T, number>();
  categories.forEach((c, i) => index.set(c, i));
  const counts = new Array<number>(categories.length).fill(0);
  for (let i = 0; i < values.length; i++) {
    const j = index.get(values[i]!);
    if (j === undefined) throw new Error(`values[${i}] = ${String(values[i])} is not one of the categories`);
    counts[j]!++;
  }
  return counts;
}
