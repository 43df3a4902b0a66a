import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { EwmaDetector, ewmaDetect } from "../../src/detect/ewma.js";
import { scoreSeries } from "../../src/detect/types.js";
import { detectorContract } from "./contract.js";

function noise(n: number, seed: number, mean = 10, sd = 1): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => rng.normal(mean, sd));
}

const sample = noise(400, 1);
sample[300] = 40; // a spike for the "flags something" check

detectorContract("EwmaDetector", () => new EwmaDetector({ alpha: 0.1, warmup: 20 }), sample);

describe("EwmaDetector", () => {
  it("flags a 6-sigma spike within one step", () => {
    const xs = noise(500, 2);
    xs[400] = 10 + 6;
    const { anomalies, scores } = ewmaDetect(xs, { alpha: 0.05, L: 3 });
    expect(anomalies).toContain(400);
    expect(scores[400]).toBeGreaterThan(4.5);
  });

  it("raises few false alarms on stationary Gaussian noise (about 0.27% at L = 3)", () => {
    const xs = noise(20000, 3);
    const { anomalies } = ewmaDetect(xs, { alpha: 0.01, L: 3, warmup: 200 });
    expect(anomalies.length / xs.length).toBeLessThan(0.01);
    expect(anomalies.length).toBeGreaterThan(0);
  });

  it("tracks the EWMA mean and variance by the documented recursion", () => {
    const d = new EwmaDetector({ alpha: 0.5, warmup: 2, minRelSigma: 0 });
    d.update(1);
    d.update(3); // warm-up: mean 2, sample variance 2
    expect(d.center).toBe(2);
    expect(d.sigma).toBeCloseTo(Math.SQRT2, 15);
    // score uses the state before x: |5 - 2| / sqrt(2)
    expect(d.score(5)).toBeCloseTo(3 / Math.SQRT2, 15);
    d.update(5); // delta 3: mean 3.5, var 0.5 * (2 + 0.5 * 9) = 3.25
    expect(d.center).toBe(3.5);
    expect(d.sigma).toBeCloseTo(Math.sqrt(3.25), 15);
    expect(d.limits().upper).toBeCloseTo(3.5 + 3 * Math.sqrt(3.25), 12);
  });

  it("scores 0 during warm-up and reports readiness", () => {
    const d = new EwmaDetector({ warmup: 5 });
    for (let i = 0; i < 4; i++) {
      expect(d.score(100 * i)).toBe(0);
      d.update(i);
    }
    expect(d.ready).toBe(false);
    d.update(4);
    expect(d.ready).toBe(true);
    expect(d.score(100)).toBeGreaterThan(0);
  });

  it("skips NaN and Infinity in update and scores them 0", () => {
    const a = new EwmaDetector({ warmup: 3 });
    const b = new EwmaDetector({ warmup: 3 });
    for (const x of [1, 2, NaN, 3, Infinity, 4, -Infinity, 5]) {
      expect(Number.isFinite(a.score(x)) && a.score(x) >= 0).toBe(true);
      a.update(x);
    }
    for (const x of [1, 2, 3, 4, 5]) b.update(x);
    expect(a.score(7)).toBe(b.score(7));
    expect(a.score(NaN)).toBe(0);
  });

  it("gives the same scores in scoreBatch as in score/update", () => {
    const xs = noise(1000, 4);
    xs[500] = NaN;
    xs[600] = 30;
    const viaStream = scoreSeries(new EwmaDetector({ alpha: 0.2 }), xs);
    const viaBatch = new EwmaDetector({ alpha: 0.2 }).scoreBatch(xs);
    expect(Array.from(viaBatch)).toEqual(Array.from(viaStream));
  });

  it("does not divide by zero on a flat signal", () => {
    const d = new EwmaDetector({ warmup: 3 });
    for (let i = 0; i < 10; i++) d.update(5);
    expect(d.score(5)).toBe(0);
    expect(Number.isFinite(d.score(5.001))).toBe(true);
    expect(d.score(5.001)).toBeGreaterThan(3);
  });

  it("rejects invalid options with a message naming the option", () => {
    expect(() => new EwmaDetector({ alpha: 0 })).toThrow(/alpha/);
    expect(() => new EwmaDetector({ alpha: 1.5 })).toThrow(/alpha/);
    expect(() => new EwmaDetector({ L: -1 })).toThrow(/L must/);
    expect(() => new EwmaDetector({ warmup: 1 })).toThrow(/warmup/);
    expect(() => new EwmaDetector({ warmup: 2.5 })).toThrow(/warmup/);
    expect(() => new EwmaDetector({ minRelSigma: -1 })).toThrow(/minRelSigma/);
  });
});
