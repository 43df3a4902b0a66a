/**
 * The HASH observation and its recursive feedback loop, for ONE deployment: a fixed-size
 * Float32Array built every cycle from the simulator's raw observation, so that PPO can batch it
 * across a vector of deployments.
 *
 * HASH's state is "recent anomaly scores from the hybrid detector + recent metrics + utilisation +
 * internal statistics". Here (D = 19 + 3K + 8 floats, K = monitored metrics, 36 for the default
 * K = 3):
 *
 * | idx            | feature                                                   | unit / scale              |
 * |----------------|-----------------------------------------------------------|---------------------------|
 * | 0..13          | the 14 telemetry metrics, last valid value / `OBS_SCALE`   | clipped to [-10, 10]      |
 * | 14             | share of telemetry dims missing (NaN) this cycle           | fraction                  |
 * | 15..18         | ready / 10, pending / 10, log2(batch) / 6, traffic on B    | configuration (exact)     |
 * | 19..19+K       | hybrid anomaly score of each monitored metric              | [0, 1), >= 0.5 = alert    |
 * | +K             | max score of each monitored metric over the last 4 cycles  | [0, 1)                    |
 * | +K             | trend: value - mean of its last 8 values, / `OBS_SCALE`    | clipped to [-10, 10]      |
 * | +1             | any alert this cycle                                       | 0/1                       |
 * | +6             | one-hot of the last action (the action fed back)           | 0/1                       |
 * | +1             | cycles since the last non-maintain action / 20             | clipped to [0, 1]         |
 *
 * Utilisation (CPU, memory, GPU, GPU memory) and the model's internal statistics (prediction
 * drift, activation shift and variance ratio) are among the 14 metrics.
 *
 * Detectors. One {@link HybridDetector} (EWMA + VAE, src/detect/hybrid.ts) per monitored metric
 * (default: p99 latency, error rate, GPU utilisation), or EWMA only for the "statistical detector
 * only" ablation. They are fitted once on a nominal warm-up stream (`fit`) and then persist across
 * episodes, as a monitoring stack does; at the start of each episode the EWMA baselines are
 * re-anchored on the first `warmupCycles` values (both with and without the feedback loop), since
 * a new episode starts at a random point of the daily load cycle.
 *
 * Recursive feedback loop (HASH; switchable with `feedback.enabled`). When the controller takes a
 * non-maintain action at cycle t, the pre-action mean of each monitored metric is remembered. At
 * t + `delay` cycles the change it caused is measured; if the service then looks healthy from the
 * controller's own view (observed p99 <= 500 ms and error rate <= 1% for the last 4 cycles), the
 * new level is an intended consequence of the action, and every metric whose mean moved by more
 * than `minShift` (in `OBS_SCALE` units) is fed back to its detector as labelled normal:
 * `HybridDetector.feedback` re-baselines the EWMA on the recent values and fine-tunes the VAE on
 * them. Without the loop, a scale-up's lower utilisation keeps looking anomalous until the EWMA has
 * drifted to it. Events are rate-limited (`minInterval` cycles) to bound the VAE fine-tuning cost.
 */
import { HybridDetector, type HybridOptions } from "../detect/hybrid.js";
import { ACTION, NUM_HASH_ACTIONS, NUM_METRICS, OBS, OBS_DIM, OBS_SCALE } from "../sim/layout.js";

/** Options of the HASH feedback loop (defaults in brackets). */
export interface HashFeedbackOptions {
  /** Run the loop [true]. */
  enabled?: boolean;
  /** Cycles after an action before its effect is judged (start-up 4 cycles + margin) [8]. */
  delay?: number;
  /** Minimum cycles between two feedback events [50]. */
  minInterval?: number;
  /** Recent values fed back to a detector [16]. */
  values?: number;
  /** VAE fine-tuning epochs per feedback event [2]. */
  fineTuneEpochs?: number;
  /** Minimum change of a metric's mean, in OBS_SCALE units, for it to be fed back [0.03]. */
  minShift?: number;
}

