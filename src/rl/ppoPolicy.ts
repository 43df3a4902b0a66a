/**
 * A trained PPO policy for discrete actions, separate from training: `act(obs, { deterministic })`
 * in plain JavaScript (no tensors to dispose), with the observation normalisation frozen at the
 * end of training. Serialises to JSON and back (`toJSON` / `PpoPolicy.fromJSON`).
 */
import { Rng } from "../core/rng.js";
import { cloneMlpWeights, mlpForward, mlpWeightsFromJson, mlpWeightsToJson } from "./nets.js";
import type { MlpWeights, MlpWeightsJson } from "./nets.js";
import { normalizeWith } from "./runningStats.js";

/** Frozen observation normalisation: `clip((obs - mean) / sqrt(var + 1e-8), -clip, clip)`. */
export interface ObsNormalization {
  mean: number[];
  var: number[];
  clip: number;
}

/** What a {@link PpoPolicy} is built from. */
export interface PpoPolicyParts {
  /** Policy network: obs -> action logits. */
  actor: MlpWeights;
  /** Value network: obs -> state value (kept for inspection and `value`). */
  critic: MlpWeights;
  /** Observation normalisation, or null when training used raw observations. */
  obsNorm: ObsNormalization | null;
}

/** The JSON form of a {@link PpoPolicy}. */
export interface PpoPolicyJson {
  format: "deploylab.ppo-policy";
  version: 1;
  obsDim: number;
  numActions: number;
  actor: MlpWeightsJson;
  critic: MlpWeightsJson;
  obsNorm: ObsNormalization | null;
}

/** Options of {@link PpoPolicy}. */
export interface PpoPolicyOptions {
  /** Seed of the stream stochastic actions are sampled from. [0] */
  seed?: number;
}

/**
 * A categorical policy over `numActions` actions given `obsDim`-float observations.
 * @throws Error if the actor and critic disagree on the observation size, or the critic does not
 *   output one value, or the normalisation has the wrong length; `act` throws on a wrong-length
 *   observation.
 * @example
 * const { policy } = await trainPpo(new VecCartPole(), { totalTimesteps: 50_000 });
 * const a = policy.act(obs, { deterministic: true });
 */
export class PpoPolicy {
  readonly obsDim: number;
  readonly numActions: number;
  private readonly parts: PpoPolicyParts;
  private readonly rng: Rng;

  constructor(parts: PpoPolicyParts, options: PpoPolicyOptions = {}) {
    const obsDim = parts.actor.sizes[0]!;
    if (parts.critic.sizes[0] !== obsDim) {
      throw new Error(`PpoPolicy: critic input size ${parts.critic.sizes[0]} differs from actor input size ${obsDim}`);
    }
    if (parts.critic.sizes[parts.critic.sizes.length - 1] !== 1) throw new Error("PpoPolicy: critic must output 1 value");
    if (parts.obsNorm && (parts.obsNorm.mean.length !== obsDim || parts.obsNorm.var.length !== obsDim)) {
      throw new Error(`PpoPolicy: obsNorm mean/var must have obsDim=${obsDim} entries`);
    }
    this.obsDim = obsDim;
    this.numActions = parts.actor.sizes[parts.actor.sizes.length - 1]!;
    this.parts = {
      actor: cloneMlpWeights(parts.actor),
      critic: cloneMlpWeights(parts.critic),
      obsNorm: parts.obsNorm ? { mean: [...parts.obsNorm.mean], var: [...parts.obsNorm.var], clip: parts.obsNorm.clip } : null,
    };
    this.rng = new Rng(options.seed ?? 0);
  }

  private prepare(obs: ArrayLike<number>, batch: number, where: string): ArrayLike<number> {
    if (obs.length !== batch * this.obsDim) {
      throw new Error(`PpoPolicy.${where}: observation has ${obs.length} values, expected ${batch} x obsDim (${this.obsDim})`);
    }
    const n = this.parts.obsNorm;
    return n ? normalizeWith(n.mean, n.var, n.clip, obs) : obs;
  }

  /** Action probabilities for one observation (softmax of the logits). */
  probs(obs: ArrayLike<number>): Float32Array {
    const logits = mlpForward(this.parts.actor, this.prepare(obs, 1, "probs"), 1);
    return softmax(logits, 0, this.numActions);
  }

  /** The critic's value estimate V(obs) for one observation. */
  value(obs: ArrayLike<number>): number {
    return mlpForward(this.parts.critic, this.prepare(obs, 1, "value"), 1)[0]!;
  }

