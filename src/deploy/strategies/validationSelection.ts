/**
 * Validation-based selection: start with the best validation model; after every chunk, re-select
 * the model with the highest replayed reward over the last `window` labelled requests (all models
 * are scored on that window, i.e. full-information feedback on a rolling labelled window).
 */
import { argmax, type DeploymentManager, type Feedback, type ManagerContext } from "./types.js";

/** Options of {@link ValidationSelection}. */
export interface ValidationSelectionOptions {
  /** Rolling window of labelled requests used for re-selection (default 1000). */
  window?: number;
}

/**
 * Validation-based re-selection manager.
 * @throws if window is not a positive integer, or route is called before start.
 */
export class ValidationSelection implements DeploymentManager {
  readonly name = "validation";
  private readonly window: number;
  private chosen = -1;
  private ring: Float64Array[] = [];
  private sums = new Float64Array(0);
  private pos = 0;
  private filled = 0;

  constructor(options: ValidationSelectionOptions = {}) {
    this.window = options.window ?? 1000;
    if (!(Number.isInteger(this.window) && this.window >= 1)) {
      throw new Error(`ValidationSelection: option window must be a positive integer, got ${this.window}`);
    }
  }

  start(ctx: ManagerContext): void {
    this.chosen = argmax(ctx.validationReward);
    this.ring = Array.from({ length: ctx.nModels }, () => new Float64Array(this.window));
    this.sums = new Float64Array(ctx.nModels);
    this.pos = 0;
    this.filled = 0;
  }

  route(): number {
    if (this.chosen < 0) throw new Error("validation: call start() before route()");
    return this.chosen;
  }

  observe(f: Feedback): void {
    for (let k = 0; k < this.ring.length; k++) {
      const r = f.rewards[k]!;
      this.sums[k]! += r - this.ring[k]![this.pos]!;
      this.ring[k]![this.pos] = r;
    }
    this.pos = (this.pos + 1) % this.window;
    this.filled = Math.min(this.window, this.filled + 1);
  }

  endChunk(): void {
    if (this.filled > 0) this.chosen = argmax(this.sums);
  }

  explicitRollbacks(): number {
    return 0;
  }
}
