import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initTf } from "../../src/core/tf.js";
import { Rng } from "../../src/core/rng.js";
import { HybridDetector, nabHybridOptions, type HybridOptions } from "../../src/detect/hybrid.js";
import { nabProbationLength } from "../../src/detect/nab/sweeper.js";
import { scoreSeries } from "../../src/detect/types.js";
import { detectorContract } from "./contract.js";

function sine(n: number, seed: number, level = 50): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, t) => level + 5 * Math.sin((2 * Math.PI * t) / 48) + rng.normal(0, 0.5));
}

const SMALL: HybridOptions = {
  probation: 300,
  history: 300,
  vae: { window: 8, smooth: 4, pcaComponents: 4, hiddenUnits: 16, latentDim: 2, epochs: 10 },
  seed: 3,
};

beforeAll(async () => {
  await initTf({ quiet: true });
});

describe("HybridDetector", () => {
  it("trains the VAE when the probation ends and alerts on a spike after it, rarely on normal data", () => {
    const d = new HybridDetector(SMALL);
    const xs = sine(900, 1);
    xs[700] = xs[700]! + 8;
    const s = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      if (i === 299) expect(d.vaeReady).toBe(false);
      s[i] = d.score(xs[i]!);
      d.update(xs[i]!);
    }
    expect(d.vaeReady).toBe(true);
    expect(s[700]!).toBeGreaterThanOrEqual(0.5);
    const parts = new HybridDetector({ ...SMALL, useVae: false });
    expect(parts.vaeReady).toBe(false);
    let alarms = 0;
    for (let i = 300; i < 900; i++) if (i !== 700 && s[i]! >= 0.5) alarms++;
    expect(alarms / 599).toBeLessThan(0.02);
    d.dispose();
  });
  it("explains a score by its EWMA and VAE parts; the spike shows in both", () => {
    const d = new HybridDetector(SMALL);
    const xs = sine(400, 2);
    scoreSeries(d, xs);
    const p = d.explain(xs[399]! + 8);
    expect(p.ewmaZ).toBeGreaterThan(4);
    expect(p.vaeZ).toBeGreaterThan(2);
    expect(p.z).toBe(Math.max(p.ewmaZ, p.vaeZ));
    expect(p.score).toBeCloseTo(p.z / (p.z + 4), 12);
    d.dispose();
  });
  it("with a cooldown, a persistent level shift raises one alert instead of a burst", () => {
    const xs = sine(700, 4);
    for (let i = 500; i < 700; i++) xs[i] = xs[i]! + 20;
    const count = (opts: HybridOptions) => {
      const d = new HybridDetector({ ...opts, useVae: false, ewma: { alpha: 0.005 } });
      const s = scoreSeries(d, xs);
      return Array.from(s.subarray(300)).filter((v) => v >= 0.5).length;
    };
    const burst = count(SMALL);
    const once = count({ ...SMALL, cooldown: 150 });
    expect(burst).toBeGreaterThan(3);
    expect(once).toBe(1);
  });
  it("feedback on a level shift labelled normal re-baselines the EWMA, fine-tunes the VAE and lowers the scores", () => {
    const run = (withFeedback: boolean) => {
      // A slow EWMA baseline (alpha 0.01), as for production metrics: it has not caught up by itself.
      const d = new HybridDetector({ ...SMALL, ewma: { alpha: 0.01 } });
      scoreSeries(d, sine(400, 5));
      const shifted = sine(200, 6, 70); // the service now runs at a new, intended level
      const recovery = shifted.slice(0, 60);
      scoreSeries(d, recovery);
      if (withFeedback) {
        const log = d.feedback({ values: recovery, labelledNormal: true, fineTuneEpochs: 10 });
        expect(log).not.toBeNull();
      }
      const rest = shifted.slice(60, 120);
      const parts = rest.map((x) => {
        const p = d.explain(x);
        d.update(x);
        return p;
      });
      d.dispose();
      const mean = (f: (p: (typeof parts)[number]) => number) => parts.reduce((a, p) => a + f(p), 0) / parts.length;
      return { score: mean((p) => p.score), ewma: mean((p) => p.ewmaRaw), vae: mean((p) => p.vaeRaw) };
    };
    const without = run(false);
    const withFb = run(true);
    expect(withFb.score).toBeLessThan(0.5 * without.score);
    expect(Number.isFinite(withFb.ewma)).toBe(true);
    expect(withFb.vae).toBeLessThan(0.5 * without.vae);
  });
  it("feedback labelled abnormal learns nothing", () => {
    const d = new HybridDetector({ ...SMALL, useVae: false });
    const xs = sine(400, 7);
    scoreSeries(d, xs);
    const before = d.score(60);
    expect(d.feedback({ values: [90, 95, 99], labelledNormal: false })).toBeNull();
    expect(d.score(60)).toBe(before);
  });
  it("satisfies the streaming contract: same seed same scores, input untouched, score is pure, reset restores", () => {
    const xs = sine(500, 8);
    xs[450] = xs[450]! + 10;
    const copy = xs.slice();
    const a = new HybridDetector(SMALL);
    const first = scoreSeries(a, xs);
    expect(xs).toEqual(copy);
    const b = new HybridDetector(SMALL);
    expect(scoreSeries(b, xs)).toEqual(first);
    b.dispose();
    expect(a.score(55)).toBe(a.score(55));
    expect(a.score(NaN)).toBe(0);
    a.reset();
    expect(a.vaeReady).toBe(false);
    expect(scoreSeries(a, xs)).toEqual(first);
    a.dispose();
  });
  it("leaves no tensors behind after training, scoring, feedback and dispose", () => {
    const before = tf.memory().numTensors;
    const d = new HybridDetector(SMALL);
    const xs = sine(450, 9);
    scoreSeries(d, xs);
    d.feedback({ values: xs.slice(300), labelledNormal: true, fineTuneEpochs: 2 });
    d.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it("rejects bad options by naming them", () => {
    expect(() => new HybridDetector({ useVae: false, useEwma: false })).toThrow(/enable at least one part/);
    expect(() => new HybridDetector({ probation: 10 })).toThrow(/probation = 10 is too short for the VAE/);
    expect(() => new HybridDetector({ weights: { vae: 0 } })).toThrow(/weights.vae must be/);
    expect(() => new HybridDetector({ combine: "mean" as "max" })).toThrow(/combine must be/);
    expect(() => new HybridDetector({ cooldown: -1 })).toThrow(/cooldown must be an integer >= 0/);
    expect(() => new HybridDetector({ alertZ: 0 })).toThrow(/alertZ/);
    expect(() => new HybridDetector({ vae: { latentDim: 0 } })).toThrow(/latentDim must be an integer >= 1/);
    expect(() => new HybridDetector({ ewma: { alpha: 2 } })).toThrow(/alpha/);
    const d = new HybridDetector({ useVae: false });
    expect(() => d.feedback({ values: [1, NaN], labelledNormal: true })).toThrow(/values\[1\] = NaN/);
    expect(() => d.fit([1, 2, 3])).toThrow(/VAE part is disabled/);
  });
});

const LIK: HybridOptions = {
  ...SMALL,
  scoring: "likelihood",
  likelihood: { shortWindow: 10, longWindow: 2000, learningPeriod: 150 },
  ewma: { alpha: 0.01 },
  alertLevel: 0.5,
};

describe("HybridDetector with anomaly-likelihood scoring", () => {
  it("scores in [0, 1], alerts on a level shift after learning, and rarely on normal data", () => {
    const d = new HybridDetector(LIK);
    const xs = sine(1200, 11);
    for (let i = 1000; i < 1200; i++) xs[i] = xs[i]! + 6;
    const parts = xs.map((x) => {
      const p = d.explain(x);
      d.update(x);
      return p;
    });
    d.dispose();
    for (const p of parts) expect(p.score >= 0 && p.score <= 1).toBe(true);
    // the VAE part learns only after the probation: no VAE likelihood before 300 + 150 rows
    expect(parts.slice(0, 450).every((p) => (p.vaeLikelihood ?? 0) === 0)).toBe(true);
    expect(parts.slice(450, 1000).some((p) => (p.vaeLikelihood ?? 0) > 0)).toBe(true);
    expect(parts.slice(1000, 1030).some((p) => p.alert)).toBe(true);
    const falseAlarms = parts.slice(300, 1000).filter((p) => p.alert).length;
    expect(falseAlarms).toBeLessThan(7);
    const p = parts[1005]!;
    expect(p.z).toBe(Math.max(p.ewmaLikelihood!, p.vaeLikelihood!));
  });

  it("combine = sum multiplies the parts' tail probabilities", () => {
    const d = new HybridDetector({ ...LIK, combine: "sum" });
    const xs = sine(700, 12);
    scoreSeries(d, xs);
    const p = d.explain(xs[699]! + 3);
    const tail = (s: number) => Math.exp(s * Math.log(1e-10)) - 1e-10;
    expect(p.z).toBeCloseTo(Math.log(tail(p.ewmaLikelihood!) * tail(p.vaeLikelihood!) + 1e-10) / Math.log(1e-10), 6);
    expect(p.z).toBeGreaterThanOrEqual(Math.max(p.ewmaLikelihood!, p.vaeLikelihood!) - 1e-9);
    d.dispose();
  });

  it("silences the score for `cooldown` steps after an alert (cooldownFactor 0)", () => {
    const d = new HybridDetector({ ...LIK, useVae: false, cooldown: 50, cooldownFactor: 0 });
    const rng = new Rng(13);
    const xs = Array.from({ length: 800 }, (_, i) => 50 + rng.normal(0, 0.5) + (i >= 600 ? 8 : 0));
    const s = scoreSeries(d, xs);
    const first = Array.from(s).findIndex((v, i) => i >= 300 && v >= 0.5);
    expect(first).toBeGreaterThanOrEqual(600);
    expect(first).toBeLessThan(610);
    expect(Array.from(s.subarray(first + 1, first + 51)).every((v) => v === 0)).toBe(true);
  });

  it("is causal: appending future points does not change past scores", () => {
    const opts = { ...nabHybridOptions(1000), vae: { epochs: 3 }, seed: 5 };
    const xs = sine(1300, 14);
    for (let i = 1100; i < 1300; i++) xs[i] = xs[i]! * 2;
    const a = new HybridDetector(opts);
    const b = new HybridDetector(opts);
    const short = scoreSeries(a, xs.slice(0, 1000));
    const long = scoreSeries(b, xs);
    a.dispose();
    b.dispose();
    expect(Array.from(long.subarray(0, 1000))).toEqual(Array.from(short));
    expect(long.subarray(1000).some((v) => v > 0)).toBe(true);
  });

  it("is deterministic for a seed and differs across seeds only through the VAE", () => {
    const xs = sine(900, 15);
    xs[800] = xs[800]! + 10;
    const run = (seed: number) => {
      const d = new HybridDetector({ ...LIK, seed });
      const s = scoreSeries(d, xs);
      d.dispose();
      return Array.from(s);
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
  });

  it("nabHybridOptions uses NAB's probation and the likelihood preset; nabPreset builds it", () => {
    const o = nabHybridOptions(4032);
    expect(o.probation).toBe(nabProbationLength(4032));
    expect(nabHybridOptions(20000).probation).toBe(750);
    expect(o).toMatchObject({ scoring: "likelihood", combine: "max", cooldown: 100, cooldownFactor: 0, alertLevel: 0.7 });
    const d = HybridDetector.nabPreset(4032, { seed: 9 });
    expect(d.options.probation).toBe(604);
    expect(d.options.seed).toBe(9);
    expect(d.options.scoring).toBe("likelihood");
    d.dispose();
    expect(() => nabHybridOptions(0)).toThrow(/numRows must be a positive integer/);
    expect(new HybridDetector().options.scoring).toBe("standardised");
    expect(() => new HybridDetector({ scoring: "rank" as "likelihood" })).toThrow(/scoring must be/);
    expect(() => new HybridDetector({ alertLevel: 1.5 })).toThrow(/alertLevel must be in \(0, 1\]/);
  });
});

detectorContract(
  "HybridDetector (EWMA + VAE, likelihood scoring)",
  () => new HybridDetector({ ...LIK, probation: 100, likelihood: { learningPeriod: 50 }, vae: { ...SMALL.vae, epochs: 3 } }),
  (() => {
    const xs = sine(320, 22);
    xs[300] = xs[300]! + 10;
    return xs;
  })(),
  { dispose: (d) => (d as HybridDetector).dispose() },
);

detectorContract(
  "HybridDetector (EWMA + VAE)",
  () => new HybridDetector({ ...SMALL, probation: 200, vae: { ...SMALL.vae, epochs: 3 } }),
  (() => {
    const xs = sine(320, 21);
    xs[300] = xs[300]! + 10;
    return xs;
  })(),
  { dispose: (d) => (d as HybridDetector).dispose() },
);
