/**
 * Random forest (Breiman 2001): bootstrap-resampled CART trees with a random feature subset at
 * every node; the probability is the trees' mean.
 */
import { Rng } from "../../core/rng.js";
import type { Matrix } from "../encoding.js";
import { Binning, DecisionTree } from "./tree.js";
import { checkFitArgs, classWeights, type Classifier } from "./types.js";

/** Options of {@link RandomForest}. */
export interface ForestOptions {
  /** Name in tables (default "forest"). */
  name?: string;
  /** Number of trees (default 20). */
  nTrees?: number;
  /** Depth of each tree (default 8). */
  maxDepth?: number;
  /** Minimum rows in a leaf (default 10). */
  minLeaf?: number;
  /** Features tried per node (default round(sqrt(d))). */
  maxFeatures?: number;
  /** Sample weighting (default "none"). */
  classWeight?: "none" | "balanced";
  /** Seed (default 0); tree t uses a split of it. */
  seed?: number;
}

/**
 * Random forest classifier.
 * @throws if nTrees is not a positive integer, or predictProba is called before fit.
 */
export class RandomForest implements Classifier {
  readonly name: string;
  private readonly o: ForestOptions & { nTrees: number; seed: number };
  private trees: DecisionTree[] = [];

  constructor(options: ForestOptions = {}) {
    this.o = { nTrees: 20, seed: 0, ...options };
    this.name = options.name ?? "forest";
    if (!(Number.isInteger(this.o.nTrees) && this.o.nTrees >= 1)) throw new Error(`RandomForest: option nTrees must be a positive integer, got ${this.o.nTrees}`);
  }

  fit(X: Matrix, y: Uint8Array): void {
    checkFitArgs("RandomForest", X, y);
    const binning = new Binning(X, 32);
    const binned = binning.transform(X);
    const cw = classWeights(y, this.o.classWeight ?? "none");
    const root = new Rng(this.o.seed);
    const maxFeatures = this.o.maxFeatures ?? Math.max(1, Math.round(Math.sqrt(X.d)));
    this.trees = [];
    for (let t = 0; t < this.o.nTrees; t++) {
      const rng = root.split(t);
      const w = new Float64Array(X.n);
      for (let k = 0; k < X.n; k++) w[rng.int(X.n)]! += 1;
      for (let i = 0; i < X.n; i++) w[i]! *= cw[i]!;
      const tree = new DecisionTree({
        maxDepth: this.o.maxDepth ?? 8, minLeaf: this.o.minLeaf ?? 10, maxFeatures, seed: rng.uint32(),
      });
      tree.fitBinned(X.d, binning, binned, y, w);
      this.trees.push(tree);
    }
  }

  predictProba(X: Matrix): Float64Array {
    if (this.trees.length === 0) throw new Error(`${this.name}: predictProba called before fit`);
    const out = new Float64Array(X.n);
    for (const t of this.trees) {
      const p = t.predictProba(X);
      for (let i = 0; i < X.n; i++) out[i]! += p[i]! / this.trees.length;
    }
    return out;
  }
}
