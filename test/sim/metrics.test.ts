import { describe, expect, it } from "vitest";
import { serviceMetrics, type EpisodeTrace } from "../../src/sim/metrics.js";
import { OBS_DIM, TRUTH, TRUTH_DIM } from "../../src/sim/layout.js";
import { DeployEnv } from "../../src/sim/env.js";
import { runEpisode } from "../../src/sim/runEpisode.js";
import { ThresholdBaseline } from "../../src/control/baseline.js";

/** A hand-made trace: `ok[c]` = SLA met at cycle c (1-based), constant load 100 req/s. */
function trace(ok: number[], cycles = ok.length, alerts: number[] = [], reason = 0): EpisodeTrace {
  const run = ok.length;
  const truth = new Float64Array((run + 1) * TRUTH_DIM);
  for (let c = 1; c <= run; c++) {
    const r = c * TRUTH_DIM;
    truth[r + TRUTH.arrivalRate] = 100;
    truth[r + TRUTH.slaOk] = ok[c - 1]!;
    truth[r + TRUTH.errorRate] = ok[c - 1] ? 0 : 0.1;
    truth[r + TRUTH.latencyMean] = 100;
    truth[r + TRUTH.costPerHour] = 240; // $1 per 15 s cycle
  }
  const al = new Uint8Array(run + 1);
  for (const a of alerts) al[a] = 1;
  return {
    cycles,
    cyclesRun: run,
    truth,
    obs: new Float32Array((run + 1) * OBS_DIM),
    actions: new Int32Array(run + 1).fill(5),
    rewards: new Float32Array(run + 1),
    alerts: al,
    terminationReason: reason,
  };
}

describe("service metrics", () => {
  it("uptime, error rate and cost over the cycles", () => {
    const m = serviceMetrics(trace([1, 1, 0, 0, 1, 1, 1, 1, 1, 1]), []);
    expect(m.uptime).toBeCloseTo(0.8, 12);
    expect(m.errorRate).toBeCloseTo(0.02, 12);
    expect(m.costUsd).toBeCloseTo(10, 9);
    expect(m.catastrophic).toBe(false);
  });

  it("time to detect from the incident start, time to recover from the first SLA miss to 4 good cycles", () => {
    //            cycle: 1  2  3  4  5  6  7  8  9 10 11 12
    const ok = [1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1];
    const m = serviceMetrics(trace(ok, ok.length, [5]), [{ start: 3, end: 6, kinds: ["load"] }]);
    const inc = m.incidents[0]!;
    expect(inc.impacted).toBe(true);
    expect(inc.ttdSec).toBe((5 - 3) * 15);
    // First miss at 4; cycle 6 is good but 7 is not; 8..11 are 4 good cycles -> recovered at 8.
    expect(inc.ttrSec).toBe((8 - 4) * 15);
    expect(inc.slaMissCycles).toBe(3);
    expect(m.meanTtrSec).toBe(60);
  });

  it("an incident without SLA impact has ttr 0; one that never recovers is censored", () => {
    const quiet = serviceMetrics(trace([1, 1, 1, 1, 1, 1]), [{ start: 2, end: 4, kinds: ["telDropout"] }]);
    expect(quiet.incidents[0]).toMatchObject({ impacted: false, recovered: true, ttrSec: 0, detected: false, ttdSec: null });
    const stuck = serviceMetrics(trace([1, 0, 0, 0, 1, 1]), [{ start: 2, end: 4, kinds: ["load"] }]);
    expect(stuck.incidents[0]).toMatchObject({ impacted: true, recovered: false, ttrSec: null });
    expect(stuck.unrecoveredIncidents).toBe(1);
  });

  it("after a catastrophic termination the remaining cycles count as outage", () => {
    const m = serviceMetrics(trace([1, 1, 1, 1, 0], 10, [], 1), []);
    expect(m.uptime).toBeCloseTo(0.4, 12);
    expect(m.catastrophic).toBe(true);
    expect(m.catastrophicReason).toBe("outage");
    expect(m.outageCycles).toBe(5);
    // 5 missing cycles at the mean load, all failed: (0.1*100 + 5*100) / (10*100).
    expect(m.errorRate).toBeCloseTo(0.51, 12);
  });
});

describe("runEpisode", () => {
  it("is deterministic: same seed, identical trace (golden determinism)", () => {
    const run = (seed: number) => runEpisode(new DeployEnv({ scenario: "zone-loss-herd" }), new ThresholdBaseline(), { seed, cycles: 600 });
    const a = run(3);
    const b = run(3);
    expect(Array.from(a.trace.truth)).toEqual(Array.from(b.trace.truth));
    expect(Array.from(a.trace.actions)).toEqual(Array.from(b.trace.actions));
    expect(a.metrics).toEqual(b.metrics);
    const c = run(4);
    expect(Array.from(c.trace.truth)).not.toEqual(Array.from(a.trace.truth));
  });

  it("records cycles, actions and the scenario's incidents", () => {
    const r = runEpisode(new DeployEnv({ scenario: "bad-deploy" }), new ThresholdBaseline(), { seed: 1, cycles: 500 });
    expect(r.trace.cyclesRun).toBe(500);
    expect(r.trace.actions[0]).toBe(-1);
    expect(r.metrics.incidents.length).toBe(r.scenario.incidents.length);
    expect(r.metrics.incidents[0]!.impacted).toBe(true);
    expect(r.metrics.incidents[0]!.recovered).toBe(true);
  });
});
