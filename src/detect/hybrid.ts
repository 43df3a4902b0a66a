/**
 * HASH hybrid detector: a statistical detector (EWMA control chart, `ewma.ts`) and a learned one
 * (VAE reconstruction error on windowed, min-max-normalised, PCA-reduced features, `vae.ts`) fused
 * into one anomaly score and an alert, with the feedback hook of HASH's recursive loop.
 *
 * Fusion. The two raw scores live on different scales (an EWMA |z| and a squared error), so each is
 * standardised against its own recent history before they are combined:
 *   c_k(t) = (g_k(r_k(t)) - mean_H(g_k r_k)) / sd_H(g_k r_k),   g_ewma = identity, g_vae = log,
 * over the last `history` scores (a sliding Welford window; the log makes the right-skewed
 * reconstruction errors roughly symmetric). The fused evidence is
 *   z(t) = max(w_ewma c_ewma(t), w_vae c_vae(t))      (combine = "max", default) or
 *   z(t) = w_ewma c_ewma(t) + w_vae c_vae(t)           (combine = "sum"),
 * and the score is the monotone squash s = z+ / (z+ + alertZ) in [0, 1): s >= 0.5 exactly when
 * z >= alertZ, which raises the alert. Because every stream is standardised against itself, one
 * threshold serves many streams (as NAB's single corpus-wide threshold requires).
 *
 * Likelihood scoring (`scoring: "likelihood"`, opt-in; `nabHybridOptions` uses it). Instead of
 * standardising, each part's raw score stream goes through Numenta's anomaly likelihood
 * (`anomalyLikelihood.ts`; Ahmad et al. 2017): a short moving average of the raw scores (10) is
 * compared with a Gaussian fitted to a long window (8640) of past short averages, giving an upper
 * tail probability Q_k and a log-scaled score s_k = log(Q_k + 1e-10) / log(1e-10) in [0, 1]. The
 * fused score is
 *   s(t) = max(min(1, w_ewma s_ewma), min(1, w_vae s_vae))     (combine = "max") or
 *   s(t) = log(prod_k Q_k^w_k + 1e-10) / log(1e-10)              (combine = "sum": product of tails),
 * and the alert fires at s >= `alertLevel` [0.5, i.e. Q = 1e-5]. The EWMA part's likelihood learns
 * from the EWMA's first ready score on, the VAE part's from the end of the probation on (in-sample
 * reconstruction errors during the probation would make it over-sensitive); each emits 0 until it has
 * seen `likelihood.learningPeriod` scores [= probation].
 *
 * Alert suppression. After an alert the score is multiplied by `cooldownFactor` for `cooldown`
 * steps: a persistent anomaly then raises one alert instead of a burst of them. (Many NAB
 * detectors, e.g. contextOSE and the Numenta HTM detector's post-processing, do the same; NAB
 * counts only the first detection in a window but every false one.)
 *
 * Training. The first `probation` points are taken as normal (NAB's probationary period): the VAE
 * trains on them synchronously inside `update` when the probation ends; before that only the EWMA
 * scores. `fit(values)` trains the VAE up front instead.
 *
 * Feedback (HASH). `feedback({ values, labelledNormal: true })` after a recovery or an intended
 * change: the EWMA is re-baselined on the recent values (reset, then fed them) and the VAE is
 * fine-tuned on them, so the new normal scores low at once instead of after the EWMA has drifted.
 *
 * References: S. W. Roberts (1959), "Control chart tests based on geometric moving averages",
 * Technometrics 1(3); D. P. Kingma & M. Welling (2014), "Auto-Encoding Variational Bayes", ICLR;
 * A. Lavin & S. Ahmad (2015), "Evaluating real-time anomaly detection algorithms - the Numenta
 * Anomaly Benchmark", IEEE ICMLA (probation, scoring); S. Ahmad et al. (2017), "Unsupervised
 * real-time anomaly detection for streaming data", Neurocomputing 262 (score standardisation
 * against a rolling history, as in the HTM anomaly likelihood).
 */
