import type { DatasetName } from "../data/resolve.js";
import type { Figure } from "../report/figure.js";

/** One table row: plain values only, so it serialises to JSON, Markdown and CSV unchanged. */
export type Row = Record<string, number | string | boolean | null>;

/** A named numeric series for figures (e.g. a metric trace or a learning curve). */
export interface Series {
  x: number[];
  y: number[];
  /** Optional lower/upper band (e.g. a 95% CI). */
  lo?: number[];
  hi?: number[];
}

/** What an experiment's `run` returns: plain data, deterministic for a given config and seeds. */
export interface Result<C = Record<string, unknown>> {
  id: string;
  title: string;
  paperRef: string;
  config: C;
  seeds: number[];
  smoke: boolean;
  /** The table: one plain object per row. */
  rows: Row[];
  /** Optional extra tables, by name (written as <id>.<name>.md/.csv). */
  tables?: Record<string, Row[]>;
  /** Optional series for figures, by name. */
  series?: Record<string, Series>;
  /** Free-form extra data the figures need (kept JSON-serialisable). */
  extra?: Record<string, unknown>;
  /** Wall-clock seconds of `run` (not part of the deterministic content). */
  runtimeSec: number;
  /** tfjs backend active during the run ("none" if tfjs was not used). */
  backend: string;
}

/** Options every experiment run receives. */
export interface RunContext {
  seeds: number[];
  smoke: boolean;
  /** Called as work proceeds; `done` of `total` units. */
  onProgress?: (done: number, total: number, label?: string) => void;
}

/**
 * An experiment: one paper artefact (table or figure). `run` returns data; `draw` turns that data
 * into figures (one script runs, another draws).
 */
export interface Experiment<C = Record<string, unknown>> {
  id: string;
  title: string;
  /** The paper artefact it reproduces, e.g. "HASH Table 2" or "teaching: drift tests". */
  paperRef: string;
  /** Datasets `run` reads; `reproduce` resolves them all before running anything. */
  datasets?: readonly DatasetName[];
  /** Default config for a full or a smoke run. */
  defaultConfig(smoke: boolean): C;
  /** Default number of seeds for a full or a smoke run. */
  defaultSeeds(smoke: boolean): number;
  run(config: C, ctx: RunContext): Promise<Omit<Result<C>, "runtimeSec" | "backend">>;
  draw(result: Result<C>): Figure[];
}