/** Options of {@link HashObservationBuilder} (defaults in brackets). */
export interface HashObservationOptions {
  /** Observation indices (layout.ts OBS) watched by a detector [p99 latency, error rate, GPU utilisation]. */
  metrics?: number[];
  /** "hybrid" (EWMA + VAE) or "statistical" (EWMA only) ["hybrid"]. */
  detector?: "hybrid" | "statistical";
  /** Options passed to every HybridDetector [see {@link DEFAULT_HASH_DETECTOR}]. */
  hybrid?: HybridOptions;
  /** Cycles at the start of each episode used to re-anchor the EWMA baselines [20]. */
  warmupCycles?: number;
  /** The feedback loop. */
  feedback?: HashFeedbackOptions;
  /** Seed of the detectors' VAEs [0]. */
  seed?: number;
}

/**
 * Hybrid-detector settings for HASH's control loop: a small VAE (window 8, 4 PCA components, 16
 * hidden units, 10 epochs in one batch) so that fitting and feedback fine-tuning stay cheap
 * enough to run inside PPO training; EWMA warm-up 10; alert at standardised evidence 4.
 */
export const DEFAULT_HASH_DETECTOR: Readonly<HybridOptions> = Object.freeze({
  ewma: { alpha: 0.05, L: 3, warmup: 10 },
  vae: { window: 8, smooth: 4, pcaComponents: 4, hiddenUnits: 16, latentDim: 2, epochs: 10, batchSize: 256 },
  probation: 1_000_000_000,
  history: 200,
  alertZ: 4,
});

/** Default monitored metrics. */
export const DEFAULT_HASH_METRICS: readonly number[] = [OBS.latencyP99, OBS.errorRate, OBS.gpuUtil];

const TREND_LEN = 8;
const SCORE_HIST = 4;

/** Length of the HASH observation for K monitored metrics. */
export function hashObsDim(numMetrics: number = DEFAULT_HASH_METRICS.length): number {
  return 19 + 3 * numMetrics + 1 + NUM_HASH_ACTIONS + 1;
}

/** Names of the HASH observation's entries (for cards and tables). */
export function hashObsNames(metrics: readonly number[] = DEFAULT_HASH_METRICS): string[] {
  const metricNames = Object.keys(OBS);
  const name = (i: number) => metricNames[i] ?? `obs${i}`;
  const out: string[] = [];
  for (let d = 0; d < NUM_METRICS; d++) out.push(`metric/${name(d)}`);
  out.push("metric/missingShare", "config/ready", "config/pending", "config/log2Batch", "config/trafficB");
  for (const m of metrics) out.push(`score/${name(m)}`);
  for (const m of metrics) out.push(`scoreMax4/${name(m)}`);
  for (const m of metrics) out.push(`trend/${name(m)}`);
  out.push("alert/any");
  for (let a = 0; a < NUM_HASH_ACTIONS; a++) out.push(`lastAction/${a}`);
  out.push("lastAction/cyclesSince");
  return out;
}

type ResolvedFeedback = Required<HashFeedbackOptions>;

function resolveFeedback(o: HashFeedbackOptions = {}): ResolvedFeedback {
  const r: ResolvedFeedback = {
    enabled: o.enabled ?? true,
    delay: o.delay ?? 8,
    minInterval: o.minInterval ?? 50,
    values: o.values ?? 16,
    fineTuneEpochs: o.fineTuneEpochs ?? 2,
    minShift: o.minShift ?? 0.03,
  };
  const posInt = (k: keyof ResolvedFeedback, min: number) => {
    const v = r[k] as number;
    if (!Number.isInteger(v) || v < min) throw new Error(`HashObservationBuilder: feedback.${k} must be an integer >= ${min}, got ${String(v)}`);
  };
  posInt("delay", 1);
  posInt("minInterval", 1);
  posInt("values", 2);
  posInt("fineTuneEpochs", 1);
  if (!(r.minShift >= 0)) throw new Error(`HashObservationBuilder: feedback.minShift must be >= 0, got ${r.minShift}`);
  return r;
}

/** Counters of the feedback loop (for tests and tables). */
export interface FeedbackStats {
  /** Actions whose effect was judged. */
  judged: number;
  /** Feedback events (healthy after the action, at least one metric fed back). */
  events: number;
  /** Detector updates (one per metric fed back). */
  detectorUpdates: number;
}

