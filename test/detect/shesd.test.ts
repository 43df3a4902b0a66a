import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { esdCriticalValue, generalizedEsd } from "../../src/detect/esd.js";
import { shesd } from "../../src/detect/shesd.js";
import { ShesdStreamDetector } from "../../src/detect/shesdStream.js";
import { tQuantile, tQuantileUpper, tUpperTail } from "../../src/core/tdist.js";
import { detectorContract } from "./contract.js";
import { NAB_DIR } from "./nabDir.js";

function readNabValues(file: string): Float64Array {
  const lines = readFileSync(join(NAB_DIR, "data", file), "utf8").trim().split("\n").slice(1);
  return Float64Array.from(lines, (l) => Number(l.split(",")[1]));
}

function seasonal(n: number, period: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / period) + rng.normal(0, 1));
}

describe("Student t quantiles (tdist)", () => {
  // Published table values (e.g. Abramowitz & Stegun table 26.10; NIST/SEMATECH e-Handbook 1.3.6.7.2).
  const table: Array<[number, number, number]> = [
    // [upper tail q, df, t]
    [0.025, 1, 12.7062047],
    [0.025, 10, 2.2281389],
    [0.005, 5, 4.0321430],
    [0.05, 30, 1.6972609],
    [0.001, 2, 22.3271248],
    [0.0005, 10, 4.5868939],
    [0.025, 100, 1.9839715],
  ];
  it.each(table)("upper %f with %i df is %f", (q, df, t) => {
    expect(tQuantileUpper(q, df)).toBeCloseTo(t, 6);
    expect(tQuantile(1 - q, df)).toBeCloseTo(t, 6);
    expect(tQuantile(q, df)).toBeCloseTo(-t, 6);
  });

  it("inverts the upper tail to near machine precision, far into the tail and at large df", () => {
    for (const [q, df] of [[1e-7, 22000], [6.2e-6, 4030], [1e-4, 7], [0.3, 3], [1e-10, 50]] as const) {
      const t = tQuantileUpper(q, df);
      expect(Math.abs(tUpperTail(t, df) / q - 1)).toBeLessThan(1e-12);
    }
    // tends to the normal quantile as df grows
    expect(tQuantileUpper(0.025, 1e7)).toBeCloseTo(1.959964, 5);
  });

  it("rejects invalid arguments", () => {
    expect(() => tQuantile(0, 5)).toThrow(/p must be in/);
    expect(() => tQuantile(1, 5)).toThrow(/p must be in/);
    expect(() => tQuantileUpper(0.1, 0)).toThrow(/df/);
  });
});

describe("generalized ESD (Rosner 1983)", () => {
  it("reproduces the critical values tabulated in the NIST e-Handbook for n = 54, alpha = 0.05", () => {
    // NIST/SEMATECH e-Handbook 1.3.5.17.3 (values truncated to 3 decimals there)
    const nist = [3.158, 3.151, 3.143, 3.136, 3.128, 3.12, 3.111, 3.103, 3.094, 3.085];
    nist.forEach((lam, k) => expect(Math.trunc(esdCriticalValue(54, k + 1, 0.05, true) * 1000) / 1000).toBeCloseTo(lam, 10));
  });

  it("keeps near its nominal level on clean Gaussian data (Rosner's mean/sd form)", () => {
    let falseAlarms = 0;
    for (let s = 0; s < 40; s++) {
      const rng = new Rng(100 + s);
      const z = Float64Array.from({ length: 500 }, () => rng.normal(0, 1));
      if (generalizedEsd(z, { maxOutliers: 10, robust: false }).anomalies.length > 0) falseAlarms++;
    }
    expect(falseAlarms).toBeLessThanOrEqual(6); // about 5% of 40 expected
  });

  it("finds planted outliers in both tails", () => {
    const rng = new Rng(5);
    const x = Float64Array.from({ length: 500 }, () => rng.normal(0, 1));
    x[10] = 12;
    x[200] = -9;
    x[300] = 7;
    const r = generalizedEsd(x, { maxOutliers: 10 });
    expect(r.anomalies.slice(0, 3)).toEqual([10, 200, 300]); // most extreme first
    expect(r.anomalies.length).toBeLessThanOrEqual(4); // the hybrid test is liberal: one noise point may follow
    expect(r.candidates.length).toBe(10);
    const pos = generalizedEsd(x, { maxOutliers: 10, direction: "pos" }).anomalies;
    expect(pos.slice(0, 2)).toEqual([10, 300]);
    expect(pos).not.toContain(200);
    expect(generalizedEsd(x, { maxOutliers: 10, direction: "neg" }).anomalies).toEqual([200]);
    expect(generalizedEsd(x, { maxOutliers: 10, robust: false }).anomalies.slice(0, 3)).toEqual([10, 200, 300]);
  });

  it("removes the first index among tied extremes, as R's which(ares == R)[1]", () => {
    const x = [0, 1, 0, 1, 0, 1, 0, 9, 1, 0, 9, 1, 0];
    const r = generalizedEsd(x, { maxOutliers: 3, direction: "both" });
    expect(r.candidates.slice(0, 2)).toEqual([7, 10]);
  });

  it("counts outliers as the last step whose statistic beats its critical value", () => {
    const rng = new Rng(6);
    const x = Float64Array.from({ length: 200 }, () => rng.normal(0, 1));
    x[50] = 20;
    x[60] = 19;
    const r = generalizedEsd(x, { maxOutliers: 5 });
    const last = r.statistics.reduce((k, s, i) => (s > r.criticalValues[i]! ? i + 1 : k), 0);
    expect(r.anomalies.length).toBe(last);
    expect(r.anomalies).toEqual(r.candidates.slice(0, last));
  });

  it("stops on a zero MAD instead of failing like the R package", () => {
    const x = new Float64Array(100).fill(3);
    x[5] = 4;
    const r = generalizedEsd(x, { maxOutliers: 5 });
    expect(r.degenerateScale).toBe(true);
    expect(r.anomalies).toEqual([]);
  });
});

