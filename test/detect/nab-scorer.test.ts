import { describe, expect, it } from "vitest";
import { loadNabCorpus, loadNabProfiles, loadTwitterAdVecDetections } from "../../src/data/nab.js";
import { NAB_PROFILES, nabOptimizeThreshold, nabScoreCorpus } from "../../src/detect/nab/corpus.js";
import { nabProbationLength, nabScoreFile, nabScoresByThreshold, nabSweepFile, scaledSigmoid } from "../../src/detect/nab/sweeper.js";
import { NAB_DIR } from "./nabDir.js";

const unit = { tpWeight: 1, fpWeight: 1, fnWeight: 1 };

function scores(n: number, hits: number[], value = 1): Float64Array {
  const a = new Float64Array(n);
  for (const i of hits) a[i] = value;
  return a;
}

describe("NAB scaled sigmoid and probation", () => {
  it("matches NAB's documented values", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3)).toBe(-1);
  });
  it("uses min(floor(0.15 n), 750) probationary rows", () => {
    expect(nabProbationLength(4032)).toBe(604);
    expect(nabProbationLength(22695)).toBe(750);
    expect(nabProbationLength(1127)).toBe(169);
  });
});

describe("NAB sweeper on one file (NAB's own test cases)", () => {
  const n = 1000;
  const win = [{ start: 500, end: 509 }];
  it("scores 0 with no windows and no detections", () => {
    expect(nabScoreFile(new Float64Array(10), [], unit, 0.5, { probationPercent: 0 }).score).toBe(0);
  });
  it("costs exactly A_FN for a missed window", () => {
    const r = nabScoreFile(new Float64Array(n), win, { ...unit, fnWeight: 2 }, 0.5, { probationPercent: 0 });
    expect(r.score).toBe(-2);
    expect([r.tp, r.fn, r.fp, r.tn]).toEqual([0, 10, 0, 990]);
  });
  it("scores a detection on the window's first row as A_TP", () => {
    expect(nabScoreFile(scores(n, [500]), win, unit, 0.5, { probationPercent: 0 }).score).toBeCloseTo(1, 12);
  });
  it("rewards earlier detections more and counts only the best one per window", () => {
    const early = nabScoreFile(scores(n, [501]), win, unit, 0.5, { probationPercent: 0 }).score;
    const late = nabScoreFile(scores(n, [508]), win, unit, 0.5, { probationPercent: 0 }).score;
    const both = nabScoreFile(scores(n, [501, 508]), win, unit, 0.5, { probationPercent: 0 });
    expect(early).toBeGreaterThan(late);
    expect(both.score).toBe(early);
    expect(both.tp).toBe(2);
  });
  it("charges -A_FP for a false positive before any window and less just after a window", () => {
    const before = nabScoreFile(scores(n, [500, 100]), win, { ...unit, fpWeight: 0.11 }, 0.5, { probationPercent: 0 }).score;
    const tpOnly = nabScoreFile(scores(n, [500]), win, { ...unit, fpWeight: 0.11 }, 0.5, { probationPercent: 0 }).score;
    expect(before - tpOnly).toBeCloseTo(-0.11, 12);
    const justAfter = nabScoreFile(scores(n, [500, 511]), win, { ...unit, fpWeight: 0.11 }, 0.5, { probationPercent: 0 }).score;
    // position |509 - 511| / (10 - 1)
    expect(justAfter - tpOnly).toBeCloseTo(0.11 * scaledSigmoid(2 / 9), 12);
  });
  it("ignores detections in the probationary period", () => {
    const r = nabScoreFile(scores(n, [10]), win, unit, 0.5);
    expect(r.score).toBe(-1);
    expect(r.fp).toBe(0);
  });
  it("sweeps every distinct threshold from high to low", () => {
    const pts = nabSweepFile(Float64Array.from({ length: 20 }, (_, i) => (i === 12 ? 0.9 : i === 3 ? 0.7 : 0.1)), [{ start: 10, end: 14 }], unit, { probationPercent: 0 });
    const sweep = nabScoresByThreshold(pts, 1);
    expect(sweep.map((s) => s.threshold)).toEqual([Infinity, 0.9, 0.7, 0.1]);
    expect(sweep[0]!.score).toBe(-1);
    expect(sweep[1]!.tp).toBe(1);
    expect(sweep[2]!.fp).toBe(1);
    expect(sweep[3]!.tp + sweep[3]!.fp).toBe(20);
  });
  it("rejects overlapping or out-of-range windows and NaN scores", () => {
    expect(() => nabSweepFile(new Float64Array(10), [{ start: 2, end: 12 }], unit)).toThrow(/not inside rows/);
    expect(() => nabSweepFile(new Float64Array(10), [{ start: 2, end: 5 }, { start: 4, end: 6 }], unit)).toThrow(/sorted and disjoint/);
    expect(() => nabScoreCorpus([{ file: "a/b.csv", anomalyScores: [0, NaN, 0], windows: [] }])).toThrow(/row 1: anomaly score is NaN/);
  });
});

