/**
 * CART classification tree (Breiman et al. 1984) with weighted Gini impurity, grown depth-first
 * on pre-binned features (at most `maxBins` quantile bins per column, as in histogram gradient
 * boosting), with optional random feature subsets per node (for random forests).
 */
import { Rng } from "../../core/rng.js";
import type { Matrix } from "../encoding.js";
import { checkFitArgs, classWeights, type Classifier } from "./types.js";

/** Per-column bin edges: bin(x) = number of edges strictly below x. */
export class Binning {
  readonly edges: Float64Array[];
  constructor(X: Matrix, maxBins = 32) {
    this.edges = [];
    const col = new Float64Array(X.n);
    for (let j = 0; j < X.d; j++) {
      for (let i = 0; i < X.n; i++) col[i] = X.data[i * X.d + j]!;
      const sorted = Float64Array.from(col).sort();
      const uniq: number[] = [];
      for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) uniq.push(sorted[i]!);
      const e: number[] = [];
      if (uniq.length <= maxBins) {
        for (let k = 0; k + 1 < uniq.length; k++) e.push((uniq[k]! + uniq[k + 1]!) / 2);
      } else {
        for (let k = 1; k < maxBins; k++) {
          const q = sorted[Math.floor((k * sorted.length) / maxBins)]!;
          if (e.length === 0 || q > e[e.length - 1]!) e.push(q);
        }
      }
      this.edges.push(Float64Array.from(e));
    }
  }
  /** Bin index of value x in column j. */
  bin(j: number, x: number): number {
    const e = this.edges[j]!;
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x > e[mid]!) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** Bin every entry of X (column j at most edges[j].length + 1 bins, <= 255). */
  transform(X: Matrix): Uint8Array {
    const out = new Uint8Array(X.n * X.d);
    for (let i = 0; i < X.n; i++) for (let j = 0; j < X.d; j++) out[i * X.d + j] = this.bin(j, X.data[i * X.d + j]!);
    return out;
  }
}

/** Options of {@link DecisionTree}. */
export interface TreeOptions {
  /** Name in tables (default "tree"). */
  name?: string;
  /** Maximum depth (default 6). */
  maxDepth?: number;
  /** Minimum rows in a leaf (default 20). */
  minLeaf?: number;
  /** Features tried per node; default all (a forest passes about sqrt(d)). */
  maxFeatures?: number;
  /** Maximum bins per feature, 2-255 (default 32). */
  maxBins?: number;
  /** Sample weighting (default "none"). */
  classWeight?: "none" | "balanced";
  /** Seed of the feature-subset stream (default 0). */
  seed?: number;
}

/**
 * A CART tree whose leaves hold the weighted fraction of positives (smoothed toward the root's).
 * @throws if an option is out of range, or predictProba is called before fit.
 */
export class DecisionTree implements Classifier {
  readonly name: string;
  private readonly o: Required<Omit<TreeOptions, "maxFeatures">> & { maxFeatures: number | null };
  private feature: number[] = [];
  private threshold: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private value: number[] = [];
  private d = -1;

  constructor(options: TreeOptions = {}) {
    this.o = { name: "tree", maxDepth: 6, minLeaf: 20, maxBins: 32, classWeight: "none", seed: 0, ...options, maxFeatures: options.maxFeatures ?? null };
    this.name = this.o.name;
    if (!(Number.isInteger(this.o.maxDepth) && this.o.maxDepth >= 0)) throw new Error(`DecisionTree: option maxDepth must be an integer >= 0, got ${this.o.maxDepth}`);
    if (!(Number.isInteger(this.o.minLeaf) && this.o.minLeaf >= 1)) throw new Error(`DecisionTree: option minLeaf must be a positive integer, got ${this.o.minLeaf}`);
    if (!(this.o.maxBins >= 2 && this.o.maxBins <= 255)) throw new Error(`DecisionTree: option maxBins must be in 2-255, got ${this.o.maxBins}`);
    if (this.o.maxFeatures !== null && !(Number.isInteger(this.o.maxFeatures) && this.o.maxFeatures >= 1)) {
      throw new Error(`DecisionTree: option maxFeatures must be a positive integer, got ${this.o.maxFeatures}`);
    }
  }

  fit(X: Matrix, y: Uint8Array): void {
    checkFitArgs("DecisionTree", X, y);
    const binning = new Binning(X, this.o.maxBins);
    this.fitBinned(X.d, binning, binning.transform(X), y, classWeights(y, this.o.classWeight));
  }

