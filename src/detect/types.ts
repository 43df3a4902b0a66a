/**
 * The streaming detector contract (after River's `score_one` / `learn_one`): one observation at a
 * time, test-then-train. `score(x)` returns an anomaly score (higher = more anomalous) without
 * changing state; `update(x)` learns from x; `reset()` restores the state right after construction.
 * Batch helpers are built on this core, not beside it.
 */
export interface StreamingDetector<X = number> {
  /** Short identifier used in tables, e.g. "ewma". */
  readonly name: string;
  /** Anomaly score of x given what has been seen so far (NaN-safe: a NaN x scores 0). */
  score(x: X): number;
  /** Learn from x (a NaN x is skipped). */
  update(x: X): void;
  /** Forget everything learned. */
  reset(): void;
}

/** Score then update every point of a series; returns the scores (test-then-train). */
export function scoreSeries<X>(detector: StreamingDetector<X>, xs: ArrayLike<X>): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    out[i] = detector.score(x);
    detector.update(x);
  }
  return out;
}
