/**
 * HASH (Hybrid Anomaly detection & Stable Health): the PPO controller over the deployment
 * simulator, its training, and the "detector + runbook" controller used as the no-RL ablation.
 *
 * - State: HASH's observation (hashObservation.ts): recent anomaly scores of the hybrid detector
 *   (EWMA + VAE, one per monitored metric), recent metrics, utilisation, the model's internal
 *   statistics, the configuration and the last action.
 * - Actions: the six of the paper (layout.ts ACTION 0-5): increase batch size, decrease batch size,
 *   scale up, scale down, shift traffic to model B, maintain.
 * - Reward (computed by the simulator): R = w1(-dLatency) + w2(dThroughput) + w3(-dError)
 *   + w4(-ResourceCost). The deltas telescope over an episode (config.ts), so persistent SLA
 *   breaches cost nothing under the paper's formula alone; HASH's defaults here add the simulator's
 *   optional `sla` term (-1 per cycle outside the SLA) and `catastrophe` term. This is a documented
 *   deviation from the paper (`DEFAULT_HASH_REWARD`), switchable in the config.
 * - Learning: PPO with the clipped surrogate objective (Schulman, Wolski, Dhariwal, Radford &
 *   Klimov 2017, "Proximal Policy Optimization Algorithms", arXiv:1707.06347), `src/rl/ppo.ts`,
 *   with the paper's adaptive learning rate a(t+1) = a(t) * exp(beta * (R(t) - R(t-1)))
 *   (`AdaptiveLr`, src/rl/lrSchedules.ts; switchable off, then a constant rate).
 * - Recursive feedback loop: actions and the metric changes they cause are fed back into the
 *   EWMA baselines and the VAE (hashObservation.ts; switchable off).
 */
import type { Controller } from "./types.js";
import { ACTION, OBS } from "../sim/layout.js";
import type { DeployInfo } from "../sim/env.js";
import type { RewardWeights, SimOptions } from "../sim/config.js";
import { scenarioIds } from "../sim/scenarios.js";
import { trainPpo, type PpoConfig, type PpoLog, type PpoCallbacks } from "../rl/ppo.js";
import { AdaptiveLr, ConstantLr } from "../rl/lrSchedules.js";
import type { PpoPolicy } from "../rl/ppoPolicy.js";
import { deriveSeed } from "../core/rng.js";
import { HashVecEnv, nominalStream } from "./hashEnv.js";
import { HashObservationBuilder, type HashFeedbackOptions, type HashObservationOptions } from "./hashObservation.js";

/**
 * HASH's reward weights: the paper's w1..w4 = (1, 0.5, 1, 0.2) on latency, throughput, error and
 * resource cost, plus `sla` = 1 (per cycle outside the SLA) and `catastrophe` = 20 (on a
 * catastrophic termination), which the paper's formula lacks (its delta terms telescope).
 */
export const DEFAULT_HASH_REWARD: Readonly<RewardWeights> = Object.freeze({
  latency: 1,
  throughput: 0.5,
  error: 1,
  cost: 0.2,
  sla: 1,
  catastrophe: 20,
});

/** Configuration of HASH training (defaults in brackets). */
export interface HashConfig {
  /** Seed of everything: PPO, env streams, detectors [1]. */
  seed: number;
  /** Env steps of PPO training, summed over envs [40960]. */
  totalTimesteps: number;
  /** Parallel deployments in training [8]. */
  numEnvs: number;
  /** Cycles per training episode [250] (evaluation uses the simulator's 1000). */
  trainCycles: number;
  /** Scenario ids trained on [the whole catalogue]. */
  scenarios: string[];
  /** Reward weights w1..w4 and extras [DEFAULT_HASH_REWARD]. */
  reward: RewardWeights;
  /** The paper's adaptive learning rate [true]; off = constant `ppo.learningRate`. */
  adaptiveLr: boolean;
  /** beta of a(t+1) = a(t) exp(beta (R(t) - R(t-1))), R = mean reward per env-step of a rollout [2]. */
  lrBeta: number;
  /** The recursive feedback loop [true]. */
  feedback: boolean;
  /** Feedback loop details [hashObservation.ts defaults]. */
  feedbackOptions: HashFeedbackOptions;
  /** "hybrid" (EWMA + VAE) or "statistical" (EWMA only) ["hybrid"]. */
  detector: "hybrid" | "statistical";
  /** PPO hyperparameters (numEnvs, seed and totalTimesteps come from above). */
  ppo: Partial<Omit<PpoConfig, "numEnvs" | "seed" | "totalTimesteps">>;
}

/** PPO settings for HASH: 8 x 64-step rollouts, lr 1e-3, gamma 0.95, normalised observations. */
export const DEFAULT_HASH_PPO: Readonly<HashConfig["ppo"]> = Object.freeze({
  learningRate: 1e-3,
  numSteps: 64,
  numMinibatches: 4,
  updateEpochs: 4,
  gamma: 0.95,
  gaeLambda: 0.95,
  entCoef: 0.01,
  normObs: true,
  hiddenSizes: [64, 64],
});

