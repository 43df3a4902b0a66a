/**
 * Anomaly likelihood (Ahmad, Lavin, Purdy & Agha 2017, "Unsupervised real-time anomaly detection
 * for streaming data", Neurocomputing 262, section 4.3): turns a stream of raw anomaly scores of any
 * scale into the probability that the recent scores are unusually high for this stream.
 *
 * With g the optional transform of the raw score r (identity or log), the short-term mean
 *   m(t) = mean of g(r) over the last `shortWindow` raw scores (including r(t)),
 * and a Gaussian N(mu, sigma^2) fitted to the previous short-term means m(t-1), ..., m(t-W)
 * (W = `longWindow`, a sliding Welford window; causal: m(t) is compared with a Gaussian that has
 * not seen it), the likelihood is
 *   L(t) = 1 - Q((m(t) - mu) / sigma),     Q = the standard normal upper tail,
 * and the log-scaled score used as the final anomaly score (NAB's numenta detector,
 * `computeLogLikelihood`) is
 *   s(t) = log(1.0000000001 - L(t)) / log(1e-10) = log(Q + 1e-10) / log(1e-10) in [0, 1],
 * computed from Q directly (no cancellation): s = 0.5 at Q = 1e-5, s = 0.9 at Q = 1e-9.
 * Until `learningPeriod` short-term means have been seen, L = 0.5 and s = 0 (the paper's
 * learning period). sigma is floored at `minStd` (plus 1e-3 * |mu|) so that a perfectly flat score
 * history does not make every wobble infinitely unlikely (NuPIC floors the variance likewise).
 *
 * Differences from NuPIC's implementation, on purpose: the Gaussian is refitted at every step on a
 * sliding window (NuPIC refits every 100 steps), and the estimate excludes the current point.
 */
import { normalCdf } from "../core/stats.js";

/** Options of {@link AnomalyLikelihood} (defaults in brackets). */
export interface AnomalyLikelihoodOptions {
  /** Raw scores averaged into the short-term mean [10] (the paper's W'). */
  shortWindow?: number;
  /** Short-term means the Gaussian is fitted to (the paper's W) [8640]. */
  longWindow?: number;
  /** Short-term means seen before likelihoods are emitted [300]. */
  learningPeriod?: number;
  /** Transform of raw scores before averaging: "none" or "log" (log(r + 1e-12)) ["none"]. */
  transform?: "none" | "log";
  /** Absolute floor on sigma, on the transformed scale [1e-3]. */
  minStd?: number;
}

/** Resolved options of {@link AnomalyLikelihood}. */
export type ResolvedAnomalyLikelihoodOptions = Required<AnomalyLikelihoodOptions>;

/** One likelihood evaluation. */
export interface LikelihoodParts {
  /** Short-term mean m(t) of the transformed raw scores. */
  shortMean: number;
  /** Standardised short-term mean (m - mu) / sigma (0 while learning). */
  z: number;
  /** Upper tail probability Q(z) (0.5 while learning). */
  tail: number;
  /** Likelihood 1 - Q(z). */
  likelihood: number;
  /** Log-scaled score log(Q + 1e-10) / log(1e-10) in [0, 1]. */
  logScore: number;
}

const LOG_1E10 = Math.log(1e-10);
const EPS = 1e-12;

/** Log-scaled likelihood score log(tail + 1e-10) / log(1e-10), clamped to [0, 1]. */
export function logLikelihoodScore(tail: number): number {
  const s = Math.log(tail + 1e-10) / LOG_1E10;
  return s < 0 ? 0 : s > 1 ? 1 : s;
}

/**
 * Streaming anomaly likelihood of a raw score stream: `evaluate(r)` scores r without changing
 * state, `update(r)` learns it (test-then-train, like the detectors). Non-finite raw scores are
 * ignored by `update` and evaluate as "nothing new" (the previous short-term mean).
 * @throws on invalid options, naming the option.
 * @example
 * const al = new AnomalyLikelihood({ shortWindow: 10, longWindow: 8640 });
 * for (const r of rawScores) { const s = al.evaluate(r).logScore; al.update(r); }
 */
export class AnomalyLikelihood {
  /** Resolved options. */
  readonly options: ResolvedAnomalyLikelihoodOptions;
  private readonly shortBuf: Float64Array;
  private shortHead = 0;
  private shortN = 0;
  private shortSum = 0;
  private readonly longBuf: Float64Array;
  private longHead = 0;
  private longN = 0;
  private mean = 0;
  private m2 = 0;

