/**
 * Finding a dataset on disk, or fetching it once and verifying it.
 *
 * Order: `DEPLOYLAB_DATA/<name>/` (e.g. `DEPLOYLAB_DATA=../shared/data`), then the gitignored
 * cache `data/cache/<name>/`, then a download of every file from the manifest's `baseUrl` into the
 * cache, each checked against its SHA-256 before it is renamed into place (a corrupted or truncated
 * download never lands in the cache). Otherwise: an error telling the user what to do.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../core/errors.js";
import { sha256File, writeFileAtomic } from "../core/io.js";
import { projectRoot } from "../core/paths.js";

export interface ManifestFile {
  /** Path inside the dataset folder, '/'-separated. */
  path: string;
  sha256: string;
  bytes: number;
  /** Explicit URL; `null` for derived files that cannot be downloaded; absent = baseUrl + path. */
  url?: string | null;
  /** How a derived file was made (only when url is null). */
  derived?: string;
}

export interface DatasetEntry {
  title: string;
  homepage: string;
  baseUrl?: string;
  licence: string;
  citation: string;
  version?: string;
  /** True for datasets whose licence forbids redistribution: the user passes a path. */
  userSupplied?: boolean;
  files: ManifestFile[];
}

export type DatasetName = "adult" | "nab";

export interface ResolveOptions {
  /** Root holding `<name>/` folders; default `DEPLOYLAB_DATA`. */
  dataDir?: string;
  /** Cache root; default `DEPLOYLAB_CACHE`, else `<project>/data/cache`. */
  cacheDir?: string;
  /** Download base URL overriding the manifest's (e.g. a local mirror); default the manifest's. */
  baseUrl?: string;
  /** Never download; default true when `DEPLOYLAB_OFFLINE=1`. */
  offline?: boolean;
  /** Progress/notice sink; default stderr. */
  log?: (line: string) => void;
}

/** The dataset manifest `data/datasets.json`. */
export function readManifest(): Record<string, DatasetEntry> {
  const file = join(projectRoot(), "data", "datasets.json");
  const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  delete json.$comment;
  return json as Record<string, DatasetEntry>;
}

/** Files a complete copy must hold: everything downloadable (derived files are optional). */
function requiredFiles(entry: DatasetEntry): ManifestFile[] {
  return entry.files.filter((f) => f.url !== null);
}

const verified = new Map<string, true>();

/**
 * Check that `dir` holds every required file of `entry` with the right SHA-256.
 * Returns null when complete, else a reason naming the first bad file.
 */
function checkCopy(dir: string, entry: DatasetEntry): string | null {
  for (const f of requiredFiles(entry)) {
    const p = join(dir, f.path);
    if (!existsSync(p)) return `missing ${p}`;
    const key = `${p}:${f.sha256}`;
    if (verified.has(key)) continue;
    const got = sha256File(p);
    if (got !== f.sha256) return `${p} has SHA-256 ${got}, expected ${f.sha256} (corrupted or a different version)`;
    verified.set(key, true);
  }
  return null;
}

/**
 * The directory holding dataset `name` (e.g. `.../adult` with `adult.data` inside), verified
 * against `data/datasets.json`.
 * @throws with instructions when the dataset is neither on disk nor downloadable, or when a copy
 *   on disk or a download fails its checksum (the file is named).
 * @example const dir = await resolveDataset("adult"); // DEPLOYLAB_DATA=../shared/data
 */
export async function resolveDataset(name: DatasetName, options: ResolveOptions = {}): Promise<string> {
  const manifest = readManifest();
  const entry = manifest[name];
  if (!entry || entry.userSupplied) {
    const known = Object.keys(manifest).filter((k) => !manifest[k]!.userSupplied);
    throw new UserError(`unknown dataset "${name}"; data/datasets.json lists ${known.join(", ")}`);
  }
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const problems: string[] = [];

  const dataRoot = options.dataDir ?? process.env.DEPLOYLAB_DATA;
  if (dataRoot) {
    const dir = resolve(dataRoot, name);
    const bad = checkCopy(dir, entry);
    if (!bad) return dir;
    problems.push(`DEPLOYLAB_DATA: ${bad}`);
    // A corrupted copy in the user's data folder is an error, not a reason to download quietly.
    if (existsSync(dir)) throw new UserError(`dataset "${name}": ${bad}`);
  }

  const cacheRoot = options.cacheDir ?? process.env.DEPLOYLAB_CACHE ?? join(projectRoot(), "data", "cache");
  const cacheDir = join(cacheRoot, name);
  const cacheBad = checkCopy(cacheDir, entry);
  if (!cacheBad) return cacheDir;
  problems.push(`cache: ${cacheBad}`);

  const offline = options.offline ?? process.env.DEPLOYLAB_OFFLINE === "1";
  const baseUrl = options.baseUrl ?? entry.baseUrl;
  if (!offline && baseUrl) {
    try {
      await download(entry, baseUrl, cacheDir, log);
      const bad = checkCopy(cacheDir, entry);
      if (!bad) return cacheDir;
      problems.push(`after download: ${bad}`);
    } catch (err) {
      // A checksum mismatch is final; a network failure falls through to the instructions.
      if (err instanceof UserError) throw new UserError(`dataset "${name}": ${err.message}`);
      problems.push(`download from ${baseUrl}: ${(err as Error).message}`);
    }
  }

  throw new UserError(
    [
      `dataset "${name}" (${entry.title}) is not available.`,
      ...problems.map((p) => `  - ${p}`),
      `To fix, either:`,
      `  - set DEPLOYLAB_DATA to a folder containing ${name}/ (for example: export DEPLOYLAB_DATA=../shared/data), or`,
      `  - run once with internet access so deploylab downloads it from ${baseUrl ?? entry.homepage} into data/cache/${name}/, or`,
      `  - copy the files listed for "${name}" in data/datasets.json into data/cache/${name}/.`,
    ].join("\n"),
  );
}

/** Download each missing or wrong file into `dir`, verifying SHA-256 before the atomic rename. */
async function download(entry: DatasetEntry, baseUrl: string, dir: string, log: (s: string) => void): Promise<void> {
  const todo = requiredFiles(entry).filter((f) => {
    const p = join(dir, f.path);
    return !existsSync(p) || sha256File(p) !== f.sha256;
  });
  log(`deploylab: downloading ${todo.length} file(s) of ${entry.title} from ${baseUrl}`);
  for (const f of todo) {
    const url = f.url ?? new URL(f.path, baseUrl.endsWith("/") ? baseUrl : baseUrl + "/").toString();
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const got = createHash("sha256").update(bytes).digest("hex");
    if (got !== f.sha256) {
      throw new UserError(`${url} has SHA-256 ${got}, expected ${f.sha256}: rejected, not cached`);
    }
    writeFileAtomic(join(dir, f.path), bytes);
  }
}