/** The default HASH configuration. */
export function defaultHashConfig(): HashConfig {
  return {
    seed: 1,
    totalTimesteps: 40_960,
    numEnvs: 8,
    trainCycles: 250,
    scenarios: scenarioIds(),
    reward: { ...DEFAULT_HASH_REWARD },
    adaptiveLr: true,
    lrBeta: 2,
    feedback: true,
    feedbackOptions: {},
    detector: "hybrid",
    ppo: { ...DEFAULT_HASH_PPO, hiddenSizes: [64, 64] },
  };
}

/**
 * Fill defaults and validate.
 * @throws Error naming the first bad field.
 */
export function resolveHashConfig(config: Partial<HashConfig> = {}): HashConfig {
  const d = defaultHashConfig();
  for (const k of Object.keys(config)) if (!(k in d)) throw new Error(`HashConfig: unknown field "${k}"`);
  const c: HashConfig = {
    ...d,
    ...config,
    reward: { ...d.reward, ...(config.reward ?? {}) },
    ppo: { ...d.ppo, ...(config.ppo ?? {}) },
    feedbackOptions: { ...(config.feedbackOptions ?? {}) },
  };
  const bad = (f: string, rule: string, v: unknown): never => {
    throw new Error(`HashConfig.${f} must be ${rule}, got ${JSON.stringify(v)}`);
  };
  if (!Number.isInteger(c.seed) || c.seed < 0) bad("seed", "a non-negative integer", c.seed);
  if (!Number.isInteger(c.numEnvs) || c.numEnvs < 1) bad("numEnvs", "a positive integer", c.numEnvs);
  if (!Number.isInteger(c.totalTimesteps) || c.totalTimesteps < 1) bad("totalTimesteps", "a positive integer", c.totalTimesteps);
  if (!Number.isInteger(c.trainCycles) || c.trainCycles < 40) bad("trainCycles", "an integer >= 40", c.trainCycles);
  if (!Array.isArray(c.scenarios) || c.scenarios.length === 0) bad("scenarios", "a non-empty list of scenario ids", c.scenarios);
  if (!(c.lrBeta > 0)) bad("lrBeta", "> 0", c.lrBeta);
  if (c.detector !== "hybrid" && c.detector !== "statistical") bad("detector", '"hybrid" or "statistical"', c.detector);
  if (typeof c.adaptiveLr !== "boolean") bad("adaptiveLr", "a boolean", c.adaptiveLr);
  if (typeof c.feedback !== "boolean") bad("feedback", "a boolean", c.feedback);
  return c;
}

/** The observation options a config implies (shared by training and the controller). */
export function hashObservationOptions(c: HashConfig, seed: number): HashObservationOptions {
  return { detector: c.detector, feedback: { ...c.feedbackOptions, enabled: c.feedback }, seed };
}

/** What {@link trainHash} returns. */
export interface HashTrainResult {
  policy: PpoPolicy;
  log: PpoLog;
  config: HashConfig;
  /** The PPO config actually used. */
  ppoConfig: PpoConfig;
  wallTimeSec: number;
  envSteps: number;
  /** Feedback-loop events during training (summed over envs). */
  feedbackEvents: number;
}

/**
 * Train a HASH policy with PPO on the vectorised simulator (HashVecEnv). Deterministic for a
 * given config and tfjs backend.
 * @throws Error from the config validation.
 */
export async function trainHash(config: Partial<HashConfig> = {}, callbacks: PpoCallbacks = {}): Promise<HashTrainResult> {
  const c = resolveHashConfig(config);
  const sim: SimOptions = { maxCycles: c.trainCycles, reward: c.reward };
  const env = new HashVecEnv({
    numEnvs: c.numEnvs,
    scenarios: c.scenarios,
    sim,
    observation: hashObservationOptions(c, deriveSeed(c.seed, "detectors")),
  });
  const lr = c.ppo.learningRate ?? 1e-3;
  // HASH's adaptive rate a(t+1) = a(t) exp(beta (R(t) - R(t-1))), bounded (see AdaptiveLr).
  const lrSchedule = c.adaptiveLr ? new AdaptiveLr({ initialLr: lr, beta: c.lrBeta }) : new ConstantLr(lr);
  try {
    const res = await trainPpo(
      env,
      { ...c.ppo, seed: c.seed, totalTimesteps: c.totalTimesteps, annealLr: false },
      { lrSchedule, callbacks },
    );
    return {
      policy: res.policy,
      log: res.log,
      config: c,
      ppoConfig: res.config,
      wallTimeSec: res.wallTimeSec,
      envSteps: res.globalStep,
      feedbackEvents: env.builders.reduce((s, b) => s + b.stats.events, 0),
    };
  } finally {
    env.dispose();
  }
}

/** Anything that picks an action from a HASH observation (a PpoPolicy, a loaded export). */
export interface HashPolicyLike {
  act(obs: ArrayLike<number>, options?: { deterministic?: boolean }): number;
}