  constructor(options: AnomalyLikelihoodOptions = {}) {
    const o: ResolvedAnomalyLikelihoodOptions = {
      shortWindow: options.shortWindow ?? 10,
      longWindow: options.longWindow ?? 8640,
      learningPeriod: options.learningPeriod ?? 300,
      transform: options.transform ?? "none",
      minStd: options.minStd ?? 1e-3,
    };
    if (!Number.isInteger(o.shortWindow) || o.shortWindow < 1) throw new Error(`AnomalyLikelihood: shortWindow must be an integer >= 1, got ${o.shortWindow}`);
    if (!Number.isInteger(o.longWindow) || o.longWindow < 10) throw new Error(`AnomalyLikelihood: longWindow must be an integer >= 10, got ${o.longWindow}`);
    if (!Number.isInteger(o.learningPeriod) || o.learningPeriod < 2) throw new Error(`AnomalyLikelihood: learningPeriod must be an integer >= 2, got ${o.learningPeriod}`);
    if (o.transform !== "none" && o.transform !== "log") throw new Error(`AnomalyLikelihood: transform must be "none" or "log", got ${String(o.transform)}`);
    if (!(o.minStd > 0) || !Number.isFinite(o.minStd)) throw new Error(`AnomalyLikelihood: minStd must be a finite number > 0, got ${o.minStd}`);
    this.options = o;
    this.shortBuf = new Float64Array(o.shortWindow);
    this.longBuf = new Float64Array(o.longWindow);
  }

  /** Number of short-term means the Gaussian has been fitted to (capped at longWindow). */
  get historyLength(): number {
    return this.longN;
  }

  /** True once the learning period is over. */
  get ready(): boolean {
    return this.longN >= this.options.learningPeriod;
  }

  private g(r: number): number {
    return this.options.transform === "log" ? Math.log(Math.max(r, 0) + EPS) : r;
  }

  /** Short-term mean if r were the next raw score (NaN r: the current mean). */
  private peekShortMean(r: number): number {
    if (!Number.isFinite(r)) return this.shortN === 0 ? 0 : this.shortSum / this.shortN;
    const x = this.g(r);
    const w = this.options.shortWindow;
    if (this.shortN < w) return (this.shortSum + x) / (this.shortN + 1);
    return (this.shortSum - this.shortBuf[this.shortHead]! + x) / w;
  }

  /** Likelihood parts of r as the next raw score, without changing state. */
  evaluate(r: number): LikelihoodParts {
    const m = this.peekShortMean(r);
    if (!this.ready) return { shortMean: m, z: 0, tail: 0.5, likelihood: 0.5, logScore: 0 };
    const sd = Math.sqrt(this.m2 / (this.longN - 1));
    const sigma = Math.max(sd, this.options.minStd + 1e-3 * Math.abs(this.mean));
    const z = (m - this.mean) / sigma;
    const tail = normalCdf(-z);
    return { shortMean: m, z, tail, likelihood: 1 - tail, logScore: logLikelihoodScore(tail) };
  }

  /** Log-scaled likelihood score of r (see the module doc), without changing state. */
  score(r: number): number {
    return this.evaluate(r).logScore;
  }

  /** Learn r: fold the current short-term mean into the Gaussian's window, then push r. */
  update(r: number): void {
    if (!Number.isFinite(r)) return;
    // The Gaussian holds past short-term means only: add m(t) after it was evaluated.
    const m = this.peekShortMean(r);
    const x = this.g(r);
    const w = this.options.shortWindow;
    if (this.shortN < w) this.shortN++;
    else this.shortSum -= this.shortBuf[this.shortHead]!;
    this.shortBuf[this.shortHead] = x;
    this.shortSum += x;
    this.shortHead = (this.shortHead + 1) % w;
    this.pushLong(m);
  }

  private pushLong(m: number): void {
    const size = this.options.longWindow;
    if (this.longN < size) {
      this.longN++;
      const d = m - this.mean;
      this.mean += d / this.longN;
      this.m2 += d * (m - this.mean);
    } else {
      const old = this.longBuf[this.longHead]!;
      const meanNew = this.mean + (m - old) / size;
      this.m2 = Math.max(0, this.m2 + (m - old) * (m - meanNew + old - this.mean));
      this.mean = meanNew;
    }
    this.longBuf[this.longHead] = m;
    this.longHead = (this.longHead + 1) % size;
  }

  /** Forget everything (state right after construction). */
  reset(): void {
    this.shortBuf.fill(0);
    this.shortHead = 0;
    this.shortN = 0;
    this.shortSum = 0;
    this.longBuf.fill(0);
    this.longHead = 0;
    this.longN = 0;
    this.mean = 0;
    this.m2 = 0;
  }
}
