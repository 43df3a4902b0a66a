/**
 * Two-sample Kolmogorov–Smirnov test (Smirnov 1939): is `a` drawn from the same continuous
 * distribution as `b`? The statistic is D = sup_x |F_a(x) - F_b(x)| over the two empirical CDFs.
 *
 * p-value, two-sided:
 * - exact (default when n·m <= 10 000): the probability that a uniformly random interleaving of
 *   the n + m ranks reaches D, counted on the lattice-path grid (Hodges 1958). Exact for samples
 *   without ties; with ties it is conservative.
 * - asymptotic otherwise: Q_KS((sqrt(ne) + 0.12 + 0.11/sqrt(ne)) · D) with ne = n·m/(n+m),
 *   Q_KS(λ) = 2 Σ_{k>=1} (-1)^{k-1} exp(-2 k² λ²) (Kolmogorov 1933; the small-sample correction of
 *   Stephens 1970, as in Press et al., Numerical Recipes §14.3).
 */

export interface KsResult {
  /** D = sup |F_a - F_b|. */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
  /** "exact" or "asymptotic". */
  method: "exact" | "asymptotic";
  n: number;
  m: number;
}

export interface KsOptions {
  /** "auto" (default): exact when n·m <= 10 000, else asymptotic. */
  method?: "auto" | "exact" | "asymptotic";
}

/**
 * Two-sample KS test. NaN values are dropped; the inputs are not modified.
 * @throws if either sample has no finite value, or `method` is unknown.
 * @example ksTwoSample([0.1, 0.5, 0.9], [1.2, 1.5, 2.0]).pValue // 0.1
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>, options: KsOptions = {}): KsResult {
  const method = options.method ?? "auto";
  if (method !== "auto" && method !== "exact" && method !== "asymptotic") {
    throw new Error(`ksTwoSample: option "method" must be auto, exact or asymptotic, got ${String(method)}`);
  }
  const x = sortedFinite(a, "first sample");
  const y = sortedFinite(b, "second sample");
  const n = x.length;
  const m = y.length;
  const d = ksStatistic(x, y);
  const useExact = method === "exact" || (method === "auto" && n * m <= 10_000);
  const pValue = useExact ? ksExactPValue(d, n, m) : kolmogorovQ(effectiveLambda(d, n, m));
  return { statistic: d, pValue: clamp01(pValue), method: useExact ? "exact" : "asymptotic", n, m };
}

/** D for two sorted samples; ties advance both CDFs together. */
function ksStatistic(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n && x[i]! <= v) i++;
    while (j < m && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

/**
 * P(D >= d) under H0 for sample sizes n, m: one minus the share of monotone lattice paths from
 * (0,0) to (n,m) that stay strictly inside |i/n - j/m| < d. u(i,j) is the probability that a
 * random path to (i,j) stayed inside; u(i,j) = [i·u(i-1,j) + j·u(i,j-1)] / (i+j), which keeps
 * every value in [0,1] (no binomial overflow).
 */
export function ksExactPValue(d: number, n: number, m: number): number {
  // D is always |i·m - j·n| / (n·m) for some lattice point, so compare in integers.
  const dInt = Math.round(d * n * m);
  const inside = (i: number, j: number) => Math.abs(i * m - j * n) < dInt;
  const u = new Float64Array(m + 1);
  u[0] = 1;
  for (let j = 1; j <= m; j++) u[j] = inside(0, j) ? u[j - 1]! : 0;
  for (let i = 1; i <= n; i++) {
    u[0] = inside(i, 0) ? u[0]! : 0;
    for (let j = 1; j <= m; j++) {
      u[j] = inside(i, j) ? (i * u[j]! + j * u[j - 1]!) / (i + j) : 0;
    }
  }
  return 1 - u[m]!;
}

/** λ with Stephens' small-sample correction. */
function effectiveLambda(d: number, n: number, m: number): number {
  const en = Math.sqrt((n * m) / (n + m));
  return (en + 0.12 + 0.11 / en) * d;
}

/** Q_KS(λ) = 2 Σ (-1)^{k-1} exp(-2k²λ²), the Kolmogorov survival function. */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 1e-3) return 1;
  // For small λ the alternating series converges slowly; use the dual (theta-function) form
  // Q = 1 - sqrt(2π)/λ Σ exp(-(2k-1)² π² / (8 λ²)).
  if (lambda < 1.18) {
    const t = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda));
    const s = t + Math.pow(t, 9) + Math.pow(t, 25) + Math.pow(t, 49);
    return clamp01(1 - (Math.sqrt(2 * Math.PI) / lambda) * s);
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return clamp01(2 * sum);
}

function sortedFinite(v: ArrayLike<number>, label: string): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) out.push(v[i]!);
  if (out.length === 0) throw new Error(`ksTwoSample: the ${label} has no finite values`);
  return Float64Array.from(out).sort();
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
