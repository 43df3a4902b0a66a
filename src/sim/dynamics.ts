/**
 * The ONE dynamics implementation of the deployment simulator: struct-of-arrays state for N
 * deployments and an allocation-free per-cycle kernel. `DeployVecEnv` steps it for N envs and
 * `DeployEnv` is a vector of one, so the single and vectorised envs share this physics.
 *
 * Per cycle (15 s) for deployment i:
 * 1. scenario faults active at cycle t are folded into effect variables (faults.ts);
 * 2. the action is applied (batch size, scale, traffic split);
 * 3. instances that finished starting become ready; one-shot faults (crashes, evictions) fire;
 * 4. arrivals: baseRate x diurnal x weekly x AR(1) log-normal noise x fault multipliers;
 * 5. queueing: a fluid backlog for overload plus a stationary M/M/c tail with Sakasegawa's (1977)
 *    approximation of the waiting probability, P(W>0) ~ rho^(sqrt(2(c+1)) - 1), exponential
 *    conditional waits with rate c mu (1 - rho), scaled by the Allen-Cunneen (1990) variability
 *    factor (c_a^2 + c_s^2)/2; plus dynamic-batching fill time and per-batch service time;
 * 6. errors: timeouts, overload rejections, model faults, dependencies, OOM kills;
 * 7. utilisation, drift and activation statistics, hidden accuracy and health;
 * 8. crashes caused by this cycle (GPU OOM, memory leak, crash loops), reward, termination.
 */
import type { Rng } from "../core/rng.js";
import { approxNormal, uniform01 } from "./streams.js";
import type { SimConfig } from "./config.js";
import { MAX_DELAY_CYCLES } from "./config.js";
import { CYCLE_SECONDS, TRUTH_DIM } from "./layout.js";
import { FAULT_CODE, MAX_FAULTS, type FaultSpec } from "./faults.js";

/** Slots of the instance start-up ring buffer (power of two > MAX_DELAY_CYCLES). */
export const RING = 64;
const RING_MASK = RING - 1;
/** Effects handed to the telemetry layer per env: dropout, delay, noise multiplier, spike probability, freeze. */
export const TEL_FX = 5;

/** Termination reasons. */
export const TERMINATION = { none: 0, outage: 1, noCapacity: 2 } as const;

// Fault codes as module constants (inlined by the JIT).
const F_LOAD = FAULT_CODE.load;
const F_CRASH = FAULT_CODE.crash;
const F_EVICT = FAULT_CODE.evict;
const F_ST = FAULT_CODE.serviceTime;
const F_STA = FAULT_CODE.serviceTimeA;
const F_NEIGH = FAULT_CODE.noisyNeighbour;
const F_ERRA = FAULT_CODE.errorA;
const F_ERR = FAULT_CODE.errorAll;
const F_DEP = FAULT_CODE.depLatency;
const F_POOL = FAULT_CODE.connPool;
const F_CACHE = FAULT_CODE.cacheLoss;
const F_PART = FAULT_CODE.partition;
const F_LEAK = FAULT_CODE.memLeakA;
const F_GPUMEM = FAULT_CODE.gpuItemMem;
const F_STARTUP = FAULT_CODE.startupSlow;
const F_QUOTA = FAULT_CODE.quota;
const F_CRASHLOOP = FAULT_CODE.crashLoopA;
const F_CONCEPT = FAULT_CODE.concept;
const F_COV = FAULT_CODE.covariate;
const F_PRIOR = FAULT_CODE.prior;
const F_NAN = FAULT_CODE.nanFeatures;
const F_STALE = FAULT_CODE.staleFeatures;
const F_SCHEMA = FAULT_CODE.schemaA;
const F_CORRUPT = FAULT_CODE.corruptA;
const F_ACCA = FAULT_CODE.accuracyA;
const F_BOTS = FAULT_CODE.bots;
const F_TDROP = FAULT_CODE.telDropout;
const F_TDELAY = FAULT_CODE.telDelay;
const F_TNOISE = FAULT_CODE.telNoise;
const F_TSPIKE = FAULT_CODE.telSpike;
const F_TFREEZE = FAULT_CODE.telFreeze;

