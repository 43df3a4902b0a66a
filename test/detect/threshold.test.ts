import { describe, expect, it } from "vitest";
import { ThresholdDetector } from "../../src/detect/threshold.js";
import { scoreSeries } from "../../src/detect/types.js";
import { Rng } from "../../src/core/rng.js";
import { detectorContract } from "./contract.js";

describe("ThresholdDetector", () => {
  it("scores the distance above upper / below lower, 0 inside the band", () => {
    const d = new ThresholdDetector({ upper: 10, lower: 2, scale: 2 });
    expect(d.score(5)).toBe(0);
    expect(d.score(14)).toBe(2);
    expect(d.score(1)).toBe(0.5);
    expect(d.alert(10)).toBe(false);
    expect(d.alert(10.01)).toBe(true);
  });
  it("with consecutive = 3 alerts on the third out-of-band point in a row, and a normal point breaks the run", () => {
    const d = new ThresholdDetector({ upper: 500, consecutive: 3 });
    const s = scoreSeries(d, [600, 600, 450, 600, 600, 620, 700]);
    expect(Array.from(s)).toEqual([0, 0, 0, 0, 0, 120, 200]);
  });
  it("fromQuantiles puts the upper limit at the 99th percentile of normal data", () => {
    const rng = new Rng(1);
    const normal = Array.from({ length: 10001 }, () => rng.normal(100, 10));
    const d = ThresholdDetector.fromQuantiles(normal, { upperQuantile: 0.99, lowerQuantile: 0.01 });
    expect(d.upper).toBeCloseTo(100 + 2.326 * 10, 0);
    expect(d.lower).toBeCloseTo(100 - 2.326 * 10, 0);
    const rate = normal.filter((x) => d.alert(x)).length / normal.length;
    expect(rate).toBeCloseTo(0.02, 2);
  });
  it("satisfies the streaming contract: deterministic, input untouched, score is pure, reset restores", () => {
    const rng = new Rng(2);
    const xs = Array.from({ length: 300 }, () => rng.normal(0, 1));
    const copy = xs.slice();
    const a = new ThresholdDetector({ upper: 1.5, lower: -1.5, consecutive: 2 });
    const first = scoreSeries(a, xs);
    expect(xs).toEqual(copy);
    expect(Array.from(first).some((v) => v > 0)).toBe(true);
    expect(scoreSeries(new ThresholdDetector({ upper: 1.5, lower: -1.5, consecutive: 2 }), xs)).toEqual(first);
    a.update(3); // start a run
    expect(a.score(4)).toBe(a.score(4));
    a.reset();
    expect(scoreSeries(a, xs)).toEqual(first);
    expect(a.score(NaN)).toBe(0);
  });
  it("rejects bad options by name", () => {
    expect(() => new ThresholdDetector()).toThrow(/set upper or lower/);
    expect(() => new ThresholdDetector({ upper: 1, lower: 2 })).toThrow(/lower \(2\) must be below upper \(1\)/);
    expect(() => new ThresholdDetector({ upper: 1, consecutive: 0 })).toThrow(/consecutive must be an integer >= 1/);
    expect(() => new ThresholdDetector({ upper: 1, scale: 0 })).toThrow(/scale must be/);
    expect(() => new ThresholdDetector({ upper: NaN })).toThrow(/upper must be a number/);
    expect(() => ThresholdDetector.fromQuantiles([1, 2], { upperQuantile: 1 })).toThrow(/upperQuantile must be in \(0, 1\)/);
    expect(() => ThresholdDetector.fromQuantiles([1, NaN])).toThrow(/normal\[1\] = NaN/);
  });
});

detectorContract(
  "ThresholdDetector",
  () => new ThresholdDetector({ upper: 1.5, lower: -1.5, consecutive: 2 }),
  Array.from({ length: 300 }, (_, i) => Math.sin(i / 5) * 2),
);
