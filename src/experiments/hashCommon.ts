/**
 * Shared machinery of the HASH experiments (hash-table, hash-ablations, hash-feedback,
 * hash-training): the variants, one trained PPO policy per (seed, variant, budget) cached inside
 * the process (so `reproduce hash-table hash-ablations ...` trains each policy once), and the
 * evaluation of a controller on a slice of the scenario catalogue with 1000-cycle episodes.
 *
 * Protocol. For each seed s: (1) train each RL variant with PPO on the vectorised simulator
 * (HashVecEnv, the whole catalogue, `trainCycles`-cycle episodes, `totalTimesteps` env steps);
 * (2) evaluate every method on `scenariosPerSeed` scenarios of the catalogue (seed s takes the
 * next slice of one seeded shuffle of the catalogue, so 10 seeds x 10 scenarios cover all 48 at
 * least twice), each a `evalCycles` = 1000-cycle episode with the same episode seed for every
 * method (paired comparison); (3) average each metric over the seed's episodes: one value per
 * seed and method; (4) mean and 95% Student-t CI over seeds (`meanCi`).
 */
import { meanCi } from "../core/stats.js";
import { Rng, deriveSeed } from "../core/rng.js";
import { initTf } from "../core/tf.js";
import { ThresholdBaseline } from "../control/baseline.js";
import {
  DEFAULT_HASH_REWARD,
  HashController,
  RunbookController,
  hashObservationOptions,
  resolveHashConfig,
  trainHash,
  type HashConfig,
  type HashTrainResult,
} from "../control/hash.js";
import type { Controller } from "../control/types.js";
import type { RewardWeights } from "../sim/config.js";
import { DeployEnv, type DeployInfo } from "../sim/env.js";
import { TRUTH, TRUTH_DIM } from "../sim/layout.js";
import { runEpisode } from "../sim/runEpisode.js";
import { scenarioIds } from "../sim/scenarios.js";
import type { Row } from "./types.js";

/** A HASH variant (the full system or an ablation). */
export interface HashVariant {
  /** Method name in tables. */
  method: string;
  /** PPO controller (false = detector + runbook). */
  rl: boolean;
  adaptiveLr: boolean;
  feedback: boolean;
  detector: "hybrid" | "statistical";
}

/** The full system and the four ablations of the issue. */
export const HASH_VARIANTS: Readonly<Record<string, HashVariant>> = Object.freeze({
  hash: { method: "HASH", rl: true, adaptiveLr: true, feedback: true, detector: "hybrid" },
  noFeedback: { method: "HASH w/o feedback loop", rl: true, adaptiveLr: true, feedback: false, detector: "hybrid" },
  noAdaptiveLr: { method: "HASH w/o adaptive LR", rl: true, adaptiveLr: false, feedback: true, detector: "hybrid" },
  statisticalOnly: { method: "HASH, statistical detector only", rl: true, adaptiveLr: true, feedback: true, detector: "statistical" },
  noRl: { method: "detector + runbook (no RL)", rl: false, adaptiveLr: true, feedback: true, detector: "hybrid" },
});

/** Budget and protocol shared by the HASH experiments. */
export interface HashBudget {
  /** PPO env steps per policy. */
  totalTimesteps: number;
  numEnvs: number;
  numSteps: number;
  numMinibatches: number;
  updateEpochs: number;
  hiddenSizes: number[];
  trainCycles: number;
  /** Cycles per evaluation episode (the paper's 1000 deployment cycles). */
  evalCycles: number;
  /** Catalogue scenarios evaluated per seed. */
  scenariosPerSeed: number;
  /** Reward weights. */
  reward: RewardWeights;
  /** Width of the buckets of the detection-accuracy curve, cycles. */
  bucketCycles: number;
}

