/**
 * Wilson score interval for a binomial proportion (Wilson 1927): better coverage than the normal
 * approximation when the proportion is near 0 or 1 or n is small.
 * @param successes number of successes (0 <= successes <= n)
 * @param n number of trials (> 0)
 * @param z normal quantile; default 1.959964 (95%)
 * @throws if the counts are not valid.
 */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): { p: number; lo: number; hi: number } {
  if (!(n > 0) || !(successes >= 0) || successes > n) {
    throw new Error(`wilsonInterval: need 0 <= successes <= n and n > 0, got successes=${successes}, n=${n}`);
  }
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
