/**
 * Loader for the Numenta Anomaly Benchmark v1.1 (Lavin & Ahmad 2015, "Evaluating Real-time
 * Anomaly Detection Algorithms - the Numenta Anomaly Benchmark", IEEE ICMLA; numenta/NAB @ ea702d7,
 * MIT licence): the 58 series `data/<category>/<file>.csv` (timestamp,value), the anomaly windows
 * `labels/combined_windows.json`, the scoring profiles `config/profiles.json` and NAB's published
 * outputs in `reference/`.
 *
 * The directory comes from `resolveDataset("nab")` (DEPLOYLAB_DATA, cache, or a verified download)
 * unless a `dir` is given.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { resolveDataset } from "./resolve.js";

/** An anomaly window: inclusive row indices and the timestamps that define them. */
export interface NabWindow {
  start: number;
  end: number;
  startTime: string;
  endTime: string;
}

/** One NAB data file. */
export interface NabSeries {
  /** Path relative to `data/`, e.g. "realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv". */
  file: string;
  /** Category folder, e.g. "realAWSCloudwatch". */
  category: string;
  /** Timestamps as written in the CSV ("YYYY-MM-DD HH:MM:SS"). */
  timestamps: string[];
  values: Float64Array;
  /** Labelled anomaly windows, in time order. */
  windows: NabWindow[];
}

/** The cost weights of one NAB application profile. */
export interface NabCostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
  tnWeight?: number;
}

/** NAB's published normalised scores of one detector. */
export interface NabPublishedScores {
  standard: number;
  reward_low_FP_rate: number;
  reward_low_FN_rate: number;
}

/** Options shared by the loaders. */
export interface NabLoadOptions {
  /** NAB directory (holding data/, labels/, config/, reference/); default resolveDataset("nab"). */
  dir?: string;
}

