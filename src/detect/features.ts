/**
 * Feature engineering for the learned detectors: min-max normalisation, trailing moving average and
 * rolling standard deviation, sliding windows, and a streaming window featuriser.
 *
 * Alignment convention: every windowed quantity is *trailing*. For a series of length n and a
 * window w, output j (0 <= j <= n - w) describes the window xs[j .. j+w-1], i.e. it is known at
 * time j + w - 1 without looking ahead. Batch helpers are built on the streaming `WindowFeaturizer`
 * so the two cannot disagree.
 *
 * The HASH feature vector at time t (for a univariate stream) stacks, for each of the last
 * `window` steps s, the value x_s, its moving average MA_k(s) and its rolling standard deviation
 * SD_k(s) over the last k = `smooth` points: 3 * window numbers, fed to min-max normalisation,
 * then PCA, then the VAE.
 */

/** Validate an integer option. */
function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer >= ${min}, got ${v}`);
}

function checkFiniteSeries(name: string, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]!)) throw new Error(`${name}[${i}] = ${xs[i]}: values must be finite`);
  }
}

/**
 * Trailing moving average: out[j] = mean(xs[j .. j+window-1]); length n - window + 1.
 * @throws if window < 1, window > n, or a value is not finite.
 */
export function movingAverage(xs: ArrayLike<number>, window: number): Float64Array {
  checkInt("window", window, 1);
  if (window > xs.length) throw new Error(`window ${window} is longer than the series (${xs.length})`);
  checkFiniteSeries("xs", xs);
  const out = new Float64Array(xs.length - window + 1);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += xs[i]!;
    if (i >= window) sum -= xs[i - window]!;
    if (i >= window - 1) out[i - window + 1] = sum / window;
  }
  return out;
}

/**
 * Trailing rolling standard deviation (divisor window - ddof; ddof 0 = population, 1 = sample);
 * length n - window + 1. Uses Welford-style add/remove updates (Welford 1962), which stay accurate
 * when the level is large compared with the spread.
 * @throws if window < 1 (or < 2 with ddof 1), window > n, or a value is not finite.
 */
export function rollingStd(xs: ArrayLike<number>, window: number, options: { ddof?: 0 | 1 } = {}): Float64Array {
  const ddof = options.ddof ?? 0;
  checkInt("window", window, ddof + 1);
  if (window > xs.length) throw new Error(`window ${window} is longer than the series (${xs.length})`);
  checkFiniteSeries("xs", xs);
  const out = new Float64Array(xs.length - window + 1);
  const r = new RollingMoments(window);
  for (let i = 0; i < xs.length; i++) {
    r.push(xs[i]!);
    if (i >= window - 1) out[i - window + 1] = Math.sqrt(Math.max(0, r.m2 / (window - ddof)));
  }
  return out;
}

/**
 * Sliding windows of length `window`, every `step` points: row j = xs[j*step .. j*step+window-1].
 * @throws if window < 1, step < 1 or window > n.
 */
export function slidingWindows(xs: ArrayLike<number>, window: number, step = 1): Float64Array[] {
  checkInt("window", window, 1);
  checkInt("step", step, 1);
  if (window > xs.length) throw new Error(`window ${window} is longer than the series (${xs.length})`);
  const rows: Float64Array[] = [];
  for (let s = 0; s + window <= xs.length; s += step) {
    const row = new Float64Array(window);
    for (let i = 0; i < window; i++) row[i] = xs[s + i]!;
    rows.push(row);
  }
  return rows;
}

/** Mean and sum of squared deviations over the last `size` values (Welford add/remove). */
class RollingMoments {
  private readonly buf: Float64Array;
  private head = 0;
  count = 0;
  mean = 0;
  m2 = 0;
  constructor(readonly size: number) {
    this.buf = new Float64Array(size);
  }
  push(x: number): void {
    if (this.count < this.size) {
      this.count++;
      const d = x - this.mean;
      this.mean += d / this.count;
      this.m2 += d * (x - this.mean);
    } else {
      const old = this.buf[this.head]!;
      // Replace old by x in one step: mean' = mean + (x - old)/n; m2' = m2 + (x - old)(x - mean' + old - mean).
      const meanNew = this.mean + (x - old) / this.size;
      this.m2 += (x - old) * (x - meanNew + old - this.mean);
      if (this.m2 < 0) this.m2 = 0;
      this.mean = meanNew;
    }
    this.buf[this.head] = x;
    this.head = (this.head + 1) % this.size;
  }
  /** Mean and population std if x were pushed, without changing state. */
  peek(x: number): { mean: number; std: number } {
    if (this.count < this.size) {
      const n = this.count + 1;
      const d = x - this.mean;
      const mean = this.mean + d / n;
      const m2 = this.m2 + d * (x - mean);
      return { mean, std: Math.sqrt(Math.max(0, m2) / n) };
    }
    const old = this.buf[this.head]!;
    const meanNew = this.mean + (x - old) / this.size;
    const m2 = this.m2 + (x - old) * (x - meanNew + old - this.mean);
    return { mean: meanNew, std: Math.sqrt(Math.max(0, m2) / this.size) };
  }
  reset(): void {
    this.head = 0;
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
    this.buf.fill(0);
  }
}

/** Options of the window featuriser. */
export interface WindowFeatureOptions {
  /** Number of past steps stacked into one feature vector (>= 2). Default 16. */
  window?: number;
  /** Length k of the moving average / rolling standard deviation (>= 2). Default 8. */
  smooth?: number;
}

/**
 * Streaming window featuriser for a univariate series. `push(x)` appends x; `current()` returns the
 * feature vector of the latest window once `window + smooth - 1` points have been seen (null
 * before); `peek(x)` returns the vector that pushing x would give, without changing state
 * (for test-then-train scoring).
 *
 * Layout of the vector (length 3 * window): [x_{t-w+1}, ..., x_t, MA_{t-w+1}, ..., MA_t,
 * SD_{t-w+1}, ..., SD_t] with MA / SD over the last `smooth` points (population SD).
 *
 * @throws if window < 2 or smooth < 2 (naming the option).
 */
export class WindowFeaturizer {
  /** Steps per feature vector. */
  readonly window: number;
  /** Moving-average / rolling-std length. */
  readonly smooth: number;
  /** Length of one feature vector (3 * window). */
  readonly dim: number;
  private readonly moments: RollingMoments;
  // Ring buffers of the last `window` (x, MA, SD) triples.
  private readonly xs: Float64Array;
  private readonly ma: Float64Array;
  private readonly sd: Float64Array;
  private head = 0;
  private seen = 0;

  constructor(options: WindowFeatureOptions = {}) {
    this.window = options.window ?? 16;
    this.smooth = options.smooth ?? 8;
    checkInt("window", this.window, 2);
    checkInt("smooth", this.smooth, 2);
    this.dim = 3 * this.window;
    this.moments = new RollingMoments(this.smooth);
    this.xs = new Float64Array(this.window);
    this.ma = new Float64Array(this.window);
    this.sd = new Float64Array(this.window);
  }

  /** Points needed before the first full feature vector. */
  get warmup(): number {
    return this.window + this.smooth - 1;
  }

  /** Number of points pushed so far. */
  get count(): number {
    return this.seen;
  }

  /** True once a full feature vector is available. */
  get ready(): boolean {
    return this.seen >= this.warmup;
  }

  /** Append a finite value. @throws if x is not finite. */
  push(x: number): void {
    if (!Number.isFinite(x)) throw new Error(`WindowFeaturizer.push: x must be finite, got ${x}`);
    this.moments.push(x);
    const std = Math.sqrt(this.moments.m2 / this.moments.count);
    this.xs[this.head] = x;
    this.ma[this.head] = this.moments.mean;
    this.sd[this.head] = std;
    this.head = (this.head + 1) % this.window;
    this.seen++;
  }

  /** The feature vector of the latest window, or null during warm-up. */
  current(out?: Float64Array): Float64Array | null {
    if (!this.ready) return null;
    const v = out ?? new Float64Array(this.dim);
    const w = this.window;
    for (let i = 0; i < w; i++) {
      const j = (this.head + i) % w; // oldest first
      v[i] = this.xs[j]!;
      v[w + i] = this.ma[j]!;
      v[2 * w + i] = this.sd[j]!;
    }
    return v;
  }

  /** The feature vector that `push(x)` would produce, or null if it would still be warming up. */
  peek(x: number, out?: Float64Array): Float64Array | null {
    if (this.seen + 1 < this.warmup) return null;
    const v = out ?? new Float64Array(this.dim);
    const w = this.window;
    const { mean, std } = this.moments.peek(x);
    // The oldest stored step drops out; x becomes the newest.
    for (let i = 0; i < w - 1; i++) {
      const j = (this.head + 1 + i) % w;
      v[i] = this.xs[j]!;
      v[w + i] = this.ma[j]!;
      v[2 * w + i] = this.sd[j]!;
    }
    v[w - 1] = x;
    v[2 * w - 1] = mean;
    v[3 * w - 1] = std;
    return v;
  }

  /** Forget everything. */
  reset(): void {
    this.moments.reset();
    this.xs.fill(0);
    this.ma.fill(0);
    this.sd.fill(0);
    this.head = 0;
    this.seen = 0;
  }
}

/**
 * Feature vectors of every full window of a series (see `WindowFeaturizer` for the layout); row j
 * ends at time j + window + smooth - 2.
 * @throws if the series is shorter than window + smooth - 1 or holds a non-finite value (naming
 *   the index).
 */
export function windowFeatures(xs: ArrayLike<number>, options: WindowFeatureOptions = {}): Float64Array[] {
  const f = new WindowFeaturizer(options);
  if (xs.length < f.warmup) {
    throw new Error(`series of length ${xs.length} is shorter than window + smooth - 1 = ${f.warmup}`);
  }
  checkFiniteSeries("xs", xs);
  const rows: Float64Array[] = [];
  for (let i = 0; i < xs.length; i++) {
    f.push(xs[i]!);
    const v = f.current();
    if (v) rows.push(v);
  }
  return rows;
}

/** Serializable state of a fitted MinMaxScaler. */
export interface MinMaxState {
  min: number[];
  max: number[];
  clip: boolean;
}

/**
 * Per-feature min-max normalisation to [0, 1]: x' = (x - min) / (max - min), with min/max from the
 * training rows. A constant feature (max = min) maps to 0. With `clip` (default false) values
 * outside the training range are clipped to [0, 1]; the detectors leave it off so that
 * out-of-range values stay visible to the reconstruction error.
 */
export class MinMaxScaler {
  private lo: Float64Array = new Float64Array(0);
  private hi: Float64Array = new Float64Array(0);
  /** Whether transform clips to [0, 1]. */
  readonly clip: boolean;

  constructor(options: { clip?: boolean } = {}) {
    this.clip = options.clip ?? false;
  }

  /** Number of features (0 before fit). */
  get dim(): number {
    return this.lo.length;
  }

  /**
   * Learn per-feature min and max from rows of equal length.
   * @throws if there are no rows, rows differ in length, or a value is not finite (naming row and
   *   column).
   */
  fit(rows: ReadonlyArray<ArrayLike<number>>): this {
    if (rows.length === 0) throw new Error("MinMaxScaler.fit: no rows");
    const p = rows[0]!.length;
    if (p === 0) throw new Error("MinMaxScaler.fit: rows have no features");
    const lo = new Float64Array(p).fill(Infinity);
    const hi = new Float64Array(p).fill(-Infinity);
    rows.forEach((row, r) => {
      if (row.length !== p) throw new Error(`MinMaxScaler.fit: row ${r} has ${row.length} features, row 0 has ${p}`);
      for (let j = 0; j < p; j++) {
        const v = row[j]!;
        if (!Number.isFinite(v)) throw new Error(`MinMaxScaler.fit: row ${r}, feature ${j} is ${v}`);
        if (v < lo[j]!) lo[j] = v;
        if (v > hi[j]!) hi[j] = v;
      }
    });
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /** Normalise one row (into `out` if given). @throws before fit or on a length mismatch. */
  transform(row: ArrayLike<number>, out?: Float64Array): Float64Array {
    const p = this.lo.length;
    if (p === 0) throw new Error("MinMaxScaler.transform: call fit first");
    if (row.length !== p) throw new Error(`MinMaxScaler.transform: row has ${row.length} features, fitted on ${p}`);
    const v = out ?? new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const range = this.hi[j]! - this.lo[j]!;
      let z = range > 0 ? (row[j]! - this.lo[j]!) / range : 0;
      if (this.clip) z = z < 0 ? 0 : z > 1 ? 1 : z;
      v[j] = z;
    }
    return v;
  }

  /** Map a normalised row back to the original units (constant features return their value). */
  inverse(row: ArrayLike<number>, out?: Float64Array): Float64Array {
    const p = this.lo.length;
    if (p === 0) throw new Error("MinMaxScaler.inverse: call fit first");
    if (row.length !== p) throw new Error(`MinMaxScaler.inverse: row has ${row.length} features, fitted on ${p}`);
    const v = out ?? new Float64Array(p);
    for (let j = 0; j < p; j++) v[j] = this.lo[j]! + row[j]! * (this.hi[j]! - this.lo[j]!);
    return v;
  }

  /** Plain-data state for saving. */
  toJSON(): MinMaxState {
    return { min: Array.from(this.lo), max: Array.from(this.hi), clip: this.clip };
  }

  /** Rebuild from `toJSON()` output. @throws on malformed state. */
  static fromJSON(state: MinMaxState): MinMaxScaler {
    if (!Array.isArray(state?.min) || !Array.isArray(state?.max) || state.min.length !== state.max.length) {
      throw new Error("MinMaxScaler.fromJSON: state needs min and max arrays of equal length");
    }
    const s = new MinMaxScaler({ clip: !!state.clip });
    s.lo = Float64Array.from(state.min);
    s.hi = Float64Array.from(state.max);
    return s;
  }
}
