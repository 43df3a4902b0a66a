/**
 * STL: Seasonal-Trend decomposition by Loess (Cleveland, Cleveland, McRae & Terpenning 1990,
 * Journal of Official Statistics 6(1), 3-73), following the structure and the floating-point
 * order of operations of the netlib Fortran that R's `stats::stl` calls (double-precision version
 * by B. D. Ripley), so that the S-H-ESD port reproduces the R AnomalyDetection package bit for bit
 * on NAB. Written from the published algorithm and R's documented defaults; no code copied.
 *
 * Fortran detail kept on purpose: the loess and robustness-weight cut-offs `.999` and `.001` are
 * single-precision constants in the Fortran source, promoted to double (0.999000012874603... and
 * 0.00100000004749745...). Using the double literals instead changes weights on exact boundaries.
 *
 * Allocation: one call allocates its outputs and five work columns of length n + 2*period once; the
 * inner loops allocate nothing.
 */

/** Single-precision literals as gfortran promotes them (see the file comment). */
const F999 = Math.fround(0.999);
const F001 = Math.fround(0.001);

/** Options of {@link stl}; names and defaults follow R's `stats::stl`. */
export interface StlOptions {
  /** Number of observations per cycle (R: frequency(x)); integer >= 2. Required. */
  period: number;
  /**
   * Loess span (odd, >= 3) of the seasonal (cycle-subseries) smoother, or "periodic" (default):
   * span 10n+1 with degree 0 and the seasonal averaged per cycle position, as R does.
   */
  seasonalWindow?: number | "periodic";
  /** Degree of the seasonal loess (0 or 1); default 0 (forced to 0 when periodic). */
  seasonalDegree?: 0 | 1;
  /** Trend span; default nextOdd(ceil(1.5 * period / (1 - 1.5 / seasonalWindow))). */
  trendWindow?: number;
  /** Degree of the trend loess; default 1. */
  trendDegree?: 0 | 1;
  /** Low-pass span; default nextOdd(period). */
  lowpassWindow?: number;
  /** Degree of the low-pass loess; default trendDegree. */
  lowpassDegree?: 0 | 1;
  /** Loess evaluation steps (interpolate in between); default ceil(window / 10) each. */
  seasonalJump?: number;
  trendJump?: number;
  lowpassJump?: number;
  /** Robust fitting (Tukey bisquare weights on the remainder); default false. */
  robust?: boolean;
  /** Inner iterations; default 1 if robust else 2. */
  inner?: number;
  /** Outer (robustness) iterations; default 15 if robust else 0. */
  outer?: number;
}

/** The decomposition: x = seasonal + trend + remainder. */
export interface StlResult {
  seasonal: Float64Array;
  trend: Float64Array;
  remainder: Float64Array;
  /** Final robustness weights (all 1 without robustness iterations). */
  weights: Float64Array;
  /** The parameters actually used (after R's defaulting). */
  params: Required<Omit<StlOptions, "seasonalWindow">> & { seasonalWindow: number; periodic: boolean };
}

/** R's nextodd: round half to even, then bump even values up by one. */
function nextOdd(x: number): number {
  let r = Math.round(x);
  // R's round() is half-to-even; Math.round is half-up. Only matters at exact .5.
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) r -= 1;
  if (r % 2 === 0) r += 1;
  return r;
}

/**
 * Local (degree 0 or 1) tricube-weighted loess estimate at abscissa xs from y[nleft..nright]
 * (1-based positions, stored at y[off + pos - 1]). Writes the weights into w (same indexing) and
 * returns the fit, or NaN when all weights vanish (Fortran's ok = .false.).
 */
