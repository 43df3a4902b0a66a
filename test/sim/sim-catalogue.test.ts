import { describe, expect, it } from "vitest";
import { simCatalogue } from "../../src/experiments/sim-catalogue.js";

describe("experiment sim-catalogue", () => {
  it("smoke run lists every scenario (>= 43 failures + nominal) with plain rows and draws its figures", async () => {
    const cfg = simCatalogue.defaultConfig(true);
    const seeds = Array.from({ length: simCatalogue.defaultSeeds(true) }, (_, i) => i + 1);
    const t0 = Date.now();
    const r = await simCatalogue.run(cfg, { seeds, smoke: true });
    expect(Date.now() - t0).toBeLessThan(20000);
    expect(r.rows.length).toBeGreaterThanOrEqual(44);
    for (const row of r.rows) {
      for (const v of Object.values(row)) expect(["number", "string", "boolean"].includes(typeof v) || v === null).toBe(true);
      expect(row.baseline_uptime as number).toBeGreaterThanOrEqual(0);
      expect(row.baseline_uptime as number).toBeLessThanOrEqual(1);
    }
    // Oracle >= baseline on average; doing nothing is worst.
    const avg = (k: string) => r.rows.reduce((a, x) => a + (x[k] as number), 0) / r.rows.length;
    expect(avg("oracle_uptime")).toBeGreaterThan(avg("baseline_uptime"));
    expect(avg("baseline_uptime")).toBeGreaterThan(avg("maintain_uptime"));
    JSON.parse(JSON.stringify(r));
    const figs = simCatalogue.draw({ ...r, runtimeSec: 0, backend: "none" });
    expect(figs.map((f) => f.id)).toEqual(["trace-flash-crowd", "trace-bad-deploy", "trace-memory-leak", "trace-telemetry-dropout", "uptime"]);
    const shapes = (figs[0]!.layout.shapes as unknown[]).length;
    expect(shapes).toBeGreaterThanOrEqual(3); // incident window + two SLA lines
  });

  it("rejects an unknown scenario and a bad cycle count", async () => {
    const cfg = simCatalogue.defaultConfig(true);
    await expect(simCatalogue.run({ ...cfg, scenarios: ["nope"] }, { seeds: [1], smoke: true })).rejects.toThrow(/unknown scenario "nope"/);
    await expect(simCatalogue.run({ ...cfg, cycles: 3 }, { seeds: [1], smoke: true })).rejects.toThrow(/config.cycles/);
  });
});
