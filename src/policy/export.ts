/**
 * Export a trained discrete-action policy as a directory that plain `@tensorflow/tfjs` can load,
 * and load it back with integrity checks.
 *
 * Layout (written atomically, file by file, the card last so its presence marks a complete export):
 * - `model.json` + `weights.bin`: the actor network as a tfjs LayersModel (dense layers, tanh
 *   hidden activations, linear output = action logits), via src/policy/tfjsIo.ts;
 * - `card.json`: observation names and normalisation, action names, reward weights, training
 *   config and seed, versions, SHA-256 of `model.json` and `weights.bin` (card.ts).
 *
 * To act outside deploylab: normalise the observation with the card's `mean`/`var`/`clip`
 * (`clip((x - mean) / sqrt(var + 1e-8), -clip, clip)`), run the model, take the argmax.
 *
 * @example
 * await exportPolicy(trained.policy, "out/hash", { name: "hash", ... });
 * const p = await loadPolicy("out/hash");
 * p.act(obs); // action index; p.card.actions.names[action]
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256File, writeFileAtomic } from "../core/io.js";
import { projectRoot } from "../core/paths.js";
import { Rng } from "../core/rng.js";
import { initTf } from "../core/tf.js";
import { mlpForward, type MlpWeights } from "../rl/nets.js";
import type { PpoPolicy } from "../rl/ppoPolicy.js";
import { normalizeWith } from "../rl/runningStats.js";
import { CARD_JSON, validateCard, type PolicyCard } from "./card.js";
import { loadLayersModel, MODEL_JSON, saveLayersModel, WEIGHTS_BIN } from "./tfjsIo.js";

/** What the card records besides the network (see card.ts). */
export interface ExportMeta {
  name?: string;
  observationNames?: string[];
  observationBuilder?: Record<string, unknown>;
  actionNames: string[];
  reward?: Record<string, number>;
  trainingConfig?: Record<string, unknown>;
  seed?: number;
  envSteps?: number;
}

function deploylabVersion(): string {
  try {
    return String(JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")).version ?? "unknown");
  } catch {
    return "unknown";
  }
}

/** A tfjs LayersModel with the actor's weights (dense + tanh hidden layers, linear output). */
export function actorToLayersModel(actor: MlpWeights): tf.LayersModel {
  const model = tf.sequential();
  const n = actor.sizes.length - 1;
  for (let k = 0; k < n; k++) {
    model.add(
      tf.layers.dense({
        units: actor.sizes[k + 1]!,
        activation: k < n - 1 ? "tanh" : "linear",
        inputShape: k === 0 ? [actor.sizes[0]!] : undefined,
        name: `dense_${k}`,
      }),
    );
  }
  const weights: tf.Tensor[] = [];
  for (let k = 0; k < n; k++) {
    // MlpWeights are [out, in] row-major (src/rl/nets.ts); a tfjs Dense kernel is [in, out].
    weights.push(tf.tidy(() => tf.transpose(tf.tensor2d(actor.weights[k]!, [actor.sizes[k + 1]!, actor.sizes[k]!]))));
    weights.push(tf.tensor1d(actor.biases[k]!));
  }
  model.setWeights(weights);
  for (const w of weights) w.dispose();
  return model;
}

/**
 * Export `policy`'s actor to `dir` (created if needed; files replaced atomically).
 * @throws if the metadata disagrees with the network (action count, observation names).
 */
export async function exportPolicy(policy: PpoPolicy, dir: string, meta: ExportMeta): Promise<PolicyCard> {
  await initTf({ quiet: true });
  const parts = policy.getParts();
  const actor = parts.actor;
  if (meta.actionNames.length !== policy.numActions) {
    throw new Error(`exportPolicy: ${meta.actionNames.length} action names for a policy with ${policy.numActions} actions`);
  }
  const names = meta.observationNames ?? Array.from({ length: policy.obsDim }, (_, i) => `obs${i}`);
  if (names.length !== policy.obsDim) throw new Error(`exportPolicy: ${names.length} observation names for a policy with obsDim ${policy.obsDim}`);
  const model = actorToLayersModel(actor);
  try {
    await saveLayersModel(model, dir);
  } finally {
    model.dispose();
  }
  const card: PolicyCard = {
    format: "deploylab.policy-card",
    version: 1,
    name: meta.name ?? "policy",
    createdAt: new Date().toISOString(),
    observation: { dim: policy.obsDim, names, normalisation: parts.obsNorm, builder: meta.observationBuilder ?? {} },
    actions: { names: [...meta.actionNames] },
    network: { sizes: [...actor.sizes], hiddenActivation: "tanh", output: "logits" },
    reward: meta.reward ?? {},
    training: { seed: meta.seed ?? 0, config: meta.trainingConfig ?? {}, envSteps: meta.envSteps ?? null },
    versions: { deploylab: deploylabVersion(), tfjs: tf.version.tfjs, node: process.version },
    sha256: { [MODEL_JSON]: sha256File(join(dir, MODEL_JSON)), [WEIGHTS_BIN]: sha256File(join(dir, WEIGHTS_BIN)) },
  };
  writeFileAtomic(join(dir, CARD_JSON), JSON.stringify(card, null, 2) + "\n");
  return card;
}

/** Read and validate `dir/card.json` and check every file's SHA-256 (no tfjs needed). */
export function verifyExport(dir: string): PolicyCard {
  const cardPath = join(dir, CARD_JSON);
  if (!existsSync(cardPath)) throw new Error(`${cardPath}: no such file; ${dir} is not a policy export (expected ${CARD_JSON}, ${MODEL_JSON}, ${WEIGHTS_BIN})`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(cardPath, "utf8"));
  } catch (e) {
    throw new Error(`${cardPath}: not valid JSON (${(e as Error).message})`);
  }
  const card = validateCard(raw, cardPath);
  for (const f of [MODEL_JSON, WEIGHTS_BIN]) if (!(f in card.sha256)) throw new Error(`${cardPath}: field sha256 lacks an entry for ${f}`);
  for (const [f, want] of Object.entries(card.sha256)) {
    const p = join(dir, f);
    if (!existsSync(p)) throw new Error(`${p}: file listed in ${CARD_JSON} is missing`);
    const got = sha256File(p);
    if (got !== want) {
      throw new Error(`${p}: SHA-256 mismatch (card ${want.slice(0, 12)}..., file ${got.slice(0, 12)}...): the file was modified or belongs to another export; refusing to load`);
    }
  }
  return card;
}

