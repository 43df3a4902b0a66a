import { describe, expect, it, beforeAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initTf } from "../../src/core/tf.js";
import { Rng } from "../../src/core/rng.js";
import { initMlpWeights } from "../../src/rl/nets.js";
import { PpoPolicy } from "../../src/rl/ppoPolicy.js";
import { exportPolicy, loadPolicy, verifyExport } from "../../src/policy/export.js";
import { validateCard } from "../../src/policy/card.js";
import { policyCommand } from "../../src/cli/policy.js";
import { UserError } from "../../src/core/errors.js";

const D = 12;
const A = 6;
const NAMES = ["increaseBatch", "decreaseBatch", "scaleUp", "scaleDown", "shiftToB", "maintain"];

function makePolicy(seed: number): PpoPolicy {
  const rng = new Rng(seed);
  // Output gain 1 (not PPO's 0.01) so the logits are well separated and argmax ties cannot occur.
  const actor = initMlpWeights({ inputDim: D, hiddenSizes: [16, 16], outputDim: A, outputGain: 1 }, rng.split("a"));
  const critic = initMlpWeights({ inputDim: D, hiddenSizes: [16, 16], outputDim: 1 }, rng.split("c"));
  const mean = Array.from({ length: D }, (_, i) => i * 0.1);
  const variance = Array.from({ length: D }, (_, i) => 0.5 + i * 0.05);
  return new PpoPolicy({ actor, critic, obsNorm: { mean, var: variance, clip: 10 } });
}

function observations(n: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: D }, () => rng.normal(0, 2)));
}

let dir = "";
let policy: PpoPolicy;

beforeAll(async () => {
  await initTf();
  policy = makePolicy(1);
  dir = join(mkdtempSync(join(tmpdir(), "deploylab-policy-")), "export");
  await exportPolicy(policy, dir, { name: "test", actionNames: NAMES, reward: { latency: 1 }, seed: 7, trainingConfig: { note: "test" } });
});

describe("policy export", () => {
  it("round-trips: the loaded policy picks the same actions as the trained one", async () => {
    const loaded = await loadPolicy(dir);
    for (const o of observations(50, 2)) {
      expect(loaded.act(o)).toBe(policy.act(o, { deterministic: true }));
      expect(loaded.actTfjs(o)).toBe(policy.act(o, { deterministic: true }));
    }
    expect(loaded.card.training.seed).toBe(7);
    expect(loaded.card.actions.names).toEqual(NAMES);
    expect(loaded.card.observation.normalisation?.mean).toHaveLength(D);
    loaded.dispose();
  });

  it("gives identical actions when loaded in a separate process with plain @tensorflow/tfjs", () => {
    const obs = observations(40, 3);
    const out = execFileSync(process.execPath, [join("test", "policy", "fixtures", "plainTfjsAct.mjs"), dir, JSON.stringify(obs)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const { actions } = JSON.parse(out.trim().split("\n").at(-1)!) as { actions: number[] };
    expect(actions).toEqual(obs.map((o) => policy.act(o, { deterministic: true })));
  }, 60_000);

  it("writes a card with versions and the SHA-256 of model.json and weights.bin", () => {
    const card = validateCard(JSON.parse(readFileSync(join(dir, "card.json"), "utf8")));
    expect(Object.keys(card.sha256).sort()).toEqual(["model.json", "weights.bin"]);
    expect(card.versions.tfjs).toMatch(/^\d+\.\d+/);
    expect(card.network.sizes).toEqual([D, 16, 16, A]);
  });

  it("refuses tampered weights, naming the file", async () => {
    const bad = join(mkdtempSync(join(tmpdir(), "deploylab-tamper-")), "x");
    cpSync(dir, bad, { recursive: true });
    const w = readFileSync(join(bad, "weights.bin"));
    w[10] = w[10]! ^ 0xff;
    writeFileSync(join(bad, "weights.bin"), w);
    await expect(loadPolicy(bad)).rejects.toThrow(/weights\.bin: SHA-256 mismatch/);
  });

  it("refuses a card that does not match the model, and a directory without a card", async () => {
    const bad = join(mkdtempSync(join(tmpdir(), "deploylab-mismatch-")), "x");
    cpSync(dir, bad, { recursive: true });
    const card = JSON.parse(readFileSync(join(bad, "card.json"), "utf8"));
    card.actions.names = NAMES.slice(0, 5);
    writeFileSync(join(bad, "card.json"), JSON.stringify(card));
    expect(() => verifyExport(bad)).toThrow(/network\.sizes must end with the number of actions \(5\)/);
    expect(() => verifyExport(join(bad, "nope"))).toThrow(/card\.json: no such file/);
  });

  it("refuses metadata that disagrees with the network", async () => {
    await expect(exportPolicy(policy, join(tmpdir(), "never"), { actionNames: ["a"] })).rejects.toThrow(/1 action names for a policy with 6 actions/);
  });
});

describe("deploylab policy (CLI)", () => {
  it("inspects and acts on an export", async () => {
    const chunks: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (chunks.push(String(s)), true)) as typeof process.stdout.write;
    try {
      expect(await policyCommand(["inspect", dir])).toBe(0);
      const o = observations(1, 9)[0]!;
      expect(await policyCommand(["act", dir, "--obs", JSON.stringify(o), "--json"])).toBe(0);
      const res = JSON.parse(chunks.at(-1)!) as { action: number; name: string; probs: number[] };
      expect(res.action).toBe(policy.act(o, { deterministic: true }));
      expect(res.name).toBe(NAMES[res.action]);
      expect(chunks.join("")).toMatch(/verified/);
    } finally {
      process.stdout.write = orig;
    }
  });

  it("rejects bad input with a UserError naming the problem", async () => {
    await expect(policyCommand(["act", dir, "--obs", "[1,2"])).rejects.toThrow(UserError);
    await expect(policyCommand(["act", dir, "--obs", "[1,2]"])).rejects.toThrow(/has 2 values, the policy .* expects 12/);
    await expect(policyCommand(["act", dir])).rejects.toThrow(/--obs/);
    await expect(policyCommand(["export"])).rejects.toThrow(/--out DIR is required/);
    await expect(policyCommand(["inspect", join(dir, "missing")])).rejects.toThrow(/card\.json: no such file/);
    await expect(policyCommand(["frobnicate"])).rejects.toThrow(/unknown subcommand/);
  });
});