function loessEstimate(
  y: Float64Array,
  yOff: number,
  n: number,
  len: number,
  ideg: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  wOff: number,
  userw: boolean,
  rw: Float64Array,
  rwOff: number,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.trunc((len - n) / 2);
  const h9 = F999 * h;
  const h1 = F001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs);
    let wj: number;
    if (r <= h9) {
      if (r <= h1) {
        wj = 1;
      } else {
        const q = r / h;
        const c = 1 - q * q * q;
        wj = c * c * c;
      }
      if (userw) wj = rw[rwOff + j - 1]! * wj;
      a += wj;
    } else {
      wj = 0;
    }
    w[wOff + j - 1] = wj;
  }
  if (a <= 0) return NaN;
  for (let j = nleft; j <= nright; j++) w[wOff + j - 1] = w[wOff + j - 1]! / a;
  if (h > 0 && ideg > 0) {
    a = 0;
    for (let j = nleft; j <= nright; j++) a += w[wOff + j - 1]! * j;
    let b = xs - a;
    let c = 0;
    for (let j = nleft; j <= nright; j++) {
      const d = j - a;
      c += w[wOff + j - 1]! * (d * d);
    }
    if (Math.sqrt(c) > F001 * range) {
      b = b / c;
      for (let j = nleft; j <= nright; j++) w[wOff + j - 1] = w[wOff + j - 1]! * (b * (j - a) + 1);
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[wOff + j - 1]! * y[yOff + j - 1]!;
  return ys;
}

/**
 * Loess smoothing of y[1..n] (at yOff) into ys[1..n] (at ysOff), evaluated every `njump` points and
 * linearly interpolated in between (Fortran stless). `res` is scratch for the weights.
 */
function loessSmooth(
  y: Float64Array,
  yOff: number,
  n: number,
  len: number,
  ideg: number,
  njump: number,
  userw: boolean,
  rw: Float64Array,
  rwOff: number,
  ys: Float64Array,
  ysOff: number,
  res: Float64Array,
  resOff: number,
): void {
  if (n < 2) {
    ys[ysOff] = y[yOff]!;
    return;
  }
  const newnj = Math.min(njump, n - 1);
  let nleft = 0;
  let nright = 0;
  const fit = (i: number): void => {
    const v = loessEstimate(y, yOff, n, len, ideg, i, nleft, nright, res, resOff, userw, rw, rwOff);
    ys[ysOff + i - 1] = Number.isNaN(v) ? y[yOff + i - 1]! : v;
  };
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += newnj) fit(i);
  } else if (newnj === 1) {
    const nsh = Math.trunc((len + 1) / 2);
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > nsh && nright !== n) {
        nleft++;
        nright++;
      }
      fit(i);
    }
  } else {
    const nsh = Math.trunc((len + 1) / 2);
    for (let i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1;
        nright = len;
      } else if (i >= n - nsh + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - nsh + 1;
        nright = len + i - nsh;
      }
      fit(i);
    }
  }
  if (newnj !== 1) {
    for (let i = 1; i <= n - newnj; i += newnj) {
      const yi = ys[ysOff + i - 1]!;
      const delta = (ys[ysOff + i + newnj - 1]! - yi) / newnj;
      for (let j = i + 1; j <= i + newnj - 1; j++) ys[ysOff + j - 1] = yi + delta * (j - i);
    }
    const k = Math.trunc((n - 1) / newnj) * newnj + 1;
    if (k !== n) {
      fit(n);
      if (k !== n - 1) {
        const yk = ys[ysOff + k - 1]!;
        const delta = (ys[ysOff + n - 1]! - yk) / (n - k);
        for (let j = k + 1; j <= n - 1; j++) ys[ysOff + j - 1] = yk + delta * (j - k);
      }
    }
  }
}

/** Running mean of length `len` over x[1..n] into ave[1..n-len+1] (Fortran stlma). */
function movingAverage(x: Float64Array, n: number, len: number, ave: Float64Array): void {
  const newn = n - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i]!;
  ave[0] = v / len;
  for (let j = 1, k = len, m = 0; j < newn; j++, k++, m++) {
    v = v - x[m]! + x[k]!;
    ave[j] = v / len;
  }
}

/** k-th smallest (0-based) of a[0..n-1], reordering a (Hoare selection). */
function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Bisquare robustness weights from |y - fit| and 6 * median |y - fit| (Fortran stlrwt). */
function robustnessWeights(y: ArrayLike<number>, n: number, fit: Float64Array, rw: Float64Array, scratch: Float64Array): void {
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(y[i]! - fit[i]!);
  const mid1 = Math.trunc(n / 2) + 1;
  const mid2 = n - mid1 + 1;
  const v1 = selectKth(scratch, n, mid1 - 1);
  const v2 = mid2 === mid1 ? v1 : selectKth(scratch, n, mid2 - 1);
  const cmad = 3 * (v1 + v2);
  const c9 = F999 * cmad;
  const c1 = F001 * cmad;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(y[i]! - fit[i]!);
    if (r <= c1) rw[i] = 1;
    else if (r <= c9) {
      const q = r / cmad;
      const c = 1 - q * q;
      rw[i] = c * c;
    } else rw[i] = 0;
  }
}

/** Work columns shared by the steps of one decomposition. */
interface Work {
  w1: Float64Array;
  w2: Float64Array;
  w3: Float64Array;
  w4: Float64Array;
  w5: Float64Array;
}