/** Options of {@link HashController}. */
export interface HashControllerOptions {
  /** Observation / detector / feedback options (match training). */
  observation?: HashObservationOptions;
  /** Cycles of the nominal stream the detectors are fitted on [160]. */
  fitCycles?: number;
  /** Seed of the nominal fitting stream [0]. */
  fitSeed?: number;
  /** Greedy actions [true]; false samples from the policy. */
  deterministic?: boolean;
  /** Name in tables ["hash"]. */
  name?: string;
}

/** An observation builder whose detectors are fitted on `fitCycles` of nominal traffic (default 160). */
function fittedObservationBuilder(options: Pick<HashControllerOptions, "observation" | "fitCycles" | "fitSeed">): HashObservationBuilder {
  const builder = new HashObservationBuilder(options.observation ?? {});
  const fitCycles = options.fitCycles ?? 160;
  builder.fit(nominalStream(fitCycles, options.fitSeed ?? 0), fitCycles);
  return builder;
}

/**
 * The HASH controller: builds the observation from the simulator's metrics, asks the policy,
 * remembers the action for the feedback loop. Its detectors are fitted once at construction on a
 * nominal stream and persist across episodes; `reset` starts a new episode.
 * @example
 * const ctl = new HashController(trained.policy, { observation: hashObservationOptions(cfg, 1) });
 * const r = runEpisode(new DeployEnv(), ctl, { seed: 3, scenario: "flash-crowd" });
 */
export class HashController implements Controller<DeployInfo> {
  readonly name: string;
  readonly builder: HashObservationBuilder;
  private readonly policy: HashPolicyLike;
  private readonly buf: Float32Array;
  private readonly deterministic: boolean;

  constructor(policy: HashPolicyLike, options: HashControllerOptions = {}) {
    this.policy = policy;
    this.name = options.name ?? "hash";
    this.deterministic = options.deterministic ?? true;
    this.builder = fittedObservationBuilder(options);
    this.buf = new Float32Array(this.builder.dim);
  }

  get alerting(): boolean {
    return this.builder.alerting;
  }

  reset(): void {
    this.builder.reset();
  }

  /** The HASH observation built from the last `act` call (a copy). */
  lastObservation(): Float32Array {
    return Float32Array.from(this.buf);
  }

  act(obs: Float32Array): number {
    this.builder.observe(obs, this.buf, 0);
    const a = this.policy.act(this.buf, { deterministic: this.deterministic });
    this.builder.recordAction(a);
    return a;
  }

  /** Free the detectors' tfjs memory. */
  dispose(): void {
    this.builder.dispose();
  }
}

/**
 * The no-RL ablation: HASH's detectors (and feedback loop) with a fixed runbook instead of PPO.
 * Rules, by priority, on alerting metrics: error-rate alert with errors above 1% and traffic not
 * yet on B -> shift to B; latency or GPU-utilisation alert with p99 > 500 ms or GPU > 80% -> scale
 * up; GPU memory above 95% -> decrease batch; 40 quiet cycles with GPU < 35% and more than 2
 * instances -> scale down; otherwise maintain.
 */
export class RunbookController implements Controller<DeployInfo> {
  readonly name: string;
  readonly builder: HashObservationBuilder;
  private readonly buf: Float32Array;
  private quiet = 0;
  private readonly scoreOffset = 19;

  constructor(options: Omit<HashControllerOptions, "deterministic"> = {}) {
    this.name = options.name ?? "detector+runbook";
    this.builder = fittedObservationBuilder(options);
    this.buf = new Float32Array(this.builder.dim);
  }

  get alerting(): boolean {
    return this.builder.alerting;
  }

  reset(): void {
    this.builder.reset();
    this.quiet = 0;
  }

  act(obs: Float32Array): number {
    this.builder.observe(obs, this.buf, 0);
    const m = this.builder.metrics;
    const alertOn = (idx: number) => {
      const k = m.indexOf(idx);
      return k >= 0 && this.buf[this.scoreOffset + m.length + k]! >= 0.5; // max score of the last 4 cycles
    };
    const p99 = obs[OBS.latencyP99]!;
    const err = obs[OBS.errorRate]!;
    const gpu = obs[OBS.gpuUtil]!;
    const mem = obs[OBS.gpuMemUtil]!;
    const ready = obs[OBS.readyInstances]!;
    const pending = obs[OBS.pendingInstances]!;
    const wB = obs[OBS.trafficB]!;
    let a: number = ACTION.maintain;
    if (alertOn(OBS.errorRate) && err > 0.01 && wB < 1) a = ACTION.shiftToB;
    else if ((alertOn(OBS.latencyP99) || alertOn(OBS.gpuUtil)) && (p99 > 500 || gpu > 0.8) && pending === 0) a = ACTION.scaleUp;
    else if (mem > 0.95) a = ACTION.decreaseBatch;
    else if (this.quiet >= 40 && gpu < 0.35 && ready > 2) a = ACTION.scaleDown;
    this.quiet = this.builder.alerting ? 0 : this.quiet + 1;
    if (a === ACTION.scaleDown) this.quiet = 0;
    this.builder.recordAction(a);
    return a;
  }

  dispose(): void {
    this.builder.dispose();
  }
}