/** Full (issue budget: all four hash-* experiments in ~15 min on 2 cores) or smoke budget. */
export function defaultHashBudget(smoke: boolean): HashBudget {
  return smoke
    ? {
        totalTimesteps: 256,
        numEnvs: 2,
        numSteps: 64,
        numMinibatches: 2,
        updateEpochs: 1,
        hiddenSizes: [16, 16],
        trainCycles: 60,
        evalCycles: 150,
        scenariosPerSeed: 2,
        reward: { ...DEFAULT_HASH_REWARD },
        bucketCycles: 50,
      }
    : {
        totalTimesteps: 40_960,
        numEnvs: 4,
        numSteps: 128,
        numMinibatches: 2,
        updateEpochs: 2,
        hiddenSizes: [32, 32],
        trainCycles: 250,
        evalCycles: 1000,
        scenariosPerSeed: 10,
        reward: { ...DEFAULT_HASH_REWARD },
        bucketCycles: 100,
      };
}

/** The HashConfig a variant and budget give for one seed. */
export function variantConfig(v: HashVariant, b: HashBudget, seed: number): HashConfig {
  return resolveHashConfig({
    seed,
    totalTimesteps: b.totalTimesteps,
    numEnvs: b.numEnvs,
    trainCycles: b.trainCycles,
    reward: b.reward,
    adaptiveLr: v.adaptiveLr,
    feedback: v.feedback,
    detector: v.detector,
    ppo: {
      learningRate: 1e-3,
      numSteps: b.numSteps,
      numMinibatches: b.numMinibatches,
      updateEpochs: b.updateEpochs,
      hiddenSizes: b.hiddenSizes,
      gamma: 0.95,
      gaeLambda: 0.95,
      entCoef: 0.01,
      normObs: true,
    },
  });
}

const trainCache = new Map<string, Promise<HashTrainResult>>();

/**
 * The trained policy of a variant for a seed and budget, trained once per process (cached by
 * the full config). Variants without RL have none.
 */
export function trainedPolicy(v: HashVariant, b: HashBudget, seed: number): Promise<HashTrainResult> {
  const cfg = variantConfig(v, b, seed);
  const key = JSON.stringify(cfg);
  let p = trainCache.get(key);
  if (!p) {
    p = (async () => {
      await initTf({ quiet: true });
      return trainHash(cfg);
    })();
    trainCache.set(key, p);
    p.catch(() => trainCache.delete(key));
  }
  return p;
}

/** Forget cached policies and evaluations (tests). */
export function clearHashCache(): void {
  trainCache.clear();
  evalCache.clear();
}

/** The catalogue slice seed `seed` is evaluated on. */
export function evalScenarios(seed: number, perSeed: number): string[] {
  const all = new Rng(deriveSeed(20240, "hash-catalogue")).shuffle(scenarioIds());
  return Array.from({ length: perSeed }, (_, j) => all[(seed * perSeed + j) % all.length]!);
}

/** Per-seed averages of one method (one value per metric). */
export interface SeedMetrics {
  method: string;
  seed: number;
  uptime: number;
  latency_ms: number;
  error_rate: number;
  utilisation: number;
  /** Mean time to recovery over impacted, recovered incidents; null if none. */
  ttr_s: number | null;
  unrecovered: number;
  catastrophic: number;
  /** Per-bucket detection accuracy (alert == truth health != 0), averaged over episodes. */
  accuracyByBucket: number[];
  /** Balanced accuracy over the second half of each episode's cycles. */
  balancedAccuracyLate: number;
  /** Balanced accuracy over the first half. */
  balancedAccuracyEarly: number;
  /** Feedback events over the evaluation. */
  feedbackEvents: number;
}

const evalCache = new Map<string, Promise<SeedMetrics>>();

function makeController(kind: string, v: HashVariant | null, b: HashBudget, seed: number, trained: HashTrainResult | null): Controller<DeployInfo> & { dispose?(): void; builder?: { stats: { events: number } } } {
  if (!v) return new ThresholdBaseline();
  const cfg = variantConfig(v, b, seed);
  const observation = hashObservationOptions(cfg, deriveSeed(seed, "eval-detectors"));
  const common = { observation, fitSeed: deriveSeed(seed, "eval-fit"), name: v.method };
  if (!v.rl) return new RunbookController(common);
  if (!trained) throw new Error(`makeController: ${kind} needs a trained policy`);
  return new HashController(trained.policy, common);
}

