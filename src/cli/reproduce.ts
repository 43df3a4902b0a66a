/**
 * `deploylab reproduce [ids...] [--smoke] [--seeds N] [--out DIR]`: run experiments and write
 * their artefacts and `DIR/index.json`. All arguments are checked before anything runs or is
 * written, so a typo leaves no partial output.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../core/paths.js";
import { writeFileAtomic } from "../core/io.js";
import { initTf } from "../core/tf.js";
import { resolveDataset } from "../data/resolve.js";
import { EXPERIMENTS, getExperiment } from "../experiments/registry.js";
import { runExperiment } from "../experiments/runExperiment.js";
import { openStaticRenderer } from "../report/chromium.js";
import { writeArtefacts } from "../report/export.js";
import { gitCommit } from "./gitCommit.js";
import { progressBar } from "./progress.js";
import { UserError } from "../core/errors.js";

/** One artefact's entry in `index.json`. */
export interface IndexEntry {
  id: string;
  title: string;
  paperRef: string;
  seeds: number[];
  smoke: boolean;
  backend: string;
  runtimeSec: number;
  gitCommit: string;
  files: string[];
}

/** Parse `--seeds`: a positive integer. */
export function parseSeeds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UserError(`--seeds must be a positive integer, got "${text}"`);
  return Number(text);
}

/** `deploylab reproduce ...`; returns the exit code. @throws UserError on bad input or a missing dataset. */
export async function reproduceCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { smoke: { type: "boolean", default: false }, seeds: { type: "string" }, out: { type: "string" } },
    });
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const seeds = parseSeeds(values.seeds);
  const ids = positionals.length > 0 ? positionals : EXPERIMENTS.map((e) => e.id);
  const experiments = ids.map((id) => {
    try {
      return getExperiment(id);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
  });
  const outDir = resolve(values.out ?? resolve(projectRoot(), "figures"));
  // Every dataset the chosen experiments read is found (or fetched) before anything runs, so a
  // missing one stops the command before any output is written.
  for (const name of new Set(experiments.flatMap((e) => e.datasets ?? []))) await resolveDataset(name);

  await initTf();
  const commit = gitCommit(projectRoot());
  const renderer = await openStaticRenderer().catch((err: Error) => {
    process.stderr.write(`deploylab: Chromium failed to start (${err.message.split("\n")[0]}): PNG/SVG skipped\n`);
    return null;
  });
  if (!renderer) process.stderr.write("deploylab: no Chromium found (install Debian's chromium): PNG/SVG skipped\n");
  const entries: IndexEntry[] = [];
  try {
    for (const exp of experiments) {
      const bar = progressBar(exp.id);
      const result = await runExperiment(exp, {
        smoke: values.smoke,
        ...(seeds !== undefined ? { seeds } : {}),
        onProgress: (done, total, label) => bar.update(done, total, label),
      });
      const written = await writeArtefacts(result, exp.draw(result), outDir, renderer);
      bar.finish(`${result.rows.length} rows, ${written.files.length} files in ${result.runtimeSec.toFixed(1)} s`);
      entries.push({
        id: result.id,
        title: result.title,
        paperRef: result.paperRef,
        seeds: result.seeds,
        smoke: result.smoke,
        backend: result.backend,
        runtimeSec: result.runtimeSec,
        gitCommit: commit,
        files: written.files,
      });
      // Update the manifest after every experiment so a later failure keeps what was made.
      writeIndex(outDir, entries);
    }
  } finally {
    await renderer?.close();
  }
  process.stderr.write(`deploylab: wrote ${entries.length} artefact(s) to ${outDir}\n`);
  return 0;
}

/** Merge entries into `outDir/index.json`, replacing entries with the same id, sorted by id. */
function writeIndex(outDir: string, entries: IndexEntry[]): void {
  const path = resolve(outDir, "index.json");
  let previous: IndexEntry[] = [];
  if (existsSync(path)) {
    try {
      previous = (JSON.parse(readFileSync(path, "utf8")) as { artefacts: IndexEntry[] }).artefacts ?? [];
    } catch {
      previous = []; // an unreadable index is rebuilt from this run
    }
  }
  const byId = new Map(previous.map((e) => [e.id, e]));
  for (const e of entries) byId.set(e.id, e);
  const artefacts = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  writeFileAtomic(path, JSON.stringify({ generator: "deploylab reproduce", artefacts }, null, 2) + "\n");
}