// Truth indices (see layout.ts TRUTH).
const T_ARR = 0, T_THR = 1, T_P50 = 2, T_P95 = 3, T_P99 = 4, T_ERR = 5, T_QUEUE = 6, T_CPU = 7, T_MEM = 8;
const T_GPU = 9, T_GPUMEM = 10, T_DRIFT = 11, T_ACTS = 12, T_ACTV = 13, T_READY = 14, T_PEND = 15;
const T_BATCH = 16, T_WB = 17, T_ACC = 18, T_HEALTH = 19, T_INC = 20, T_CAP = 21, T_RHO = 22;
const T_COST = 23, T_SLA = 24, T_OUT = 25, T_MLOAD = 26, T_QUOTA = 27, T_MEAN = 28;

const LN_HALF = Math.log(0.5);
const LN_05 = Math.log(0.05);
const LN_01 = Math.log(0.01);
const TWO_PI = 2 * Math.PI;

/** Flat numeric parameters the kernel reads (derived once from a SimConfig). */
export interface KernelParams {
  dt: number;
  baseRate: number;
  diurnalAmp: number;
  omegaDay: number;
  weeklyAmp: number;
  omegaWeek: number;
  noiseSd: number;
  noisePhi: number;
  noiseInnov: number;
  noiseBias: number;
  levels: Float64Array;
  maxLevel: number;
  maxInstances: number;
  startup: number;
  backoff: number;
  scaleStep: number;
  shiftStep: number;
  repromote: number;
  s0: number;
  s1: number;
  batchTimeoutS: number;
  timeoutMs: number;
  varFactor: number;
  gpuMem: number;
  modelMem: number;
  itemMem: number;
  costHour: number;
  cacheHit: number;
  baseErr: number;
  bSlow: number;
  accA: number;
  accB: number;
  slaP99: number;
  slaErr: number;
  catOutage: number;
  wLat: number;
  wThr: number;
  wErr: number;
  wCost: number;
  wSla: number;
  wCat: number;
}

/** Derive the kernel's flat parameters from a validated config. */
export function kernelParams(cfg: SimConfig): KernelParams {
  const L = cfg.load;
  return {
    dt: CYCLE_SECONDS,
    baseRate: L.baseRate,
    diurnalAmp: L.diurnalAmp,
    omegaDay: TWO_PI / L.dayCycles,
    weeklyAmp: L.weeklyAmp,
    omegaWeek: TWO_PI / (7 * L.dayCycles),
    noiseSd: L.noiseSd,
    noisePhi: L.noisePhi,
    noiseInnov: L.noiseSd * Math.sqrt(1 - L.noisePhi * L.noisePhi),
    // exp(x - sd^2/2) has mean 1 when x ~ N(0, sd^2).
    noiseBias: 0.5 * L.noiseSd * L.noiseSd,
    levels: Float64Array.from(cfg.batchLevels),
    maxLevel: cfg.batchLevels.length - 1,
    maxInstances: cfg.maxInstances,
    startup: cfg.startupCycles,
    backoff: cfg.restartBackoffCycles,
    scaleStep: cfg.scaleStep,
    shiftStep: cfg.shiftStep,
    repromote: cfg.repromoteAfterCycles,
    s0: cfg.serviceOverheadMs,
    s1: cfg.servicePerItemMs,
    batchTimeoutS: cfg.batchTimeoutMs / 1000,
    timeoutMs: cfg.timeoutMs,
    varFactor: (1 + cfg.serviceCv2) / 2,
    gpuMem: cfg.gpuMemGb,
    modelMem: cfg.modelMemGb,
    itemMem: cfg.perItemMemGb,
    costHour: cfg.costPerInstanceHour,
    cacheHit: cfg.cacheHitRate,
    baseErr: cfg.baseErrorRate,
    bSlow: cfg.versionBSlowdown,
    accA: cfg.accuracyA,
    accB: cfg.accuracyB,
    slaP99: cfg.sla.p99Ms,
    slaErr: cfg.sla.errorRate,
    catOutage: cfg.catastrophicOutageCycles,
    wLat: cfg.reward.latency,
    wThr: cfg.reward.throughput,
    wErr: cfg.reward.error,
    wCost: cfg.reward.cost,
    wSla: cfg.reward.sla,
    wCat: cfg.reward.catastrophe,
  };
}