/**
 * Builds the HASH observation of one deployment and runs its detectors and feedback loop.
 * Call `fit(nominal)` once, then per episode `reset()`, and per cycle `observe(raw, out, offset)`
 * followed by `recordAction(a)` once the action is chosen.
 * @throws Error naming the option on bad options.
 */
export class HashObservationBuilder {
  readonly dim: number;
  readonly metrics: readonly number[];
  readonly detectorKind: "hybrid" | "statistical";
  readonly feedbackOptions: Readonly<ResolvedFeedback>;
  readonly warmupCycles: number;
  readonly stats: FeedbackStats = { judged: 0, events: 0, detectorUpdates: 0 };
  private readonly detectors: HybridDetector[];
  private readonly last = new Float64Array(OBS_DIM);
  private readonly recent: Float64Array[];
  private recentLen = 0;
  private recentHead = 0;
  private readonly recentCap: number;
  private readonly scoreHist: Float64Array;
  private scoreHead = 0;
  private cycle = 0;
  private lastAction = -1;
  private sinceAction = 1e9;
  private lastFeedback = -1e9;
  private pending: { cycle: number; before: number[] } | null = null;
  private readonly warmVals: number[][];
  private healthyRun = 0;
  private alertNow = false;
  private fitted = false;

  constructor(options: HashObservationOptions = {}) {
    const metrics = options.metrics ?? [...DEFAULT_HASH_METRICS];
    if (!Array.isArray(metrics) || metrics.length === 0 || metrics.some((m) => !Number.isInteger(m) || m < 0 || m >= NUM_METRICS)) {
      throw new Error(`HashObservationBuilder: metrics must be a non-empty list of telemetry indices 0..${NUM_METRICS - 1}, got ${JSON.stringify(metrics)}`);
    }
    const kind = options.detector ?? "hybrid";
    if (kind !== "hybrid" && kind !== "statistical") throw new Error(`HashObservationBuilder: detector must be "hybrid" or "statistical", got ${String(kind)}`);
    const warm = options.warmupCycles ?? 20;
    if (!Number.isInteger(warm) || warm < 2) throw new Error(`HashObservationBuilder: warmupCycles must be an integer >= 2, got ${warm}`);
    this.metrics = [...metrics];
    this.detectorKind = kind;
    this.warmupCycles = warm;
    this.feedbackOptions = Object.freeze(resolveFeedback(options.feedback));
    this.dim = hashObsDim(metrics.length);
    const base: HybridOptions = { ...DEFAULT_HASH_DETECTOR, ...(options.hybrid ?? {}) };
    this.detectors = metrics.map(
      (_, k) => new HybridDetector({ ...base, useVae: kind === "hybrid" && (base.useVae ?? true), seed: (options.seed ?? 0) * 31 + k }),
    );
    this.recentCap = Math.max(this.feedbackOptions.values, TREND_LEN, this.feedbackOptions.delay + TREND_LEN);
    this.recent = metrics.map(() => new Float64Array(this.recentCap));
    this.scoreHist = new Float64Array(metrics.length * SCORE_HIST);
    this.warmVals = metrics.map(() => []);
  }

  /** True once `fit` has run (the VAEs are trained). */
  get isFitted(): boolean {
    return this.fitted;
  }

  /** True when any detector alerted on the last observation. */
  get alerting(): boolean {
    return this.alertNow;
  }

  /**
   * Fit the detectors on a nominal stream of raw observations (rows of OBS_DIM, NaN allowed):
   * the VAE part of each hybrid detector is trained on its metric (NaN forward-filled); the
   * statistical variant only needs the EWMA warm-up, which happens per episode.
   * @throws if the stream is too short for the VAE.
   */
  fit(rawRows: Float32Array, numRows: number): void {
    if (rawRows.length !== numRows * OBS_DIM) throw new Error(`HashObservationBuilder.fit: expected ${numRows} x ${OBS_DIM} values, got ${rawRows.length}`);
    this.metrics.forEach((m, k) => {
      const d = this.detectors[k]!;
      if (!d.options.useVae) return;
      const vals: number[] = [];
      let prev = NaN;
      for (let r = 0; r < numRows; r++) {
        const x = rawRows[r * OBS_DIM + m]!;
        if (Number.isFinite(x)) prev = x;
        if (Number.isFinite(prev)) vals.push(prev);
      }
      d.fit(vals);
    });
    this.fitted = true;
  }

