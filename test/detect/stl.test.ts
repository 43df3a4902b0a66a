import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { stl } from "../../src/detect/stl.js";

const P = 12;
function seasonalSeries(n: number, seed: number, noiseSd = 0.1): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, (_, i) => 5 + 0.02 * i + 2 * Math.sin((2 * Math.PI * i) / P) + rng.normal(0, noiseSd));
}

describe("stl", () => {
  it("uses R's defaults for a periodic robust fit", () => {
    const { params } = stl(seasonalSeries(100, 1), { period: P, robust: true });
    expect(params.seasonalWindow).toBe(10 * 100 + 1);
    expect(params.seasonalDegree).toBe(0);
    // nextodd(ceiling(1.5 * 12 / (1 - 1.5 / 1001))) = nextodd(19) = 19
    expect(params.trendWindow).toBe(19);
    expect(params.lowpassWindow).toBe(13);
    expect(params.seasonalJump).toBe(101);
    expect(params.trendJump).toBe(2);
    expect(params.lowpassJump).toBe(2);
    expect(params.inner).toBe(1);
    expect(params.outer).toBe(15);
    // NAB / twitterADVec: period 150 gives t.window 227 and l.window 151
    const p150 = stl(seasonalSeries(4032, 2), { period: 150, robust: true }).params;
    expect(p150.trendWindow).toBe(227);
    expect(p150.lowpassWindow).toBe(151);
  });

  it("returns components that add up to the series", () => {
    const x = seasonalSeries(120, 3);
    const { seasonal, trend, remainder } = stl(x, { period: P, robust: true });
    for (let i = 0; i < x.length; i++) expect(seasonal[i]! + trend[i]! + remainder[i]!).toBeCloseTo(x[i]!, 12);
  });

  it("makes a periodic seasonal exactly periodic", () => {
    const { seasonal } = stl(seasonalSeries(150, 4), { period: P });
    for (let i = P; i < 150; i++) expect(seasonal[i]).toBe(seasonal[i - P]);
  });

  it("recovers a sine and a linear trend", () => {
    const x = seasonalSeries(240, 5, 0);
    const { seasonal, trend } = stl(x, { period: P });
    let maxErrS = 0;
    let maxErrT = 0;
    for (let i = 24; i < 216; i++) {
      maxErrS = Math.max(maxErrS, Math.abs(seasonal[i]! - 2 * Math.sin((2 * Math.PI * i) / P)));
      maxErrT = Math.max(maxErrT, Math.abs(trend[i]! - (5 + 0.02 * i)));
    }
    expect(maxErrS).toBeLessThan(0.05);
    expect(maxErrT).toBeLessThan(0.05);
  });

  it("decomposes a noise-free periodic series into its pattern and its level", () => {
    const pattern = [3, 1, 4, 1, 5, 9, 2, 6];
    const x = Float64Array.from({ length: 80 }, (_, i) => pattern[i % 8]!);
    const { seasonal, trend, remainder } = stl(x, { period: 8, robust: true });
    const mean = pattern.reduce((a, b) => a + b, 0) / 8;
    for (let i = 0; i < 80; i++) {
      expect(trend[i]).toBeCloseTo(mean, 9);
      expect(seasonal[i]).toBeCloseTo(pattern[i % 8]! - mean, 9);
      expect(Math.abs(remainder[i]!)).toBeLessThan(1e-9);
    }
  });

  it("gives an outlier zero robustness weight and leaves the fit unharmed", () => {
    const x = seasonalSeries(240, 6);
    const clean = stl(x, { period: P, robust: true });
    x[100] = x[100]! + 50;
    const dirty = stl(x, { period: P, robust: true });
    expect(dirty.weights[100]).toBe(0);
    expect(dirty.remainder[100]).toBeGreaterThan(45);
    expect(Math.abs(dirty.trend[100]! - clean.trend[100]!)).toBeLessThan(0.1);
    // the non-robust fit is pulled by the outlier
    const plain = stl(x, { period: P });
    expect(Math.abs(plain.trend[100]! - clean.trend[100]!)).toBeGreaterThan(Math.abs(dirty.trend[100]! - clean.trend[100]!));
  });

  it("supports a non-periodic seasonal window", () => {
    const x = seasonalSeries(144, 7);
    const { seasonal, params } = stl(x, { period: P, seasonalWindow: 7, seasonalDegree: 1 });
    expect(params.periodic).toBe(false);
    expect(seasonal.some((s, i) => i >= P && s !== seasonal[i - P])).toBe(true);
  });

  it("is deterministic and does not mutate its input", () => {
    const x = seasonalSeries(100, 8);
    const copy = Float64Array.from(x);
    const a = stl(x, { period: P, robust: true });
    const b = stl(x, { period: P, robust: true });
    expect(Array.from(a.trend)).toEqual(Array.from(b.trend));
    expect(Array.from(x)).toEqual(Array.from(copy));
  });

  it("rejects bad input with a message naming the problem", () => {
    const x = seasonalSeries(50, 9);
    expect(() => stl(x, { period: 25 })).toThrow(/more than two periods/);
    expect(() => stl(x, { period: 1 })).toThrow(/period must be an integer >= 2/);
    expect(() => stl(x, { period: 0 })).toThrow(/period/);
    expect(() => stl(x, { period: 2.5 })).toThrow(/period/);
    const y = Float64Array.from(x);
    y[20] = NaN;
    expect(() => stl(y, { period: P })).toThrow(/index 20/);
    expect(() => stl(x, { period: P, trendDegree: 2 as 1 })).toThrow(/trendDegree/);
    expect(() => stl(x, { period: P, outer: -1 })).toThrow(/outer/);
  });
});
