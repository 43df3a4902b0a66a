/**
 * The candidate-model contract of the deployment study: a binary classifier fitted on an encoded
 * matrix that returns P(y = 1 | x) per row. Every implementation is pure TypeScript, seeded, and
 * fits the Adult training split in well under a second or two.
 */
import type { Matrix } from "../encoding.js";

/** A seeded binary classifier. */
export interface Classifier {
  /** Identifier used in tables and figures, e.g. "logreg-balanced". */
  readonly name: string;
  /** Fit on rows of X with 0/1 labels y. */
  fit(X: Matrix, y: Uint8Array): void;
  /** P(y = 1) for every row of X. @throws if called before fit. */
  predictProba(X: Matrix): Float64Array;
}

/** Per-sample weights: 1 for "none", n / (2 n_c) for "balanced" (each class weighs half). */
export function classWeights(y: Uint8Array, mode: "none" | "balanced"): Float64Array {
  const w = new Float64Array(y.length).fill(1);
  if (mode === "none") return w;
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return w;
  const wp = y.length / (2 * pos);
  const wn = y.length / (2 * neg);
  for (let i = 0; i < y.length; i++) w[i] = y[i] ? wp : wn;
  return w;
}

/** Throw a named error for a label array that does not match X, or an empty X. */
export function checkFitArgs(who: string, X: Matrix, y: Uint8Array): void {
  if (X.n !== y.length) throw new Error(`${who}.fit: X has ${X.n} rows but y has ${y.length} labels`);
  if (X.n === 0) throw new Error(`${who}.fit: no training rows`);
}

/** Numerically stable logistic function 1 / (1 + e^-z). */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
