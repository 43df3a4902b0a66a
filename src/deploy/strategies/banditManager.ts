/**
 * A bandit policy as a deployment manager: each request is an arm pull, the served model's reward
 * is the only feedback (bandit feedback). Arms start with no knowledge of the validation results,
 * as in the paper's setting.
 */
import type { BanditPolicy } from "../../rl/bandits/types.js";
import type { DeploymentManager, Feedback, ManagerContext } from "./types.js";

/**
 * Wrap a bandit factory (called at every `start` with the number of arms and a seed).
 * @throws if route is called before start.
 */
export class BanditManager implements DeploymentManager {
  private policy: BanditPolicy | null = null;
  constructor(
    readonly name: string,
    private readonly make: (nArms: number, seed: number, ctx: ManagerContext) => BanditPolicy,
  ) {}
  start(ctx: ManagerContext): void {
    this.policy = this.make(ctx.nModels, ctx.seed, ctx);
  }
  route(): number {
    if (!this.policy) throw new Error(`${this.name}: call start() before route()`);
    return this.policy.select();
  }
  observe(f: Feedback): void {
    this.policy!.update(f.served, f.reward);
  }
  endChunk(): void {}
  explicitRollbacks(): number {
    return 0;
  }
}
