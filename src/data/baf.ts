/**
 * Loader for the Bank Account Fraud (BAF) suite's `Base.csv` (Jesus et al. 2022, "Turning the
 * Tables: Biased, Imbalanced, Dynamic Tabular Datasets for ML Evaluation", NeurIPS Datasets &
 * Benchmarks). The data is CC BY-NC-ND 4.0 and is never shipped: users download Base.csv
 * themselves (Kaggle: sgpjesus/bank-account-fraud-dataset-neurips-2022) and pass its path.
 *
 * The schema below mirrors the public datasheet (../shared/data/baf/schema.json): 32 columns,
 * label `fraud_bool`, `month` 0-7, 1,000,000 rows, fraud rate about 1.1%. Binary columns are read
 * as numeric 0/1; `-1` (or negative) values that the datasheet calls missing are kept as numbers.
 */
import { readFile } from "node:fs/promises";

/** One BAF column: name, type and (categorical) the known values. */
export interface BafColumn {
  name: string;
  type: "binary" | "numeric" | "categorical";
  values?: string[];
}

/** The 32 Base.csv columns in datasheet order. */
export const BAF_COLUMNS: BafColumn[] = [
  { name: "fraud_bool", type: "binary" },
  { name: "income", type: "numeric" },
  { name: "name_email_similarity", type: "numeric" },
  { name: "prev_address_months_count", type: "numeric" },
  { name: "current_address_months_count", type: "numeric" },
  { name: "customer_age", type: "numeric" },
  { name: "days_since_request", type: "numeric" },
  { name: "intended_balcon_amount", type: "numeric" },
  { name: "payment_type", type: "categorical", values: ["AA", "AB", "AC", "AD", "AE"] },
  { name: "zip_count_4w", type: "numeric" },
  { name: "velocity_6h", type: "numeric" },
  { name: "velocity_24h", type: "numeric" },
  { name: "velocity_4w", type: "numeric" },
  { name: "bank_branch_count_8w", type: "numeric" },
  { name: "date_of_birth_distinct_emails_4w", type: "numeric" },
  { name: "employment_status", type: "categorical", values: ["CA", "CB", "CC", "CD", "CE", "CF", "CG"] },
  { name: "credit_risk_score", type: "numeric" },
  { name: "email_is_free", type: "binary" },
  { name: "housing_status", type: "categorical", values: ["BA", "BB", "BC", "BD", "BE", "BF", "BG"] },
  { name: "phone_home_valid", type: "binary" },
  { name: "phone_mobile_valid", type: "binary" },
  { name: "bank_months_count", type: "numeric" },
  { name: "has_other_cards", type: "binary" },
  { name: "proposed_credit_limit", type: "numeric" },
  { name: "foreign_request", type: "binary" },
  { name: "source", type: "categorical", values: ["INTERNET", "TELEAPP"] },
  { name: "session_length_in_minutes", type: "numeric" },
  { name: "device_os", type: "categorical", values: ["windows", "macintosh", "linux", "x11", "other"] },
  { name: "keep_alive_session", type: "binary" },
  { name: "device_distinct_emails_8w", type: "numeric" },
  { name: "device_fraud_count", type: "numeric" },
  { name: "month", type: "numeric" },
];

/** Numeric and binary feature columns (label and month excluded). */
export const BAF_NUMERIC_FEATURES = BAF_COLUMNS.filter(
  (c) => c.type !== "categorical" && c.name !== "fraud_bool" && c.name !== "month",
).map((c) => c.name);

/** Categorical feature columns. */
export const BAF_CATEGORICAL_FEATURES = BAF_COLUMNS.filter((c) => c.type === "categorical").map((c) => c.name);

/** A column-oriented BAF table; `label` is fraud_bool, `month` the application month (0-7). */
export interface BafTable {
  n: number;
  numeric: Record<string, Float64Array>;
  categorical: Record<string, string[]>;
  label: Uint8Array;
  month: Int32Array;
  /** True for tables made by the synthetic generator: every output using one says "synthetic". */
  synthetic: boolean;
  /** Where the rows came from: a file path or "synthetic (seed N)". */
  source: string;
}

