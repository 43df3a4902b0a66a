/**
 * NAB scoring of one data file, a port of NAB v1.1's `nab/sweeper.py` (numenta/NAB @ ea702d7;
 * Lavin & Ahmad 2015). Written from the published code's semantics; no code copied.
 *
 * Every row gets a "sweep score" as if it were a detection:
 * - inside a window of width w whose right edge is row R: sigma(-(R - i + 1) / w) * A_TP / sigma(-1)
 *   (so the earliest detection in a window scores about A_TP);
 * - outside windows, after a window with right edge R and width w: sigma(|R - i| / (w - 1)) * A_FP
 *   (negative, growing towards -A_FP with the distance), or -A_FP before the first window;
 * with the scaled sigmoid sigma(y) = 2 / (1 + e^(5y)) - 1, and -1 for y >= 3.
 * Rows in the probationary period (the first min(floor(0.15 n), 0.15 * 5000) rows) are not scored.
 * At a threshold, the rows with anomaly score >= threshold are detections; the file's score is
 * sum over windows (the best detection's sweep score, or -A_FN if none) + sum of FP sweep scores.
 * A window counts only if at least one of its rows is past the probationary period.
 */
import type { NabCostMatrix } from "../../data/nab.js";

/** Window given by inclusive row indices. */
export interface NabWindowRange {
  start: number;
  end: number;
}

/** A row of a file, ready for threshold sweeping. */
export interface NabSweepPoint {
  /** Row index within its file. */
  index: number;
  /** The detector's anomaly score. */
  anomalyScore: number;
  /** Weighted score of the row if it were a detection. */
  sweepScore: number;
  /**
   * Window key: a window id (>= 0, unique within the sweep), -1 outside windows, or -2 for rows in
   * the probationary period (never scored).
   */
  window: number;
}

/** Score and confusion counts at one threshold (rows with anomalyScore >= threshold detect). */
export interface NabThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  total: number;
}

/** The probationary window fraction NAB uses. */
export const NAB_PROBATION_PERCENT = 0.15;

/** NAB's scaled sigmoid: 2 / (1 + exp(5 y)) - 1, and -1 for y >= 3. */
export function scaledSigmoid(y: number): number {
  if (y >= 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

/** Number of probationary rows: min(floor(p n), p * 5000). */
export function nabProbationLength(numRows: number, probationPercent: number = NAB_PROBATION_PERCENT): number {
  return Math.min(Math.floor(probationPercent * numRows), probationPercent * 5000);
}

function checkCost(cost: NabCostMatrix): void {
  for (const k of ["tpWeight", "fpWeight", "fnWeight"] as const) {
    if (typeof cost?.[k] !== "number" || !Number.isFinite(cost[k])) throw new Error(`nab scorer: cost matrix needs a finite ${k}`);
  }
}

/**
 * Sweep scores of every row of one file (NAB `calcSweepScore`). Windows must be sorted and
 * disjoint; their keys are `windowIdOffset + position`.
 * @throws Error if a window is out of range, unsorted or overlapping, or the cost matrix is invalid.
 */
export function nabSweepFile(
  anomalyScores: ArrayLike<number>,
  windows: readonly NabWindowRange[],
  cost: NabCostMatrix,
  options: { probationPercent?: number; windowIdOffset?: number } = {},
): NabSweepPoint[] {
  checkCost(cost);
  const n = anomalyScores.length;
  const probation = nabProbationLength(n, options.probationPercent ?? NAB_PROBATION_PERCENT);
  const offset = options.windowIdOffset ?? 0;
  let prevEnd = -1;
  for (const w of windows) {
    if (!(Number.isInteger(w.start) && Number.isInteger(w.end) && w.start >= 0 && w.end < n && w.start <= w.end)) {
      throw new Error(`nab scorer: window [${w.start}, ${w.end}] is not inside rows 0..${n - 1}`);
    }
    if (w.start <= prevEnd) throw new Error(`nab scorer: windows must be sorted and disjoint (window starting at ${w.start})`);
    prevEnd = w.end;
  }
  const maxTP = scaledSigmoid(-1);
  const out: NabSweepPoint[] = new Array(n);
  let wi = 0; // next window
  let cur = -1; // position of the current window, or -1
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    if (cur < 0 && wi < windows.length && i === windows[wi]!.start) cur = wi++;
    let sweep: number;
    if (cur >= 0) {
      const w = windows[cur]!;
      const width = w.end - w.start + 1;
      sweep = (scaledSigmoid(-(w.end - i + 1) / width) * cost.tpWeight) / maxTP;
    } else if (prevRight < 0) {
      sweep = scaledSigmoid(3) * cost.fpWeight;
    } else {
      // NAB divides by (width - 1): a one-row window followed by rows divides by zero in Python.
      sweep = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1)) * cost.fpWeight;
    }
    const key = i >= probation ? (cur >= 0 ? offset + cur : -1) : -2;
    out[i] = { index: i, anomalyScore: anomalyScores[i]!, sweepScore: sweep, window: key };
    if (cur >= 0 && i === windows[cur]!.end) {
      prevRight = i;
      prevWidth = windows[cur]!.end - windows[cur]!.start + 1;
      cur = -1;
    }
  }
  return out;
}

