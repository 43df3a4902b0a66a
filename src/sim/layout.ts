/**
 * Index layout of the deployment simulator's observation and ground-truth vectors, the action
 * codes, and the time step. Kept in one place so the kernel, telemetry, controllers and docs agree.
 *
 * Time step: one control cycle = `CYCLE_SECONDS` = 15 s of simulated time, the default sync
 * period of the Kubernetes Horizontal Pod Autoscaler (`--horizontal-pod-autoscaler-sync-period`).
 * A HASH "deployment cycle" is one such control cycle: observe the metrics, pick one action,
 * let 15 s pass. The HASH evaluation of 1000 cycles therefore covers 1000 x 15 s = 4 h 10 min.
 */

/** Seconds of simulated time per control cycle (one env step). */
export const CYCLE_SECONDS = 15;

/**
 * Observation vector of the deployment simulator (what a controller sees).
 *
 * | idx | name                | unit        | notes                                                   |
 * |----:|---------------------|-------------|---------------------------------------------------------|
 * |   0 | arrivalRate         | req/s       | offered load at the load balancer                        |
 * |   1 | throughput          | req/s       | successfully answered requests                           |
 * |   2 | latencyP50          | ms          | end-to-end, capped at the client timeout                 |
 * |   3 | latencyP95          | ms          |                                                          |
 * |   4 | latencyP99          | ms          |                                                          |
 * |   5 | errorRate           | fraction    | timeouts + overload (503) + model faults + dependencies  |
 * |   6 | queueDepth          | requests    | backlog waiting for a GPU                                |
 * |   7 | cpuUtil             | fraction    | host CPU, mean over ready instances                      |
 * |   8 | memUtil             | fraction    | host memory (a leak shows here)                          |
 * |   9 | gpuUtil             | fraction    | share of time the GPUs are busy                          |
 * |  10 | gpuMemUtil          | fraction    | GPU memory demand / capacity; > 1 means OOM kills        |
 * |  11 | predDrift           | PSI         | population stability index of predictions vs reference   |
 * |  12 | activationShift     | std devs    | shift of mean hidden activation vs reference             |
 * |  13 | activationVarRatio  | ratio       | variance of hidden activations / reference (1 = normal)  |
 * |  14 | readyInstances      | count       | exact (controller state, not telemetry)                  |
 * |  15 | pendingInstances    | count       | exact: starting up or restarting                         |
 * |  16 | batchSize           | requests    | exact: current max batch size                            |
 * |  17 | trafficB            | fraction    | exact: share of traffic on version B                     |
 *
 * Indices 0-13 pass through the telemetry layer (noise, delay, NaN dropouts, spikes);
 * 14-17 are the controller's own configuration and are exact.
 */
export const OBS = {
  arrivalRate: 0,
  throughput: 1,
  latencyP50: 2,
  latencyP95: 3,
  latencyP99: 4,
  errorRate: 5,
  queueDepth: 6,
  cpuUtil: 7,
  memUtil: 8,
  gpuUtil: 9,
  gpuMemUtil: 10,
  predDrift: 11,
  activationShift: 12,
  activationVarRatio: 13,
  readyInstances: 14,
  pendingInstances: 15,
  batchSize: 16,
  trafficB: 17,
} as const;

/** Names of the observation dims, in order. */
export const OBS_NAMES: readonly string[] = Object.keys(OBS);
/** Units of the observation dims, in order. */
export const OBS_UNITS: readonly string[] = [
  "req/s", "req/s", "ms", "ms", "ms", "fraction", "requests", "fraction", "fraction", "fraction",
  "fraction", "PSI", "std", "ratio", "count", "count", "requests", "fraction",
];
/** Length of the observation vector. */
export const OBS_DIM = 18;
/** Number of telemetry metrics (dims 0..NUM_METRICS-1 of the observation). */
export const NUM_METRICS = 14;

