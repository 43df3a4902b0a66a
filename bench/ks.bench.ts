import { Rng } from "../src/core/rng.js";
import { ksTwoSample } from "../src/detect/ks.js";
import type { Benchmark } from "../src/cli/bench.js";

/** Two-sample KS tests per second at the drift demo's sizes (exact and asymptotic p-values). */
const bench: Benchmark = {
  name: "ks",
  description: "two-sample Kolmogorov-Smirnov tests per second",
  async run() {
    const rng = new Rng(1);
    const sample = (n: number) => Array.from({ length: n }, () => rng.normal());
    const measure = (n: number, m: number, method: "exact" | "asymptotic") => {
      const a = sample(n);
      const b = sample(m);
      let reps = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 500) {
        ksTwoSample(a, b, { method });
        reps++;
      }
      return reps / ((performance.now() - t0) / 1000);
    };
    return [
      { metric: "ks exact, n=m=100", value: Math.round(measure(100, 100, "exact")), unit: "tests/s" },
      { metric: "ks asymptotic, n=500 m=200", value: Math.round(measure(500, 200, "asymptotic")), unit: "tests/s" },
    ];
  },
};
export default bench;
