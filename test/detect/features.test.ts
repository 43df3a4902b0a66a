import { describe, expect, it } from "vitest";
import {
  MinMaxScaler,
  WindowFeaturizer,
  movingAverage,
  rollingStd,
  slidingWindows,
  windowFeatures,
} from "../../src/detect/features.js";
import { Rng } from "../../src/core/rng.js";

describe("moving average and rolling std", () => {
  it("moving average is the trailing mean, aligned to the window's last point", () => {
    expect(Array.from(movingAverage([1, 2, 3, 4, 5], 2))).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(Array.from(movingAverage([1, 2, 3, 4, 5], 5))).toEqual([3]);
  });
  it("rolling std matches the two-pass formula, population and sample", () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    // The classic example: population sd of all eight values is exactly 2.
    expect(rollingStd(xs, 8)[0]).toBeCloseTo(2, 14);
    expect(rollingStd(xs, 8, { ddof: 1 })[0]).toBeCloseTo(Math.sqrt(32 / 7), 14);
    const r = rollingStd(xs, 3);
    const two = (w: number[]) => {
      const m = w.reduce((a, b) => a + b) / w.length;
      return Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / w.length);
    };
    for (let j = 0; j < r.length; j++) expect(r[j]).toBeCloseTo(two(xs.slice(j, j + 3)), 12);
  });
  it("rolling std stays accurate at a large level (1e9 + small noise)", () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 500 }, () => 1e9 + rng.normal(0, 1));
    const r = rollingStd(xs, 50);
    const w = xs.slice(450);
    const m = w.reduce((a, b) => a + b) / 50;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / 50);
    expect(r[r.length - 1]! / sd).toBeCloseTo(1, 6);
  });
  it("sliding windows step through the series", () => {
    const rows = slidingWindows([0, 1, 2, 3, 4, 5], 3, 2);
    expect(rows.map((r) => Array.from(r))).toEqual([[0, 1, 2], [2, 3, 4]]);
  });
  it("rejects bad windows and non-finite values by name", () => {
    expect(() => movingAverage([1, 2], 0)).toThrow(/window must be an integer >= 1/);
    expect(() => movingAverage([1, 2], 3)).toThrow(/window 3 is longer than the series/);
    expect(() => rollingStd([1, NaN, 3], 2)).toThrow(/xs\[1\] = NaN/);
    expect(() => slidingWindows([1, 2, 3], 2, 0)).toThrow(/step/);
  });
});

describe("WindowFeaturizer", () => {
  it("stacks values, moving averages and rolling stds of the last `window` steps", () => {
    const xs = [1, 3, 2, 6, 4, 8];
    const rows = windowFeatures(xs, { window: 2, smooth: 3 });
    // warm-up = window + smooth - 1 = 4 points, so rows end at t = 3, 4, 5.
    expect(rows).toHaveLength(3);
    const ma = movingAverage(xs, 3);
    const sd = rollingStd(xs, 3);
    rows.forEach((row, j) => {
      expect(Array.from(row.subarray(0, 2))).toEqual(xs.slice(j + 2, j + 4));
      expect(row[2]).toBeCloseTo(ma[j]!, 12);
      expect(row[3]).toBeCloseTo(ma[j + 1]!, 12);
      expect(row[4]).toBeCloseTo(sd[j]!, 12);
      expect(row[5]).toBeCloseTo(sd[j + 1]!, 12);
    });
  });
  it("peek(x) equals pushing x and reading current(), and leaves the state unchanged", () => {
    const rng = new Rng(2);
    const f = new WindowFeaturizer({ window: 5, smooth: 4 });
    const g = new WindowFeaturizer({ window: 5, smooth: 4 });
    for (let t = 0; t < 40; t++) {
      const x = rng.normal(10, 3);
      const peeked = f.peek(x);
      const before = f.current();
      expect(f.current()).toEqual(before);
      f.push(x);
      g.push(x);
      const cur = f.current();
      if (t < f.warmup - 1) expect(peeked).toBeNull();
      else for (let i = 0; i < f.dim; i++) expect(peeked![i]).toBeCloseTo(cur![i]!, 10);
      expect(g.current()).toEqual(cur);
    }
  });
  it("reset restores the initial state", () => {
    const f = new WindowFeaturizer({ window: 3, smooth: 2 });
    const first: (Float64Array | null)[] = [];
    for (const x of [1, 5, 2, 8, 3]) { f.push(x); first.push(f.current()); }
    f.reset();
    expect(f.count).toBe(0);
    const second: (Float64Array | null)[] = [];
    for (const x of [1, 5, 2, 8, 3]) { f.push(x); second.push(f.current()); }
    expect(second).toEqual(first);
  });
  it("rejects window < 2, smooth < 2 and non-finite values by name", () => {
    expect(() => new WindowFeaturizer({ window: 1 })).toThrow(/window must be an integer >= 2/);
    expect(() => new WindowFeaturizer({ smooth: 1.5 })).toThrow(/smooth must be an integer >= 2/);
    expect(() => new WindowFeaturizer().push(NaN)).toThrow(/x must be finite/);
    expect(() => windowFeatures([1, 2, 3], { window: 4, smooth: 2 })).toThrow(/shorter than window \+ smooth - 1 = 5/);
  });
});

describe("MinMaxScaler", () => {
  it("maps each training feature onto [0, 1] and inverts", () => {
    const s = new MinMaxScaler().fit([[0, 10, 5], [2, 30, 5], [1, 20, 5]]);
    expect(Array.from(s.transform([1, 30, 5]))).toEqual([0.5, 1, 0]);
    expect(Array.from(s.transform([4, 0, 5]))).toEqual([2, -0.5, 0]);
    expect(Array.from(s.inverse([0.5, 1, 0]))).toEqual([1, 30, 5]);
  });
  it("clips to [0, 1] when asked, and round-trips through JSON", () => {
    const s = new MinMaxScaler({ clip: true }).fit([[0], [10]]);
    expect(Array.from(s.transform([15]))).toEqual([1]);
    const t = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    expect(Array.from(t.transform([-3]))).toEqual([0]);
    expect(Array.from(t.transform([2.5]))).toEqual([0.25]);
  });
  it("names the row and feature of bad training data", () => {
    expect(() => new MinMaxScaler().fit([[1, 2], [3, NaN]])).toThrow(/row 1, feature 1 is NaN/);
    expect(() => new MinMaxScaler().fit([[1, 2], [3]])).toThrow(/row 1 has 1 features/);
    expect(() => new MinMaxScaler().transform([1])).toThrow(/call fit first/);
  });
});
