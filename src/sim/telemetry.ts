/**
 * The telemetry layer: turns the ground truth into what a monitoring stack shows. It is separate
 * from the dynamics (its own state and its own random streams), so the truth of a seeded episode is
 * the same whatever the telemetry does.
 *
 * Per cycle and deployment, for the 14 metrics (layout.ts dims 0-13):
 * - delay: the value shown is the truth of `delay` cycles ago (pipeline lag; scenario faults add);
 * - freeze: a stuck exporter repeats the last shown values;
 * - noise: multiplicative, x (1 + cv u) with u triangular on [-1, 1] (sum of two 8-bit uniforms;
 *   cheap and bell-shaped enough for measurement noise; std = 0.41 cv);
 * - dropouts: a whole scrape missing (all NaN, Prometheus's gap) or one metric missing;
 * - spurious spikes: one metric multiplied by 3-10;
 * - values are clipped to the observation space; NaN stays NaN unless `fillMissing`.
 * Dims 14-17 (the controller's own configuration) are copied exactly.
 */
import { u32, uniform01 } from "./streams.js";
import type { TelemetryConfig } from "./config.js";
import { MAX_TELEMETRY_DELAY } from "./config.js";
import { NUM_METRICS, OBS_DIM, OBS_HIGH, OBS_LOW, TRUTH_DIM } from "./layout.js";
import { TEL_FX } from "./dynamics.js";

const HIST = MAX_TELEMETRY_DELAY + 1; // 32 slots
const HIST_MASK = HIST - 1;
const M = NUM_METRICS;
const LOW = Float64Array.from(OBS_LOW);
const HIGH = Float64Array.from(OBS_HIGH);

/** Per-deployment telemetry state for N deployments (struct of arrays). */
export class TelemetryState {
  readonly n: number;
  /** Truth history of the metrics, N x HIST x M. */
  readonly hist: Float32Array;
  /** Last value shown per metric (for freeze and fillMissing), N x M. */
  readonly last: Float64Array;
  /** Cycle index of the episode (0 at reset). */
  readonly t: Int32Array;
  /** Per-env random streams of the telemetry (streams.ts), N x 4; separate from the dynamics. */
  readonly rs: Int32Array;

  constructor(n: number) {
    this.n = n;
    this.hist = new Float32Array(n * HIST * M);
    this.last = new Float64Array(n * M);
    this.t = new Int32Array(n);
    this.rs = new Int32Array(n * 4);
  }

  /** Forget deployment i's history (at episode start). */
  resetOne(i: number): void {
    this.t[i] = -1;
    this.last.fill(Number.NaN, i * M, (i + 1) * M);
  }
}

/**
 * Produce deployment i's observation row from its truth row. Allocation-free.
 * @param truth N x TRUTH_DIM truth; @param fx N x TEL_FX fault effects; @param obs N x OBS_DIM output.
 */
export function observe(
  ts: TelemetryState,
  cfg: TelemetryConfig,
  i: number,
  truth: Float64Array,
  fx: Float64Array,
  obs: Float32Array,
): void {
  const rs = ts.rs;
  const ro = i * 4;
  const tr = i * TRUTH_DIM;
  const o = i * OBS_DIM;
  for (let d = M; d < OBS_DIM; d++) obs[o + d] = truth[tr + d]!;
  const t = ts.t[i]! + 1;
  ts.t[i] = t;
  const last = i * M;
  if (!cfg.enabled) {
    for (let d = 0; d < M; d++) obs[o + d] = truth[tr + d]!;
    return;
  }
  const h = i * HIST * M;
  const w = h + (t & HIST_MASK) * M;
  for (let d = 0; d < M; d++) ts.hist[w + d] = truth[tr + d]!;
  const f = i * TEL_FX;
  if (fx[f + 4]! > 0) {
    // Frozen exporter: repeat what was shown last (NaN before anything was shown).
    for (let d = 0; d < M; d++) obs[o + d] = ts.last[last + d]!;
    return;
  }
  let delay = cfg.delayCycles + fx[f + 1]!;
  if (delay > MAX_TELEMETRY_DELAY) delay = MAX_TELEMETRY_DELAY;
  if (delay > t) delay = t;
  const src = h + ((t - delay) & HIST_MASK) * M;
  const cv = cfg.noiseCv * fx[f + 2]!;
  // Noise: one 32-bit draw gives two triangular variates (8+8 bits each; 1/256 resolution of a
  // 5% noise is far below anything a detector can see).
  for (let d = 0; d < M; d += 2) {
    const u = u32(rs, ro);
    const tri0 = ((u & 0xff) + ((u >>> 8) & 0xff)) / 255 - 1;
    const tri1 = (((u >>> 16) & 0xff) + (u >>> 24)) / 255 - 1;
    let v = ts.hist[src + d]! * (1 + cv * tri0);
    if (v < LOW[d]!) v = LOW[d]!;
    else if (v > HIGH[d]!) v = HIGH[d]!;
    obs[o + d] = v;
    v = ts.hist[src + d + 1]! * (1 + cv * tri1);
    if (v < LOW[d + 1]!) v = LOW[d + 1]!;
    else if (v > HIGH[d + 1]!) v = HIGH[d + 1]!;
    obs[o + d + 1] = v;
  }
  // Rare events: spike and single-metric dropout share one draw (16 bits each), the scrape
  // dropout has its own.
  const ev = u32(rs, ro);
  const pSpike = cfg.spikeProb + fx[f + 3]!;
  if ((ev & 0xffff) / 65536 < pSpike) {
    const d = u32(rs, ro) % M;
    let v = obs[o + d]! * (3 + 7 * uniform01(rs, ro));
    if (v > HIGH[d]!) v = HIGH[d]!;
    obs[o + d] = v;
  }
  if ((ev >>> 16) / 65536 < cfg.metricDropout) obs[o + (u32(rs, ro) % M)] = Number.NaN;
  if (uniform01(rs, ro) < cfg.scrapeDropout + fx[f]!) {
    for (let d = 0; d < M; d++) obs[o + d] = Number.NaN;
  }
  for (let d = 0; d < M; d++) {
    const v = obs[o + d]!;
    if (v !== v) {
      if (cfg.fillMissing) obs[o + d] = ts.last[last + d]!;
    } else ts.last[last + d] = v;
  }
}