import { EwmaDetector, type EwmaOptions } from "./ewma.js";
import { VaeDetector, type VaeDetectorOptions, type VaeTrainLog } from "./vae.js";
import { windowFeatures } from "./features.js";
import type { StreamingDetector } from "./types.js";
import { AnomalyLikelihood, logLikelihoodScore, type AnomalyLikelihoodOptions } from "./anomalyLikelihood.js";
import { nabProbationLength } from "./nab/sweeper.js";

/** Options of the hybrid detector (defaults in brackets). */
export interface HybridOptions {
  /** EWMA options [alpha 0.05, L 3, warmup 30]. */
  ewma?: EwmaOptions;
  /** VAE detector options [window 16, smooth 8, pcaComponents 8, latentDim 3, epochs 30]. */
  vae?: Omit<VaeDetectorOptions, "trainAfter" | "seed">;
  /** Use the VAE part (false = EWMA only, for ablations) [true]. */
  useVae?: boolean;
  /** Use the EWMA part (false = VAE only, for ablations) [true]. */
  useEwma?: boolean;
  /** Points treated as normal before the VAE trains (e.g. NAB's probation) [750]. */
  probation?: number;
  /** Weights of the standardised EWMA and VAE evidence [1, 1]. */
  weights?: { ewma?: number; vae?: number };
  /**
   * Fusion rule ["max"]: "max" or "sum" of the weighted standardised scores; with likelihood
   * scoring, "max" of the weighted log-likelihood scores or "sum" = product of the tail probabilities.
   */
  combine?: "max" | "sum";
  /** Length of the score history used to standardise each part, standardised scoring only [1000]. */
  history?: number;
  /** Standardised evidence at which the alert fires (score 0.5), standardised scoring only [4]. */
  alertZ?: number;
  /** Steps after an alert during which the score is damped [0 = off]. */
  cooldown?: number;
  /** Damping factor of the score during the cooldown [0.1]. */
  cooldownFactor?: number;
  /** Seed for the VAE [0]. */
  seed?: number;
  /**
   * How each part's raw score becomes evidence: "standardised" (z against the last `history`
   * scores, squashed to z / (z + alertZ)) or "likelihood" (Numenta's anomaly likelihood, a
   * log-scaled score in [0, 1]; see the module doc) ["standardised"].
   */
  scoring?: "standardised" | "likelihood";
  /**
   * Anomaly-likelihood options for scoring = "likelihood" [shortWindow 10, longWindow 8640,
   * learningPeriod = probation, transform "none", minStd 1e-3].
   */
  likelihood?: AnomalyLikelihoodOptions;
  /** Fused log-likelihood score at which the alert fires, scoring = "likelihood" only, in (0, 1] [0.5]. */
  alertLevel?: number;
}

type Resolved = Required<Omit<HybridOptions, "weights" | "vae" | "ewma" | "likelihood">> & {
  weights: { ewma: number; vae: number };
  vae: Omit<VaeDetectorOptions, "trainAfter" | "seed">;
  ewma: EwmaOptions;
  likelihood: AnomalyLikelihoodOptions;
};

