/**
 * The vectorised-environment contract the PPO trainer runs on.
 *
 * A `VecEnv` steps `numEnvs` copies of one environment at once on flat typed arrays (row `i` of
 * every array belongs to env `i`). It auto-resets: when env `i` ends (terminated or truncated),
 * `step` returns the first observation of its next episode in `obs` and the last observation of
 * the finished episode in `finalObs`, as Stable-Baselines3's VecEnv and Gymnasium's
 * `SyncVectorEnv(autoreset_mode=SAME_STEP)` do.
 *
 * Returned arrays may be reused by the next `step` (the simulator's do): copy what you keep.
 *
 * `terminated` means the episode ended inside the task (the pole fell, the service is down for
 * good): its value is 0. `truncated` means a time limit cut it: its value is not 0, and a trainer
 * should bootstrap from `finalObs` (Pardo et al. 2018, "Time limits in reinforcement learning").
 */
export interface VecEnv {
  /** Number of environment copies stepped together. */
  readonly numEnvs: number;
  /** Length of one observation (a flat vector of floats). */
  readonly obsDim: number;
  /** Number of discrete actions (actions are integers in [0, numActions)). */
  readonly numActions: number;
  /**
   * Reset every copy. With a `seed`, env `i` is seeded from `deriveSeed(seed, i)` (or the env's
   * own documented rule) so the whole vector is reproducible. Returns `numEnvs * obsDim` floats.
   */
  reset(options?: { seed?: number }): Float32Array;
  /** Step every copy with `actions` (length `numEnvs`), auto-resetting the ones that end. */
  step(actions: Int32Array): VecStepResult;
}

/** What `VecEnv.step` returns; every array has one row per env. */
export interface VecStepResult {
  /** Next observations, `numEnvs * obsDim`; for an env that just ended, the first obs of its new episode. */
  obs: Float32Array;
  /** Reward of this step, `numEnvs`. */
  reward: Float32Array;
  /** 1 where the episode ended inside the task (no bootstrap), `numEnvs`. */
  terminated: Uint8Array;
  /** 1 where a time limit cut the episode (bootstrap from `finalObs`), `numEnvs`. */
  truncated: Uint8Array;
  /**
   * Last observation of the episode that just ended, `numEnvs * obsDim`; only rows with
   * `terminated || truncated` are meaningful. Required for bootstrapping on truncation: a trainer
   * without it treats truncation as termination.
   */
  finalObs?: Float32Array;
  /** Undiscounted return of the episode that just ended, NaN for envs still running, `numEnvs`. */
  episodeReturns?: Float32Array;
  /** Length in steps of the episode that just ended, 0 for envs still running, `numEnvs`. */
  episodeLengths?: Int32Array;
}

/**
 * Check that `env` has the shape of a `VecEnv` and that its sizes are positive integers.
 * @throws Error naming the field that is wrong.
 */
export function assertVecEnv(env: VecEnv): void {
  for (const key of ["numEnvs", "obsDim", "numActions"] as const) {
    const v = env[key];
    if (!Number.isInteger(v) || v <= 0) throw new Error(`VecEnv.${key} must be a positive integer, got ${v}`);
  }
  if (typeof env.reset !== "function") throw new Error("VecEnv.reset must be a function");
  if (typeof env.step !== "function") throw new Error("VecEnv.step must be a function");
}

/**
 * The Gymnasium-style vectorised env of `src/sim` (its `VecEnv` in `src/sim/types.ts`), described
 * structurally so that this module does not depend on the simulator: `reset` returns
 * `{ obs, infos }`, the action count is `actionSpace.n`, and the final observation and episode
 * statistics of finished episodes travel in `infos`.
 */
export interface GymVecEnvLike {
  readonly numEnvs: number;
  readonly obsDim: number;
  readonly actionSpace: { readonly n: number };
  reset(args?: { seed?: number }): { obs: Float32Array; infos?: unknown };
  step(actions: Int32Array): {
    obs: Float32Array;
    reward: Float32Array;
    terminated: Uint8Array;
    truncated: Uint8Array;
    infos?: unknown;
  };
}

/** Options of {@link adaptVecEnv}. */
export interface AdaptVecEnvOptions {
  /**
   * Value substituted for NaN observation entries (the simulator's telemetry dropouts), in
   * `obs` and `finalObs`; the trainer refuses non-finite observations. With the trainer's
   * `normObs` the running statistics see this value. [0]
   */
  nanValue?: number;
}

/**
 * View a simulator-style vectorised env (`GymVecEnvLike`, e.g. `DeployVecEnv`) as the trainer's
 * {@link VecEnv}: `reset` returns the observations, `numActions` comes from `actionSpace.n`,
 * `infos.finalObs` / `infos.episodeReturn` / `infos.episodeLength` become `finalObs` /
 * `episodeReturns` / `episodeLengths` (NaN / 0 for envs still running), and NaN observation
 * entries are replaced by `nanValue`. The arrays returned are fresh copies.
 * @throws Error if the env has no positive integer `actionSpace.n`.
 */
export function adaptVecEnv(env: GymVecEnvLike, options: AdaptVecEnvOptions = {}): VecEnv {
  const nanValue = options.nanValue ?? 0;
  if (!Number.isFinite(nanValue)) throw new Error(`adaptVecEnv: nanValue must be finite, got ${nanValue}`);
  const n = env.actionSpace?.n;
  if (!Number.isInteger(n) || n <= 0) throw new Error(`adaptVecEnv: env.actionSpace.n must be a positive integer, got ${String(n)}`);
  const clean = (a: Float32Array): Float32Array => {
    const out = Float32Array.from(a);
    for (let k = 0; k < out.length; k++) if (Number.isNaN(out[k]!)) out[k] = nanValue;
    return out;
  };
  const adapted: VecEnv = {
    numEnvs: env.numEnvs,
    obsDim: env.obsDim,
    numActions: n,
    reset: (options?: { seed?: number }) => clean(env.reset(options?.seed === undefined ? {} : { seed: options.seed }).obs),
    step: (actions: Int32Array): VecStepResult => {
      const r = env.step(actions);
      const infos = (r.infos ?? {}) as { finalObs?: Float32Array; episodeReturn?: ArrayLike<number>; episodeLength?: ArrayLike<number> };
      const N = env.numEnvs;
      const episodeReturns = new Float32Array(N).fill(NaN);
      const episodeLengths = new Int32Array(N);
      for (let i = 0; i < N; i++) {
        if (!(r.terminated[i] || r.truncated[i])) continue;
        if (infos.episodeReturn) episodeReturns[i] = infos.episodeReturn[i]!;
        if (infos.episodeLength) episodeLengths[i] = infos.episodeLength[i]!;
      }
      const out: VecStepResult = {
        obs: clean(r.obs),
        reward: Float32Array.from(r.reward),
        terminated: Uint8Array.from(r.terminated),
        truncated: Uint8Array.from(r.truncated),
        episodeReturns,
        episodeLengths,
      };
      if (infos.finalObs) out.finalObs = clean(infos.finalObs);
      return out;
    },
  };
  return adapted;
}
