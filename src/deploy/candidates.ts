/**
 * The candidate models of the deployment study: several families and settings, each seeded.
 * Defaults (all pure TypeScript, a few seconds for the whole set on Adult):
 * - logreg: L2 logistic regression (Adam, 5 epochs);
 * - logreg-balanced: the same with class-balanced weights (more positives predicted);
 * - tree-d4 / tree-d10: CART trees of depth 4 and 10;
 * - forest: 20 trees of depth 8, sqrt(d) features per node;
 * - naive-bayes: Gaussian / categorical naive Bayes;
 * - mlp: one hidden layer of 16 ReLU units (Adam, 3 epochs).
 */
import { Rng } from "../core/rng.js";
import type { FeatureBlock, Matrix } from "./encoding.js";
import { RandomForest } from "./models/forest.js";
import { LogisticRegression } from "./models/logistic.js";
import { Mlp } from "./models/mlp.js";
import { NaiveBayes } from "./models/naiveBayes.js";
import { DecisionTree } from "./models/tree.js";
import type { Classifier } from "./models/types.js";

/** A named recipe for one candidate. */
export interface CandidateSpec {
  name: string;
  /** Model family, for tables ("logistic", "tree", ...). */
  family: string;
  make(seed: number, blocks: FeatureBlock[]): Classifier;
}

/** Options of {@link defaultCandidates}. */
export interface CandidateOptions {
  /** Trees in the forest (default 20). */
  forestTrees?: number;
  /** Epochs of the MLP (default 3). */
  mlpEpochs?: number;
  /** Class weighting of every model except logreg-balanced (default "none"). */
  classWeight?: "none" | "balanced";
}

/** The default candidate set (see the module comment). */
export function defaultCandidates(o: CandidateOptions = {}): CandidateSpec[] {
  const cw = o.classWeight ?? "none";
  return [
    { name: "logreg", family: "logistic", make: (seed) => new LogisticRegression({ name: "logreg", seed, classWeight: cw }) },
    { name: "logreg-balanced", family: "logistic", make: (seed) => new LogisticRegression({ name: "logreg-balanced", seed, classWeight: "balanced" }) },
    { name: "tree-d4", family: "tree", make: (seed) => new DecisionTree({ name: "tree-d4", maxDepth: 4, seed, classWeight: cw }) },
    { name: "tree-d10", family: "tree", make: (seed) => new DecisionTree({ name: "tree-d10", maxDepth: 10, minLeaf: 10, seed, classWeight: cw }) },
    { name: "forest", family: "forest", make: (seed) => new RandomForest({ name: "forest", nTrees: o.forestTrees ?? 20, seed, classWeight: cw }) },
    { name: "naive-bayes", family: "naive-bayes", make: (_seed, blocks) => new NaiveBayes({ name: "naive-bayes", blocks }) },
    { name: "mlp", family: "mlp", make: (seed) => new Mlp({ name: "mlp", epochs: o.mlpEpochs ?? 3, seed, classWeight: cw }) },
  ];
}

/**
 * Fit every candidate on (X, y); candidate k gets the seed `rng.split(name)` of `seed`.
 * @throws if `only` names a candidate that is not in `specs`.
 */
export function trainCandidates(
  specs: CandidateSpec[],
  X: Matrix,
  y: Uint8Array,
  blocks: FeatureBlock[],
  seed: number,
  only?: string[],
): Classifier[] {
  let chosen = specs;
  if (only && only.length > 0) {
    const names = new Set(specs.map((s) => s.name));
    for (const n of only) if (!names.has(n)) throw new Error(`candidates: unknown model "${n}"; known: ${[...names].join(", ")}`);
    chosen = specs.filter((s) => only.includes(s.name));
  }
  const root = new Rng(seed);
  return chosen.map((s) => {
    const m = s.make(root.split(s.name).uint32(), blocks);
    m.fit(X, y);
    return m;
  });
}
