/**
 * Seeded pseudo-random numbers for everything stochastic in deploylab.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast chaotic" 32-bit generator, PractRand-clean),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 * Splitting: `rng.split(key)` derives a child from this generator's *seed path* and the key, not
 * from how many numbers were drawn, so env i of a vector always gets the same stream
 * (the same idea as NumPy's SeedSequence.spawn / JAX's fold_in).
 *
 * Nothing in src/ may use the global, unseeded generator: take a `seed` or an `Rng` instead.
 *
 * @example
 * const rng = new Rng(42);
 * const x = rng.normal(0, 1);
 * const envRng = rng.split(3); // same stream whatever rng drew before
 */
export class Rng {
  /** The seed this generator was built from (an unsigned 32-bit integer). */
  readonly seed: number;
  /** sfc32 state a, b, c, d in a typed array: plain object fields would box every 32-bit update. */
  private readonly s = new Int32Array(4);
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
    this.seed = toUint32(seed);
    let s = this.seed;
    const next = () => (s = splitmix32(s));
    for (let i = 0; i < 4; i++) this.s[i] = next();
    // Discard the first outputs: sfc32 needs a few rounds to mix its state.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A deterministic child stream for `key` (a number or a string); independent of draws so far. */
  split(key: number | string): Rng {
    return new Rng(deriveSeed(this.seed, key));
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    // sfc32 step.
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform on [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Rng.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Normal(mean, std) by the Marsaglia polar method (one spare value cached). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + std * u * f;
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate = 1): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new Error(`Rng.gamma: shape must be > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.next() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) as X/(X+Y) with X~Gamma(a), Y~Gamma(b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Poisson(lambda): Knuth's product method for small lambda, a rounded normal above 60. */
  poisson(lambda: number): number {
    if (!(lambda >= 0)) throw new Error(`Rng.poisson: lambda must be >= 0, got ${lambda}`);
    if (lambda > 60) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Index drawn with probability proportional to `weights` (non-negative, not all zero). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0)) throw new Error(`Rng.categorical: weight ${i} is ${w}; weights must be >= 0`);
      total += w;
    }
    if (!(total > 0)) throw new Error("Rng.categorical: weights sum to zero");
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Shuffle `items` in place (Fisher-Yates) and return it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** An integer seed for tfjs ops that sample (initialisers, randomNormal): drawn from this stream. */
  tfSeed(): number {
    return this.uint32() % 2147483647;
  }
}

/** A seed derived deterministically from a parent seed and a key (number or string). */
export function deriveSeed(seed: number, key: number | string): number {
  let h = splitmix32(toUint32(seed) ^ 0x9e3779b9);
  if (typeof key === "number") {
    h = splitmix32(h ^ toUint32(key));
    h = splitmix32(h ^ toUint32(Math.floor(key / 4294967296)));
  } else {
    for (let i = 0; i < key.length; i++) h = splitmix32(h ^ key.charCodeAt(i));
    h = splitmix32(h ^ key.length);
  }
  return h;
}

/** splitmix32 finaliser (a 32-bit variant of Steele, Lea & Flood 2014's SplitMix). */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function toUint32(x: number): number {
  return Math.floor(x) >>> 0;
}
