/**
 * Variational autoencoder (tfjs) and the VAE anomaly detector of HASH.
 *
 * Model (Kingma & Welling 2014, "Auto-Encoding Variational Bayes", ICLR): encoder
 * q(z|x) = N(mu(x), diag exp(logVar(x))) with one tanh hidden layer, decoder p(x|z) =
 * N(decoder(z), sigma^2 I) with one tanh hidden layer and a linear output, prior p(z) = N(0, I).
 * Training minimises the negative ELBO per example,
 *   -ELBO = ||x - decoder(z)||^2 / (2 sigma^2) + beta * KL(q(z|x) || p(z)),   z = mu + exp(logVar/2) * eps,
 * with the closed-form Gaussian KL = -1/2 sum_j (1 + logVar_j - mu_j^2 - exp(logVar_j)) (their
 * Appendix B) and the reparameterisation trick (their section 2.4); beta = 1 is the plain ELBO
 * (Higgins et al. 2017 for beta != 1). Optimiser: Adam (Kingma & Ba 2015). The constant
 * (d/2) log(2 pi sigma^2) of the Gaussian log-likelihood is dropped.
 *
 * Detector pipeline (HASH): univariate stream -> window features (value, moving average, rolling
 * std over the last `window` steps; `features.ts`) -> min-max normalisation -> PCA -> whitening ->
 * VAE. The anomaly score of a window is its reconstruction error (mean squared error in the
 * min-max-normalised feature space, mapping the decoder's mean output back through the PCA), or
 * the negative ELBO at z = mu. Reconstruction uses the posterior mean, so scoring is deterministic.
 *
 * Determinism: weights are initialised from seeded Glorot initialisers, mini-batches are shuffled
 * with the project Rng and every reparameterisation draw gets its own derived tfjs seed, so the
 * same seed gives the same weights and scores on a given backend.
 *
 * Scoring a single window through tfjs costs 100-200 us; the streaming path therefore runs the
 * trained network as a plain Float64 forward pass (same maths, a few us), while `scoreBatch`
 * uses tfjs on whole batches.
 */
import * as tf from "@tensorflow/tfjs";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Rng, deriveSeed } from "../core/rng.js";
import { writeFileAtomic } from "../core/io.js";
import { loadLayersModel, saveLayersModel } from "../policy/tfjsIo.js";
import { MinMaxScaler, WindowFeaturizer, type MinMaxState } from "./features.js";
import { Pca, type PcaState } from "./pca.js";
import type { StreamingDetector } from "./types.js";

// ---------------------------------------------------------------------------------------------
// The network
// ---------------------------------------------------------------------------------------------

/** Configuration of the VAE network and its training. */
export interface VaeConfig {
  /** Input dimension d. Required. */
  inputDim: number;
  /** Units of the encoder and decoder hidden layers. Default 32. */
  hiddenUnits?: number;
  /** Latent dimension. Default 3. */
  latentDim?: number;
  /** Weight of the KL term (1 = the ELBO). Default 1. */
  beta?: number;
  /** Standard deviation sigma of the Gaussian decoder. Default 0.5 (inputs are whitened). */
  decoderStd?: number;
  /** Adam learning rate. Default 3e-3. */
  learningRate?: number;
  /** Mini-batch size. Default 64. */
  batchSize?: number;
  /** Seed for initialisation, shuffling and reparameterisation noise. Default 0. */
  seed?: number;
}

type ResolvedVaeConfig = Required<VaeConfig>;

function resolveVaeConfig(c: VaeConfig): ResolvedVaeConfig {
  const r: ResolvedVaeConfig = {
    inputDim: c.inputDim,
    hiddenUnits: c.hiddenUnits ?? 32,
    latentDim: c.latentDim ?? 3,
    beta: c.beta ?? 1,
    decoderStd: c.decoderStd ?? 0.5,
    learningRate: c.learningRate ?? 3e-3,
    batchSize: c.batchSize ?? 64,
    seed: c.seed ?? 0,
  };
  const int = (name: keyof ResolvedVaeConfig, min: number) => {
    const v = r[name];
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer >= ${min}, got ${v}`);
  };
  const pos = (name: keyof ResolvedVaeConfig) => {
    const v = r[name];
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${name} must be a finite number > 0, got ${v}`);
  };
  int("inputDim", 1);
  int("hiddenUnits", 1);
  int("latentDim", 1);
  int("batchSize", 1);
  pos("decoderStd");
  pos("learningRate");
  if (!(r.beta >= 0) || !Number.isFinite(r.beta)) throw new Error(`beta must be a finite number >= 0, got ${r.beta}`);
  if (!Number.isFinite(r.seed)) throw new Error(`seed must be a finite number, got ${r.seed}`);
  return r;
}