/**
 * Evaluate a method ("baseline" or a key of HASH_VARIANTS) for one seed (cached per process).
 */
export function evaluateSeed(kind: string, b: HashBudget, seed: number): Promise<SeedMetrics> {
  const key = JSON.stringify({ kind, b, seed });
  let p = evalCache.get(key);
  if (!p) {
    p = runEvaluation(kind, b, seed);
    evalCache.set(key, p);
    p.catch(() => evalCache.delete(key));
  }
  return p;
}

async function runEvaluation(kind: string, b: HashBudget, seed: number): Promise<SeedMetrics> {
  const v = kind === "baseline" ? null : HASH_VARIANTS[kind];
  if (v === undefined) throw new Error(`evaluateSeed: unknown method "${kind}"; known: baseline, ${Object.keys(HASH_VARIANTS).join(", ")}`);
  await initTf({ quiet: true });
  const trained = v && v.rl ? await trainedPolicy(v, b, seed) : null;
  const ctl = makeController(kind, v, b, seed, trained);
  const env = new DeployEnv({ maxCycles: b.evalCycles, reward: b.reward });
  const scenarios = evalScenarios(seed, b.scenariosPerSeed);
  const nb = Math.ceil(b.evalCycles / b.bucketCycles);
  const accSum = new Float64Array(nb);
  const accN = new Float64Array(nb);
  const sum = { uptime: 0, lat: 0, err: 0, util: 0 };
  const ttrs: number[] = [];
  let unrecovered = 0;
  let catastrophic = 0;
  const conf = { early: [0, 0, 0, 0], late: [0, 0, 0, 0] }; // tp, fn, tn, fp
  try {
    scenarios.forEach((sc, j) => {
      const r = runEpisode(env, ctl, { seed: deriveSeed(seed, `episode${j}`), scenario: sc });
      const m = r.metrics;
      sum.uptime += m.uptime;
      sum.lat += m.meanLatencyMs;
      sum.err += m.errorRate;
      sum.util += m.gpuUtilisation;
      if (m.meanTtrSec !== null) ttrs.push(m.meanTtrSec);
      unrecovered += m.unrecoveredIncidents;
      if (m.catastrophic) catastrophic++;
      const tr = r.trace;
      for (let t = 0; t < tr.cyclesRun; t++) {
        const bad = tr.truth[t * TRUTH_DIM + TRUTH.health]! !== 0;
        const alert = tr.alerts[t] === 1;
        const k = Math.min(nb - 1, Math.floor(t / b.bucketCycles));
        accSum[k]! += alert === bad ? 1 : 0;
        accN[k]!++;
        const c = t < b.evalCycles / 2 ? conf.early : conf.late;
        c[bad ? (alert ? 0 : 1) : alert ? 3 : 2]!++;
      }
    });
  } finally {
    ctl.dispose?.();
  }
  const n = scenarios.length;
  const bal = (c: number[]) => {
    const tpr = c[0]! + c[1]! > 0 ? c[0]! / (c[0]! + c[1]!) : NaN;
    const tnr = c[2]! + c[3]! > 0 ? c[2]! / (c[2]! + c[3]!) : NaN;
    return Number.isNaN(tpr) ? tnr : Number.isNaN(tnr) ? tpr : (tpr + tnr) / 2;
  };
  return {
    method: v ? v.method : "static-threshold baseline",
    seed,
    uptime: sum.uptime / n,
    latency_ms: sum.lat / n,
    error_rate: sum.err / n,
    utilisation: sum.util / n,
    ttr_s: ttrs.length ? ttrs.reduce((a, x) => a + x, 0) / ttrs.length : null,
    unrecovered,
    catastrophic,
    accuracyByBucket: Array.from(accSum, (s, k) => (accN[k]! > 0 ? s / accN[k]! : NaN)),
    balancedAccuracyEarly: bal(conf.early),
    balancedAccuracyLate: bal(conf.late),
    feedbackEvents: ctl.builder?.stats.events ?? 0,
  };
}

