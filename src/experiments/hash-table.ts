/**
 * hash-table: the static-threshold alerting baseline vs HASH (PPO + hybrid detector + feedback
 * loop + adaptive learning rate) over 1000-cycle deployment episodes on the scenario catalogue,
 * >= 10 seeds, mean and 95% CI of uptime, average latency, error rate, GPU utilisation and time to
 * recovery, beside the HASH paper's claims (uptime 78 -> 92%, latency 350 -> 287 ms, error
 * 1.2 -> 0.9%, recovery 60 -> 45 s) and the relative improvements. Protocol: hashCommon.ts.
 */
import type { Figure } from "../report/figure.js";
import {
  defaultHashBudget,
  evaluateAll,
  HASH_VARIANTS,
  pairedDiffRow,
  progressOf,
  summaryRow,
  trainedPolicy,
  type HashBudget,
  type SeedMetrics,
} from "./hashCommon.js";
import type { Experiment, Result, Row } from "./types.js";

/** Config of hash-table (the shared HASH budget). */
export type HashTableConfig = HashBudget;

/** The paper's claims (baseline -> HASH). */
export const HASH_PAPER_CLAIMS = Object.freeze({
  uptime: { baseline: 78, hash: 92, unit: "%" },
  latency_ms: { baseline: 350, hash: 287, unit: "ms" },
  error_rate: { baseline: 1.2, hash: 0.9, unit: "%" },
  ttr_s: { baseline: 60, hash: 45, unit: "s" },
});

/** Relative change (b - a) / a in %, or null. */
function rel(a: unknown, b: unknown): number | null {
  if (typeof a !== "number" || typeof b !== "number" || a === 0) return null;
  return Math.round(((b - a) / Math.abs(a)) * 1000) / 10;
}

/**
 * The paper's claims beside ours (means and CIs), the relative changes, and whether they agree:
 * `direction_matches_paper` (HASH moves the metric the paper's way), `cis_separate` (the two
 * 95% CIs do not overlap) and, given the paired differences, `paired_significant` (the 95% CI of
 * the per-seed difference HASH - baseline excludes 0).
 */
export function claimsTable(base: Row, hash: Row, paired?: Row): Row[] {
  const rows: Row[] = [];
  for (const [metric, claim] of Object.entries(HASH_PAPER_CLAIMS)) {
    const b = base[metric];
    const h = hash[metric];
    rows.push({
      metric,
      unit: claim.unit,
      paper_baseline: claim.baseline,
      paper_hash: claim.hash,
      paper_relative_pct: rel(claim.baseline, claim.hash),
      ours_baseline: b ?? null,
      ours_baseline_lo: base[`${metric}_lo`] ?? null,
      ours_baseline_hi: base[`${metric}_hi`] ?? null,
      ours_hash: h ?? null,
      ours_hash_lo: hash[`${metric}_lo`] ?? null,
      ours_hash_hi: hash[`${metric}_hi`] ?? null,
      ours_relative_pct: rel(b, h),
      direction_matches_paper:
        typeof b === "number" && typeof h === "number" ? Math.sign(h - b) === Math.sign(claim.hash - claim.baseline) : null,
      cis_separate:
        typeof b === "number" && typeof h === "number"
          ? (hash[`${metric}_lo`] as number) > (base[`${metric}_hi`] as number) || (hash[`${metric}_hi`] as number) < (base[`${metric}_lo`] as number)
          : null,
      paired_diff: paired ? (paired[`d_${metric}`] ?? null) : null,
      paired_diff_lo: paired ? (paired[`d_${metric}_lo`] ?? null) : null,
      paired_diff_hi: paired ? (paired[`d_${metric}_hi`] ?? null) : null,
      paired_significant: paired ? (paired[`d_${metric}_significant`] ?? null) : null,
    });
  }
  return rows;
}

/** Bar chart with CI error bars of a set of summary rows. */
export function summaryFigures(prefix: string, rows: Row[]): Figure[] {
  const metrics: Array<[string, string]> = [
    ["uptime", "Uptime (%)"],
    ["latency_ms", "Mean latency (ms)"],
    ["error_rate", "Error rate (%)"],
    ["utilisation", "GPU utilisation (%)"],
    ["ttr_s", "Time to recovery (s)"],
  ];
  return metrics.map(([m, title]) => ({
    id: `${prefix}-${m.replace(/_/g, "-")}`,
    title,
    data: [
      {
        type: "bar",
        x: rows.map((r) => r.method),
        y: rows.map((r) => r[m]),
        error_y: {
          type: "data",
          symmetric: false,
          array: rows.map((r) => (typeof r[`${m}_hi`] === "number" && typeof r[m] === "number" ? (r[`${m}_hi`] as number) - (r[m] as number) : 0)),
          arrayminus: rows.map((r) => (typeof r[`${m}_lo`] === "number" && typeof r[m] === "number" ? (r[m] as number) - (r[`${m}_lo`] as number) : 0)),
        },
      },
    ],
    layout: { title: { text: `${title}: mean and 95% CI over seeds` }, yaxis: { title: { text: title } } },
  }));
}

/** Per-seed values as rows (for the extra table). */
export function perSeedRows(per: SeedMetrics[]): Row[] {
  return per.map((p) => ({
    method: p.method,
    seed: p.seed,
    uptime: p.uptime * 100,
    latency_ms: p.latency_ms,
    error_rate: p.error_rate * 100,
    utilisation: p.utilisation * 100,
    ttr_s: p.ttr_s,
    unrecovered: p.unrecovered,
    catastrophic: p.catastrophic,
    feedback_events: p.feedbackEvents,
  }));
}

/** hash-table: see the module doc. */
export const hashTable: Experiment<HashTableConfig> = {
  id: "hash-table",
  title: "HASH vs static-threshold baseline over 1000 deployment cycles (mean, 95% CI)",
  paperRef: "HASH results table (uptime, latency, error rate, utilisation, recovery time)",
  defaultConfig: (smoke) => defaultHashBudget(smoke),
  defaultSeeds: (smoke) => (smoke ? 2 : 10),
  async run(config, ctx) {
    const progress = progressOf(ctx.onProgress, 3 * ctx.seeds.length);
    for (const s of ctx.seeds) {
      await trainedPolicy(HASH_VARIANTS.hash!, config, s);
      progress.tick(`trained HASH seed ${s}`);
    }
    const base = await evaluateAll("baseline", config, ctx.seeds, progress);
    const hash = await evaluateAll("hash", config, ctx.seeds, progress);
    const baseRow = summaryRow("static-threshold baseline", base);
    const hashRow = summaryRow("HASH", hash);
    const paired = pairedDiffRow("HASH", "static-threshold baseline", hash, base);
    return {
      id: "hash-table",
      title: hashTable.title,
      paperRef: hashTable.paperRef,
      config,
      seeds: ctx.seeds,
      smoke: ctx.smoke,
      rows: [baseRow, hashRow],
      tables: { claims: claimsTable(baseRow, hashRow, paired), paired: [paired], perSeed: perSeedRows([...base, ...hash]) },
      extra: { protocol: "hashCommon.ts; uptime, error rate and utilisation in %, CIs are 95% Student-t over seeds" },
    };
  },
  draw(result: Result<HashTableConfig>): Figure[] {
    return summaryFigures("hash-table", result.rows);
  },
};
