import { describe, expect, it } from "vitest";
import { Pca } from "../../src/detect/pca.js";
import { Rng } from "../../src/core/rng.js";

/** Rows drawn from N(0, Sigma) with Sigma = L L'. */
function gaussianRows(rng: Rng, n: number, L: number[][]): number[][] {
  const p = L.length;
  return Array.from({ length: n }, () => {
    const e = Array.from({ length: p }, () => rng.normal());
    return L.map((row) => row.reduce((s, l, j) => s + l * e[j]!, 0));
  });
}

describe("PCA", () => {
  it("recovers the eigenvalues 3 and 1 and axes (1,1)/sqrt2, (1,-1)/sqrt2 of [[2,1],[1,2]] exactly", () => {
    // Four points whose sample covariance is exactly [[2,1],[1,2]]: +-(a, a) and +-(b, -b).
    const a = Math.sqrt(3 * 3 / 2 / 2);
    const b = Math.sqrt(3 * 1 / 2 / 2);
    const rows = [[a, a], [-a, -a], [b, -b], [-b, b]];
    const pca = Pca.fit(rows);
    expect(pca.explainedVariance[0]).toBeCloseTo(3, 12);
    expect(pca.explainedVariance[1]).toBeCloseTo(1, 12);
    expect(Math.abs(pca.components[0]![0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(pca.components[0]![0]! * pca.components[0]![1]!).toBeCloseTo(0.5, 12);
    expect(pca.components[1]![0]! * pca.components[1]![1]!).toBeCloseTo(-0.5, 12);
    expect(Array.from(pca.explainedVarianceRatio)).toEqual([0.75, 0.25].map((v) => expect.closeTo(v, 12)));
  });
  it("components are orthonormal and sorted by decreasing variance", () => {
    const rng = new Rng(4);
    const L = [[3, 0, 0, 0, 0], [1, 2, 0, 0, 0], [0.5, 0.2, 1, 0, 0], [0, 1, 0.3, 0.5, 0], [0.2, 0, 0, 0.1, 0.1]];
    const pca = Pca.fit(gaussianRows(rng, 2000, L));
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        const dot = pca.components[i]!.reduce((s, v, k) => s + v * pca.components[j]![k]!, 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
      }
      if (i > 0) expect(pca.explainedVariance[i]!).toBeLessThanOrEqual(pca.explainedVariance[i - 1]!);
    }
    const sum = pca.explainedVarianceRatio.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 12);
  });
  it("with all components inverse(transform(x)) = x; with k the mean squared residual is the dropped variance", () => {
    const rng = new Rng(5);
    const L = [[2, 0, 0, 0], [1, 1, 0, 0], [0.3, 0.2, 0.4, 0], [0.1, 0, 0.2, 0.05]];
    const rows = gaussianRows(rng, 1500, L);
    const full = Pca.fit(rows);
    const x = rows[7]!;
    const back = full.inverse(full.transform(x));
    x.forEach((v, j) => expect(back[j]).toBeCloseTo(v, 10));
    const two = Pca.fit(rows, { components: 2 });
    let sq = 0;
    for (const r of rows) {
      const rec = two.inverse(two.transform(r));
      sq += r.reduce((s, v, j) => s + (v - rec[j]!) ** 2, 0);
    }
    const dropped = full.explainedVariance[2]! + full.explainedVariance[3]!;
    expect(sq / (rows.length - 1)).toBeCloseTo(dropped, 8);
  });
  it("is deterministic (fixed signs) and round-trips through JSON", () => {
    const rng = new Rng(6);
    const rows = gaussianRows(rng, 300, [[1, 0, 0], [0.5, 1, 0], [0, 0.3, 0.2]]);
    const a = Pca.fit(rows, { components: 2 });
    const b = Pca.fit(rows.map((r) => r.slice()), { components: 2 });
    expect(a.toJSON()).toEqual(b.toJSON());
    const c = Pca.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(Array.from(c.transform(rows[3]!))).toEqual(Array.from(a.transform(rows[3]!)));
  });
  it("rejects components > features, bad rows and short data by name", () => {
    expect(() => Pca.fit([[1, 2], [3, 4]], { components: 3 })).toThrow(/components = 3 exceeds the number of features \(2\)/);
    expect(() => Pca.fit([[1, 2], [3, 4]], { components: 0 })).toThrow(/components must be an integer >= 1/);
    expect(() => Pca.fit([[1, 2]])).toThrow(/at least 2 rows/);
    expect(() => Pca.fit([[1, 2], [3, Infinity]])).toThrow(/row 1, feature 1 is Infinity/);
    expect(() => Pca.fit([[1, 2], [1, 2]]).transform([1])).toThrow(/row has 1 features, fitted on 2/);
  });
});
