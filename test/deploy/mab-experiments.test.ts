import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bafToCsv, generateSyntheticBaf } from "../../src/data/bafSynthetic.js";
import { mabCensus } from "../../src/experiments/mab-census.js";
import { mabFraud } from "../../src/experiments/mab-fraud.js";

const STRATEGIES = ["naive", "validation", "ab-testing", "epsilon-greedy", "ucb1", "thompson"];

describe("mab-census (smoke, real Adult files)", () => {
  const cfg = mabCensus.defaultConfig(true);
  const run = () => mabCensus.run(cfg, { seeds: [0, 1], smoke: true });

  it("returns one row per strategy with balanced accuracy and its CI", async () => {
    const res = await run();
    expect(res.rows.map((r) => r.strategy)).toEqual(STRATEGIES);
    for (const r of res.rows) {
      const b = r.balanced_accuracy as number;
      expect(b).toBeGreaterThan(0.5);
      expect(b).toBeLessThan(1);
      expect(r.balanced_accuracy_lo as number).toBeLessThanOrEqual(b);
      expect(r.balanced_accuracy_hi as number).toBeGreaterThanOrEqual(b);
      expect(r.regret as number).toBeGreaterThan(-50);
    }
    expect(res.rows.find((r) => r.strategy === "ab-testing")!.paper_balanced_accuracy).toBe(0.6571);
    expect(res.tables!.models!.length).toBe(7);
    const figs = mabCensus.draw({ ...res, runtimeSec: 0, backend: "none" });
    expect(figs.map((f) => f.id)).toEqual(["regret", ...STRATEGIES.map((s) => `traffic-${s}`)]);
    // Traffic shares of every chunk sum to one.
    const share = (res.extra!.traffic as Record<string, number[][]>)["thompson"]!;
    for (const row of share) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  });

  it("gives identical rows and series for the same seeds", async () => {
    const [a, b] = [await run(), await run()];
    expect(b.rows).toEqual(a.rows);
    expect(b.series).toEqual(a.series);
  });
});

describe("mab-fraud (smoke)", () => {
  it("runs on synthetic BAF by default and says so in every row and figure", async () => {
    const res = await mabFraud.run(mabFraud.defaultConfig(true), { seeds: [0, 1], smoke: true });
    expect(res.rows.map((r) => r.strategy)).toEqual(STRATEGIES);
    for (const r of res.rows) {
      expect(r.data).toBe("synthetic BAF");
      expect(r.pr_auc as number).toBeGreaterThan(0);
      expect(r.pr_auc_lo as number).toBeLessThanOrEqual(r.pr_auc as number);
      expect(r.pr_auc_hi as number).toBeGreaterThanOrEqual(r.pr_auc as number);
    }
    expect(res.title).toMatch(/synthetic/);
    expect(res.rows.find((r) => r.strategy === "epsilon-greedy")!.paper_pr_auc).toBe(0.069);
    const figs = mabFraud.draw({ ...res, runtimeSec: 0, backend: "none" });
    expect(figs.every((f) => /synthetic/.test(f.title))).toBe(true);
    const again = await mabFraud.run(mabFraud.defaultConfig(true), { seeds: [0, 1], smoke: true });
    expect(again.rows).toEqual(res.rows);
  });

  it("runs on a real-format Base.csv when bafPath is given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baf-"));
    const path = join(dir, "Base.csv");
    writeFileSync(path, bafToCsv(generateSyntheticBaf({ seed: 9, rowsPerMonth: 1500 })));
    const cfg = { ...mabFraud.defaultConfig(true), bafPath: path, chunks: 5, chunkSize: 400 };
    const res = await mabFraud.run(cfg, { seeds: [0], smoke: true });
    expect(res.rows.length).toBe(6);
    expect(res.rows[0]!.data).toBe("BAF Base.csv");
    expect(res.extra!.source).toBe(path);
  });

  it("names the config field when the stream is too long for the data", async () => {
    const cfg = { ...mabFraud.defaultConfig(true), chunks: 1000 };
    await expect(mabFraud.run(cfg, { seeds: [0], smoke: true })).rejects.toThrow(/chunks \* chunkSize = 400000/);
  });
});
