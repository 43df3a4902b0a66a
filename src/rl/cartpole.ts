/**
 * A port of Gymnasium's CartPole-v1 (classic control), single and vectorised: the reference task
 * the PPO trainer is verified on.
 *
 * ## Description
 * A pole is attached by an unactuated joint to a cart moving along a frictionless track. The pole
 * starts upright; the goal is to keep it upright by pushing the cart left or right (Barto, Sutton
 * & Anderson 1983, "Neuronlike adaptive elements that can solve difficult learning control
 * problems"). Dynamics are Gymnasium's: the Florian (2007) corrected equations, integrated with
 * explicit Euler at tau = 0.02 s, gravity 9.8, cart mass 1.0, pole mass 0.1, pole half-length 0.5,
 * push force 10 N. The state is kept in float64 and observed as float32, as in Gymnasium.
 *
 * ## Action Space
 * Discrete(2): `0` pushes the cart to the left, `1` pushes it to the right (force magnitude 10 N).
 *
 * ## Observation Space
 * A Box of 4 float32:
 *
 * | index | observation           | unit  | min                  | max                 |
 * | ----- | --------------------- | ----- | -------------------- | ------------------- |
 * | 0     | cart position         | m     | -4.8                 | 4.8                 |
 * | 1     | cart velocity         | m/s   | -Inf (float32 max)   | Inf (float32 max)   |
 * | 2     | pole angle            | rad   | ~ -0.418 (-24 deg)   | ~ 0.418 (24 deg)    |
 * | 3     | pole angular velocity | rad/s | -Inf (float32 max)   | Inf (float32 max)   |
 *
 * The bounds are those of the space; an episode terminates well inside them (|x| > 2.4,
 * |angle| > 12 degrees).
 *
 * ## Rewards
 * +1 for every step taken, including the step on which the episode terminates (Gymnasium's
 * default, `sutton_barto_reward=False`). The maximum return is `maxEpisodeSteps` (500).
 *
 * ## Starting State
 * Every state variable uniform on (-0.05, 0.05), drawn from the env's seeded `Rng`.
 *
 * ## Episode End
 * Terminated when the pole angle leaves +-12 degrees (12 * 2 * pi / 360 rad) or the cart position
 * leaves +-2.4. Truncated when the episode reaches `maxEpisodeSteps` steps (Gymnasium's TimeLimit
 * wrapper; 500 for CartPole-v1). Both can be true on the same step.
 *
 * ## Arguments
 * - `maxEpisodeSteps` (default 500): the time limit (200 gives CartPole-v0).
 * - `seed` (default 0): the stream used by `reset()` calls that pass no seed.
 * - `numEnvs` (VecCartPole only, default 4): number of copies; copy `i` reset with seed `s` is
 *   the single env reset with seed `deriveSeed(s, i)`.
 *
 * Reference: Gymnasium `gymnasium/envs/classic_control/cartpole.py` (Farama Foundation), version 1.x.
 *
 * @example
 * const env = new CartPoleEnv();
 * let { obs } = env.reset({ seed: 1 });
 * const { reward, terminated } = env.step(1);
 */
import { Rng, deriveSeed } from "../core/rng.js";
import { Box, Discrete } from "../core/spaces.js";
import type { Env } from "../sim/types.js";
import type { VecEnv, VecStepResult } from "./vecEnv.js";

/** Physical constants of CartPole-v1 (Gymnasium's values). */
export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  /** Half the pole's length (m). */
  length: 0.5,
  forceMag: 10.0,
  /** Seconds between state updates. */
  tau: 0.02,
  /** Termination angle: 12 degrees in radians. */
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  /** Termination cart position (m). */
  xThreshold: 2.4,
} as const;

const TOTAL_MASS = CARTPOLE.massPole + CARTPOLE.massCart;
const POLEMASS_LENGTH = CARTPOLE.massPole * CARTPOLE.length;
const F32_MAX = 3.4028234663852886e38;

/** Options of {@link CartPoleEnv} and {@link VecCartPole}. */
export interface CartPoleOptions {
  /** Time limit in steps; episodes reaching it are truncated. Default 500 (CartPole-v1). */
  maxEpisodeSteps?: number;
  /** Seed of the stream used when `reset()` is called without one. Default 0. */
  seed?: number;
}

/** Observation space of CartPole (see the module doc's table). */
export function cartPoleObservationSpace(): Box {
  const high = [CARTPOLE.xThreshold * 2, F32_MAX, CARTPOLE.thetaThreshold * 2, F32_MAX];
  return new Box(
    high.map((h) => -h),
    high,
  );
}

/** Action names, by index. */
export const CARTPOLE_ACTIONS = ["push left", "push right"] as const;

/**
 * One Euler step of the CartPole dynamics on `s` (float64, [x, xDot, theta, thetaDot]) at offset
 * `o`, in place. Returns true when the new state is terminal.
 */
