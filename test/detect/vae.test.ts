import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initTf } from "../../src/core/tf.js";
import { Rng } from "../../src/core/rng.js";
import { Vae, VaeDetector } from "../../src/detect/vae.js";
import { windowFeatures } from "../../src/detect/features.js";
import { readModelArtifacts } from "../../src/policy/tfjsIo.js";
import { detectorContract } from "./contract.js";

function sine(n: number, seed: number, level = 10): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, t) => level + 3 * Math.sin((2 * Math.PI * t) / 40) + rng.normal(0, 0.3));
}

const SMALL = { window: 8, smooth: 4, pcaComponents: 4, hiddenUnits: 16, latentDim: 2, epochs: 8 } as const;
let dir: string;

beforeAll(async () => {
  await initTf({ quiet: true });
  dir = mkdtempSync(join(tmpdir(), "deploylab-vae-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Vae network", () => {
  it("keeps tf.memory().numTensors constant across training steps and batched scoring", () => {
    const rng = new Rng(1);
    const rows = Array.from({ length: 256 }, () => Array.from({ length: 6 }, () => rng.normal()));
    const vae = new Vae({ inputDim: 6, latentDim: 2, batchSize: 32, seed: 1 });
    vae.train(rows, 1); // the first step creates Adam's moment variables
    const before = tf.memory().numTensors;
    vae.train(rows, 3);
    expect(vae.trainSteps).toBe(32);
    const flat = Float32Array.from(rows.flat());
    vae.reconstructBatch(flat, rows.length);
    vae.negElboBatch(flat, rows.length);
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });
  it("lowers the negative ELBO while training on structured data", () => {
    const rng = new Rng(2);
    const rows = Array.from({ length: 400 }, () => {
      const a = rng.normal();
      return [a, 2 * a, -a, 0.5 * a + rng.normal(0, 0.05)];
    });
    const vae = new Vae({ inputDim: 4, latentDim: 2, decoderStd: 0.2, seed: 2 });
    const log = vae.train(rows, 30);
    expect(log.loss[29]!).toBeLessThan(0.3 * log.loss[0]!);
    expect(log.kl[29]!).toBeGreaterThan(0);
    vae.dispose();
  });
  it("the plain forward pass agrees with the tfjs batch path", () => {
    const rng = new Rng(3);
    const rows = Array.from({ length: 64 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const vae = new Vae({ inputDim: 5, seed: 3 });
    vae.train(rows, 2);
    const batch = vae.reconstructBatch(Float32Array.from(rows.flat()), 64);
    for (const r of [0, 17, 63]) {
      const one = vae.reconstructOne(rows[r]!).xHat;
      for (let j = 0; j < 5; j++) expect(one[j]).toBeCloseTo(batch[r * 5 + j]!, 5);
    }
    vae.dispose();
  });
  it("rejects bad configuration by naming the option", () => {
    expect(() => new Vae({ inputDim: 0 })).toThrow(/inputDim must be an integer >= 1/);
    expect(() => new Vae({ inputDim: 3, latentDim: 0 })).toThrow(/latentDim must be an integer >= 1/);
    expect(() => new Vae({ inputDim: 3, decoderStd: 0 })).toThrow(/decoderStd/);
    expect(() => new Vae({ inputDim: 3, beta: -1 })).toThrow(/beta/);
  });
});

describe("VaeDetector", () => {
  const train = sine(600, 10);

  it("scores a spike and a flatline above every normal window", () => {
    const d = new VaeDetector({ ...SMALL, seed: 4 });
    d.fit(train);
    const test = sine(400, 11);
    const normal = d.scoreSeries(test.slice(0, 200));
    const tail = test.slice(200);
    tail[50] = tail[50]! + 5;
    for (let i = 120; i < 140; i++) tail[i] = 10;
    const s = d.scoreSeries(tail);
    const maxNormal = Math.max(...Array.from(normal));
    expect(s[50]!).toBeGreaterThan(2 * maxNormal);
    expect(Math.max(...Array.from(s.subarray(130, 140)))).toBeGreaterThan(maxNormal);
    d.dispose();
  });
  it("gives identical scores for the same seed and different ones for another seed", () => {
    const test = sine(200, 12);
    const run = (seed: number) => {
      const d = new VaeDetector({ ...SMALL, seed });
      d.fit(train);
      const s = d.scoreSeries(test);
      d.dispose();
      return s;
    };
    const a = run(5);
    expect(run(5)).toEqual(a);
    expect(run(6)).not.toEqual(a);
  });
  it("streaming scores equal the batched tfjs scores of the same windows", () => {
    const d = new VaeDetector({ ...SMALL, seed: 7 });
    d.fit(train);
    const test = sine(120, 13);
    const stream = d.scoreSeries(test);
    const batch = d.scoreBatch(windowFeatures(test, { window: SMALL.window, smooth: SMALL.smooth }));
    const lag = SMALL.window + SMALL.smooth - 2;
    expect(Array.from(stream.subarray(0, lag)).every((v) => v === 0)).toBe(true);
    for (let j = 0; j < batch.length; j++) expect(stream[j + lag]! / batch[j]!).toBeCloseTo(1, 4);
    d.dispose();
  });
  it("keeps the tensor count constant while fitting, scoring and fine-tuning", () => {
    const d = new VaeDetector({ ...SMALL, seed: 8 });
    d.fit(train, { epochs: 1 });
    d.fineTune(train.slice(0, 100), { epochs: 1 });
    const before = tf.memory().numTensors;
    d.fineTune(train.slice(100, 300), { epochs: 2 });
    d.scoreSeries(train.slice(0, 50));
    d.scoreBatch(windowFeatures(train.slice(0, 200), { window: 8, smooth: 4 }));
    expect(tf.memory().numTensors).toBe(before);
    d.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  });
  it("save -> load gives identical streaming and batched scores", async () => {
    const d = new VaeDetector({ ...SMALL, seed: 9, score: "negElbo" });
    d.fit(train);
    const out = join(dir, "det");
    await d.save(out);
    expect(existsSync(join(out, "vae", "encoder", "model.json"))).toBe(true);
    expect(existsSync(join(out, "vae", "decoder", "weights.bin"))).toBe(true);
    expect(readModelArtifacts(join(out, "vae", "encoder")).weightSpecs!.length).toBe(6);
    const e = await VaeDetector.load(out);
    const test = sine(150, 14);
    const w = windowFeatures(test, { window: 8, smooth: 4 });
    expect(e.scoreBatch(w)).toEqual(d.scoreBatch(w));
    expect(e.scoreSeries(test)).toEqual(d.scoreSeries(test));
    expect(e.options.score).toBe("negElbo");
    d.dispose();
    e.dispose();
  });
  it("trains itself after `trainAfter` points, and reset forgets the model", () => {
    const d = new VaeDetector({ ...SMALL, seed: 10, trainAfter: 300 });
    const s1 = d.scoreSeries(train.slice(0, 400));
    expect(Array.from(s1.subarray(0, 300)).every((v) => v === 0)).toBe(true);
    expect(d.isFitted).toBe(true);
    expect(s1[350]!).toBeGreaterThan(0);
    // score does not change state
    expect(d.score(12)).toBe(d.score(12));
    d.reset();
    expect(d.isFitted).toBe(false);
    expect(d.score(12)).toBe(0);
    const s2 = d.scoreSeries(train.slice(0, 400));
    expect(s2).toEqual(s1);
    d.dispose();
  });
  it("fine-tuning on a level shift labelled normal lowers its scores", () => {
    const d = new VaeDetector({ ...SMALL, seed: 11 });
    d.fit(train);
    const shifted = sine(300, 15, 16);
    const before = d.scoreSeries(shifted.slice(150));
    d.resetStream();
    d.fineTune(shifted.slice(0, 150), { epochs: 10 });
    const after = d.scoreSeries(shifted.slice(150));
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(after)).toBeLessThan(0.2 * mean(before));
    d.dispose();
  });
  it("rejects bad options and training data by naming them", () => {
    expect(() => new VaeDetector({ window: 1 })).toThrow(/window must be an integer >= 2/);
    expect(() => new VaeDetector({ latentDim: 0 })).toThrow(/latentDim must be an integer >= 1/);
    expect(() => new VaeDetector({ window: 4, pcaComponents: 13 })).toThrow(/pcaComponents = 13 exceeds the 12 window features/);
    expect(() => new VaeDetector({ trainAfter: 5 })).toThrow(/trainAfter must be an integer >= window \+ smooth \+ 1/);
    const d = new VaeDetector(SMALL);
    const bad = train.slice(0, 100);
    bad[42] = NaN;
    expect(() => d.fit(bad)).toThrow(/training value \[42\] is NaN/);
    expect(() => d.fit([1, 2, 3])).toThrow(/need at least window \+ smooth = 12 values/);
    expect(() => d.fineTune(train)).toThrow(/call fit first/);
    expect(() => readModelArtifacts(join(dir, "nowhere"))).toThrow(/nowhere\/model.json: no such file/);
  });
});

detectorContract(
  "VaeDetector (self-training after 200 points)",
  () => new VaeDetector({ ...SMALL, epochs: 3, seed: 20, trainAfter: 200 }),
  sine(300, 22),
  { dispose: (d) => (d as VaeDetector).dispose() },
);