/** A loaded policy export: acts in plain JS on the exact exported weights; `model` is the tfjs net. */
export class LoadedPolicy {
  readonly card: PolicyCard;
  readonly model: tf.LayersModel;
  readonly obsDim: number;
  readonly numActions: number;
  private readonly actor: MlpWeights;
  private readonly rng: Rng;

  constructor(card: PolicyCard, model: tf.LayersModel, actor: MlpWeights, seed = 0) {
    this.card = card;
    this.model = model;
    this.actor = actor;
    this.obsDim = card.observation.dim;
    this.numActions = card.actions.names.length;
    this.rng = new Rng(seed);
  }

  /** Normalised observation (card normalisation), as the network sees it. */
  prepare(obs: ArrayLike<number>): Float32Array {
    if (obs.length !== this.obsDim) throw new Error(`LoadedPolicy: observation has ${obs.length} values, expected ${this.obsDim} (${this.card.name})`);
    for (let i = 0; i < obs.length; i++) {
      if (!Number.isFinite(obs[i]!)) throw new Error(`LoadedPolicy: observation[${i}] (${this.card.observation.names[i]}) is ${obs[i]}; must be finite`);
    }
    const n = this.card.observation.normalisation;
    return n ? normalizeWith(n.mean, n.var, n.clip, obs) : Float32Array.from(obs);
  }

  /** Action logits. */
  logits(obs: ArrayLike<number>): Float32Array {
    return mlpForward(this.actor, this.prepare(obs), 1);
  }

  /** Action probabilities (softmax of the logits). */
  probs(obs: ArrayLike<number>): number[] {
    const l = Array.from(this.logits(obs));
    const m = Math.max(...l);
    const e = l.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  }

  /** Greedy action (default) or a sample from the policy's seeded stream. */
  act(obs: ArrayLike<number>, options: { deterministic?: boolean } = {}): number {
    if (options.deterministic === false) {
      const p = this.probs(obs);
      let u = this.rng.next();
      for (let a = 0; a < p.length; a++) if ((u -= p[a]!) < 0) return a;
      return p.length - 1;
    }
    const l = this.logits(obs);
    let best = 0;
    for (let a = 1; a < l.length; a++) if (l[a]! > l[best]!) best = a;
    return best;
  }

  /** Greedy action through the tfjs model (for parity checks with other runtimes). */
  actTfjs(obs: ArrayLike<number>): number {
    const x = this.prepare(obs);
    return tf.tidy(() => (this.model.predict(tf.tensor2d(x, [1, this.obsDim])) as tf.Tensor).argMax(1).dataSync()[0]!);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Load an export written by {@link exportPolicy}: checks the card, the SHA-256 of every file and
 * that the network's shape matches the card.
 * @throws Error naming the file and the problem (missing, tampered, mismatched).
 */
export async function loadPolicy(dir: string, options: { seed?: number } = {}): Promise<LoadedPolicy> {
  const card = verifyExport(dir);
  await initTf({ quiet: true });
  const model = await loadLayersModel(dir);
  const inShape = model.inputs[0]?.shape;
  const outShape = model.outputs[0]?.shape;
  if (!inShape || inShape[1] !== card.observation.dim || !outShape || outShape[1] !== card.actions.names.length) {
    model.dispose();
    throw new Error(
      `${join(dir, MODEL_JSON)}: model maps ${inShape?.[1]} inputs to ${outShape?.[1]} outputs, but ${CARD_JSON} says ${card.observation.dim} observations and ${card.actions.names.length} actions`,
    );
  }
  const sizes = [card.observation.dim];
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (const layer of model.layers) {
    const w = layer.getWeights();
    if (w.length !== 2) continue;
    // Back from the Dense kernel's [in, out] to MlpWeights' [out, in].
    const kt = tf.transpose(w[0]!);
    weights.push(Float32Array.from(kt.dataSync() as Float32Array));
    kt.dispose();
    biases.push(w[1]!.dataSync() as Float32Array);
    sizes.push(w[0]!.shape[1]!);
  }
  if (JSON.stringify(sizes) !== JSON.stringify(card.network.sizes)) {
    model.dispose();
    throw new Error(`${join(dir, MODEL_JSON)}: layer sizes ${JSON.stringify(sizes)} differ from ${CARD_JSON}'s network.sizes ${JSON.stringify(card.network.sizes)}`);
  }
  return new LoadedPolicy(card, model, { sizes, weights: weights.map((w) => Float32Array.from(w)), biases: biases.map((b) => Float32Array.from(b)) }, options.seed ?? 0);
}