function resolve(o: HybridOptions): Resolved {
  const r: Resolved = {
    ewma: o.ewma ?? {},
    vae: o.vae ?? {},
    useVae: o.useVae ?? true,
    useEwma: o.useEwma ?? true,
    probation: o.probation ?? 750,
    weights: { ewma: o.weights?.ewma ?? 1, vae: o.weights?.vae ?? 1 },
    combine: o.combine ?? "max",
    history: o.history ?? 1000,
    alertZ: o.alertZ ?? 4,
    cooldown: o.cooldown ?? 0,
    cooldownFactor: o.cooldownFactor ?? 0.1,
    seed: o.seed ?? 0,
    scoring: o.scoring ?? "standardised",
    likelihood: o.likelihood ?? {},
    alertLevel: o.alertLevel ?? 0.5,
  };
  if (!r.useVae && !r.useEwma) throw new Error("HybridDetector: useVae and useEwma are both false; enable at least one part");
  if (!Number.isInteger(r.probation) || r.probation < 2) throw new Error(`probation must be an integer >= 2, got ${r.probation}`);
  for (const k of ["ewma", "vae"] as const) {
    const w = r.weights[k];
    if (!(w > 0) || !Number.isFinite(w)) throw new Error(`weights.${k} must be a finite number > 0, got ${w}`);
  }
  if (r.combine !== "max" && r.combine !== "sum") throw new Error(`combine must be "max" or "sum", got ${String(r.combine)}`);
  if (!Number.isInteger(r.history) || r.history < 10) throw new Error(`history must be an integer >= 10, got ${r.history}`);
  if (!(r.alertZ > 0) || !Number.isFinite(r.alertZ)) throw new Error(`alertZ must be a finite number > 0, got ${r.alertZ}`);
  if (!Number.isInteger(r.cooldown) || r.cooldown < 0) throw new Error(`cooldown must be an integer >= 0, got ${r.cooldown}`);
  if (!(r.cooldownFactor >= 0 && r.cooldownFactor <= 1)) throw new Error(`cooldownFactor must be in [0, 1], got ${r.cooldownFactor}`);
  if (r.scoring !== "standardised" && r.scoring !== "likelihood") throw new Error(`scoring must be "standardised" or "likelihood", got ${String(r.scoring)}`);
  if (!(r.alertLevel > 0 && r.alertLevel <= 1)) throw new Error(`alertLevel must be in (0, 1], got ${r.alertLevel}`);
  return r;
}

/** Mean and standard deviation over the last `size` values (Welford add/remove). */
class SlidingStats {
  private readonly buf: Float64Array;
  private head = 0;
  private n = 0;
  private mean = 0;
  private m2 = 0;
  constructor(private readonly size: number) {
    this.buf = new Float64Array(size);
  }
  get count(): number {
    return this.n;
  }
  push(x: number): void {
    if (this.n < this.size) {
      this.n++;
      const d = x - this.mean;
      this.mean += d / this.n;
      this.m2 += d * (x - this.mean);
    } else {
      const old = this.buf[this.head]!;
      const meanNew = this.mean + (x - old) / this.size;
      this.m2 = Math.max(0, this.m2 + (x - old) * (x - meanNew + old - this.mean));
      this.mean = meanNew;
    }
    this.buf[this.head] = x;
    this.head = (this.head + 1) % this.size;
  }
  /** (x - mean) / sd, or 0 with too little history; sd floored relative to |mean|. */
  standardise(x: number): number {
    if (this.n < 10) return 0;
    const sd = Math.sqrt(this.m2 / (this.n - 1));
    const floor = 1e-6 * Math.abs(this.mean) + 1e-12;
    return (x - this.mean) / Math.max(sd, floor);
  }
  reset(): void {
    this.head = 0;
    this.n = 0;
    this.mean = 0;
    this.m2 = 0;
    this.buf.fill(0);
  }
}

/** The parts of one fused score, for inspection and plots. */
export interface HybridScoreParts {
  /** Raw EWMA |z| (0 when the part is off or warming up). */
  ewmaRaw: number;
  /** Raw VAE reconstruction error (0 before the VAE is trained). */
  vaeRaw: number;
  /** Standardised EWMA evidence. */
  ewmaZ: number;
  /** Standardised VAE evidence. */
  vaeZ: number;
  /**
   * Fused evidence before the cooldown damping: z (standardised scoring) or the fused
   * log-likelihood score in [0, 1] (likelihood scoring).
   */
  z: number;
  /** Final score after the cooldown damping: in [0, 1) (standardised) or [0, 1] (likelihood). */
  score: number;
  /** True when z >= alertZ (or, with likelihood scoring, z >= alertLevel) and no cooldown is running. */
  alert: boolean;
  /** Likelihood scoring only: the EWMA part's log-likelihood score in [0, 1] (0 otherwise). */
  ewmaLikelihood?: number;
  /** Likelihood scoring only: the VAE part's log-likelihood score in [0, 1] (0 otherwise). */
  vaeLikelihood?: number;
}

const LOG_EPS = 1e-12;

