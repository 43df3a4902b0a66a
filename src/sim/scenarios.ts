/**
 * The scenario catalogue: named, seeded, parameterised failure scenarios for the deployment
 * simulator (47 = 46 failure scenarios in six categories + nominal).
 *
 * A scenario builds a list of fault windows (`FaultSpec`, see faults.ts) from its parameters and
 * a seeded `Rng`; by default the incident starts at a random cycle in [15%, 35%] of the horizon so
 * that different seeds differ but the incident always lies well inside the episode. Each scenario
 * records which remediations help (`helps`, in the action vocabulary of layout.ts): the oracle
 * policy uses it, and "time to recover" is measured against its incident windows.
 *
 * Parameters every scenario accepts: `start` (cycle; -1 = random), `duration` (cycles) and
 * `magnitude` (meaning depends on the scenario, see `defaults` and `description`).
 */
import type { Rng } from "../core/rng.js";
import type { ActionName } from "./layout.js";
import { validateFaults, type FaultSpec } from "./faults.js";

/** Scenario categories. */
export type ScenarioCategory = "nominal" | "traffic" | "capacity" | "model-data" | "dependency" | "telemetry" | "compound";

/** Parameters of a scenario instance. */
export type ScenarioParams = Record<string, number>;

/** A scenario of the catalogue. */
export interface ScenarioDef {
  id: string;
  title: string;
  category: ScenarioCategory;
  /** What happens, in an SRE's words. */
  description: string;
  /** Parameter defaults (all scenarios have start, duration, magnitude). */
  defaults: ScenarioParams;
  /** Remediations that help, in the action vocabulary ([] = none in the action set: escalate/retrain). */
  helps: ActionName[];
  /** Initial state overrides (e.g. a larger batch size). */
  initial?: { batchIndex?: number };
  build(p: ScenarioParams, rng: Rng, horizon: number): FaultSpec[];
}

/** A reference to a scenario: its id, or its id with parameter overrides. */
export type ScenarioRef = string | { id: string; params?: ScenarioParams };

/** A built scenario: the faults of one episode. */
export interface ScenarioInstance {
  id: string;
  category: ScenarioCategory;
  params: ScenarioParams;
  faults: FaultSpec[];
  helps: ActionName[];
  initial: { batchIndex?: number };
  /** Incident windows (merged overlapping fault windows), [start, end) in cycles. */
  incidents: IncidentWindow[];
}

/** An incident window of a scenario instance. */
export interface IncidentWindow {
  start: number;
  /** Exclusive end (the fault stops on its own here unless remediated earlier). */
  end: number;
  /** Fault kinds inside the window. */
  kinds: string[];
}

const base = (start: number, duration: number, magnitude: number, extra: ScenarioParams = {}): ScenarioParams => ({
  start,
  duration,
  magnitude,
  ...extra,
});

/** Resolve the start parameter: -1 draws a start in [15%, 35%] of the horizon. */
function startOf(p: ScenarioParams, rng: Rng, horizon: number): number {
  const s = p.start ?? -1;
  if (s >= 0) return Math.floor(s);
  const lo = Math.floor(0.15 * horizon);
  const hi = Math.max(lo + 1, Math.floor(0.35 * horizon));
  return lo + rng.int(hi - lo);
}

const dur = (p: ScenarioParams) => Math.max(1, Math.floor(p.duration ?? 1));
const mag = (p: ScenarioParams) => p.magnitude ?? 1;

/** A one-fault scenario. */
function single(
  id: string,
  title: string,
  category: ScenarioCategory,
  description: string,
  kind: FaultSpec["kind"],
  defaults: ScenarioParams,
  helps: ActionName[],
  opts: { shape?: "ramp" | "decay"; shapeParam?: number; param?: number; untilEnd?: boolean } = {},
): ScenarioDef {
  return {
    id,
    title,
    category,
    description,
    defaults,
    helps,
    build(p, rng, horizon) {
      const start = startOf(p, rng, horizon);
      // "Until the end": the window runs past the horizon so its ramp-down never shows.
      const duration = opts.untilEnd ? 2 * horizon : dur(p);
      return [
        {
          kind,
          start,
          duration,
          magnitude: mag(p),
          shape: opts.shape ?? "ramp",
          shapeParam: p.shapeParam ?? opts.shapeParam ?? 1,
          param: p.param ?? opts.param ?? 0,
        },
      ];
    },
  };
}

