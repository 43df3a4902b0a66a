import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng, deriveSeed } from "../../src/core/rng.js";

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe("Rng", () => {
  it("gives identical streams for the same seed and different ones for different seeds", () => {
    expect(draw(new Rng(42), 100)).toEqual(draw(new Rng(42), 100));
    expect(draw(new Rng(42), 100)).not.toEqual(draw(new Rng(43), 100));
  });

  it("splits into child streams that do not depend on how much the parent drew", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draw(b, 1000);
    expect(draw(a.split(3), 50)).toEqual(draw(b.split(3), 50));
    expect(draw(a.split(3), 50)).not.toEqual(draw(a.split(4), 50));
    expect(draw(a.split("env"), 50)).not.toEqual(draw(a.split("vae"), 50));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
  });

  it("draws uniforms in [0,1) with mean 1/2 and variance 1/12", () => {
    const xs = draw(new Rng(1), 200_000);
    expect(xs.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    expect(xs.reduce((a, b) => Math.max(a, b))).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it("draws normals, gammas, betas and Poissons with the right first two moments", () => {
    const rng = new Rng(2);
    const n = 100_000;
    const moments = (f: () => number) => {
      const xs = Array.from({ length: n }, f);
      const m = xs.reduce((s, x) => s + x, 0) / n;
      return { m, v: xs.reduce((s, x) => s + (x - m) ** 2, 0) / n };
    };
    const normal = moments(() => rng.normal(3, 2));
    expect(normal.m).toBeCloseTo(3, 1);
    expect(normal.v).toBeCloseTo(4, 0);
    const gamma = moments(() => rng.gamma(0.5)); // mean k, variance k
    expect(gamma.m).toBeCloseTo(0.5, 1);
    expect(gamma.v).toBeCloseTo(0.5, 1);
    const beta = moments(() => rng.beta(2, 5)); // mean 2/7
    expect(beta.m).toBeCloseTo(2 / 7, 2);
    const poisson = moments(() => rng.poisson(4));
    expect(poisson.m).toBeCloseTo(4, 1);
    expect(poisson.v).toBeCloseTo(4, 0);
  });

  it("samples categories in proportion to their weights and rejects invalid weights", () => {
    const rng = new Rng(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[rng.categorical([1, 2, 3])]!++;
    expect(counts[0]! / 60_000).toBeCloseTo(1 / 6, 2);
    expect(counts[2]! / 60_000).toBeCloseTo(3 / 6, 2);
    expect(() => rng.categorical([0, 0])).toThrow(/sum to zero/);
    expect(() => rng.categorical([1, -1])).toThrow(/weight 1/);
    expect(() => rng.int(0)).toThrow(/positive integer/);
    expect(() => new Rng(Number.NaN)).toThrow(/finite/);
  });

  it("shuffles to a permutation, the same one for the same seed", () => {
    const a = new Rng(5).shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Rng(5).shuffle([1, 2, 3, 4, 5, 6, 7, 8])).toEqual(a);
  });
});

describe("the no-Math.random rule", () => {
  it("finds no call to Math.random anywhere in src/", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|js|cjs|mjs)$/.test(name) && /Math\s*\.\s*random\s*\(/.test(readFileSync(p, "utf8"))) offenders.push(p);
      }
    };
    walk("src");
    expect(offenders).toEqual([]);
  });
});
