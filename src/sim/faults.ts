/**
 * Fault primitives: what a scenario is made of. A scenario is a list of `FaultSpec`s, each a
 * window `[start, start + duration)` in cycles with a kind, a magnitude and an intensity shape.
 * The kernel (`dynamics.ts`) turns active faults into effects each cycle.
 *
 * | kind           | magnitude means                                   | effect                                                      |
 * |----------------|---------------------------------------------------|-------------------------------------------------------------|
 * | load           | load multiplier                                   | arrivals x (1 + (m-1) s)                                    |
 * | crash          | instances (>= 1) or share of ready (< 1)          | one-shot at start; they restart after start-up + back-off + param |
 * | evict          | -                                                 | every `param` cycles one instance is evicted and restarts   |
 * | serviceTime    | multiplier                                        | per-batch service time x (1 + (m-1) s), both versions       |
 * | serviceTimeA   | multiplier                                        | same, version A only                                        |
 * | noisyNeighbour | slowdown share                                    | service time x (1 + m s), CPU steal                         |
 * | errorA         | error rate                                        | + m s on A's share of traffic                               |
 * | errorAll       | error rate                                        | + m s on all traffic (a failing dependency)                 |
 * | depLatency     | ms                                                | + m s per request (a slow dependency)                       |
 * | connPool       | connections per instance                          | throughput cap m * 1000 / (service + dependency ms) per instance |
 * | cacheLoss      | share of response-cache hits lost                 | more load reaches the model                                 |
 * | partition      | share of instances unreachable                    | capacity lost; + 0.2 m errors for 2 cycles (until ejected)  |
 * | memLeakA       | host-memory share leaked per cycle                | on A's share; at 98% instances are OOM-killed               |
 * | gpuItemMem     | multiplier of per-request GPU memory              | larger inputs: large batches stop fitting (OOM kills)       |
 * | startupSlow    | multiplier of the start-up delay                  | slow cold starts                                            |
 * | quota          | max instances                                     | scale-up beyond it does nothing                             |
 * | crashLoopA     | crash probability per instance per cycle          | A's instances crash and restart                             |
 * | concept        | accuracy loss                                     | silent: P(y given x) changed, inputs look the same          |
 * | covariate      | intensity                                         | P(x) shifts: prediction drift, activation shift, some accuracy loss |
 * | prior          | intensity                                         | P(y) shifts: prediction drift, little accuracy loss         |
 * | nanFeatures    | intensity                                         | feature pipeline outage: NaN features, errors, accuracy loss |
 * | staleFeatures  | intensity                                         | features stop updating: small drift and accuracy loss       |
 * | schemaA        | intensity                                         | A expects a renamed field: 20% errors on A, drift           |
 * | corruptA       | intensity                                         | A's weights corrupted: visible only in activations + accuracy |
 * | accuracyA      | accuracy loss                                     | A is simply worse than B, slight prediction drift           |
 * | bots           | junk share of traffic                             | load x (1 + m s), CPU, prediction drift (4xx: not errors)   |
 * | telDropout     | scrape dropout probability                        | telemetry only                                              |
 * | telDelay       | cycles of delay                                   | telemetry only                                              |
 * | telNoise       | noise multiplier                                  | telemetry only                                              |
 * | telSpike       | spike probability per cycle                       | telemetry only                                              |
 * | telFreeze      | -                                                 | exporter stuck: the same values repeat                      |
 *
 * Intensity s(t) in [0, 1]: "ramp" rises linearly over `shapeParam` cycles at the start and falls
 * over the same number at the end (1 = a step); "decay" starts at 1 and decays as
 * exp(-(t - start) / shapeParam).
 */

/** Fault kinds, in kernel code order. */
export const FAULT_KINDS = [
  "load",
  "crash",
  "evict",
  "serviceTime",
  "serviceTimeA",
  "noisyNeighbour",
  "errorA",
  "errorAll",
  "depLatency",
  "connPool",
  "cacheLoss",
  "partition",
  "memLeakA",
  "gpuItemMem",
  "startupSlow",
  "quota",
  "crashLoopA",
  "concept",
  "covariate",
  "prior",
  "nanFeatures",
  "staleFeatures",
  "schemaA",
  "corruptA",
  "accuracyA",
  "bots",
  "telDropout",
  "telDelay",
  "telNoise",
  "telSpike",
  "telFreeze",
] as const;

/** A fault kind name. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Kernel code of each fault kind. */
export const FAULT_CODE: Readonly<Record<FaultKind, number>> = Object.fromEntries(
  FAULT_KINDS.map((k, i) => [k, i]),
) as Record<FaultKind, number>;

/** Fault kinds that only affect version A (shifting traffic to B removes them). */
export const A_ONLY_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "serviceTimeA",
  "errorA",
  "memLeakA",
  "crashLoopA",
  "schemaA",
  "corruptA",
  "accuracyA",
]);

/** Fault kinds that only affect telemetry. */
export const TELEMETRY_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "telDropout",
  "telDelay",
  "telNoise",
  "telSpike",
  "telFreeze",
]);

/** One fault window. */
export interface FaultSpec {
  kind: FaultKind;
  /** First cycle of the window. */
  start: number;
  /** Length in cycles. */
  duration: number;
  magnitude: number;
  /** Intensity shape; default "ramp". */
  shape?: "ramp" | "decay";
  /** Ramp length or decay time constant in cycles; default 1. */
  shapeParam?: number;
  /** Kind-specific parameter (crash: extra restart cycles; evict: period). Default 0. */
  param?: number;
  /** Whether the window is part of an incident (false for background conditions such as a quota). Default true. */
  incident?: boolean;
}

/** Most fault slots one env can hold. */
export const MAX_FAULTS = 6;

/**
 * Validate a fault list.
 * @throws Error naming the fault index and field.
 */
export function validateFaults(faults: readonly FaultSpec[], where: string): void {
  if (faults.length > MAX_FAULTS) {
    throw new Error(`${where}: ${faults.length} faults, at most ${MAX_FAULTS} are supported`);
  }
  faults.forEach((f, i) => {
    if (!(f.kind in FAULT_CODE)) throw new Error(`${where}: fault ${i} has unknown kind "${String(f.kind)}"`);
    if (!Number.isInteger(f.start) || f.start < 0) throw new Error(`${where}: fault ${i} (${f.kind}) start must be an integer >= 0, got ${f.start}`);
    if (!Number.isInteger(f.duration) || f.duration < 1) throw new Error(`${where}: fault ${i} (${f.kind}) duration must be an integer >= 1, got ${f.duration}`);
    if (!Number.isFinite(f.magnitude)) throw new Error(`${where}: fault ${i} (${f.kind}) magnitude must be finite, got ${f.magnitude}`);
    const sp = f.shapeParam ?? 1;
    if (!(sp > 0) || !Number.isFinite(sp)) throw new Error(`${where}: fault ${i} (${f.kind}) shapeParam must be > 0, got ${sp}`);
    if (f.kind === "evict" && !((f.param ?? 0) >= 1)) throw new Error(`${where}: fault ${i} (evict) needs param (period) >= 1`);
  });
}