/** The NAB directory: `options.dir` or `resolveDataset("nab")`. */
export async function nabDir(options: NabLoadOptions = {}): Promise<string> {
  return options.dir ?? (await resolveDataset("nab"));
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new Error(`nab: cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`nab: ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** NAB's window timestamps carry microseconds (".000000"); the data files do not. */
function stripMicros(ts: string): string {
  return ts.replace(/\.0+$/, "");
}

/**
 * Parse a NAB series CSV (header `timestamp,value`). `name` is used in error messages.
 * @throws Error naming the file and the 1-based line for a missing column, a wrong field count or a
 *   value that is not a number.
 */
export function parseNabCsv(text: string, name: string): { timestamps: string[]; values: Float64Array } {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  if (lines.length === 0) throw new Error(`nab: ${name} is empty`);
  const header = lines[0]!.split(",").map((h) => h.trim());
  const ti = header.indexOf("timestamp");
  const vi = header.indexOf("value");
  if (ti < 0 || vi < 0) throw new Error(`nab: ${name} line 1: header must have "timestamp" and "value" columns (got "${lines[0]}")`);
  const n = lines.length - 1;
  const timestamps = new Array<string>(n);
  const values = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const fields = lines[r + 1]!.split(",");
    if (fields.length !== header.length) throw new Error(`nab: ${name} line ${r + 2}: expected ${header.length} fields, got ${fields.length}`);
    const raw = fields[vi]!.trim();
    const v = Number(raw);
    if (raw === "" || !Number.isFinite(v)) throw new Error(`nab: ${name} line ${r + 2}: value "${raw}" is not a finite number`);
    timestamps[r] = fields[ti]!.trim();
    values[r] = v;
  }
  return { timestamps, values };
}

/**
 * Map window timestamps to row indices (exact match, as NAB's sweeper does).
 * @throws Error naming the file and the timestamp when a window edge is not a row of the file.
 */
export function windowsToIndices(timestamps: readonly string[], windows: ReadonlyArray<readonly [string, string]>, name: string): NabWindow[] {
  const pos = new Map<string, number>();
  for (let i = timestamps.length - 1; i >= 0; i--) pos.set(timestamps[i]!, i);
  return windows.map(([a, b]) => {
    const startTime = stripMicros(a);
    const endTime = stripMicros(b);
    const start = pos.get(startTime);
    const end = pos.get(endTime);
    if (start === undefined) throw new Error(`nab: window start ${a} is not a timestamp of ${name}`);
    if (end === undefined) throw new Error(`nab: window end ${b} is not a timestamp of ${name}`);
    if (end < start) throw new Error(`nab: window [${a}, ${b}] of ${name} ends before it starts`);
    return { start, end, startTime, endTime };
  });
}

/**
 * The anomaly windows of every file, keyed by path relative to data/ (raw timestamps).
 * @throws Error if the file is missing or malformed.
 */
export async function loadNabWindowLabels(options: NabLoadOptions = {}): Promise<Record<string, Array<[string, string]>>> {
  const dir = await nabDir(options);
  const path = join(dir, "labels", "combined_windows.json");
  const json = await readJson(path);
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error(`nab: ${path} must be an object of file -> windows`);
  const out: Record<string, Array<[string, string]>> = {};
  for (const [file, w] of Object.entries(json as Record<string, unknown>)) {
    if (!Array.isArray(w) || !w.every((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === "string"))) {
      throw new Error(`nab: ${path}: windows of "${file}" must be [start, end] timestamp pairs`);
    }
    out[file] = w as Array<[string, string]>;
  }
  return out;
}

/**
 * The relative paths of the NAB data files (category/file.csv), sorted, as listed under data/.
 * @throws Error if data/ cannot be read.
 */
export async function listNabFiles(options: NabLoadOptions = {}): Promise<string[]> {
  const dir = await nabDir(options);
  const root = join(dir, "data");
  let cats: string[];
  try {
    cats = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (err) {
    throw new Error(`nab: cannot list ${root}: ${(err as Error).message}`);
  }
  const files: string[] = [];
  for (const c of cats.sort()) {
    const names = (await readdir(join(root, c))).filter((f) => f.endsWith(".csv")).sort();
    for (const f of names) files.push(`${c}/${f}`);
  }
  return files;
}

/**
 * Load one NAB series with its windows.
 * @throws Error naming the file (and line) when it is missing, malformed, not labelled, or a window
 *   edge is not one of its timestamps.
 */
export async function loadNabSeries(file: string, options: NabLoadOptions & { labels?: Record<string, Array<[string, string]>> } = {}): Promise<NabSeries> {
  const dir = await nabDir(options);
  const labels = options.labels ?? (await loadNabWindowLabels({ dir }));
  const w = labels[file];
  if (!w) throw new Error(`nab: "${file}" has no entry in labels/combined_windows.json`);
  const path = join(dir, "data", file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new Error(`nab: cannot read data file ${path}: ${(err as Error).message}`);
  }
  const { timestamps, values } = parseNabCsv(text, `data/${file}`);
  const category = file.split("/")[0] ?? "";
  return { file, category, timestamps, values, windows: windowsToIndices(timestamps, w, `data/${file}`) };
}

/**
 * Load several (default: all 58) NAB series, sorted by path.
 * @throws Error as loadNabSeries, or if a requested file is not part of the corpus.
 */
export async function loadNabCorpus(options: NabLoadOptions & { files?: readonly string[] } = {}): Promise<NabSeries[]> {
  const dir = await nabDir(options);
  const labels = await loadNabWindowLabels({ dir });
  const all = await listNabFiles({ dir });
  const files = options.files ? [...options.files] : all;
  for (const f of files) if (!all.includes(f)) throw new Error(`nab: unknown file "${f}" (expected category/name.csv, e.g. ${all[0]})`);
  const out: NabSeries[] = [];
  for (const f of files) out.push(await loadNabSeries(f, { dir, labels }));
  return out;
}

/**
 * NAB's application profiles (config/profiles.json), by name.
 * @throws Error if the file is missing or a profile lacks a weight.
 */
export async function loadNabProfiles(options: NabLoadOptions = {}): Promise<Record<string, NabCostMatrix>> {
  const dir = await nabDir(options);
  const path = join(dir, "config", "profiles.json");
  const json = (await readJson(path)) as Record<string, { CostMatrix?: Record<string, unknown> }>;
  const out: Record<string, NabCostMatrix> = {};
  for (const [name, p] of Object.entries(json)) {
    const cm = p?.CostMatrix;
    for (const k of ["tpWeight", "fpWeight", "fnWeight"]) {
      if (typeof cm?.[k] !== "number") throw new Error(`nab: ${path}: profile "${name}" lacks a numeric CostMatrix.${k}`);
    }
    out[name] = { tpWeight: cm!.tpWeight as number, fpWeight: cm!.fpWeight as number, fnWeight: cm!.fnWeight as number, tnWeight: (cm!.tnWeight as number | undefined) ?? 1 };
  }
  return out;
}

/**
 * NAB's published normalised scores (reference/published_final_results.json), by detector.
 * @throws Error if the file is missing or malformed.
 */
export async function loadNabPublishedScores(options: NabLoadOptions = {}): Promise<Record<string, NabPublishedScores>> {
  const dir = await nabDir(options);
  const path = join(dir, "reference", "published_final_results.json");
  const json = (await readJson(path)) as Record<string, Partial<NabPublishedScores>>;
  const out: Record<string, NabPublishedScores> = {};
  for (const [det, s] of Object.entries(json)) {
    if (typeof s?.standard !== "number" || typeof s.reward_low_FP_rate !== "number" || typeof s.reward_low_FN_rate !== "number") {
      throw new Error(`nab: ${path}: detector "${det}" lacks one of standard / reward_low_FP_rate / reward_low_FN_rate`);
    }
    out[det] = { standard: s.standard, reward_low_FP_rate: s.reward_low_FP_rate, reward_low_FN_rate: s.reward_low_FN_rate };
  }
  return out;
}

/**
 * The rows flagged by Twitter's R AnomalyDetectionVec when NAB ran it (period 150, max_anoms
 * 0.002, alpha 0.05, direction both), from reference/twitterADVec_detections.json: file ->
 * { rows, detections (0-based, ascending) }.
 * @throws Error if the file is missing or malformed.
 */
export async function loadTwitterAdVecDetections(options: NabLoadOptions = {}): Promise<Record<string, { rows: number; detections: number[] }>> {
  const dir = await nabDir(options);
  const path = join(dir, "reference", "twitterADVec_detections.json");
  const json = (await readJson(path)) as { files?: Record<string, { rows?: unknown; detections?: unknown }> };
  if (!json.files || typeof json.files !== "object") throw new Error(`nab: ${path} lacks "files"`);
  const out: Record<string, { rows: number; detections: number[] }> = {};
  for (const [f, e] of Object.entries(json.files)) {
    if (typeof e.rows !== "number" || !Array.isArray(e.detections) || !e.detections.every((d) => Number.isInteger(d))) {
      throw new Error(`nab: ${path}: entry "${f}" needs numeric rows and integer detections`);
    }
    out[f] = { rows: e.rows, detections: e.detections as number[] };
  }
  return out;
}