  /**
   * Grow the tree on already-binned rows with per-sample weights (rows of weight 0 are ignored).
   * Used by forests to share one binning across trees.
   */
  fitBinned(d: number, binning: Binning, binned: Uint8Array, y: Uint8Array, weights: Float64Array): void {
    this.d = d;
    this.feature = [];
    this.threshold = [];
    this.left = [];
    this.right = [];
    this.value = [];
    const rng = new Rng(this.o.seed);
    const rows: number[] = [];
    let W = 0;
    let P = 0;
    for (let i = 0; i < y.length; i++) {
      if (weights[i]! > 0) {
        rows.push(i);
        W += weights[i]!;
        P += weights[i]! * y[i]!;
      }
    }
    const prior = W > 0 ? P / W : 0.5;
    const nBins = binning.edges.map((e) => e.length + 1);
    const maxB = Math.max(...nBins);
    const hw = new Float64Array(maxB);
    const hp = new Float64Array(maxB);
    const hc = new Int32Array(maxB);
    const allFeatures = Array.from({ length: d }, (_, j) => j);
    const minLeaf = this.o.minLeaf;

    const grow = (idx: number[], depth: number): number => {
      let w = 0;
      let p = 0;
      for (const i of idx) {
        w += weights[i]!;
        p += weights[i]! * y[i]!;
      }
      const node = this.value.length;
      this.value.push((p + prior) / (w + 1));
      this.feature.push(-1);
      this.threshold.push(0);
      this.left.push(-1);
      this.right.push(-1);
      if (depth >= this.o.maxDepth || idx.length < 2 * minLeaf || p <= 0 || p >= w) return node;
      const parentGini = w * (1 - (p / w) ** 2 - (1 - p / w) ** 2);
      let features = allFeatures;
      if (this.o.maxFeatures !== null && this.o.maxFeatures < d) {
        features = rng.shuffle(allFeatures.slice()).slice(0, this.o.maxFeatures);
      }
      let bestGain = 1e-12;
      let bestF = -1;
      let bestB = -1;
      for (const f of features) {
        const nb = nBins[f]!;
        if (nb < 2) continue;
        hw.fill(0, 0, nb);
        hp.fill(0, 0, nb);
        hc.fill(0, 0, nb);
        for (const i of idx) {
          const b = binned[i * d + f]!;
          hw[b]! += weights[i]!;
          hp[b]! += weights[i]! * y[i]!;
          hc[b]!++;
        }
        let lw = 0;
        let lp = 0;
        let lc = 0;
        for (let b = 0; b < nb - 1; b++) {
          lw += hw[b]!;
          lp += hp[b]!;
          lc += hc[b]!;
          if (lc < minLeaf) continue;
          if (idx.length - lc < minLeaf) break;
          const rw = w - lw;
          const rp = p - lp;
          if (lw <= 0 || rw <= 0) continue;
          const gl = lw * (1 - (lp / lw) ** 2 - (1 - lp / lw) ** 2);
          const gr = rw * (1 - (rp / rw) ** 2 - (1 - rp / rw) ** 2);
          const gain = parentGini - gl - gr;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestB = b;
          }
        }
      }
      if (bestF < 0) return node;
      const li: number[] = [];
      const ri: number[] = [];
      for (const i of idx) (binned[i * d + bestF]! <= bestB ? li : ri).push(i);
      this.feature[node] = bestF;
      this.threshold[node] = binning.edges[bestF]![bestB]!;
      const l = grow(li, depth + 1);
      const r = grow(ri, depth + 1);
      this.left[node] = l;
      this.right[node] = r;
      return node;
    };
    grow(rows, 0);
  }

  /** Number of nodes (for tests). */
  get size(): number {
    return this.value.length;
  }

  predictProba(X: Matrix): Float64Array {
    if (this.d < 0) throw new Error(`${this.name}: predictProba called before fit`);
    if (X.d !== this.d) throw new Error(`${this.name}: X has ${X.d} columns, the model was fitted on ${this.d}`);
    const out = new Float64Array(X.n);
    for (let i = 0; i < X.n; i++) {
      let node = 0;
      while (this.feature[node]! >= 0) {
        node = X.data[i * X.d + this.feature[node]!]! <= this.threshold[node]! ? this.left[node]! : this.right[node]!;
      }
      out[i] = this.value[node]!;
    }
    return out;
  }
}
