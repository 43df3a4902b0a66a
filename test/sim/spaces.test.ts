import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { Box, Discrete } from "../../src/core/spaces.js";

describe("Discrete", () => {
  it("contains exactly the integers start..start+n-1", () => {
    const s = new Discrete(6);
    expect([0, 5].every((a) => s.contains(a))).toBe(true);
    expect([-1, 6, 2.5, Number.NaN, "1", null].some((a) => s.contains(a))).toBe(false);
    expect(new Discrete(3, 10).contains(12)).toBe(true);
    expect(new Discrete(3, 10).contains(13)).toBe(false);
  });
  it("samples inside itself, deterministically per seed, covering every value", () => {
    const s = new Discrete(4);
    const a = Array.from({ length: 200 }, ((r) => () => s.sample(r))(new Rng(1)));
    const b = Array.from({ length: 200 }, ((r) => () => s.sample(r))(new Rng(1)));
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set([0, 1, 2, 3]));
  });
  it("rejects a non-positive n", () => {
    expect(() => new Discrete(0)).toThrow(/n must be a positive integer/);
  });
});

describe("Box", () => {
  it("checks bounds per dimension and NaN only where allowed", () => {
    const b = new Box([0, 0], [1, 10], { nanAllowed: [true, false] });
    expect(b.contains(new Float32Array([0.5, 10]))).toBe(true);
    expect(b.contains([Number.NaN, 3])).toBe(true);
    expect(b.contains([0.5, Number.NaN])).toBe(false);
    expect(b.contains([1.5, 3])).toBe(false);
    expect(b.contains([0.5])).toBe(false);
    expect(b.explain([0.5, 11])).toMatch(/dim 1/);
  });
  it("samples inside its bounds", () => {
    const b = new Box([-1, 0, 5], [1, Infinity, 5]);
    const rng = new Rng(3);
    for (let i = 0; i < 100; i++) expect(b.contains(b.sample(rng))).toBe(true);
  });
  it("rejects low > high with the dimension named", () => {
    expect(() => new Box([0, 2], [1, 1])).toThrow(/dim 1/);
  });
});
