/**
 * An oracle policy: a rule-based controller that reads the ground truth (`info.truth`) and the
 * scenario's recorded remediations (`info.helps`). It is a reference point ("what a controller
 * that knew everything would roughly achieve"), not a proven optimum, and it is unfair by design.
 *
 * Rules, in priority order each cycle:
 * 1. a fault of version A is active and shifting to B helps -> shift traffic to B;
 * 2. GPU memory demand above 100% -> decrease the batch size;
 * 3. fewer instances provisioned than needed for 75% utilisation of the true load -> scale up
 *    (when the quota blocks it and increasing the batch helps, increase the batch instead);
 * 4. a latency-bound incident (p99 > 400 ms) where smaller batches help -> decrease the batch;
 * 5. more than 2 instances above the need and nothing starting -> scale down;
 * 6. otherwise maintain. It "alerts" exactly while an incident window is active.
 */
import type { Controller } from "../control/types.js";
import type { DeployInfo } from "./env.js";
import { ACTION, TRUTH } from "./layout.js";

/** Options of {@link OracleController}. */
export interface OracleOptions {
  /** Utilisation the oracle provisions for. Default 0.75. */
  targetUtilisation?: number;
  /** Fewest instances it keeps. Default 2. */
  minInstances?: number;
}

/** Ground-truth rule policy (see module doc). */
export class OracleController implements Controller<DeployInfo> {
  readonly name = "oracle";
  private readonly target: number;
  private readonly minInstances: number;
  private alert = false;

  /** @throws if targetUtilisation is not in (0, 1] or minInstances < 1. */
  constructor(options: OracleOptions = {}) {
    this.target = options.targetUtilisation ?? 0.75;
    this.minInstances = options.minInstances ?? 2;
    if (!(this.target > 0 && this.target <= 1)) throw new Error(`OracleController: targetUtilisation must be in (0, 1], got ${this.target}`);
    if (!(Number.isInteger(this.minInstances) && this.minInstances >= 1)) throw new Error(`OracleController: minInstances must be an integer >= 1, got ${this.minInstances}`);
  }

  get alerting(): boolean {
    return this.alert;
  }

  reset(): void {
    this.alert = false;
  }

  /** @throws if `info` (with the ground truth) is missing. */
  act(_obs: Float32Array, info?: DeployInfo): number {
    if (!info) throw new Error("OracleController.act: needs the env's info (ground truth)");
    const tr = info.truth;
    const helps = info.helps;
    this.alert = info.incidentActive;
    const ready = tr[TRUTH.readyInstances]!;
    const pending = tr[TRUTH.pendingInstances]!;
    const wB = tr[TRUTH.trafficB]!;
    const batch = tr[TRUTH.batchSize]!;
    const gpuMem = tr[TRUTH.gpuMemUtil]!;
    if (info.incidentActive && helps.includes("shiftToB") && wB < 1) return ACTION.shiftToB;
    if (gpuMem > 1 && batch > 1) return ACTION.decreaseBatch;
    const perInstance = ready > 0 ? tr[TRUTH.capacity]! / ready : 0;
    const load = tr[TRUTH.modelLoad]!;
    const need = perInstance > 0 ? Math.max(this.minInstances, Math.ceil(load / (perInstance * this.target))) : ready + pending + 1;
    const provisioned = ready + pending;
    if (provisioned < need) {
      if (provisioned >= tr[TRUTH.quota]!) {
        // Scaling out is blocked: a larger batch buys throughput if it fits in GPU memory.
        if (helps.includes("increaseBatch") && gpuMem * 1.6 < 1) return ACTION.increaseBatch;
      } else return ACTION.scaleUp;
    }
    if (info.incidentActive && helps.includes("decreaseBatch") && batch > 1 && tr[TRUTH.utilisation]! < 0.7 && tr[TRUTH.latencyP99]! > 400) {
      return ACTION.decreaseBatch;
    }
    if (provisioned > need + 2 && pending === 0 && ready > this.minInstances) return ACTION.scaleDown;
    return ACTION.maintain;
  }
}
