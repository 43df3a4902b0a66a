/**
 * The deployment-manager contract: at every production request a manager routes the request to
 * one of the candidate models, then observes the outcome. This is the bandit loop of arXiv
 * 2503.22595 with models as arms.
 *
 * Feedback model (ours; the paper's protocol is not public): the label of a request arrives right
 * after it is served, so the served model's reward is known at once. Because inputs are logged,
 * the rewards every other model *would* have earned on that request can also be computed by
 * replay; `observe` receives both. Bandit managers use only the served model's reward (bandit
 * feedback); validation-based selection uses the replayed rewards on a rolling labelled window
 * (full information), as a team re-validating on fresh labelled data would.
 */

/** What a manager knows before production starts. */
export interface ManagerContext {
  /** Number of candidate models (arms). */
  nModels: number;
  /** Candidate names, index-aligned with the arms. */
  modelNames: string[];
  /** Mean reward of each model on the held-out validation split. */
  validationReward: Float64Array;
  /** Seed for the manager's own randomness. */
  seed: number;
}

/** One request's outcome. */
export interface Feedback {
  /** The model that served it. */
  served: number;
  /** Its reward in [0, 1]. */
  reward: number;
  /** The reward each model would have earned (replay on the logged input). */
  rewards: ArrayLike<number>;
}

/** A deployment strategy. `start` must be called before `route`. */
export interface DeploymentManager {
  /** Identifier used in tables, e.g. "ab-testing". */
  readonly name: string;
  /** Reset to the start of production. */
  start(ctx: ManagerContext): void;
  /** The model that serves the next request. */
  route(): number;
  /** Outcome of the request just routed. */
  observe(feedback: Feedback): void;
  /** Called after the last request of every chunk (e.g. for periodic re-selection). */
  endChunk(): void;
  /** Explicit rollbacks performed so far (A/B testing's roll back on failure; 0 for others). */
  explicitRollbacks(): number;
}

/** Index of the largest value (first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
