/**
 * Tables as Markdown and CSV from plain rows (every row an object of numbers, strings, booleans or
 * null). Columns are the union of the rows' keys in first-seen order. Numbers are written with
 * `formatNumber` in Markdown (for reading) and in full precision in CSV (for re-analysis).
 */
import type { Row } from "../experiments/types.js";

/** Column names: the union of keys in first-seen order. */
export function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** A readable number: integers as is, others with 4 significant digits, NaN as "NaN". */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

function cellText(v: Row[string] | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return formatNumber(v);
  return String(v);
}

/** A GitHub-flavoured Markdown table. */
export function toMarkdown(rows: readonly Row[]): string {
  const cols = columnsOf(rows);
  if (cols.length === 0) return "_(no rows)_\n";
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [
    `| ${cols.map(esc).join(" | ")} |`,
    `| ${cols.map((c) => (rows.some((r) => typeof r[c] === "number") ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${cols.map((c) => esc(cellText(r[c]))).join(" | ")} |`),
  ];
  return lines.join("\n") + "\n";
}

/** RFC 4180 CSV with a header line; numbers in full precision (shortest round-trip form). */
export function toCsv(rows: readonly Row[]): string {
  const cols = columnsOf(rows);
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const cell = (v: Row[string] | undefined) => (v === null || v === undefined ? "" : quote(String(v)));
  return [cols.map(quote).join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}
