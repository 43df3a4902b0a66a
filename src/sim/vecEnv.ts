/**
 * DeployVecEnv: N model-serving deployments stepped together on typed arrays (for PPO).
 *
 * ## Description
 * Each env is a GPU model-serving deployment behind a load balancer: request arrivals from a load
 * pattern, instances with dynamic batching, a queue, two model versions (A = current, B = the
 * previous version and rollback target) with a traffic split, and a scenario of faults
 * (scenarios.ts). One step = one control cycle = 15 s (layout.ts). Dynamics: dynamics.ts;
 * telemetry: telemetry.ts. The single env `DeployEnv` is a vector of one over the same kernel.
 *
 * ## Action Space
 * `Discrete(6)` (HASH: increaseBatch, decreaseBatch, scaleUp, scaleDown, shiftToB, maintain) or,
 * with `actionSet: "safe"`, `Discrete(12)` adding rollback, hold and canary weights (layout.ts ACTION).
 *
 * ## Observation Space
 * `Box(18)` of metrics and configuration, see the table in layout.ts (`OBS`). Metric dims may be
 * NaN (telemetry dropouts). `OBS_SCALE` gives documented scales for normalisation.
 *
 * ## Rewards
 * HASH's R = -w1 dLatency + w2 dThroughput - w3 dError - w4 ResourceCost, normalised as described
 * in config.ts (`RewardWeights`), computed from the ground truth (not from noisy telemetry).
 *
 * Timing: the action chosen after observing cycle t-1 applies at cycle t; instances added by a
 * scale-up at cycle t serve from cycle t + startupCycles (4 cycles = 60 s by default); crashed
 * instances come back after the start-up delay plus a back-off.
 *
 * ## Starting State
 * Batch size 8 (or the scenario's), the fleet sized for 60% utilisation at the initial load,
 * all traffic on A, random phase of the daily and weekly load cycle.
 *
 * ## Episode End
 * `terminated` on a catastrophic failure: an outage (error rate >= 50% or no reachable capacity)
 * lasting more than `catastrophicOutageCycles` (20 = 5 min), or a scale-down that leaves no
 * instance at all. `truncated` after `maxCycles` (1000) steps: the time limit is built in.
 *
 * ## Auto-reset (same-step, as in Stable-Baselines3's VecEnv)
 * When env i ends at a step, that step's `reward[i]`, `terminated[i]`, `truncated[i]` belong to
 * the finished episode, `infos.finalObs` row i holds its last observation and `infos.finalTruth`
 * its last truth, and `obs` row i already holds the first observation of the next episode (same
 * scenario, next random draws). With `autoReset: false`, stepping a finished env throws.
 * Returned arrays are reused by the next step: copy what you keep.
 *
 * ## Arguments
 * `numEnvs` (default 1), `scenario` (an id, `{id, params}`, or a list assigned round-robin to
 * envs; default "nominal"), `autoReset` (default true), plus every `SimOptions` field (config.ts).
 *
 * @example
 * const env = new DeployVecEnv({ numEnvs: 64, scenario: ["flash-crowd", "bad-deploy"] });
 * let { obs } = env.reset({ seed: 1 });
 * const actions = new Int32Array(64).fill(ACTION.maintain);
 * const { reward, terminated, truncated } = env.step(actions);
 */
import { Rng } from "../core/rng.js";
import { Box, Discrete } from "../core/spaces.js";
import type { ResetArgs, VecEnv, VecStepResult } from "./types.js";
import { resolveSimConfig, type SimConfig, type SimOptions } from "./config.js";
import { NUM_HASH_ACTIONS, NUM_METRICS, NUM_SAFE_ACTIONS, OBS_DIM, OBS_HIGH, OBS_LOW, TRUTH_DIM } from "./layout.js";
import { kernelParams, resetDeployment, SimState, simulateCycle, type KernelParams } from "./dynamics.js";
import { observe, TelemetryState } from "./telemetry.js";
import { seedStream } from "./streams.js";
import { buildScenario, getScenario, type ScenarioInstance, type ScenarioRef } from "./scenarios.js";

/** Options of {@link DeployVecEnv}. */
export interface DeployVecEnvOptions extends SimOptions {
  /** Number of deployments. Default 1. */
  numEnvs?: number;
  /** Scenario(s); a list is assigned round-robin (env i gets list[i % length]). Default "nominal". */
  scenario?: ScenarioRef | ScenarioRef[];
  /** Reset finished envs inside `step`. Default true. */
  autoReset?: boolean;
}

