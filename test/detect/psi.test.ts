import { describe, expect, it } from "vitest";
import { psi, psiFromCounts, psiLevel } from "../../src/detect/psi.js";
import { Rng } from "../../src/core/rng.js";

function normals(rng: Rng, n: number, mean = 0, sd = 1): number[] {
  return Array.from({ length: n }, () => rng.normal(mean, sd));
}

describe("population stability index", () => {
  it("matches the hand computation for shares (0.5, 0.5) -> (0.25, 0.75): 0.25 ln 2 + 0.25 ln 1.5", () => {
    const r = psiFromCounts([50, 50], [25, 75]);
    expect(r.psi).toBeCloseTo(0.25 * Math.log(2) + 0.25 * Math.log(1.5), 12);
    expect(r.contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(r.psi, 12);
    expect(r.level).toBe("significant");
  });
  it("is zero for identical shares and symmetric in its arguments", () => {
    expect(psiFromCounts([10, 20, 30], [20, 40, 60]).psi).toBe(0);
    const ab = psiFromCounts([10, 20, 30], [30, 20, 10]).psi;
    const ba = psiFromCounts([30, 20, 10], [10, 20, 30]).psi;
    expect(ab).toBeGreaterThan(0);
    expect(ab).toBeCloseTo(ba, 14);
  });
  it("floors empty bins at epsilon and reports them", () => {
    const r = psiFromCounts([50, 50, 0], [40, 40, 20], { epsilon: 1e-4 });
    expect(r.flooredBins).toBe(1);
    expect(Number.isFinite(r.psi)).toBe(true);
    expect(r.contributions[2]).toBeCloseTo((0.2 - 1e-4) * Math.log(0.2 / 1e-4), 12);
  });
  it("reads the conventional bands at 0.1 and 0.25", () => {
    expect(psiLevel(0.099)).toBe("stable");
    expect(psiLevel(0.1)).toBe("moderate");
    expect(psiLevel(0.249)).toBe("moderate");
    expect(psiLevel(0.25)).toBe("significant");
  });
  it("decile PSI of a 1-sd mean shift is near the Jeffreys divergence d^2 = 1 (significant); 0.1 sd is stable", () => {
    const rng = new Rng(3);
    const ref = normals(rng, 20000);
    const big = psi(ref, normals(rng, 20000, 1));
    expect(big.psi).toBeGreaterThan(0.8);
    expect(big.psi).toBeLessThan(1.0);
    expect(big.level).toBe("significant");
    expect(big.pValue).toBeLessThan(1e-12);
    expect(psi(ref, normals(rng, 20000, 0.1)).level).toBe("stable");
    expect(big.edges).toHaveLength(11);
  });
  it("Yurdakul's chi-squared p-value is calibrated: about 5% below 0.05 under no drift", () => {
    const rng = new Rng(5);
    let small = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const p = [0.1, 0.2, 0.3, 0.25, 0.15];
      const a = [0, 0, 0, 0, 0];
      const b = [0, 0, 0, 0, 0];
      for (let i = 0; i < 1000; i++) a[rng.categorical(p)]!++;
      for (let i = 0; i < 800; i++) b[rng.categorical(p)]!++;
      if (psiFromCounts(a, b).pValue < 0.05) small++;
    }
    expect(small / trials).toBeGreaterThan(0.025);
    expect(small / trials).toBeLessThan(0.08);
  });
  it("uniform binning splits the reference range evenly", () => {
    const r = psi([0, 1, 2, 3, 4, 5, 6, 7, 8, 10], [1, 2, 3], { bins: 5, binning: "uniform" });
    expect(r.edges).toEqual([-Infinity, 2, 4, 6, 8, Infinity]);
  });
  it("rejects bad input by naming the option or sample", () => {
    expect(() => psi([1, 2, 3], [1, 2], { bins: 1 })).toThrow(/bins must be an integer >= 2/);
    expect(() => psi([1, 1, 1], [1, 2])).toThrow(/reference is constant/);
    expect(() => psi([1, 2, NaN], [1, 2])).toThrow(/reference\[2\] = NaN/);
    expect(() => psi([1, 2], [])).toThrow(/current: sample is empty/);
    expect(() => psiFromCounts([1, 2], [1, 2, 3])).toThrow(/expected has 2 bins but actual has 3/);
    expect(() => psiFromCounts([1, 2], [1, 2], { epsilon: 0 })).toThrow(/epsilon/);
    expect(() => psiFromCounts([1, -1], [1, 2])).toThrow(/expected\[1\] = -1/);
  });
});

describe("PSI p-value", () => {
  it("is NaN for shares, which carry no sample size, and a probability for counts", () => {
    expect(Number.isNaN(psiFromCounts([0.5, 0.5], [0.25, 0.75]).pValue)).toBe(true);
    const p = psiFromCounts([50, 50], [25, 75]).pValue;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.05);
  });
});
