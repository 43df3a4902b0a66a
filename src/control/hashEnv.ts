/**
 * HashVecEnv: N deployment simulators seen through HASH's observation (hashObservation.ts), as the
 * PPO trainer's `VecEnv` (src/rl/vecEnv.ts).
 *
 * ## Description
 * Each env is one `DeployEnv` (src/sim) with its own {@link HashObservationBuilder}: hybrid
 * detectors per monitored metric, the feedback loop, the last action. Each env cycles through a
 * seeded shuffle of `scenarios` (a new scenario at every episode), so a small vector still sees
 * the whole catalogue during training.
 *
 * ## Action Space
 * `Discrete(6)`: HASH's increaseBatch, decreaseBatch, scaleUp, scaleDown, shiftToB, maintain.
 *
 * ## Observation Space
 * `Box(D)` of finite floats, D = `hashObsDim(K)` (36 for K = 3), see hashObservation.ts.
 *
 * ## Rewards
 * The simulator's HASH reward R = w1(-dLatency) + w2(dThroughput) + w3(-dError) - w4 ResourceCost
 * (+ the optional `sla` / `catastrophe` terms), with the weights of `sim.reward`.
 *
 * ## Starting State / Episode End
 * As the simulator's; episodes are `sim.maxCycles` long (truncated), or end early on a
 * catastrophic failure (terminated). Same-step auto-reset, `finalObs` for bootstrapping.
 *
 * ## Arguments
 * `numEnvs` [8], `scenarios` [the whole catalogue], `sim` (SimOptions, e.g. `maxCycles`, `reward`),
 * `observation` (HashObservationOptions), `fitCycles` [160]: length of the nominal warm-up stream
 * each env's detectors are fitted on in `reset`.
 */
import { Rng, deriveSeed } from "../core/rng.js";
import type { SimOptions } from "../sim/config.js";
import { DeployEnv } from "../sim/env.js";
import { NUM_HASH_ACTIONS, OBS, OBS_DIM, ACTION } from "../sim/layout.js";
import { scenarioIds } from "../sim/scenarios.js";
import type { VecEnv, VecStepResult } from "../rl/vecEnv.js";
import { HashObservationBuilder, type HashObservationOptions } from "./hashObservation.js";

/** Options of {@link HashVecEnv}. */
export interface HashVecEnvOptions {
  numEnvs?: number;
  scenarios?: string[];
  sim?: SimOptions;
  observation?: HashObservationOptions;
  fitCycles?: number;
}

/**
 * Record a nominal stream of raw observations (rows of OBS_DIM) under a simple HPA-like rule, to
 * fit detectors on: the "normal" data a monitoring stack sees before HASH takes over.
 */
export function nominalStream(cycles: number, seed: number, sim: SimOptions = {}): Float32Array {
  if (!Number.isInteger(cycles) || cycles < 2) throw new Error(`nominalStream: cycles must be an integer >= 2, got ${cycles}`);
  const env = new DeployEnv({ ...sim, maxCycles: Math.max(cycles, 2), scenario: "nominal" });
  const rows = new Float32Array(cycles * OBS_DIM);
  let { obs } = env.reset({ seed });
  for (let t = 0; t < cycles; t++) {
    rows.set(obs, t * OBS_DIM);
    const u = obs[OBS.gpuUtil]!;
    const a = u > 0.8 ? ACTION.scaleUp : u < 0.4 && obs[OBS.readyInstances]! > 2 ? ACTION.scaleDown : ACTION.maintain;
    const r = env.step(a);
    obs = r.obs;
    if (r.terminated || r.truncated) break;
  }
  return rows;
}

/** The vectorised HASH training env. See the module doc. */
export class HashVecEnv implements VecEnv {
  readonly numEnvs: number;
  readonly obsDim: number;
  readonly numActions = NUM_HASH_ACTIONS;
  readonly builders: HashObservationBuilder[];
  private readonly envs: DeployEnv[];
  private readonly scenarios: string[];
  private readonly order: string[][] = [];
  private readonly pos: Int32Array;
  private readonly fitCycles: number;
  private readonly sim: SimOptions;
  private rngs: Rng[] = [];
  private episodeReturn: Float64Array;
  private episodeLen: Int32Array;
  private started = false;
  private readonly obs: Float32Array;