/** Per-epoch training log. */
export interface VaeTrainLog {
  /** Mean negative ELBO per example, per epoch. */
  loss: number[];
  /** Mean reconstruction term per example, per epoch. */
  reconstruction: number[];
  /** Mean KL term per example, per epoch. */
  kl: number[];
}

/** Weights of the trained network as plain arrays, for the fast forward pass. */
interface DenseJs {
  w: Float64Array; // in x out, row-major
  b: Float64Array;
  inDim: number;
  outDim: number;
}

/**
 * A small Gaussian VAE in tfjs: encoder x -> tanh(h) -> (mu, logVar), decoder z -> tanh(h) -> x^.
 * Build with `new Vae(config)`; train with `train(rows, epochs)`; free with `dispose()`.
 * Call `await initTf()` (src/core/tf.ts) first.
 * @throws on invalid config (naming the option).
 */
export class Vae {
  /** The resolved configuration. */
  readonly config: ResolvedVaeConfig;
  /** Encoder model: x -> [mu, logVar]. */
  readonly encoder: tf.LayersModel;
  /** Decoder model: z -> x^ (mean). */
  readonly decoder: tf.LayersModel;
  private readonly rng: Rng;
  private optimizer: tf.Optimizer | null = null;
  private steps = 0;
  private js: DenseJs[] | null = null;

  constructor(config: VaeConfig, models?: { encoder: tf.LayersModel; decoder: tf.LayersModel; steps?: number }) {
    this.config = resolveVaeConfig(config);
    const c = this.config;
    this.rng = new Rng(c.seed);
    if (models) {
      this.encoder = models.encoder;
      this.decoder = models.decoder;
      this.steps = models.steps ?? 0;
      return;
    }
    const init = (key: string) => tf.initializers.glorotUniform({ seed: deriveSeed(c.seed, key) % 2147483647 });
    const x = tf.input({ shape: [c.inputDim], name: "x" });
    const h = tf.layers
      .dense({ units: c.hiddenUnits, activation: "tanh", kernelInitializer: init("enc_h"), name: "enc_hidden" })
      .apply(x) as tf.SymbolicTensor;
    const mu = tf.layers
      .dense({ units: c.latentDim, kernelInitializer: init("enc_mu"), name: "enc_mu" })
      .apply(h) as tf.SymbolicTensor;
    const logVar = tf.layers
      .dense({ units: c.latentDim, kernelInitializer: init("enc_logvar"), name: "enc_logvar" })
      .apply(h) as tf.SymbolicTensor;
    this.encoder = tf.model({ inputs: x, outputs: [mu, logVar], name: "vae_encoder" });
    const z = tf.input({ shape: [c.latentDim], name: "z" });
    const g = tf.layers
      .dense({ units: c.hiddenUnits, activation: "tanh", kernelInitializer: init("dec_h"), name: "dec_hidden" })
      .apply(z) as tf.SymbolicTensor;
    const out = tf.layers
      .dense({ units: c.inputDim, kernelInitializer: init("dec_out"), name: "dec_out" })
      .apply(g) as tf.SymbolicTensor;
    this.decoder = tf.model({ inputs: z, outputs: out, name: "vae_decoder" });
  }

  /** Number of optimiser steps taken so far. */
  get trainSteps(): number {
    return this.steps;
  }

  /** Trainable variables of encoder and decoder. */
  private variables(): tf.Variable[] {
    return [...this.encoder.trainableWeights, ...this.decoder.trainableWeights].map((w) => w.read() as tf.Variable);
  }

  /** Per-example terms of the negative ELBO for a batch, with noise eps (or z = mu when null). */
  private terms(x: tf.Tensor2D, eps: tf.Tensor2D | null): { recon: tf.Tensor1D; kl: tf.Tensor1D } {
    const [mu, logVar] = this.encoder.apply(x, { training: true }) as tf.Tensor2D[];
    const z = eps ? tf.add(mu!, tf.mul(tf.exp(tf.mul(logVar!, 0.5)), eps)) : mu!;
    const xHat = this.decoder.apply(z, { training: true }) as tf.Tensor2D;
    const s2 = this.config.decoderStd * this.config.decoderStd;
    const recon = tf.div(tf.sum(tf.square(tf.sub(x, xHat)), 1), 2 * s2) as tf.Tensor1D;
    const kl = tf.mul(
      -0.5,
      tf.sum(tf.sub(tf.sub(tf.add(1, logVar!), tf.square(mu!)), tf.exp(logVar!)), 1),
    ) as tf.Tensor1D;
    return { recon, kl };
  }

