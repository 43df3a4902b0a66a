/** Naive deployment: serve the best model on the validation split, forever (no monitoring). */
import { argmax, type DeploymentManager, type Feedback, type ManagerContext } from "./types.js";

/** Naive deployment manager (the paper's baseline). */
export class NaiveDeployment implements DeploymentManager {
  readonly name = "naive";
  private chosen = -1;
  start(ctx: ManagerContext): void {
    this.chosen = argmax(ctx.validationReward);
  }
  route(): number {
    if (this.chosen < 0) throw new Error("naive: call start() before route()");
    return this.chosen;
  }
  observe(_feedback: Feedback): void {}
  endChunk(): void {}
  explicitRollbacks(): number {
    return 0;
  }
}