const CATALOGUE: ScenarioDef[] = [
  {
    id: "nominal",
    title: "Nominal operation",
    category: "nominal",
    description: "Diurnal and weekly load with noise; no faults. The telemetry has its usual noise and rare gaps.",
    defaults: {},
    helps: [],
    build: () => [],
  },
  // ---------------------------------------------------------------- traffic
  single("flash-crowd", "Flash crowd", "traffic", "Load triples within 30 s (a viral link) and stays for 10 min.", "load", base(-1, 40, 3, { shapeParam: 2 }), ["scaleUp", "increaseBatch"]),
  {
    id: "thundering-herd",
    title: "Thundering herd after recovery",
    category: "traffic",
    description: "An upstream auth outage fails every request for 2 min; when it recovers, clients retry their backlog and load spikes to x3, decaying over ~3 min.",
    defaults: base(-1, 50, 3, { outageCycles: 8 }),
    helps: ["scaleUp"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      const o = Math.max(1, Math.floor(p.outageCycles ?? 8));
      return [
        { kind: "errorAll", start: s, duration: o, magnitude: 1 },
        { kind: "load", start: s + o, duration: dur(p), magnitude: mag(p), shape: "decay", shapeParam: 12 },
      ];
    },
  },
  single("slow-ramp", "Slow organic ramp", "traffic", "Load grows steadily to x2.2 over 100 min and stays there.", "load", base(-1, 0, 2.2, { shapeParam: 400 }), ["scaleUp"], { untilEnd: true }),
  single("traffic-drop", "Traffic drop", "traffic", "A client's DNS change sends 70% of the traffic elsewhere for 50 min: capacity is wasted.", "load", base(-1, 200, 0.3, { shapeParam: 3 }), ["scaleDown"]),
  single("bot-storm", "Bot storm", "traffic", "Scrapers add 150% junk traffic for 30 min: more load and shifted predictions (their 4xx answers do not count as errors).", "bots", base(-1, 120, 1.5, { shapeParam: 5 }), ["scaleUp"]),
  single("peak-day", "Seasonal peak day", "traffic", "A sale day: load rises to x1.8 over 40 min, holds, and falls back.", "load", base(-1, 400, 1.8, { shapeParam: 150 }), ["scaleUp"]),
  single("campaign-step", "Marketing campaign step", "traffic", "A campaign goes live: load steps to x1.8 for 75 min.", "load", base(-1, 300, 1.8), ["scaleUp", "increaseBatch"]),
  // ---------------------------------------------------------------- capacity
  single("instance-crash", "Instance crash", "capacity", "Three instances crash (segfault) and restart after the start-up delay plus back-off.", "crash", base(-1, 8, 3), ["scaleUp"]),
  single("zone-loss", "Availability-zone loss", "capacity", "One of two zones goes dark: half the instances disappear and are rescheduled only after 10 min.", "crash", base(-1, 46, 0.5, { param: 40 }), ["scaleUp"]),
  single("memory-leak", "Memory leak in the new version", "capacity", "Version A leaks host memory; GC pauses slow it and instances are OOM-killed in waves.", "memLeakA", base(-1, 400, 0.004), ["shiftToB", "rollback"]),
  {
    id: "gpu-oom-large-batch",
    title: "GPU OOM at large batch",
    category: "capacity",
    description: "Inputs get longer (x1.6 activation memory per request): at batch 32 the GPU runs out of memory and instances crash-loop until the batch is reduced.",
    defaults: base(-1, 300, 1.6),
    helps: ["decreaseBatch"],
    initial: { batchIndex: 5 },
    build(p, rng, h) {
      return [{ kind: "gpuItemMem", start: startOf(p, rng, h), duration: dur(p), magnitude: mag(p) }];
    },
  },
  single("noisy-neighbour", "Noisy neighbour", "capacity", "A co-located job steals CPU and PCIe bandwidth: batches take 60% longer for 40 min.", "noisyNeighbour", base(-1, 150, 0.6, { shapeParam: 5 }), ["scaleUp"]),
  {
    id: "slow-cold-starts",
    title: "Slow cold starts",
    category: "capacity",
    description: "The image registry is slow: new instances take 5x longer to start, just as load rises to x1.7.",
    defaults: base(-1, 300, 5, { load: 1.7 }),
    helps: ["scaleUp", "increaseBatch"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "startupSlow", start: s, duration: dur(p), magnitude: mag(p) },
        { kind: "load", start: s + 10, duration: Math.max(1, dur(p) - 10), magnitude: p.load ?? 1.7, shapeParam: 10 },
      ];
    },
  },
  {
    id: "quota-ceiling",
    title: "Quota ceiling",
    category: "capacity",
    description: "The GPU quota caps the fleet at 8 instances while load ramps to x2: scaling out stops working; larger batches help.",
    defaults: base(-1, 400, 8, { load: 2 }),
    helps: ["increaseBatch"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "quota", start: 0, duration: h + 1, magnitude: mag(p), incident: false },
        { kind: "load", start: s, duration: dur(p), magnitude: p.load ?? 2, shapeParam: 100 },
      ];
    },
  },
  single("node-drain", "Node drain during upgrade", "capacity", "A node-pool upgrade evicts one instance every 90 s for 30 min; each returns after 2.5 min.", "evict", base(-1, 120, 0, { param: 6 }), ["scaleUp"]),
  single("gpu-thermal-throttle", "GPU thermal throttling", "capacity", "A cooling fault throttles the GPUs: service time x1.5 for 50 min.", "serviceTime", base(-1, 200, 1.5, { shapeParam: 20 }), ["scaleUp", "increaseBatch"]),
  // ---------------------------------------------------------------- model and data
  single("bad-deploy", "Bad deploy (error jump)", "model-data", "The new release A throws on 8% of requests (a null-pointer in post-processing).", "errorA", base(-1, 300, 0.08), ["shiftToB", "rollback"]),
  single("latency-regression", "Latency regression in the new version", "model-data", "Release A is 80% slower per batch (a missing fused kernel).", "serviceTimeA", base(-1, 300, 1.8), ["shiftToB", "rollback", "scaleUp"]),
  single("concept-drift", "Concept drift (silent accuracy loss)", "model-data", "User behaviour changes: accuracy falls by 15 points over 50 min while every operational metric stays green.", "concept", base(-1, 0, 0.15, { shapeParam: 200 }), [], { untilEnd: true }),
  single("covariate-drift", "Covariate drift", "model-data", "A new client population: inputs shift, predictions and activations drift, accuracy drops a little.", "covariate", base(-1, 400, 1, { shapeParam: 100 }), []),
  single("prior-shift", "Prior (label) shift", "model-data", "The positive class becomes much more common: the prediction distribution shifts, accuracy barely moves.", "prior", base(-1, 300, 1, { shapeParam: 50 }), []),
  single("feature-pipeline-nan", "Feature-pipeline outage (NaN features)", "model-data", "The feature job fails and serves NaN: 5% of requests fail validation, the rest get garbage predictions.", "nanFeatures", base(-1, 60, 1), []),
  single("stale-features", "Stale features", "model-data", "The feature store stops refreshing: features are hours old; slight drift and accuracy loss.", "staleFeatures", base(-1, 200, 1), []),
  single("schema-change", "Schema change breaks the new version", "model-data", "An upstream team renames a field; release A rejects 20% of requests and mis-reads others.", "schemaA", base(-1, 300, 1), ["shiftToB", "rollback"]),
  single("corrupted-weights", "Corrupted weights", "model-data", "A bad checkpoint copy: release A answers quickly and without errors, but wrongly; only the activation statistics show it.", "corruptA", base(-1, 400, 1), ["shiftToB", "rollback"]),
  single("model-crash-loop", "Model crash loop", "model-data", "Release A segfaults on some inputs: each A instance crashes with probability 0.15 per cycle.", "crashLoopA", base(-1, 200, 0.15), ["shiftToB", "rollback"]),
  single("accuracy-regression", "Accuracy regression in the new version", "model-data", "Release A was trained on a buggy data snapshot: 8 points less accurate, slight prediction drift.", "accuracyA", base(-1, 400, 0.08), ["shiftToB", "rollback"]),
  // ---------------------------------------------------------------- dependencies
  single("feature-store-latency", "Feature-store latency", "dependency", "Feature look-ups slow by 400 ms for 30 min; smaller batches claw back enough latency if capacity is added.", "depLatency", base(-1, 120, 400, { shapeParam: 5 }), ["decreaseBatch"]),
  {
    id: "downstream-timeouts",
    title: "Downstream timeouts",
    category: "dependency",
    description: "The downstream ranking service times out on 6% of calls and adds 300 ms to the rest.",
    defaults: base(-1, 80, 0.06, { latency: 300 }),
    helps: [],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "errorAll", start: s, duration: dur(p), magnitude: mag(p) },
        { kind: "depLatency", start: s, duration: dur(p), magnitude: p.latency ?? 300 },
      ];
    },
  },
  {
    id: "connection-pool-exhaustion",
    title: "Connection-pool exhaustion",
    category: "dependency",
    description: "A slow database holds connections for 150 ms longer; each instance's pool of 16 connections caps its throughput. More instances bring more pools.",
    defaults: base(-1, 150, 16, { latency: 150 }),
    helps: ["scaleUp"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "connPool", start: s, duration: dur(p), magnitude: mag(p) },
        { kind: "depLatency", start: s, duration: dur(p), magnitude: p.latency ?? 150 },
      ];
    },
  },
  single("cache-loss", "Cache loss", "dependency", "The response cache is flushed and stays cold for 50 min: 25% more load reaches the model.", "cacheLoss", base(-1, 200, 1), ["scaleUp"]),
  single("network-partition", "Partial network partition", "dependency", "40% of the instances become unreachable for 15 min; requests sent to them fail until health checks eject them (30 s).", "partition", base(-1, 60, 0.4), ["scaleUp"]),
  single("dependency-outage", "Short dependency outage", "dependency", "The auth service is down for 2.5 min: every request fails; nothing in the action set helps.", "errorAll", base(-1, 10, 1), []),
  single("slow-downstream", "Slowly degrading downstream", "dependency", "A downstream service degrades over 25 min to +600 ms per call.", "depLatency", base(-1, 200, 600, { shapeParam: 100 }), []),
  // ---------------------------------------------------------------- telemetry
  single("telemetry-dropout", "Telemetry dropout", "telemetry", "The metrics exporter is down for 15 min: 95% of scrapes are missing (NaN). The service itself is fine.", "telDropout", base(-1, 60, 0.95), ["maintain"]),
  single("telemetry-delay", "Telemetry delay", "telemetry", "The metrics pipeline lags by 2 min for 75 min.", "telDelay", base(-1, 300, 8), ["maintain"]),
  single("telemetry-noise", "Noisy telemetry", "telemetry", "A sampling bug makes every metric 8x noisier for 75 min.", "telNoise", base(-1, 300, 8), ["maintain"]),
  single("false-spikes", "False spikes", "telemetry", "A broken exporter emits spurious spikes in 10% of scrapes for 75 min.", "telSpike", base(-1, 300, 0.1), ["maintain"]),
  single("frozen-exporter", "Frozen exporter", "telemetry", "The exporter hangs and repeats its last values for 25 min.", "telFreeze", base(-1, 100, 1), ["maintain"]),
  // ---------------------------------------------------------------- compound
  {
    id: "flash-crowd-blind",
    title: "Flash crowd while telemetry drops out",
    category: "compound",
    description: "Load jumps to x2.5 while half the scrapes are missing.",
    defaults: base(-1, 40, 2.5, { dropout: 0.5 }),
    helps: ["scaleUp", "increaseBatch"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "load", start: s, duration: dur(p), magnitude: mag(p), shapeParam: 2 },
        { kind: "telDropout", start: Math.max(0, s - 5), duration: dur(p) + 10, magnitude: p.dropout ?? 0.5 },
      ];
    },
  },
  {
    id: "bad-deploy-at-peak",
    title: "Bad deploy at peak",
    category: "compound",
    description: "Release A fails 5% of requests just as load climbs to x1.6.",
    defaults: base(-1, 200, 0.05, { load: 1.6 }),
    helps: ["shiftToB", "rollback", "scaleUp"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "load", start: s, duration: dur(p), magnitude: p.load ?? 1.6, shapeParam: 30 },
        { kind: "errorA", start: s + 10, duration: dur(p), magnitude: mag(p) },
      ];
    },
  },
  {
    id: "zone-loss-herd",
    title: "Zone loss followed by a retry herd",
    category: "compound",
    description: "A zone fails; clients retry and double the load while capacity is short.",
    defaults: base(-1, 40, 2, { share: 0.34 }),
    helps: ["scaleUp"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "crash", start: s, duration: 46, magnitude: p.share ?? 0.34, param: 40 },
        { kind: "load", start: s + 2, duration: dur(p), magnitude: mag(p), shape: "decay", shapeParam: 15 },
      ];
    },
  },
  {
    id: "leak-and-neighbour",
    title: "Memory leak plus noisy neighbour",
    category: "compound",
    description: "Release A leaks memory while a co-located job slows the GPUs.",
    defaults: base(-1, 300, 0.005, { slowdown: 0.4 }),
    helps: ["shiftToB", "scaleUp"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "memLeakA", start: s, duration: dur(p), magnitude: mag(p) },
        { kind: "noisyNeighbour", start: s + 50, duration: 150, magnitude: p.slowdown ?? 0.4, shapeParam: 5 },
      ];
    },
  },
  {
    id: "drift-and-slow-features",
    title: "Covariate drift plus slow feature store",
    category: "compound",
    description: "A new client population arrives while the feature store slows by 350 ms: latency creeps towards the SLA, accuracy drops; no action in the set fixes the cause.",
    defaults: base(-1, 200, 1, { latency: 350 }),
    helps: [],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "covariate", start: s, duration: dur(p), magnitude: mag(p), shapeParam: 40 },
        { kind: "depLatency", start: s + 20, duration: dur(p), magnitude: p.latency ?? 350, shapeParam: 5 },
      ];
    },
  },
  {
    id: "regression-with-lag",
    title: "Latency regression with lagging telemetry",
    category: "compound",
    description: "Release A is 60% slower and the metrics pipeline lags 90 s behind.",
    defaults: base(-1, 300, 1.6, { delay: 6 }),
    helps: ["shiftToB", "rollback", "scaleUp"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "serviceTimeA", start: s, duration: dur(p), magnitude: mag(p) },
        { kind: "telDelay", start: Math.max(0, s - 20), duration: dur(p) + 40, magnitude: p.delay ?? 6 },
      ];
    },
  },
  {
    id: "cascading-failure",
    title: "Cascading failure",
    category: "compound",
    description: "A slow downstream makes 5% of calls fail; client retries add 50% load and the connection pools run dry.",
    defaults: base(-1, 120, 0.05, { retryLoad: 1.5, pool: 20, latency: 200 }),
    helps: ["scaleUp"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      const d = dur(p);
      return [
        { kind: "depLatency", start: s, duration: d, magnitude: p.latency ?? 200, shapeParam: 10 },
        { kind: "errorAll", start: s + 5, duration: d - 5, magnitude: mag(p) },
        { kind: "load", start: s + 10, duration: d - 10, magnitude: p.retryLoad ?? 1.5, shapeParam: 5 },
        { kind: "connPool", start: s + 10, duration: d - 10, magnitude: p.pool ?? 20 },
      ];
    },
  },
  {
    id: "canary-gone-wrong",
    title: "Bad deploy while the exporter is flaky",
    category: "compound",
    description: "Release A fails 10% of requests while 30% of scrapes are missing and spikes appear.",
    defaults: base(-1, 200, 0.1, { dropout: 0.3, spikes: 0.05 }),
    helps: ["shiftToB", "rollback"],
    build(p, rng, h) {
      const s = startOf(p, rng, h);
      return [
        { kind: "errorA", start: s, duration: dur(p), magnitude: mag(p) },
        { kind: "telDropout", start: s, duration: dur(p), magnitude: p.dropout ?? 0.3 },
        { kind: "telSpike", start: s, duration: dur(p), magnitude: p.spikes ?? 0.05 },
      ];
    },
  },
];