/** Cycle-subseries smoothing (Fortran stlss): y[1..n] -> season[1..n+2np] (one period either side). */
function cycleSubseriesSmooth(
  y: Float64Array,
  n: number,
  np: number,
  ns: number,
  isdeg: number,
  nsjump: number,
  userw: boolean,
  rw: Float64Array,
  season: Float64Array,
  work1: Float64Array,
  work2: Float64Array,
  work3: Float64Array,
  work4: Float64Array,
): void {
  for (let j = 1; j <= np; j++) {
    const k = Math.trunc((n - j) / np) + 1;
    for (let i = 1; i <= k; i++) work1[i - 1] = y[(i - 1) * np + j - 1]!;
    if (userw) for (let i = 1; i <= k; i++) work3[i - 1] = rw[(i - 1) * np + j - 1]!;
    // Smooth into work2[2..k+1], then extrapolate one point at each end.
    loessSmooth(work1, 0, k, ns, isdeg, nsjump, userw, work3, 0, work2, 1, work4, 0);
    const nright = Math.min(ns, k);
    let v = loessEstimate(work1, 0, k, ns, isdeg, 0, 1, nright, work4, 0, userw, work3, 0);
    work2[0] = Number.isNaN(v) ? work2[1]! : v;
    const nleft = Math.max(1, k - ns + 1);
    v = loessEstimate(work1, 0, k, ns, isdeg, k + 1, nleft, k, work4, 0, userw, work3, 0);
    work2[k + 1] = Number.isNaN(v) ? work2[k]! : v;
    for (let m = 1; m <= k + 2; m++) season[(m - 1) * np + j - 1] = work2[m - 1]!;
  }
}

/** One pass of inner iterations (Fortran stlstp). */
function innerLoop(
  y: ArrayLike<number>,
  n: number,
  np: number,
  ns: number,
  nt: number,
  nl: number,
  isdeg: number,
  itdeg: number,
  ildeg: number,
  nsjump: number,
  ntjump: number,
  nljump: number,
  ni: number,
  userw: boolean,
  rw: Float64Array,
  season: Float64Array,
  trend: Float64Array,
  wk: Work,
): void {
  const { w1, w2, w3, w4, w5 } = wk;
  for (let it = 0; it < ni; it++) {
    for (let i = 0; i < n; i++) w1[i] = y[i]! - trend[i]!;
    cycleSubseriesSmooth(w1, n, np, ns, isdeg, nsjump, userw, rw, w2, w3, w4, w5, season);
    // Low-pass filter of the cycle-subseries: MA(np), MA(np), MA(3), then loess.
    movingAverage(w2, n + 2 * np, np, w3);
    movingAverage(w3, n + np + 1, np, w1);
    movingAverage(w1, n + 2, 3, w3);
    loessSmooth(w3, 0, n, nl, ildeg, nljump, false, w4, 0, w1, 0, w5, 0);
    for (let i = 0; i < n; i++) season[i] = w2[np + i]! - w1[i]!;
    for (let i = 0; i < n; i++) w1[i] = y[i]! - season[i]!;
    loessSmooth(w1, 0, n, nt, itdeg, ntjump, userw, rw, 0, trend, 0, w3, 0);
  }
}

/**
 * R's `mean` of doubles: a long-double sum divided by n, then one refinement pass. Emulated with
 * compensated (double-double) summation and a corrected division, which yields the correctly
 * rounded mean; R's 80-bit result rounds to the same double except in near-tie cases.
 */
function accurateMean(x: Float64Array, start: number, step: number, end: number): number {
  let hi = 0;
  let lo = 0;
  let count = 0;
  for (let i = start; i < end; i += step) {
    const v = x[i]!;
    const s = hi + v;
    const bp = s - hi;
    lo += hi - (s - bp) + (v - bp);
    hi = s;
    count++;
  }
  const s = hi + lo;
  lo = lo - (s - hi);
  hi = s;
  const q = hi / count;
  // Remainder hi + lo - q*count computed exactly (Dekker's product).
  const split = 134217729;
  const qa = q * split;
  const qh = qa - (qa - q);
  const ql = q - qh;
  const ca = count * split;
  const ch = ca - (ca - count);
  const cl = count - ch;
  const p = q * count;
  const pe = qh * ch - p + qh * cl + ql * ch + ql * cl;
  const r = hi - p - pe + lo;
  return q + r / count;
}

/**
 * Decompose a series into seasonal, trend and remainder with STL.
 *
 * Defaults are R's (`stats::stl`): periodic seasonal, trend span
 * nextOdd(ceil(1.5 period / (1 - 1.5 / seasonalWindow))), low-pass span nextOdd(period), jumps
 * ceil(span / 10), inner 2 / outer 0, or inner 1 / outer 15 when `robust`.
 *
 * @example
 * const { seasonal, trend } = stl(values, { period: 24, robust: true });
 * @throws Error if period is not an integer >= 2, the series has no more than two periods, a value
 *   is not finite, or a window / degree / iteration count is invalid.
 * @see Cleveland et al. (1990); R `stats::stl`.
 */
