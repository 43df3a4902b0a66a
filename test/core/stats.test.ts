import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { bootstrapCi, meanCi, normalCdf, studentTCdf, studentTQuantile, twoProportionZTest } from "../../src/core/stats.js";

describe("stats", () => {
  it("studentTQuantile matches tabulated t values", () => {
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157, 5);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706205, 4);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.697261, 5);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.262157, 5);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
  });

  it("normalCdf matches the standard normal table", () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it("meanCi gives mean +- t * s / sqrt(n)", () => {
    const ci = meanCi([1, 2, 3, 4, 5]);
    const half = 2.776445 * Math.sqrt(2.5 / 5);
    expect(ci.mean).toBe(3);
    expect(ci.n).toBe(5);
    expect(ci.lo).toBeCloseTo(3 - half, 5);
    expect(ci.hi).toBeCloseTo(3 + half, 5);
    expect(meanCi([7])).toEqual({ mean: 7, lo: NaN, hi: NaN, n: 1 });
    expect(Number.isNaN(meanCi([]).mean)).toBe(true);
  });

  it("meanCi covers the true mean about 95% of the time", () => {
    const rng = new Rng(3);
    let cover = 0;
    for (let r = 0; r < 2000; r++) {
      const xs = Array.from({ length: 10 }, () => rng.normal(1, 2));
      const ci = meanCi(xs);
      if (ci.lo <= 1 && 1 <= ci.hi) cover++;
    }
    expect(cover / 2000).toBeGreaterThan(0.93);
    expect(cover / 2000).toBeLessThan(0.97);
  });

  it("meanCi rejects a bad level or a non-finite value, naming it", () => {
    expect(() => meanCi([1, 2], 1.5)).toThrow(/level/);
    expect(() => meanCi([1, NaN])).toThrow(/value 1/);
  });

  it("bootstrapCi brackets the sample mean and is seeded", () => {
    const xs = Array.from({ length: 50 }, (_, i) => i % 7);
    const mean = (s: Float64Array) => s.reduce((a, b) => a + b, 0) / s.length;
    const a = bootstrapCi(xs, mean, { rng: new Rng(1), resamples: 500 });
    const b = bootstrapCi(xs, mean, { rng: new Rng(1), resamples: 500 });
    expect(a).toEqual(b);
    expect(a.lo).toBeLessThan(a.estimate);
    expect(a.hi).toBeGreaterThan(a.estimate);
  });

  it("twoProportionZTest detects a real difference and not a null one", () => {
    expect(twoProportionZTest(600, 1000, 500, 1000).pValue).toBeLessThan(1e-4);
    expect(twoProportionZTest(600, 1000, 500, 1000).z).toBeGreaterThan(0);
    expect(twoProportionZTest(500, 1000, 505, 1000).pValue).toBeGreaterThan(0.5);
    expect(() => twoProportionZTest(0, 0, 1, 1)).toThrow(/n1 and n2/);
  });
});
