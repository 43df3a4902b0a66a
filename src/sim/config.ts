/**
 * Options of the deployment simulator, with defaults and validation.
 *
 * Capacity model (a GPU model server with dynamic batching, e.g. Triton's `max_queue_delay`):
 * a batch of b requests takes `serviceOverheadMs + servicePerItemMs * b` ms, so one instance
 * serves `1000 b / (s0 + s1 b)` req/s: larger batches raise throughput and per-request latency.
 * GPU memory needed = `modelMemGb + perItemMemGb * b`; above `gpuMemGb` instances are OOM-killed.
 * With the defaults: b=8 -> 62 ms, 129 req/s per instance; b=32 -> 158 ms, 203 req/s, 14 GB;
 * b=64 -> 22 GB (does not fit a 16 GB GPU).
 */
import { CYCLE_SECONDS } from "./layout.js";

/** Load pattern: `baseRate * (1 + diurnalAmp sin) * (1 + weeklyAmp sin) * exp(AR(1) noise)`. */
export interface LoadConfig {
  /** Mean offered load, req/s. Default 600. */
  baseRate: number;
  /** Relative amplitude of the daily cycle. Default 0.3. */
  diurnalAmp: number;
  /**
   * Cycles per simulated day. Default 960 (a compressed day of 4 h) so that a 1000-cycle episode
   * sees a whole peak and trough; 5760 is a real day at 15 s per cycle.
   */
  dayCycles: number;
  /** Relative amplitude of the weekly cycle (period 7 days). Default 0.1. */
  weeklyAmp: number;
  /** Standard deviation of the log-load AR(1) noise (stationary). Default 0.05. */
  noiseSd: number;
  /** AR(1) coefficient of the log-load noise per cycle. Default 0.9. */
  noisePhi: number;
  /** Draw the day/week phase at random on reset (true) or start at phase 0 (false). Default true. */
  randomPhase: boolean;
}

/** The SLA that defines "up": a cycle is up when p99 <= p99Ms AND error rate <= errorRate. */
export interface SlaConfig {
  /** p99 latency limit, ms. Default 500 (Flagger's built-in request-duration check). */
  p99Ms: number;
  /** Error-rate limit. Default 0.01 (Flagger's request-success-rate >= 99%). */
  errorRate: number;
}

/**
 * Reward R = -w.latency dLatency + w.throughput dThroughput - w.error dError - w.cost ResourceCost
 * (HASH), plus optional extras. Normalisation: dLatency = change of p99 / sla.p99Ms;
 * dThroughput = change of throughput / load.baseRate; dError = change of error rate /
 * sla.errorRate (each delta clipped to [-5, 5]); ResourceCost = provisioned instances /
 * maxInstances. Note: the delta terms telescope over an episode, so persistent badness is only
 * penalised by `sla` (-1 per cycle outside the SLA) and `catastrophe` (-1 on termination);
 * both default to 0 to match the paper's formula.
 */
export interface RewardWeights {
  latency: number;
  throughput: number;
  error: number;
  cost: number;
  sla: number;
  catastrophe: number;
}

/** Telemetry layer defaults (scenario faults add to these). */
export interface TelemetryConfig {
  /** Master switch: false gives exact observations (truth). Default true. */
  enabled: boolean;
  /** Relative noise amplitude (triangular noise on [-cv, cv], std = 0.41 cv). Default 0.05. */
  noiseCv: number;
  /** Probability per cycle that the whole scrape is missing (all metrics NaN). Default 0.002. */
  scrapeDropout: number;
  /** Probability per cycle that one random metric is missing. Default 0.01. */
  metricDropout: number;
  /** Probability per cycle of a spurious spike on one random metric (x3 to x10). Default 0.002. */
  spikeProb: number;
  /** Base delay of the metrics pipeline in cycles. Default 0. */
  delayCycles: number;
  /** Replace NaN by the last observed value (as a dashboard shows stale data). Default false. */
  fillMissing: boolean;
}

