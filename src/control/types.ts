/**
 * The controller contract: something that looks at the deployment's observation each cycle and
 * picks one action (layout.ts ACTION codes). Threshold baseline, HASH, safety layers and oracles
 * all implement it; `runEpisode` (src/sim) drives any of them.
 */

/** A policy over the deployment simulator. */
export interface Controller<I = unknown> {
  /** Short name used in tables, e.g. "threshold-baseline". */
  readonly name: string;
  /** Forget all state (call at the start of each episode). */
  reset(seed?: number): void;
  /**
   * Pick the action for this cycle from the observation (may contain NaN metrics). `info` is the
   * env's info; a fair controller ignores its ground-truth fields.
   */
  act(obs: Float32Array, info?: I): number;
  /**
   * True while the controller believes an incident is under way (its alert is firing); used for
   * time-to-detect. Controllers without it are taken to detect when they first act.
   */
  readonly alerting?: boolean;
}
