/**
 * The stochastic multi-armed bandit contract shared by epsilon-greedy, UCB1 and Thompson sampling,
 * and a small per-arm statistics helper (counts and reward sums, optionally discounted).
 *
 * Rewards are in [0, 1]. `select()` picks an arm, `update(arm, reward)` feeds back its reward,
 * `reset()` returns the policy to the state right after construction (same random stream).
 */
export interface BanditPolicy {
  /** Short identifier used in tables, e.g. "ucb1". */
  readonly name: string;
  /** Number of arms K. */
  readonly nArms: number;
  /** The arm to play next (an integer in [0, nArms)). */
  select(): number;
  /** Learn that `arm` paid `reward` (in [0, 1]). */
  update(arm: number, reward: number): void;
  /** Forget everything learned and restart the random stream. */
  reset(): void;
  /** (Discounted) number of updates per arm. */
  counts(): Float64Array;
  /** Current estimate of each arm's mean reward (NaN for an arm never updated). */
  estimates(): Float64Array;
}

/** Options every bandit takes. */
export interface BanditOptions {
  /** Number of arms K (an integer >= 1). */
  nArms: number;
  /** Seed of the policy's own random stream (default 0). */
  seed?: number;
  /**
   * Discount factor gamma in (0, 1] applied to all past counts and sums at every update
   * (default 1 = the stationary algorithm). gamma < 1 gives the discounted variants for
   * non-stationary rewards (Garivier & Moulines 2011, D-UCB; Raj & Kalyani 2017, discounted TS).
   */
  discount?: number;
}

/** Validate the shared options; returns them with defaults filled in. */
export function checkBanditOptions(who: string, o: BanditOptions): Required<BanditOptions> {
  if (!(Number.isInteger(o.nArms) && o.nArms >= 1)) {
    throw new Error(`${who}: option nArms must be an integer >= 1, got ${o.nArms}`);
  }
  const seed = o.seed ?? 0;
  if (!Number.isFinite(seed)) throw new Error(`${who}: option seed must be a finite number, got ${seed}`);
  const discount = o.discount ?? 1;
  if (!(discount > 0 && discount <= 1)) {
    throw new Error(`${who}: option discount must be in (0, 1], got ${discount}`);
  }
  return { nArms: o.nArms, seed, discount };
}

/** Check an update's arguments and name the offending one. */
export function checkUpdate(who: string, nArms: number, arm: number, reward: number): void {
  if (!(Number.isInteger(arm) && arm >= 0 && arm < nArms)) {
    throw new Error(`${who}.update: arm must be an integer in [0, ${nArms}), got ${arm}`);
  }
  if (!(reward >= 0 && reward <= 1)) {
    throw new Error(`${who}.update: reward must be in [0, 1], got ${reward}`);
  }
}

/** Per-arm counts and reward sums; with a discount gamma every update first multiplies all by gamma. */
export class ArmStats {
  readonly n: Float64Array;
  readonly sum: Float64Array;
  /** Total (discounted) number of updates. */
  total = 0;
  constructor(
    nArms: number,
    private readonly discount: number,
  ) {
    this.n = new Float64Array(nArms);
    this.sum = new Float64Array(nArms);
  }
  add(arm: number, reward: number): void {
    if (this.discount < 1) {
      const g = this.discount;
      for (let i = 0; i < this.n.length; i++) {
        this.n[i]! *= g;
        this.sum[i]! *= g;
      }
      this.total *= g;
    }
    this.n[arm]! += 1;
    this.sum[arm]! += reward;
    this.total += 1;
  }
  mean(arm: number): number {
    const n = this.n[arm]!;
    return n > 0 ? this.sum[arm]! / n : NaN;
  }
  means(): Float64Array {
    const out = new Float64Array(this.n.length);
    for (let i = 0; i < out.length; i++) out[i] = this.mean(i);
    return out;
  }
  clear(): void {
    this.n.fill(0);
    this.sum.fill(0);
    this.total = 0;
  }
}

/** Index of the largest value, ties broken uniformly at random with `u` in [0, 1). */
export function argmaxRandomTie(values: ArrayLike<number>, u: () => number): number {
  let best = -Infinity;
  let nBest = 0;
  let choice = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > best) {
      best = v;
      nBest = 1;
      choice = i;
    } else if (v === best) {
      // Reservoir sampling over the tied arms: each is kept with probability 1/nBest.
      nBest++;
      if (u() * nBest < 1) choice = i;
    }
  }
  return choice;
}
