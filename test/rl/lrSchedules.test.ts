import { describe, expect, it } from "vitest";
import { AdaptiveLr, ConstantLr, LinearAnnealLr } from "../../src/rl/lrSchedules.js";

describe("ConstantLr", () => {
  it("returns the same rate whatever the reward", () => {
    const s = new ConstantLr(3e-4);
    expect([s.next(), s.next(), s.current]).toEqual([3e-4, 3e-4, 3e-4]);
  });
  it("rejects a non-positive rate", () => {
    expect(() => new ConstantLr(0)).toThrow(/lr must be a positive/);
  });
});

describe("LinearAnnealLr", () => {
  it("falls as lr * (1 - k / K) and then holds its last value", () => {
    const s = new LinearAnnealLr({ initialLr: 1, totalUpdates: 4 });
    const got = Array.from({ length: 6 }, () => s.next());
    expect(got).toEqual([1, 0.75, 0.5, 0.25, 0.25, 0.25]);
    s.reset();
    expect(s.next()).toBe(1);
  });
  it("rejects a non-integer number of updates", () => {
    expect(() => new LinearAnnealLr({ initialLr: 1e-3, totalUpdates: 2.5 })).toThrow(/totalUpdates/);
  });
});

describe("AdaptiveLr (HASH: a(t+1) = a(t) exp(beta (R(t) - R(t-1))))", () => {
  it("returns a(0) on the first call, then follows the formula inside the bounds", () => {
    const s = new AdaptiveLr({ initialLr: 1e-3, beta: 0.2, minLr: 1e-6, maxLr: 1, maxExponent: 5 });
    const rewards = [1.0, 1.5, 1.2, 2.0, 2.0, 0.5];
    let expected = 1e-3;
    rewards.forEach((r, t) => {
      if (t > 0) expected *= Math.exp(0.2 * (r - rewards[t - 1]!));
      expect(s.next(r)).toBeCloseTo(expected, 15);
    });
    expect(s.current).toBeCloseTo(1e-3 * Math.exp(0.2 * (0.5 - 1.0)), 15);
  });

  it("stays within [minLr, maxLr] under wild rewards and changes by at most exp(maxExponent) per update", () => {
    const s = new AdaptiveLr({ initialLr: 1e-3, beta: 1, minLr: 1e-4, maxLr: 1e-2, maxExponent: 0.1 });
    let prev = s.next(0);
    let hitMax = false;
    let hitMin = false;
    for (let t = 1; t < 400; t++) {
      // Rewards swing by +-1000: unclamped, the exponent would be +-1000.
      const r = t < 100 ? 1000 * t : t < 250 ? -1000 * t : (t % 2) * 1000;
      const lr = s.next(r);
      expect(lr).toBeGreaterThanOrEqual(1e-4);
      expect(lr).toBeLessThanOrEqual(1e-2);
      expect(lr / prev).toBeLessThanOrEqual(Math.exp(0.1) * (1 + 1e-12));
      expect(prev / lr).toBeLessThanOrEqual(Math.exp(0.1) * (1 + 1e-12));
      hitMax ||= lr === 1e-2;
      hitMin ||= lr === 1e-4;
      prev = lr;
    }
    expect(hitMax && hitMin).toBe(true);
  });

  it("diverges geometrically when unbounded (why the bounds exist)", () => {
    const s = new AdaptiveLr({ initialLr: 1e-3, beta: 0.1, minLr: 0, maxLr: Infinity, maxExponent: Infinity });
    let lr = 0;
    // A reward that keeps rising by 10 per update multiplies the rate by e each time.
    for (let t = 0; t <= 50; t++) lr = s.next(10 * t);
    expect(lr).toBeCloseTo(1e-3 * Math.exp(50), -10);
    expect(lr).toBeGreaterThan(1e18);
  });

  it("with enabled=false returns a constant rate whatever the reward", () => {
    const s = new AdaptiveLr({ initialLr: 2e-4, beta: 1, enabled: false });
    expect([s.next(0), s.next(100), s.next(-100)]).toEqual([2e-4, 2e-4, 2e-4]);
  });

  it("with enabled=false and an annealing fallback returns the annealed rate", () => {
    const s = new AdaptiveLr({ initialLr: 1, enabled: false, fallback: new LinearAnnealLr({ initialLr: 1, totalUpdates: 4 }) });
    expect([s.next(5), s.next(50), s.next(-5)]).toEqual([1, 0.75, 0.5]);
    s.reset();
    expect(s.next(0)).toBe(1);
  });

  it("reset forgets R(t-1) and the adapted rate", () => {
    const s = new AdaptiveLr({ initialLr: 1e-3, beta: 0.5 });
    s.next(0);
    expect(s.next(1)).not.toBe(1e-3);
    s.reset();
    expect(s.current).toBe(1e-3);
    expect(s.next(100)).toBe(1e-3);
  });

  it("rejects bad options and non-finite rewards, naming the field", () => {
    expect(() => new AdaptiveLr({ initialLr: 0 })).toThrow(/initialLr/);
    expect(() => new AdaptiveLr({ initialLr: 1e-3, beta: -1 })).toThrow(/beta/);
    expect(() => new AdaptiveLr({ initialLr: 1e-3, minLr: 1e-2 })).toThrow(/minLr/);
    expect(() => new AdaptiveLr({ initialLr: 1e-3, maxLr: 1e-4 })).toThrow(/maxLr/);
    expect(() => new AdaptiveLr({ initialLr: 1e-3, maxExponent: 0 })).toThrow(/maxExponent/);
    expect(() => new AdaptiveLr({ initialLr: 1e-3 }).next(NaN)).toThrow(/reward must be finite/);
  });
});
