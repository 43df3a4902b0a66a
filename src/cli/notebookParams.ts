/**
 * The `parameters` cell: the first code cell tagged "parameters" holds lines
 * `const name = <JSON literal>; // comment`. The headless runner replaces values in place
 * (rather than appending a cell, as papermill does) so the notebook reads the same either way.
 */
import { UserError } from "../core/errors.js";

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[]; [k: string]: unknown };
  outputs?: unknown[];
  execution_count?: number | null;
  [k: string]: unknown;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export type ParamValue = number | string | boolean | null | ParamValue[] | { [k: string]: ParamValue };

const LINE = /^(\s*(?:const|let)\s+)([A-Za-z_$][\w$]*)(\s*(?::[^=]+)?=\s*)(.*?)(\s*;?\s*(?:\/\/.*)?)$/;

function sourceText(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Index of the parameters cell, or -1. */
export function parametersCellIndex(nb: Notebook): number {
  return nb.cells.findIndex((c) => c.cell_type === "code" && (c.metadata?.tags ?? []).includes("parameters"));
}

/** The parameters declared in the notebook's parameters cell, by name. */
export function readParameters(nb: Notebook, file: string): Map<string, ParamValue> {
  const index = parametersCellIndex(nb);
  const params = new Map<string, ParamValue>();
  if (index < 0) return params;
  sourceText(nb.cells[index]!).split("\n").forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith("//")) return;
    const m = LINE.exec(line);
    if (!m) throw new UserError(`${file}: parameters cell line ${i + 1} is not "const name = <JSON value>;": ${line.trim()}`);
    try {
      params.set(m[2]!, JSON.parse(m[4]!) as ParamValue);
    } catch {
      throw new UserError(`${file}: parameters cell line ${i + 1}: the value of "${m[2]}" is not a JSON literal: ${m[4]}`);
    }
  });
  return params;
}

/** Parse `-p key=value` texts: the value as JSON when it parses, else as a string. */
export function parseParamArgs(texts: string[]): Map<string, ParamValue> {
  const out = new Map<string, ParamValue>();
  for (const t of texts) {
    const eq = t.indexOf("=");
    if (eq <= 0) throw new UserError(`-p expects key=value, got "${t}"`);
    const key = t.slice(0, eq);
    const raw = t.slice(eq + 1);
    let value: ParamValue;
    try {
      value = JSON.parse(raw) as ParamValue;
    } catch {
      value = raw;
    }
    out.set(key, value);
  }
  return out;
}

/**
 * A copy of `nb` with the given parameter values written into its parameters cell.
 * @throws UserError naming the notebook and parameter when a name is not declared there or the
 *   value's type differs from the declared one.
 */
export function injectParameters(nb: Notebook, values: Map<string, ParamValue>, file: string): Notebook {
  if (values.size === 0) return nb;
  const index = parametersCellIndex(nb);
  if (index < 0) throw new UserError(`${file} has no cell tagged "parameters"; cannot set ${[...values.keys()].join(", ")}`);
  const declared = readParameters(nb, file);
  for (const [k, v] of values) {
    if (!declared.has(k)) throw new UserError(`${file}: unknown parameter "${k}"; the parameters cell declares ${[...declared.keys()].join(", ")}`);
    const was = declared.get(k)!;
    // A parameter declared null ("none unless given") takes a value of any type.
    if (was !== null && typeOf(was) !== typeOf(v)) throw new UserError(`${file}: parameter "${k}" expects a ${typeOf(was)}, got ${JSON.stringify(v)}`);
  }
  const lines = sourceText(nb.cells[index]!).split("\n").map((line) => {
    const m = LINE.exec(line);
    if (!m || !values.has(m[2]!)) return line;
    return `${m[1]}${m[2]}${m[3]}${JSON.stringify(values.get(m[2]!))}${m[5]}`;
  });
  const cells = nb.cells.map((c, i) => (i === index ? { ...c, source: lines.join("\n") } : c));
  return { ...nb, cells };
}

function typeOf(v: ParamValue): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  return typeof v;
}