/**
 * Score at every distinct threshold, highest first (NAB `calcScoreByThreshold`), over points of one
 * or several files (window keys must be unique across files). The first entry (threshold +Infinity)
 * is the score with no detection; NAB starts at 1.1, which is the same for scores in [0, 1].
 */
export function nabScoresByThreshold(points: readonly NabSweepPoint[], fnWeight: number): NabThresholdScore[] {
  const scorable = points.filter((p) => p.window !== -2);
  const order = scorable.slice().sort((a, b) => b.anomalyScore - a.anomalyScore);
  // Score parts: "fp" plus one entry per window, starting at -A_FN.
  const windowBest = new Map<number, number>();
  for (const p of scorable) if (p.window >= 0 && !windowBest.has(p.window)) windowBest.set(p.window, -fnWeight);
  let fpPart = 0;
  const total = (): number => {
    let s = fpPart;
    for (const v of windowBest.values()) s += v;
    return s;
  };
  let tn = 0;
  let fn = 0;
  for (const p of scorable) {
    if (p.window >= 0) fn++;
    else tn++;
  }
  let tp = 0;
  let fp = 0;
  const out: NabThresholdScore[] = [];
  let curThreshold = Infinity;
  for (const p of order) {
    if (p.anomalyScore !== curThreshold) {
      out.push({ threshold: curThreshold, score: total(), tp, tn, fp, fn, total: tp + tn + fp + fn });
      curThreshold = p.anomalyScore;
    }
    if (p.window >= 0) {
      tp++;
      fn--;
      const best = windowBest.get(p.window)!;
      if (p.sweepScore > best) windowBest.set(p.window, p.sweepScore);
    } else {
      fp++;
      tn--;
      fpPart += p.sweepScore;
    }
  }
  out.push({ threshold: curThreshold, score: total(), tp, tn, fp, fn, total: tp + tn + fp + fn });
  return out;
}

/**
 * The entry of a threshold sweep that applies at `threshold` (NAB `scoreDataSet`): detections are
 * the rows with anomalyScore >= threshold. (When the threshold is below every score NAB finds no
 * entry and fails; here the last entry, every row detecting, is returned.)
 */
export function nabScoreAtThreshold(byThreshold: readonly NabThresholdScore[], threshold: number): NabThresholdScore {
  let prev: NabThresholdScore | undefined;
  for (const row of byThreshold) {
    if (row.threshold === threshold) return row;
    if (row.threshold < threshold) return prev ?? row;
    prev = row;
  }
  return byThreshold[byThreshold.length - 1]!;
}

/**
 * Score one file at a threshold.
 * @throws Error as nabSweepFile.
 */
export function nabScoreFile(
  anomalyScores: ArrayLike<number>,
  windows: readonly NabWindowRange[],
  cost: NabCostMatrix,
  threshold: number,
  options: { probationPercent?: number } = {},
): NabThresholdScore {
  const points = nabSweepFile(anomalyScores, windows, cost, options);
  return nabScoreAtThreshold(nabScoresByThreshold(points, cost.fnWeight), threshold);
}
