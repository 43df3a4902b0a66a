/**
 * VAE benchmark: batched scoring throughput of the VAE anomaly detector (windows per second,
 * through tfjs on the active backend, including min-max, PCA and the PCA inverse), the streaming
 * single-window path (plain forward pass), and the time of one training epoch.
 */
import { initTf, activeBackend } from "../src/core/tf.js";
import { Rng } from "../src/core/rng.js";
import { VaeDetector } from "../src/detect/vae.js";
import { windowFeatures } from "../src/detect/features.js";

function series(n: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, t) => 10 + 3 * Math.sin((2 * Math.PI * t) / 50) + rng.normal(0, 0.3));
}

export default {
  name: "vae",
  description: "VAE detector (window 16, smooth 8, 8 PCA components, 32 hidden, latent 3): batched and streaming scoring, training",
  async run(): Promise<Array<{ metric: string; value: number; unit: string; notes?: string }>> {
    await initTf({ quiet: true });
    const d = new VaeDetector({ seed: 1, epochs: 10 });
    const train = series(2000, 1);
    let t0 = performance.now();
    d.fit(train);
    const epochMs = (performance.now() - t0) / 10;
    const test = series(8192 + 23, 2);
    const windows = windowFeatures(test, { window: 16, smooth: 8 });
    const batchSize = 4096;
    const batches = [windows.slice(0, batchSize), windows.slice(batchSize, 2 * batchSize)];
    d.scoreBatch(batches[0]!); // warm-up: kernel compilation
    let n = 0;
    t0 = performance.now();
    while (performance.now() - t0 < 2000) {
      for (const b of batches) {
        d.scoreBatch(b);
        n += b.length;
      }
    }
    const batchedRate = n / ((performance.now() - t0) / 1000);
    d.resetStream();
    t0 = performance.now();
    let m = 0;
    while (performance.now() - t0 < 1000) {
      for (const x of test) {
        d.score(x);
        d.update(x);
      }
      m += test.length;
    }
    const streamRate = m / ((performance.now() - t0) / 1000);
    d.dispose();
    const backend = activeBackend();
    return [
      { metric: "vae/batchedWindowsPerSec", value: batchedRate, unit: "windows/s", notes: `batches of ${batchSize}, backend ${backend}; target >= 50000` },
      { metric: "vae/streamingPointsPerSec", value: streamRate, unit: "points/s", notes: "score + update per point, plain forward pass" },
      { metric: "vae/trainEpochMs", value: epochMs, unit: "ms", notes: `${train.length - 23} windows per epoch, batch 64, backend ${backend}` },
    ];
  },
};
