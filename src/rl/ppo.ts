/**
 * Proximal Policy Optimisation with clipped surrogate objective and GAE, for discrete actions,
 * on tfjs (the wasm backend by default). Reads top to bottom like CleanRL's `ppo.py`
 * (Huang et al. 2022): config, defaults, derived sizes, networks, then the loop: rollout,
 * advantages, update, logging.
 *
 * What it implements, with the numbering of "The 37 implementation details of PPO"
 * (Huang, Dossa, Raffin, Kanervisto & Wang, ICLR blog track 2022):
 * vectorised envs (1), orthogonal init with zero biases (2), Adam eps 1e-5 (3), linear LR
 * annealing (4), GAE (5), minibatch epochs (6), per-minibatch advantage normalisation (7),
 * clipped surrogate (8), clipped value loss (9), entropy bonus (10), global gradient clipping (11),
 * the debug variables (12: approxKl, clipfrac, explained variance), separate actor and critic
 * networks (13), optional observation normalisation and KL early stopping (targetKl).
 *
 * Performance (measured on the 2-core machine, wasm backend, 64-64 networks, minibatches of 128,
 * where each tfjs kernel launch costs ~5-10 us and dominates):
 * - rollouts use one batched forward pass for all envs per step, in plain JavaScript over
 *   Float32Array copies of the weights refreshed after every update (`rolloutForward: "js"`, the
 *   default; 1.6-1.7x the training throughput of one batched tfjs call per step, `"tfjs"`);
 * - the networks are `TfMlp`s (nets.ts): one flat `tf.variable` each and a hand-written backward
 *   pass, trained with `tf.variableGrads`, global-norm clipping and `tf.train.adam`;
 * - the PPO loss and its gradient with respect to logits and values are computed on the CPU
 *   (`ppoLoss`, checked against tfjs autodiff in the tests), and tfjs back-propagates that
 *   gradient through the networks: ~40% less time per minibatch than the same loss in tfjs ops.
 *
 * Determinism: everything random comes from one `Rng(seed)` split into named streams (network
 * init, action sampling, minibatch shuffles, env seeds); no tfjs op samples. With the same seed
 * and backend, training is bit-for-bit repeatable (tested on cpu and wasm).
 *
 * @example
 * await initTf();
 * const env = new VecCartPole({ numEnvs: 4 });
 * const { policy, log } = await trainPpo(env, { totalTimesteps: 500_000, seed: 1 });
 * const a = policy.act(obs, { deterministic: true });
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, deriveSeed } from "../core/rng.js";
import { activeBackend, initTf } from "../core/tf.js";
import { ConstantLr, LinearAnnealLr } from "./lrSchedules.js";
import type { LrSchedule } from "./lrSchedules.js";
import { TfMlp, cloneMlpWeights, initMlpWeights, mlpForward } from "./nets.js";
import type { MlpWeights } from "./nets.js";
import { PpoPolicy, sampleCategorical } from "./ppoPolicy.js";
import { RunningMeanStd } from "./runningStats.js";
import { assertVecEnv } from "./vecEnv.js";
import type { VecEnv } from "./vecEnv.js";

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/** PPO hyperparameters, in the vocabulary of Schulman et al. (2017) and CleanRL's `ppo.py`. */
export interface PpoConfig {
  /** Total environment steps to train for, summed over all envs (T_total). [500000] */
  totalTimesteps: number;
  /** Adam step size alpha; the initial value when annealed or adapted. [2.5e-4] */
  learningRate: number;
  /** Linearly anneal the learning rate to 0 over the run (ignored when an `lrSchedule` is given). [true] */
  annealLr: boolean;
  /** Number of parallel environments N (actors); must equal the VecEnv's `numEnvs`. [env.numEnvs] */
  numEnvs: number;
  /** Steps per environment per rollout (the horizon T); a rollout holds numEnvs * numSteps steps. [128] */
  numSteps: number;
  /** Discount factor gamma. [0.99] */
  gamma: number;
  /** GAE's lambda (Schulman et al. 2016): 0 gives one-step TD advantages, 1 Monte-Carlo ones. [0.95] */
  gaeLambda: number;
  /** Number of minibatches each rollout is split into per epoch; must divide numEnvs * numSteps. [4] */
  numMinibatches: number;
  /** Number of passes K over each rollout. [4] */
  updateEpochs: number;
  /** Normalise advantages per minibatch to zero mean and unit standard deviation. [true] */
  normAdv: boolean;
  /** Surrogate clipping coefficient epsilon (the ratio is clipped to [1 - eps, 1 + eps]). [0.2] */
  clipCoef: number;
  /** Clip the value loss around the rollout's values with the same epsilon (Huang et al. detail 9). [true] */
  clipVloss: boolean;
  /** Entropy bonus coefficient c2. [0.01] */
  entCoef: number;
  /** Value loss coefficient c1. [0.5] */
  vfCoef: number;
  /** Maximum global L2 norm of the gradient; larger gradients are rescaled to it. [0.5] */
  maxGradNorm: number;
  /** Stop an update's epochs early once the approximate KL exceeds this; null disables. [null] */
  targetKl: number | null;
  /** Normalise observations with running mean/variance (clipped to +-10). [false, as CleanRL for CartPole] */
  normObs: boolean;
  /** Hidden layer sizes of the actor and of the (separate) critic; tanh activations. [[64, 64]] */
  hiddenSizes: number[];
  /** Adam's epsilon (1e-5 as CleanRL, not the 1e-8 default; Huang et al. detail 3). [1e-5] */
  adamEps: number;
  /** Seed of everything random: network init, action sampling, minibatch shuffles, env resets. [1] */
  seed: number;
  /** Rollout forward pass: "js" (hand-written, over weight copies) or "tfjs" (one batched tfjs call per step). ["js"] */
  rolloutForward: "js" | "tfjs";
}

