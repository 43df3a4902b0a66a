import { describe, expect, it } from "vitest";
import { DeployEnv, type DeployEnvOptions } from "../../src/sim/env.js";
import { ACTION, TRUTH } from "../../src/sim/layout.js";

/** A deployment with constant, noiseless load and exact telemetry, so effects are isolated. */
function steady(baseRate: number, extra: DeployEnvOptions = {}): DeployEnv {
  return new DeployEnv({
    load: { baseRate, diurnalAmp: 0, weeklyAmp: 0, noiseSd: 0, randomPhase: false },
    telemetry: { enabled: false },
    initialInstances: 4,
    ...extra,
  });
}

/** Truth after `n` cycles of maintain. */
function settle(env: DeployEnv, n = 10): Float64Array {
  let truth = env.reset({ seed: 1 }).info.truth;
  for (let i = 0; i < n; i++) truth = env.step(ACTION.maintain).info.truth;
  return truth;
}

describe("simulator invariants", () => {
  it("latency percentiles rise with load at fixed capacity", () => {
    // 4 instances at batch 8 serve ~516 req/s; 80% of the load reaches the model (cache).
    const rates = [150, 300, 450, 550, 600, 640];
    const p99 = rates.map((r) => settle(steady(r))[TRUTH.latencyP99]!);
    const p50 = rates.map((r) => settle(steady(r))[TRUTH.latencyP50]!);
    for (let i = 1; i < rates.length; i++) {
      expect(p99[i]!).toBeGreaterThan(p99[i - 1]!);
      expect(p50[i]!).toBeGreaterThanOrEqual(p50[i - 1]!);
    }
    // Near saturation the tail blows up: p99 at rho ~0.99 is several times p99 at rho ~0.23,
    // and the step from rho 0.93 to 0.99 adds more than the step from 0.23 to 0.93.
    expect(p99[5]! / p99[0]!).toBeGreaterThan(3);
    expect(p99[5]! - p99[4]!).toBeGreaterThan(p99[4]! - p99[0]!);
    // And percentiles are ordered.
    const t = settle(steady(450));
    expect(t[TRUTH.latencyP50]!).toBeLessThan(t[TRUTH.latencyP95]!);
    expect(t[TRUTH.latencyP95]!).toBeLessThan(t[TRUTH.latencyP99]!);
  });

  it("errors stay at the background rate below saturation and rise past it", () => {
    const err = (r: number) => settle(steady(r), 20)[TRUTH.errorRate]!;
    const below = err(400); // rho ~0.62
    const past = [700, 900, 1200].map(err); // rho ~1.1, 1.4, 1.9
    expect(below).toBeLessThan(0.002);
    expect(past[0]!).toBeGreaterThan(0.05);
    expect(past[1]!).toBeGreaterThan(past[0]!);
    expect(past[2]!).toBeGreaterThan(past[1]!);
  });

  it("scale-up helps only after its start-up delay", () => {
    const delay = 4;
    const a = steady(800, { startupCycles: delay });
    const b = steady(800, { startupCycles: delay });
    a.reset({ seed: 3 });
    b.reset({ seed: 3 });
    const capA: number[] = [];
    const capB: number[] = [];
    const p99A: number[] = [];
    const p99B: number[] = [];
    for (let c = 1; c <= 12; c++) {
      const ra = a.step(c <= 3 ? ACTION.scaleUp : ACTION.maintain);
      const rb = b.step(ACTION.maintain);
      capA.push(ra.info.truth[TRUTH.capacity]!);
      capB.push(rb.info.truth[TRUTH.capacity]!);
      p99A.push(ra.info.truth[TRUTH.latencyP99]!);
      p99B.push(rb.info.truth[TRUTH.latencyP99]!);
    }
    // Scale-ups at cycles 1, 2, 3: during cycles 1..delay the instances are still starting and
    // nothing differs (index c-1 holds cycle c).
    for (let c = 1; c <= delay; c++) {
      expect(capA[c - 1]).toBe(capB[c - 1]);
      expect(p99A[c - 1]).toBe(p99B[c - 1]);
    }
    // From cycle 1 + delay on, one more instance per cycle becomes ready.
    expect(capA[delay]!).toBeGreaterThan(capB[delay]!);
    expect(capA[delay + 1]!).toBeGreaterThan(capA[delay]!);
    expect(capA[delay + 2]!).toBeGreaterThan(capA[delay + 1]!);
    expect(p99A[11]!).toBeLessThan(p99B[11]!);
  });

  it("shifting traffic to B removes a bad-deploy fault while the fault window is still open", () => {
    const env = new DeployEnv({ scenario: { id: "bad-deploy", params: { start: 10, duration: 500 } }, telemetry: { enabled: false } });
    env.reset({ seed: 9 });
    let t = env.step(ACTION.maintain).info.truth;
    for (let c = 2; c <= 20; c++) t = env.step(ACTION.maintain).info.truth;
    expect(t[TRUTH.incidentActive]).toBe(1);
    expect(t[TRUTH.errorRate]!).toBeGreaterThan(0.05);
    const after = env.step(ACTION.shiftToB).info;
    expect(after.truth[TRUTH.trafficB]).toBe(1);
    expect(after.incidentActive).toBe(true);
    expect(after.truth[TRUTH.errorRate]!).toBeLessThan(0.01);
    // A's fault is still active, so the pipeline does not re-promote A.
    let last = after.truth;
    for (let c = 0; c < 300; c++) last = env.step(ACTION.maintain).info.truth;
    expect(last[TRUTH.trafficB]).toBe(1);
  });

  it("shifting to B does not help a fault that is not in version A (downstream timeouts)", () => {
    const env = new DeployEnv({ scenario: { id: "downstream-timeouts", params: { start: 10, duration: 100 } }, telemetry: { enabled: false } });
    env.reset({ seed: 9 });
    for (let c = 1; c <= 20; c++) env.step(ACTION.maintain);
    const before = env.step(ACTION.maintain).info.truth[TRUTH.errorRate]!;
    const after = env.step(ACTION.shiftToB).info.truth[TRUTH.errorRate]!;
    expect(before).toBeGreaterThan(0.05);
    expect(after).toBeGreaterThan(0.05);
  });

  it("larger batches raise per-instance throughput and per-request latency; too large a batch overflows GPU memory", () => {
    const at = (batchIndex: number) => settle(steady(100, { initialBatchIndex: batchIndex }));
    const small = at(1); // b = 2
    const large = at(5); // b = 32
    expect(large[TRUTH.capacity]!).toBeGreaterThan(small[TRUTH.capacity]! * 2);
    expect(large[TRUTH.latencyP50]!).toBeGreaterThan(small[TRUTH.latencyP50]!);
    expect(large[TRUTH.gpuMemUtil]!).toBeLessThan(1);
    expect(at(6)[TRUTH.gpuMemUtil]!).toBeGreaterThan(1); // b = 64 needs 22 GB of a 16 GB GPU
  });

  it("cost grows with provisioned instances", () => {
    const a = settle(steady(300, { initialInstances: 4 }));
    const b = settle(steady(300, { initialInstances: 8 }));
    expect(b[TRUTH.costPerHour]!).toBeCloseTo(2 * a[TRUTH.costPerHour]!, 9);
  });

  it("corrupted weights show only in activations: errors and latency stay normal", () => {
    const env = new DeployEnv({ scenario: { id: "corrupted-weights", params: { start: 5, duration: 100 } }, telemetry: { enabled: false } });
    env.reset({ seed: 2 });
    let before = env.step(ACTION.maintain).info.truth;
    for (let c = 2; c < 5; c++) before = env.step(ACTION.maintain).info.truth;
    let during = before;
    for (let c = 5; c < 15; c++) during = env.step(ACTION.maintain).info.truth;
    expect(during[TRUTH.activationShift]! - before[TRUTH.activationShift]!).toBeGreaterThan(2);
    expect(during[TRUTH.accuracy]!).toBeLessThan(before[TRUTH.accuracy]! - 0.2);
    expect(during[TRUTH.errorRate]!).toBeLessThan(0.01);
    expect(Math.abs(during[TRUTH.predDrift]! - before[TRUTH.predDrift]!)).toBeLessThan(0.05);
  });
});
