import { Rng } from "../src/core/rng.js";
import { EwmaDetector } from "../src/detect/ewma.js";
import { shesd } from "../src/detect/shesd.js";
import { ShesdStreamDetector } from "../src/detect/shesdStream.js";
import { scoreSeries } from "../src/detect/types.js";
import type { Benchmark } from "../src/cli/bench.js";

/** Statistical detector throughput: EWMA (batch and streaming) and S-H-ESD. */
const bench: Benchmark = {
  name: "detect",
  description: "EWMA points/s, S-H-ESD wall time (14,400 points, period 1440, maxAnoms 0.10), streaming S-H-ESD points/s",
  async run() {
    const rng = new Rng(1);
    const n = 1_000_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = 10 + rng.normal();
    const out = new Float64Array(n);

    const rate = (fn: () => void, points: number, minMs = 700): number => {
      fn(); // warm up the JIT
      let reps = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < minMs) {
        fn();
        reps++;
      }
      return (reps * points) / ((performance.now() - t0) / 1000);
    };
    const ewmaBatch = rate(() => new EwmaDetector().scoreBatch(xs, out), n);
    const ewmaStream = rate(() => scoreSeries(new EwmaDetector(), xs), n);

    const period = 1440;
    const m = 14400;
    const series = Float64Array.from({ length: m }, (_, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / period) + rng.normal(0, 2) + (i % 977 === 0 ? 60 : 0));
    shesd(series, { period, maxAnoms: 0.1, direction: "both" }); // warm up
    const times: number[] = [];
    let found = 0;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      found = shesd(series, { period, maxAnoms: 0.1, direction: "both" }).anomalies.length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);

    const streamPoints = 24 * 400;
    const streamSeries = Float64Array.from({ length: streamPoints }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 24) + rng.normal());
    const stream = rate(() => scoreSeries(new ShesdStreamDetector({ period: 24 }), streamSeries), streamPoints, 500);

    return [
      { metric: "ewma scoreBatch", value: Math.round(ewmaBatch / 1e6), unit: "M points/s", notes: "1e6 N(10,1) points, alpha 0.05" },
      { metric: "ewma score+update (scoreSeries)", value: Math.round(ewmaStream / 1e6), unit: "M points/s" },
      { metric: "shesd 14,400 pts, period 1440, maxAnoms 0.10 (median of 5)", value: Math.round(times[2]! * 10) / 10, unit: "ms", notes: `${found} anomalies; robust STL + hybrid ESD with 1440 candidates` },
      { metric: "shesd-stream period 24, window 96, refit every 24", value: Math.round(stream / 1e3), unit: "k points/s" },
    ];
  },
};
export default bench;