/** All simulator options. */
export interface SimConfig {
  /** Episode length in cycles (time limit -> `truncated`). Default 1000. */
  maxCycles: number;
  /** "hash": Discrete(6); "safe": Discrete(12) with rollback, hold and canary weights. Default "hash". */
  actionSet: "hash" | "safe";
  load: LoadConfig;
  sla: SlaConfig;
  reward: RewardWeights;
  telemetry: TelemetryConfig;
  /** Allowed max batch sizes. Default [1, 2, 4, 8, 16, 32, 64]. */
  batchLevels: number[];
  /** Index into batchLevels at reset. Default 3 (b = 8). */
  initialBatchIndex: number;
  /** Instances at reset; 0 = size for `initialUtilisation` at the initial load. Default 0. */
  initialInstances: number;
  /** Target utilisation used to size the initial fleet. Default 0.6. */
  initialUtilisation: number;
  /** Hard upper limit on provisioned instances. Default 40. */
  maxInstances: number;
  /** Start-up delay of a new instance in cycles (pull image, load weights to GPU). Default 4 (60 s). */
  startupCycles: number;
  /** Extra cycles before a crashed instance is back (restart back-off). Default 2. */
  restartBackoffCycles: number;
  /** Instances added by one scale-up. Default 1. */
  scaleStep: number;
  /** Share of traffic moved to B by `shiftToB`. Default 1 (a full rollback). */
  shiftStep: number;
  /**
   * Cycles after the last shift towards B after which the release pipeline re-promotes A
   * (all traffic back to A), unless a fault of A is still active or `hold` was used. 0 = never.
   * Default 240 (1 h).
   */
  repromoteAfterCycles: number;
  /** Fixed per-batch overhead (kernel launch, pre/post-processing), ms. Default 30. */
  serviceOverheadMs: number;
  /** Compute per request in a batch, ms. Default 4. */
  servicePerItemMs: number;
  /** Longest wait to fill a batch (dynamic batching queue delay), ms. Default 20. */
  batchTimeoutMs: number;
  /** Client timeout, ms; slower requests count as errors. Default 2000. */
  timeoutMs: number;
  /** Squared coefficient of variation of service times (Allen-Cunneen). Default 0.5. */
  serviceCv2: number;
  /** GPU memory per instance, GB. Default 16. */
  gpuMemGb: number;
  /** Model weights + runtime on the GPU, GB. Default 6. */
  modelMemGb: number;
  /** Activation memory per request of a batch, GB. Default 0.25. */
  perItemMemGb: number;
  /** Cost of one provisioned instance, $/h (a cloud GPU instance). Default 2.5. */
  costPerInstanceHour: number;
  /** Share of requests answered by the response cache in front of the model. Default 0.2. */
  cacheHitRate: number;
  /** Background error rate of a healthy service. Default 0.001. */
  baseErrorRate: number;
  /** Service-time multiplier of version B (older, less optimised). Default 1.1. */
  versionBSlowdown: number;
  /** Accuracy of version A / B when healthy. Defaults 0.92 / 0.90. */
  accuracyA: number;
  accuracyB: number;
  /** Consecutive outage cycles after which the episode terminates as catastrophic. Default 20 (5 min). */
  catastrophicOutageCycles: number;
}

/** Deep-partial options accepted by the env constructors. */
export type SimOptions = Partial<Omit<SimConfig, "load" | "sla" | "reward" | "telemetry">> & {
  load?: Partial<LoadConfig>;
  sla?: Partial<SlaConfig>;
  reward?: Partial<RewardWeights>;
  telemetry?: Partial<TelemetryConfig>;
};

/** The default simulator options. */
export function defaultSimConfig(): SimConfig {
  return {
    maxCycles: 1000,
    actionSet: "hash",
    load: {
      baseRate: 600,
      diurnalAmp: 0.3,
      dayCycles: 960,
      weeklyAmp: 0.1,
      noiseSd: 0.05,
      noisePhi: 0.9,
      randomPhase: true,
    },
    sla: { p99Ms: 500, errorRate: 0.01 },
    reward: { latency: 1, throughput: 0.5, error: 1, cost: 0.2, sla: 0, catastrophe: 0 },
    telemetry: {
      enabled: true,
      noiseCv: 0.05,
      scrapeDropout: 0.002,
      metricDropout: 0.01,
      spikeProb: 0.002,
      delayCycles: 0,
      fillMissing: false,
    },
    batchLevels: [1, 2, 4, 8, 16, 32, 64],
    initialBatchIndex: 3,
    initialInstances: 0,
    initialUtilisation: 0.6,
    maxInstances: 40,
    startupCycles: 4,
    restartBackoffCycles: 2,
    scaleStep: 1,
    shiftStep: 1,
    repromoteAfterCycles: 240,
    serviceOverheadMs: 30,
    servicePerItemMs: 4,
    batchTimeoutMs: 20,
    timeoutMs: 2000,
    serviceCv2: 0.5,
    gpuMemGb: 16,
    modelMemGb: 6,
    perItemMemGb: 0.25,
    costPerInstanceHour: 2.5,
    cacheHitRate: 0.2,
    baseErrorRate: 0.001,
    versionBSlowdown: 1.1,
    accuracyA: 0.92,
    accuracyB: 0.9,
    catastrophicOutageCycles: 20,
  };
}

/** Longest start-up/restart delay the instance pipeline can hold, in cycles. */
export const MAX_DELAY_CYCLES = 63;
/** Longest telemetry delay, in cycles. */
export const MAX_TELEMETRY_DELAY = 31;

const KNOWN_TOP = new Set(Object.keys(defaultSimConfig()));

/**
 * Merge options over the defaults and validate them.
 * @throws Error naming the option if a value is out of range or unknown.
 */
