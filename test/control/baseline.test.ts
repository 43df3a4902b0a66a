import { describe, expect, it } from "vitest";
import { ThresholdBaseline } from "../../src/control/baseline.js";
import { DeployEnv } from "../../src/sim/env.js";
import { ACTION, OBS, OBS_DIM } from "../../src/sim/layout.js";
import { runEpisode } from "../../src/sim/runEpisode.js";
import { scenarioIds } from "../../src/sim/scenarios.js";
import { simCatalogue } from "../../src/experiments/sim-catalogue.js";

/** A synthetic observation. */
function obs(v: { util?: number; p99?: number; err?: number; ready?: number; pending?: number; wB?: number }): Float32Array {
  const o = new Float32Array(OBS_DIM);
  o[OBS.gpuUtil] = v.util ?? 0.7;
  o[OBS.latencyP99] = v.p99 ?? 100;
  o[OBS.errorRate] = v.err ?? 0.001;
  o[OBS.readyInstances] = v.ready ?? 8;
  o[OBS.pendingInstances] = v.pending ?? 0;
  o[OBS.trafficB] = v.wB ?? 0;
  o[OBS.batchSize] = 8;
  return o;
}

describe("ThresholdBaseline (HPA + Flagger/Argo defaults)", () => {
  it("scales up above the HPA tolerance band and holds inside it", () => {
    const b = new ThresholdBaseline();
    b.reset();
    expect(b.act(obs({ util: 0.95 }))).toBe(ACTION.scaleUp); // ratio 1.36 -> desired 11 > 8
    b.reset();
    expect(b.act(obs({ util: 0.76 }))).toBe(ACTION.maintain); // ratio 1.086 within tolerance 0.1
    b.reset();
    expect(b.act(obs({ util: 0.95, pending: 3 }))).toBe(ACTION.maintain); // 8 + 3 starting >= 11
  });

  it("scales down only after the 300 s (20-cycle) stabilisation window", () => {
    const b = new ThresholdBaseline();
    b.reset();
    const acts = Array.from({ length: 25 }, () => b.act(obs({ util: 0.3 })));
    expect(acts.slice(0, 19).every((a) => a === ACTION.maintain)).toBe(true);
    expect(acts[19]).toBe(ACTION.scaleDown);
    // One high reading inside the window blocks scale-down for another 20 cycles.
    b.reset();
    for (let i = 0; i < 19; i++) b.act(obs({ util: 0.3 }));
    expect(b.act(obs({ util: 0.95 }))).toBe(ACTION.scaleUp);
    const after = Array.from({ length: 19 }, () => b.act(obs({ util: 0.3 })));
    expect(after.every((a) => a === ACTION.maintain)).toBe(true);
  });

  it("never scales below minReplicas", () => {
    const b = new ThresholdBaseline();
    b.reset();
    const acts = Array.from({ length: 40 }, () => b.act(obs({ util: 0.1, ready: 2 })));
    expect(acts).not.toContain(ACTION.scaleDown);
  });

  it("alerts after 3 consecutive breaches; missing data is not a breach", () => {
    const b = new ThresholdBaseline();
    b.reset();
    b.act(obs({ p99: 900 }));
    b.act(obs({ p99: 900 }));
    expect(b.alerting).toBe(false);
    b.act(obs({ p99: 900 }));
    expect(b.alerting).toBe(true);
    b.act(obs({ p99: Number.NaN, err: Number.NaN, util: Number.NaN }));
    expect(b.alerting).toBe(false);
  });

  it("rolls back to B after 5 consecutive failed 1-minute checks (cycle 20)", () => {
    const b = new ThresholdBaseline();
    b.reset();
    const acts = Array.from({ length: 24 }, () => b.act(obs({ err: 0.05 })));
    expect(acts.indexOf(ACTION.shiftToB)).toBe(19);
    expect(b.lastRollbackReason).toBe("failed-checks");
    // Nothing left to roll back once all traffic is on B.
    b.reset();
    const onB = Array.from({ length: 40 }, () => b.act(obs({ err: 0.05, wB: 1 })));
    expect(onB).not.toContain(ACTION.shiftToB);
  });

  it("aborts (rolls back) when the analysis has had no data for more than 4 checks (Argo consecutiveErrorLimit)", () => {
    const b = new ThresholdBaseline();
    b.reset();
    const gap = obs({ util: Number.NaN, p99: Number.NaN, err: Number.NaN });
    const acts = Array.from({ length: 24 }, () => b.act(gap));
    expect(acts.indexOf(ACTION.shiftToB)).toBe(19);
    expect(b.lastRollbackReason).toBe("measurement-errors");
    const off = new ThresholdBaseline({ abortOnMeasurementErrors: false });
    off.reset();
    expect(Array.from({ length: 40 }, () => off.act(gap))).not.toContain(ACTION.shiftToB);
  });

  it("runs every scenario for 1000 cycles without error, also with heavy NaN telemetry", () => {
    for (const id of scenarioIds()) {
      const r = runEpisode(new DeployEnv({ scenario: id }), new ThresholdBaseline(), { seed: 1 });
      expect(r.metrics.uptime, id).toBeGreaterThanOrEqual(0);
      const holes = runEpisode(new DeployEnv({ scenario: id, telemetry: { scrapeDropout: 0.3, metricDropout: 0.3 } }), new ThresholdBaseline(), { seed: 2, cycles: 300 });
      expect(Number.isFinite(holes.metrics.uptime), id).toBe(true);
    }
  });

  it("beats doing nothing where its runbook applies (flash crowd, bad deploy)", () => {
    const maintain = { name: "maintain", reset() {}, act: () => ACTION.maintain };
    for (const id of ["campaign-step", "bad-deploy"]) {
      const env = new DeployEnv({ scenario: id });
      const base = runEpisode(env, new ThresholdBaseline(), { seed: 5 }).metrics;
      const idle = runEpisode(env, maintain, { seed: 5 }).metrics;
      expect(base.uptime, id).toBeGreaterThan(idle.uptime + 0.05);
      expect(base.meanTtrSec, id).not.toBeNull();
    }
  });

  it("gives an identical catalogue table for the same seeds", async () => {
    const cfg = { ...simCatalogue.defaultConfig(true), scenarios: ["nominal", "flash-crowd", "bad-deploy", "telemetry-dropout", "gpu-oom-large-batch"] };
    const a = await simCatalogue.run(cfg, { seeds: [1, 2], smoke: true });
    const b = await simCatalogue.run(cfg, { seeds: [1, 2], smoke: true });
    expect(a.rows).toEqual(b.rows);
    expect(a.rows.length).toBe(5);
    const c = await simCatalogue.run(cfg, { seeds: [3, 4], smoke: true });
    expect(c.rows).not.toEqual(a.rows);
  });
});
