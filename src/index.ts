/**
 * deploylab's public API, grouped by area. Notebooks import from here ("./src/index.js" from the
 * project root); display helpers for notebooks live in "./src/report/notebook.js".
 */

// core: randomness, errors, IO, tfjs backend, small statistics
export { Rng, deriveSeed } from "./core/rng.js";
export { UserError } from "./core/errors.js";
export { writeFileAtomic } from "./core/io.js";
export { projectRoot } from "./core/paths.js";
export { initTf, activeBackend, type BackendName } from "./core/tf.js";
export { wilsonInterval } from "./core/wilson.js";

// data: manifest and dataset resolution
export { resolveDataset, readManifest, sha256File, type DatasetName, type DatasetEntry, type ResolveOptions } from "./data/resolve.js";

// detect: streaming detectors and drift tests
export { type StreamingDetector, scoreSeries } from "./detect/types.js";
export { ksTwoSample, ksExactPValue, kolmogorovQ, type KsResult, type KsOptions } from "./detect/ks.js";

// experiments: registry and runner
export { EXPERIMENTS, getExperiment } from "./experiments/registry.js";
export { runExperiment, seedList, type RunOptions } from "./experiments/runExperiment.js";
export type { Experiment, Result, Row, Series, RunContext } from "./experiments/types.js";
export { driftKsDemo, ksDriftStream, type DriftKsConfig } from "./experiments/drift-ks-demo.js";

// report: figures and tables
export type { Figure } from "./report/figure.js";
export { toMarkdown, toCsv, formatNumber } from "./report/table.js";
export { writeArtefacts, figuresHtml } from "./report/export.js";
