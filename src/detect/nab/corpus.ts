/**
 * NAB scoring of a whole corpus for one detector: threshold optimisation per profile (NAB
 * `optimizer.py`: one threshold per detector and profile, maximising the corpus total), scoring at
 * a threshold (NAB `scorer.py` with the sweeper), and normalisation (NAB `runner.normalize`):
 *   normalised = 100 * (S - S_null) / (S_perfect - S_null),
 * S_null = the score of a detector that never fires, S_perfect = (number of windows) * A_TP.
 */
import type { NabCostMatrix } from "../../data/nab.js";
import { NAB_PROBATION_PERCENT, nabScoreAtThreshold, nabScoresByThreshold, nabSweepFile } from "./sweeper.js";
import type { NabSweepPoint, NabThresholdScore, NabWindowRange } from "./sweeper.js";

/** NAB v1.1's three application profiles (config/profiles.json). */
export const NAB_PROFILES: Readonly<Record<NabProfileName, NabCostMatrix>> = {
  standard: { tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.11, tnWeight: 1.0 },
  reward_low_FP_rate: { tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.22, tnWeight: 1.0 },
  reward_low_FN_rate: { tpWeight: 1.0, fnWeight: 2.0, fpWeight: 0.11, tnWeight: 1.0 },
};

/** Names of NAB's profiles. */
export type NabProfileName = "standard" | "reward_low_FP_rate" | "reward_low_FN_rate";

/** A detector's output on one file. */
export interface NabDetectorFile {
  /** Relative path, e.g. "realTweets/Twitter_volume_AAPL.csv". */
  file: string;
  /** Category (defaults to the path's first segment). */
  category?: string;
  /** Anomaly score of every row (higher = more anomalous; binary detectors use 0/1). */
  anomalyScores: ArrayLike<number>;
  /** Labelled windows as inclusive row ranges, sorted. */
  windows: readonly NabWindowRange[];
}

/** Score of one file at the profile's threshold. */
export interface NabFileResult {
  file: string;
  category: string;
  score: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Result of one profile over a corpus. */
export interface NabProfileResult {
  profile: string;
  threshold: number;
  /** Sum of file scores. */
  rawScore: number;
  nullScore: number;
  perfectScore: number;
  /** 100 (raw - null) / (perfect - null). */
  normalizedScore: number;
  perFile: NabFileResult[];
  /** Raw and normalised score per category (normalised is null when the category has no window). */
  perCategory: Array<{ category: string; rawScore: number; normalizedScore: number | null; windows: number }>;
}

function categoryOf(f: NabDetectorFile): string {
  return f.category ?? f.file.split("/")[0] ?? "";
}

function sweepAll(files: readonly NabDetectorFile[], cost: NabCostMatrix, probationPercent: number): NabSweepPoint[][] {
  let offset = 0;
  return files.map((f) => {
    if (f.anomalyScores.length === 0) throw new Error(`nab scorer: ${f.file} has no rows`);
    for (let i = 0; i < f.anomalyScores.length; i++) {
      if (Number.isNaN(f.anomalyScores[i]!)) throw new Error(`nab scorer: ${f.file} row ${i}: anomaly score is NaN`);
    }
    const pts = nabSweepFile(f.anomalyScores, f.windows, cost, { probationPercent, windowIdOffset: offset });
    offset += f.windows.length;
    return pts;
  });
}

/**
 * The threshold that maximises the corpus score for one profile (NAB optimizer): the sweep over all
 * files' rows pooled; ties go to the highest threshold.
 * @throws Error if a file is empty, has a NaN score, or an invalid window.
 */
export function nabOptimizeThreshold(files: readonly NabDetectorFile[], cost: NabCostMatrix, options: { probationPercent?: number } = {}): NabThresholdScore {
  const pts = sweepAll(files, cost, options.probationPercent ?? NAB_PROBATION_PERCENT).flat();
  const sweep = nabScoresByThreshold(pts, cost.fnWeight);
  let best = sweep[0]!;
  for (const s of sweep) if (s.score > best.score) best = s;
  return best;
}

/**
 * Score a detector on a corpus for each profile: optimise (or take) the threshold, score every file
 * at it, total, and normalise against the null and perfect detectors.
 *
 * Options: `profiles` (default NAB_PROFILES), `thresholds` (fixed threshold per profile; profiles
 * without one are optimised), `probationPercent` (default 0.15).
 * @throws Error if a file is empty, has a NaN score, or an invalid window.
 */
export function nabScoreCorpus(
  files: readonly NabDetectorFile[],
  options: { profiles?: Readonly<Record<string, NabCostMatrix>>; thresholds?: Readonly<Record<string, number>>; probationPercent?: number } = {},
): Record<string, NabProfileResult> {
  const profiles = options.profiles ?? NAB_PROFILES;
  const probationPercent = options.probationPercent ?? NAB_PROBATION_PERCENT;
  const out: Record<string, NabProfileResult> = {};
  for (const [name, cost] of Object.entries(profiles)) {
    const perFilePts = sweepAll(files, cost, probationPercent);
    let threshold = options.thresholds?.[name];
    if (threshold === undefined) {
      const sweep = nabScoresByThreshold(perFilePts.flat(), cost.fnWeight);
      let best = sweep[0]!;
      for (const s of sweep) if (s.score > best.score) best = s;
      threshold = best.threshold;
    }
    const perFile: NabFileResult[] = [];
    const cats = new Map<string, { raw: number; nul: number; perfect: number; windows: number }>();
    let raw = 0;
    let nul = 0;
    let perfect = 0;
    files.forEach((f, k) => {
      const pts = perFilePts[k]!;
      const r = nabScoreAtThreshold(nabScoresByThreshold(pts, cost.fnWeight), threshold!);
      // The null detector: every window that has scorable rows is missed.
      const scorableWindows = new Set<number>();
      for (const p of pts) if (p.window >= 0) scorableWindows.add(p.window);
      const fileNull = -cost.fnWeight * scorableWindows.size;
      const filePerfect = cost.tpWeight * f.windows.length;
      const category = categoryOf(f);
      perFile.push({ file: f.file, category, score: r.score, tp: r.tp, fp: r.fp, fn: r.fn, tn: r.tn });
      raw += r.score;
      nul += fileNull;
      perfect += filePerfect;
      const c = cats.get(category) ?? { raw: 0, nul: 0, perfect: 0, windows: 0 };
      c.raw += r.score;
      c.nul += fileNull;
      c.perfect += filePerfect;
      c.windows += f.windows.length;
      cats.set(category, c);
    });
    const norm = (s: number, n0: number, p: number): number | null => (p - n0 === 0 ? null : (100 * (s - n0)) / (p - n0));
    out[name] = {
      profile: name,
      threshold,
      rawScore: raw,
      nullScore: nul,
      perfectScore: perfect,
      normalizedScore: norm(raw, nul, perfect) ?? 0,
      perFile,
      perCategory: [...cats.entries()].map(([category, c]) => ({ category, rawScore: c.raw, normalizedScore: norm(c.raw, c.nul, c.perfect), windows: c.windows })),
    };
  }
  return out;
}
