import { describe, expect, it } from "vitest";
import {
  chiSquaredContingency,
  chiSquaredDriftTest,
  chiSquaredGoodnessOfFit,
  countCategories,
} from "../../src/detect/chi2.js";
import { chiSquaredQuantile } from "../../src/core/special.js";
import { Rng } from "../../src/core/rng.js";

describe("chi-squared goodness of fit", () => {
  // Reference values: SciPy's scipy.stats.chisquare documentation examples (die-roll counts).
  it("uniform expectation: [16,18,16,14,12,12] gives X2 = 2, p = 0.849145", () => {
    const r = chiSquaredGoodnessOfFit([16, 18, 16, 14, 12, 12]);
    expect(r.statistic).toBeCloseTo(2, 12);
    expect(r.df).toBe(5);
    expect(r.pValue).toBeCloseTo(0.84914503608460956, 12);
  });
  it("explicit expectation [16,16,16,16,16,8] gives X2 = 3.5, p = 0.623388", () => {
    const r = chiSquaredGoodnessOfFit([16, 18, 16, 14, 12, 12], { expected: [16, 16, 16, 16, 16, 8] });
    expect(r.statistic).toBeCloseTo(3.5, 12);
    expect(r.pValue).toBeCloseTo(0.62338762774958223, 12);
    expect(r.minExpected).toBeCloseTo(8, 12);
  });
  it("ddof = 1 removes a degree of freedom: p = 0.735759", () => {
    const r = chiSquaredGoodnessOfFit([16, 18, 16, 14, 12, 12], { ddof: 1 });
    expect(r.df).toBe(4);
    expect(r.pValue).toBeCloseTo(0.73575888234288467, 12);
  });
  it("expected given as probabilities and as counts give the same test", () => {
    const a = chiSquaredGoodnessOfFit([30, 50, 20], { expected: [0.25, 0.5, 0.25] });
    const b = chiSquaredGoodnessOfFit([30, 50, 20], { expected: [25, 50, 25] });
    expect(a.statistic).toBeCloseTo(b.statistic, 12);
    expect(a.statistic).toBeCloseTo(2, 12);
  });
  it("a statistic at the NIST 5% critical value has p = 0.05", () => {
    // One degree of freedom: counts (a, n-a) against (1/2, 1/2) give X2 = (2a - n)^2 / n.
    const n = 10000;
    const a = n / 2 + Math.sqrt(3.841458820694124 * n) / 2;
    const r = chiSquaredGoodnessOfFit([a, n - a]);
    expect(r.statistic).toBeCloseTo(3.841458820694124, 9);
    expect(r.pValue).toBeCloseTo(0.05, 9);
  });
  it("rejects invalid counts, mismatched lengths and impossible categories by name", () => {
    expect(() => chiSquaredGoodnessOfFit([1, -2, 3])).toThrow(/observed\[1\] = -2/);
    expect(() => chiSquaredGoodnessOfFit([1, NaN])).toThrow(/observed\[1\] = NaN/);
    expect(() => chiSquaredGoodnessOfFit([1, 2], { expected: [1, 1, 1] })).toThrow(/expected has 3 cells/);
    expect(() => chiSquaredGoodnessOfFit([1, 2], { expected: [1, 0] })).toThrow(/expected\[1\] is 0/);
    expect(() => chiSquaredGoodnessOfFit([5])).toThrow(/degrees of freedom/);
    expect(() => chiSquaredGoodnessOfFit([0, 0])).toThrow(/sum to zero/);
  });
});

describe("chi-squared contingency and drift test", () => {
  it("SciPy's chi2_contingency example [[10,10,20],[20,20,20]]: X2 = 2.7778, df = 2, p = 0.249352", () => {
    const r = chiSquaredContingency([[10, 10, 20], [20, 20, 20]]);
    expect(r.statistic).toBeCloseTo(2.7777777777777777, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(0.24935220877729619, 12);
  });
  it("drops categories that are empty in both samples", () => {
    const withEmpty = chiSquaredContingency([[10, 0, 10, 20], [20, 0, 20, 20]]);
    expect(withEmpty.df).toBe(2);
    expect(withEmpty.statistic).toBeCloseTo(2.7777777777777777, 12);
  });
  it("flags a shift in label proportions and not an identical distribution", () => {
    const ref = [500, 300, 200];
    expect(chiSquaredDriftTest(ref, [250, 150, 100]).driftDetected).toBe(false);
    const shifted = chiSquaredDriftTest(ref, [200, 150, 150]);
    expect(shifted.driftDetected).toBe(true);
    expect(shifted.pValue).toBeLessThan(1e-4);
  });
  it("holds its size: about 5% false alarms at alpha = 0.05 on same-distribution samples", () => {
    const rng = new Rng(11);
    const p = [0.5, 0.3, 0.15, 0.05];
    let alarms = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const a = [0, 0, 0, 0];
      const b = [0, 0, 0, 0];
      for (let i = 0; i < 400; i++) a[rng.categorical(p)]!++;
      for (let i = 0; i < 300; i++) b[rng.categorical(p)]!++;
      if (chiSquaredDriftTest(a, b).driftDetected) alarms++;
    }
    expect(alarms / trials).toBeGreaterThan(0.035);
    expect(alarms / trials).toBeLessThan(0.065);
  });
  it("the drift decision matches comparing X2 with the chi2 critical value", () => {
    const r = chiSquaredDriftTest([40, 60, 25], [55, 40, 30], { alpha: 0.1 });
    expect(r.driftDetected).toBe(r.statistic > chiSquaredQuantile(0.9, r.df));
  });
  it("rejects ragged tables, mismatched vectors and a bad alpha", () => {
    expect(() => chiSquaredContingency([[1, 2], [3]])).toThrow(/row 1 has 1 cells/);
    expect(() => chiSquaredContingency([[1, 2], [0, 0]])).toThrow(/at least 2 rows/);
    expect(() => chiSquaredDriftTest([1, 2], [1, 2, 3])).toThrow(/reference has 2 categories but current has 3/);
    expect(() => chiSquaredDriftTest([1, 2], [1, 2], { alpha: 1.5 })).toThrow(/alpha/);
  });
});

describe("countCategories", () => {
  it("counts labels in category order and names an unknown label", () => {
    expect(countCategories(["a", "b", "a", "c", "a"], ["a", "b", "c"])).toEqual([3, 1, 1]);
    expect(() => countCategories(["a", "z"], ["a", "b"])).toThrow(/values\[1\] = z/);
  });
});
