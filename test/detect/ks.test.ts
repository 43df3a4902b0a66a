import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { kolmogorovQ, ksExactPValue, ksTwoSample } from "../../src/detect/ks.js";

/** All ways to split ranks 0..n+m-1 into two samples: the exact null distribution of D. */
function bruteForcePValue(n: number, m: number, d: number): number {
  const total = n + m;
  let hits = 0;
  let count = 0;
  for (let mask = 0; mask < 1 << total; mask++) {
    let bits = 0;
    for (let k = 0; k < total; k++) if (mask & (1 << k)) bits++;
    if (bits !== n) continue;
    count++;
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < total; k++) (mask & (1 << k) ? a : b).push(k);
    if (ksTwoSample(a, b, { method: "exact" }).statistic >= d - 1e-12) hits++;
  }
  return hits / count;
}

describe("two-sample Kolmogorov-Smirnov test", () => {
  it("computes D as the largest gap between the empirical CDFs, ties included", () => {
    expect(ksTwoSample([1, 2, 3], [4, 5, 6]).statistic).toBe(1);
    expect(ksTwoSample([1, 2, 3, 4], [1, 2, 3, 4]).statistic).toBe(0);
    expect(ksTwoSample([1, 1, 2, 2], [1, 2, 2, 2]).statistic).toBeCloseTo(0.25, 12);
  });

  it("gives exact p-values equal to brute-force enumeration of every rank split (n=4, m=5 and n=m=5)", () => {
    for (const [n, m] of [[4, 5], [5, 5]] as const) {
      for (const d of [0.2, 0.4, 0.6, 0.8, 1]) {
        expect(ksExactPValue(d, n, m)).toBeCloseTo(bruteForcePValue(n, m, d), 12);
      }
    }
  });

  it("matches the published exact critical value: n = m = 10, D = 0.6 has p = 0.0524", () => {
    // Tables of the two-sample Smirnov statistic (e.g. Massey 1951): P(D >= 6/10) = 0.05245.
    expect(ksExactPValue(0.6, 10, 10)).toBeCloseTo(0.05245, 4);
  });

  it("matches Kolmogorov's limiting distribution at the tabulated quantiles 1.224, 1.358, 1.628", () => {
    expect(kolmogorovQ(1.224)).toBeCloseTo(0.1, 3);
    expect(kolmogorovQ(1.358)).toBeCloseTo(0.05, 3);
    expect(kolmogorovQ(1.628)).toBeCloseTo(0.01, 3);
    // Both branches of the series agree where they meet.
    expect(Math.abs(kolmogorovQ(1.1799) - kolmogorovQ(1.1801))).toBeLessThan(1e-3);
  });

  it("has exact and asymptotic p-values that agree for large samples", () => {
    const rng = new Rng(11);
    const a = Array.from({ length: 150 }, () => rng.normal());
    const b = Array.from({ length: 150 }, () => rng.normal(0.2, 1));
    const exact = ksTwoSample(a, b, { method: "exact" });
    const asym = ksTwoSample(a, b, { method: "asymptotic" });
    expect(exact.method).toBe("exact");
    expect(asym.method).toBe("asymptotic");
    expect(Math.abs(exact.pValue - asym.pValue)).toBeLessThan(0.02);
  });

  it("rejects at the nominal rate under the null hypothesis", () => {
    const rng = new Rng(12);
    let rejections = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const a = Array.from({ length: 60 }, () => rng.normal());
      const b = Array.from({ length: 80 }, () => rng.normal());
      if (ksTwoSample(a, b).pValue < 0.05) rejections++;
    }
    // Binomial(400, <=0.05): the exact test is conservative, so at most ~0.05 plus noise.
    expect(rejections / trials).toBeLessThan(0.085);
    expect(rejections / trials).toBeGreaterThan(0.01);
  });

  it("ignores NaN, leaves its inputs untouched and names the empty sample", () => {
    const a = [3, Number.NaN, 1, 2];
    const copy = [...a];
    expect(ksTwoSample(a, [1, 2, 3]).n).toBe(3);
    expect(a).toEqual(copy);
    expect(() => ksTwoSample([Number.NaN], [1])).toThrow(/first sample has no finite values/);
    expect(() => ksTwoSample([1], [])).toThrow(/second sample/);
    // @ts-expect-error: invalid option on purpose
    expect(() => ksTwoSample([1], [2], { method: "fast" })).toThrow(/option "method"/);
  });
});
