/**
 * hash-training: PPO learning curves of HASH and its RL ablations (mean reward per env-step of
 * each rollout, the learning rate the schedule chose, the policy entropy), mean and 95% CI over
 * seeds, from the same trained policies as hash-table / hash-ablations (in-process cache).
 */
import { meanCi } from "../core/stats.js";
import type { Figure } from "../report/figure.js";
import { defaultHashBudget, HASH_VARIANTS, progressOf, trainedPolicy, type HashBudget } from "./hashCommon.js";
import type { Experiment, Result, Row, Series } from "./types.js";

/** Config of hash-training: the shared budget plus the RL variants to draw. */
export interface HashTrainingConfig extends HashBudget {
  variants: string[];
}

const CURVES: Array<[string, string]> = [
  ["charts/rolloutReward", "reward"],
  ["charts/learningRate", "lr"],
  ["losses/entropy", "entropy"],
];

/** hash-training: see the module doc. */
export const hashTraining: Experiment<HashTrainingConfig> = {
  id: "hash-training",
  title: "HASH PPO learning curves (adaptive vs constant learning rate, ablations)",
  paperRef: "HASH training (adaptive learning rate a(t+1) = a(t) exp(beta (R(t) - R(t-1))))",
  defaultConfig: (smoke) => ({ ...defaultHashBudget(smoke), variants: ["hash", "noAdaptiveLr", "noFeedback", "statisticalOnly"] }),
  defaultSeeds: (smoke) => (smoke ? 2 : 10),
  async run(config, ctx) {
    const { variants, ...budget } = config;
    for (const v of variants) if (!HASH_VARIANTS[v]?.rl) throw new Error(`hash-training: "${v}" is not an RL variant; use one of ${Object.keys(HASH_VARIANTS).filter((k) => HASH_VARIANTS[k]!.rl).join(", ")}`);
    const progress = progressOf(ctx.onProgress, variants.length * ctx.seeds.length);
    const series: Record<string, Series> = {};
    const rows: Row[] = [];
    const timings: Array<{ variant: string; train_sec_mean: number | null; env_steps_per_sec: number | null }> = [];
    for (const v of variants) {
      const logs = [];
      for (const s of ctx.seeds) {
        logs.push(await trainedPolicy(HASH_VARIANTS[v]!, budget, s));
        progress.tick(`${v} seed ${s}`);
      }
      for (const [key, short] of CURVES) {
        const first = logs[0]!.log[key];
        if (!first) continue;
        const s: Series = { x: [...first.x], y: [], lo: [], hi: [] };
        for (let i = 0; i < first.x.length; i++) {
          const ci = meanCi(logs.map((l) => l.log[key]?.y[i]).filter((y): y is number => typeof y === "number" && Number.isFinite(y)));
          s.y.push(ci.mean);
          s.lo!.push(ci.lo);
          s.hi!.push(ci.hi);
        }
        series[`${v}/${short}`] = s;
      }
      const rw = series[`${v}/reward`]!;
      const n = rw.y.length;
      const q = Math.max(1, Math.floor(n / 4));
      const firstQ = meanCi(logs.map((l) => mean(l.log["charts/rolloutReward"]!.y.slice(0, q))));
      const lastQ = meanCi(logs.map((l) => mean(l.log["charts/rolloutReward"]!.y.slice(n - q))));
      rows.push({
        variant: v,
        method: HASH_VARIANTS[v]!.method,
        iterations: n,
        env_steps: logs[0]!.envSteps,
        reward_first_quarter: round(firstQ.mean),
        reward_first_quarter_lo: round(firstQ.lo),
        reward_first_quarter_hi: round(firstQ.hi),
        reward_last_quarter: round(lastQ.mean),
        reward_last_quarter_lo: round(lastQ.lo),
        reward_last_quarter_hi: round(lastQ.hi),
        final_lr: round(mean(logs.map((l) => l.log["charts/learningRate"]!.y.at(-1)!)), 6),
      });
      // Timings depend on the machine: kept out of the deterministic rows.
      timings.push({ variant: v, train_sec_mean: round(mean(logs.map((l) => l.wallTimeSec)), 2), env_steps_per_sec: round(mean(logs.map((l) => l.envSteps / l.wallTimeSec)), 0) });
    }
    return { id: "hash-training", title: hashTraining.title, paperRef: hashTraining.paperRef, config, seeds: ctx.seeds, smoke: ctx.smoke, rows, series, extra: { timings } };
  },
  draw(result: Result<HashTrainingConfig>): Figure[] {
    return CURVES.map(([, short]) => ({
      id: `hash-training-${short}`,
      title: `PPO ${short} per iteration (mean over seeds, 95% CI)`,
      data: Object.entries(result.series ?? {})
        .filter(([name]) => name.endsWith(`/${short}`))
        .flatMap(([name, s]) => [
          { type: "scatter", mode: "lines", name, x: s.x, y: s.y },
          { type: "scatter", mode: "lines", name: `${name} CI`, x: [...s.x, ...[...s.x].reverse()], y: [...(s.hi ?? []), ...[...(s.lo ?? [])].reverse()], fill: "toself", opacity: 0.2, line: { width: 0 }, showlegend: false },
        ]),
      layout: { xaxis: { title: { text: "env steps" } }, yaxis: { title: { text: short } } },
    }));
  },
};

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : NaN;
}
function round(x: number, d = 4): number | null {
  return Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null;
}