describe("NAB scorer golden: NAB's published twitterADVec scores from the R detections", async () => {
  const corpus = await loadNabCorpus({ dir: NAB_DIR });
  const det = await loadTwitterAdVecDetections({ dir: NAB_DIR });
  const files = corpus.map((s) => ({ file: s.file, anomalyScores: scores(s.values.length, det[s.file]!.detections), windows: s.windows }));

  it("loads NAB's 58 files and 116 windows", () => {
    expect(corpus.length).toBe(58);
    expect(corpus.reduce((s, c) => s + c.windows.length, 0)).toBe(116);
  });

  it("uses the cost matrices of config/profiles.json", async () => {
    const profiles = await loadNabProfiles({ dir: NAB_DIR });
    for (const [k, v] of Object.entries(NAB_PROFILES)) expect(profiles[k]).toEqual(v);
  });

  it("reproduces 47.06 / 33.61 / 53.50 at NAB's threshold 0.5", () => {
    const r = nabScoreCorpus(files, { thresholds: { standard: 0.5, reward_low_FP_rate: 0.5, reward_low_FN_rate: 0.5 } });
    // published_final_results.json: 47.06195725408189, 33.610051641206894, 53.50107495100574
    expect(r.standard!.normalizedScore).toBeCloseTo(47.06195725408189, 8);
    expect(r.reward_low_FP_rate!.normalizedScore).toBeCloseTo(33.610051641206894, 8);
    expect(r.reward_low_FN_rate!.normalizedScore).toBeCloseTo(53.50107495100574, 8);
    expect(r.standard!.nullScore).toBe(-116);
    expect(r.reward_low_FN_rate!.nullScore).toBe(-232);
    expect(r.standard!.perfectScore).toBe(116);
  });

  it("finds the same scores when it optimises the threshold itself", () => {
    const r = nabScoreCorpus(files);
    expect(r.standard!.normalizedScore).toBeCloseTo(47.06195725408189, 8);
    const best = nabOptimizeThreshold(files, NAB_PROFILES.reward_low_FN_rate);
    expect(best.threshold).toBe(1);
    expect(r.reward_low_FN_rate!.rawScore).toBeCloseTo(best.score, 9);
  });

  it("scores the null detector 0 and a detector flagging every window start 100", () => {
    const nul = nabScoreCorpus(corpus.map((s) => ({ file: s.file, anomalyScores: new Float64Array(s.values.length), windows: s.windows })));
    const perfect = nabScoreCorpus(corpus.map((s) => ({ file: s.file, anomalyScores: scores(s.values.length, s.windows.map((w) => w.start)), windows: s.windows })));
    for (const p of Object.keys(NAB_PROFILES)) {
      expect(nul[p]!.normalizedScore).toBeCloseTo(0, 12);
      expect(perfect[p]!.normalizedScore).toBeCloseTo(100, 9);
    }
  });
});