  /** @throws Error naming the option on bad options or an unknown scenario. */
  constructor(options: HashVecEnvOptions = {}) {
    const n = options.numEnvs ?? 8;
    if (!Number.isInteger(n) || n < 1) throw new Error(`HashVecEnv: numEnvs must be a positive integer, got ${n}`);
    this.numEnvs = n;
    this.scenarios = options.scenarios ?? scenarioIds();
    if (this.scenarios.length === 0) throw new Error("HashVecEnv: scenarios must not be empty");
    this.fitCycles = options.fitCycles ?? 160;
    if (!Number.isInteger(this.fitCycles) || this.fitCycles < 40) throw new Error(`HashVecEnv: fitCycles must be an integer >= 40, got ${this.fitCycles}`);
    this.sim = options.sim ?? {};
    this.envs = Array.from({ length: n }, () => new DeployEnv({ ...this.sim, scenario: this.scenarios[0]! }));
    this.builders = Array.from({ length: n }, (_, i) => new HashObservationBuilder({ ...(options.observation ?? {}), seed: (options.observation?.seed ?? 0) + i }));
    this.obsDim = this.builders[0]!.dim;
    this.pos = new Int32Array(n);
    this.episodeReturn = new Float64Array(n);
    this.episodeLen = new Int32Array(n);
    this.obs = new Float32Array(n * this.obsDim);
  }

  /**
   * Seed every env (env i from `deriveSeed(seed, i)`), fit its detectors on a nominal stream (first
   * call only) and start the first episodes.
   */
  reset(options: { seed?: number } = {}): Float32Array {
    const seed = options.seed ?? 0;
    this.rngs = Array.from({ length: this.numEnvs }, (_, i) => new Rng(deriveSeed(seed, i)));
    for (let i = 0; i < this.numEnvs; i++) {
      const b = this.builders[i]!;
      if (!b.isFitted) b.fit(nominalStream(this.fitCycles, deriveSeed(seed, `fit${i}`), this.sim), this.fitCycles);
      this.order[i] = this.rngs[i]!.shuffle([...this.scenarios]);
      this.pos[i] = i % this.scenarios.length;
      this.startEpisode(i, this.obs);
    }
    this.started = true;
    return Float32Array.from(this.obs);
  }

  private startEpisode(i: number, out: Float32Array): void {
    const list = this.order[i]!;
    const sc = list[this.pos[i]! % list.length]!;
    this.pos[i]!++;
    const { obs } = this.envs[i]!.reset({ seed: this.rngs[i]!.int(2 ** 31), options: { scenario: sc } });
    const b = this.builders[i]!;
    b.reset();
    b.observe(obs, out, i * this.obsDim);
    this.episodeReturn[i] = 0;
    this.episodeLen[i] = 0;
  }

  /** Step every env; finished episodes start the next scenario at once (same-step auto-reset). */
  step(actions: Int32Array): VecStepResult {
    if (!this.started) throw new Error("HashVecEnv.step: call reset() before step()");
    const n = this.numEnvs;
    if (actions.length !== n) throw new Error(`HashVecEnv.step: expected ${n} actions, got ${actions.length}`);
    const D = this.obsDim;
    const reward = new Float32Array(n);
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    const finalObs = new Float32Array(n * D);
    const episodeReturns = new Float32Array(n).fill(NaN);
    const episodeLengths = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const a = actions[i]!;
      this.builders[i]!.recordAction(a);
      const r = this.envs[i]!.step(a);
      reward[i] = r.reward;
      this.episodeReturn[i]! += r.reward;
      this.episodeLen[i]!++;
      this.builders[i]!.observe(r.obs, this.obs, i * D);
      if (r.terminated || r.truncated) {
        terminated[i] = r.terminated ? 1 : 0;
        truncated[i] = r.terminated ? 0 : 1;
        finalObs.set(this.obs.subarray(i * D, (i + 1) * D), i * D);
        episodeReturns[i] = this.episodeReturn[i]!;
        episodeLengths[i] = this.episodeLen[i]!;
        this.startEpisode(i, this.obs);
      }
    }
    return { obs: Float32Array.from(this.obs), reward, terminated, truncated, finalObs, episodeReturns, episodeLengths };
  }

  /** Free the detectors' tfjs memory. */
  dispose(): void {
    for (const b of this.builders) b.dispose();
  }
}
