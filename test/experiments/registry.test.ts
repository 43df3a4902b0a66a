import { describe, expect, it } from "vitest";
import { EXPERIMENTS, getExperiment } from "../../src/experiments/registry.js";
import { runExperiment } from "../../src/experiments/runExperiment.js";

describe("experiment registry", () => {
  it("has unique, file-name-safe ids", () => {
    const ids = EXPERIMENTS.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
    expect(() => getExperiment("nope")).toThrow(/unknown experiment "nope"; known:/);
  });
});

describe.each(EXPERIMENTS.map((e) => [e.id, e] as const))("%s in smoke mode", (_id, exp) => {
  it("returns the same rows and series twice for the same seeds, and draws file-name-safe figures", async () => {
    const a = await runExperiment(exp, { smoke: true });
    const b = await runExperiment(exp, { smoke: true });
    expect(a.rows.length).toBeGreaterThan(0);
    expect(b.rows).toEqual(a.rows);
    expect(b.series).toEqual(a.series);
    expect(a.id).toBe(exp.id);
    const figs = exp.draw(a);
    expect(figs.length).toBeGreaterThan(0);
    for (const f of figs) {
      expect(f.id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(f.data.length).toBeGreaterThan(0);
    }
    expect(new Set(figs.map((f) => f.id)).size).toBe(figs.length);
  }, 300_000);
});

describe("drift-ks-demo", () => {
  const exp = getExperiment("drift-ks-demo");

  it("is deterministic for a seed list and changes with the seeds", async () => {
    const a = await runExperiment(exp, { smoke: true, seeds: [1, 2] });
    const b = await runExperiment(exp, { smoke: true, seeds: [1, 2] });
    const c = await runExperiment(exp, { smoke: true, seeds: [3, 4] });
    expect(a.rows).toEqual(b.rows);
    expect(a.series).toEqual(b.series);
    expect(a.rows).not.toEqual(c.rows);
  });

  it("keeps false alarms near alpha with no drift and gains power as the shift grows", async () => {
    const r = await runExperiment(exp, { seeds: 8, config: { shifts: [0, 0.2, 0.5] } });
    const byShift = new Map(r.rows.map((row) => [row.shift, row]));
    const noDrift = byShift.get(0)!;
    expect(noDrift.false_alarm_lo as number).toBeLessThan(0.05);
    expect(noDrift.false_alarm_hi as number).toBeGreaterThan(0.02);
    expect(byShift.get(0.5)!.power as number).toBeGreaterThan(byShift.get(0.2)!.power as number);
    expect(byShift.get(0.5)!.power as number).toBeGreaterThan(0.9);
    expect(byShift.get(0.5)!.median_delay_batches as number).toBeLessThan(10);
  });

  it("draws figures whose traces match the result's series", async () => {
    const r = await runExperiment(exp, { smoke: true });
    const figs = exp.draw(r);
    expect(figs.map((f) => f.id)).toEqual(["pvalues", "power"]);
    expect(figs[0]!.data.length).toBe(Object.keys(r.series!).length);
    expect((figs[1]!.data[0]!.y as number[]).length).toBe(r.rows.length);
  });

  it("names the bad config field", async () => {
    await expect(runExperiment(exp, { smoke: true, config: { alpha: 2 } })).rejects.toThrow(/config\.alpha must be in \(0, 1\)/);
    await expect(runExperiment(exp, { smoke: true, config: { batchSize: 0 } })).rejects.toThrow(/config\.batchSize must be a positive integer/);
    await expect(runExperiment(exp, { seeds: 0 })).rejects.toThrow(/seeds must be a positive integer/);
  });
});
