import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { buildScenario, incidentWindows, listScenarios, scenarioIds } from "../../src/sim/scenarios.js";
import { ACTION_NAMES } from "../../src/sim/layout.js";

describe("scenario catalogue", () => {
  it("has at least 43 failure scenarios plus nominal, unique ids, in every category", () => {
    const all = listScenarios();
    const failures = all.filter((s) => s.category !== "nominal");
    expect(failures.length).toBeGreaterThanOrEqual(43);
    expect(new Set(scenarioIds()).size).toBe(all.length);
    const cats = new Set(all.map((s) => s.category));
    for (const c of ["nominal", "traffic", "capacity", "model-data", "dependency", "telemetry", "compound"]) expect(cats.has(c as never)).toBe(true);
    for (const c of ["traffic", "capacity", "model-data", "dependency", "telemetry", "compound"]) {
      expect(all.filter((s) => s.category === c).length, c).toBeGreaterThanOrEqual(5);
    }
  });

  it("every failure scenario has an incident window inside the horizon, remediations from the action set, and a description", () => {
    for (const def of listScenarios()) {
      const inst = buildScenario(def.id, new Rng(1), 1000);
      expect(def.description.length).toBeGreaterThan(20);
      for (const h of def.helps) expect(ACTION_NAMES).toContain(h);
      if (def.category === "nominal") {
        expect(inst.incidents).toEqual([]);
        continue;
      }
      expect(inst.incidents.length, def.id).toBeGreaterThanOrEqual(1);
      for (const w of inst.incidents) {
        expect(w.start).toBeGreaterThanOrEqual(0);
        expect(w.start).toBeLessThan(1000);
        expect(w.end).toBeGreaterThan(w.start);
      }
    }
  });

  it("is seeded: same seed, same faults; different seeds move the start", () => {
    const a = buildScenario("flash-crowd", new Rng(5), 1000);
    const b = buildScenario("flash-crowd", new Rng(5), 1000);
    expect(a).toEqual(b);
    const starts = new Set([1, 2, 3, 4, 5, 6].map((s) => buildScenario("flash-crowd", new Rng(s), 1000).faults[0]!.start));
    expect(starts.size).toBeGreaterThan(3);
    for (const s of starts) {
      expect(s).toBeGreaterThanOrEqual(150);
      expect(s).toBeLessThan(350);
    }
  });

  it("is parameterised: overrides change the faults", () => {
    const inst = buildScenario({ id: "bad-deploy", params: { start: 42, duration: 7, magnitude: 0.3 } }, new Rng(1), 1000);
    expect(inst.faults).toEqual([expect.objectContaining({ kind: "errorA", start: 42, duration: 7, magnitude: 0.3 })]);
    expect(inst.incidents).toEqual([{ start: 42, end: 49, kinds: ["errorA"] }]);
  });

  it("merges overlapping fault windows into one incident and keeps background faults out", () => {
    const w = incidentWindows(
      [
        { kind: "load", start: 10, duration: 10, magnitude: 2 },
        { kind: "errorAll", start: 18, duration: 10, magnitude: 0.1 },
        { kind: "quota", start: 0, duration: 100, magnitude: 5, incident: false },
        { kind: "depLatency", start: 60, duration: 5, magnitude: 100 },
      ],
      100,
    );
    expect(w).toEqual([
      { start: 10, end: 28, kinds: ["load", "errorAll"] },
      { start: 60, end: 65, kinds: ["depLatency"] },
    ]);
  });
});