/** Evaluate a method over all seeds, reporting progress. */
export async function evaluateAll(
  kind: string,
  b: HashBudget,
  seeds: number[],
  progress?: { tick(label: string): void },
): Promise<SeedMetrics[]> {
  const out: SeedMetrics[] = [];
  for (const s of seeds) {
    out.push(await evaluateSeed(kind, b, s));
    progress?.tick(`${kind} seed ${s}`);
  }
  return out;
}

const round = (x: number, d = 4) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

/** One table row: mean and 95% CI over seeds of each metric (uptime and error rate in %). */
export function summaryRow(method: string, per: SeedMetrics[]): Row {
  const row: Row = { method, seeds: per.length };
  const put = (name: string, vals: number[], scale: number, d: number) => {
    const ci = meanCi(vals.map((x) => x * scale));
    row[name] = round(ci.mean, d);
    row[`${name}_lo`] = round(ci.lo, d);
    row[`${name}_hi`] = round(ci.hi, d);
  };
  put("uptime", per.map((p) => p.uptime), 100, 2);
  put("latency_ms", per.map((p) => p.latency_ms), 1, 1);
  put("error_rate", per.map((p) => p.error_rate), 100, 3);
  put("utilisation", per.map((p) => p.utilisation), 100, 2);
  put("ttr_s", per.filter((p) => p.ttr_s !== null).map((p) => p.ttr_s!), 1, 1);
  row.ttr_n = per.filter((p) => p.ttr_s !== null).length;
  row.unrecovered = per.reduce((a, p) => a + p.unrecovered, 0);
  row.catastrophic = per.reduce((a, p) => a + p.catastrophic, 0);
  return row;
}

const METRICS: Array<[keyof SeedMetrics, number, number]> = [
  ["uptime", 100, 2],
  ["latency_ms", 1, 1],
  ["error_rate", 100, 3],
  ["utilisation", 100, 2],
  ["ttr_s", 1, 1],
];

/**
 * Paired per-seed differences `method - reference` (same seeds, same scenarios and episode seeds),
 * mean and 95% CI of each metric; `<metric>_significant` is true when the CI excludes 0. Seeds
 * where either side has no time to recovery are left out of `ttr_s`.
 * @throws if the two lists do not hold the same seeds in the same order.
 */
export function pairedDiffRow(method: string, reference: string, per: SeedMetrics[], ref: SeedMetrics[]): Row {
  if (per.length !== ref.length || per.some((p, i) => p.seed !== ref[i]!.seed)) {
    throw new Error(`pairedDiffRow: ${method} and ${reference} were not run on the same seeds`);
  }
  const row: Row = { method, reference };
  for (const [m, scale, d] of METRICS) {
    const diffs: number[] = [];
    per.forEach((p, i) => {
      const a = p[m] as number | null;
      const b = ref[i]![m] as number | null;
      if (a !== null && b !== null && Number.isFinite(a) && Number.isFinite(b)) diffs.push((a - b) * scale);
    });
    const ci = meanCi(diffs);
    row[`d_${m}`] = round(ci.mean, d);
    row[`d_${m}_lo`] = round(ci.lo, d);
    row[`d_${m}_hi`] = round(ci.hi, d);
    row[`d_${m}_significant`] = diffs.length > 1 && (ci.lo > 0 || ci.hi < 0);
  }
  return row;
}

/** A progress helper over a known number of units. */
export function progressOf(onProgress: ((done: number, total: number, label?: string) => void) | undefined, total: number) {
  let done = 0;
  return { tick: (label: string) => onProgress?.(++done, total, label) };
}
