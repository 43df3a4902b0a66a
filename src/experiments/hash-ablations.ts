/**
 * hash-ablations: HASH without the feedback loop, without the adaptive learning rate, with the
 * statistical detector only (EWMA, no VAE), and without RL (the same detectors + a fixed runbook),
 * beside the full system and the static-threshold baseline; same metrics, seeds and protocol as
 * hash-table (hashCommon.ts). Each RL ablation is trained with its own PPO run; the full HASH
 * policies are shared with hash-table through the in-process cache. Table `paired`: per-seed
 * differences (mean, 95% CI) of every variant against the baseline and against the full HASH.
 */
import type { Figure } from "../report/figure.js";
import { defaultHashBudget, evaluateAll, HASH_VARIANTS, pairedDiffRow, progressOf, summaryRow, trainedPolicy, type HashBudget, type SeedMetrics } from "./hashCommon.js";
import { perSeedRows, summaryFigures } from "./hash-table.js";
import type { Experiment, Result, Row } from "./types.js";

/** Config of hash-ablations: the shared budget plus which variants to run. */
export interface HashAblationsConfig extends HashBudget {
  /** Keys of HASH_VARIANTS to run (besides the baseline). */
  variants: string[];
}

/** hash-ablations: see the module doc. */
export const hashAblations: Experiment<HashAblationsConfig> = {
  id: "hash-ablations",
  title: "HASH ablations: feedback loop, adaptive LR, VAE, RL",
  paperRef: "HASH ablations (not in the paper's tables; the issue's components)",
  defaultConfig: (smoke) => ({ ...defaultHashBudget(smoke), variants: ["hash", "noFeedback", "noAdaptiveLr", "statisticalOnly", "noRl"] }),
  defaultSeeds: (smoke) => (smoke ? 2 : 10),
  async run(config, ctx) {
    for (const v of config.variants) {
      if (!HASH_VARIANTS[v]) throw new Error(`hash-ablations: unknown variant "${v}"; known: ${Object.keys(HASH_VARIANTS).join(", ")}`);
    }
    const { variants, ...budget } = config;
    const rl = variants.filter((v) => HASH_VARIANTS[v]!.rl);
    const progress = progressOf(ctx.onProgress, ctx.seeds.length * (rl.length + variants.length + 1));
    for (const v of rl) {
      for (const s of ctx.seeds) {
        await trainedPolicy(HASH_VARIANTS[v]!, budget, s);
        progress.tick(`trained ${v} seed ${s}`);
      }
    }
    const rows: Row[] = [];
    const paired: Row[] = [];
    const per = [];
    const results: Record<string, SeedMetrics[]> = {};
    const base = await evaluateAll("baseline", budget, ctx.seeds, progress);
    rows.push(summaryRow("static-threshold baseline", base));
    per.push(...base);
    for (const v of variants) {
      const r = await evaluateAll(v, budget, ctx.seeds, progress);
      rows.push({ ...summaryRow(HASH_VARIANTS[v]!.method, r), variant: v, feedback_events: r.reduce((a, p) => a + p.feedbackEvents, 0) });
      per.push(...r);
      results[v] = r;
      paired.push(pairedDiffRow(HASH_VARIANTS[v]!.method, "static-threshold baseline", r, base));
    }
    const full = results.hash;
    if (full) {
      for (const v of variants) {
        if (v !== "hash") paired.push(pairedDiffRow(HASH_VARIANTS[v]!.method, "HASH", results[v]!, full));
      }
    }
    return {
      id: "hash-ablations",
      title: hashAblations.title,
      paperRef: hashAblations.paperRef,
      config,
      seeds: ctx.seeds,
      smoke: ctx.smoke,
      rows,
      tables: { paired, perSeed: perSeedRows(per) },
    };
  },
  draw(result: Result<HashAblationsConfig>): Figure[] {
    return summaryFigures("hash-ablations", result.rows);
  },
};
