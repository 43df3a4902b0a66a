/**
 * Epsilon-greedy: with probability epsilon play a uniformly random arm, otherwise the arm with the
 * highest sample-mean reward (Sutton & Barto 2018, section 2.2). Arms never played are played first.
 * At a fixed epsilon the exploration never stops, so its regret grows linearly in time
 * (about epsilon * (K-1)/K * mean gap per step); a schedule epsilon_t = min(epsilon, c K / t) makes it
 * logarithmic (after Auer et al. 2002, epsilon_n-greedy), offered as option `decay` (= c).
 */
import { Rng } from "../../core/rng.js";
import {
  ArmStats,
  argmaxRandomTie,
  checkBanditOptions,
  checkUpdate,
  type BanditOptions,
  type BanditPolicy,
} from "./types.js";

/** Options of {@link EpsilonGreedy}. */
export interface EpsilonGreedyOptions extends BanditOptions {
  /** Exploration probability in [0, 1] (default 0.1). */
  epsilon?: number;
  /** If set (c > 0), explore with probability min(epsilon, c K / t) at step t (default: none). */
  decay?: number;
}

/**
 * Epsilon-greedy bandit policy.
 * @throws if epsilon is outside [0, 1], decay is not positive, or a shared option is invalid.
 * @example
 * const b = new EpsilonGreedy({ nArms: 3, epsilon: 0.1, seed: 1 });
 * const arm = b.select(); b.update(arm, 1);
 */
export class EpsilonGreedy implements BanditPolicy {
  readonly name = "epsilon-greedy";
  readonly nArms: number;
  readonly epsilon: number;
  private readonly decay: number | null;
  private readonly seed: number;
  private readonly stats: ArmStats;
  private rng: Rng;
  private steps = 0;

  constructor(options: EpsilonGreedyOptions) {
    const o = checkBanditOptions("EpsilonGreedy", options);
    const epsilon = options.epsilon ?? 0.1;
    if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`EpsilonGreedy: option epsilon must be in [0, 1], got ${epsilon}`);
    if (options.decay !== undefined && !(options.decay > 0)) {
      throw new Error(`EpsilonGreedy: option decay must be > 0, got ${options.decay}`);
    }
    this.nArms = o.nArms;
    this.epsilon = epsilon;
    this.decay = options.decay ?? null;
    this.seed = o.seed;
    this.stats = new ArmStats(o.nArms, o.discount);
    this.rng = new Rng(o.seed);
  }

  select(): number {
    this.steps++;
    for (let i = 0; i < this.nArms; i++) if (this.stats.n[i] === 0) return i;
    const eps = this.decay === null ? this.epsilon : Math.min(this.epsilon, (this.decay * this.nArms) / this.steps);
    if (this.rng.next() < eps) return this.rng.int(this.nArms);
    return argmaxRandomTie(this.stats.means(), () => this.rng.next());
  }

  update(arm: number, reward: number): void {
    checkUpdate(this.name, this.nArms, arm, reward);
    this.stats.add(arm, reward);
  }

  reset(): void {
    this.stats.clear();
    this.rng = new Rng(this.seed);
    this.steps = 0;
  }

  counts(): Float64Array {
    return Float64Array.from(this.stats.n);
  }

  estimates(): Float64Array {
    return this.stats.means();
  }
}
