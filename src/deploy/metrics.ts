/**
 * Classification metrics of the deployment study, computed on what production actually served:
 * accuracy, balanced accuracy (mean of the true positive and true negative rates), F1, PR-AUC as
 * average precision (the step-wise area under the precision-recall curve, which Saito &
 * Rehmsmeier 2015, PLoS ONE 10(3), recommend over ROC-AUC for imbalanced data such as fraud),
 * and recall at a fixed false positive rate (the BAF paper's headline metric, at 5% FPR).
 */

/** Confusion counts of 0/1 predictions. */
export function confusion(y: ArrayLike<number>, pred: ArrayLike<number>): { tp: number; fp: number; tn: number; fn: number } {
  if (y.length !== pred.length) throw new Error(`confusion: ${y.length} labels but ${pred.length} predictions`);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i]) pred[i] ? tp++ : fn++;
    else pred[i] ? fp++ : tn++;
  }
  return { tp, fp, tn, fn };
}

/** Fraction of correct 0/1 predictions. */
export function accuracy(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  const c = confusion(y, pred);
  return (c.tp + c.tn) / Math.max(y.length, 1);
}

/** (TPR + TNR) / 2; a class absent from y contributes its rate as NaN-free 0. */
export function balancedAccuracy(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  const c = confusion(y, pred);
  const tpr = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const tnr = c.tn + c.fp > 0 ? c.tn / (c.tn + c.fp) : 0;
  return (tpr + tnr) / 2;
}

/** F1 of the positive class (0 when there is no true or predicted positive). */
export function f1Score(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  const c = confusion(y, pred);
  return c.tp > 0 ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0;
}

/**
 * Row indices sorted by descending score (ties by index, so results are deterministic).
 * @throws naming the row when a score is not finite (NaN would never match its own tie group).
 */
function byScoreDesc(score: ArrayLike<number>, fn: string): Int32Array {
  for (let i = 0; i < score.length; i++) {
    if (!Number.isFinite(score[i])) throw new Error(`${fn}: score of row ${i} is ${score[i]}; scores must be finite`);
  }
  const idx = Int32Array.from({ length: score.length }, (_, i) => i);
  return idx.sort((a, b) => score[b]! - score[a]! || a - b);
}

/**
 * Average precision: sum over thresholds of (R_k - R_{k-1}) P_k, tied scores handled as one
 * threshold. Equals the positive rate for an uninformative score. NaN without positives.
 */
export function prAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  if (y.length !== score.length) throw new Error(`prAuc: ${y.length} labels but ${score.length} scores`);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] ? 1 : 0;
  if (pos === 0) return NaN;
  const idx = byScoreDesc(score, "prAuc");
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let k = 0;
  while (k < idx.length) {
    const s = score[idx[k]!]!;
    let tpHere = 0;
    while (k < idx.length && score[idx[k]!] === s) {
      tpHere += y[idx[k]!] ? 1 : 0;
      seen++;
      k++;
    }
    tp += tpHere;
    ap += (tpHere / pos) * (tp / seen);
  }
  return ap;
}

/**
 * Recall (TPR) at the smallest threshold whose false positive rate is <= `maxFpr` (default 0.05);
 * scores >= threshold are flagged. NaN without positives or negatives.
 */
export function recallAtFpr(y: ArrayLike<number>, score: ArrayLike<number>, maxFpr = 0.05): number {
  if (y.length !== score.length) throw new Error(`recallAtFpr: ${y.length} labels but ${score.length} scores`);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] ? 1 : 0;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  const idx = byScoreDesc(score, "recallAtFpr");
  let tp = 0;
  let fp = 0;
  let best = 0;
  let k = 0;
  while (k < idx.length) {
    const s = score[idx[k]!]!;
    let tpHere = 0;
    let fpHere = 0;
    while (k < idx.length && score[idx[k]!] === s) {
      if (y[idx[k]!]) tpHere++;
      else fpHere++;
      k++;
    }
    if ((fp + fpHere) / neg > maxFpr) break;
    tp += tpHere;
    fp += fpHere;
    best = tp / pos;
  }
  return best;
}

/** Score threshold at which about `fpr` of the negatives score at or above it (for operating points). */
export function thresholdAtFpr(y: ArrayLike<number>, score: ArrayLike<number>, fpr: number): number {
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) if (!y[i]) neg.push(score[i]!);
  if (neg.length === 0) throw new Error("thresholdAtFpr: no negatives");
  neg.sort((a, b) => b - a);
  const k = Math.max(0, Math.min(neg.length - 1, Math.floor(fpr * neg.length)));
  // Flag scores strictly above the k-th highest negative: FPR <= fpr.
  return neg[k]! + 1e-12;
}