/** Extra per-step data of the vectorised env (views into reused buffers). */
export interface DeployVecInfos {
  /** Ground truth of the current state, numEnvs x TRUTH_DIM (after any auto-reset). */
  truth: Float64Array;
  /** Truth of the last step of episodes that just ended (valid where terminated|truncated). */
  finalTruth: Float64Array;
  /** Last observation of episodes that just ended (valid where terminated|truncated). */
  finalObs: Float32Array;
  /** Return of episodes that just ended (valid where terminated|truncated). */
  episodeReturn: Float64Array;
  /** Length in steps of episodes that just ended (valid where terminated|truncated). */
  episodeLength: Int32Array;
  /** Why an episode terminated: 0 not terminated, 1 outage too long, 2 action left no capacity. */
  terminationReason: Int32Array;
}

const OBS_SPACE_LOW = OBS_LOW;
const OBS_SPACE_HIGH = OBS_HIGH;

/** Observation space of one deployment (metric dims may be NaN). */
export function deployObservationSpace(): Box {
  return new Box(OBS_SPACE_LOW, OBS_SPACE_HIGH, {
    nanAllowed: Array.from({ length: OBS_DIM }, (_, d) => d < NUM_METRICS),
  });
}

/** The vectorised deployment simulator. See the module doc for the full contract. */
export class DeployVecEnv implements VecEnv<DeployVecInfos> {
  readonly numEnvs: number;
  readonly obsDim = OBS_DIM;
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  /** The resolved configuration. */
  readonly config: SimConfig;
  readonly autoReset: boolean;
  /** Dynamics state (read-only use outside the simulator). */
  readonly state: SimState;
  private readonly tel: TelemetryState;
  private readonly k: KernelParams;
  private refs: ScenarioRef[];
  private readonly rngs: Rng[] = [];
  private readonly scenarios: ScenarioInstance[] = [];
  private readonly episodeIndex: Int32Array;
  private readonly done: Uint8Array;
  private started = false;
  private seed = 0;
  private readonly numActions: number;
  private readonly obs: Float32Array;
  private readonly reward: Float32Array;
  private readonly terminated: Uint8Array;
  private readonly truncated: Uint8Array;
  private readonly infos: DeployVecInfos;
  private readonly result: VecStepResult<DeployVecInfos>;
  private readonly runningReturn: Float64Array;

  /** @throws Error naming the option on bad options or an unknown scenario. */
  constructor(options: DeployVecEnvOptions = {}) {
    const { numEnvs = 1, scenario = "nominal", autoReset = true, ...sim } = options;
    if (!Number.isInteger(numEnvs) || numEnvs < 1 || numEnvs > 1 << 20) {
      throw new Error(`DeployVecEnv: numEnvs must be an integer in [1, 1048576], got ${numEnvs}`);
    }
    this.numEnvs = numEnvs;
    this.autoReset = autoReset;
    this.config = resolveSimConfig(sim);
    this.k = kernelParams(this.config);
    this.refs = normaliseRefs(scenario);
    this.numActions = this.config.actionSet === "safe" ? NUM_SAFE_ACTIONS : NUM_HASH_ACTIONS;
    this.actionSpace = new Discrete(this.numActions);
    this.observationSpace = deployObservationSpace();
    this.state = new SimState(numEnvs);
    this.tel = new TelemetryState(numEnvs);
    this.episodeIndex = new Int32Array(numEnvs);
    this.done = new Uint8Array(numEnvs);
    this.obs = new Float32Array(numEnvs * OBS_DIM);
    this.reward = new Float32Array(numEnvs);
    this.terminated = new Uint8Array(numEnvs);
    this.truncated = new Uint8Array(numEnvs);
    this.runningReturn = new Float64Array(numEnvs);
    this.infos = {
      truth: this.state.truth,
      finalTruth: new Float64Array(numEnvs * TRUTH_DIM),
      finalObs: new Float32Array(numEnvs * OBS_DIM),
      episodeReturn: new Float64Array(numEnvs),
      episodeLength: new Int32Array(numEnvs),
      terminationReason: new Int32Array(numEnvs),
    };
    this.result = {
      obs: this.obs,
      reward: this.reward,
      terminated: this.terminated,
      truncated: this.truncated,
      infos: this.infos,
    };
  }

  /**
   * Start new episodes in every env. `seed` seeds env i with `new Rng(seed).split(i)`; its
   * per-cycle dynamics and telemetry draw from two separate child streams (streams.ts), so the
   * truth does not depend on the telemetry. Without a seed the streams continue (seed 0 at first).
   * `options.scenario` replaces the scenario(s).
   * @throws on an unknown scenario.
   */
  reset(args: ResetArgs = {}): { obs: Float32Array; infos: DeployVecInfos } {
    const opts = args.options ?? {};
    for (const key of Object.keys(opts)) {
      if (key !== "scenario") throw new Error(`DeployVecEnv.reset: unknown option "${key}" (known: scenario)`);
    }
    if (opts.scenario !== undefined) this.refs = normaliseRefs(opts.scenario as ScenarioRef | ScenarioRef[]);
    if (args.seed !== undefined) {
      if (!Number.isFinite(args.seed)) throw new Error(`DeployVecEnv.reset: seed must be a finite number, got ${args.seed}`);
      this.seed = args.seed;
    }
    if (args.seed !== undefined || !this.started) {
      const root = new Rng(this.seed);
      for (let i = 0; i < this.numEnvs; i++) {
        const r = root.split(i);
        this.rngs[i] = r;
        seedStream(this.state.rs, i, r.split("dynamics"));
        seedStream(this.tel.rs, i, r.split("telemetry"));
      }
      this.episodeIndex.fill(0);
    }
    for (let i = 0; i < this.numEnvs; i++) this.resetOne(i);
    this.started = true;
    return { obs: this.obs, infos: this.infos };
  }