  /** Start an episode: clear per-episode buffers (learned detector models are kept). */
  reset(): void {
    this.last.fill(NaN);
    this.recentLen = 0;
    this.recentHead = 0;
    for (const r of this.recent) r.fill(0);
    this.scoreHist.fill(0);
    this.scoreHead = 0;
    this.cycle = 0;
    this.lastAction = -1;
    this.sinceAction = 1e9;
    this.lastFeedback = -1e9;
    this.pending = null;
    for (const w of this.warmVals) w.length = 0;
    this.healthyRun = 0;
    this.alertNow = false;
    for (const d of this.detectors) d.vaeDetector?.resetStream();
  }

  /**
   * Score the raw observation with the detectors (test-then-train), run the feedback loop, and
   * write the HASH observation into `out[offset .. offset + dim)`.
   * @throws if `raw` has fewer than OBS_DIM values.
   */
  observe(raw: ArrayLike<number>, out: Float32Array, offset = 0): void {
    if (raw.length < OBS_DIM) throw new Error(`HashObservationBuilder.observe: raw observation has ${raw.length} values, expected ${OBS_DIM}`);
    const K = this.metrics.length;
    let missing = 0;
    for (let d = 0; d < OBS_DIM; d++) {
      const x = raw[d]!;
      if (Number.isFinite(x)) this.last[d] = x;
      else if (d < NUM_METRICS) missing++;
    }
    // Recent (forward-filled) values of the monitored metrics.
    for (let k = 0; k < K; k++) {
      const v = this.last[this.metrics[k]!]!;
      this.recent[k]![this.recentHead] = Number.isFinite(v) ? v : 0;
    }
    this.recentHead = (this.recentHead + 1) % this.recentCap;
    this.recentLen = Math.min(this.recentLen + 1, this.recentCap);

    // Detectors: score then update (NaN is skipped by the detector). During the episode's
    // warm-up the values are collected and the EWMA baselines re-anchored at its end.
    let anyAlert = false;
    const warming = this.cycle < this.warmupCycles;
    for (let k = 0; k < K; k++) {
      const det = this.detectors[k]!;
      const x = raw[this.metrics[k]!]!;
      let s = 0;
      if (warming) {
        if (Number.isFinite(x)) this.warmVals[k]!.push(x);
        if (Number.isFinite(x)) det.vaeDetector?.update(x);
      } else {
        const parts = det.explain(x);
        s = parts.score;
        if (parts.alert) anyAlert = true;
        det.update(x);
      }
      this.scoreHist[k * SCORE_HIST + this.scoreHead] = s;
    }
    this.scoreHead = (this.scoreHead + 1) % SCORE_HIST;
    if (this.cycle === this.warmupCycles - 1) {
      // Re-anchor the EWMA on this episode's level (values shorter than a VAE window, so the
      // detector re-baselines its EWMA only: this is episode hygiene, not the feedback loop).
      for (let k = 0; k < K; k++) {
        const vals = this.warmVals[k]!;
        const det = this.detectors[k]!;
        const vaeMin = det.vaeDetector ? det.vaeDetector.options.window + det.vaeDetector.options.smooth : Infinity;
        const use = vals.length >= vaeMin ? vals.slice(vals.length - (vaeMin - 1)) : vals;
        if (use.length >= 2) det.feedback({ values: use, labelledNormal: true });
      }
    }
    this.alertNow = anyAlert;

    // Health from the controller's own view (telemetry, not truth), for the feedback loop.
    const p99 = raw[OBS.latencyP99]!;
    const err = raw[OBS.errorRate]!;
    const breach = p99 > 500 || err > 0.01;
    this.healthyRun = breach ? 0 : this.healthyRun + 1;
    this.runFeedback();

    // ---- Write the observation. ----
    let j = offset;
    const clip = (v: number) => (v > 10 ? 10 : v < -10 ? -10 : v);
    for (let d = 0; d < NUM_METRICS; d++) {
      const v = this.last[d]!;
      out[j++] = Number.isFinite(v) ? clip(v / OBS_SCALE[d]!) : 0;
    }
    out[j++] = missing / NUM_METRICS;
    const cfg = (d: number) => (Number.isFinite(this.last[d]!) ? this.last[d]! : 0);
    out[j++] = cfg(OBS.readyInstances) / 10;
    out[j++] = cfg(OBS.pendingInstances) / 10;
    out[j++] = Math.log2(Math.max(1, cfg(OBS.batchSize))) / 6;
    out[j++] = cfg(OBS.trafficB);
    const cur = (this.scoreHead + SCORE_HIST - 1) % SCORE_HIST;
    for (let k = 0; k < K; k++) out[j++] = this.scoreHist[k * SCORE_HIST + cur]!;
    for (let k = 0; k < K; k++) {
      let mx = 0;
      for (let h = 0; h < SCORE_HIST; h++) mx = Math.max(mx, this.scoreHist[k * SCORE_HIST + h]!);
      out[j++] = mx;
    }
    for (let k = 0; k < K; k++) {
      const m = this.metrics[k]!;
      const n = Math.min(this.recentLen, TREND_LEN);
      let mean = 0;
      for (let h = 1; h <= n; h++) mean += this.recentAt(k, h - 1);
      mean /= Math.max(1, n);
      out[j++] = n > 0 ? clip((this.recentAt(k, 0) - mean) / OBS_SCALE[m]!) : 0;
    }
    out[j++] = anyAlert ? 1 : 0;
    for (let a = 0; a < NUM_HASH_ACTIONS; a++) out[j++] = a === this.lastAction ? 1 : 0;
    out[j++] = Math.min(1, this.sinceAction / 20);
    this.cycle++;
  }

