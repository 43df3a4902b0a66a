/**
 * Small, generic statistics helpers: confidence intervals for a mean (Student t), a percentile
 * bootstrap, the Student t and normal distribution functions, and a two-proportion z-test.
 *
 * Everything here is a pure function of its inputs (the bootstrap takes an `Rng`).
 */
import { Rng } from "./rng.js";
import { tQuantile, tUpperTail } from "./tdist.js";

/** A point estimate with a two-sided confidence interval. */
export interface MeanCi {
  /** Sample mean (NaN for an empty sample). */
  mean: number;
  /** Lower CI bound. */
  lo: number;
  /** Upper CI bound. */
  hi: number;
  /** Number of values. */
  n: number;
}

/**
 * Mean of `values` with a two-sided Student-t confidence interval at `level` (default 0.95):
 * mean +- t_{(1+level)/2, n-1} * s / sqrt(n). With one value the bounds are NaN (no spread to
 * estimate); with none everything is NaN.
 * @throws if `level` is not in (0, 1) or a value is not finite.
 * @example meanCi([1, 2, 3]) // { mean: 2, lo: -0.484..., hi: 4.484..., n: 3 }
 */
export function meanCi(values: ArrayLike<number>, level = 0.95): MeanCi {
  if (!(level > 0 && level < 1)) throw new Error(`meanCi: level must be in (0, 1), got ${level}`);
  const n = values.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new Error(`meanCi: value ${i} is ${v}; values must be finite`);
    sum += v;
  }
  const mean = sum / n;
  if (n === 1) return { mean, lo: NaN, hi: NaN, n };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  const half = studentTQuantile((1 + level) / 2, n - 1) * se;
  return { mean, lo: mean - half, hi: mean + half, n };
}

/**
 * Percentile bootstrap CI of `statistic` over `values` (Efron & Tibshirani 1993, ch. 13).
 * Options: `resamples` (default 1000), `level` (default 0.95), `rng` (default `new Rng(0)`).
 * @throws if `values` is empty or `resamples` < 1.
 */
export function bootstrapCi(
  values: ArrayLike<number>,
  statistic: (sample: Float64Array) => number,
  options: { resamples?: number; level?: number; rng?: Rng } = {},
): { estimate: number; lo: number; hi: number; n: number } {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const rng = options.rng ?? new Rng(0);
  const n = values.length;
  if (n === 0) throw new Error("bootstrapCi: values is empty");
  if (!(Number.isInteger(resamples) && resamples >= 1)) {
    throw new Error(`bootstrapCi: resamples must be a positive integer, got ${resamples}`);
  }
  const estimate = statistic(Float64Array.from(values as ArrayLike<number>));
  const stats = new Float64Array(resamples);
  const sample = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[rng.int(n)]!;
    stats[b] = statistic(sample);
  }
  stats.sort();
  const alpha = (1 - level) / 2;
  return { estimate, lo: quantileSorted(stats, alpha), hi: quantileSorted(stats, 1 - alpha), n };
}

/** Linear-interpolation quantile (type 7) of an ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Standard normal CDF, via erfc (W. J. Cody-style rational approximation, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc Chebyshev fit (fractional error < 1.2e-7 everywhere).
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Student t CDF with `df` degrees of freedom (see tdist.ts for the method and its accuracy). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new Error(`studentTCdf: df must be > 0, got ${df}`);
  return 1 - tUpperTail(t, df);
}

/** Quantile of the Student t distribution with `df` degrees of freedom. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must be in (0, 1), got ${p}`);
  return tQuantile(p, df);
}

/**
 * Two-sided two-proportion z-test with a pooled variance: H0 p1 = p2, from success counts `s1`,
 * `s2` out of `n1`, `n2` trials. Returns z (positive when sample 1 is higher) and the p-value.
 * Rewards in [0, 1] (not only 0/1) are accepted as fractional successes.
 * @throws if a trial count is not positive.
 */
export function twoProportionZTest(
  s1: number,
  n1: number,
  s2: number,
  n2: number,
): { z: number; pValue: number } {
  if (!(n1 > 0 && n2 > 0)) throw new Error(`twoProportionZTest: n1 and n2 must be > 0, got ${n1}, ${n2}`);
  const p1 = s1 / n1;
  const p2 = s2 / n2;
  const p = (s1 + s2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { z: 0, pValue: 1 };
  const z = (p1 - p2) / se;
  return { z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}