/** Struct-of-arrays state of N deployments. */
export class SimState {
  readonly n: number;
  readonly t: Int32Array;
  readonly bIdx: Int32Array;
  readonly ready: Float64Array;
  readonly pendingTotal: Float64Array;
  /** Instances becoming ready at cycle u sit in slot (i * RING + (u & 63)). */
  readonly pending: Float64Array;
  readonly wB: Float64Array;
  readonly lastShift: Int32Array;
  readonly hold: Uint8Array;
  readonly queue: Float64Array;
  readonly noise: Float64Array;
  readonly dayPhase: Float64Array;
  readonly weekPhase: Float64Array;
  readonly leak: Float64Array;
  readonly outageRun: Int32Array;
  readonly prevP99: Float64Array;
  readonly prevThr: Float64Array;
  readonly prevErr: Float64Array;
  readonly termReason: Int32Array;
  readonly fCount: Int32Array;
  readonly fKind: Int32Array;
  readonly fStart: Int32Array;
  readonly fEnd: Int32Array;
  readonly fShape: Int32Array;
  readonly fMag: Float64Array;
  readonly fShapeP: Float64Array;
  readonly fParam: Float64Array;
  /** Ground truth, N x TRUTH_DIM (layout.ts TRUTH). */
  readonly truth: Float64Array;
  /** Telemetry effects of active faults, N x TEL_FX. */
  readonly telFx: Float64Array;
  /** Per-env random streams of the dynamics (streams.ts), N x 4. */
  readonly rs: Int32Array;

  constructor(n: number) {
    this.n = n;
    this.t = new Int32Array(n);
    this.bIdx = new Int32Array(n);
    this.ready = new Float64Array(n);
    this.pendingTotal = new Float64Array(n);
    this.pending = new Float64Array(n * RING);
    this.wB = new Float64Array(n);
    this.lastShift = new Int32Array(n);
    this.hold = new Uint8Array(n);
    this.queue = new Float64Array(n);
    this.noise = new Float64Array(n);
    this.dayPhase = new Float64Array(n);
    this.weekPhase = new Float64Array(n);
    this.leak = new Float64Array(n);
    this.outageRun = new Int32Array(n);
    this.prevP99 = new Float64Array(n);
    this.prevThr = new Float64Array(n);
    this.prevErr = new Float64Array(n);
    this.termReason = new Int32Array(n);
    this.fCount = new Int32Array(n);
    this.fKind = new Int32Array(n * MAX_FAULTS);
    this.fStart = new Int32Array(n * MAX_FAULTS);
    this.fEnd = new Int32Array(n * MAX_FAULTS);
    this.fShape = new Int32Array(n * MAX_FAULTS);
    this.fMag = new Float64Array(n * MAX_FAULTS);
    this.fShapeP = new Float64Array(n * MAX_FAULTS);
    this.fParam = new Float64Array(n * MAX_FAULTS);
    this.truth = new Float64Array(n * TRUTH_DIM);
    this.telFx = new Float64Array(n * TEL_FX);
    this.rs = new Int32Array(n * 4);
  }
}

/**
 * Start a new episode for deployment i: load its faults, size the fleet, draw the load phase,
 * and compute cycle 0 (the first observation) with the action "maintain". Episode-level draws
 * (noise state, phases) come from `rng`; per-cycle draws from the stream in `s.rs` (seeded by the env).
 */
