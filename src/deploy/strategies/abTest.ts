/**
 * A/B testing as a deployment manager (an A/B/n test with monitoring and rollback):
 * 1. Test period: for `testLength` requests traffic is split uniformly over all candidate models.
 *    The model with the best mean reward is committed only if a two-sided two-proportion z-test at
 *    level `alpha` finds it better than the incumbent (at the start, the best validation model);
 *    otherwise the incumbent stays.
 * 2. Monitoring: the deployed model serves all traffic; every `monitorLength` requests its mean
 *    reward over that window is compared with what it earned in the test (one-sided z-test at
 *    `alpha`). On a significant drop the manager rolls back to the model deployed before the last
 *    commit (if any) and runs a new test period, since production has changed.
 * 3. Optionally (`retestEvery` > 0) a new test period also starts every `retestEvery` requests.
 * Classical references: Kohavi, Tang & Xu 2020, "Trustworthy Online Controlled Experiments".
 */
import { Rng } from "../../core/rng.js";
import { normalCdf, twoProportionZTest } from "../../core/stats.js";
import { argmax, type DeploymentManager, type Feedback, type ManagerContext } from "./types.js";

/** Options of {@link AbTesting}. */
export interface AbTestingOptions {
  /** Requests per test period, split uniformly over the models (default 2000). */
  testLength?: number;
  /** Significance level of the commit and the rollback tests (default 0.05). */
  alpha?: number;
  /** Monitoring window of the deployed model, in requests (default 1000). */
  monitorLength?: number;
  /** Start a new test every this many requests of serving (default 0 = only after a failure). */
  retestEvery?: number;
}

/**
 * A/B/n testing with monitoring and rollback.
 * @throws if an option is out of range, or route is called before start.
 */
export class AbTesting implements DeploymentManager {
  readonly name = "ab-testing";
  private readonly o: Required<AbTestingOptions>;
  private rng = new Rng(0);
  private k = 0;
  private current = -1;
  private previous = -1;
  private phase: "test" | "serve" = "test";
  private left = 0;
  private sinceTest = 0;
  private testSum = new Float64Array(0);
  private testN = new Float64Array(0);
  private baseline = 0;
  private baselineN = 0;
  private winSum = 0;
  private winN = 0;
  private rollbacks = 0;

  constructor(options: AbTestingOptions = {}) {
    this.o = { testLength: 2000, alpha: 0.05, monitorLength: 1000, retestEvery: 0, ...options };
    for (const k of ["testLength", "monitorLength"] as const) {
      if (!(Number.isInteger(this.o[k]) && this.o[k] >= 1)) throw new Error(`AbTesting: option ${k} must be a positive integer, got ${this.o[k]}`);
    }
    if (!(Number.isInteger(this.o.retestEvery) && this.o.retestEvery >= 0)) {
      throw new Error(`AbTesting: option retestEvery must be an integer >= 0, got ${this.o.retestEvery}`);
    }
    if (!(this.o.alpha > 0 && this.o.alpha < 1)) throw new Error(`AbTesting: option alpha must be in (0, 1), got ${this.o.alpha}`);
  }

  start(ctx: ManagerContext): void {
    this.rng = new Rng(ctx.seed);
    this.k = ctx.nModels;
    this.current = argmax(ctx.validationReward);
    this.previous = -1;
    this.rollbacks = 0;
    this.beginTest();
  }

  private beginTest(): void {
    this.phase = "test";
    this.left = this.o.testLength;
    this.testSum = new Float64Array(this.k);
    this.testN = new Float64Array(this.k);
  }

  private beginServe(): void {
    this.phase = "serve";
    this.left = this.o.monitorLength;
    this.sinceTest = 0;
    this.winSum = 0;
    this.winN = 0;
  }

  route(): number {
    if (this.current < 0) throw new Error("ab-testing: call start() before route()");
    return this.phase === "test" ? this.rng.int(this.k) : this.current;
  }

  observe(f: Feedback): void {
    if (this.phase === "test") {
      this.testSum[f.served]! += f.reward;
      this.testN[f.served]!++;
      if (--this.left === 0) this.decideTest();
      return;
    }
    this.winSum += f.reward;
    this.winN++;
    this.sinceTest++;
    if (--this.left === 0) this.decideMonitor();
  }

  private decideTest(): void {
    const means = Array.from(this.testSum, (s, i) => (this.testN[i]! > 0 ? s / this.testN[i]! : -Infinity));
    const best = argmax(means);
    const inc = this.current;
    if (best !== inc && this.testN[inc]! > 0) {
      const { z, pValue } = twoProportionZTest(this.testSum[best]!, this.testN[best]!, this.testSum[inc]!, this.testN[inc]!);
      if (z > 0 && pValue < this.o.alpha) {
        this.previous = inc;
        this.current = best;
      }
    }
    // The monitoring baseline: what the deployed model earned during the test.
    this.baseline = this.testN[this.current]! > 0 ? this.testSum[this.current]! / this.testN[this.current]! : NaN;
    this.baselineN = this.testN[this.current]!;
    this.beginServe();
  }

  private decideMonitor(): void {
    let failed = false;
    if (this.baselineN > 0 && Number.isFinite(this.baseline)) {
      const { z } = twoProportionZTest(this.winSum, this.winN, this.baseline * this.baselineN, this.baselineN);
      failed = z < 0 && normalCdf(z) < this.o.alpha;
    }
    if (failed) {
      if (this.previous >= 0) {
        this.current = this.previous;
        this.previous = -1;
        this.rollbacks++;
      }
      this.beginTest();
      return;
    }
    if (this.o.retestEvery > 0 && this.sinceTest >= this.o.retestEvery) {
      this.beginTest();
      return;
    }
    this.left = this.o.monitorLength;
    this.winSum = 0;
    this.winN = 0;
  }

  endChunk(): void {}

  explicitRollbacks(): number {
    return this.rollbacks;
  }
}
