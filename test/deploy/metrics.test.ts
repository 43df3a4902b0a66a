import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { accuracy, balancedAccuracy, f1Score, prAuc, recallAtFpr, thresholdAtFpr } from "../../src/deploy/metrics.js";

describe("deployment metrics", () => {
  it("accuracy, balanced accuracy and F1 on a hand-checked example", () => {
    const y = [1, 1, 0, 0, 0, 0];
    const p = [1, 0, 0, 0, 0, 1];
    expect(accuracy(y, p)).toBeCloseTo(4 / 6, 12);
    expect(balancedAccuracy(y, p)).toBeCloseTo((0.5 + 0.75) / 2, 12);
    expect(f1Score(y, p)).toBeCloseTo(0.5, 12);
  });

  it("PR-AUC (average precision) is 1 for a perfect ranking and matches a hand computation", () => {
    expect(prAuc([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8])).toBe(1);
    // Ranking 1,0,1,0: precision at the positives 1/1 and 2/3 -> AP = (1 + 2/3) / 2.
    expect(prAuc([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo(5 / 6, 12);
    // Tied scores count as one threshold.
    expect(prAuc([1, 0], [0.5, 0.5])).toBeCloseTo(0.5, 12);
  });

  it("PR-AUC of a random score is about the positive rate (Saito & Rehmsmeier 2015)", () => {
    const rng = new Rng(1);
    const y = Array.from({ length: 50000 }, () => (rng.next() < 0.02 ? 1 : 0));
    const s = y.map(() => rng.next());
    expect(prAuc(y, s)).toBeGreaterThan(0.015);
    expect(prAuc(y, s)).toBeLessThan(0.03);
  });

  it("recall at 5% FPR stops before the FPR budget is exceeded", () => {
    // 20 negatives: one false positive is allowed (1/20 = 5%).
    const y = [1, 0, 1, 1, ...new Array(19).fill(0), 1];
    const s = [0.99, 0.98, 0.97, 0.96, ...new Array(19).fill(0.1), 0.01];
    expect(recallAtFpr(y, s, 0.05)).toBeCloseTo(3 / 4, 12);
    expect(recallAtFpr(y, s, 0.0)).toBeCloseTo(1 / 4, 12);
  });

  it("thresholdAtFpr flags at most the requested share of negatives", () => {
    const rng = new Rng(2);
    const y = Array.from({ length: 5000 }, () => (rng.next() < 0.1 ? 1 : 0));
    const s = y.map((v) => rng.next() + v);
    const tau = thresholdAtFpr(y, s, 0.05);
    let fp = 0, neg = 0;
    y.forEach((v, i) => { if (!v) { neg++; if (s[i]! >= tau) fp++; } });
    expect(fp / neg).toBeLessThanOrEqual(0.05);
    expect(fp / neg).toBeGreaterThan(0.045);
  });
});

describe("ranking metrics on bad scores", () => {
  it("refuse a NaN score, naming the row, instead of looping forever", () => {
    expect(() => prAuc([1, 0, 1], [0.5, Number.NaN, 0.2])).toThrow(/prAuc: score of row 1 is NaN/);
    expect(() => recallAtFpr([1, 0, 1], [0.5, 0.1, Number.POSITIVE_INFINITY])).toThrow(/recallAtFpr: score of row 2/);
  });
});
