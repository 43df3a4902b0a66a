/**
 * Service metrics over a run of the deployment simulator.
 *
 * Definitions (all over the requested number of cycles; cycle 0, the reset state, is excluded):
 * - **SLA**: a cycle meets the SLA when p99 latency <= 500 ms and error rate <= 1% (config.ts
 *   `SlaConfig`, the limits of Flagger's built-in request-duration and request-success-rate checks).
 * - **uptime**: share of cycles meeting the SLA (HASH's uptime).
 * - **slaCompliance**: share of *requests* that arrived in cycles meeting the SLA (busy cycles weigh more).
 * - **outage**: a cycle with error rate >= 50% or no reachable capacity.
 * - **catastrophic failure**: an outage longer than 20 consecutive cycles (5 min), or an action that
 *   leaves no instance at all. The env terminates the episode; the remaining cycles count as outage
 *   (SLA missed, every request failed).
 * - **errorRate**: failed requests / offered requests. **meanLatencyMs**: mean over cycles of the
 *   mean end-to-end latency; **meanP99Ms** likewise for p99.
 * - **resource utilisation**: mean GPU utilisation (busy share) and CPU utilisation.
 * - **cost**: dollars for all provisioned instances (ready and starting).
 * - per incident window (scenarios.ts): **impacted** if the SLA is missed in [start, end + 20);
 *   **time to detect** = first cycle in that range with the controller alerting, minus start;
 *   **time to recover** = from the first SLA miss to the first cycle that starts 4 consecutive
 *   cycles (1 min) within the SLA; censored (recovered = false, ttr = null) if that never happens.
 */
import { ACTION, CYCLE_SECONDS, TRUTH, TRUTH_DIM } from "./layout.js";
import type { IncidentWindow } from "./scenarios.js";

/** Cycles after an incident window in which SLA misses and alerts still count towards it. */
export const INCIDENT_GRACE_CYCLES = 20;
/** Consecutive in-SLA cycles that count as recovered. */
export const RECOVERY_HOLD_CYCLES = 4;

/** A recorded episode (arrays indexed by cycle 0..cyclesRun). */
export interface EpisodeTrace {
  /** Cycles requested. */
  cycles: number;
  /** Cycles actually simulated (< cycles after a catastrophic termination). */
  cyclesRun: number;
  /** Truth rows, (cyclesRun + 1) x TRUTH_DIM. */
  truth: Float64Array;
  /** Observations, (cyclesRun + 1) x OBS_DIM. */
  obs: Float32Array;
  /** Action taken at each cycle (index 0 = -1: no action before reset). */
  actions: Int32Array;
  /** Reward of each cycle (index 0 = 0). */
  rewards: Float32Array;
  /** 1 where the controller was alerting after seeing that cycle's observation. */
  alerts: Uint8Array;
  /** 0 none, 1 outage too long, 2 action left no capacity. */
  terminationReason: number;
}

/** Outcome of one incident window. */
export interface IncidentReport {
  start: number;
  end: number;
  kinds: string[];
  impacted: boolean;
  detected: boolean;
  /** Seconds from the incident start to the first alert; null if never detected. */
  ttdSec: number | null;
  recovered: boolean;
  /** Seconds from the first SLA miss to recovery; 0 if not impacted; null if not recovered. */
  ttrSec: number | null;
  slaMissCycles: number;
}

/** Service metrics of one run. */
export interface ServiceMetrics {
  cycles: number;
  cyclesRun: number;
  uptime: number;
  slaCompliance: number;
  outageCycles: number;
  errorRate: number;
  meanLatencyMs: number;
  meanP99Ms: number;
  gpuUtilisation: number;
  cpuUtilisation: number;
  meanInstances: number;
  costUsd: number;
  meanAccuracy: number;
  /** Non-"maintain" actions taken. */
  actions: number;
  catastrophic: boolean;
  /** "outage" | "no-capacity" | null. */
  catastrophicReason: string | null;
  catastrophicCycle: number | null;
  incidents: IncidentReport[];
  /** Mean over detected incidents; null if none. */
  meanTtdSec: number | null;
  /** Mean over impacted and recovered incidents; null if none. */
  meanTtrSec: number | null;
  unrecoveredIncidents: number;
}

