/**
 * `deploylab bench [names...] [--json]`: run the benchmarks in bench/<name>.bench.ts and print
 * their figures (a table, or JSON with --json). Each benchmark module exports a default
 * `Benchmark`.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { UserError } from "../core/errors.js";
import { projectRoot } from "../core/paths.js";
import { toMarkdown } from "../report/table.js";

/** One measured figure. */
export interface BenchFigure {
  metric: string;
  value: number;
  unit: string;
  notes?: string;
}

/** A benchmark module's default export. */
export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchFigure[]>;
}

/** Names of the benchmarks in bench/ (file names without `.bench.ts`). */
export function benchNames(): string[] {
  return readdirSync(join(projectRoot(), "bench"))
    .filter((f) => f.endsWith(".bench.ts"))
    .map((f) => f.slice(0, -".bench.ts".length))
    .sort();
}

/** `deploylab bench [names...] [--json]`; returns the exit code. @throws UserError on bad input. */
export async function benchCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: "boolean", default: false } } });
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const known = benchNames();
  const names = parsed.positionals.length > 0 ? parsed.positionals : known;
  for (const n of names) if (!known.includes(n)) throw new UserError(`unknown benchmark "${n}"; known: ${known.join(", ")}`);
  const report: Array<BenchFigure & { bench: string }> = [];
  for (const n of names) {
    process.stderr.write(`bench ${n} ...\n`);
    const mod = (await import(pathToFileURL(join(projectRoot(), "bench", `${n}.bench.ts`)).href)) as { default: Benchmark };
    for (const fig of await mod.default.run()) report.push({ bench: n, ...fig });
  }
  if (parsed.values.json) {
    process.stdout.write(JSON.stringify({ node: process.version, cpus: (await import("node:os")).cpus().length, results: report }, null, 2) + "\n");
  } else {
    process.stdout.write(toMarkdown(report.map((r) => ({ bench: r.bench, metric: r.metric, value: r.value, unit: r.unit, notes: r.notes ?? "" }))));
  }
  return 0;
}