const BY_ID = new Map(CATALOGUE.map((s) => [s.id, s]));

/** Every scenario of the catalogue, in display order (nominal first). */
export function listScenarios(): readonly ScenarioDef[] {
  return CATALOGUE;
}

/** Ids of every scenario. */
export function scenarioIds(): string[] {
  return CATALOGUE.map((s) => s.id);
}

/**
 * Look up a scenario by id.
 * @throws Error naming the unknown id and listing a few valid ones.
 */
export function getScenario(id: string): ScenarioDef {
  const s = BY_ID.get(id);
  if (!s) {
    const near = CATALOGUE.filter((c) => c.id.includes(id.slice(0, 4))).map((c) => c.id);
    throw new Error(
      `unknown scenario "${id}"` +
        (near.length ? `; did you mean ${near.slice(0, 3).join(", ")}?` : "") +
        ` (${CATALOGUE.length} scenarios; see listScenarios())`,
    );
  }
  return s;
}

/**
 * Build one episode of a scenario: draw its start times from `rng`, validate the faults, and
 * merge fault windows into incident windows.
 * @throws on an unknown scenario or parameter, or faults that fail validation.
 */
export function buildScenario(ref: ScenarioRef, rng: Rng, horizon: number): ScenarioInstance {
  const id = typeof ref === "string" ? ref : ref.id;
  const def = getScenario(id);
  const given = typeof ref === "string" ? {} : (ref.params ?? {});
  for (const [k, v] of Object.entries(given)) {
    if (!(k in def.defaults) && k !== "shapeParam" && k !== "param") {
      throw new Error(`scenario "${id}": unknown parameter "${k}" (known: ${Object.keys(def.defaults).join(", ") || "none"})`);
    }
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`scenario "${id}": parameter "${k}" must be a finite number, got ${String(v)}`);
  }
  const params = { ...def.defaults, ...given };
  const faults = def.build(params, rng, horizon);
  validateFaults(faults, `scenario "${id}"`);
  return {
    id,
    category: def.category,
    params,
    faults,
    helps: [...def.helps],
    initial: { ...(def.initial ?? {}) },
    incidents: incidentWindows(faults, horizon),
  };
}

/** Merge the incident fault windows (overlapping or within 4 cycles) into incidents, clipped to the horizon. */
export function incidentWindows(faults: readonly FaultSpec[], horizon: number): IncidentWindow[] {
  const ws = faults
    .filter((f) => f.incident !== false && f.start <= horizon)
    .map((f) => ({ start: f.start, end: Math.min(f.start + f.duration, horizon + 1), kinds: [f.kind as string] }))
    .sort((a, b) => a.start - b.start);
  const out: IncidentWindow[] = [];
  for (const w of ws) {
    const last = out[out.length - 1];
    if (last && w.start <= last.end + 4) {
      last.end = Math.max(last.end, w.end);
      for (const k of w.kinds) if (!last.kinds.includes(k)) last.kinds.push(k);
    } else out.push({ ...w, kinds: [...w.kinds] });
  }
  return out;
}