export function resetDeployment(
  s: SimState,
  k: KernelParams,
  cfg: SimConfig,
  i: number,
  faults: readonly FaultSpec[],
  initialBatchIndex: number,
  rng: Rng,
): void {
  const base = i * MAX_FAULTS;
  s.fCount[i] = faults.length;
  for (let j = 0; j < faults.length; j++) {
    const f = faults[j]!;
    s.fKind[base + j] = FAULT_CODE[f.kind];
    s.fStart[base + j] = f.start;
    s.fEnd[base + j] = f.start + f.duration;
    s.fShape[base + j] = f.shape === "decay" ? 1 : 0;
    s.fMag[base + j] = f.magnitude;
    s.fShapeP[base + j] = f.shapeParam ?? 1;
    s.fParam[base + j] = f.param ?? 0;
  }
  s.t[i] = -1;
  s.bIdx[i] = initialBatchIndex;
  s.pending.fill(0, i * RING, (i + 1) * RING);
  s.pendingTotal[i] = 0;
  s.wB[i] = 0;
  s.lastShift[i] = -1;
  s.hold[i] = 0;
  s.queue[i] = 0;
  s.leak[i] = 0;
  s.outageRun[i] = 0;
  s.termReason[i] = 0;
  s.noise[i] = cfg.load.noiseSd > 0 ? rng.normal(0, cfg.load.noiseSd) : 0;
  s.dayPhase[i] = cfg.load.randomPhase ? rng.uniform(0, cfg.load.dayCycles) : 0;
  s.weekPhase[i] = cfg.load.randomPhase ? rng.uniform(0, 7 * cfg.load.dayCycles) : 0;
  // Size the fleet for the initial utilisation target at the expected initial load.
  let n0 = cfg.initialInstances;
  if (n0 === 0) {
    const b = k.levels[initialBatchIndex]!;
    const mu = (1000 * b) / (k.s0 + k.s1 * b);
    const lam0 =
      k.baseRate *
      (1 + k.diurnalAmp * Math.sin(k.omegaDay * s.dayPhase[i]!)) *
      (1 + k.weeklyAmp * Math.sin(k.omegaWeek * s.weekPhase[i]!)) *
      (1 - k.cacheHit);
    n0 = Math.min(k.maxInstances, Math.max(1, Math.ceil(lam0 / (mu * cfg.initialUtilisation))));
  }
  s.ready[i] = n0;
  simulateCycle(s, k, i, 5);
  s.prevP99[i] = s.truth[i * TRUTH_DIM + T_P99]!;
  s.prevThr[i] = s.truth[i * TRUTH_DIM + T_THR]!;
  s.prevErr[i] = s.truth[i * TRUTH_DIM + T_ERR]!;
  s.termReason[i] = 0;
}

/** Schedule `count` instances to become ready `delay` cycles after t. */
function schedule(s: SimState, i: number, t: number, delay: number, count: number): void {
  const d = delay < 1 ? 1 : delay > MAX_DELAY_CYCLES ? MAX_DELAY_CYCLES : delay;
  s.pending[i * RING + ((t + d) & RING_MASK)]! += count;
  s.pendingTotal[i]! += count;
}

/** Kill `count` ready instances; they restart after `delay` cycles. */
function crash(s: SimState, i: number, t: number, count: number, delay: number): void {
  const c = Math.min(count, s.ready[i]!);
  if (c <= 0) return;
  s.ready[i]! -= c;
  schedule(s, i, t, delay, c);
}

/**
 * Advance deployment i by one cycle under `action` (a valid action code; the env validates it),
 * drawing from env i's stream in `s.rs`.
 * Writes the truth row and the telemetry effects; returns the reward. Allocation-free.
 */