/** Options of {@link parseBaf} / {@link loadBaf}. */
export interface BafLoadOptions {
  /** Keep only the first `maxRows` data rows (default: all). */
  maxRows?: number;
}

/**
 * Parse the text of a BAF CSV (header line first; columns in any order; extra columns ignored).
 * @param file name used in error messages.
 * @throws Error naming the file, line and field for a missing column (line 1), a row with too few
 * fields, a value that is not a number in a numeric column, a binary value other than 0/1, or a
 * label or month out of range.
 */
export function parseBaf(text: string, file: string, options: BafLoadOptions = {}): BafTable {
  const maxRows = options.maxRows ?? Infinity;
  if (!(maxRows > 0)) throw new Error(`parseBaf: option maxRows must be > 0, got ${maxRows}`);
  let pos = 0;
  const nextLine = (): string | null => {
    if (pos >= text.length) return null;
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    let line = text.slice(pos, end);
    pos = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    return line;
  };
  const unquote = (s: string) => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s).trim();
  const header = nextLine();
  if (header === null || header.trim() === "") throw new Error(`${file} line 1: empty file, expected a header row`);
  const names = header.split(",").map(unquote);
  const colIndex = new Map<string, number>();
  names.forEach((n, i) => colIndex.set(n, i));
  for (const c of BAF_COLUMNS) {
    if (!colIndex.has(c.name)) throw new Error(`${file} line 1 (header), field "${c.name}": missing column`);
  }
  const numeric: Record<string, number[]> = {};
  const categorical: Record<string, string[]> = {};
  for (const c of BAF_COLUMNS) {
    if (c.type === "categorical") categorical[c.name] = [];
    else numeric[c.name] = [];
  }
  const cols = BAF_COLUMNS.map((c) => ({ ...c, idx: colIndex.get(c.name)! }));
  const needed = Math.max(...cols.map((c) => c.idx)) + 1;
  let lineNo = 1;
  let rows = 0;
  for (let line = nextLine(); line !== null && rows < maxRows; line = nextLine()) {
    lineNo++;
    if (line.trim() === "") continue;
    const fields = line.split(",");
    if (fields.length < needed) {
      const missing = cols.find((c) => c.idx >= fields.length)!;
      throw new Error(`${file} line ${lineNo}, field "${missing.name}": row has ${fields.length} fields, header has ${names.length}`);
    }
    for (const c of cols) {
      const v = unquote(fields[c.idx]!);
      if (c.type === "categorical") {
        if (v === "") throw new Error(`${file} line ${lineNo}, field "${c.name}": empty value`);
        categorical[c.name]!.push(v);
        continue;
      }
      const x = v === "" ? NaN : Number(v);
      if (!Number.isFinite(x)) throw new Error(`${file} line ${lineNo}, field "${c.name}": expected a number, got "${v}"`);
      if (c.type === "binary" && x !== 0 && x !== 1) {
        throw new Error(`${file} line ${lineNo}, field "${c.name}": expected 0 or 1, got "${v}"`);
      }
      if (c.name === "month" && !(Number.isInteger(x) && x >= 0 && x <= 7)) {
        throw new Error(`${file} line ${lineNo}, field "month": expected an integer 0-7, got "${v}"`);
      }
      numeric[c.name]!.push(x);
    }
    rows++;
  }
  const out: BafTable = {
    n: rows,
    numeric: {},
    categorical,
    label: Uint8Array.from(numeric["fraud_bool"]!),
    month: Int32Array.from(numeric["month"]!),
    synthetic: false,
    source: file,
  };
  for (const name of BAF_NUMERIC_FEATURES) out.numeric[name] = Float64Array.from(numeric[name]!);
  return out;
}

/**
 * Read a user-supplied Base.csv (or another BAF variant with the same schema).
 * @throws if the file cannot be read or is malformed (message names file, line and field).
 */
export async function loadBaf(path: string, options: BafLoadOptions = {}): Promise<BafTable> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`BAF: cannot read ${path} (${(e as Error).message}); download Base.csv yourself (CC BY-NC-ND 4.0) and pass its path`);
  }
  return parseBaf(text, path, options);
}
