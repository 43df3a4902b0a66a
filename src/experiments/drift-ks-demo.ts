/**
 * drift-ks-demo (teaching: covariate drift and the two-sample KS test).
 *
 * Protocol: a reference window of `referenceSize` draws from N(0, 1) stands for the training data.
 * Production arrives in `batches` batches of `batchSize`; from batch `driftStart` the mean moves
 * linearly to `shift` over `rampBatches` batches and stays there (gradual covariate drift). Each
 * batch is compared with the reference by a two-sample KS test at level `alpha`.
 * Measured per shift: the false-alarm rate before the drift (should sit near alpha), the power
 * after the ramp, and the delay from drift onset to the first alarm.
 */
import { Rng } from "../core/rng.js";
import { meanCi } from "../core/stats.js";
import { ksTwoSample } from "../detect/ks.js";
import type { Figure } from "../report/figure.js";
import type { Experiment, Result, Row, Series } from "./types.js";

export interface DriftKsConfig {
  referenceSize: number;
  batchSize: number;
  batches: number;
  driftStart: number;
  rampBatches: number;
  /** Final mean shifts to compare, in units of the reference standard deviation. */
  shifts: number[];
  alpha: number;
}

function validate(c: DriftKsConfig): void {
  const posInt = (k: keyof DriftKsConfig) => {
    const v = c[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new Error(`drift-ks-demo: config.${k} must be a positive integer, got ${String(v)}`);
  };
  posInt("referenceSize");
  posInt("batchSize");
  posInt("batches");
  posInt("rampBatches");
  if (!(c.driftStart >= 1 && c.driftStart + c.rampBatches < c.batches)) {
    throw new Error(`drift-ks-demo: config.driftStart must leave room for the ramp (1 <= driftStart, driftStart + rampBatches < batches)`);
  }
  if (!(c.alpha > 0 && c.alpha < 1)) throw new Error(`drift-ks-demo: config.alpha must be in (0, 1), got ${c.alpha}`);
  if (!Array.isArray(c.shifts) || c.shifts.length === 0 || c.shifts.some((s) => !Number.isFinite(s))) {
    throw new Error("drift-ks-demo: config.shifts must be a non-empty list of numbers");
  }
}

/** Mean of the production stream at batch t. */
function meanAt(t: number, c: DriftKsConfig, shift: number): number {
  if (t < c.driftStart) return 0;
  return shift * Math.min(1, (t - c.driftStart + 1) / c.rampBatches);
}

/** p-values of every batch of one stream (one seed, one shift). */
export function ksDriftStream(c: DriftKsConfig, shift: number, rng: Rng): number[] {
  const reference = Array.from({ length: c.referenceSize }, () => rng.normal());
  const pValues: number[] = [];
  for (let t = 0; t < c.batches; t++) {
    const mu = meanAt(t, c, shift);
    const batch = Array.from({ length: c.batchSize }, () => rng.normal(mu, 1));
    pValues.push(ksTwoSample(reference, batch).pValue);
  }
  return pValues;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** drift-ks-demo: false-alarm rate and power of the KS drift test per mean shift (see the module doc). */
export const driftKsDemo: Experiment<DriftKsConfig> = {
  id: "drift-ks-demo",
  title: "Detecting covariate drift with the two-sample Kolmogorov-Smirnov test",
  paperRef: "MLOps course: drift tests (KS), false alarms vs power",
  defaultConfig(smoke) {
    return smoke
      ? { referenceSize: 300, batchSize: 100, batches: 30, driftStart: 15, rampBatches: 5, shifts: [0, 0.2, 0.5], alpha: 0.05 }
      : { referenceSize: 500, batchSize: 200, batches: 80, driftStart: 40, rampBatches: 10, shifts: [0, 0.05, 0.1, 0.2, 0.3, 0.5], alpha: 0.05 };
  },
  defaultSeeds(smoke) {
    return smoke ? 3 : 20;
  },
  async run(config, ctx) {
    validate(config);
    const rows: Row[] = [];
    const series: Record<string, Series> = {};
    const total = config.shifts.length * ctx.seeds.length;
    let done = 0;
    for (const shift of config.shifts) {
      // Rates per seed: batches of one stream share its reference window, so their alarms are
      // correlated; the seeds are the independent replicates the 95% CI is taken over.
      const falseAlarmRates: number[] = [];
      const powers: number[] = [];
      const delays: number[] = [];
      const pTraces: number[][] = [];
      for (const seed of ctx.seeds) {
        const p = ksDriftStream(config, shift, new Rng(seed).split(`shift:${shift}`));
        pTraces.push(p);
        const settled = config.driftStart + config.rampBatches;
        const before = p.slice(0, config.driftStart);
        const after = p.slice(settled);
        falseAlarmRates.push(before.filter((pv) => pv < config.alpha).length / before.length);
        powers.push(after.filter((pv) => pv < config.alpha).length / after.length);
        const first = p.findIndex((pv, t) => t >= config.driftStart && pv < config.alpha);
        delays.push(first < 0 ? Number.POSITIVE_INFINITY : first - config.driftStart);
        ctx.onProgress?.(++done, total, `shift ${shift}`);
      }
      const fa = meanCi(falseAlarmRates);
      const pw = meanCi(powers);
      const medDelay = median(delays);
      rows.push({
        shift,
        false_alarm_rate: fa.mean,
        false_alarm_lo: fa.lo,
        false_alarm_hi: fa.hi,
        power: pw.mean,
        power_lo: pw.lo,
        power_hi: pw.hi,
        median_delay_batches: Number.isFinite(medDelay) ? medDelay : null,
      });
      const x = Array.from({ length: config.batches }, (_, t) => t);
      series[`shift=${shift}`] = { x, y: x.map((t) => median(pTraces.map((tr) => tr[t]!))) };
    }
    return {
      id: this.id,
      title: this.title,
      paperRef: this.paperRef,
      config,
      seeds: ctx.seeds,
      smoke: ctx.smoke,
      rows,
      series,
    };
  },
  draw(result: Result<DriftKsConfig>): Figure[] {
    const c = result.config;
    const traces = Object.entries(result.series ?? {}).map(([name, s]) => ({
      type: "scatter",
      mode: "lines",
      name,
      x: s.x,
      y: s.y.map((p) => -Math.log10(Math.max(p, 1e-300))),
    }));
    const pvalues: Figure = {
      id: "pvalues",
      title: "KS test against the reference: median -log10(p) per batch",
      data: traces,
      layout: {
        xaxis: { title: { text: "batch" } },
        yaxis: { title: { text: "-log10 p-value (median over seeds)" } },
        shapes: [
          { type: "line", xref: "paper", x0: 0, x1: 1, y0: -Math.log10(c.alpha), y1: -Math.log10(c.alpha), line: { dash: "dash", color: "grey" } },
          { type: "rect", xref: "x", yref: "paper", x0: c.driftStart, x1: c.driftStart + c.rampBatches, y0: 0, y1: 1, fillcolor: "orange", opacity: 0.15, line: { width: 0 } },
        ],
        annotations: [{ x: c.driftStart, y: 1, yref: "paper", text: "drift starts", showarrow: false, xanchor: "left" }],
      },
    };
    const rows = result.rows;
    const power: Figure = {
      id: "power",
      title: "False alarms before drift and power after it (95% CI over seeds)",
      data: [
        {
          type: "scatter",
          mode: "lines+markers",
          name: "power after drift",
          x: rows.map((r) => r.shift),
          y: rows.map((r) => r.power),
          error_y: { type: "data", symmetric: false, array: rows.map((r) => (r.power_hi as number) - (r.power as number)), arrayminus: rows.map((r) => (r.power as number) - (r.power_lo as number)) },
        },
        {
          type: "scatter",
          mode: "lines+markers",
          name: "false-alarm rate before drift",
          x: rows.map((r) => r.shift),
          y: rows.map((r) => r.false_alarm_rate),
        },
      ],
      layout: {
        xaxis: { title: { text: "mean shift (reference standard deviations)" } },
        yaxis: { title: { text: "share of batches flagged" }, range: [0, 1.05] },
      },
    };
    return [pvalues, power];
  },
};
