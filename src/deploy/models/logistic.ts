/**
 * L2-regularised logistic regression fitted by mini-batch Adam (Kingma & Ba 2015) on the
 * weighted log-loss; optional "balanced" class weights.
 */
import { Rng } from "../../core/rng.js";
import type { Matrix } from "../encoding.js";
import { checkFitArgs, classWeights, sigmoid, type Classifier } from "./types.js";

/** Options of {@link LogisticRegression}. */
export interface LogisticOptions {
  /** Name in tables (default "logreg"). */
  name?: string;
  /** L2 penalty on the weights, not the bias (default 1e-4). */
  l2?: number;
  /** Passes over the data (default 5). */
  epochs?: number;
  /** Mini-batch size (default 128). */
  batchSize?: number;
  /** Adam step size (default 0.01). */
  learningRate?: number;
  /** Sample weighting (default "none"). */
  classWeight?: "none" | "balanced";
  /** Seed of the shuffling stream (default 0). */
  seed?: number;
}

/**
 * Logistic regression classifier.
 * @throws if an option is out of range, or predictProba is called before fit.
 */
export class LogisticRegression implements Classifier {
  readonly name: string;
  private readonly o: Required<LogisticOptions>;
  private w: Float64Array | null = null;
  private b = 0;

  constructor(options: LogisticOptions = {}) {
    this.o = {
      name: "logreg", l2: 1e-4, epochs: 5, batchSize: 128, learningRate: 0.01, classWeight: "none", seed: 0, ...options,
    };
    this.name = this.o.name;
    if (!(this.o.l2 >= 0)) throw new Error(`LogisticRegression: option l2 must be >= 0, got ${this.o.l2}`);
    if (!(Number.isInteger(this.o.epochs) && this.o.epochs >= 1)) throw new Error(`LogisticRegression: option epochs must be a positive integer, got ${this.o.epochs}`);
    if (!(Number.isInteger(this.o.batchSize) && this.o.batchSize >= 1)) throw new Error(`LogisticRegression: option batchSize must be a positive integer, got ${this.o.batchSize}`);
    if (!(this.o.learningRate > 0)) throw new Error(`LogisticRegression: option learningRate must be > 0, got ${this.o.learningRate}`);
  }

  fit(X: Matrix, y: Uint8Array): void {
    checkFitArgs("LogisticRegression", X, y);
    const { n, d, data } = X;
    const sw = classWeights(y, this.o.classWeight);
    const w = new Float64Array(d);
    let b = 0;
    const g = new Float64Array(d + 1);
    const m1 = new Float64Array(d + 1);
    const m2 = new Float64Array(d + 1);
    const beta1 = 0.9;
    const beta2 = 0.999;
    const rng = new Rng(this.o.seed);
    const order = Array.from({ length: n }, (_, i) => i);
    let step = 0;
    for (let epoch = 0; epoch < this.o.epochs; epoch++) {
      rng.shuffle(order);
      for (let s = 0; s < n; s += this.o.batchSize) {
        const e = Math.min(n, s + this.o.batchSize);
        g.fill(0);
        for (let k = s; k < e; k++) {
          const i = order[k]!;
          let z = b;
          const off = i * d;
          for (let j = 0; j < d; j++) z += w[j]! * data[off + j]!;
          const r = sw[i]! * (sigmoid(z) - y[i]!);
          for (let j = 0; j < d; j++) g[j]! += r * data[off + j]!;
          g[d]! += r;
        }
        const inv = 1 / (e - s);
        step++;
        const c1 = 1 - Math.pow(beta1, step);
        const c2 = 1 - Math.pow(beta2, step);
        for (let j = 0; j <= d; j++) {
          const gj = g[j]! * inv + (j < d ? this.o.l2 * w[j]! : 0);
          m1[j] = beta1 * m1[j]! + (1 - beta1) * gj;
          m2[j] = beta2 * m2[j]! + (1 - beta2) * gj * gj;
          const upd = (this.o.learningRate * (m1[j]! / c1)) / (Math.sqrt(m2[j]! / c2) + 1e-8);
          if (j < d) w[j]! -= upd;
          else b -= upd;
        }
      }
    }
    this.w = w;
    this.b = b;
  }

  predictProba(X: Matrix): Float64Array {
    const w = this.w;
    if (!w) throw new Error(`${this.name}: predictProba called before fit`);
    if (X.d !== w.length) throw new Error(`${this.name}: X has ${X.d} columns, the model was fitted on ${w.length}`);
    const out = new Float64Array(X.n);
    for (let i = 0; i < X.n; i++) {
      let z = this.b;
      const off = i * X.d;
      for (let j = 0; j < X.d; j++) z += w[j]! * X.data[off + j]!;
      out[i] = sigmoid(z);
    }
    return out;
  }
}
