/**
 * sim-catalogue: the deployment simulator's scenario catalogue, run by the static-threshold
 * baseline (HASH's "Baseline"), with a do-nothing policy and the ground-truth oracle as brackets.
 *
 * Protocol: for every scenario and seed, one episode of `cycles` control cycles (15 s each) per
 * controller, same seed for all controllers (so they face the same load and the same incident).
 * Per scenario: the baseline's uptime (share of cycles meeting the SLA p99 <= 500 ms and errors
 * <= 1%), mean time to detect and to recover over its impacted incidents, error rate, mean latency,
 * cost, mean accuracy, and whether any seed ended in a catastrophic failure (outage > 5 min or no
 * capacity left); the uptime of "maintain" (never act) and of the oracle for context.
 * Figures: metric traces of a few scenarios under the baseline with incident windows shaded, and
 * uptime per scenario for the three controllers.
 */
import { ThresholdBaseline } from "../control/baseline.js";
import type { Controller } from "../control/types.js";
import type { Figure } from "../report/figure.js";
import { DeployEnv, type DeployInfo } from "../sim/env.js";
import { ACTION } from "../sim/layout.js";
import { OracleController } from "../sim/oracle.js";
import { traceFigure, traceSeries, type TraceSeries } from "../sim/plots.js";
import { runEpisode, type EpisodeResult } from "../sim/runEpisode.js";
import { getScenario, listScenarios, type IncidentWindow } from "../sim/scenarios.js";
import type { Experiment, Result, Row, Series } from "./types.js";

/** Config of sim-catalogue. */
export interface SimCatalogueConfig {
  /** Control cycles per episode (15 s each). */
  cycles: number;
  /** Scenario ids to run; empty = the whole catalogue. */
  scenarios: string[];
  /** Scenarios whose baseline traces are stored and drawn. */
  traceScenarios: string[];
  /** Also run "maintain" and the oracle (context columns). */
  references: boolean;
}

const TRACE_KEYS = ["p99Ms", "errorPct", "arrivalRate", "instances", "trafficB"] as const;

function validate(c: SimCatalogueConfig): void {
  if (!Number.isInteger(c.cycles) || c.cycles < 10 || c.cycles > 100000) {
    throw new Error(`sim-catalogue: config.cycles must be an integer in [10, 100000], got ${String(c.cycles)}`);
  }
  if (!Array.isArray(c.scenarios)) throw new Error("sim-catalogue: config.scenarios must be a list of scenario ids");
  if (!Array.isArray(c.traceScenarios)) throw new Error("sim-catalogue: config.traceScenarios must be a list of scenario ids");
  for (const id of [...c.scenarios, ...c.traceScenarios]) getScenario(id);
}