/** Compute service metrics from a trace and the scenario's incident windows. */
export function serviceMetrics(trace: EpisodeTrace, incidents: readonly IncidentWindow[]): ServiceMetrics {
  const T = trace.cycles;
  const R = trace.cyclesRun;
  const tr = trace.truth;
  const at = (c: number, d: number) => tr[c * TRUTH_DIM + d]!;
  let up = 0, reqOk = 0, req = 0, errReq = 0, lat = 0, p99 = 0, gpu = 0, cpu = 0, inst = 0, cost = 0, acc = 0;
  let outage = 0, acts = 0;
  for (let c = 1; c <= R; c++) {
    const lam = at(c, TRUTH.arrivalRate);
    const ok = at(c, TRUTH.slaOk);
    up += ok;
    req += lam;
    reqOk += ok * lam;
    errReq += lam * at(c, TRUTH.errorRate);
    lat += at(c, TRUTH.latencyMean);
    p99 += at(c, TRUTH.latencyP99);
    gpu += at(c, TRUTH.gpuUtil);
    cpu += at(c, TRUTH.cpuUtil);
    inst += at(c, TRUTH.readyInstances) + at(c, TRUTH.pendingInstances);
    cost += (at(c, TRUTH.costPerHour) * CYCLE_SECONDS) / 3600;
    acc += at(c, TRUTH.accuracy);
    outage += at(c, TRUTH.outage);
    if (trace.actions[c] !== ACTION.maintain) acts++;
  }
  const missing = T - R;
  if (missing > 0 && R > 0) {
    // After a catastrophic termination: the service is down for the rest of the run.
    const meanLam = req / R;
    req += meanLam * missing;
    errReq += meanLam * missing;
    outage += missing;
  }
  const slaAt = (c: number) => (c >= 1 && c <= R ? at(c, TRUTH.slaOk) === 1 : false);
  const reports: IncidentReport[] = incidents.map((w) => {
    const hi = Math.min(w.end + INCIDENT_GRACE_CYCLES, T + 1);
    let firstMiss = -1;
    let misses = 0;
    let firstAlert = -1;
    for (let c = Math.max(1, w.start); c < hi; c++) {
      if (!slaAt(c)) {
        misses++;
        if (firstMiss < 0) firstMiss = c;
      }
      if (firstAlert < 0 && c <= R && trace.alerts[c] === 1) firstAlert = c;
    }
    let recovered = firstMiss < 0;
    let ttr: number | null = firstMiss < 0 ? 0 : null;
    if (firstMiss >= 0) {
      for (let c = firstMiss + 1; c + RECOVERY_HOLD_CYCLES - 1 <= R; c++) {
        let hold = true;
        for (let k = 0; k < RECOVERY_HOLD_CYCLES; k++) if (!slaAt(c + k)) { hold = false; break; }
        if (hold) {
          recovered = true;
          ttr = (c - firstMiss) * CYCLE_SECONDS;
          break;
        }
      }
    }
    return {
      start: w.start,
      end: w.end,
      kinds: [...w.kinds],
      impacted: firstMiss >= 0,
      detected: firstAlert >= 0,
      ttdSec: firstAlert >= 0 ? (firstAlert - w.start) * CYCLE_SECONDS : null,
      recovered,
      ttrSec: ttr,
      slaMissCycles: misses,
    };
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const div = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    cycles: T,
    cyclesRun: R,
    uptime: div(up, T),
    slaCompliance: div(reqOk, req),
    outageCycles: outage,
    errorRate: div(errReq, req),
    meanLatencyMs: div(lat, R),
    meanP99Ms: div(p99, R),
    gpuUtilisation: div(gpu, R),
    cpuUtilisation: div(cpu, R),
    meanInstances: div(inst, R),
    costUsd: cost,
    meanAccuracy: div(acc, R),
    actions: acts,
    catastrophic: trace.terminationReason !== 0,
    catastrophicReason: trace.terminationReason === 1 ? "outage" : trace.terminationReason === 2 ? "no-capacity" : null,
    catastrophicCycle: trace.terminationReason !== 0 ? R : null,
    incidents: reports,
    meanTtdSec: mean(reports.filter((r) => r.ttdSec !== null).map((r) => r.ttdSec!)),
    meanTtrSec: mean(reports.filter((r) => r.impacted && r.ttrSec !== null).map((r) => r.ttrSec!)),
    unrecoveredIncidents: reports.filter((r) => !r.recovered).length,
  };
}