export function stl(values: ArrayLike<number>, options: StlOptions): StlResult {
  const n = values.length;
  const period = options.period;
  if (!Number.isInteger(period) || period < 2) throw new Error(`stl: period must be an integer >= 2 (got ${period})`);
  if (n <= 2 * period) throw new Error(`stl: series has ${n} points, needs more than two periods (> ${2 * period})`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!)) throw new Error(`stl: value at index ${i} is not finite (${values[i]})`);
  }
  const sw = options.seasonalWindow ?? "periodic";
  const periodic = sw === "periodic";
  let seasonalWindow: number;
  let seasonalDegree: 0 | 1;
  if (periodic) {
    seasonalWindow = 10 * n + 1;
    seasonalDegree = 0;
  } else {
    if (typeof sw !== "number" || !Number.isFinite(sw) || sw < 1) throw new Error(`stl: seasonalWindow must be "periodic" or a number >= 1 (got ${String(sw)})`);
    seasonalWindow = sw;
    seasonalDegree = options.seasonalDegree ?? 0;
  }
  const trendDegree = options.trendDegree ?? 1;
  const lowpassDegree = options.lowpassDegree ?? trendDegree;
  for (const [name, d] of [["seasonalDegree", seasonalDegree], ["trendDegree", trendDegree], ["lowpassDegree", lowpassDegree]] as const) {
    if (d !== 0 && d !== 1) throw new Error(`stl: ${name} must be 0 or 1 (got ${String(d)})`);
  }
  const trendWindow = options.trendWindow ?? nextOdd(Math.ceil((1.5 * period) / (1 - 1.5 / seasonalWindow)));
  const lowpassWindow = options.lowpassWindow ?? nextOdd(period);
  const seasonalJump = options.seasonalJump ?? Math.ceil(seasonalWindow / 10);
  const trendJump = options.trendJump ?? Math.ceil(trendWindow / 10);
  const lowpassJump = options.lowpassJump ?? Math.ceil(lowpassWindow / 10);
  const robust = options.robust ?? false;
  const inner = options.inner ?? (robust ? 1 : 2);
  const outer = options.outer ?? (robust ? 15 : 0);
  for (const [name, v] of [["trendWindow", trendWindow], ["lowpassWindow", lowpassWindow], ["seasonalJump", seasonalJump], ["trendJump", trendJump], ["lowpassJump", lowpassJump], ["inner", inner]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`stl: ${name} must be an integer >= 1 (got ${v})`);
  }
  if (!Number.isInteger(outer) || outer < 0) throw new Error(`stl: outer must be an integer >= 0 (got ${outer})`);

  // Fortran stl: spans at least 3 and odd; period at least 2.
  const makeOdd = (v: number): number => {
    const m = Math.max(3, Math.trunc(v));
    return m % 2 === 0 ? m + 1 : m;
  };
  const ns = makeOdd(seasonalWindow);
  const nt = makeOdd(trendWindow);
  const nl = makeOdd(lowpassWindow);
  const np = period;

  const len = n + 2 * np;
  const wk: Work = {
    w1: new Float64Array(len),
    w2: new Float64Array(len),
    w3: new Float64Array(len),
    w4: new Float64Array(len),
    w5: new Float64Array(len),
  };
  const rw = new Float64Array(n);
  const season = new Float64Array(n);
  const trend = new Float64Array(n);
  let userw = false;
  for (let k = 0; ; ) {
    innerLoop(values, n, np, ns, nt, nl, seasonalDegree, trendDegree, lowpassDegree, seasonalJump, trendJump, lowpassJump, inner, userw, rw, season, trend, wk);
    k++;
    if (k > outer) break;
    for (let i = 0; i < n; i++) wk.w1[i] = trend[i]! + season[i]!;
    robustnessWeights(values, n, wk.w1, rw, wk.w2);
    userw = true;
  }
  if (outer <= 0) rw.fill(1);

  if (periodic) {
    // R: seasonal <- tapply(seasonal, cycle(x), mean)[cycle(x)]
    const means = wk.w3;
    for (let c = 0; c < np; c++) means[c] = accurateMean(season, c, np, n);
    for (let i = 0; i < n; i++) season[i] = means[i % np]!;
  }
  const remainder = new Float64Array(n);
  for (let i = 0; i < n; i++) remainder[i] = values[i]! - season[i]! - trend[i]!;
  return {
    seasonal: season,
    trend,
    remainder,
    weights: rw,
    params: {
      period,
      seasonalWindow,
      seasonalDegree,
      trendWindow,
      trendDegree,
      lowpassWindow,
      lowpassDegree,
      seasonalJump,
      trendJump,
      lowpassJump,
      robust,
      inner,
      outer,
      periodic,
    },
  };
}