  /**
   * Train for `epochs` passes over `rows` (mini-batch Adam, shuffled with the seeded Rng).
   * Synchronous; tensors are created and freed inside, so `tf.memory().numTensors` is unchanged
   * after the first step (which creates Adam's moment variables).
   * @throws if rows are empty, of the wrong width, or hold a non-finite value (naming the row).
   */
  train(rows: ReadonlyArray<ArrayLike<number>>, epochs: number): VaeTrainLog {
    const c = this.config;
    if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`epochs must be an integer >= 1, got ${epochs}`);
    const data = toMatrix(rows, c.inputDim, "Vae.train");
    const n = rows.length;
    if (!this.optimizer) this.optimizer = tf.train.adam(c.learningRate);
    const log: VaeTrainLog = { loss: [], reconstruction: [], kl: [] };
    const vars = this.variables();
    const order = Array.from({ length: n }, (_, i) => i);
    for (let e = 0; e < epochs; e++) {
      this.rng.shuffle(order);
      let sumR = 0;
      let sumK = 0;
      for (let start = 0; start < n; start += c.batchSize) {
        const b = Math.min(c.batchSize, n - start);
        const batch = new Float32Array(b * c.inputDim);
        for (let i = 0; i < b; i++) {
          const r = order[start + i]!;
          batch.set(data.subarray(r * c.inputDim, (r + 1) * c.inputDim), i * c.inputDim);
        }
        const noiseSeed = this.rng.tfSeed();
        const [rSum, kSum] = tf.tidy(() => {
          const x = tf.tensor2d(batch, [b, c.inputDim]);
          const eps = tf.randomNormal([b, c.latentDim], 0, 1, "float32", noiseSeed) as tf.Tensor2D;
          let rS = 0;
          let kS = 0;
          this.optimizer!.minimize(
            () => {
              const { recon, kl } = this.terms(x, eps);
              const rm = tf.sum(recon);
              const km = tf.sum(kl);
              rS = rm.dataSync()[0]!;
              kS = km.dataSync()[0]!;
              return tf.div(tf.add(rm, tf.mul(km, c.beta)), b) as tf.Scalar;
            },
            false,
            vars,
          );
          return [rS, kS];
        });
        sumR += rSum!;
        sumK += kSum!;
        this.steps++;
      }
      log.reconstruction.push(sumR / n);
      log.kl.push(sumK / n);
      log.loss.push((sumR + c.beta * sumK) / n);
    }
    this.js = null; // weights changed
    return log;
  }

  /**
   * Reconstruct rows through the posterior mean (z = mu), batched in tfjs. Returns a flat
   * Float32Array of n * inputDim.
   */
  reconstructBatch(rows: Float32Array, n: number): Float32Array {
    const d = this.config.inputDim;
    if (rows.length !== n * d) throw new Error(`reconstructBatch: expected ${n * d} numbers, got ${rows.length}`);
    return tf.tidy(() => this.reconstructTensor(tf.tensor2d(rows, [n, d])).dataSync() as Float32Array);
  }

  /**
   * Per-row negative ELBO at z = mu (reconstruction term + beta * KL), batched in tfjs.
   */
  negElboBatch(rows: Float32Array, n: number): Float32Array {
    const d = this.config.inputDim;
    if (rows.length !== n * d) throw new Error(`negElboBatch: expected ${n * d} numbers, got ${rows.length}`);
    return tf.tidy(() => this.negElboTensor(tf.tensor2d(rows, [n, d])).dataSync() as Float32Array);
  }

  /** Decoder mean at z = mu(x) for a batch tensor (call inside tf.tidy). */
  reconstructTensor(x: tf.Tensor2D): tf.Tensor2D {
    const [mu] = this.encoder.apply(x) as tf.Tensor[];
    return this.decoder.apply(mu!) as tf.Tensor2D;
  }

  /** Negative ELBO at z = mu per row of a batch tensor (call inside tf.tidy). */
  negElboTensor(x: tf.Tensor2D): tf.Tensor1D {
    const { recon, kl } = this.terms(x, null);
    return tf.add(recon, tf.mul(kl, this.config.beta)) as tf.Tensor1D;
  }

  /** Plain-array copy of the weights for the fast path (cached until the next training step). */
  private jsWeights(): DenseJs[] {
    if (this.js) return this.js;
    const layer = (m: tf.LayersModel, name: string): DenseJs => {
      const [w, b] = m.getLayer(name).getWeights();
      const shape = w!.shape as [number, number];
      return { w: Float64Array.from(w!.dataSync()), b: Float64Array.from(b!.dataSync()), inDim: shape[0], outDim: shape[1] };
    };
    this.js = [
      layer(this.encoder, "enc_hidden"),
      layer(this.encoder, "enc_mu"),
      layer(this.encoder, "enc_logvar"),
      layer(this.decoder, "dec_hidden"),
      layer(this.decoder, "dec_out"),
    ];
    return this.js;
  }

  /**
   * Reconstruct one row with the plain forward pass (z = mu). Also returns the KL of q(z|x).
   * Same maths as `reconstructBatch`, in float64.
   */
  reconstructOne(x: ArrayLike<number>, out?: Float64Array): { xHat: Float64Array; kl: number } {
    const [h1, muL, lvL, h2, o] = this.jsWeights() as [DenseJs, DenseJs, DenseJs, DenseJs, DenseJs];
    const hidden = dense(h1, x, true);
    const mu = dense(muL, hidden, false);
    const lv = dense(lvL, hidden, false);
    let kl = 0;
    for (let j = 0; j < mu.length; j++) kl += -0.5 * (1 + lv[j]! - mu[j]! * mu[j]! - Math.exp(lv[j]!));
    const g = dense(h2, mu, true);
    const xHat = dense(o, g, false, out);
    return { xHat, kl };
  }

  /** Save encoder and decoder under `dir/encoder` and `dir/decoder` plus `dir/vae.json`. */
  async save(dir: string): Promise<void> {
    await saveLayersModel(this.encoder, join(dir, "encoder"));
    await saveLayersModel(this.decoder, join(dir, "decoder"));
    writeFileAtomic(join(dir, "vae.json"), JSON.stringify({ config: this.config, steps: this.steps }, null, 2));
  }

  /** Load a VAE saved by `save`. @throws naming the file if the directory is incomplete. */
  static async load(dir: string): Promise<Vae> {
    const card = join(dir, "vae.json");
    if (!existsSync(card)) throw new Error(`${card}: no such file (not a saved VAE)`);
    const meta = JSON.parse(readFileSync(card, "utf8")) as { config: VaeConfig; steps: number };
    const encoder = await loadLayersModel(join(dir, "encoder"));
    const decoder = await loadLayersModel(join(dir, "decoder"));
    return new Vae(meta.config, { encoder, decoder, steps: meta.steps });
  }

  /** Free the models' and optimiser's tensors. */
  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
    this.optimizer?.dispose();
    this.optimizer = null;
    this.js = null;
  }
}

