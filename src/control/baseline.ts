/**
 * The static-threshold alerting baseline (HASH's "Baseline"): what a production stack does out of
 * the box, rebuilt from the defaults of the tools it mirrors.
 *
 * - **Alerting** (Prometheus alerting rules): fixed thresholds on p99 latency (500 ms), error rate
 *   (1%) and GPU utilisation (90%); an alert fires after `alertAfter` = 3 consecutive breaching
 *   cycles (`for: 45s` at a 15 s scrape interval). Missing data (NaN) is not a breach, as in
 *   Prometheus, where an absent series never fires a threshold rule.
 * - **Autoscaling** (Kubernetes Horizontal Pod Autoscaler, autoscaling/v2 defaults):
 *   desired = ceil(current x utilisation / target) on GPU utilisation with target 70%; no change
 *   while |utilisation / target - 1| <= 0.1 (the HPA's default tolerance); scale-down uses the
 *   highest recommendation of the last 300 s (the default scale-down stabilisation window,
 *   20 cycles); scale-up has no stabilisation. When the metric is missing the HPA skips the cycle.
 *   Our action space moves one instance per cycle, so a large recommendation is reached over
 *   several cycles (the HPA's default scale-up policy would allow doubling per 15 s).
 *   minReplicas 2 (HPA default 1; two is the usual production floor), maxReplicas 30.
 * - **Automated rollback** (Flagger canary analysis / Argo Rollouts AnalysisRun): every
 *   `checkIntervalCycles` = 4 cycles (Flagger's `interval: 1m`) the mean error rate and mean p99 of
 *   the interval are checked against Flagger's built-in limits (request-success-rate >= 99%,
 *   request-duration p99 <= 500 ms); after `failedChecksToRollback` = 5 consecutive failed
 *   checks (Flagger's `threshold: 5`) traffic is shifted to version B. An interval without any data
 *   is a measurement error; more than `measurementErrorLimit` = 4 consecutive ones (Argo Rollouts'
 *   default `consecutiveErrorLimit: 4`) make the analysis error out, which aborts the release:
 *   also a rollback.
 * - One action per cycle, by priority: rollback > scale up > scale down > maintain. It never
 *   touches the batch size (no production tool tunes it).
 *
 * References: Kubernetes HPA docs (algorithm details, `--horizontal-pod-autoscaler-tolerance`,
 * `behavior.scaleDown.stabilizationWindowSeconds` default 300); Flagger docs "Metrics Analysis"
 * (builtin checks) and "Canary analysis" (`interval`, `threshold`); Argo Rollouts docs
 * "Analysis & Progressive Delivery" (`failureLimit`, `consecutiveErrorLimit`).
 */
import type { Controller } from "./types.js";
import { ACTION, OBS } from "../sim/layout.js";

/** Options of {@link ThresholdBaseline} (defaults in brackets; see the module doc for sources). */
export interface ThresholdBaselineOptions {
  /** HPA target GPU utilisation [0.7]. */
  targetUtilisation?: number;
  /** HPA tolerance [0.1]. */
  tolerance?: number;
  /** HPA scale-down stabilisation window in cycles [20 = 300 s]. */
  scaleDownStabilisationCycles?: number;
  /** [2] */
  minReplicas?: number;
  /** [30] */
  maxReplicas?: number;
  /** Alert and check limit on p99 latency, ms [500]. */
  p99Ms?: number;
  /** Alert and check limit on the error rate [0.01]. */
  errorRate?: number;
  /** Alert threshold on GPU utilisation [0.9]. */
  utilisationAlert?: number;
  /** Consecutive breaching cycles before the alert fires [3]. */
  alertAfter?: number;
  /** Cycles per analysis check [4 = 1 min]. */
  checkIntervalCycles?: number;
  /** Consecutive failed checks before rollback [5]. */
  failedChecksToRollback?: number;
  /** Consecutive checks without data tolerated before the analysis aborts [4]. */
  measurementErrorLimit?: number;
  /** Roll back when the analysis aborts on missing data [true]. */
  abortOnMeasurementErrors?: boolean;
}

type Resolved = Required<ThresholdBaselineOptions>;

const DEFAULTS: Resolved = {
  targetUtilisation: 0.7,
  tolerance: 0.1,
  scaleDownStabilisationCycles: 20,
  minReplicas: 2,
  maxReplicas: 30,
  p99Ms: 500,
  errorRate: 0.01,
  utilisationAlert: 0.9,
  alertAfter: 3,
  checkIntervalCycles: 4,
  failedChecksToRollback: 5,
  measurementErrorLimit: 4,
  abortOnMeasurementErrors: true,
};

/**
 * Static-threshold alerting + HPA-style autoscaling + Flagger/Argo-style rollback.
 * Reads only the observation (never the ground truth).
 * @example
 * const r = runEpisode(new DeployEnv({ scenario: "bad-deploy" }), new ThresholdBaseline(), { seed: 1 });
 */
export class ThresholdBaseline implements Controller {
  readonly name = "threshold-baseline";
  readonly options: Readonly<Resolved>;
  private breachRun = 0;
  private alert = false;
  private window: number[] = [];
  private cycleInInterval = 0;
  private errSum = 0;
  private errN = 0;
  private p99Sum = 0;
  private p99N = 0;
  private failedChecks = 0;
  private measurementErrors = 0;
  /** Rollbacks triggered so far in this episode (failed checks or aborted analysis). */
  rollbacks = 0;
  /** Why the last rollback happened: "failed-checks" | "measurement-errors" | null. */
  lastRollbackReason: string | null = null;