const maintain: Controller<DeployInfo> = { name: "maintain", reset() {}, act: () => ACTION.maintain };

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const r3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** sim-catalogue: every scenario under the static-threshold baseline (see the module doc). */
export const simCatalogue: Experiment<SimCatalogueConfig> = {
  id: "sim-catalogue",
  title: "Deployment-simulator scenario catalogue under the static-threshold baseline",
  paperRef: "HASH baseline (static thresholds) / safe self-healing pipeline: 43 failure scenarios",
  defaultConfig(smoke) {
    return {
      cycles: smoke ? 200 : 1000,
      scenarios: [],
      traceScenarios: ["flash-crowd", "bad-deploy", "memory-leak", "telemetry-dropout"],
      references: true,
    };
  },
  defaultSeeds(smoke) {
    return smoke ? 1 : 3;
  },
  async run(config, ctx) {
    validate(config);
    const defs = config.scenarios.length ? config.scenarios.map(getScenario) : [...listScenarios()];
    const rows: Row[] = [];
    const series: Record<string, Series> = {};
    const incidents: Record<string, IncidentWindow[]> = {};
    const total = defs.length * ctx.seeds.length;
    let done = 0;
    const env = new DeployEnv({ maxCycles: config.cycles });
    for (const def of defs) {
      const base: EpisodeResult[] = [];
      const refMaintain: number[] = [];
      const refOracle: number[] = [];
      for (const seed of ctx.seeds) {
        const opts = { seed, cycles: config.cycles, scenario: def.id };
        const b = runEpisode(env, new ThresholdBaseline(), opts);
        base.push(b);
        if (config.references) {
          refMaintain.push(runEpisode(env, maintain, opts).metrics.uptime);
          refOracle.push(runEpisode(env, new OracleController(), opts).metrics.uptime);
        }
        if (seed === ctx.seeds[0] && config.traceScenarios.includes(def.id)) {
          const ts = traceSeries(b.trace);
          for (const k of TRACE_KEYS) series[`trace/${def.id}/${k}`] = { x: ts.minutes, y: ts[k] };
          incidents[def.id] = b.scenario.incidents.map((w) => ({ ...w, kinds: [...w.kinds] }));
        }
        ctx.onProgress?.(++done, total, def.id);
      }
      const m = base.map((r) => r.metrics);
      const ttr = m.flatMap((x) => x.incidents.filter((i) => i.impacted && i.ttrSec !== null).map((i) => i.ttrSec!));
      const ttd = m.flatMap((x) => x.incidents.filter((i) => i.ttdSec !== null).map((i) => i.ttdSec!));
      const catastrophicRuns = m.filter((x) => x.catastrophic).length;
      rows.push({
        scenario: def.id,
        category: def.category,
        title: def.title,
        helps: def.helps.join(" ") || "-",
        baseline_uptime: r3(mean(m.map((x) => x.uptime))),
        baseline_ttd_s: r1(mean(ttd)),
        baseline_ttr_s: r1(mean(ttr)),
        baseline_unrecovered: m.reduce((a, x) => a + x.unrecoveredIncidents, 0),
        baseline_error_pct: r3(100 * mean(m.map((x) => x.errorRate))!),
        baseline_latency_ms: r1(mean(m.map((x) => x.meanLatencyMs))),
        baseline_cost_usd: r1(mean(m.map((x) => x.costUsd))),
        baseline_accuracy: r3(mean(m.map((x) => x.meanAccuracy))),
        baseline_rollbacks: base.reduce((a, r) => a + r.trace.actions.filter((v) => v === ACTION.shiftToB).length, 0),
        catastrophic: catastrophicRuns > 0,
        catastrophic_runs: catastrophicRuns,
        maintain_uptime: config.references ? r3(mean(refMaintain)) : null,
        oracle_uptime: config.references ? r3(mean(refOracle)) : null,
      });
    }
    const byCategory: Row[] = [];
    for (const cat of [...new Set(rows.map((r) => r.category as string))]) {
      const rs = rows.filter((r) => r.category === cat);
      byCategory.push({
        category: cat,
        scenarios: rs.length,
        baseline_uptime: r3(mean(rs.map((r) => r.baseline_uptime as number))),
        catastrophic_scenarios: rs.filter((r) => r.catastrophic).length,
        maintain_uptime: config.references ? r3(mean(rs.map((r) => r.maintain_uptime as number))) : null,
        oracle_uptime: config.references ? r3(mean(rs.map((r) => r.oracle_uptime as number))) : null,
      });
    }
    return {
      id: simCatalogue.id,
      title: simCatalogue.title,
      paperRef: simCatalogue.paperRef,
      config,
      seeds: ctx.seeds,
      smoke: ctx.smoke,
      rows,
      tables: { byCategory },
      series,
      extra: { incidents, scenarioCount: rows.length },
    };
  },
  draw(result: Result<SimCatalogueConfig>): Figure[] {
    const figs: Figure[] = [];
    const inc = (result.extra?.incidents ?? {}) as Record<string, IncidentWindow[]>;
    for (const id of result.config.traceScenarios) {
      const get = (k: string) => result.series?.[`trace/${id}/${k}`];
      const p99 = get("p99Ms");
      if (!p99) continue;
      const ts: TraceSeries = {
        minutes: p99.x,
        p99Ms: p99.y,
        errorPct: get("errorPct")?.y ?? [],
        arrivalRate: get("arrivalRate")?.y ?? [],
        instances: get("instances")?.y ?? [],
        trafficB: get("trafficB")?.y ?? [],
      };
      figs.push(traceFigure(ts, inc[id] ?? [], { id: `trace-${id}`, title: `${id}: baseline, seed ${result.seeds[0]} (incident shaded)` }));
    }
    const ids = result.rows.map((r) => String(r.scenario));
    const bar = (name: string, key: string, color: string) => ({
      type: "bar",
      name,
      x: ids,
      y: result.rows.map((r) => (typeof r[key] === "number" ? (r[key] as number) * 100 : null)),
      marker: { color },
    });
    const data = [bar("baseline", "baseline_uptime", "#1f77b4")];
    if (result.config.references) data.push(bar("maintain", "maintain_uptime", "#bbbbbb"), bar("oracle", "oracle_uptime", "#2ca02c"));
    figs.push({
      id: "uptime",
      title: "Uptime per scenario (share of 15 s cycles within the SLA)",
      data,
      layout: {
        barmode: "group",
        height: 500,
        xaxis: { tickangle: -60, automargin: true },
        yaxis: { title: { text: "uptime (%)" }, range: [0, 100] },
        legend: { orientation: "h", y: 1.08 },
      },
    });
    return figs;
  },
};