/** y = act(x W + b) for one row. */
function dense(l: DenseJs, x: ArrayLike<number>, tanh: boolean, out?: Float64Array): Float64Array {
  const y = out ?? new Float64Array(l.outDim);
  y.set(l.b);
  for (let i = 0; i < l.inDim; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const base = i * l.outDim;
    for (let j = 0; j < l.outDim; j++) y[j]! += xi * l.w[base + j]!;
  }
  if (tanh) for (let j = 0; j < l.outDim; j++) y[j] = Math.tanh(y[j]!);
  return y;
}

function toMatrix(rows: ReadonlyArray<ArrayLike<number>>, d: number, where: string): Float32Array {
  if (rows.length === 0) throw new Error(`${where}: no rows`);
  const m = new Float32Array(rows.length * d);
  rows.forEach((row, r) => {
    if (row.length !== d) throw new Error(`${where}: row ${r} has ${row.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) {
      const v = row[j]!;
      if (!Number.isFinite(v)) throw new Error(`${where}: row ${r}, column ${j} is ${v}`);
      m[r * d + j] = v;
    }
  });
  return m;
}

// ---------------------------------------------------------------------------------------------
// The detector
// ---------------------------------------------------------------------------------------------

/**
 * Options of the VAE anomaly detector (defaults in brackets); the network options (hiddenUnits,
 * latentDim, beta, decoderStd, learningRate, batchSize, seed) are VaeConfig's, with its defaults.
 */
export interface VaeDetectorOptions extends Omit<VaeConfig, "inputDim"> {
  /** Past steps per feature window [16], >= 2. */
  window?: number;
  /** Moving-average / rolling-std length [8], >= 2. */
  smooth?: number;
  /** PCA components kept [8], 1 <= pcaComponents <= 3 * window. */
  pcaComponents?: number;
  /** Training epochs of `fit` [40]. */
  epochs?: number;
  /**
   * If set, the detector trains itself (synchronously, inside `update`) once it has seen this
   * many points: a probation period of normal data, as in NAB. [undefined: call `fit`].
   */
  trainAfter?: number;
  /** Scaling of PCA scores into the VAE: "global" (one factor) or "component" (whitening) [global]. */
  whiten?: "global" | "component";
  /** Score: "reconstruction" (MSE in normalised feature space) or "negElbo" [reconstruction]. */
  score?: "reconstruction" | "negElbo";
}

type ResolvedDetectorOptions = Required<Omit<VaeDetectorOptions, "trainAfter">> & { trainAfter: number | null };

function resolveDetectorOptions(o: VaeDetectorOptions): ResolvedDetectorOptions {
  const r: ResolvedDetectorOptions = {
    window: o.window ?? 16,
    smooth: o.smooth ?? 8,
    pcaComponents: o.pcaComponents ?? 8,
    hiddenUnits: o.hiddenUnits ?? 32,
    latentDim: o.latentDim ?? 3,
    beta: o.beta ?? 1,
    decoderStd: o.decoderStd ?? 0.5,
    learningRate: o.learningRate ?? 3e-3,
    batchSize: o.batchSize ?? 64,
    epochs: o.epochs ?? 40,
    trainAfter: o.trainAfter ?? null,
    score: o.score ?? "reconstruction",
    whiten: o.whiten ?? "global",
    seed: o.seed ?? 0,
  };
  if (!Number.isInteger(r.window) || r.window < 2) throw new Error(`window must be an integer >= 2, got ${r.window}`);
  if (!Number.isInteger(r.smooth) || r.smooth < 2) throw new Error(`smooth must be an integer >= 2, got ${r.smooth}`);
  if (!Number.isInteger(r.latentDim) || r.latentDim < 1) throw new Error(`latentDim must be an integer >= 1, got ${r.latentDim}`);
  if (!Number.isInteger(r.pcaComponents) || r.pcaComponents < 1) {
    throw new Error(`pcaComponents must be an integer >= 1, got ${r.pcaComponents}`);
  }
  if (r.pcaComponents > 3 * r.window) {
    throw new Error(`pcaComponents = ${r.pcaComponents} exceeds the ${3 * r.window} window features (3 * window)`);
  }
  if (!Number.isInteger(r.epochs) || r.epochs < 1) throw new Error(`epochs must be an integer >= 1, got ${r.epochs}`);
  if (r.whiten !== "global" && r.whiten !== "component") throw new Error(`whiten must be "global" or "component", got ${String(r.whiten)}`);
  if (r.score !== "reconstruction" && r.score !== "negElbo") {
    throw new Error(`score must be "reconstruction" or "negElbo", got ${String(r.score)}`);
  }
  if (r.trainAfter !== null && (!Number.isInteger(r.trainAfter) || r.trainAfter < r.window + r.smooth + 1)) {
    throw new Error(`trainAfter must be an integer >= window + smooth + 1 = ${r.window + r.smooth + 1}, got ${r.trainAfter}`);
  }
  return r;
}

/** The fitted parts of the pipeline. */
interface Fitted {
  scaler: MinMaxScaler;
  pca: Pca;
  /** Scale per PCA component applied before the VAE (see `scaling`). */
  whiten: Float64Array;
  vae: Vae;
  /** Normalised training feature rows, kept (subsampled) for fine-tuning. */
  memory: Float64Array[];
}

/** Plain-data card saved beside the VAE weights. */
interface VaeDetectorCard {
  kind: "deploylab.VaeDetector";
  version: 1;
  options: ResolvedDetectorOptions;
  scaler: MinMaxState;
  pca: PcaState;
  whiten: number[];
}

const MEMORY_ROWS = 2000;

/**
 * VAE anomaly detector on windowed, min-max-normalised, PCA-reduced features of a univariate
 * stream (HASH). `fit(normal)` trains it on normal data (or set `trainAfter` to let it train on its
 * own first points); `score(x)` is the reconstruction error of the window ending at x (0 until
 * fitted and warmed up); `fineTune(recent)` continues training on recent data labelled normal
 * (the HASH feedback loop). Save with `save(dir)`, restore with `VaeDetector.load(dir)`.
 *
 * @throws on invalid options (naming the option), and in `fit` on non-finite training data
 *   (naming the index) or too short a series.
 * @example
 * await initTf();
 * const d = new VaeDetector({ window: 16, seed: 1 });
 * d.fit(normalValues);
 * const s = d.score(next); d.update(next);
 */
export class VaeDetector implements StreamingDetector<number> {
  readonly name = "vae";
  /** Resolved options. */
  readonly options: ResolvedDetectorOptions;
  private featurizer: WindowFeaturizer;
  private fitted: Fitted | null = null;
  private pending: number[] = [];
  private fineTunes = 0;
  // Scratch buffers for the streaming path.
  private readonly feat: Float64Array;
  private readonly norm: Float64Array;

  constructor(options: VaeDetectorOptions = {}) {
    this.options = resolveDetectorOptions(options);
    this.featurizer = new WindowFeaturizer({ window: this.options.window, smooth: this.options.smooth });
    this.feat = new Float64Array(this.featurizer.dim);
    this.norm = new Float64Array(this.featurizer.dim);
  }

  /** True once the VAE has been trained (or loaded). */
  get isFitted(): boolean {
    return this.fitted !== null;
  }

  /** Dimension of one window feature vector (3 * window). */
  get featureDim(): number {
    return this.featurizer.dim;
  }

  /** The underlying VAE (null before fit), e.g. to inspect its training steps. */
  get vae(): Vae | null {
    return this.fitted?.vae ?? null;
  }

  /**
   * Train scaler, PCA and VAE on a series of normal values. Synchronous (tfjs must be initialised).
   * Replaces any previous model. Does not change the streaming state.
   * @throws if a value is not finite (naming the index) or the series has fewer than
   *   window + smooth + pcaComponents points.
   */
  fit(values: ArrayLike<number>, options: { epochs?: number } = {}): VaeTrainLog {
    const rows = this.featureRows(values, "fit");
    const o = this.options;
    if (rows.length <= o.pcaComponents) {
      throw new Error(`fit: ${values.length} values give ${rows.length} windows; need more than pcaComponents = ${o.pcaComponents}`);
    }
    const scaler = new MinMaxScaler().fit(rows);
    const normed = rows.map((r) => scaler.transform(r));
    const pca = Pca.fit(normed, { components: o.pcaComponents });
    const whiten = scaling(pca, o.whiten);
    this.disposeModel();
    const vae = new Vae({
      inputDim: o.pcaComponents,
      hiddenUnits: o.hiddenUnits,
      latentDim: o.latentDim,
      beta: o.beta,
      decoderStd: o.decoderStd,
      learningRate: o.learningRate,
      batchSize: o.batchSize,
      seed: deriveSeed(o.seed, "vae"),
    });
    this.fitted = { scaler, pca, whiten, vae, memory: subsample(normed, MEMORY_ROWS) };
    return vae.train(this.latentInputs(normed), options.epochs ?? o.epochs);
  }

  /**
   * Feedback hook: continue training on recent values labelled normal (e.g. after a recovery or a
   * deliberate level change), mixed with a sample of the original training windows so the model
   * does not forget them. If the recent windows fall outside the scaler's range, scaler and PCA
   * are refitted on the union first (the VAE keeps its weights as a warm start).
   * Options: `epochs` [20].
   * @throws before fit, or on invalid values (naming the index).
   */
  fineTune(values: ArrayLike<number>, options: { epochs?: number } = {}): VaeTrainLog {
    const f = this.fitted;
    if (!f) throw new Error("VaeDetector.fineTune: call fit first (or let trainAfter train the model)");
    const rows = this.featureRows(values, "fineTune");
    const old = f.memory.map((r) => f.scaler.inverse(r));
    const all = [...old, ...rows];
    f.scaler = new MinMaxScaler().fit(all);
    const normedAll = all.map((r) => f.scaler.transform(r));
    f.pca = Pca.fit(normedAll, { components: this.options.pcaComponents });
    f.whiten = scaling(f.pca, this.options.whiten);
    // Recent windows are weighted up by repetition so a short recovery period counts.
    const recent = normedAll.slice(old.length);
    const reps = Math.max(1, Math.floor(old.length / Math.max(recent.length, 1) / 2));
    const train = [...normedAll.slice(0, old.length)];
    for (let k = 0; k < reps; k++) train.push(...recent);
    f.memory = subsample(normedAll, MEMORY_ROWS);
    this.fineTunes++;
    return f.vae.train(this.latentInputs(train), options.epochs ?? 20);
  }

  private featureRows(values: ArrayLike<number>, where: string): Float64Array[] {
    const f = new WindowFeaturizer({ window: this.options.window, smooth: this.options.smooth });
    if (values.length < f.warmup + 1) {
      throw new Error(`${where}: need at least window + smooth = ${f.warmup + 1} values, got ${values.length}`);
    }
    const rows: Float64Array[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) throw new Error(`${where}: training value [${i}] is ${v} (NaN/Infinity in training data)`);
      f.push(v);
      const row = f.current();
      if (row) rows.push(row);
    }
    return rows;
  }

  /** Whitened PCA scores of normalised rows (the VAE's inputs). */
  private latentInputs(normed: ReadonlyArray<Float64Array>): Float64Array[] {
    const f = this.fitted!;
    return normed.map((r) => {
      const z = f.pca.transform(r);
      for (let i = 0; i < z.length; i++) z[i]! *= f.whiten[i]!;
      return z;
    });
  }

  /** Score of one raw feature vector (the streaming fast path). */
  private scoreFeatures(feat: Float64Array): number {
    const f = this.fitted!;
    const norm = f.scaler.transform(feat, this.norm);
    const z = f.pca.transform(norm);
    for (let i = 0; i < z.length; i++) z[i]! *= f.whiten[i]!;
    const { xHat, kl } = f.vae.reconstructOne(z);
    if (this.options.score === "negElbo") {
      let sq = 0;
      for (let i = 0; i < z.length; i++) sq += (z[i]! - xHat[i]!) ** 2;
      const s = this.options.decoderStd;
      return sq / (2 * s * s) + this.options.beta * kl;
    }
    for (let i = 0; i < xHat.length; i++) xHat[i]! /= f.whiten[i]!;
    const back = f.pca.inverse(xHat);
    let sq = 0;
    for (let j = 0; j < norm.length; j++) sq += (norm[j]! - back[j]!) ** 2;
    return sq / norm.length;
  }

  /** Reconstruction error (or negative ELBO) of the window ending at x; 0 before fit / warm-up or for NaN. */
  score(x: number): number {
    if (!this.fitted || !Number.isFinite(x)) return 0;
    const feat = this.featurizer.peek(x, this.feat);
    return feat ? this.scoreFeatures(feat) : 0;
  }

  /** Push x into the window (NaN skipped); trains the model when `trainAfter` points have been seen. */
  update(x: number): void {
    if (!Number.isFinite(x)) return;
    this.featurizer.push(x);
    if (!this.fitted && this.options.trainAfter !== null) {
      this.pending.push(x);
      if (this.pending.length >= this.options.trainAfter) {
        this.fit(this.pending);
        this.pending = [];
      }
    }
  }

  /**
   * Scores of many windows at once through tfjs (the batched path): `windows` are raw feature
   * vectors (3 * window each, as produced by `windowFeatures`). Returns one score per window.
   * @throws before fit or if a window has the wrong length.
   */
  scoreBatch(windows: ReadonlyArray<ArrayLike<number>>): Float64Array {
    const f = this.fitted;
    if (!f) throw new Error("VaeDetector.scoreBatch: call fit first");
    const n = windows.length;
    const k = this.options.pcaComponents;
    const p = this.featurizer.dim;
    if (n === 0) return new Float64Array(0);
    const flat = new Float32Array(n * p);
    for (let r = 0; r < n; r++) {
      const w = windows[r]!;
      if (w.length !== p) throw new Error(`scoreBatch: window ${r} has ${w.length} features, expected ${p}`);
      flat.set(w, r * p);
    }
    // Min-max, PCA, scaling, the VAE and the way back all run as one batched tfjs graph.
    const st = f.scaler.toJSON();
    const invRange = st.max.map((hi, j) => (hi - st.min[j]! > 0 ? 1 / (hi - st.min[j]!) : 0));
    const wt = new Float32Array(p * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < p; j++) wt[j * k + i] = f.pca.components[i]![j]!;
    const negElbo = this.options.score === "negElbo";
    const res = tf.tidy(() => {
      const x = tf.tensor2d(flat, [n, p]);
      const norm = tf.mul(tf.sub(x, tf.tensor1d(st.min)), tf.tensor1d(invRange));
      const proj = tf.tensor2d(wt, [p, k]);
      const scale = tf.tensor1d(Float32Array.from(f.whiten));
      const z = tf.mul(tf.matMul(tf.sub(norm, tf.tensor1d(Float32Array.from(f.pca.mean))), proj), scale) as tf.Tensor2D;
      if (negElbo) return f.vae.negElboTensor(z).dataSync();
      const zHat = tf.div(f.vae.reconstructTensor(z), scale);
      const back = tf.add(tf.matMul(zHat, proj, false, true), tf.tensor1d(Float32Array.from(f.pca.mean)));
      return tf.mean(tf.square(tf.sub(norm, back)), 1).dataSync();
    });
    return Float64Array.from(res);
  }

  /**
   * Score every point of a series with the streaming detector's alignment (test-then-train,
   * starting from the current state); a convenience over score/update.
   */
  scoreSeries(values: ArrayLike<number>): Float64Array {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      out[i] = this.score(values[i]!);
      this.update(values[i]!);
    }
    return out;
  }

  /** Forget the stream (window buffer) but keep the trained model. */
  resetStream(): void {
    this.featurizer.reset();
  }

  /** Restore the state right after construction: forget the stream and dispose the model. */
  reset(): void {
    this.featurizer.reset();
    this.pending = [];
    this.fineTunes = 0;
    this.disposeModel();
  }

  /** Free tfjs memory held by the model. */
  dispose(): void {
    this.disposeModel();
  }

  private disposeModel(): void {
    this.fitted?.vae.dispose();
    this.fitted = null;
  }

  /**
   * Save to `dir`: `detector.json` (options, scaler, PCA; written atomically) and the VAE under
   * `dir/vae/` (model.json + weights.bin per network). The streaming window is not saved.
   * @throws before fit.
   */
  async save(dir: string): Promise<void> {
    const f = this.fitted;
    if (!f) throw new Error("VaeDetector.save: nothing to save, call fit first");
    mkdirSync(dir, { recursive: true });
    await f.vae.save(join(dir, "vae"));
    const card: VaeDetectorCard = {
      kind: "deploylab.VaeDetector",
      version: 1,
      options: this.options,
      scaler: f.scaler.toJSON(),
      pca: f.pca.toJSON(),
      whiten: Array.from(f.whiten),
    };
    writeFileAtomic(join(dir, "detector.json"), JSON.stringify(card));
  }

  /** Load a detector saved with `save`. @throws naming the file if it is missing or malformed. */
  static async load(dir: string): Promise<VaeDetector> {
    const path = join(dir, "detector.json");
    if (!existsSync(path)) throw new Error(`${path}: no such file (not a saved VaeDetector)`);
    const card = JSON.parse(readFileSync(path, "utf8")) as VaeDetectorCard;
    if (card.kind !== "deploylab.VaeDetector") throw new Error(`${path}: kind is ${String(card.kind)}, expected deploylab.VaeDetector`);
    const { trainAfter, ...rest } = card.options;
    const d = new VaeDetector({ ...rest, ...(trainAfter === null ? {} : { trainAfter }) });
    const vae = await Vae.load(join(dir, "vae"));
    const scaler = MinMaxScaler.fromJSON(card.scaler);
    d.fitted = { scaler, pca: Pca.fromJSON(card.pca), whiten: Float64Array.from(card.whiten), vae, memory: [] };
    return d;
  }
}

/**
 * Per-component scale applied to PCA scores before the VAE: "global" divides every score by the
 * root-mean variance of the kept components (the geometry is kept, so small noise components stay
 * small); "component" whitens each to unit variance.
 */
function scaling(pca: Pca, mode: "global" | "component"): Float64Array {
  const floor = 1e-12 * Math.max(pca.totalVariance, 1e-300) + 1e-300;
  if (mode === "component") return pca.explainedVariance.map((v) => 1 / Math.sqrt(Math.max(v, floor)));
  let mean = 0;
  for (const v of pca.explainedVariance) mean += v / pca.k;
  return new Float64Array(pca.k).fill(1 / Math.sqrt(Math.max(mean, floor)));
}

/** Evenly spaced rows so that at most `max` remain (deterministic). */
function subsample<T>(rows: T[], max: number): T[] {
  if (rows.length <= max) return rows.slice();
  const step = rows.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(rows[Math.floor(i * step)]!);
  return out;
}
