/**
 * Special functions for p-values: log-gamma, the regularised incomplete gamma and beta functions,
 * and the chi-squared distribution built on them.
 *
 * Algorithms (own implementations of textbook methods):
 * - `logGamma`: Lanczos (1964) approximation with g = 7, n = 9 (the coefficient set popularised by
 *   Godfrey; relative error below 1e-14 for positive arguments), reflection for x < 0.5.
 * - `gammaP` / `gammaQ`: the power series for x < a + 1 and Legendre's continued fraction
 *   (evaluated with the modified Lentz method) otherwise; Abramowitz & Stegun 6.5.29 and 6.5.31.
 * - `betaInc`: the continued fraction of A&S 26.5.8 with the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
 * - `chiSquaredQuantile`: safeguarded Newton on the CDF, started from the Wilson-Hilferty (1931)
 *   approximation, with bisection fallback.
 *
 * Reference values used in the tests: NIST/SEMATECH e-Handbook of Statistical Methods, table
 * 1.3.6.7.4 (critical values of the chi-squared distribution).
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/**
 * Natural logarithm of |Gamma(x)|.
 * @throws if x is a non-positive integer (a pole) or not finite.
 */
export function logGamma(x: number): number {
  if (!Number.isFinite(x)) throw new Error(`logGamma: x must be finite, got ${x}`);
  if (x <= 0 && Number.isInteger(x)) throw new Error(`logGamma: x = ${x} is a pole of Gamma`);
  if (x < 0.5) {
    // Reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITER = 10_000;

function checkGammaArgs(fn: string, a: number, x: number): void {
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(`${fn}: shape a must be a finite number > 0, got ${a}`);
  if (!(x >= 0)) throw new Error(`${fn}: x must be >= 0, got ${x}`);
}

/** Series for P(a, x), good for x < a + 1 (A&S 6.5.29). */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Continued fraction for Q(a, x), good for x >= a + 1 (A&S 6.5.31), modified Lentz. */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/**
 * Regularised lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a).
 * @throws if a <= 0 or x < 0 (naming the argument).
 */
export function gammaP(a: number, x: number): number {
  checkGammaArgs("gammaP", a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/**
 * Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), computed directly in the upper tail so
 * that small p-values keep their relative accuracy.
 * @throws if a <= 0 or x < 0.
 */
export function gammaQ(a: number, x: number): number {
  checkGammaArgs("gammaQ", a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/**
 * Continued fraction for the incomplete beta (A&S 26.5.8; DLMF 8.17.22), modified Lentz; converges
 * fast for x < (a+1)/(a+b+2). Shared with the Student-t functions in tdist.ts.
 */
export function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    // 1e-16: stop only when the factor is 1 to double precision (the t quantiles need it).
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/**
 * Regularised incomplete beta I_x(a, b) = B(x; a, b) / B(a, b).
 * Student-t and F CDFs follow from it: e.g. for t with nu degrees of freedom,
 * P(|T| > t) = I_{nu/(nu+t^2)}(nu/2, 1/2).
 * @throws if a <= 0, b <= 0 or x outside [0, 1] (naming the argument).
 */
export function betaInc(x: number, a: number, b: number): number {
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(`betaInc: a must be a finite number > 0, got ${a}`);
  if (!(b > 0) || !Number.isFinite(b)) throw new Error(`betaInc: b must be a finite number > 0, got ${b}`);
  if (!(x >= 0 && x <= 1)) throw new Error(`betaInc: x must be in [0, 1], got ${x}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

function checkDf(fn: string, df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) throw new Error(`${fn}: degrees of freedom df must be > 0, got ${df}`);
}

/**
 * Chi-squared CDF: P(X <= x) for X ~ chi2(df), i.e. P(df/2, x/2).
 * @throws if df <= 0.
 */
export function chiSquaredCdf(x: number, df: number): number {
  checkDf("chiSquaredCdf", df);
  if (Number.isNaN(x)) throw new Error("chiSquaredCdf: x is NaN");
  if (x <= 0) return 0;
  return gammaP(df / 2, x / 2);
}

/**
 * Chi-squared survival function (upper-tail p-value): P(X > x) for X ~ chi2(df).
 * @throws if df <= 0.
 */
export function chiSquaredSf(x: number, df: number): number {
  checkDf("chiSquaredSf", df);
  if (Number.isNaN(x)) throw new Error("chiSquaredSf: x is NaN");
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}

/** Chi-squared density. */
function chiSquaredPdf(x: number, df: number): number {
  if (x <= 0) return df === 2 ? 0.5 : df < 2 ? Infinity : 0;
  const k = df / 2;
  return Math.exp((k - 1) * Math.log(x) - x / 2 - k * Math.LN2 - logGamma(k));
}

/**
 * Chi-squared quantile: the x with P(X <= x) = p, X ~ chi2(df). E.g. chiSquaredQuantile(0.95, 1)
 * = 3.841 (the 5% critical value for one degree of freedom).
 * @throws if p is outside (0, 1) or df <= 0.
 */
export function chiSquaredQuantile(p: number, df: number): number {
  checkDf("chiSquaredQuantile", df);
  if (!(p > 0 && p < 1)) throw new Error(`chiSquaredQuantile: probability p must be in (0, 1), got ${p}`);
  // Wilson-Hilferty start: chi2 ~ df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3.
  const z = normalQuantile(p);
  const h = 2 / (9 * df);
  let x = Math.max(df * Math.pow(1 - h + z * Math.sqrt(h), 3), 1e-8);
  // Bracket, then Newton steps that fall back to bisection when they leave the bracket.
  let lo = 0;
  let hi = Math.max(2 * x, df + 10 * Math.sqrt(2 * df) + 10);
  while (chiSquaredCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const f = chiSquaredCdf(x, df) - p;
    if (f < 0) lo = x;
    else hi = x;
    if (f === 0 || hi - lo <= 1e-15 * x) break;
    const d = chiSquaredPdf(x, df);
    let next = d > 0 && Number.isFinite(d) ? x - f / d : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    x = next;
  }
  return x;
}

/**
 * Standard normal quantile (inverse CDF) by Acklam's rational approximation (relative error
 * < 1.2e-9), used to seed iterative quantile searches.
 * @throws if p is outside (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: probability p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  const A = (i: number) => a[i]!;
  const B = (i: number) => b[i]!;
  const C = (i: number) => c[i]!;
  const D = (i: number) => d[i]!;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C(0) * q + C(1)) * q + C(2)) * q + C(3)) * q + C(4)) * q + C(5)) / ((((D(0) * q + D(1)) * q + D(2)) * q + D(3)) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C(0) * q + C(1)) * q + C(2)) * q + C(3)) * q + C(4)) * q + C(5)) / ((((D(0) * q + D(1)) * q + D(2)) * q + D(3)) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A(0) * r + A(1)) * r + A(2)) * r + A(3)) * r + A(4)) * r + A(5)) * q) / (((((B(0) * r + B(1)) * r + B(2)) * r + B(3)) * r + B(4)) * r + 1);
}