function integrate(s: Float64Array, o: number, action: number): boolean {
  const x = s[o]!;
  const xDot = s[o + 1]!;
  const theta = s[o + 2]!;
  const thetaDot = s[o + 3]!;
  const force = action === 1 ? CARTPOLE.forceMag : -CARTPOLE.forceMag;
  const cosT = Math.cos(theta);
  const sinT = Math.sin(theta);
  // Florian (2007), "Correct equations for the dynamics of the cart-pole system", eqs. 23-24
  // (no friction), exactly as Gymnasium evaluates them.
  const temp = (force + POLEMASS_LENGTH * thetaDot * thetaDot * sinT) / TOTAL_MASS;
  const thetaAcc =
    (CARTPOLE.gravity * sinT - cosT * temp) /
    (CARTPOLE.length * (4.0 / 3.0 - (CARTPOLE.massPole * cosT * cosT) / TOTAL_MASS));
  const xAcc = temp - (POLEMASS_LENGTH * thetaAcc * cosT) / TOTAL_MASS;
  // Explicit Euler (Gymnasium's default kinematics_integrator="euler"): positions use the old velocities.
  const nx = x + CARTPOLE.tau * xDot;
  const nxDot = xDot + CARTPOLE.tau * xAcc;
  const nTheta = theta + CARTPOLE.tau * thetaDot;
  const nThetaDot = thetaDot + CARTPOLE.tau * thetaAcc;
  s[o] = nx;
  s[o + 1] = nxDot;
  s[o + 2] = nTheta;
  s[o + 3] = nThetaDot;
  return (
    nx < -CARTPOLE.xThreshold ||
    nx > CARTPOLE.xThreshold ||
    nTheta < -CARTPOLE.thetaThreshold ||
    nTheta > CARTPOLE.thetaThreshold
  );
}

