/**
 * Reusable streaming-detector contract suite (after River's estimator checks): call
 * `detectorContract(name, factory, sample)` inside a test file to register the tests.
 *
 * Checks, on `sample` (a series long enough for the detector to warm up):
 * - determinism: two fresh detectors give identical score traces;
 * - score() does not change state: scoring twice before update gives the same value and the trace
 *   is unchanged by extra score() calls;
 * - reset() restores the state right after construction (same trace as a fresh detector);
 * - the input array is not mutated (by the detector nor by scoreSeries);
 * - NaN handling: score(NaN) is 0, update(NaN) does not throw, and scores stay finite and >= 0
 *   afterwards; a detector fed NaN then the sample gives the same trace as one fed the sample;
 * - scores are finite and >= 0, and at least one score is > 0 (the detector does something).
 */
import { describe, expect, it } from "vitest";
import { scoreSeries } from "../../src/detect/types.js";
import type { StreamingDetector } from "../../src/detect/types.js";

/** Options of {@link detectorContract}. */
export interface ContractOptions {
  /**
   * Whether update(NaN) before any data leaves the state unchanged (true for detectors that skip
   * NaN; false for those that, like the S-H-ESD wrapper, advance a clock on NaN). Default true.
   */
  nanIsNoOp?: boolean;
  /** Called after each test's detectors are done (e.g. dispose tfjs models). */
  dispose?: (d: StreamingDetector<number>) => void;
}

function trace(d: StreamingDetector<number>, xs: ArrayLike<number>): number[] {
  return Array.from(scoreSeries(d, xs));
}

/** Register the contract tests for one detector. */
export function detectorContract(
  name: string,
  factory: () => StreamingDetector<number>,
  sample: ArrayLike<number>,
  options: ContractOptions = {},
): void {
  const nanIsNoOp = options.nanIsNoOp ?? true;
  const done = (...ds: StreamingDetector<number>[]): void => {
    for (const d of ds) options.dispose?.(d);
  };

  describe(`${name} satisfies the streaming detector contract`, () => {
    it("gives identical scores from two fresh instances (determinism)", () => {
      const a = factory();
      const b = factory();
      expect(trace(a, sample)).toEqual(trace(b, sample));
      done(a, b);
    });

    it("scores finite, non-negative values and flags something on the sample", () => {
      const d = factory();
      const t = trace(d, sample);
      expect(t.every((s) => Number.isFinite(s) && s >= 0)).toBe(true);
      expect(t.some((s) => s > 0)).toBe(true);
      done(d);
    });

    it("does not change state in score()", () => {
      const a = factory();
      const b = factory();
      const ta: number[] = [];
      const tb: number[] = [];
      for (let i = 0; i < sample.length; i++) {
        const x = sample[i]!;
        ta.push(a.score(x));
        a.update(x);
        // b scores each point three times (and a neighbour once) before learning it
        b.score(x + 1);
        b.score(x);
        const s = b.score(x);
        tb.push(s);
        b.update(x);
      }
      expect(tb).toEqual(ta);
      done(a, b);
    });

    it("restores the initial state on reset()", () => {
      const fresh = factory();
      const expected = trace(fresh, sample);
      const d = factory();
      trace(d, sample);
      d.reset();
      expect(trace(d, sample)).toEqual(expected);
      done(fresh, d);
    });

    it("does not mutate its input", () => {
      const input = Float64Array.from(sample);
      const copy = Float64Array.from(sample);
      const plain = Array.from(sample);
      const d = factory();
      scoreSeries(d, input);
      const e = factory();
      scoreSeries(e, plain);
      expect(Array.from(input)).toEqual(Array.from(copy));
      expect(plain).toEqual(Array.from(copy));
      done(d, e);
    });

    it("scores NaN as 0 and keeps working after NaN input", () => {
      const d = factory();
      const half = Math.floor(sample.length / 2);
      for (let i = 0; i < half; i++) d.update(sample[i]!);
      expect(d.score(NaN)).toBe(0);
      expect(() => d.update(NaN)).not.toThrow();
      const rest: number[] = [];
      for (let i = half; i < sample.length; i++) {
        rest.push(d.score(sample[i]!));
        d.update(sample[i]!);
      }
      expect(rest.every((s) => Number.isFinite(s) && s >= 0)).toBe(true);
      done(d);
    });

    if (nanIsNoOp) {
      it("ignores NaN fed before the data", () => {
        const a = factory();
        const b = factory();
        b.update(NaN);
        b.update(NaN);
        expect(trace(b, sample)).toEqual(trace(a, sample));
        done(a, b);
      });
    }
  });
}
