/**
 * hash-feedback: detection accuracy of HASH's hybrid detectors over the cycles of 1000-cycle
 * deployment episodes, with and without the recursive feedback loop (the paper claims +15%
 * detection accuracy after 500 cycles). Accuracy per cycle: the controller's alert (any monitored
 * metric's hybrid score >= 0.5) agrees with the ground truth (service degraded or down); the
 * curve is the mean over each seed's catalogue slice per `bucketCycles` bucket, then the mean and
 * 95% CI over seeds. Balanced accuracy (mean of TPR and TNR) over the first and the second half of
 * the episodes is reported too, since most cycles are healthy. Same protocol and policies as
 * hash-ablations ("HASH" vs "HASH w/o feedback loop").
 */
import { meanCi } from "../core/stats.js";
import type { Figure } from "../report/figure.js";
import { defaultHashBudget, evaluateAll, progressOf, type HashBudget, type SeedMetrics } from "./hashCommon.js";
import type { Experiment, Result, Row, Series } from "./types.js";

/** Config of hash-feedback (the shared HASH budget). */
export type HashFeedbackConfig = HashBudget;

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);

function ciRow(label: string, withFb: number[], without: number[]): Row {
  const a = meanCi(withFb.filter(Number.isFinite));
  const b = meanCi(without.filter(Number.isFinite));
  const diff = meanCi(withFb.map((x, i) => x - without[i]!).filter(Number.isFinite));
  return {
    measure: label,
    with_feedback: r4(a.mean),
    with_feedback_lo: r4(a.lo),
    with_feedback_hi: r4(a.hi),
    without_feedback: r4(b.mean),
    without_feedback_lo: r4(b.lo),
    without_feedback_hi: r4(b.hi),
    difference: r4(diff.mean),
    difference_lo: r4(diff.lo),
    difference_hi: r4(diff.hi),
    relative_pct: b.mean !== 0 && Number.isFinite(b.mean) ? Math.round(((a.mean - b.mean) / b.mean) * 1000) / 10 : null,
  };
}

/** hash-feedback: see the module doc. */
export const hashFeedback: Experiment<HashFeedbackConfig> = {
  id: "hash-feedback",
  title: "Detection accuracy over cycles with and without HASH's feedback loop",
  paperRef: "HASH: +15% detection accuracy from the feedback loop after 500 cycles",
  defaultConfig: (smoke) => defaultHashBudget(smoke),
  defaultSeeds: (smoke) => (smoke ? 2 : 10),
  async run(config, ctx) {
    const progress = progressOf(ctx.onProgress, 2 * ctx.seeds.length);
    const on: SeedMetrics[] = await evaluateAll("hash", config, ctx.seeds, progress);
    const off: SeedMetrics[] = await evaluateAll("noFeedback", config, ctx.seeds, progress);
    const nb = on[0]!.accuracyByBucket.length;
    const series: Record<string, Series> = {};
    const rows: Row[] = [];
    for (const [name, per] of [["with feedback", on], ["without feedback", off]] as const) {
      const s: Series = { x: [], y: [], lo: [], hi: [] };
      for (let k = 0; k < nb; k++) {
        const ci = meanCi(per.map((p) => p.accuracyByBucket[k]!).filter(Number.isFinite));
        s.x.push((k + 1) * config.bucketCycles);
        s.y.push(ci.mean);
        s.lo!.push(ci.lo);
        s.hi!.push(ci.hi);
      }
      series[name] = s;
    }
    for (let k = 0; k < nb; k++) {
      rows.push({
        ...ciRow(`accuracy, cycles ${k * config.bucketCycles}-${(k + 1) * config.bucketCycles - 1}`, on.map((p) => p.accuracyByBucket[k]!), off.map((p) => p.accuracyByBucket[k]!)),
        cycle_end: (k + 1) * config.bucketCycles,
      });
    }
    const half = Math.floor(nb / 2);
    const late = (p: SeedMetrics) => {
      const xs = p.accuracyByBucket.slice(half).filter(Number.isFinite);
      return xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
    };
    const summary: Row[] = [
      ciRow(`accuracy, cycles >= ${half * config.bucketCycles}`, on.map(late), off.map(late)),
      ciRow("balanced accuracy, first half", on.map((p) => p.balancedAccuracyEarly), off.map((p) => p.balancedAccuracyEarly)),
      ciRow("balanced accuracy, second half", on.map((p) => p.balancedAccuracyLate), off.map((p) => p.balancedAccuracyLate)),
      { measure: "paper claim: relative accuracy gain after 500 cycles", relative_pct: 15 },
    ];
    return {
      id: "hash-feedback",
      title: hashFeedback.title,
      paperRef: hashFeedback.paperRef,
      config,
      seeds: ctx.seeds,
      smoke: ctx.smoke,
      rows,
      tables: { summary },
      series,
      extra: { feedbackEvents: on.reduce((a, p) => a + p.feedbackEvents, 0) },
    };
  },
  draw(result: Result<HashFeedbackConfig>): Figure[] {
    const data = Object.entries(result.series ?? {}).flatMap(([name, s]) => [
      { type: "scatter", mode: "lines+markers", name, x: s.x, y: s.y },
      { type: "scatter", mode: "lines", name: `${name} 95% CI`, x: [...s.x, ...[...s.x].reverse()], y: [...(s.hi ?? []), ...[...(s.lo ?? [])].reverse()], fill: "toself", opacity: 0.2, line: { width: 0 }, showlegend: false },
    ]);
    return [
      {
        id: "hash-feedback-accuracy",
        title: "Detection accuracy by cycle",
        data,
        layout: { xaxis: { title: { text: "cycle (end of bucket)" } }, yaxis: { title: { text: "accuracy (alert == truth)" } } },
      },
    ];
  },
};