/** CleanRL's `ppo.py` defaults for classic control (numEnvs is taken from the env). */
export const DEFAULT_PPO_CONFIG: Readonly<PpoConfig> = Object.freeze({
  totalTimesteps: 500_000,
  learningRate: 2.5e-4,
  annealLr: true,
  numEnvs: 4,
  numSteps: 128,
  gamma: 0.99,
  gaeLambda: 0.95,
  numMinibatches: 4,
  updateEpochs: 4,
  normAdv: true,
  clipCoef: 0.2,
  clipVloss: true,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  targetKl: null,
  normObs: false,
  hiddenSizes: [64, 64],
  adamEps: 1e-5,
  seed: 1,
  rolloutForward: "js",
});

/**
 * Fill defaults and validate a partial config against `env`.
 * @throws Error naming the first field that is out of range or inconsistent.
 */
export function resolvePpoConfig(config: Partial<PpoConfig>, env: Pick<VecEnv, "numEnvs">): PpoConfig {
  for (const key of Object.keys(config)) {
    if (!(key in DEFAULT_PPO_CONFIG)) throw new Error(`PpoConfig: unknown field "${key}"`);
  }
  if (config.numEnvs !== undefined && config.numEnvs !== env.numEnvs) {
    throw new Error(`PpoConfig.numEnvs (${config.numEnvs}) differs from the env's numEnvs (${env.numEnvs})`);
  }
  const c: PpoConfig = { ...DEFAULT_PPO_CONFIG, hiddenSizes: [...DEFAULT_PPO_CONFIG.hiddenSizes], ...config, numEnvs: env.numEnvs };
  const bad = (field: keyof PpoConfig, rule: string): never => {
    throw new Error(`PpoConfig.${field} must be ${rule}, got ${JSON.stringify(c[field])}`);
  };
  const posInt = (f: "totalTimesteps" | "numSteps" | "numMinibatches" | "updateEpochs") => {
    if (!Number.isInteger(c[f]) || c[f] <= 0) bad(f, "a positive integer");
  };
  posInt("totalTimesteps");
  posInt("numSteps");
  posInt("numMinibatches");
  posInt("updateEpochs");
  if (!(c.learningRate > 0 && Number.isFinite(c.learningRate))) bad("learningRate", "a positive number");
  if (!(c.gamma >= 0 && c.gamma <= 1)) bad("gamma", "in [0, 1]");
  if (!(c.gaeLambda >= 0 && c.gaeLambda <= 1)) bad("gaeLambda", "in [0, 1]");
  if (!(c.clipCoef > 0)) bad("clipCoef", "> 0");
  if (!(c.entCoef >= 0)) bad("entCoef", ">= 0");
  if (!(c.vfCoef >= 0)) bad("vfCoef", ">= 0");
  if (!(c.maxGradNorm > 0)) bad("maxGradNorm", "> 0");
  if (c.targetKl !== null && !(c.targetKl > 0)) bad("targetKl", "null or > 0");
  if (!(c.adamEps > 0)) bad("adamEps", "> 0");
  if (!Number.isFinite(c.seed)) bad("seed", "a finite number");
  if (!Array.isArray(c.hiddenSizes) || c.hiddenSizes.some((h) => !Number.isInteger(h) || h <= 0)) {
    bad("hiddenSizes", "an array of positive integers");
  }
  if (c.rolloutForward !== "js" && c.rolloutForward !== "tfjs") bad("rolloutForward", '"js" or "tfjs"');
  const batchSize = c.numEnvs * c.numSteps;
  if (batchSize % c.numMinibatches !== 0) {
    bad("numMinibatches", `a divisor of numEnvs * numSteps (${batchSize})`);
  }
  if (c.totalTimesteps < batchSize) bad("totalTimesteps", `at least one rollout, numEnvs * numSteps = ${batchSize}`);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Logging and callbacks
// ---------------------------------------------------------------------------------------------

/**
 * Training metrics by name; `x` is the global env step at which each value was recorded.
 *
 * - `charts/episodicReturn`: undiscounted return of each completed episode (from the env's
 *   `episodeReturns` when it reports them, else the sum of its rewards).
 * - `charts/episodicLength`: length in steps of each completed episode.
 * - `charts/learningRate`: Adam step size used by the iteration's update.
 * - `charts/rolloutReward`: mean reward per env-step of the iteration's rollout; the R(t) passed
 *   to the learning-rate schedule.
 * - `charts/sps`: env-steps per second since training started, wall clock (not deterministic).
 * - `perf/rolloutMs`, `perf/updateMs`: wall-clock milliseconds of the iteration's rollout (env
 *   steps, forward passes, GAE) and of its update (gradient steps, weight read-back); not deterministic.
 * - `charts/updateEpochs`: epochs the update ran (fewer than `updateEpochs` after a KL stop).
 * - `losses/policyLoss`: clipped surrogate loss -L^CLIP of the last minibatch.
 * - `losses/valueLoss`: (clipped) value loss of the last minibatch, 0.5 * mean squared error.
 * - `losses/entropy`: mean entropy of the policy over the last minibatch (nats).
 * - `losses/oldApproxKl`: mean(-log r) over the last minibatch, the naive KL estimator.
 * - `losses/approxKl`: mean((r - 1) - log r) over the last minibatch, the unbiased low-variance
 *   KL(old || new) estimator (Schulman 2020, "Approximating KL divergence"); r is the
 *   probability ratio new/old.
 * - `losses/clipfrac`: fraction of samples with |r - 1| > clipCoef, mean over all minibatches.
 * - `losses/gradNorm`: global gradient norm before clipping, mean over all minibatches.
 * - `losses/explainedVariance`: 1 - Var(returns - values) / Var(returns) over the rollout; 1 is a
 *   perfect critic, <= 0 one no better than a constant (NaN if the returns are constant).
 */
export type PpoLog = Record<string, { x: number[]; y: number[] }>;

/** One completed episode, passed to `onEpisode`. */
export interface PpoEpisodeInfo {
  globalStep: number;
  envIndex: number;
  episodicReturn: number;
  episodicLength: number;
}

/** The state after one iteration (rollout + update), passed to `onIteration`. */
export interface PpoIterationInfo {
  /** 1-based iteration number. */
  iteration: number;
  numIterations: number;
  globalStep: number;
  /** The latest value of every per-iteration metric (see {@link PpoLog}). */
  metrics: Record<string, number>;
  /** A snapshot of the current policy (computed on demand). */
  policy(): PpoPolicy;
}

/** Callbacks; returning `false` (or a promise of false) stops training. */
export interface PpoCallbacks {
  /** After each completed episode; `false` stops at once, discarding the unfinished rollout. */
  onEpisode?(info: PpoEpisodeInfo): boolean | void;
  /** After each iteration's update; `false` stops training after it. */
  onIteration?(info: PpoIterationInfo): boolean | void | Promise<boolean | void>;
}

/** Options of {@link trainPpo} that are not hyperparameters. */
export interface PpoOptions {
  callbacks?: PpoCallbacks;
  /**
   * Learning-rate schedule queried once per update with the rollout's mean reward (e.g. an
   * `AdaptiveLr`); overrides `learningRate`/`annealLr`. [LinearAnnealLr or ConstantLr from config]
   */
  lrSchedule?: LrSchedule;
}

/** What {@link trainPpo} returns. */
export interface PpoResult {
  /** The trained policy (plain JS; no tensors to dispose). */
  policy: PpoPolicy;
  log: PpoLog;
  /** The resolved configuration. */
  config: PpoConfig;
  globalStep: number;
  iterations: number;
  /** True when a callback stopped training before `totalTimesteps`. */
  stoppedByCallback: boolean;
  wallTimeSec: number;
  backend: string;
}

// ---------------------------------------------------------------------------------------------
// Advantages
// ---------------------------------------------------------------------------------------------

/**
 * Generalised advantage estimation (Schulman et al. 2016, "High-dimensional continuous control
 * using generalized advantage estimation", eq. 16), computed backwards over a rollout stored
 * row-major as `[numSteps][numEnvs]`:
 *
 *   delta_t = r_t + gamma V(s_{t+1}) (1 - end_t) - V(s_t)
 *   A_t     = delta_t + gamma lambda (1 - end_t) A_{t+1}
 *   V_targ_t = A_t + V(s_t)   (the value-function target, "returns")
 *
 * `ends[t]` is 1 when step t ended its episode (terminated or truncated), so nothing flows across
 * episode boundaries; a truncated step's bootstrap value is expected to be folded into its reward
 * already (`r + gamma V(s_final)`). `nextValues` are V of the observations after the last step.
 * Writes `advantages` and `returns` (same length as `rewards`).
 * @throws Error if the array lengths disagree.
 */
export function computeGae(
  rewards: ArrayLike<number>,
  values: ArrayLike<number>,
  ends: ArrayLike<number>,
  nextValues: ArrayLike<number>,
  numEnvs: number,
  gamma: number,
  gaeLambda: number,
  advantages: Float32Array,
  returns: Float32Array,
): void {
  const n = rewards.length;
  if (values.length !== n || ends.length !== n || advantages.length !== n || returns.length !== n || n % numEnvs !== 0) {
    throw new Error(`computeGae: rewards, values, ends, advantages and returns must all have numSteps x numEnvs (${n}) entries`);
  }
  if (nextValues.length !== numEnvs) throw new Error(`computeGae: nextValues must have numEnvs (${numEnvs}) entries`);
  const T = n / numEnvs;
  const lastGae = new Float64Array(numEnvs);
  for (let t = T - 1; t >= 0; t--) {
    const row = t * numEnvs;
    for (let i = 0; i < numEnvs; i++) {
      const nonTerminal = 1 - ends[row + i]!;
      const vNext = t === T - 1 ? nextValues[i]! : values[row + numEnvs + i]!;
      const delta = rewards[row + i]! + gamma * vNext * nonTerminal - values[row + i]!;
      lastGae[i] = delta + gamma * gaeLambda * nonTerminal * lastGae[i]!;
      advantages[row + i] = lastGae[i]!;
      returns[row + i] = lastGae[i]! + values[row + i]!;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Loss
// ---------------------------------------------------------------------------------------------

/** One minibatch, as `ppoLoss` reads it (row k of every array is sample k). */
export interface PpoLossInput {
  /** Policy logits pi_theta, `M * numActions`. */
  logits: ArrayLike<number>;
  /** Value estimates V_theta(s), `M`. */
  values: ArrayLike<number>;
  /** Actions taken, `M`. */
  actions: ArrayLike<number>;
  /** log pi_theta_old(a|s) recorded in the rollout, `M`. */
  oldLogProbs: ArrayLike<number>;
  /** Advantage estimates A_t (already normalised if `normAdv`), `M`. */
  advantages: ArrayLike<number>;
  /** Value targets V_targ = A + V_old (GAE returns), `M`. */
  returns: ArrayLike<number>;
  /** Values recorded in the rollout, `M` (for the clipped value loss). */
  oldValues: ArrayLike<number>;
}

/** The loss terms of one minibatch (the `losses/` metrics of {@link PpoLog}). */
export interface PpoLossTerms {
  /** -L^CLIP + c1 L^VF - c2 S. */
  loss: number;
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  oldApproxKl: number;
  approxKl: number;
  clipfrac: number;
}

/**
 * The PPO loss of a minibatch and its gradient with respect to the logits and the values,
 * term by term (Schulman et al. 2017, "Proximal policy optimization algorithms"):
 *
 *   r = exp(log pi(a|s) - log pi_old(a|s))                                    (probability ratio)
 *   L^CLIP = mean(min(r A, clip(r, 1 - eps, 1 + eps) A))                      (eq. 7)
 *   L^VF   = 0.5 mean(max((V - V_targ)^2, (V_old + clip(V - V_old, -eps, eps) - V_targ)^2))
 *            (clipped, Huang et al. 2022 detail 9; 0.5 mean (V - V_targ)^2 unclipped)
 *   S      = mean(-sum_j p_j log p_j)                                         (entropy bonus)
 *   loss   = -L^CLIP + c1 L^VF - c2 S                                         (eq. 9, minimised)
 *
 * Gradients (per sample k, p = softmax(logits), H its entropy, M the minibatch size):
 *   d(-L^CLIP)/d logit_j = g_k r_k (1[j = a_k] - p_j), g_k = -A_k / M where the unclipped term
 *     is the active one (r inside the clip range, or outside it on the side that lowers the
 *     objective), else 0 (the clipped term does not depend on r);
 *   d(-S)/d logit_j = p_j (log p_j + H) / M;
 *   d L^VF / d V_k = (V_k - V_targ_k) / M where the unclipped squared error is the larger, else 0.
 * Computed in float64 on the CPU: a few hundred numbers per minibatch, where the same math as
 * tfjs ops would cost ~100 kernel launches (forward and backward) of ~5 us each on wasm.
 * The tfjs networks then back-propagate `dLogits` and `dValues` (see `trainPpo`).
 * Ties between the two branches of max/min go to the unclipped one (as tfjs' `maximum`).
 *
 * @returns the loss terms; `dLogits` (`M * numActions`) and `dValues` (`M`) are written in place.
 */
export function ppoLoss(
  b: PpoLossInput,
  hp: { numActions: number; clipCoef: number; entCoef: number; vfCoef: number; clipVloss: boolean },
  dLogits: Float32Array,
  dValues: Float32Array,
): PpoLossTerms {
  const M = b.values.length;
  const A = hp.numActions;
  const eps = hp.clipCoef;
  let policyLoss = 0;
  let valueLoss = 0;
  let entropy = 0;
  let oldApproxKl = 0;
  let approxKl = 0;
  let clipped = 0;
  const logp = new Float64Array(A);
  for (let k = 0; k < M; k++) {
    const o = k * A;
    // log pi(.|s) by a stable log-softmax, and the entropy H = -sum p log p.
    let max = -Infinity;
    for (let j = 0; j < A; j++) max = Math.max(max, b.logits[o + j]!);
    let sum = 0;
    for (let j = 0; j < A; j++) sum += Math.exp(b.logits[o + j]! - max);
    const logZ = max + Math.log(sum);
    let H = 0;
    for (let j = 0; j < A; j++) {
      logp[j] = b.logits[o + j]! - logZ;
      H -= Math.exp(logp[j]!) * logp[j]!;
    }
    entropy += H;
    // Probability ratio r = pi(a|s) / pi_old(a|s).
    const a = b.actions[k]!;
    const logRatio = logp[a]! - b.oldLogProbs[k]!;
    const r = Math.exp(logRatio);
    oldApproxKl += -logRatio;
    approxKl += r - 1 - logRatio;
    if (Math.abs(r - 1) > eps) clipped++;
    // Clipped surrogate (eq. 7), as a loss: max(-A r, -A clip(r, 1-eps, 1+eps)).
    const adv = b.advantages[k]!;
    const rc = Math.min(Math.max(r, 1 - eps), 1 + eps);
    const unclippedActive = -adv * r >= -adv * rc;
    policyLoss += unclippedActive ? -adv * r : -adv * rc;
    const gR = unclippedActive ? -adv / M : 0; // d(-L^CLIP)/dr
    for (let j = 0; j < A; j++) {
      const p = Math.exp(logp[j]!);
      const dPolicy = gR * r * ((j === a ? 1 : 0) - p); // dr/dlogit_j = r (1[j=a] - p_j)
      const dEntropy = (p * (logp[j]! + H)) / M; // d(-H/M)/dlogit_j
      dLogits[o + j] = dPolicy + hp.entCoef * dEntropy;
    }
    // Value loss, optionally clipped around the rollout's value.
    const v = b.values[k]!;
    const target = b.returns[k]!;
    const errUnclipped = (v - target) ** 2;
    let dV = (v - target) / M;
    let err = errUnclipped;
    if (hp.clipVloss) {
      const vOld = b.oldValues[k]!;
      const vClipped = vOld + Math.min(Math.max(v - vOld, -eps), eps);
      const errClipped = (vClipped - target) ** 2;
      if (errClipped > errUnclipped) {
        err = errClipped;
        dV = 0; // the clipped branch is flat in V
      }
    }
    valueLoss += 0.5 * err;
    dValues[k] = hp.vfCoef * dV;
  }
  policyLoss /= M;
  valueLoss /= M;
  entropy /= M;
  return {
    loss: policyLoss - hp.entCoef * entropy + hp.vfCoef * valueLoss,
    policyLoss,
    valueLoss,
    entropy,
    oldApproxKl: oldApproxKl / M,
    approxKl: approxKl / M,
    clipfrac: clipped / M,
  };
}

// ---------------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------------

/**
 * Train a PPO agent on `env` (see the module doc). The env's copies are reset with a seed derived
 * from `config.seed`. All tfjs memory it allocates is released before it returns.
 * @throws Error from {@link resolvePpoConfig} on a bad config, or if the env breaks its contract
 *   (wrong array lengths).
 */
export async function trainPpo(env: VecEnv, config: Partial<PpoConfig> = {}, options: PpoOptions = {}): Promise<PpoResult> {
  await initTf();
  assertVecEnv(env);
  const cfg = resolvePpoConfig(config, env);
  const callbacks = options.callbacks ?? {};

  // Derived sizes, computed once.
  const N = env.numEnvs;
  const D = env.obsDim;
  const A = env.numActions;
  const T = cfg.numSteps;
  const batchSize = N * T;
  const minibatchSize = batchSize / cfg.numMinibatches;
  const numIterations = Math.floor(cfg.totalTimesteps / batchSize);

  // Seeding: one Rng, split into independent named streams.
  const rng = new Rng(cfg.seed);
  const actionRng = rng.split("actions");
  const shuffleRng = rng.split("minibatches");
  const initRng = rng.split("init");

  // Networks: separate actor and critic MLPs (Huang et al. detail 13); policy head gain 0.01 so
  // the initial policy is near uniform, value head gain 1 (detail 2).
  const actorInit = initMlpWeights({ inputDim: D, hiddenSizes: cfg.hiddenSizes, outputDim: A, outputGain: 0.01 }, initRng.split("actor"));
  const criticInit = initMlpWeights({ inputDim: D, hiddenSizes: cfg.hiddenSizes, outputDim: 1, outputGain: 1 }, initRng.split("critic"));
  const actor = new TfMlp(actorInit);
  const critic = new TfMlp(criticInit);
  const varList = [...actor.variables, ...critic.variables];
  // Copies the rollouts act with, refreshed after every update.
  const actorW: MlpWeights = cloneMlpWeights(actorInit);
  const criticW: MlpWeights = cloneMlpWeights(criticInit);
  const optimizer = tf.train.adam(cfg.learningRate, 0.9, 0.999, cfg.adamEps);
  const lrSchedule =
    options.lrSchedule ??
    (cfg.annealLr ? new LinearAnnealLr({ initialLr: cfg.learningRate, totalUpdates: numIterations }) : new ConstantLr(cfg.learningRate));
  const obsRms = cfg.normObs ? new RunningMeanStd(D) : null;

  // Rollout storage, row index t * N + i.
  const obsBuf = new Float32Array(batchSize * D);
  const actBuf = new Int32Array(batchSize);
  const logpBuf = new Float32Array(batchSize);
  const rewBuf = new Float32Array(batchSize);
  /** 1 if the step ended its episode (terminated or truncated): GAE does not cross it. */
  const endBuf = new Uint8Array(batchSize);
  const valBuf = new Float32Array(batchSize);
  const advBuf = new Float32Array(batchSize);
  const retBuf = new Float32Array(batchSize);
  // Minibatch staging.
  const mbObs = new Float32Array(minibatchSize * D);
  const mbAct = new Int32Array(minibatchSize);
  const mbLogp = new Float32Array(minibatchSize);
  const mbAdv = new Float32Array(minibatchSize);
  const mbRet = new Float32Array(minibatchSize);
  const mbVal = new Float32Array(minibatchSize);
  const mbDLogits = new Float32Array(minibatchSize * A);
  const mbDValues = new Float32Array(minibatchSize);

  const log: PpoLog = {};
  const record = (name: string, x: number, y: number) => {
    const s = (log[name] ??= { x: [], y: [] });
    s.x.push(x);
    s.y.push(y);
  };

  /** Normalise a batch of raw observations (updating the running statistics when `learn`). */
  const prepareObs = (raw: Float32Array, learn: boolean): Float32Array => {
    for (let k = 0; k < raw.length; k++) {
      if (!Number.isFinite(raw[k]!)) {
        throw new Error(
          `trainPpo: the env returned a non-finite observation (${raw[k]}) at env ${Math.floor(k / D)}, index ${k % D}; ` +
            "replace NaN before training (adaptVecEnv's nanValue does)",
        );
      }
    }
    if (!obsRms) return raw;
    if (learn) obsRms.update(raw);
    return obsRms.normalize(raw);
  };
  /** Policy logits and values for `n` prepared observations: one batched forward pass each. */
  const forward = (obs: Float32Array, n: number): { logits: Float32Array; values: Float32Array } => {
    if (cfg.rolloutForward === "js") {
      return { logits: mlpForward(actorW, obs, n), values: mlpForward(criticW, obs, n) };
    }
    return tf.tidy(() => {
      const x = tf.tensor2d(obs, [n, D]);
      return { logits: actor.apply(x).dataSync() as Float32Array, values: critic.apply(x).dataSync() as Float32Array };
    });
  };
  const snapshotPolicy = (): PpoPolicy =>
    new PpoPolicy(
      {
        actor: actorW,
        critic: criticW,
        obsNorm: obsRms ? { mean: Array.from(obsRms.mean), var: Array.from(obsRms.var), clip: obsRms.clip } : null,
      },
      { seed: deriveSeed(cfg.seed, "policy") },
    );

  /**
   * One gradient step on a minibatch (the staging arrays); returns the loss terms.
   *
   * The networks run forward in tfjs; `ppoLoss` computes the loss of eq. 9 and its gradient with
   * respect to the logits and values on the CPU; the surrogate sum(logits * dLogits) +
   * sum(values * dValues), with the two gradients held constant, then has exactly the loss's
   * gradient with respect to the parameters, which tfjs back-propagates through the networks.
   */
  const updateMinibatch = (lr: number): PpoLossTerms & { gradNorm: number } => {
    // tfjs' Adam reads its (typed as protected) `learningRate` field at every applyGradients,
    // so setting it is how a schedule drives the step size without rebuilding the optimiser.
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
    let terms: PpoLossTerms | null = null;
    const gradNormT = tf.tidy(() => {
      const obs = tf.tensor2d(mbObs, [minibatchSize, D]);
      const { grads } = tf.variableGrads(() => {
        const logits = actor.apply(obs);
        const values = critic.apply(obs);
        terms = ppoLoss(
          { logits: logits.dataSync(), values: values.dataSync(), actions: mbAct, oldLogProbs: mbLogp, advantages: mbAdv, returns: mbRet, oldValues: mbVal },
          { numActions: A, clipCoef: cfg.clipCoef, entCoef: cfg.entCoef, vfCoef: cfg.vfCoef, clipVloss: cfg.clipVloss },
          mbDLogits,
          mbDValues,
        );
        const dLogits = tf.tensor2d(mbDLogits, [minibatchSize, A]);
        const dValues = tf.tensor2d(mbDValues, [minibatchSize, 1]);
        return tf.add(tf.sum(tf.mul(logits, dLogits)), tf.sum(tf.mul(values, dValues))) as tf.Scalar;
      }, varList);
      // Global gradient-norm clipping (Huang et al. detail 11): g <- g * min(1, maxNorm / (||g|| + 1e-6)).
      const gradNorm = tf.sqrt(tf.addN(varList.map((v) => tf.sum(tf.square(grads[v.name]!)))));
      const scale = tf.minimum(1, tf.div(cfg.maxGradNorm, tf.add(gradNorm, 1e-6)));
      optimizer.applyGradients(varList.map((v) => ({ name: v.name, tensor: tf.mul(grads[v.name]!, scale) })));
      return gradNorm;
    });
    const gradNorm = gradNormT.dataSync()[0]!;
    gradNormT.dispose();
    return { ...terms!, gradNorm };
  };

  const start = Date.now();
  let globalStep = 0;
  let completedIterations = 0;
  let stoppedByCallback = false;
  const episodeReturn = new Float64Array(N);
  const episodeLength = new Int32Array(N);

  try {
    let nextObs = prepareObs(env.reset({ seed: deriveSeed(cfg.seed, "env") }), true);
    if (nextObs.length !== N * D) throw new Error(`VecEnv.reset returned ${nextObs.length} values, expected numEnvs x obsDim = ${N * D}`);

    for (let iteration = 1; iteration <= numIterations; iteration++) {
      // ---- Rollout: numSteps steps of all N envs, one batched forward pass per step. ----
      const rolloutStart = performance.now();
      let rewardSum = 0;
      for (let t = 0; t < T; t++) {
        globalStep += N;
        const row = t * N;
        obsBuf.set(nextObs, row * D);
        const { logits, values } = forward(nextObs, N);
        const actions = new Int32Array(N);
        for (let i = 0; i < N; i++) {
          const s = sampleCategorical(logits, i * A, A, actionRng.next());
          actions[i] = s.action;
          actBuf[row + i] = s.action;
          logpBuf[row + i] = s.logProb;
          valBuf[row + i] = values[i]!;
        }
        const res = env.step(actions);
        if (res.obs.length !== N * D || res.reward.length !== N) {
          throw new Error(`VecEnv.step returned obs of ${res.obs.length} / reward of ${res.reward.length} values, expected ${N * D} / ${N}`);
        }
        // Bootstrap on truncation: a time limit is not part of the task, so the value of the
        // state where the episode was cut is added to the last reward, r + gamma V(s_final)
        // (Pardo et al. 2018; SB3's handling). Terminated steps get no bootstrap. Without
        // `finalObs` truncation is treated as termination.
        let truncRows: number[] | null = null;
        for (let i = 0; i < N; i++) {
          rewBuf[row + i] = res.reward[i]!;
          rewardSum += res.reward[i]!;
          endBuf[row + i] = res.terminated[i]! || res.truncated[i]! ? 1 : 0;
          if (res.truncated[i] && !res.terminated[i] && res.finalObs) (truncRows ??= []).push(i);
        }
        if (truncRows) {
          const fin = new Float32Array(truncRows.length * D);
          truncRows.forEach((i, k) => fin.set(res.finalObs!.subarray(i * D, (i + 1) * D), k * D));
          const finalValues = forward(prepareObs(fin, false), truncRows.length).values;
          truncRows.forEach((i, k) => (rewBuf[row + i] = rewBuf[row + i]! + cfg.gamma * finalValues[k]!));
        }
        // Episode bookkeeping and the onEpisode callback.
        for (let i = 0; i < N; i++) {
          episodeReturn[i] = episodeReturn[i]! + res.reward[i]!;
          episodeLength[i]!++;
          if (!endBuf[row + i]) continue;
          const envReturn = res.episodeReturns?.[i];
          const envLength = res.episodeLengths?.[i];
          const info: PpoEpisodeInfo = {
            globalStep,
            envIndex: i,
            episodicReturn: envReturn !== undefined && Number.isFinite(envReturn) ? envReturn : episodeReturn[i]!,
            episodicLength: envLength ? envLength : episodeLength[i]!,
          };
          episodeReturn[i] = 0;
          episodeLength[i] = 0;
          record("charts/episodicReturn", globalStep, info.episodicReturn);
          record("charts/episodicLength", globalStep, info.episodicLength);
          if (callbacks.onEpisode && callbacks.onEpisode(info) === false) stoppedByCallback = true;
        }
        if (stoppedByCallback) break;
        nextObs = prepareObs(res.obs, true);
      }
      if (stoppedByCallback) break;

      // ---- Advantages: GAE (Schulman et al. 2016, eq. 16), computed backwards. ----
      computeGae(rewBuf, valBuf, endBuf, forward(nextObs, N).values, N, cfg.gamma, cfg.gaeLambda, advBuf, retBuf);

      // ---- Update: updateEpochs passes over shuffled minibatches. ----
      const updateStart = performance.now();
      const rolloutReward = rewardSum / batchSize;
      const lr = lrSchedule.next(rolloutReward);
      const inds = Array.from({ length: batchSize }, (_, k) => k);
      let last: (PpoLossTerms & { gradNorm: number }) | null = null;
      let clipfracSum = 0;
      let gradNormSum = 0;
      let minibatches = 0;
      let epochsRun = 0;
      for (let epoch = 0; epoch < cfg.updateEpochs; epoch++) {
        shuffleRng.shuffle(inds);
        for (let mb = 0; mb < cfg.numMinibatches; mb++) {
          let advMean = 0;
          for (let k = 0; k < minibatchSize; k++) {
            const j = inds[mb * minibatchSize + k]!;
            mbObs.set(obsBuf.subarray(j * D, (j + 1) * D), k * D);
            mbAct[k] = actBuf[j]!;
            mbLogp[k] = logpBuf[j]!;
            mbAdv[k] = advBuf[j]!;
            mbRet[k] = retBuf[j]!;
            mbVal[k] = valBuf[j]!;
            advMean += advBuf[j]!;
          }
          if (cfg.normAdv) {
            // Per-minibatch advantage normalisation (Huang et al. detail 7), unbiased std as torch.
            advMean /= minibatchSize;
            let ss = 0;
            for (let k = 0; k < minibatchSize; k++) ss += (mbAdv[k]! - advMean) ** 2;
            const std = Math.sqrt(ss / Math.max(1, minibatchSize - 1));
            for (let k = 0; k < minibatchSize; k++) mbAdv[k] = (mbAdv[k]! - advMean) / (std + 1e-8);
          }
          last = updateMinibatch(lr);
          clipfracSum += last.clipfrac;
          gradNormSum += last.gradNorm;
          minibatches++;
        }
        epochsRun++;
        // KL early stopping after an epoch, as CleanRL (on the last minibatch's approxKl).
        if (cfg.targetKl !== null && last!.approxKl > cfg.targetKl) break;
      }
      actor.read(actorW);
      critic.read(criticW);
      const updateEnd = performance.now();

      // ---- Logging. ----
      let meanRet = 0;
      for (let k = 0; k < batchSize; k++) meanRet += retBuf[k]!;
      meanRet /= batchSize;
      let varRet = 0;
      let meanErr = 0;
      for (let k = 0; k < batchSize; k++) meanErr += retBuf[k]! - valBuf[k]!;
      meanErr /= batchSize;
      let varErr = 0;
      for (let k = 0; k < batchSize; k++) {
        varRet += (retBuf[k]! - meanRet) ** 2;
        varErr += (retBuf[k]! - valBuf[k]! - meanErr) ** 2;
      }
      const explainedVariance = varRet === 0 ? NaN : 1 - varErr / varRet;
      const sps = globalStep / Math.max(1e-9, (Date.now() - start) / 1000);
      const metrics: Record<string, number> = {
        "charts/learningRate": lr,
        "charts/rolloutReward": rolloutReward,
        "charts/sps": sps,
        "charts/updateEpochs": epochsRun,
        "perf/rolloutMs": updateStart - rolloutStart,
        "perf/updateMs": updateEnd - updateStart,
        "losses/policyLoss": last!.policyLoss,
        "losses/valueLoss": last!.valueLoss,
        "losses/entropy": last!.entropy,
        "losses/oldApproxKl": last!.oldApproxKl,
        "losses/approxKl": last!.approxKl,
        "losses/clipfrac": clipfracSum / minibatches,
        "losses/gradNorm": gradNormSum / minibatches,
        "losses/explainedVariance": explainedVariance,
      };
      for (const [k, v] of Object.entries(metrics)) record(k, globalStep, v);
      completedIterations = iteration;
      if (callbacks.onIteration) {
        const cont = await callbacks.onIteration({ iteration, numIterations, globalStep, metrics, policy: snapshotPolicy });
        if (cont === false) {
          stoppedByCallback = true;
          break;
        }
      }
    }
    return {
      policy: snapshotPolicy(),
      log,
      config: cfg,
      globalStep,
      iterations: completedIterations,
      stoppedByCallback,
      wallTimeSec: (Date.now() - start) / 1000,
      backend: activeBackend(),
    };
  } finally {
    actor.dispose();
    critic.dispose();
    optimizer.dispose();
  }
}
