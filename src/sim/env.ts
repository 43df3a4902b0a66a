/**
 * DeployEnv: one model-serving deployment with the Gymnasium contract. It is a `DeployVecEnv` of
 * one env without auto-reset, so it shares the vectorised env's dynamics kernel exactly: with the
 * same seed and actions, `DeployEnv` and env 0 of a `DeployVecEnv` produce identical trajectories.
 * See vecEnv.ts for the Description / Action Space / Observation Space / Rewards / Starting State /
 * Episode End sections, and layout.ts for the observation table with units.
 *
 * ## Arguments
 * `scenario` (id or `{id, params}`, default "nominal") and every `SimOptions` field (config.ts).
 *
 * @example
 * const env = new DeployEnv({ scenario: "bad-deploy" });
 * let { obs, info } = env.reset({ seed: 7 });
 * const step = env.step(ACTION.shiftToB);
 */
import type { Box, Discrete } from "../core/spaces.js";
import type { Env, ResetArgs, ResetResult, StepResult } from "./types.js";
import type { SimConfig, SimOptions } from "./config.js";
import { CYCLE_SECONDS, OBS_DIM, TRUTH, TRUTH_DIM, type ActionName } from "./layout.js";
import { DeployVecEnv } from "./vecEnv.js";
import type { IncidentWindow, ScenarioInstance, ScenarioRef } from "./scenarios.js";

/** Options of {@link DeployEnv}. */
export interface DeployEnvOptions extends SimOptions {
  /** Scenario id or `{id, params}`. Default "nominal". */
  scenario?: ScenarioRef;
}

/** What `DeployEnv` puts in `info` (ground truth: for evaluation and oracles, never for a fair controller). */
export interface DeployInfo {
  /** Cycle index (0 right after reset). */
  cycle: number;
  /** Simulated seconds since reset. */
  timeSec: number;
  /** Scenario id. */
  scenario: string;
  /** Ground truth vector (layout.ts TRUTH), a copy. */
  truth: Float64Array;
  /** True while a scenario fault window is active. */
  incidentActive: boolean;
  /** 0 healthy, 1 degraded, 2 down. */
  health: number;
  /** 0 not terminated, 1 outage too long, 2 an action left no capacity. */
  terminationReason: number;
  /** The scenario's incident windows. */
  incidents: readonly IncidentWindow[];
  /** Remediations that help in this scenario. */
  helps: readonly ActionName[];
}

/** The single-deployment simulator (a vector of one over the shared kernel). */
export class DeployEnv implements Env<Float32Array, number, DeployInfo> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly config: SimConfig;
  private readonly vec: DeployVecEnv;
  private readonly act = new Int32Array(1);
  private started = false;
  private over = false;

  /** @throws Error naming the option on bad options or an unknown scenario. */
  constructor(options: DeployEnvOptions = {}) {
    const { scenario = "nominal", ...sim } = options;
    if (Array.isArray(scenario)) throw new Error("DeployEnv: scenario must be one id or {id, params}; use DeployVecEnv for several");
    this.vec = new DeployVecEnv({ ...sim, scenario, numEnvs: 1, autoReset: false });
    this.config = this.vec.config;
    this.observationSpace = this.vec.observationSpace;
    this.actionSpace = this.vec.actionSpace;
  }

  /**
   * Start an episode. `options.scenario` switches the scenario.
   * @throws on an unknown scenario or option.
   */
  reset(args: ResetArgs = {}): ResetResult<Float32Array, DeployInfo> {
    const { obs } = this.vec.reset(args);
    this.started = true;
    this.over = false;
    return { obs: obs.slice(0, OBS_DIM), info: this.info() };
  }

  /**
   * Advance one control cycle (15 s).
   * @throws before reset, after the episode ended, or if `action` is not in `actionSpace`.
   */
  step(action: number): StepResult<Float32Array, DeployInfo> {
    if (!this.started) throw new Error("DeployEnv.step: call reset() before step()");
    if (this.over) throw new Error("DeployEnv.step: the episode is over (terminated or truncated); call reset()");
    if (!this.actionSpace.contains(action)) {
      throw new Error(`DeployEnv.step: action ${String(action)} is not in ${this.actionSpace.toString()} (integers 0..${this.actionSpace.n - 1})`);
    }
    this.act[0] = action;
    const r = this.vec.step(this.act);
    const terminated = r.terminated[0] === 1;
    const truncated = r.truncated[0] === 1;
    this.over = terminated || truncated;
    return { obs: r.obs.slice(0, OBS_DIM), reward: r.reward[0]!, terminated, truncated, info: this.info() };
  }

  /** The current episode's scenario (faults, incident windows, remediations). */
  get scenario(): ScenarioInstance {
    return this.vec.scenarioOf(0);
  }

  private info(): DeployInfo {
    const truth = this.vec.state.truth.slice(0, TRUTH_DIM);
    const cycle = this.vec.cycleOf(0);
    const sc = this.vec.scenarioOf(0);
    return {
      cycle,
      timeSec: cycle * CYCLE_SECONDS,
      scenario: sc.id,
      truth,
      incidentActive: truth[TRUTH.incidentActive] === 1,
      health: truth[TRUTH.health]!,
      terminationReason: this.vec.state.termReason[0]!,
      incidents: sc.incidents,
      helps: sc.helps,
    };
  }
}
