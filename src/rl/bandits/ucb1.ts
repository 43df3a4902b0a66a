/**
 * UCB1 (Auer, Cesa-Bianchi & Fischer 2002, "Finite-time analysis of the multiarmed bandit problem",
 * Machine Learning 47): play every arm once, then the arm maximising
 *   mean_i + c * sqrt(2 ln t / n_i),
 * with t the number of updates so far and n_i the arm's count. With c = 1 and rewards in [0, 1] the
 * expected regret is O(sum_i ln T / gap_i): it grows logarithmically, i.e. sub-linearly.
 * With `discount` < 1, t and n_i are discounted sums: this is D-UCB (Garivier & Moulines 2011).
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

/** Options of {@link Ucb1}. */
export interface Ucb1Options extends BanditOptions {
  /** Exploration scale c >= 0 multiplying the confidence radius (default 1, Auer et al.'s value). */
  c?: number;
}

/**
 * UCB1 bandit policy. The random stream only breaks ties.
 * @throws if c is negative or a shared option is invalid.
 * @example
 * const b = new Ucb1({ nArms: 3 });
 * const arm = b.select(); b.update(arm, 0.5);
 */
export class Ucb1 implements BanditPolicy {
  readonly name = "ucb1";
  readonly nArms: number;
  readonly c: number;
  private readonly seed: number;
  private readonly stats: ArmStats;
  private rng: Rng;

  constructor(options: Ucb1Options) {
    const o = checkBanditOptions("Ucb1", options);
    const c = options.c ?? 1;
    if (!(c >= 0)) throw new Error(`Ucb1: option c must be >= 0, got ${c}`);
    this.nArms = o.nArms;
    this.c = c;
    this.seed = o.seed;
    this.stats = new ArmStats(o.nArms, o.discount);
    this.rng = new Rng(o.seed);
  }

  select(): number {
    // An arm never played has no estimate yet: play it first (Auer et al. 2002, initialisation).
    for (let i = 0; i < this.nArms; i++) if (this.stats.n[i] === 0) return i;
    const logT = Math.log(Math.max(this.stats.total, 1));
    const index = new Float64Array(this.nArms);
    for (let i = 0; i < this.nArms; i++) {
      const n = this.stats.n[i]!;
      index[i] = this.stats.sum[i]! / n + this.c * Math.sqrt((2 * logT) / n);
    }
    return argmaxRandomTie(index, () => this.rng.next());
  }

  update(arm: number, reward: number): void {
    checkUpdate(this.name, this.nArms, arm, reward);
    this.stats.add(arm, reward);
  }

  reset(): void {
    this.stats.clear();
    this.rng = new Rng(this.seed);
  }

  counts(): Float64Array {
    return Float64Array.from(this.stats.n);
  }

  estimates(): Float64Array {
    return this.stats.means();
  }
}
