/**
 * `deploylab policy`: export, inspect and run HASH policies.
 *
 *   deploylab policy export --out DIR [--seed N] [--timesteps N] [--smoke] [--no-feedback] [--no-adaptive-lr]
 *       train a HASH policy with PPO on the vectorised simulator and export it (tfjs model + card)
 *   deploylab policy inspect DIR [--json]
 *       verify the export (card, SHA-256 of every file, network shape) and print its card
 *   deploylab policy act DIR --obs '[...]' [--json]
 *       the greedy action (and the action probabilities) for one HASH observation
 */
import { UserError } from "../core/errors.js";
import { hashObsNames } from "../control/hashObservation.js";
import { hashObservationOptions, trainHash } from "../control/hash.js";
import { ACTION_NAMES, NUM_HASH_ACTIONS } from "../sim/layout.js";
import { exportPolicy, loadPolicy, verifyExport } from "../policy/export.js";
import { defaultHashBudget, HASH_VARIANTS, variantConfig } from "../experiments/hashCommon.js";

const USAGE = `usage:
  deploylab policy export --out DIR [--seed N] [--timesteps N] [--smoke] [--no-feedback] [--no-adaptive-lr]
  deploylab policy inspect DIR [--json]
  deploylab policy act DIR --obs '[x0, x1, ...]' [--json]`;

function parse(argv: string[], flags: string[], valued: string[]): { pos: string[]; opts: Record<string, string | true> } {
  const pos: string[] = [];
  const opts: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
      if (valued.includes(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UserError(`policy: option --${name} needs a value\n${USAGE}`);
        opts[name] = v;
      } else if (flags.includes(name)) opts[name] = true;
      else throw new UserError(`policy: unknown option --${name}\n${USAGE}`);
    } else pos.push(a);
  }
  return { pos, opts };
}

function intOpt(opts: Record<string, string | true>, name: string, dflt: number, min: number): number {
  const v = opts[name];
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UserError(`policy: --${name} must be an integer >= ${min}, got ${String(v)}`);
  return n;
}

async function wrap<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError((e as Error).message);
  }
}

/** Entry point of `deploylab policy ...`; returns the exit code. @throws UserError on bad input. */
export async function policyCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "--help" || sub === "-h") {
    process.stdout.write(USAGE + "\n");
    return sub ? 0 : 2;
  }
  if (sub === "export") {
    const { pos, opts } = parse(rest, ["smoke", "no-feedback", "no-adaptive-lr"], ["out", "seed", "timesteps"]);
    if (pos.length) throw new UserError(`policy export: unexpected argument "${pos[0]}"\n${USAGE}`);
    if (typeof opts.out !== "string" || !opts.out) throw new UserError(`policy export: --out DIR is required\n${USAGE}`);
    const budget = defaultHashBudget(opts.smoke === true);
    const seed = intOpt(opts, "seed", 0, 0);
    budget.totalTimesteps = intOpt(opts, "timesteps", budget.totalTimesteps, budget.numEnvs * budget.numSteps);
    const variant = { ...HASH_VARIANTS.hash!, feedback: opts["no-feedback"] !== true, adaptiveLr: opts["no-adaptive-lr"] !== true };
    const cfg = variantConfig(variant, budget, seed);
    process.stderr.write(`policy export: training HASH (seed ${seed}, ${cfg.totalTimesteps} env steps)...\n`);
    const trained = await trainHash(cfg);
    const obsOpts = hashObservationOptions(cfg, 0);
    const card = await wrap(() =>
      exportPolicy(trained.policy, opts.out as string, {
        name: "hash",
        observationNames: hashObsNames(),
        observationBuilder: { kind: "deploylab.HashObservationBuilder", ...obsOpts },
        actionNames: ACTION_NAMES.slice(0, NUM_HASH_ACTIONS) as string[],
        reward: { ...cfg.reward },
        trainingConfig: { ...cfg, scenarios: cfg.scenarios.length } as unknown as Record<string, unknown>,
        seed,
        envSteps: trained.envSteps,
      }),
    );
    process.stdout.write(`exported ${card.name} to ${opts.out} (obs ${card.observation.dim}, actions ${card.actions.names.join(", ")})\n`);
    return 0;
  }
  if (sub === "inspect") {
    const { pos, opts } = parse(rest, ["json"], []);
    if (pos.length !== 1) throw new UserError(`policy inspect: expected one DIR\n${USAGE}`);
    const card = await wrap(async () => {
      const c = verifyExport(pos[0]!);
      const p = await loadPolicy(pos[0]!);
      p.dispose();
      return c;
    });
    if (opts.json) process.stdout.write(JSON.stringify(card, null, 2) + "\n");
    else {
      const lines = [
        `${card.name} (${pos[0]}): verified (SHA-256 of ${Object.keys(card.sha256).join(", ")})`,
        `network      ${card.network.sizes.join(" -> ")} (${card.network.hiddenActivation}, ${card.network.output})`,
        `observation  ${card.observation.dim} values, normalisation ${card.observation.normalisation ? "mean/var/clip " + card.observation.normalisation.clip : "none"}`,
        `actions      ${card.actions.names.map((n, i) => `${i} ${n}`).join(", ")}`,
        `reward       ${Object.entries(card.reward).map(([k, v]) => `${k}=${v}`).join(" ")}`,
        `training     seed ${card.training.seed}, ${card.training.envSteps ?? "?"} env steps`,
        `versions     deploylab ${card.versions.deploylab}, tfjs ${card.versions.tfjs}, node ${card.versions.node}`,
      ];
      process.stdout.write(lines.join("\n") + "\n");
    }
    return 0;
  }
  if (sub === "act") {
    const { pos, opts } = parse(rest, ["json"], ["obs"]);
    if (pos.length !== 1) throw new UserError(`policy act: expected one DIR\n${USAGE}`);
    if (typeof opts.obs !== "string") throw new UserError(`policy act: --obs '[...]' is required\n${USAGE}`);
    let obs: unknown;
    try {
      obs = JSON.parse(opts.obs);
    } catch (e) {
      throw new UserError(`policy act: --obs is not valid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(obs) || obs.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
      throw new UserError("policy act: --obs must be a JSON array of finite numbers");
    }
    const p = await wrap(() => loadPolicy(pos[0]!));
    try {
      if (obs.length !== p.obsDim) throw new UserError(`policy act: --obs has ${obs.length} values, the policy in ${pos[0]} expects ${p.obsDim}`);
      const action = p.act(obs as number[]);
      const probs = p.probs(obs as number[]);
      const name = p.card.actions.names[action]!;
      if (opts.json) process.stdout.write(JSON.stringify({ action, name, probs }) + "\n");
      else process.stdout.write(`${action} ${name}\n` + probs.map((q, i) => `  ${p.card.actions.names[i]}: ${q.toFixed(4)}`).join("\n") + "\n");
    } finally {
      p.dispose();
    }
    return 0;
  }
  throw new UserError(`policy: unknown subcommand "${sub}"\n${USAGE}`);
}