/**
 * The HASH hybrid detector (EWMA + VAE) as a `StreamingDetector<number>`.
 * Call `await initTf()` before the VAE trains (it trains inside `update` at the end of probation).
 * @throws on invalid options (naming the option), including those of the EWMA and VAE parts.
 * @example
 * await initTf();
 * const d = new HybridDetector({ probation: 500, cooldown: 50 });
 * for (const x of stream) { const s = d.score(x); if (s >= 0.5) page(); d.update(x); }
 */
export class HybridDetector implements StreamingDetector<number> {
  readonly name = "hybrid";
  /** Resolved options. */
  readonly options: Resolved;
  private readonly ewma: EwmaDetector;
  private readonly vae: VaeDetector | null;
  private readonly ewmaHist: SlidingStats;
  private readonly vaeHist: SlidingStats;
  private readonly ewmaLik: AnomalyLikelihood | null;
  private readonly vaeLik: AnomalyLikelihood | null;
  private seen = 0;
  private cooldownLeft = 0;
  private recent: number[] = [];

  constructor(options: HybridOptions = {}) {
    this.options = resolve(options);
    const o = this.options;
    this.ewma = new EwmaDetector(o.ewma);
    this.vae = o.useVae
      ? new VaeDetector({ epochs: 30, ...o.vae, seed: o.seed })
      : null;
    if (this.vae && o.probation < this.vae.options.window + this.vae.options.smooth + this.vae.options.pcaComponents + 1) {
      throw new Error(
        `probation = ${o.probation} is too short for the VAE: need more than window + smooth + pcaComponents = ${
          this.vae.options.window + this.vae.options.smooth + this.vae.options.pcaComponents
        }`,
      );
    }
    this.ewmaHist = new SlidingStats(o.history);
    this.vaeHist = new SlidingStats(o.history);
    const lik = o.scoring === "likelihood";
    const likOpts: AnomalyLikelihoodOptions = { learningPeriod: o.probation, ...o.likelihood };
    this.ewmaLik = lik && o.useEwma ? new AnomalyLikelihood(likOpts) : null;
    this.vaeLik = lik && this.vae ? new AnomalyLikelihood(likOpts) : null;
  }

  /**
   * A hybrid detector with the options that scored best on NAB v1.1 for a series of `numRows` rows
   * (see {@link nabHybridOptions}); `overrides` are applied on top.
   */
  static nabPreset(numRows: number, overrides: HybridOptions = {}): HybridDetector {
    return new HybridDetector({ ...nabHybridOptions(numRows), ...overrides });
  }

  /** True once the VAE part is trained (always false with useVae = false). */
  get vaeReady(): boolean {
    return this.vae?.isFitted ?? false;
  }

  /** The VAE part (null when disabled), e.g. to save it. */
  get vaeDetector(): VaeDetector | null {
    return this.vae;
  }

  /** Score of x with its parts, without changing state. */
  explain(x: number): HybridScoreParts {
    const o = this.options;
    if (!Number.isFinite(x)) return { ewmaRaw: 0, vaeRaw: 0, ewmaZ: 0, vaeZ: 0, z: 0, score: 0, alert: false };
    const ewmaRaw = o.useEwma ? this.ewma.score(x) : 0;
    const vaeRaw = this.vae && this.vae.isFitted ? this.vae.score(x) : 0;
    const cooling = this.cooldownLeft > 0;
    if (o.scoring === "likelihood") return this.explainLikelihood(ewmaRaw, vaeRaw, cooling);
    const ewmaZ = o.useEwma && this.ewma.ready ? this.ewmaHist.standardise(ewmaRaw) : 0;
    const vaeZ = this.vae && this.vae.isFitted ? this.vaeHist.standardise(Math.log(vaeRaw + LOG_EPS)) : 0;
    const a = o.weights.ewma * ewmaZ;
    const b = o.weights.vae * vaeZ;
    const z = o.combine === "max" ? Math.max(o.useEwma ? a : -Infinity, this.vae ? b : -Infinity) : a + b;
    const zp = z > 0 ? z : 0;
    let score = zp / (zp + o.alertZ);
    if (cooling) score *= o.cooldownFactor;
    return { ewmaRaw, vaeRaw, ewmaZ, vaeZ, z, score, alert: !cooling && z >= o.alertZ };
  }

