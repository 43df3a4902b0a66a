/**
 * The shared engine of the mab-census and mab-fraud experiments: replay every strategy over one
 * seed's production log, score what was served, and aggregate seeds into rows with 95% CIs
 * (Student t over seeds), mean regret curves and mean traffic shares.
 */
import { meanCi } from "../core/stats.js";
import type { Row, Series } from "../experiments/types.js";
import type { Figure } from "../report/figure.js";
import { replay, type ProductionLog } from "./replay.js";
import type { DeploymentManager } from "./strategies/types.js";

/** One seed's inputs: every model's outcome on the production stream. */
export interface SeedInput {
  modelNames: string[];
  validationReward: Float64Array;
  log: ProductionLog;
  /** Recorded production labels (what monitoring sees). */
  y: Uint8Array;
  /** scores[k][i]: model k's P(y = 1) on request i. */
  scores: Float64Array[];
  /** decisions[k][i]: model k's 0/1 decision on request i. */
  decisions: Uint8Array[];
  seed: number;
}

/** Metrics of what was served: labels, served scores and served decisions. */
export type ServedMetrics = (y: Uint8Array, score: Float64Array, decision: Uint8Array) => Record<string, number>;

/** One strategy's outcome on one seed. */
export interface StrategySeedResult {
  strategy: string;
  metrics: Record<string, number>;
  cumulativeRegret: Float64Array;
  /** traffic share per chunk and model (rows sum to 1). */
  share: number[][];
}

/** Replay every strategy on one seed. Manager k's seed is derived from the seed and its name. */
export function runSeed(input: SeedInput, strategies: DeploymentManager[], metrics: ServedMetrics): StrategySeedResult[] {
  const n = input.y.length;
  return strategies.map((mgr, si) => {
    const res = replay(mgr, input.log, {
      nModels: input.modelNames.length,
      modelNames: input.modelNames,
      validationReward: input.validationReward,
      seed: (input.seed * 1000003 + si * 7919) >>> 0,
    });
    const score = new Float64Array(n);
    const decision = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const a = res.served[i]!;
      score[i] = input.scores[a]![i]!;
      decision[i] = input.decisions[a]![i]!;
    }
    let reward = 0;
    for (let t = 0; t < res.chunkReward.length; t++) reward += res.chunkReward[t]!;
    const m: Record<string, number> = {
      ...metrics(input.y, score, decision),
      mean_reward: reward / n,
      regret: res.cumulativeRegret[res.cumulativeRegret.length - 1]!,
      switches: res.switches,
      rollbacks: res.rollbacks,
      explicit_rollbacks: res.explicitRollbacks,
    };
    const share = res.traffic.map((c) => {
      const tot = c.reduce((a, b) => a + b, 0);
      return c.map((v) => v / Math.max(tot, 1));
    });
    return { strategy: mgr.name, metrics: m, cumulativeRegret: res.cumulativeRegret, share };
  });
}

/** Round to 4 decimals for tables (the stored Result keeps what it is given). */
export function r4(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x;
}

/**
 * One row per strategy: for each metric its mean over seeds and, for `ciMetrics`, `<m>_lo` /
 * `<m>_hi` 95% Student-t bounds.
 */
export function aggregateRows(perSeed: StrategySeedResult[][], metrics: string[], ciMetrics: string[]): Row[] {
  const names = perSeed[0]?.map((r) => r.strategy) ?? [];
  return names.map((name, si) => {
    const row: Row = { strategy: name };
    for (const m of metrics) {
      const vals = perSeed.map((s) => s[si]!.metrics[m]!).filter((v) => Number.isFinite(v));
      const ci = meanCi(vals);
      row[m] = r4(ci.mean);
      if (ciMetrics.includes(m)) {
        row[`${m}_lo`] = r4(ci.lo);
        row[`${m}_hi`] = r4(ci.hi);
      }
    }
    row.seeds = perSeed.length;
    return row;
  });
}

