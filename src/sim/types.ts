/**
 * The environment contracts (Gymnasium-style) shared by every simulator in deploylab: the
 * deployment simulator here and, for instance, the reference CartPole env in src/rl.
 *
 * `terminated` means the episode ended inside the task (for the deployment simulator: a
 * catastrophic failure); `truncated` means a time limit cut it. Results are named objects.
 */
import type { Space } from "../core/spaces.js";

/** Arguments of `reset`. */
export interface ResetArgs {
  /** Seed of the episode's random streams; without it the env continues its current streams. */
  seed?: number;
  /** Env-specific options (documented by each env). */
  options?: Record<string, unknown>;
}

/** What `reset` returns. */
export interface ResetResult<O, I> {
  obs: O;
  info: I;
}

/** What `step` returns. */
export interface StepResult<O, I> {
  obs: O;
  reward: number;
  /** The episode ended inside the task (e.g. the service failed catastrophically). */
  terminated: boolean;
  /** A time limit ended the episode. */
  truncated: boolean;
  info: I;
}

/**
 * A single environment (Gymnasium `Env`): `reset` then `step` until `terminated || truncated`.
 * `step` must throw before the first `reset`, after the episode ended, and on actions outside
 * `actionSpace`.
 */
export interface Env<O = Float32Array, A = number, I = Record<string, unknown>> {
  readonly observationSpace: Space<O>;
  readonly actionSpace: Space<A>;
  reset(args?: ResetArgs): ResetResult<O, I>;
  step(action: A): StepResult<O, I>;
}

/** What a vectorised env's `step` returns. Buffers are reused: copy what you keep. */
export interface VecStepResult<I = unknown> {
  /** Observations, row-major `numEnvs x obsDim`. Rows of finished envs already hold the next episode's first observation (auto-reset). */
  obs: Float32Array;
  reward: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  infos?: I;
}

/** A vectorised env: N independent copies stepped together on typed arrays. */
export interface VecEnv<I = unknown> {
  readonly numEnvs: number;
  readonly obsDim: number;
  /** Space of ONE env's observation. */
  readonly observationSpace: Space<Float32Array>;
  /** Space of ONE env's action. */
  readonly actionSpace: Space<number>;
  reset(args?: ResetArgs): { obs: Float32Array; infos?: I };
  step(actions: Int32Array | ArrayLike<number>): VecStepResult<I>;
}