  /**
   * Step every env with its action (one per env).
   * @throws before `reset`, on a wrong number of actions, on an action that is not an integer
   * in the action space (NaN included), or on stepping a finished env with `autoReset: false`.
   */
  step(actions: Int32Array | ArrayLike<number>): VecStepResult<DeployVecInfos> {
    if (!this.started) throw new Error("DeployVecEnv.step: call reset() before step()");
    const n = this.numEnvs;
    if (actions.length !== n) throw new Error(`DeployVecEnv.step: expected ${n} actions, got ${actions.length}`);
    const na = this.numActions;
    for (let i = 0; i < n; i++) {
      const a = actions[i]!;
      if (!(a >= 0 && a < na && a === Math.floor(a))) {
        throw new Error(`DeployVecEnv.step: action ${String(a)} of env ${i} is not in ${this.actionSpace.toString()} (integers 0..${na - 1})`);
      }
      if (this.done[i]) throw new Error(`DeployVecEnv.step: env ${i}'s episode is over; call reset()`);
    }
    const s = this.state;
    const k = this.k;
    const tcfg = this.config.telemetry;
    const maxT = this.config.maxCycles;
    const obs = this.obs;
    const infos = this.infos;
    for (let i = 0; i < n; i++) {
      const r = simulateCycle(s, k, i, actions[i]!);
      observe(this.tel, tcfg, i, s.truth, s.telFx, obs);
      this.reward[i] = r;
      this.runningReturn[i]! += r;
      const term = s.termReason[i]! !== 0 ? 1 : 0;
      const trunc = term === 0 && s.t[i]! >= maxT ? 1 : 0;
      this.terminated[i] = term;
      this.truncated[i] = trunc;
      infos.terminationReason[i] = s.termReason[i]!;
      if (term | trunc) {
        infos.episodeReturn[i] = this.runningReturn[i]!;
        infos.episodeLength[i] = s.t[i]!;
        infos.finalObs.set(obs.subarray(i * OBS_DIM, (i + 1) * OBS_DIM), i * OBS_DIM);
        infos.finalTruth.set(s.truth.subarray(i * TRUTH_DIM, (i + 1) * TRUTH_DIM), i * TRUTH_DIM);
        if (this.autoReset) {
          this.episodeIndex[i]!++;
          this.resetOne(i);
        } else this.done[i] = 1;
      }
    }
    return this.result;
  }

  /** The scenario instance (faults, incident windows, remediations) of env i's current episode. */
  scenarioOf(i: number): ScenarioInstance {
    const sc = this.scenarios[i];
    if (!sc) throw new Error(`DeployVecEnv.scenarioOf: env ${i} has no episode yet; call reset()`);
    return sc;
  }

  /** Current cycle of env i (0 right after reset). */
  cycleOf(i: number): number {
    return this.state.t[i]!;
  }

  private resetOne(i: number): void {
    const ref = this.refs[i % this.refs.length]!;
    const rng = this.rngs[i]!;
    const sc = buildScenario(ref, rng.split(`scenario:${this.episodeIndex[i]}`), this.config.maxCycles);
    this.scenarios[i] = sc;
    const bIdx = Math.min(sc.initial.batchIndex ?? this.config.initialBatchIndex, this.config.batchLevels.length - 1);
    resetDeployment(this.state, this.k, this.config, i, sc.faults, bIdx, rng);
    this.tel.resetOne(i);
    observe(this.tel, this.config.telemetry, i, this.state.truth, this.state.telFx, this.obs);
    this.runningReturn[i] = 0;
    this.done[i] = 0;
  }
}

function normaliseRefs(scenario: ScenarioRef | ScenarioRef[]): ScenarioRef[] {
  const list = Array.isArray(scenario) ? scenario : [scenario];
  if (list.length === 0) throw new Error("DeployVecEnv: scenario list must not be empty");
  for (const ref of list) {
    if (typeof ref === "string") getScenario(ref);
    else if (ref && typeof ref === "object" && typeof ref.id === "string") getScenario(ref.id);
    else throw new Error(`DeployVecEnv: scenario must be an id or {id, params}, got ${JSON.stringify(ref)}`);
  }
  return list;
}