export function resolveSimConfig(options: SimOptions = {}): SimConfig {
  const d = defaultSimConfig();
  for (const k of Object.keys(options)) {
    if (!KNOWN_TOP.has(k)) throw new Error(`sim options: unknown option "${k}"`);
  }
  const cfg: SimConfig = {
    ...d,
    ...(options as Partial<SimConfig>),
    load: mergeSection("load", d.load, options.load),
    sla: mergeSection("sla", d.sla, options.sla),
    reward: mergeSection("reward", d.reward, options.reward),
    telemetry: mergeSection("telemetry", d.telemetry, options.telemetry),
    batchLevels: [...(options.batchLevels ?? d.batchLevels)],
  };
  const posInt = (name: string, v: number, min = 1, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new Error(`sim options: ${name} must be an integer in [${min}, ${max}], got ${v}`);
    }
  };
  const num = (name: string, v: number, min: number, max = Infinity) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
      throw new Error(`sim options: ${name} must be a finite number in [${min}, ${max}], got ${v}`);
    }
  };
  posInt("maxCycles", cfg.maxCycles);
  if (cfg.actionSet !== "hash" && cfg.actionSet !== "safe") {
    throw new Error(`sim options: actionSet must be "hash" or "safe", got ${String(cfg.actionSet)}`);
  }
  if (cfg.batchLevels.length === 0) throw new Error("sim options: batchLevels must not be empty");
  cfg.batchLevels.forEach((b, i) => {
    posInt(`batchLevels[${i}]`, b, 1, 1024);
    if (i > 0 && b <= cfg.batchLevels[i - 1]!) throw new Error("sim options: batchLevels must increase");
  });
  posInt("initialBatchIndex", cfg.initialBatchIndex, 0, cfg.batchLevels.length - 1);
  posInt("maxInstances", cfg.maxInstances, 1, 1000);
  posInt("initialInstances", cfg.initialInstances, 0, cfg.maxInstances);
  num("initialUtilisation", cfg.initialUtilisation, 0.05, 1);
  posInt("startupCycles", cfg.startupCycles, 1, MAX_DELAY_CYCLES);
  posInt("restartBackoffCycles", cfg.restartBackoffCycles, 0, MAX_DELAY_CYCLES);
  posInt("scaleStep", cfg.scaleStep, 1, 100);
  num("shiftStep", cfg.shiftStep, 0.01, 1);
  posInt("repromoteAfterCycles", cfg.repromoteAfterCycles, 0);
  num("serviceOverheadMs", cfg.serviceOverheadMs, 0);
  num("servicePerItemMs", cfg.servicePerItemMs, 0.001);
  num("batchTimeoutMs", cfg.batchTimeoutMs, 0);
  num("timeoutMs", cfg.timeoutMs, 1);
  num("serviceCv2", cfg.serviceCv2, 0, 10);
  num("gpuMemGb", cfg.gpuMemGb, 0.1);
  num("modelMemGb", cfg.modelMemGb, 0);
  num("perItemMemGb", cfg.perItemMemGb, 0);
  num("costPerInstanceHour", cfg.costPerInstanceHour, 0);
  num("cacheHitRate", cfg.cacheHitRate, 0, 0.99);
  num("baseErrorRate", cfg.baseErrorRate, 0, 1);
  num("versionBSlowdown", cfg.versionBSlowdown, 0.1, 10);
  num("accuracyA", cfg.accuracyA, 0, 1);
  num("accuracyB", cfg.accuracyB, 0, 1);
  posInt("catastrophicOutageCycles", cfg.catastrophicOutageCycles, 1);
  num("load.baseRate", cfg.load.baseRate, 0.001);
  num("load.diurnalAmp", cfg.load.diurnalAmp, 0, 0.95);
  posInt("load.dayCycles", cfg.load.dayCycles, 2);
  num("load.weeklyAmp", cfg.load.weeklyAmp, 0, 0.95);
  num("load.noiseSd", cfg.load.noiseSd, 0, 2);
  num("load.noisePhi", cfg.load.noisePhi, 0, 0.999);
  num("sla.p99Ms", cfg.sla.p99Ms, 1);
  num("sla.errorRate", cfg.sla.errorRate, 1e-6, 1);
  for (const [k, v] of Object.entries(cfg.reward)) num(`reward.${k}`, v, -1e6, 1e6);
  num("telemetry.noiseCv", cfg.telemetry.noiseCv, 0, 5);
  num("telemetry.scrapeDropout", cfg.telemetry.scrapeDropout, 0, 1);
  num("telemetry.metricDropout", cfg.telemetry.metricDropout, 0, 1);
  num("telemetry.spikeProb", cfg.telemetry.spikeProb, 0, 1);
  posInt("telemetry.delayCycles", cfg.telemetry.delayCycles, 0, MAX_TELEMETRY_DELAY);
  return cfg;
}

function mergeSection<T extends object>(name: string, def: T, given: Partial<T> | undefined): T {
  if (given === undefined) return { ...def };
  if (typeof given !== "object" || given === null) throw new Error(`sim options: ${name} must be an object`);
  for (const k of Object.keys(given)) {
    if (!(k in def)) throw new Error(`sim options: unknown option "${name}.${k}"`);
  }
  return { ...def, ...given };
}

/** Seconds per cycle, re-exported for convenience. */
export { CYCLE_SECONDS };
