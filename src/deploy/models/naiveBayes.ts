/**
 * Mixed naive Bayes: Gaussian class-conditional densities for numeric columns and Laplace-smoothed
 * categorical distributions for one-hot blocks (the category is the block's hot column; a row with
 * no hot column, i.e. an unseen category, skips that feature).
 */
import type { FeatureBlock, Matrix } from "../encoding.js";
import { checkFitArgs, sigmoid, type Classifier } from "./types.js";

/** Options of {@link NaiveBayes}. */
export interface NaiveBayesOptions {
  /** Name in tables (default "naive-bayes"). */
  name?: string;
  /** The encoder's blocks; columns outside a categorical block are Gaussian. */
  blocks: FeatureBlock[];
  /** Laplace pseudo-count for categories (default 1). */
  alpha?: number;
  /** Added to every Gaussian variance (default 1e-2, on standardised features). */
  varSmoothing?: number;
}

/**
 * Naive Bayes classifier for encoded tabular rows.
 * @throws if alpha is negative, or predictProba is called before fit.
 */
export class NaiveBayes implements Classifier {
  readonly name: string;
  private readonly blocks: FeatureBlock[];
  private readonly alpha: number;
  private readonly varSmoothing: number;
  private logPrior = [0, 0];
  private mean: Float64Array[] = [];
  private variance: Float64Array[] = [];
  private logCat: Float64Array[] = [];
  private d = -1;

  constructor(options: NaiveBayesOptions) {
    this.name = options.name ?? "naive-bayes";
    this.blocks = options.blocks;
    this.alpha = options.alpha ?? 1;
    this.varSmoothing = options.varSmoothing ?? 1e-2;
    if (!(this.alpha >= 0)) throw new Error(`NaiveBayes: option alpha must be >= 0, got ${this.alpha}`);
  }

  fit(X: Matrix, y: Uint8Array): void {
    checkFitArgs("NaiveBayes", X, y);
    const { n, d, data } = X;
    this.d = d;
    const cnt = [0, 0];
    const sum = [new Float64Array(d), new Float64Array(d)];
    const sum2 = [new Float64Array(d), new Float64Array(d)];
    for (let i = 0; i < n; i++) {
      const c = y[i]!;
      cnt[c]!++;
      const s = sum[c]!;
      const s2 = sum2[c]!;
      for (let j = 0; j < d; j++) {
        const x = data[i * d + j]!;
        s[j]! += x;
        s2[j]! += x * x;
      }
    }
    this.logPrior = [Math.log((cnt[0]! + 1) / (n + 2)), Math.log((cnt[1]! + 1) / (n + 2))];
    this.mean = [0, 1].map((c) => sum[c]!.map((s) => s / Math.max(cnt[c]!, 1)));
    this.variance = [0, 1].map((c) =>
      sum2[c]!.map((s2, j) => Math.max(s2 / Math.max(cnt[c]!, 1) - this.mean[c]![j]! ** 2, 0) + this.varSmoothing),
    );
    // Categorical blocks: log P(category | class), with the block's column count as categories.
    this.logCat = [0, 1].map((c) => {
      const out = new Float64Array(d);
      for (const b of this.blocks) {
        if (b.kind !== "categorical") continue;
        const k = b.end - b.start;
        let tot = 0;
        for (let j = b.start; j < b.end; j++) tot += sum[c]![j]!;
        for (let j = b.start; j < b.end; j++) out[j] = Math.log((sum[c]![j]! + this.alpha) / (tot + this.alpha * k));
      }
      return out;
    });
  }

  predictProba(X: Matrix): Float64Array {
    if (this.d < 0) throw new Error(`${this.name}: predictProba called before fit`);
    if (X.d !== this.d) throw new Error(`${this.name}: X has ${X.d} columns, the model was fitted on ${this.d}`);
    const isCat = new Uint8Array(this.d);
    for (const b of this.blocks) if (b.kind === "categorical") for (let j = b.start; j < b.end; j++) isCat[j] = 1;
    const out = new Float64Array(X.n);
    for (let i = 0; i < X.n; i++) {
      let llr = this.logPrior[1]! - this.logPrior[0]!;
      const off = i * X.d;
      for (let j = 0; j < this.d; j++) {
        const x = X.data[off + j]!;
        if (isCat[j]) {
          if (x > 0.5) llr += this.logCat[1]![j]! - this.logCat[0]![j]!;
        } else {
          for (const c of [1, 0]) {
            const v = this.variance[c]![j]!;
            const ll = -0.5 * Math.log(2 * Math.PI * v) - ((x - this.mean[c]![j]!) ** 2) / (2 * v);
            llr += c === 1 ? ll : -ll;
          }
        }
      }
      out[i] = sigmoid(llr);
    }
    return out;
  }
}
