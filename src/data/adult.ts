/**
 * Loader for UCI Adult / Census Income (Becker & Kohavi 1996, CC BY 4.0, doi:10.24432/C5XW20):
 * `adult.data` (32,561 training rows) and `adult.test` (16,281 test rows).
 *
 * Format: no header, 15 comma-separated fields (", " in the UCI files); missing values are `?`
 * (only in workclass, occupation and native-country); `adult.test` starts with the junk line
 * `|1x3 Cross validator` and its labels carry a trailing dot (`<=50K.`). Missing categorical values
 * are kept as the category "?" (the encoder gives it its own indicator column); a `?` in a numeric
 * field is an error.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { resolveDataset } from "./resolve.js";

/** The 15 Adult columns in file order. */
export const ADULT_COLUMNS = [
  "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
  "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
  "income",
] as const;

/** Numeric Adult columns. */
export const ADULT_NUMERIC = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"] as const;

/** Categorical Adult columns (the label "income" excluded). */
export const ADULT_CATEGORICAL = [
  "workclass", "education", "marital-status", "occupation", "relationship", "race", "sex", "native-country",
] as const;

/** A column-oriented table of Adult rows; `label` is 1 for income >50K. */
export interface AdultTable {
  /** Number of rows. */
  n: number;
  numeric: Record<string, Float64Array>;
  categorical: Record<string, string[]>;
  label: Uint8Array;
  /** File the rows came from (for messages). */
  file: string;
}

/**
 * Parse the text of adult.data or adult.test. Blank lines and lines starting with `|` are skipped.
 * @param file name used in error messages.
 * @throws Error naming file, line and field for a row with the wrong number of fields, a
 * non-numeric numeric field, or a label other than `<=50K` / `>50K` (optionally with a dot).
 */
export function parseAdult(text: string, file: string): AdultTable {
  const numeric: Record<string, number[]> = {};
  const categorical: Record<string, string[]> = {};
  for (const c of ADULT_NUMERIC) numeric[c] = [];
  for (const c of ADULT_CATEGORICAL) categorical[c] = [];
  const label: number[] = [];
  const lines = text.split("\n");
  for (let li = 0; li < lines.length; li++) {
    const raw = lines[li]!.replace(/\r$/, "");
    const line = raw.trim();
    if (line === "" || line.startsWith("|")) continue;
    const where = `${file} line ${li + 1}`;
    const fields = line.split(",").map((f) => f.trim());
    if (fields.length !== ADULT_COLUMNS.length) {
      const field = ADULT_COLUMNS[Math.min(fields.length, ADULT_COLUMNS.length - 1)];
      throw new Error(`${where}, field "${field}": expected ${ADULT_COLUMNS.length} fields, got ${fields.length}`);
    }
    for (let j = 0; j < ADULT_COLUMNS.length; j++) {
      const name = ADULT_COLUMNS[j]!;
      const value = fields[j]!;
      if (name === "income") {
        const v = value.endsWith(".") ? value.slice(0, -1) : value;
        if (v === ">50K") label.push(1);
        else if (v === "<=50K") label.push(0);
        else throw new Error(`${where}, field "income": expected <=50K or >50K, got "${value}"`);
      } else if (name in numeric) {
        const x = value === "" ? NaN : Number(value);
        if (!Number.isFinite(x)) throw new Error(`${where}, field "${name}": expected a number, got "${value}"`);
        numeric[name]!.push(x);
      } else {
        if (value === "") throw new Error(`${where}, field "${name}": empty value (missing values are written "?")`);
        categorical[name]!.push(value);
      }
    }
  }
  const out: AdultTable = { n: label.length, numeric: {}, categorical, label: Uint8Array.from(label), file };
  for (const c of ADULT_NUMERIC) out.numeric[c] = Float64Array.from(numeric[c]!);
  return out;
}


/**
 * Load the training and test splits of Adult from `dir` (default: `resolveDataset("adult")`, i.e.
 * DEPLOYLAB_DATA, the cache, or a verified download).
 * @throws if a file is missing or malformed (message names file, line and field).
 */
export async function loadAdult(dir?: string): Promise<{ train: AdultTable; test: AdultTable; dir: string }> {
  const d = dir ?? (await resolveDataset("adult"));
  const read = async (name: string) => {
    const path = join(d, name);
    try {
      return await readFile(path, "utf8");
    } catch (e) {
      throw new Error(`Adult: cannot read ${path} (${(e as Error).message}); set DEPLOYLAB_DATA to the data directory`);
    }
  };
  const [trainText, testText] = await Promise.all([read("adult.data"), read("adult.test")]);
  return { train: parseAdult(trainText, join(d, "adult.data")), test: parseAdult(testText, join(d, "adult.test")), dir: d };
}
