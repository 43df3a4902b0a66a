import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { TabularEncoder } from "../../src/deploy/encoding.js";
import { DecisionTree, LogisticRegression, Mlp, NaiveBayes, RandomForest, type Classifier } from "../../src/deploy/models/index.js";
import { defaultCandidates, trainCandidates } from "../../src/deploy/candidates.js";
import { accuracy } from "../../src/deploy/metrics.js";
import type { ColumnTable } from "../../src/deploy/tabular.js";

/** A small tabular problem: y depends on a numeric x and a category c. */
function problem(n: number, seed: number): ColumnTable {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  const z = new Float64Array(n);
  const c: string[] = [];
  const label = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal(0, 1);
    z[i] = rng.normal(0, 1);
    c.push(["a", "b", "c"][rng.int(3)]!);
    const logit = 2.5 * x[i]! + (c[i] === "a" ? 2 : c[i] === "b" ? -1 : 0) - 0.5;
    label[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { n, numeric: { x, z }, categorical: { c }, label };
}

const train = problem(3000, 1);
const test = problem(2000, 2);
const enc = TabularEncoder.fit(train, { numeric: ["x", "z"], categorical: ["c"] });
const Xtr = enc.transform(train);
const Xte = enc.transform(test);

const makers: Record<string, (seed: number) => Classifier> = {
  logreg: (seed) => new LogisticRegression({ seed }),
  tree: (seed) => new DecisionTree({ seed, maxDepth: 5 }),
  forest: (seed) => new RandomForest({ seed, nTrees: 5 }),
  "naive-bayes": () => new NaiveBayes({ blocks: enc.blocks }),
  mlp: (seed) => new Mlp({ seed, epochs: 3 }),
};

describe.each(Object.entries(makers))("candidate model: %s", (name, make) => {
  it("learns the problem well above the majority baseline", () => {
    const m = make(1);
    m.fit(Xtr, train.label);
    const p = m.predictProba(Xte);
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    const pred = Array.from(p, (v) => (v >= 0.5 ? 1 : 0));
    const base = Math.max(...[0, 1].map((c) => test.label.filter((v) => v === c).length / test.n));
    expect(accuracy(test.label, pred)).toBeGreaterThan(base + 0.1);
  });

  it("is deterministic for a seed", () => {
    const a = make(3);
    const b = make(3);
    a.fit(Xtr, train.label);
    b.fit(Xtr, train.label);
    expect(Array.from(a.predictProba(Xte))).toEqual(Array.from(b.predictProba(Xte)));
  });

  it(`${name} refuses to predict before fit and names itself`, () => {
    expect(() => make(0).predictProba(Xte)).toThrow(/before fit/);
  });
});

describe("encoder and candidate set", () => {
  it("one-hot encodes with the training vocabulary; an unseen category is all zeros", () => {
    const t: ColumnTable = { n: 1, numeric: { x: Float64Array.of(0), z: Float64Array.of(0) }, categorical: { c: ["zzz"] }, label: Uint8Array.of(0) };
    const X = enc.transform(t);
    expect(enc.names).toEqual(["x", "z", "c=a", "c=b", "c=c"]);
    expect(Array.from(X.data.slice(2))).toEqual([0, 0, 0]);
    expect(() => enc.transform({ ...t, categorical: {} })).toThrow(/categorical column "c"/);
  });

  it("a tree never grows deeper than maxDepth (at most 2^(depth+1) - 1 nodes)", () => {
    const t = new DecisionTree({ maxDepth: 2, minLeaf: 1 });
    t.fit(Xtr, train.label);
    expect(t.size).toBeLessThanOrEqual(7);
    expect(t.size).toBeGreaterThan(1);
  });

  it("class-balanced logistic regression predicts more positives than unweighted", () => {
    const y = Uint8Array.from(train.label, (v, i) => (v && i % 3 === 0 ? 1 : 0)); // rarer positives
    const plain = new LogisticRegression({ seed: 1 });
    const bal = new LogisticRegression({ seed: 1, classWeight: "balanced" });
    plain.fit(Xtr, y);
    bal.fit(Xtr, y);
    const pos = (m: Classifier) => Array.from(m.predictProba(Xte)).filter((p) => p >= 0.5).length;
    expect(pos(bal)).toBeGreaterThan(pos(plain) * 1.5);
  });

  it("trains the seven default candidates, and rejects an unknown name", () => {
    const models = trainCandidates(defaultCandidates({ forestTrees: 3, mlpEpochs: 1 }), Xtr, train.label, enc.blocks, 5);
    expect(models.map((m) => m.name)).toEqual(["logreg", "logreg-balanced", "tree-d4", "tree-d10", "forest", "naive-bayes", "mlp"]);
    expect(() => trainCandidates(defaultCandidates(), Xtr, train.label, enc.blocks, 5, ["svm"])).toThrow(/unknown model "svm"/);
  });

  it("model options are validated with the option's name", () => {
    expect(() => new LogisticRegression({ epochs: 0 })).toThrow(/epochs/);
    expect(() => new DecisionTree({ maxBins: 1 })).toThrow(/maxBins/);
    expect(() => new RandomForest({ nTrees: 0 })).toThrow(/nTrees/);
    expect(() => new Mlp({ hidden: 0 })).toThrow(/hidden/);
    expect(() => new LogisticRegression().fit(Xtr, new Uint8Array(3))).toThrow(/3 labels/);
  });
});
