import { describe, expect, it } from "vitest";
import {
  betaInc,
  chiSquaredCdf,
  chiSquaredQuantile,
  chiSquaredSf,
  gammaP,
  gammaQ,
  logGamma,
  normalQuantile,
} from "../../src/core/special.js";

describe("logGamma", () => {
  it("matches closed forms: Gamma(1/2) = sqrt(pi), Gamma(10) = 9!, Gamma(-1/2) = -2 sqrt(pi)", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 12);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9); // ln(170!)
  });
  it("rejects poles and non-finite input by naming the argument", () => {
    expect(() => logGamma(0)).toThrow(/pole/);
    expect(() => logGamma(-3)).toThrow(/pole/);
    expect(() => logGamma(NaN)).toThrow(/x must be finite/);
  });
});

describe("regularised incomplete gamma", () => {
  it("P(1, x) = 1 - exp(-x) on both the series and continued-fraction branches", () => {
    for (const x of [0.01, 0.5, 1.9, 2.1, 7, 30]) {
      expect(gammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 13);
      expect(gammaQ(1, x)).toBeCloseTo(Math.exp(-x), 13);
    }
  });
  it("P(1/2, x) = erf(sqrt x): erf(1) = 0.8427007929497149", () => {
    expect(gammaP(0.5, 1)).toBeCloseTo(0.8427007929497149, 13);
  });
  it("P + Q = 1 and Q keeps relative accuracy deep in the tail", () => {
    for (const [a, x] of [[3, 1], [3, 10], [50, 45], [0.3, 0.1]] as const) {
      expect(gammaP(a, x) + gammaQ(a, x)).toBeCloseTo(1, 13);
    }
    // Q(1, 50) = exp(-50) = 1.9287e-22: a value 1 - P would round to 0.
    expect(gammaQ(1, 50) / Math.exp(-50)).toBeCloseTo(1, 10);
  });
  it("rejects a <= 0 and x < 0", () => {
    expect(() => gammaP(0, 1)).toThrow(/shape a/);
    expect(() => gammaQ(2, -1)).toThrow(/x must be >= 0/);
  });
});

describe("regularised incomplete beta", () => {
  it("matches closed forms I_x(1,1) = x, I_x(a,1) = x^a, I_x(1,b) = 1-(1-x)^b, I_1/2(a,a) = 1/2", () => {
    for (const x of [0.1, 0.37, 0.8]) {
      expect(betaInc(x, 1, 1)).toBeCloseTo(x, 13);
      expect(betaInc(x, 3.5, 1)).toBeCloseTo(Math.pow(x, 3.5), 13);
      expect(betaInc(x, 1, 4)).toBeCloseTo(1 - Math.pow(1 - x, 4), 13);
    }
    expect(betaInc(0.5, 7.3, 7.3)).toBeCloseTo(0.5, 13);
  });
  it("gives the Student-t two-sided 5% points of standard tables (t = 12.706 for 1 df, 2.228 for 10 df)", () => {
    const twoSided = (t: number, nu: number) => betaInc(nu / (nu + t * t), nu / 2, 0.5);
    expect(twoSided(12.706205, 1)).toBeCloseTo(0.05, 6);
    expect(twoSided(2.228139, 10)).toBeCloseTo(0.05, 6);
    expect(twoSided(1.959964, 1e6)).toBeCloseTo(0.05, 5);
  });
  it("rejects x outside [0, 1] and non-positive shapes", () => {
    expect(() => betaInc(1.2, 1, 1)).toThrow(/x must be in \[0, 1\]/);
    expect(() => betaInc(0.5, 0, 1)).toThrow(/a must be/);
    expect(() => betaInc(0.5, 1, -2)).toThrow(/b must be/);
  });
});

describe("chi-squared distribution", () => {
  // NIST/SEMATECH e-Handbook, table 1.3.6.7.4, upper-tail critical values.
  const upper95: Array<[number, number]> = [
    [1, 3.841], [2, 5.991], [3, 7.815], [4, 9.488], [5, 11.07], [10, 18.307], [20, 31.41], [30, 43.773], [100, 124.342],
  ];
  const upper99: Array<[number, number]> = [[1, 6.635], [5, 15.086], [10, 23.209], [100, 135.807]];

  it("quantiles match NIST critical values at 0.95 and 0.99 to 3 decimals", () => {
    for (const [df, v] of upper95) expect(chiSquaredQuantile(0.95, df)).toBeCloseTo(v, 3);
    for (const [df, v] of upper99) expect(chiSquaredQuantile(0.99, df)).toBeCloseTo(v, 3);
  });
  it("lower-tail quantiles match the table: chi2(0.05; 10) = 3.940, chi2(0.05; 1) = 0.00393", () => {
    expect(chiSquaredQuantile(0.05, 10)).toBeCloseTo(3.94, 3);
    expect(chiSquaredQuantile(0.05, 1)).toBeCloseTo(0.003932, 6);
  });
  it("the survival function at a critical value is its tail probability", () => {
    expect(chiSquaredSf(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquaredSf(18.307038053275146, 10)).toBeCloseTo(0.05, 12);
    expect(chiSquaredCdf(23.209251158954356, 10)).toBeCloseTo(0.99, 12);
    // df = 2 is exponential with mean 2: P(X > x) = exp(-x/2).
    expect(chiSquaredSf(9, 2)).toBeCloseTo(Math.exp(-4.5), 14);
  });
  it("quantile inverts the CDF across df and p", () => {
    for (const df of [0.5, 1, 3, 17, 250]) {
      for (const p of [1e-6, 0.01, 0.5, 0.9, 0.999999]) {
        expect(chiSquaredCdf(chiSquaredQuantile(p, df), df)).toBeCloseTo(p, 10);
      }
    }
  });
  it("rejects df <= 0 and p outside (0, 1) by name", () => {
    expect(() => chiSquaredSf(1, 0)).toThrow(/degrees of freedom df/);
    expect(() => chiSquaredQuantile(1, 3)).toThrow(/probability p/);
  });
});

describe("normal helpers", () => {
  it("the normal quantile gives z(0.975) = 1.959964 and z(1e-10) = -6.361341", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 6);
  });
});