  /**
   * Tell the builder which action was taken on the last observation (the action fed back into
   * the state, and the start of a feedback judgement for non-maintain actions).
   * @throws if the action is not one of HASH's six.
   */
  recordAction(action: number): void {
    if (!(Number.isInteger(action) && action >= 0 && action < NUM_HASH_ACTIONS)) {
      throw new Error(`HashObservationBuilder.recordAction: action ${action} is not one of HASH's ${NUM_HASH_ACTIONS}`);
    }
    this.lastAction = action;
    if (action === ACTION.maintain) {
      this.sinceAction++;
      return;
    }
    this.sinceAction = 0;
    const fb = this.feedbackOptions;
    if (!fb.enabled || this.pending || this.cycle - this.lastFeedback < fb.minInterval || this.recentLen < TREND_LEN) return;
    const before = this.metrics.map((_, k) => {
      let s = 0;
      for (let h = 0; h < TREND_LEN; h++) s += this.recentAt(k, h);
      return s / TREND_LEN;
    });
    this.pending = { cycle: this.cycle, before };
  }

  /** Value of monitored metric k, `ago` cycles back (0 = the latest). */
  private recentAt(k: number, ago: number): number {
    return this.recent[k]![(this.recentHead - 1 - ago + 2 * this.recentCap) % this.recentCap]!;
  }

  private runFeedback(): void {
    const p = this.pending;
    const fb = this.feedbackOptions;
    if (!p || this.cycle - p.cycle < fb.delay) return;
    this.pending = null;
    this.stats.judged++;
    // Judge the action: healthy for the last 4 cycles means its effect is the new normal.
    if (this.healthyRun < 4) return;
    const n = Math.min(fb.values, this.recentLen);
    let updates = 0;
    for (let k = 0; k < this.metrics.length; k++) {
      // The level after the action: the last 4 cycles (new instances serve after 4 cycles).
      let after = 0;
      for (let h = 0; h < 4; h++) after += this.recentAt(k, h);
      after /= 4;
      if (Math.abs(after - p.before[k]!) / OBS_SCALE[this.metrics[k]!]! < fb.minShift) continue;
      const values: number[] = [];
      for (let h = n - 1; h >= 0; h--) values.push(this.recentAt(k, h));
      // HASH: the metric change the action caused goes back into the EWMA baseline and the VAE.
      this.detectors[k]!.feedback({ values, labelledNormal: true, fineTuneEpochs: fb.fineTuneEpochs });
      updates++;
    }
    if (updates > 0) {
      this.stats.events++;
      this.stats.detectorUpdates += updates;
      this.lastFeedback = this.cycle;
    }
  }

  /** Free the detectors' tfjs memory. */
  dispose(): void {
    for (const d of this.detectors) d.dispose();
  }
}
