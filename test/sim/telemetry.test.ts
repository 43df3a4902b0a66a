import { describe, expect, it } from "vitest";
import { DeployEnv, type DeployEnvOptions } from "../../src/sim/env.js";
import { ACTION, NUM_METRICS, OBS, TRUTH } from "../../src/sim/layout.js";

function record(opts: DeployEnvOptions, cycles: number, seed = 1) {
  const env = new DeployEnv(opts);
  const r = env.reset({ seed });
  const obs: Float32Array[] = [r.obs];
  const truth: Float64Array[] = [r.info.truth];
  for (let c = 1; c <= cycles; c++) {
    const s = env.step(ACTION.maintain);
    obs.push(s.obs);
    truth.push(s.info.truth);
  }
  return { obs, truth, scenario: env.scenario };
}

const nanCount = (o: Float32Array) => Array.from(o.subarray(0, NUM_METRICS)).filter(Number.isNaN).length;

describe("telemetry layer", () => {
  it("never changes the truth: same seed, telemetry on or off, identical truth", () => {
    const on = record({ scenario: "flash-crowd-blind" }, 300);
    const off = record({ scenario: "flash-crowd-blind", telemetry: { enabled: false } }, 300);
    for (let c = 0; c <= 300; c++) expect(Array.from(on.truth[c]!)).toEqual(Array.from(off.truth[c]!));
    // ...while the observations differ (noise).
    expect(Array.from(on.obs[50]!)).not.toEqual(Array.from(off.obs[50]!));
    // With telemetry off the observation is the truth.
    expect(off.obs[50]![OBS.latencyP99]).toBeCloseTo(off.truth[50]![TRUTH.latencyP99]!, 2);
  });

  it("noise is small and unbiased by default", () => {
    const { obs, truth } = record({ scenario: "nominal", telemetry: { metricDropout: 0, scrapeDropout: 0, spikeProb: 0 } }, 400);
    let sum = 0;
    for (let c = 1; c <= 400; c++) {
      const rel = obs[c]![OBS.arrivalRate]! / truth[c]![TRUTH.arrivalRate]! - 1;
      expect(Math.abs(rel)).toBeLessThanOrEqual(0.0501);
      sum += rel;
    }
    expect(Math.abs(sum / 400)).toBeLessThan(0.005);
  });

  it("a telemetry-dropout scenario produces NaN gaps inside its window only (beyond the rare background)", () => {
    const { obs, scenario } = record({ scenario: { id: "telemetry-dropout", params: { start: 100, duration: 60 } }, telemetry: { metricDropout: 0, scrapeDropout: 0 } }, 300);
    expect(scenario.incidents[0]).toMatchObject({ start: 100, end: 160 });
    let inside = 0;
    let outside = 0;
    obs.forEach((o, c) => {
      if (c >= 100 && c < 160) inside += nanCount(o);
      else outside += nanCount(o);
      // Controller state stays exact.
      expect(Number.isNaN(o[OBS.readyInstances]!)).toBe(false);
    });
    expect(inside).toBeGreaterThan(0.8 * 60 * NUM_METRICS);
    expect(outside).toBe(0);
  });

  it("a telemetry delay shows the truth of `delay` cycles ago", () => {
    const opts: DeployEnvOptions = {
      scenario: { id: "telemetry-delay", params: { start: 50, duration: 100, magnitude: 8 } },
      telemetry: { noiseCv: 0, metricDropout: 0, scrapeDropout: 0, spikeProb: 0 },
    };
    const { obs, truth } = record(opts, 200);
    for (const c of [60, 90, 149]) expect(obs[c]![OBS.arrivalRate]).toBeCloseTo(truth[c - 8]![TRUTH.arrivalRate]!, 1);
    expect(obs[40]![OBS.arrivalRate]).toBeCloseTo(truth[40]![TRUTH.arrivalRate]!, 1);
  });

  it("a frozen exporter repeats its last values", () => {
    const { obs } = record({ scenario: { id: "frozen-exporter", params: { start: 30, duration: 40 } }, telemetry: { metricDropout: 0, scrapeDropout: 0 } }, 100);
    for (let c = 31; c < 70; c++) expect(Array.from(obs[c]!.subarray(0, NUM_METRICS))).toEqual(Array.from(obs[30 - 1]!.subarray(0, NUM_METRICS)));
    expect(Array.from(obs[80]!.subarray(0, NUM_METRICS))).not.toEqual(Array.from(obs[29]!.subarray(0, NUM_METRICS)));
  });

  it("false spikes inflate metrics in some cycles; fillMissing removes NaN", () => {
    const spikes = record({ scenario: { id: "false-spikes", params: { start: 0, duration: 400, magnitude: 0.2 } }, telemetry: { noiseCv: 0 } }, 400);
    let spiky = 0;
    for (let c = 1; c <= 400; c++) {
      const o = spikes.obs[c]!;
      const t = spikes.truth[c]!;
      for (let d = 0; d < NUM_METRICS; d++) if (o[d]! > 2.5 * t[d]! && t[d]! > 0.01) spiky++;
    }
    expect(spiky).toBeGreaterThan(40);
    expect(spiky).toBeLessThan(160);
    const filled = record({ scenario: "telemetry-dropout", telemetry: { fillMissing: true } }, 400);
    expect(filled.obs.slice(1).reduce((a, o) => a + nanCount(o), 0)).toBe(0);
  });
});