function checkMaxSteps(name: string, v: number): number {
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name}: maxEpisodeSteps must be a positive integer, got ${v}`);
  return v;
}

/** Info returned by {@link CartPoleEnv.step}. */
export interface CartPoleInfo {
  /** Steps taken in the current episode (after this step). */
  elapsedSteps: number;
}

/**
 * Gymnasium's CartPole-v1 with its TimeLimit(500): see the module documentation for the
 * Description, Action Space, Observation Space, Rewards, Starting State, Episode End and Arguments.
 * @throws Error on a bad `maxEpisodeSteps`, on `step` before `reset` or after the episode ended,
 *   and on an action outside {0, 1}.
 */
export class CartPoleEnv implements Env<Float32Array, number, CartPoleInfo> {
  readonly observationSpace: Box = cartPoleObservationSpace();
  readonly actionSpace: Discrete = new Discrete(2);
  readonly maxEpisodeSteps: number;
  private rng: Rng;
  private readonly stateArr = new Float64Array(4);
  private elapsed = 0;
  private needsReset = true;

  constructor(options: CartPoleOptions = {}) {
    this.maxEpisodeSteps = checkMaxSteps("CartPoleEnv", options.maxEpisodeSteps ?? 500);
    this.rng = new Rng(options.seed ?? 0);
  }

  /** Start an episode; with `seed`, reseed the env's stream first (Gymnasium semantics). */
  reset(options: { seed?: number; options?: Record<string, unknown> } = {}): { obs: Float32Array; info: CartPoleInfo } {
    if (options.seed !== undefined) this.rng = new Rng(options.seed);
    for (let i = 0; i < 4; i++) this.stateArr[i] = this.rng.uniform(-0.05, 0.05);
    this.elapsed = 0;
    this.needsReset = false;
    return { obs: Float32Array.from(this.stateArr), info: { elapsedSteps: 0 } };
  }

  /** The current physical state [x, xDot, theta, thetaDot] (float64 copy). */
  get state(): Float64Array {
    return this.stateArr.slice();
  }

  /**
   * Overwrite the physical state (as Gymnasium's `env.unwrapped.state = ...`), for tests and
   * teaching; the step counter is kept.
   * @throws Error if `state` does not hold 4 finite numbers, or before `reset`.
   */
  setState(state: ArrayLike<number>): void {
    if (this.needsReset) throw new Error("CartPoleEnv.setState: call reset() first");
    if (state.length !== 4) throw new Error(`CartPoleEnv.setState: state must have 4 values, got ${state.length}`);
    for (let i = 0; i < 4; i++) {
      if (!Number.isFinite(state[i])) throw new Error(`CartPoleEnv.setState: state[${i}] is not finite`);
      this.stateArr[i] = state[i]!;
    }
  }

  /** Apply `action` (0 = push left, 1 = push right) for one tau. */
  step(action: number): {
    obs: Float32Array;
    reward: number;
    terminated: boolean;
    truncated: boolean;
    info: CartPoleInfo;
  } {
    if (this.needsReset) throw new Error("CartPoleEnv.step: call reset() first (or again: the episode has ended)");
    if (action !== 0 && action !== 1) throw new Error(`CartPoleEnv.step: action must be 0 or 1, got ${action}`);
    const terminated = integrate(this.stateArr, 0, action);
    this.elapsed++;
    const truncated = this.elapsed >= this.maxEpisodeSteps;
    if (terminated || truncated) this.needsReset = true;
    return {
      obs: Float32Array.from(this.stateArr),
      reward: 1,
      terminated,
      truncated,
      info: { elapsedSteps: this.elapsed },
    };
  }
}

/**
 * `numEnvs` CartPole-v1 copies stepped together on flat typed arrays, with same-step auto-reset
 * (the {@link VecEnv} contract). Copy `i` reset with seed `s` follows exactly the trajectory of a
 * {@link CartPoleEnv} reset with seed `deriveSeed(s, i)` under the same actions; its later
 * auto-resets continue that copy's stream.
 * @throws Error on a bad `numEnvs`/`maxEpisodeSteps`, on `step` before `reset`, on a wrong-length
 *   actions array or an action outside {0, 1}.
 */
export class VecCartPole implements VecEnv {
  readonly numEnvs: number;
  readonly obsDim = 4;
  readonly numActions = 2;
  readonly maxEpisodeSteps: number;
  readonly observationSpace: Box = cartPoleObservationSpace();
  readonly actionSpace: Discrete = new Discrete(2);
  private rngs: Rng[];
  private readonly state: Float64Array;
  private readonly elapsed: Int32Array;
  private readonly returns: Float64Array;
  private started = false;
  private readonly defaultSeed: number;

  constructor(options: CartPoleOptions & { numEnvs?: number } = {}) {
    const n = options.numEnvs ?? 4;
    if (!Number.isInteger(n) || n <= 0) throw new Error(`VecCartPole: numEnvs must be a positive integer, got ${n}`);
    this.numEnvs = n;
    this.maxEpisodeSteps = checkMaxSteps("VecCartPole", options.maxEpisodeSteps ?? 500);
    this.defaultSeed = options.seed ?? 0;
    this.rngs = this.makeRngs(this.defaultSeed);
    this.state = new Float64Array(n * 4);
    this.elapsed = new Int32Array(n);
    this.returns = new Float64Array(n);
  }

  private makeRngs(seed: number): Rng[] {
    return Array.from({ length: this.numEnvs }, (_, i) => new Rng(deriveSeed(seed, i)));
  }

  private resetOne(i: number): void {
    const rng = this.rngs[i]!;
    for (let k = 0; k < 4; k++) this.state[i * 4 + k] = rng.uniform(-0.05, 0.05);
    this.elapsed[i] = 0;
    this.returns[i] = 0;
  }

  /** Reset every copy (see the class doc for how `seed` is split across copies). */
  reset(options: { seed?: number } = {}): Float32Array {
    if (options.seed !== undefined) this.rngs = this.makeRngs(options.seed);
    for (let i = 0; i < this.numEnvs; i++) this.resetOne(i);
    this.started = true;
    return Float32Array.from(this.state);
  }

  /** Step every copy; copies whose episode ends are reset and report `finalObs`/`episodeReturns`. */
  step(actions: Int32Array): VecStepResult {
    if (!this.started) throw new Error("VecCartPole.step: call reset() first");
    const n = this.numEnvs;
    if (actions.length !== n) throw new Error(`VecCartPole.step: actions has length ${actions.length}, expected numEnvs=${n}`);
    const obs = new Float32Array(n * 4);
    const finalObs = new Float32Array(n * 4);
    const reward = new Float32Array(n);
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    const episodeReturns = new Float32Array(n).fill(NaN);
    const episodeLengths = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const a = actions[i]!;
      if (a !== 0 && a !== 1) throw new Error(`VecCartPole.step: actions[${i}] must be 0 or 1, got ${a}`);
      const term = integrate(this.state, i * 4, a);
      this.elapsed[i]!++;
      this.returns[i]! += 1;
      reward[i] = 1;
      const trunc = this.elapsed[i]! >= this.maxEpisodeSteps;
      if (term || trunc) {
        terminated[i] = term ? 1 : 0;
        truncated[i] = trunc ? 1 : 0;
        for (let k = 0; k < 4; k++) finalObs[i * 4 + k] = this.state[i * 4 + k]!;
        episodeReturns[i] = this.returns[i]!;
        episodeLengths[i] = this.elapsed[i]!;
        this.resetOne(i);
      }
      for (let k = 0; k < 4; k++) obs[i * 4 + k] = this.state[i * 4 + k]!;
    }
    return { obs, reward, terminated, truncated, finalObs, episodeReturns, episodeLengths };
  }
}
