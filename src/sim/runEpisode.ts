/**
 * Run one controller over one episode of the deployment simulator and measure it.
 */
import type { Controller } from "../control/types.js";
import { DeployEnv, type DeployInfo } from "./env.js";
import { OBS_DIM, TRUTH_DIM } from "./layout.js";
import { serviceMetrics, type EpisodeTrace, type ServiceMetrics } from "./metrics.js";
import type { ScenarioInstance, ScenarioRef } from "./scenarios.js";

/** Options of {@link runEpisode}. */
export interface RunEpisodeOptions {
  /** Episode seed (env and controller). Default 0. */
  seed?: number;
  /** Cycles to run; default and maximum: the env's `maxCycles`. */
  cycles?: number;
  /** Switch the env to this scenario first. */
  scenario?: ScenarioRef;
}

/** What {@link runEpisode} returns. */
export interface EpisodeResult {
  controller: string;
  scenario: ScenarioInstance;
  seed: number;
  trace: EpisodeTrace;
  metrics: ServiceMetrics;
  /** Sum of rewards. */
  return: number;
}

/**
 * Reset `env` with `seed`, let `controller` act every cycle until `cycles`, termination or the
 * time limit, and return the trace and its service metrics (metrics.ts).
 * @throws if `cycles` is not a positive integer <= the env's maxCycles, or if the controller
 * returns an action outside the env's action space (the env's error, naming the action).
 * @example
 * const r = runEpisode(new DeployEnv({ scenario: "flash-crowd" }), new ThresholdBaseline(), { seed: 1 });
 * r.metrics.uptime;
 */
export function runEpisode(env: DeployEnv, controller: Controller<DeployInfo>, options: RunEpisodeOptions = {}): EpisodeResult {
  const seed = options.seed ?? 0;
  const cycles = options.cycles ?? env.config.maxCycles;
  if (!Number.isInteger(cycles) || cycles < 1 || cycles > env.config.maxCycles) {
    throw new Error(`runEpisode: cycles must be an integer in [1, ${env.config.maxCycles}] (the env's maxCycles), got ${cycles}`);
  }
  const first = env.reset(options.scenario !== undefined ? { seed, options: { scenario: options.scenario } } : { seed });
  controller.reset(seed);
  const truth = new Float64Array((cycles + 1) * TRUTH_DIM);
  const obsAll = new Float32Array((cycles + 1) * OBS_DIM);
  const actions = new Int32Array(cycles + 1).fill(-1);
  const rewards = new Float32Array(cycles + 1);
  const alerts = new Uint8Array(cycles + 1);
  truth.set(first.info.truth, 0);
  obsAll.set(first.obs, 0);
  let obs = first.obs;
  let info = first.info;
  let ret = 0;
  let run = 0;
  let reason = 0;
  for (let c = 1; c <= cycles; c++) {
    // The controller sees cycle c-1 and acts; its alert state is credited to cycle c-1.
    const a = controller.act(obs, info);
    const alerting = controller.alerting ?? a !== 5;
    alerts[c - 1] = Math.max(alerts[c - 1]!, alerting ? 1 : 0);
    const r = env.step(a);
    actions[c] = a;
    rewards[c] = r.reward;
    ret += r.reward;
    truth.set(r.info.truth, c * TRUTH_DIM);
    obsAll.set(r.obs, c * OBS_DIM);
    obs = r.obs;
    info = r.info;
    run = c;
    if (r.terminated) {
      reason = r.info.terminationReason;
      break;
    }
    if (r.truncated) break;
  }
  const trace: EpisodeTrace = {
    cycles,
    cyclesRun: run,
    truth: truth.subarray(0, (run + 1) * TRUTH_DIM),
    obs: obsAll.subarray(0, (run + 1) * OBS_DIM),
    actions: actions.subarray(0, run + 1),
    rewards: rewards.subarray(0, run + 1),
    alerts: alerts.subarray(0, run + 1),
    terminationReason: reason,
  };
  const scenario = env.scenario;
  return { controller: controller.name, scenario, seed, trace, metrics: serviceMetrics(trace, scenario.incidents), return: ret };
}