  /** @throws Error naming the option if a value is out of range. */
  constructor(options: ThresholdBaselineOptions = {}) {
    for (const k of Object.keys(options)) {
      if (!(k in DEFAULTS)) throw new Error(`ThresholdBaseline: unknown option "${k}"`);
    }
    const o: Resolved = { ...DEFAULTS, ...options };
    const check = (name: keyof Resolved, ok: boolean) => {
      if (!ok) throw new Error(`ThresholdBaseline: option ${name} is out of range (got ${String(o[name])})`);
    };
    check("targetUtilisation", o.targetUtilisation > 0 && o.targetUtilisation <= 1);
    check("tolerance", o.tolerance >= 0 && o.tolerance < 1);
    check("scaleDownStabilisationCycles", Number.isInteger(o.scaleDownStabilisationCycles) && o.scaleDownStabilisationCycles >= 1);
    check("minReplicas", Number.isInteger(o.minReplicas) && o.minReplicas >= 1);
    check("maxReplicas", Number.isInteger(o.maxReplicas) && o.maxReplicas >= o.minReplicas);
    check("p99Ms", o.p99Ms > 0);
    check("errorRate", o.errorRate > 0 && o.errorRate < 1);
    check("utilisationAlert", o.utilisationAlert > 0);
    check("alertAfter", Number.isInteger(o.alertAfter) && o.alertAfter >= 1);
    check("checkIntervalCycles", Number.isInteger(o.checkIntervalCycles) && o.checkIntervalCycles >= 1);
    check("failedChecksToRollback", Number.isInteger(o.failedChecksToRollback) && o.failedChecksToRollback >= 1);
    check("measurementErrorLimit", Number.isInteger(o.measurementErrorLimit) && o.measurementErrorLimit >= 0);
    this.options = Object.freeze(o);
  }

  /** True while the threshold alert is firing. */
  get alerting(): boolean {
    return this.alert;
  }

  reset(): void {
    this.breachRun = 0;
    this.alert = false;
    this.window = [];
    this.cycleInInterval = 0;
    this.errSum = this.errN = this.p99Sum = this.p99N = 0;
    this.failedChecks = 0;
    this.measurementErrors = 0;
    this.rollbacks = 0;
    this.lastRollbackReason = null;
  }

  /** @throws if `obs` is shorter than the deployment observation. */
  act(obs: Float32Array): number {
    if (obs.length < OBS.trafficB + 1) throw new Error(`ThresholdBaseline.act: observation has ${obs.length} dims, expected ${OBS.trafficB + 1}`);
    const o = this.options;
    const util = obs[OBS.gpuUtil]!;
    const p99 = obs[OBS.latencyP99]!;
    const err = obs[OBS.errorRate]!;
    const ready = obs[OBS.readyInstances]!;
    const pending = obs[OBS.pendingInstances]!;
    const wB = obs[OBS.trafficB]!;

    // Alerting: NaN comparisons are false, so missing data never breaches.
    const breach = p99 > o.p99Ms || err > o.errorRate || util > o.utilisationAlert;
    this.breachRun = breach ? this.breachRun + 1 : 0;
    this.alert = this.breachRun >= o.alertAfter;

    // Analysis (Flagger / Argo Rollouts).
    if (err === err) {
      this.errSum += err;
      this.errN++;
    }
    if (p99 === p99) {
      this.p99Sum += p99;
      this.p99N++;
    }
    let rollback = false;
    if (++this.cycleInInterval >= o.checkIntervalCycles) {
      if (this.errN === 0 && this.p99N === 0) {
        this.measurementErrors++;
        if (o.abortOnMeasurementErrors && this.measurementErrors > o.measurementErrorLimit) {
          rollback = true;
          this.lastRollbackReason = "measurement-errors";
        }
      } else {
        this.measurementErrors = 0;
        const failed =
          (this.errN > 0 && this.errSum / this.errN > o.errorRate) || (this.p99N > 0 && this.p99Sum / this.p99N > o.p99Ms);
        this.failedChecks = failed ? this.failedChecks + 1 : 0;
        if (this.failedChecks >= o.failedChecksToRollback) {
          rollback = true;
          this.lastRollbackReason = "failed-checks";
        }
      }
      this.cycleInInterval = 0;
      this.errSum = this.errN = this.p99Sum = this.p99N = 0;
    }
    if (rollback) {
      this.failedChecks = 0;
      this.measurementErrors = 0;
      if (wB < 1) {
        this.rollbacks++;
        return ACTION.shiftToB;
      }
    }

    // HPA.
    const current = ready + pending;
    if (util === util && ready > 0) {
      const ratio = util / o.targetUtilisation;
      let desired = Math.abs(ratio - 1) <= o.tolerance ? ready : Math.ceil(ready * ratio);
      desired = Math.min(o.maxReplicas, Math.max(o.minReplicas, desired));
      this.window.push(desired);
      if (this.window.length > o.scaleDownStabilisationCycles) this.window.shift();
      if (desired > current) return ACTION.scaleUp;
      const stable = Math.max(...this.window);
      if (this.window.length >= o.scaleDownStabilisationCycles && stable < current && current > o.minReplicas) {
        return ACTION.scaleDown;
      }
    } else if (ready <= 0 && current < o.minReplicas) {
      // No ready pods at all: the ReplicaSet floor (minReplicas) still applies.
      return ACTION.scaleUp;
    }
    return ACTION.maintain;
  }
}
