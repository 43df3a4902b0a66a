import { activeBackend } from "../core/tf.js";
import type { Experiment, Result, RunContext } from "./types.js";

export interface RunOptions<C> {
  /** Small budget for CI and quick checks; default false. */
  smoke?: boolean;
  /** Seeds: a count N (seeds 0..N-1) or an explicit list; default the experiment's. */
  seeds?: number | number[];
  /** Overrides merged over the experiment's default config. */
  config?: Partial<C>;
  onProgress?: RunContext["onProgress"];
}

/** The seed list for a count (0..n-1) or an explicit list, validated. */
export function seedList(seeds: number | number[]): number[] {
  const list = typeof seeds === "number" ? Array.from({ length: seeds }, (_, i) => i) : seeds;
  if (typeof seeds === "number" && !(Number.isInteger(seeds) && seeds >= 1)) {
    throw new Error(`seeds must be a positive integer, got ${seeds}`);
  }
  if (list.length === 0 || list.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new Error(`seeds must be non-negative integers, got ${JSON.stringify(seeds)}`);
  }
  return list;
}

/**
 * Run an experiment with its defaults (or overrides) and stamp the Result with runtime and the
 * tfjs backend. Notebooks and the `reproduce` command both call this.
 * @example const result = await runExperiment(driftKsDemo, { smoke: true });
 */
export async function runExperiment<C>(exp: Experiment<C>, options: RunOptions<C> = {}): Promise<Result<C>> {
  const smoke = options.smoke ?? false;
  const seeds = seedList(options.seeds ?? exp.defaultSeeds(smoke));
  const config = { ...exp.defaultConfig(smoke), ...(options.config ?? {}) } as C;
  const t0 = performance.now();
  const ctx: RunContext = { seeds, smoke };
  if (options.onProgress) ctx.onProgress = options.onProgress;
  const body = await exp.run(config, ctx);
  return { ...body, runtimeSec: (performance.now() - t0) / 1000, backend: activeBackend() };
}