/** Mean cumulative regret per chunk with a 95% CI band, one series per strategy. */
export function regretSeries(perSeed: StrategySeedResult[][]): Record<string, Series> {
  const out: Record<string, Series> = {};
  const names = perSeed[0]?.map((r) => r.strategy) ?? [];
  names.forEach((name, si) => {
    const T = perSeed[0]![si]!.cumulativeRegret.length;
    const s: Series = { x: [], y: [], lo: [], hi: [] };
    for (let t = 0; t < T; t++) {
      const ci = meanCi(perSeed.map((p) => p[si]!.cumulativeRegret[t]!));
      s.x.push(t + 1);
      s.y.push(r4(ci.mean));
      s.lo!.push(r4(ci.lo));
      s.hi!.push(r4(ci.hi));
    }
    out[`regret/${name}`] = s;
  });
  return out;
}

/** Mean traffic share per strategy: share[strategy][chunk][model]. */
export function meanTraffic(perSeed: StrategySeedResult[][]): Record<string, number[][]> {
  const out: Record<string, number[][]> = {};
  const names = perSeed[0]?.map((r) => r.strategy) ?? [];
  names.forEach((name, si) => {
    const first = perSeed[0]![si]!.share;
    out[name] = first.map((row, t) =>
      row.map((_, k) => r4(perSeed.reduce((acc, p) => acc + p[si]!.share[t]![k]!, 0) / perSeed.length)),
    );
  });
  return out;
}

/** Figures: cumulative regret (mean and 95% band per strategy) and traffic share per strategy. */
export function deploymentFigures(
  series: Record<string, Series>,
  traffic: Record<string, number[][]>,
  modelNames: string[],
  label: string,
  events: { name: string; start: number; end: number }[] = [],
): Figure[] {
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
  const regretTraces: Array<Record<string, unknown>> = [];
  Object.entries(series)
    .filter(([k]) => k.startsWith("regret/"))
    .forEach(([k, s], i) => {
      const name = k.slice("regret/".length);
      const color = palette[i % palette.length];
      if (s.lo && s.hi) {
        regretTraces.push({
          x: [...s.x, ...s.x.slice().reverse()], y: [...s.hi, ...s.lo.slice().reverse()], type: "scatter", fill: "toself",
          line: { width: 0 }, fillcolor: color, opacity: 0.15, showlegend: false, hoverinfo: "skip", name: `${name} 95% CI`,
        });
      }
      regretTraces.push({ x: s.x, y: s.y, type: "scatter", mode: "lines", name, line: { color } });
    });
  const nChunks = Object.values(traffic)[0]?.length ?? 0;
  const shapes = events.map((e) => ({
    type: "rect", xref: "x", yref: "paper", x0: e.start * nChunks + 0.5, x1: e.end * nChunks + 0.5, y0: 0, y1: 1,
    fillcolor: "#999", opacity: 0.12, line: { width: 0 },
  }));
  const annotations = events.map((e) => ({
    x: (e.start + e.end) / 2 * nChunks + 0.5, y: 1.02, xref: "x", yref: "paper", text: e.name, showarrow: false, font: { size: 10 },
  }));
  const figs: Figure[] = [
    {
      id: "regret",
      title: `Cumulative regret against the per-chunk oracle (${label})`,
      data: regretTraces,
      layout: {
        title: { text: `Cumulative regret against the per-chunk oracle (${label})` },
        xaxis: { title: { text: "chunk" } }, yaxis: { title: { text: "cumulative regret (reward units)" } }, shapes, annotations,
      },
    },
  ];
  for (const [name, share] of Object.entries(traffic)) {
    figs.push({
      id: `traffic-${name}`,
      title: `Traffic share per model over time: ${name} (${label})`,
      data: modelNames.map((m, k) => ({
        x: share.map((_, t) => t + 1), y: share.map((row) => row[k]), type: "scatter", mode: "lines", stackgroup: "one",
        name: m, line: { width: 0.5, color: palette[k % palette.length] },
      })),
      layout: {
        title: { text: `Traffic share per model over time: ${name} (${label})` },
        xaxis: { title: { text: "chunk" } }, yaxis: { title: { text: "share of requests" }, range: [0, 1] }, shapes, annotations,
      },
    });
  }
  return figs;
}