  /** Likelihood scoring: each part's anomaly likelihood, fused (see the module doc). */
  private explainLikelihood(ewmaRaw: number, vaeRaw: number, cooling: boolean): HybridScoreParts {
    const o = this.options;
    const e = this.ewmaLik && this.ewma.ready ? this.ewmaLik.evaluate(ewmaRaw) : null;
    const v = this.vaeLik && this.vaeLikActive() ? this.vaeLik.evaluate(vaeRaw) : null;
    const ewmaLikelihood = e ? e.logScore : 0;
    const vaeLikelihood = v ? v.logScore : 0;
    let z: number;
    if (o.combine === "max") {
      z = Math.max(Math.min(1, o.weights.ewma * ewmaLikelihood), Math.min(1, o.weights.vae * vaeLikelihood));
    } else {
      // Product of the parts' tail probabilities (weights as exponents), then the same log scale.
      const tail = Math.pow(e ? e.tail : 0.5, e ? o.weights.ewma : 0) * Math.pow(v ? v.tail : 0.5, v ? o.weights.vae : 0);
      z = e || v ? logLikelihoodScore(tail) : 0;
    }
    const score = cooling ? z * o.cooldownFactor : z;
    return { ewmaRaw, vaeRaw, ewmaZ: e ? e.z : 0, vaeZ: v ? v.z : 0, z, score, alert: !cooling && z >= o.alertLevel, ewmaLikelihood, vaeLikelihood };
  }

  /** The VAE part's likelihood learns only after the probation (out-of-sample errors). */
  private vaeLikActive(): boolean {
    return this.vae !== null && this.vae.isFitted && this.seen >= this.options.probation;
  }

  /** Fused anomaly score in [0, 1); >= 0.5 means alert (unless damped by a cooldown). */
  score(x: number): number {
    return this.explain(x).score;
  }

  /** True when x, as the next observation, raises an alert. */
  isAlert(x: number): boolean {
    return this.explain(x).alert;
  }

  /**
   * Learn from x: advance the cooldown, record the raw scores in the histories, update the EWMA and
   * the VAE window (training the VAE when the probation ends). NaN is skipped.
   */
  update(x: number): void {
    if (!Number.isFinite(x)) return;
    const parts = this.explain(x);
    if (this.cooldownLeft > 0) this.cooldownLeft--;
    else if (parts.alert && this.options.cooldown > 0) this.cooldownLeft = this.options.cooldown;
    if (this.options.useEwma && this.ewma.ready) this.ewmaHist.push(parts.ewmaRaw);
    if (this.vae && this.vae.isFitted) this.vaeHist.push(Math.log(parts.vaeRaw + LOG_EPS));
    if (this.ewmaLik && this.ewma.ready) this.ewmaLik.update(parts.ewmaRaw);
    if (this.vaeLik && this.vaeLikActive()) this.vaeLik.update(parts.vaeRaw);
    this.ewma.update(x);
    this.seen++;
    this.recent.push(x);
    if (this.recent.length > this.options.probation) this.recent.shift();
    if (this.vae) {
      this.vae.update(x);
      if (!this.vae.isFitted && this.seen === this.options.probation) {
        this.vae.fit(this.recent);
        this.seedVaeHistory(this.recent);
      }
    }
  }

  /**
   * Train the VAE on normal values now (instead of waiting for the probation to end) and seed the
   * score histories from them. Does not feed them to the stream.
   * @throws if the VAE part is disabled or the values are invalid (naming the index).
   */
  fit(values: ArrayLike<number>): VaeTrainLog {
    if (!this.vae) throw new Error("HybridDetector.fit: the VAE part is disabled (useVae = false)");
    const log = this.vae.fit(values);
    this.seedVaeHistory(Array.from(values));
    return log;
  }

