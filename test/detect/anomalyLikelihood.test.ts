import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { normalCdf } from "../../src/core/stats.js";
import { AnomalyLikelihood, logLikelihoodScore } from "../../src/detect/anomalyLikelihood.js";

function gaussian(n: number, seed: number, mean = 0, sd = 1): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.normal(mean, sd));
}

describe("AnomalyLikelihood", () => {
  it("on a known Gaussian stream with shortWindow 1, gives the Gaussian tail of a new score", () => {
    const al = new AnomalyLikelihood({ shortWindow: 1, longWindow: 5000, learningPeriod: 100 });
    for (const r of gaussian(5000, 1, 3, 2)) al.update(r);
    // 3 + 2 * 2 is two sigmas above the mean: likelihood 1 - Q(2) = 0.9772
    const p = al.evaluate(7);
    expect(p.z).toBeCloseTo(2, 1);
    expect(p.likelihood).toBeCloseTo(1 - normalCdf(-2), 2);
    expect(al.evaluate(3).likelihood).toBeCloseTo(0.5, 1);
    expect(al.evaluate(-1).likelihood).toBeLessThan(0.05);
  });

  it("is calibrated: on a stationary Gaussian stream about 5% of tails fall below 0.05", () => {
    const al = new AnomalyLikelihood({ shortWindow: 1, longWindow: 2000, learningPeriod: 500 });
    let below = 0;
    let counted = 0;
    for (const r of gaussian(10000, 2)) {
      const p = al.evaluate(r);
      if (al.ready) {
        counted++;
        if (p.tail < 0.05) below++;
      }
      al.update(r);
    }
    expect(counted).toBe(9500);
    expect(below / counted).toBeGreaterThan(0.04);
    expect(below / counted).toBeLessThan(0.06);
  });

  it("averages the last shortWindow raw scores: a sustained shift scores higher than one spike of the same size", () => {
    const al = new AnomalyLikelihood({ shortWindow: 10, longWindow: 3000, learningPeriod: 300 });
    for (const r of gaussian(3000, 3, 1, 0.2)) al.update(r);
    const spike = al.evaluate(1.6).logScore;
    for (let i = 0; i < 9; i++) al.update(1.6);
    const sustained = al.evaluate(1.6).logScore;
    expect(sustained).toBeGreaterThan(0.5);
    expect(spike).toBeLessThan(sustained);
  });

  it("emits likelihood 0.5 and score 0 during the learning period, then becomes ready", () => {
    const al = new AnomalyLikelihood({ learningPeriod: 50 });
    const xs = gaussian(60, 4);
    for (let i = 0; i < 50; i++) {
      expect(al.evaluate(100)).toMatchObject({ likelihood: 0.5, logScore: 0, tail: 0.5 });
      al.update(xs[i]!);
    }
    expect(al.ready).toBe(true);
    expect(al.evaluate(100).logScore).toBe(1);
  });

  it("maps tail probabilities to NAB's log scale: 1e-5 -> 0.5, 1e-10 or less -> ~1, 0.5 -> ~0.03", () => {
    expect(logLikelihoodScore(1e-5)).toBeCloseTo(0.5, 4);
    expect(logLikelihoodScore(0)).toBe(1);
    expect(logLikelihoodScore(1e-12)).toBeGreaterThan(0.99);
    expect(logLikelihoodScore(0.5)).toBeCloseTo(Math.log(0.5) / Math.log(1e-10), 6);
    expect(logLikelihoodScore(1)).toBe(0);
  });

  it("log transform: a tenfold raw score is as unusual on any scale", () => {
    const run = (scale: number) => {
      const al = new AnomalyLikelihood({ transform: "log", shortWindow: 1, learningPeriod: 100 });
      for (const r of gaussian(1000, 5, 0, 0.3)) al.update(scale * Math.exp(r));
      return al.evaluate(scale * 10).z;
    };
    expect(run(1e-3)).toBeCloseTo(run(1e3), 6);
  });

  it("is causal and pure: evaluate does not change state, NaN is ignored, reset restores", () => {
    const xs = gaussian(800, 6);
    const trace = (al: AnomalyLikelihood, s: number[]) =>
      s.map((r) => {
        const v = al.evaluate(r).logScore;
        al.update(r);
        return v;
      });
    const a = new AnomalyLikelihood({ learningPeriod: 100 });
    const full = trace(a, xs);
    const prefix = trace(new AnomalyLikelihood({ learningPeriod: 100 }), xs.slice(0, 500));
    expect(full.slice(0, 500)).toEqual(prefix);
    expect(a.evaluate(2)).toEqual(a.evaluate(2));
    const before = a.evaluate(2);
    a.update(NaN);
    expect(a.evaluate(2)).toEqual(before);
    a.reset();
    expect(a.historyLength).toBe(0);
    expect(trace(a, xs)).toEqual(full);
  });

  it("rejects bad options by naming them", () => {
    expect(() => new AnomalyLikelihood({ shortWindow: 0 })).toThrow(/shortWindow must be an integer >= 1/);
    expect(() => new AnomalyLikelihood({ longWindow: 5 })).toThrow(/longWindow must be an integer >= 10/);
    expect(() => new AnomalyLikelihood({ learningPeriod: 1.5 })).toThrow(/learningPeriod/);
    expect(() => new AnomalyLikelihood({ transform: "sqrt" as "log" })).toThrow(/transform must be/);
    expect(() => new AnomalyLikelihood({ minStd: 0 })).toThrow(/minStd must be/);
  });
});
