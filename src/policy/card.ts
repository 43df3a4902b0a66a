/**
 * The JSON card of an exported policy (`card.json` beside the tfjs `model.json` + `weights.bin`):
 * what a deployment needs besides the weights to use the network correctly and safely.
 *
 * Fields: the observation (size, names, normalisation `clip((obs - mean) / sqrt(var + 1e-8),
 * -clip, clip)` applied before the network), the action names in output order, the reward weights
 * the policy was trained for, the training configuration and seed, the versions of deploylab,
 * tfjs and Node that produced it, and the SHA-256 of every file (so a modified or swapped file is
 * refused at load). Layout after Stable-Baselines3's zip (data + parameters + versions) and
 * the tfjs model directory.
 */

/** Frozen observation normalisation (from PPO's running statistics), or null for raw inputs. */
export interface CardObsNormalisation {
  mean: number[];
  var: number[];
  clip: number;
}

/** The card. */
export interface PolicyCard {
  format: "deploylab.policy-card";
  version: 1;
  /** Short name, e.g. "hash". */
  name: string;
  /** ISO time of the export (informational). */
  createdAt: string;
  observation: {
    dim: number;
    names: string[];
    normalisation: CardObsNormalisation | null;
    /** Free-form description of how observations are built (e.g. HASH's builder options). */
    builder: Record<string, unknown>;
  };
  actions: { names: string[] };
  /** The network: layer sizes, hidden activation, output meaning. */
  network: { sizes: number[]; hiddenActivation: "tanh"; output: "logits" };
  reward: Record<string, number>;
  training: { seed: number; config: Record<string, unknown>; envSteps: number | null };
  versions: { deploylab: string; tfjs: string; node: string };
  /** SHA-256 (hex) of each file of the export, by file name. */
  sha256: Record<string, string>;
}

/** File name of the card inside an export directory. */
export const CARD_JSON = "card.json";

/**
 * Check that `x` is a well-formed card.
 * @throws Error naming `where` and the first missing or malformed field.
 */
export function validateCard(x: unknown, where = CARD_JSON): PolicyCard {
  const fail = (field: string, rule: string): never => {
    throw new Error(`${where}: field ${field} ${rule}`);
  };
  if (!x || typeof x !== "object") fail("(root)", "must be a JSON object");
  const c = x as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (c.format !== "deploylab.policy-card") fail("format", 'must be "deploylab.policy-card"');
  if (c.version !== 1) fail("version", `must be 1 (got ${JSON.stringify(c.version)})`);
  if (typeof c.name !== "string") fail("name", "must be a string");
  const o = c.observation;
  if (!o || typeof o !== "object") fail("observation", "is missing");
  if (!Number.isInteger(o.dim) || o.dim < 1) fail("observation.dim", "must be a positive integer");
  if (!Array.isArray(o.names) || o.names.length !== o.dim) fail("observation.names", `must list observation.dim (${o.dim}) names`);
  if (o.normalisation !== null) {
    const n = o.normalisation;
    if (!n || !Array.isArray(n.mean) || n.mean.length !== o.dim || !Array.isArray(n.var) || n.var.length !== o.dim) {
      fail("observation.normalisation", `must be null or {mean, var} with ${o.dim} entries each`);
    }
    if (!(typeof n.clip === "number" && n.clip > 0)) fail("observation.normalisation.clip", "must be a positive number");
    if ([...n.mean, ...n.var].some((v: unknown) => typeof v !== "number" || !Number.isFinite(v))) fail("observation.normalisation", "must hold finite numbers");
  }
  if (!c.actions || !Array.isArray(c.actions.names) || c.actions.names.length < 1) fail("actions.names", "must be a non-empty list");
  const net = c.network;
  if (!net || !Array.isArray(net.sizes) || net.sizes.length < 2 || net.sizes.some((s: unknown) => !Number.isInteger(s) || (s as number) < 1)) {
    fail("network.sizes", "must be a list of at least two positive integers");
  }
  if (net.sizes[0] !== o.dim) fail("network.sizes", `must start with observation.dim (${o.dim}), got ${net.sizes[0]}`);
  if (net.sizes[net.sizes.length - 1] !== c.actions.names.length) {
    fail("network.sizes", `must end with the number of actions (${c.actions.names.length}), got ${net.sizes[net.sizes.length - 1]}`);
  }
  if (!c.reward || typeof c.reward !== "object") fail("reward", "must be an object of weights");
  if (!c.training || typeof c.training !== "object" || typeof c.training.seed !== "number") fail("training.seed", "must be a number");
  if (!c.versions || typeof c.versions.tfjs !== "string") fail("versions.tfjs", "must be a string");
  if (!c.sha256 || typeof c.sha256 !== "object" || Object.keys(c.sha256).length === 0) fail("sha256", "must map file names to SHA-256 digests");
  for (const [f, h] of Object.entries(c.sha256)) {
    if (typeof h !== "string" || !/^[0-9a-f]{64}$/.test(h)) fail(`sha256["${f}"]`, "must be a 64-digit hex SHA-256");
  }
  return c as PolicyCard;
}