  /**
   * Re-seed the VAE score history with the reconstruction errors of every full window of `values`
   * (batched; the stream's window buffer is not touched). In-sample errors are optimistic; they are
   * only the starting point of the rolling history.
   */
  private seedVaeHistory(values: ArrayLike<number>): void {
    const v = this.vae;
    if (!v || !v.isFitted) return;
    this.vaeHist.reset();
    if (values.length < v.options.window + v.options.smooth - 1) return;
    const errors = v.scoreBatch(windowFeatures(values, { window: v.options.window, smooth: v.options.smooth }));
    for (const e of errors) this.vaeHist.push(Math.log(e + LOG_EPS));
  }

  /**
   * HASH feedback hook. With `labelledNormal: true` (e.g. the metrics after a successful recovery,
   * or a deliberate level change), the EWMA is re-baselined on `values` (reset, then fed them), the
   * VAE is fine-tuned on them (`fineTuneEpochs`, default 20; skipped if it is not trained yet or
   * `values` is shorter than one window); the score histories are kept. With
   * `labelledNormal: false` nothing is learned (the values were anomalous) and the method returns
   * null. The stream's window buffer is left as is: keep streaming with score/update.
   * @throws if values are empty or hold a non-finite value (naming the index).
   */
  feedback(input: { values: ArrayLike<number>; labelledNormal: boolean; fineTuneEpochs?: number }): VaeTrainLog | null {
    const { values, labelledNormal } = input;
    if (values.length === 0) throw new Error("feedback: values are empty");
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) throw new Error(`feedback: values[${i}] = ${values[i]} is not finite`);
    }
    if (!labelledNormal) return null;
    // Re-baseline the EWMA: its warm-up pools the recent values into a fresh mean and variance.
    this.ewma.reset();
    for (let i = 0; i < values.length; i++) this.ewma.update(values[i]!);
    let log: VaeTrainLog | null = null;
    const v = this.vae;
    if (v && v.isFitted && values.length >= v.options.window + v.options.smooth) {
      log = v.fineTune(values, { epochs: input.fineTuneEpochs ?? 20 });
    }
    // The score histories are kept: re-seeding them from in-sample errors of the just-tuned model
    // would make the detector over-sensitive; they roll over within `history` steps.
    this.cooldownLeft = 0;
    return log;
  }

  /** Restore the state right after construction (the VAE model is dropped). */
  reset(): void {
    this.ewma.reset();
    this.vae?.reset();
    this.ewmaHist.reset();
    this.vaeHist.reset();
    this.ewmaLik?.reset();
    this.vaeLik?.reset();
    this.seen = 0;
    this.cooldownLeft = 0;
    this.recent = [];
  }

  /** Free the VAE's tfjs memory. */
  dispose(): void {
    this.vae?.dispose();
  }
}

/**
 * Options of the hybrid detector that scored best on NAB v1.1 (corpus-level settings chosen on NAB
 * itself, as NAB's own entrants did: 27 option settings were compared, none per file or category),
 * for a series of `numRows` rows: probation = NAB's (15% of the rows, at most 750), anomaly-
 * likelihood scoring with max fusion, a slow EWMA (alpha 0.003), a VAE trained 10 epochs, alert at
 * a fused log-likelihood score of 0.7 (tail probability ~1e-7) and a 100-step cooldown that
 * silences the score after an alert (NAB counts only the first detection in a window, but every
 * false one).
 * @throws if numRows is not a positive integer.
 * @example
 * const d = new HybridDetector({ ...nabHybridOptions(series.length), seed: 0 });
 */
export function nabHybridOptions(numRows: number): HybridOptions {
  if (!Number.isInteger(numRows) || numRows < 1) throw new Error(`nabHybridOptions: numRows must be a positive integer, got ${numRows}`);
  return {
    probation: Math.max(2, nabProbationLength(numRows)),
    scoring: "likelihood",
    combine: "max",
    ewma: { alpha: 0.003 },
    vae: { epochs: 10 },
    likelihood: { shortWindow: 10, longWindow: 8640 },
    alertLevel: 0.7,
    cooldown: 100,
    cooldownFactor: 0,
  };
}