describe("S-H-ESD golden: identical to Twitter's R AnomalyDetectionVec on NAB", () => {
  const ref = JSON.parse(readFileSync(join(NAB_DIR, "reference", "twitterADVec_detections.json"), "utf8")) as {
    files: Record<string, { rows: number; detections: number[] }>;
  };
  const files = Object.keys(ref.files).sort();

  it("covers all 58 NAB files", () => {
    expect(files.length).toBe(58);
  });

  it.each(files)("flags exactly the R package's rows on %s", (file) => {
    const x = readNabValues(file);
    expect(x.length).toBe(ref.files[file]!.rows);
    const r = shesd(x, { period: 150, maxAnoms: 0.002, alpha: 0.05, direction: "both" });
    expect(r.anomalies).toEqual(ref.files[file]!.detections);
    expect(r.degenerateScale).toBe(false);
  });
});

describe("shesd options", () => {
  const period = 24;
  const base = seasonal(24 * 30, period, 7);
  base[100] = 160;
  base[300] = 40;
  base[710] = 170;

  it("detects positive, negative or both-sided anomalies by direction", () => {
    const both = shesd(base, { period, direction: "both", maxAnoms: 0.02 }).anomalies;
    expect(both).toEqual(expect.arrayContaining([100, 300, 710]));
    expect(both.length).toBeLessThanOrEqual(5);
    const pos = shesd(base, { period, maxAnoms: 0.02 }).anomalies; // default "pos", as R
    expect(pos).toEqual(expect.arrayContaining([100, 710]));
    expect(pos).not.toContain(300);
    const neg = shesd(base, { period, direction: "neg", maxAnoms: 0.02 }).anomalies;
    expect(neg).toContain(300);
    expect(neg).not.toContain(100);
    expect(neg).not.toContain(710);
  });

  it("keeps only the last period with onlyLast", () => {
    expect(shesd(base, { period, direction: "both", maxAnoms: 0.02, onlyLast: true }).anomalies).toEqual([710]);
  });

  it("drops anomalies below the median of per-period maxima with threshold med_max", () => {
    const x = Float64Array.from(base);
    x[250] = 80; // a negative anomaly
    const all = shesd(x, { period, direction: "both", maxAnoms: 0.02 }).anomalies;
    expect(all).toEqual(expect.arrayContaining([100, 250, 300, 710]));
    const filtered = shesd(x, { period, direction: "both", maxAnoms: 0.02, threshold: "med_max" }).anomalies;
    expect(filtered).toEqual([100, 710]);
    const p99 = shesd(x, { period, direction: "both", maxAnoms: 0.02, threshold: "p99" }).anomalies;
    expect(p99.every((i) => filtered.includes(i))).toBe(true);
  });

  it("uses a piecewise median per block with longtermPeriod", () => {
    // a level shift half-way: the global median misreads one half, the per-block median does not
    const x = seasonal(24 * 24, period, 8);
    for (let i = 288; i < x.length; i++) x[i] = x[i]! + 30;
    x[400] = x[400]! + 25;
    const global = shesd(x, { period, direction: "both", maxAnoms: 0.02 }).anomalies;
    const piecewise = shesd(x, { period, direction: "both", maxAnoms: 0.02, longtermPeriod: 288 }).anomalies;
    expect(global.length).toBeGreaterThan(3);
    expect(piecewise).toEqual([400]);
  });

  it("returns per-point scores that are highest at the anomalies", () => {
    const r = shesd(base, { period, direction: "both", maxAnoms: 0.02 });
    const top = Array.from(r.scores.keys()).sort((a, b) => r.scores[b]! - r.scores[a]!).slice(0, 3).sort((a, b) => a - b);
    expect(top).toEqual([100, 300, 710]);
  });

  it("runs 14,400 points with period 1440 and maxAnoms 0.10 in well under a second", () => {
    const x = seasonal(14400, 1440, 9);
    const t0 = performance.now();
    shesd(x, { period: 1440, maxAnoms: 0.1, direction: "both" });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("shesd bad input", () => {
  const x = seasonal(200, 24, 10);
  it("rejects a series shorter than two periods", () => {
    expect(() => shesd(x.subarray(0, 48), { period: 24 })).toThrow(/more than two periods/);
    expect(() => shesd(x.subarray(0, 30), { period: 24 })).toThrow(/needs more than two periods/);
  });
  it("rejects NaN in the middle, naming the index", () => {
    const y = Float64Array.from(x);
    y[77] = NaN;
    expect(() => shesd(y, { period: 24 })).toThrow(/index 77/);
  });
  it("rejects maxAnoms outside (0, 0.49]", () => {
    for (const m of [0, -0.1, 0.5, 1, NaN]) expect(() => shesd(x, { period: 24, maxAnoms: m })).toThrow(/maxAnoms must be in \(0, 0.49\]/);
    expect(() => shesd(x, { period: 24, maxAnoms: 0.49 })).not.toThrow();
  });
  it("rejects a non-positive or fractional period", () => {
    for (const p of [0, -5, 1, 2.5]) expect(() => shesd(x, { period: p })).toThrow(/period must be an integer >= 2/);
    expect(() => shesd(x, {} as { period: number })).toThrow(/period/);
  });
  it("rejects unknown direction, threshold and alpha", () => {
    expect(() => shesd(x, { period: 24, direction: "up" as "pos" })).toThrow(/direction/);
    expect(() => shesd(x, { period: 24, threshold: "p90" as "p95" })).toThrow(/threshold/);
    expect(() => shesd(x, { period: 24, alpha: 1 })).toThrow(/alpha/);
    expect(() => shesd(x, { period: 24, longtermPeriod: 30 })).toThrow(/longtermPeriod/);
  });
});

const streamSample = seasonal(24 * 8, 24, 11);
streamSample[150] = 160;
detectorContract("ShesdStreamDetector", () => new ShesdStreamDetector({ period: 24, refitEvery: 12 }), streamSample, { nanIsNoOp: false });

describe("ShesdStreamDetector", () => {
  it("alerts on a spike after warm-up and stays quiet on the seasonal pattern", () => {
    const x = seasonal(24 * 10, 24, 12);
    x[200] = 150;
    const d = new ShesdStreamDetector({ period: 24 });
    const alerts: number[] = [];
    for (let i = 0; i < x.length; i++) {
      if (d.isAlert(x[i]!)) alerts.push(i);
      d.update(x[i]!);
    }
    expect(alerts).toContain(200);
    expect(alerts.length).toBeLessThanOrEqual(5);
    expect(d.ready).toBe(true);
    expect(d.criticalValue).toBeGreaterThan(2.5);
  });

  it("follows the seasonal phase: the expected value tracks the sine", () => {
    const truth = (i: number): number => 100 + 10 * Math.sin((2 * Math.PI * i) / 24);
    const x = seasonal(96, 24, 13);
    const d = new ShesdStreamDetector({ period: 24, refitEvery: 1000 });
    for (const v of x) d.update(v);
    let err = 0;
    for (let i = 96; i < 120; i++) {
      err += Math.abs(d.expected() - truth(i));
      d.update(truth(i));
    }
    expect(err / 24).toBeLessThan(0.6);
  });

  it("rejects invalid options", () => {
    expect(() => new ShesdStreamDetector({ period: 1 })).toThrow(/period/);
    expect(() => new ShesdStreamDetector({ period: 24, window: 48 })).toThrow(/window/);
    expect(() => new ShesdStreamDetector({ period: 24, refitEvery: 0 })).toThrow(/refitEvery/);
    expect(() => new ShesdStreamDetector({ period: 24, alpha: 2 })).toThrow(/alpha/);
  });
});