/** Lower bounds of the observation space. */
export const OBS_LOW: readonly number[] = new Array(OBS_DIM).fill(0).map((_, i) => (i === OBS.batchSize ? 1 : 0));
/** Upper bounds of the observation space. */
export const OBS_HIGH: readonly number[] = [
  1e6, 1e6, 1e6, 1e6, 1e6, 1, 1e8, 4, 4, 1, 8, 100, 100, 100, 1000, 1000, 1024, 1,
];
/**
 * Rough scales to divide observations by before feeding a network (a documented normalisation,
 * not a space bound): load in units of 1000 req/s, latency in units of the SLA (500 ms), etc.
 */
export const OBS_SCALE: readonly number[] = [
  1000, 1000, 500, 500, 500, 0.01, 1000, 1, 1, 1, 1, 0.25, 1, 1, 10, 10, 32, 1,
];

/**
 * Ground truth the metrics hide (never shown to a controller; available in `info.truth`).
 * Dims 0-13 are the noiseless values of observation dims 0-13; 14-17 equal observation dims 14-17.
 */
export const TRUTH = {
  ...OBS,
  /** Share of correct predictions (hidden: labels arrive late in production). */
  accuracy: 18,
  /** 0 healthy, 1 degraded (SLA breach or hidden quality loss), 2 down (outage). */
  health: 19,
  /** 1 while any scenario fault window is active. */
  incidentActive: 20,
  /** Total serving capacity of the healthy, reachable instances (req/s). */
  capacity: 21,
  /** Offered model load / capacity (rho). */
  utilisation: 22,
  /** Cost rate of all provisioned instances ($/h). */
  costPerHour: 23,
  /** 1 if this cycle met the SLA (see `SlaConfig`). */
  slaOk: 24,
  /** 1 if this cycle is an outage (error rate >= 50% or no reachable capacity). */
  outage: 25,
  /** Requests/s that reach the model (after the response cache). */
  modelLoad: 26,
  /** Maximum instances allowed (quota). */
  quota: 27,
  /** Mean end-to-end latency (ms). */
  latencyMean: 28,
} as const;
/** Length of the truth vector. */
export const TRUTH_DIM = 29;
/** Names of the truth dims, in order. */
export const TRUTH_NAMES: readonly string[] = (() => {
  const names = new Array<string>(TRUTH_DIM).fill("");
  for (const [k, v] of Object.entries(TRUTH)) names[v] = k;
  return names;
})();

/**
 * Action codes. HASH's six actions are 0-5 (`actionSet: "hash"`, Discrete(6)); the safe
 * controller's richer set (`actionSet: "safe"`, Discrete(12)) adds 6-11.
 *
 * | code | name            | effect                                                                   |
 * |-----:|-----------------|--------------------------------------------------------------------------|
 * |    0 | increaseBatch   | next larger max batch size (1,2,4,...,64)                                |
 * |    1 | decreaseBatch   | next smaller max batch size                                              |
 * |    2 | scaleUp         | start `scaleStep` new instances (ready after the start-up delay)         |
 * |    3 | scaleDown       | remove one instance (a starting one first)                               |
 * |    4 | shiftToB        | move `shiftStep` of the traffic to version B (the rollback target)       |
 * |    5 | maintain        | do nothing                                                               |
 * |    6 | rollback        | all traffic to B at once                                                 |
 * |    7 | hold            | do nothing and freeze the release pipeline's re-promotion of A           |
 * |    8 | canary5         | A (the new version) gets 5% of traffic                                   |
 * |    9 | canary25        | A gets 25%                                                               |
 * |   10 | canary50        | A gets 50%                                                               |
 * |   11 | promote         | A gets 100% (B 0%)                                                       |
 */
export const ACTION = {
  increaseBatch: 0,
  decreaseBatch: 1,
  scaleUp: 2,
  scaleDown: 3,
  shiftToB: 4,
  maintain: 5,
  rollback: 6,
  hold: 7,
  canary5: 8,
  canary25: 9,
  canary50: 10,
  promote: 11,
} as const;
/** Name of an action. */
export type ActionName = keyof typeof ACTION;
/** Action names, indexed by code. */
export const ACTION_NAMES: readonly ActionName[] = Object.keys(ACTION) as ActionName[];
/** Number of actions in HASH's set. */
export const NUM_HASH_ACTIONS = 6;
/** Number of actions in the safe controller's set. */
export const NUM_SAFE_ACTIONS = 12;