  /**
   * An action for one observation: the most probable one when `deterministic`, otherwise a
   * sample from the policy's own seeded stream. [deterministic = false, as SB3's `predict`]
   */
  act(obs: ArrayLike<number>, options: { deterministic?: boolean } = {}): number {
    return this.actBatch(obs, 1, options)[0]!;
  }

  /** Actions for `batch` observations stacked row-major (one forward pass for all). */
  actBatch(obs: ArrayLike<number>, batch: number, options: { deterministic?: boolean } = {}): Int32Array {
    const logits = mlpForward(this.parts.actor, this.prepare(obs, batch, "actBatch"), batch);
    const out = new Int32Array(batch);
    const A = this.numActions;
    for (let r = 0; r < batch; r++) {
      if (options.deterministic) {
        let best = 0;
        for (let a = 1; a < A; a++) if (logits[r * A + a]! > logits[r * A + best]!) best = a;
        out[r] = best;
      } else {
        out[r] = sampleCategorical(logits, r * A, A, this.rng.next()).action;
      }
    }
    return out;
  }

  /** Copies of the networks and normalisation (e.g. for export as a tfjs model). */
  getParts(): PpoPolicyParts {
    return {
      actor: cloneMlpWeights(this.parts.actor),
      critic: cloneMlpWeights(this.parts.critic),
      obsNorm: this.parts.obsNorm ? { ...this.parts.obsNorm, mean: [...this.parts.obsNorm.mean], var: [...this.parts.obsNorm.var] } : null,
    };
  }

  toJSON(): PpoPolicyJson {
    return {
      format: "deploylab.ppo-policy",
      version: 1,
      obsDim: this.obsDim,
      numActions: this.numActions,
      actor: mlpWeightsToJson(this.parts.actor),
      critic: mlpWeightsToJson(this.parts.critic),
      obsNorm: this.parts.obsNorm,
    };
  }

  /**
   * Rebuild a policy from {@link PpoPolicy.toJSON}'s output.
   * @throws Error naming the field that is missing or malformed.
   */
  static fromJSON(json: PpoPolicyJson, options: PpoPolicyOptions = {}): PpoPolicy {
    if (!json || json.format !== "deploylab.ppo-policy") throw new Error('PpoPolicy.fromJSON: format must be "deploylab.ppo-policy"');
    if (json.version !== 1) throw new Error(`PpoPolicy.fromJSON: unsupported version ${String(json.version)}`);
    const policy = new PpoPolicy(
      { actor: mlpWeightsFromJson(json.actor), critic: mlpWeightsFromJson(json.critic), obsNorm: json.obsNorm ?? null },
      options,
    );
    if (policy.obsDim !== json.obsDim) throw new Error(`PpoPolicy.fromJSON: obsDim ${json.obsDim} does not match the actor (${policy.obsDim})`);
    if (policy.numActions !== json.numActions) throw new Error(`PpoPolicy.fromJSON: numActions ${json.numActions} does not match the actor (${policy.numActions})`);
    return policy;
  }
}

/** Softmax of `logits[offset .. offset+n)`, computed stably in float64. */
export function softmax(logits: ArrayLike<number>, offset: number, n: number): Float32Array {
  let max = -Infinity;
  for (let a = 0; a < n; a++) max = Math.max(max, logits[offset + a]!);
  const out = new Float32Array(n);
  let sum = 0;
  for (let a = 0; a < n; a++) sum += Math.exp(logits[offset + a]! - max);
  for (let a = 0; a < n; a++) out[a] = Math.exp(logits[offset + a]! - max) / sum;
  return out;
}

/**
 * Sample an action from the categorical distribution with logits `logits[offset .. offset+n)`
 * by inverting the CDF at `u` in [0, 1); also returns log pi(action).
 */
export function sampleCategorical(
  logits: ArrayLike<number>,
  offset: number,
  n: number,
  u: number,
): { action: number; logProb: number } {
  let max = -Infinity;
  for (let a = 0; a < n; a++) max = Math.max(max, logits[offset + a]!);
  let sum = 0;
  for (let a = 0; a < n; a++) sum += Math.exp(logits[offset + a]! - max);
  const logSum = max + Math.log(sum);
  let target = u * sum;
  let action = n - 1;
  for (let a = 0; a < n; a++) {
    target -= Math.exp(logits[offset + a]! - max);
    if (target < 0) {
      action = a;
      break;
    }
  }
  return { action, logProb: logits[offset + action]! - logSum };
}
