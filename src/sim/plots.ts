/**
 * Plotly figures of simulator runs: metric traces with the incident windows shaded.
 */
import type { Figure } from "../report/figure.js";
import { CYCLE_SECONDS, TRUTH, TRUTH_DIM } from "./layout.js";
import type { EpisodeTrace } from "./metrics.js";
import type { IncidentWindow } from "./scenarios.js";

/** Plain-array metric traces of one run (what experiments store in their results). */
export interface TraceSeries {
  /** Minutes since reset. */
  minutes: number[];
  p99Ms: number[];
  errorPct: number[];
  arrivalRate: number[];
  instances: number[];
  trafficB: number[];
}

/** Extract the plotted series from a trace (truth, not telemetry), keeping every `every`-th cycle. */
export function traceSeries(trace: EpisodeTrace, every = 1): TraceSeries {
  const out: TraceSeries = { minutes: [], p99Ms: [], errorPct: [], arrivalRate: [], instances: [], trafficB: [] };
  const step = Math.max(1, Math.floor(every));
  for (let c = 0; c <= trace.cyclesRun; c += step) {
    const at = (d: number) => trace.truth[c * TRUTH_DIM + d]!;
    out.minutes.push((c * CYCLE_SECONDS) / 60);
    out.p99Ms.push(round(at(TRUTH.latencyP99), 1));
    out.errorPct.push(round(100 * at(TRUTH.errorRate), 3));
    out.arrivalRate.push(round(at(TRUTH.arrivalRate), 1));
    out.instances.push(at(TRUTH.readyInstances));
    out.trafficB.push(at(TRUTH.trafficB));
  }
  return out;
}

/** Options of {@link traceFigure}. */
export interface TraceFigureOptions {
  id?: string;
  title?: string;
  /** SLA p99 limit drawn as a dashed line, ms. Default 500. */
  slaP99Ms?: number;
  /** SLA error limit drawn as a dashed line, %. Default 1. */
  slaErrorPct?: number;
}

/**
 * A three-panel figure: p99 latency, error rate, and instances (with traffic on B), against
 * minutes, with the incident windows shaded.
 */
export function traceFigure(series: TraceSeries, incidents: readonly IncidentWindow[], options: TraceFigureOptions = {}): Figure {
  const title = options.title ?? "Metric trace";
  const sla = options.slaP99Ms ?? 500;
  const slaErr = options.slaErrorPct ?? 1;
  const x = series.minutes;
  const xmax = x.length ? x[x.length - 1]! : 0;
  const shapes: Array<Record<string, unknown>> = incidents.map((w) => ({
    type: "rect",
    xref: "x",
    yref: "paper",
    x0: (w.start * CYCLE_SECONDS) / 60,
    x1: (Math.min(w.end, (xmax * 60) / CYCLE_SECONDS) * CYCLE_SECONDS) / 60,
    y0: 0,
    y1: 1,
    fillcolor: "rgba(214, 39, 40, 0.12)",
    line: { width: 0 },
    layer: "below",
  }));
  const hline = (y: number, yref: string) => ({ type: "line", xref: "x", yref, x0: 0, x1: xmax, y0: y, y1: y, line: { dash: "dash", width: 1, color: "#888" } });
  shapes.push(hline(sla, "y"), hline(slaErr, "y2"));
  return {
    id: options.id ?? "trace",
    title,
    data: [
      { type: "scatter", mode: "lines", name: "p99 latency (ms)", x, y: series.p99Ms, xaxis: "x", yaxis: "y", line: { color: "#1f77b4" } },
      { type: "scatter", mode: "lines", name: "error rate (%)", x, y: series.errorPct, xaxis: "x", yaxis: "y2", line: { color: "#d62728" } },
      { type: "scatter", mode: "lines", name: "ready instances", x, y: series.instances, xaxis: "x", yaxis: "y3", line: { color: "#2ca02c", shape: "hv" } },
      { type: "scatter", mode: "lines", name: "traffic on B (x10)", x, y: series.trafficB.map((v) => 10 * v), xaxis: "x", yaxis: "y3", line: { color: "#9467bd", dash: "dot", shape: "hv" } },
    ],
    layout: {
      title: { text: title },
      height: 600,
      xaxis: { title: { text: "minutes" }, anchor: "y3" },
      yaxis: { title: { text: "p99 (ms)" }, domain: [0.7, 1] },
      yaxis2: { title: { text: "errors (%)" }, domain: [0.37, 0.63] },
      yaxis3: { title: { text: "instances" }, domain: [0, 0.3] },
      shapes,
      legend: { orientation: "h", y: -0.12 },
    },
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
