/**
 * `deploylab notebooks [names...] [--smoke] [-p key=value ...] [--out DIR] [--timeout S] [--jobs N]`:
 * execute notebooks headless, each in its own Node process through tslab's converter/executor
 * (bin/run-notebook.cjs), and write the executed copies under build/notebooks/ (gitignored).
 * Parameters are checked against every selected notebook before anything runs. Exit code: 0 when
 * all ran, 1 when a cell failed (the notebook, cell number and error are printed), 2 on bad input.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { UserError } from "../core/errors.js";
import { projectRoot } from "../core/paths.js";
import { injectParameters, parseParamArgs, readParameters, type Notebook, type ParamValue } from "./notebookParams.js";

/** Every .ipynb under notebooks/, as paths relative to the project root, sorted. */
export function listNotebooks(root = projectRoot()): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue; // .ipynb_checkpoints
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ipynb")) found.push(relative(root, p));
    }
  };
  walk(join(root, "notebooks"));
  return found.sort();
}

/**
 * Select notebooks by name: a notebook under notebooks/ by path or by suffix without `.ipynb`
 * (e.g. "00-tour", "sim/01-simulator-tour"), or the path of any existing .ipynb file.
 */
export function selectNotebooks(names: string[], all: string[], root = projectRoot()): string[] {
  if (names.length === 0) return all;
  return names.map((n) => {
    if (n.endsWith(".ipynb") && existsSync(resolve(n))) return relative(root, resolve(n));
    const want = n.replace(/\.ipynb$/, "");
    const hits = all.filter((p) => {
      const q = p.replace(/\.ipynb$/, "");
      return q === want || q.endsWith("/" + want);
    });
    if (hits.length !== 1) {
      throw new UserError(`${hits.length === 0 ? "no" : "more than one"} notebook matches "${n}"; notebooks: ${all.join(", ")}`);
    }
    return hits[0]!;
  });
}

export interface NotebookRunResult {
  notebook: string;
  ok: boolean;
  cells?: number;
  cell?: number;
  error?: string;
  seconds: number;
  output: string;
}

/** Run one (already parameterised) notebook in a child process. */
export function runNotebookProcess(nb: Notebook, notebook: string, outPath: string, timeoutSec: number): Promise<NotebookRunResult> {
  const root = projectRoot();
  const tmp = mkdtempSync(join(tmpdir(), "deploylab-nb-"));
  const input = join(tmp, "input.ipynb");
  writeFileSync(input, JSON.stringify(nb));
  const t0 = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(root, "bin", "run-notebook.cjs"), root, input, outPath], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DEPLOYLAB_QUIET: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutSec * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      rmSync(tmp, { recursive: true, force: true });
      const seconds = (performance.now() - t0) / 1000;
      const line = stdout.split("\n").find((l) => l.startsWith("@@deploylab-status "));
      if (line) {
        const s = JSON.parse(line.slice("@@deploylab-status ".length)) as { ok: boolean; cells?: number; cell?: number; error?: string };
        resolvePromise({ notebook, seconds, output: outPath, ...s });
      } else {
        const why = signal === "SIGKILL" ? `timed out after ${timeoutSec} s` : `runner exited with code ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`;
        resolvePromise({ notebook, ok: false, cell: 0, error: why, seconds, output: outPath });
      }
    });
  });
}

/** `deploylab notebooks ...`; returns 0, 1 when a cell failed. @throws UserError on bad input. */
export async function notebooksCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        smoke: { type: "boolean", default: false },
        p: { type: "string", short: "p", multiple: true },
        out: { type: "string" },
        timeout: { type: "string", default: "900" },
        jobs: { type: "string" },
      },
    });
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const root = projectRoot();
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new UserError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
  const jobs = values.jobs === undefined ? Math.min(2, cpus().length) : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UserError(`--jobs must be a positive integer, got "${values.jobs}"`);
  const selected = selectNotebooks(positionals, listNotebooks(root));
  if (selected.length === 0) throw new UserError("no notebooks under notebooks/");
  const given = parseParamArgs(values.p ?? []);
  const outDir = resolve(values.out ?? join(root, "build", "notebooks"));

  // Check every notebook's parameters before running any.
  const prepared = selected.map((file) => {
    const nb = JSON.parse(readFileSync(join(root, file), "utf8")) as Notebook;
    const params = new Map<string, ParamValue>(given);
    if (values.smoke) {
      if (!readParameters(nb, file).has("smoke")) throw new UserError(`${file}: the parameters cell does not declare "smoke", so --smoke cannot shrink it`);
      params.set("smoke", true);
    }
    return { file, nb: injectParameters(nb, params, file) };
  });

  let failures = 0;
  let next = 0;
  // Up to `jobs` notebooks at once, each in its own process.
  const worker = async () => {
    while (next < prepared.length) {
      const { file, nb } = prepared[next++]!;
      const inNotebooks = !relative("notebooks", file).startsWith("..");
      const out = join(outDir, inNotebooks ? relative("notebooks", file) : basename(file));
      const r = await runNotebookProcess(nb, file, out, timeout);
      if (r.ok) {
        process.stderr.write(`ok   ${file} (${r.cells} code cells, ${r.seconds.toFixed(1)} s) -> ${relative(root, out)}\n`);
      } else {
        failures++;
        process.stderr.write(`FAIL ${file}, cell ${r.cell}: ${r.error}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, prepared.length) }, worker));
  process.stderr.write(`notebooks: ${prepared.length - failures} ran, ${failures} failed\n`);
  return failures > 0 ? 1 : 0;
}