export function simulateCycle(s: SimState, k: KernelParams, i: number, action: number): number {
  const rs = s.rs;
  const ro = i * 4;
  const t = s.t[i]! + 1;
  s.t[i] = t;

  // 1. Fold the active faults into effects.
  let loadMult = 1, stAll = 1, stA = 1, neighbour = 0, errA = 0, errAll = 0, depLat = 0, pool = 0;
  let cacheLoss = 0, partition = 0, leakRate = 0, itemMemMult = 1, startupMult = 1, quota = k.maxInstances;
  let crashLoopA = 0, concept = 0, covariate = 0, prior = 0, nanF = 0, stale = 0, schemaA = 0, corruptA = 0;
  let accLossA = 0, bots = 0, tDrop = 0, tDelay = 0, tNoise = 1, tSpike = 0, tFreeze = 0;
  let incident = 0, aFault = 0, partErr = 0;
  const fb = i * MAX_FAULTS;
  const nf = s.fCount[i]!;
  for (let j = fb; j < fb + nf; j++) {
    const st = s.fStart[j]!;
    const en = s.fEnd[j]!;
    if (t < st || t >= en) continue;
    let sh: number;
    const sp = s.fShapeP[j]!;
    if (s.fShape[j] === 1) sh = Math.exp(-(t - st) / sp);
    else {
      sh = (t - st + 1) / sp;
      const down = (en - t) / sp;
      if (down < sh) sh = down;
      if (sh > 1) sh = 1;
    }
    const m = s.fMag[j]!;
    const kind = s.fKind[j]!;
    if (kind < F_TDROP) incident = 1;
    switch (kind) {
      case F_LOAD: loadMult *= 1 + (m - 1) * sh; break;
      case F_CRASH: break; // one-shot, handled after the action
      case F_EVICT: break;
      case F_ST: stAll *= 1 + (m - 1) * sh; break;
      case F_STA: stA *= 1 + (m - 1) * sh; aFault = 1; break;
      case F_NEIGH: neighbour += m * sh; break;
      case F_ERRA: errA += m * sh; aFault = 1; break;
      case F_ERR: errAll += m * sh; break;
      case F_DEP: depLat += m * sh; break;
      case F_POOL: pool = m; break;
      case F_CACHE: cacheLoss += m * sh; break;
      case F_PART: partition += m * sh; if (t - st < 2) partErr += m * sh; break; // until health checks eject them
      case F_LEAK: leakRate += m * sh; aFault = 1; break;
      case F_GPUMEM: itemMemMult *= 1 + (m - 1) * sh; break;
      case F_STARTUP: startupMult *= 1 + (m - 1) * sh; break;
      case F_QUOTA: if (m < quota) quota = m; break;
      case F_CRASHLOOP: crashLoopA += m * sh; aFault = 1; break;
      case F_CONCEPT: concept += m * sh; break;
      case F_COV: covariate += m * sh; break;
      case F_PRIOR: prior += m * sh; break;
      case F_NAN: nanF += m * sh; break;
      case F_STALE: stale += m * sh; break;
      case F_SCHEMA: schemaA += m * sh; aFault = 1; break;
      case F_CORRUPT: corruptA += m * sh; aFault = 1; break;
      case F_ACCA: accLossA += m * sh; aFault = 1; break;
      case F_BOTS: bots += m * sh; break;
      case F_TDROP: tDrop += m * sh; break;
      case F_TDELAY: if (m > tDelay) tDelay = m; break;
      case F_TNOISE: tNoise *= 1 + (m - 1) * sh; break;
      case F_TSPIKE: tSpike += m * sh; break;
      case F_TFREEZE: tFreeze = 1; break;
    }
  }
  if (cacheLoss > 1) cacheLoss = 1;
  if (partition > 0.99) partition = 0.99;
  const startupDelay = Math.round(k.startup * startupMult);
  const restartDelay = startupDelay + k.backoff;

  // 2. Apply the action.
  let ready = s.ready[i]!;
  let termReason = 0;
  switch (action) {
    case 0: if (s.bIdx[i]! < k.maxLevel) s.bIdx[i]!++; break;
    case 1: if (s.bIdx[i]! > 0) s.bIdx[i]!--; break;
    case 2: {
      const room = quota - ready - s.pendingTotal[i]!;
      const add = room < k.scaleStep ? Math.floor(room) : k.scaleStep;
      if (add > 0) schedule(s, i, t, startupDelay, add);
      break;
    }
    case 3: {
      if (s.pendingTotal[i]! > 0) {
        // Cancel the instance that would become ready last.
        for (let d = MAX_DELAY_CYCLES; d >= 0; d--) {
          const slot = i * RING + ((t + d) & RING_MASK);
          if (s.pending[slot]! > 0) {
            s.pending[slot]! -= 1;
            s.pendingTotal[i]! -= 1;
            break;
          }
        }
      } else if (ready > 0) {
        ready -= 1;
        if (ready <= 0) termReason = 2; // the action left no capacity at all
      }
      break;
    }
    case 4: {
      const w = s.wB[i]! + k.shiftStep;
      s.wB[i] = w > 1 ? 1 : w;
      s.lastShift[i] = t;
      break;
    }
    case 6: s.wB[i] = 1; s.lastShift[i] = t; break;
    case 7: s.hold[i] = 1; break;
    case 8: s.wB[i] = 0.95; s.lastShift[i] = t; s.hold[i] = 0; break;
    case 9: s.wB[i] = 0.75; s.lastShift[i] = t; s.hold[i] = 0; break;
    case 10: s.wB[i] = 0.5; s.lastShift[i] = t; s.hold[i] = 0; break;
    case 11: s.wB[i] = 0; s.hold[i] = 0; break;
    default: break; // 5 maintain
  }
  // The release pipeline re-promotes A once it is fixed and the rollback is old enough.
  if (k.repromote > 0 && s.wB[i]! > 0 && s.hold[i] === 0 && aFault === 0 && t - s.lastShift[i]! >= k.repromote) {
    s.wB[i] = 0;
  }
  const wB = s.wB[i]!;
  const wA = 1 - wB;

  // 3. Instances that finished starting; one-shot faults.
  const slot0 = i * RING + (t & RING_MASK);
  const arriving = s.pending[slot0]!;
  if (arriving > 0) {
    ready += arriving;
    s.pendingTotal[i]! -= arriving;
    s.pending[slot0] = 0;
  }
  s.ready[i] = ready;
  for (let j = fb; j < fb + nf; j++) {
    const kind = s.fKind[j]!;
    if (kind === F_CRASH && t === s.fStart[j]) {
      const m = s.fMag[j]!;
      const c = m >= 1 ? Math.round(m) : Math.max(1, Math.round(m * s.ready[i]!));
      crash(s, i, t, c, restartDelay + s.fParam[j]!);
    } else if (kind === F_EVICT && t >= s.fStart[j]! && t < s.fEnd[j]! && (t - s.fStart[j]!) % s.fParam[j]! === 0) {
      crash(s, i, t, 1, restartDelay + 4);
    }
  }
  ready = s.ready[i]!;

  // 4. Arrivals.
  const z = approxNormal(rs, ro);
  const x = k.noisePhi * s.noise[i]! + k.noiseInnov * z;
  s.noise[i] = x;
  const lam =
    k.baseRate *
    (1 + k.diurnalAmp * Math.sin(k.omegaDay * (t + s.dayPhase[i]!))) *
    (1 + k.weeklyAmp * Math.sin(k.omegaWeek * (t + s.weekPhase[i]!))) *
    Math.exp(x - k.noiseBias) *
    loadMult *
    (1 + bots);
  const lamM = lam * (1 - k.cacheHit * (1 - cacheLoss));

  // 5. Capacity and queueing.
  const b = k.levels[s.bIdx[i]!]!;
  let leak = s.leak[i]! + leakRate * wA;
  const memBase = 0.35 + leak;
  const memSlow = memBase > 0.8 ? 1 + 3 * (memBase - 0.8) : 1;
  const stMs = (k.s0 + k.s1 * b) * (wA * stA + wB * k.bSlow) * stAll * (1 + neighbour) * memSlow;
  const mu = (1000 * b) / stMs;
  const nEff = ready * (1 - partition);
  let cap = nEff * mu;
  if (pool > 0) {
    const poolCap = (nEff * pool * 1000) / (stMs + depLat);
    if (poolCap < cap) cap = poolCap;
  }
  const dt = k.dt;
  const timeoutS = k.timeoutMs / 1000;
  const q0 = s.queue[i]!;
  const inflow = lamM * dt;
  let qRaw = q0 + inflow - cap * dt;
  // Admission control: a request that would wait more than half the client timeout in the
  // backlog is rejected at once (503), as a bounded queue in Envoy or Triton does.
  const qMax = Math.max(50, 0.5 * cap * timeoutS);
  let overload = 0;
  if (qRaw > qMax) {
    overload = inflow > 0 ? (qRaw - qMax) / inflow : 0;
    qRaw = qMax;
  }
  if (qRaw < 0) qRaw = 0;
  s.queue[i] = qRaw;
  let p50: number, p95: number, p99: number, mean: number, eTimeout: number, rho: number;
  if (cap > 1e-9) {
    rho = lamM / cap;
    const backlogS = (0.5 * (q0 + qRaw)) / cap;
    const rs = rho < 1e-6 ? 1e-6 : rho > 0.995 ? 0.995 : rho;
    const c = nEff < 1 ? 1 : nEff;
    const lnPw = (Math.sqrt(2 * (c + 1)) - 1) * Math.log(rs);
    const pw = Math.exp(lnPw);
    const theta = (cap * (1 - rs)) / k.varFactor;
    const w50 = lnPw > LN_HALF ? (lnPw - LN_HALF) / theta : 0;
    const w95 = lnPw > LN_05 ? (lnPw - LN_05) / theta : 0;
    const w99 = lnPw > LN_01 ? (lnPw - LN_01) / theta : 0;
    let fill = (b - 1) / (lamM / c + 1e-9);
    if (fill > k.batchTimeoutS) fill = k.batchTimeoutS;
    const fixedMs = depLat + 1000 * backlogS;
    p50 = fixedMs + 1000 * (0.5 * fill + w50) + stMs;
    p95 = fixedMs + 1000 * (0.95 * fill + w95) + stMs * 1.15;
    p99 = fixedMs + 1000 * (0.99 * fill + w99) + stMs * 1.3;
    mean = fixedMs + 1000 * (0.5 * fill + pw / theta) + stMs * 1.05;
    const slackMs = k.timeoutMs - fixedMs - 1000 * fill - stMs * 1.15;
    eTimeout = slackMs <= 0 ? 1 : pw * Math.exp((-theta * slackMs) / 1000);
  } else {
    rho = lamM > 0 ? 1e3 : 0;
    p50 = p95 = p99 = mean = k.timeoutMs;
    eTimeout = 1;
    overload = 1;
  }
  const tm = k.timeoutMs;
  if (p50 > tm) p50 = tm;
  if (p95 > tm) p95 = tm;
  if (p99 > tm) p99 = tm;
  if (mean > tm) mean = tm;
  if (eTimeout > 1) eTimeout = 1;

  // 6. Errors.
  const gpuDemand = (k.modelMem + k.itemMem * itemMemMult * b) / k.gpuMem;
  let pOom = gpuDemand > 1 ? (gpuDemand - 1) * 2 : 0;
  if (pOom > 1) pOom = 1;
  const botShare = bots / (1 + bots);
  let eModel = k.baseErr + wA * (errA + 0.2 * schemaA) + errAll + 0.05 * nanF + 0.2 * partErr;
  if (eModel > 1) eModel = 1;
  let err = 1 - (1 - eTimeout) * (1 - overload) * (1 - eModel) * (1 - 0.5 * pOom);
  if (err < 0) err = 0;
  if (err > 1) err = 1;
  const thr = lam * (1 - err);

  // 7. Utilisation, model statistics, hidden truth.
  const busy = rho > 1 ? 1 : rho;
  const gpuUtil = nEff > 0 ? busy : 0;
  const cpu = Math.min(4, 0.08 + 0.3 * busy + 0.5 * neighbour + 0.05 * botShare);
  const memUtil = memBase + 0.1 * busy;
  const drift =
    0.02 + 0.03 * wB + 0.1 * concept + 0.3 * covariate + 0.35 * prior + 0.5 * nanF + 0.1 * stale +
    wA * (0.4 * schemaA + 0.02 * corruptA + 1.5 * accLossA) + 0.25 * botShare;
  const actShift = 0.2 + 1.2 * covariate + 0.3 * prior + 2.5 * nanF + 0.2 * stale + wA * (1.5 * schemaA + 3 * corruptA) + 0.6 * botShare;
  const actVar = 1 + 0.3 * covariate + 1.5 * nanF + wA * (0.5 * schemaA + 0.8 * corruptA);
  let acc =
    wA * (k.accA - accLossA - 0.3 * corruptA - 0.1 * schemaA) + wB * k.accB -
    concept - 0.05 * covariate - 0.01 * prior - 0.3 * nanF - 0.05 * stale;
  if (acc < 0) acc = 0;
  const refAcc = wA * k.accA + wB * k.accB;
  const slaOk = p99 <= k.slaP99 && err <= k.slaErr ? 1 : 0;
  const outage = err >= 0.5 || nEff < 0.5 ? 1 : 0;
  const health = outage ? 2 : slaOk === 0 || acc < refAcc - 0.05 ? 1 : 0;
  const pendingNow = s.pendingTotal[i]!;

  const r = i * TRUTH_DIM;
  const tr = s.truth;
  tr[r + T_ARR] = lam;
  tr[r + T_THR] = thr;
  tr[r + T_P50] = p50;
  tr[r + T_P95] = p95;
  tr[r + T_P99] = p99;
  tr[r + T_ERR] = err;
  tr[r + T_QUEUE] = qRaw;
  tr[r + T_CPU] = cpu;
  tr[r + T_MEM] = memUtil;
  tr[r + T_GPU] = gpuUtil;
  tr[r + T_GPUMEM] = gpuDemand;
  tr[r + T_DRIFT] = drift;
  tr[r + T_ACTS] = actShift;
  tr[r + T_ACTV] = actVar;
  tr[r + T_READY] = ready;
  tr[r + T_PEND] = pendingNow;
  tr[r + T_BATCH] = b;
  tr[r + T_WB] = wB;
  tr[r + T_ACC] = acc;
  tr[r + T_HEALTH] = health;
  tr[r + T_INC] = incident;
  tr[r + T_CAP] = cap;
  tr[r + T_RHO] = rho;
  tr[r + T_COST] = (ready + pendingNow) * k.costHour;
  tr[r + T_SLA] = slaOk;
  tr[r + T_OUT] = outage;
  tr[r + T_MLOAD] = lamM;
  tr[r + T_QUOTA] = quota;
  tr[r + T_MEAN] = mean;
  const fx = i * TEL_FX;
  s.telFx[fx] = tDrop;
  s.telFx[fx + 1] = tDelay;
  s.telFx[fx + 2] = tNoise;
  s.telFx[fx + 3] = tSpike;
  s.telFx[fx + 4] = tFreeze;

  // 8. Crashes caused by this cycle (they take effect from the next cycle).
  if (pOom > 0 && ready > 0) crash(s, i, t, Math.floor(ready * pOom + uniform01(rs, ro)), restartDelay);
  if (crashLoopA > 0 && ready > 0) {
    const p = crashLoopA * wA;
    if (p > 0) crash(s, i, t, Math.floor(s.ready[i]! * (p > 1 ? 1 : p) + uniform01(rs, ro)), restartDelay);
  }
  if (memUtil >= 0.98) {
    crash(s, i, t, Math.ceil(s.ready[i]! / 2), restartDelay);
    leak = 0;
  }
  s.leak[i] = leak;

  // Reward (HASH): R = -w1 dLatency + w2 dThroughput - w3 dError - w4 ResourceCost (+ extras).
  const dLat = clip5((p99 - s.prevP99[i]!) / k.slaP99);
  const dThr = clip5((thr - s.prevThr[i]!) / k.baseRate);
  const dErr = clip5((err - s.prevErr[i]!) / k.slaErr);
  s.prevP99[i] = p99;
  s.prevThr[i] = thr;
  s.prevErr[i] = err;
  const costShare = (ready + pendingNow) / k.maxInstances;
  s.outageRun[i] = outage ? s.outageRun[i]! + 1 : 0;
  if (termReason === 0 && s.outageRun[i]! > k.catOutage) termReason = 1;
  s.termReason[i] = termReason;
  return (
    -k.wLat * dLat + k.wThr * dThr - k.wErr * dErr - k.wCost * costShare - k.wSla * (1 - slaOk) -
    (termReason !== 0 ? k.wCat : 0)
  );
}

function clip5(x: number): number {
  return x > 5 ? 5 : x < -5 ? -5 : x;
}
