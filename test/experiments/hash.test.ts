import { describe, expect, it } from "vitest";
import { runExperiment } from "../../src/experiments/runExperiment.js";
import { hashTable, claimsTable } from "../../src/experiments/hash-table.js";
import { hashAblations } from "../../src/experiments/hash-ablations.js";
import { hashFeedback } from "../../src/experiments/hash-feedback.js";
import { hashTraining } from "../../src/experiments/hash-training.js";
import { evalScenarios } from "../../src/experiments/hashCommon.js";
import { scenarioIds } from "../../src/sim/scenarios.js";

const TINY = { totalTimesteps: 128, numEnvs: 2, numSteps: 32, evalCycles: 80, trainCycles: 60, scenariosPerSeed: 1, bucketCycles: 40 };

describe("hash-* experiments (smoke)", () => {
  it("hash-table gives one row per method with CI bounds around the mean, and the paper's claims", async () => {
    const r = await runExperiment(hashTable, { smoke: true, seeds: 2, config: TINY });
    expect(r.rows.map((x) => x.method)).toEqual(["static-threshold baseline", "HASH"]);
    for (const row of r.rows) {
      for (const m of ["uptime", "latency_ms", "error_rate", "utilisation"]) {
        expect(typeof row[m]).toBe("number");
        expect(row[`${m}_lo`] as number).toBeLessThanOrEqual(row[m] as number);
        expect(row[`${m}_hi`] as number).toBeGreaterThanOrEqual(row[m] as number);
      }
      expect(row.uptime as number).toBeLessThanOrEqual(100);
    }
    expect(r.tables!.claims!.map((c) => c.paper_baseline)).toEqual([78, 350, 1.2, 60]);
    expect(hashTable.draw(r).length).toBe(5);
  });

  it("hash-ablations, hash-feedback and hash-training reuse the cached policies and return their tables", async () => {
    const a = await runExperiment(hashAblations, { smoke: true, seeds: 2, config: TINY });
    expect(a.rows).toHaveLength(6);
    const f = await runExperiment(hashFeedback, { smoke: true, seeds: 2, config: TINY });
    expect(f.rows).toHaveLength(2);
    expect(f.series!["with feedback"]!.y).toHaveLength(2);
    const t0 = performance.now();
    const t = await runExperiment(hashTraining, { smoke: true, seeds: 2, config: TINY });
    expect(performance.now() - t0).toBeLessThan(2000); // all four policies per seed are cached
    expect(t.rows.map((x) => x.variant)).toEqual(["hash", "noAdaptiveLr", "noFeedback", "statisticalOnly"]);
    expect(hashTraining.draw(t).length).toBe(3);
  });

  it("covers the whole catalogue across ten seeds of eight scenarios", () => {
    const seen = new Set<string>();
    for (let s = 0; s < 10; s++) for (const id of evalScenarios(s, 8)) seen.add(id);
    expect(seen.size).toBe(scenarioIds().length);
  });

  it("flags whether the direction of each claim matches", () => {
    const rows = claimsTable({ uptime: 80, uptime_lo: 79, uptime_hi: 81 }, { uptime: 90, uptime_lo: 89, uptime_hi: 91 });
    expect(rows[0]!.direction_matches_paper).toBe(true);
    expect(rows[0]!.cis_separate).toBe(true);
  });

  it("rejects unknown variants", async () => {
    await expect(runExperiment(hashAblations, { smoke: true, seeds: 1, config: { ...TINY, variants: ["nope"] } })).rejects.toThrow(/unknown variant "nope"/);
  });
});
