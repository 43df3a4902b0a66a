/**
 * Feature encoding for the deployment study: numeric columns standardised with the training mean
 * and standard deviation (optionally after log1p, for heavy-tailed counts such as capital-gain),
 * categorical columns one-hot encoded with the training vocabulary. A missing categorical value
 * (Adult's `?`) is its own category with its own indicator column; a value never seen in training
 * encodes as all zeros in its block (so corrupted or new categories reach the models as "none of
 * the known values").
 */
import type { ColumnTable } from "./tabular.js";

/** A dense row-major matrix of n rows and d columns. */
export interface Matrix {
  data: Float64Array;
  n: number;
  d: number;
}

/** A contiguous group of encoded columns that came from one source column. */
export interface FeatureBlock {
  name: string;
  kind: "numeric" | "categorical";
  /** First encoded column. */
  start: number;
  /** One past the last encoded column. */
  end: number;
}

/** Options of {@link TabularEncoder}. */
export interface EncoderOptions {
  /** Numeric source columns to standardise. */
  numeric: string[];
  /** Categorical source columns to one-hot encode. */
  categorical: string[];
  /** Numeric columns transformed by log1p(max(x, 0)) before standardising (default none). */
  log1p?: string[];
}

/**
 * A fitted encoder from a {@link ColumnTable} to a {@link Matrix}.
 * @throws (fit/transform) if a listed column is absent from the table.
 * @example
 * const enc = TabularEncoder.fit(train, { numeric: ["age"], categorical: ["sex"] });
 * const X = enc.transform(test);
 */
export class TabularEncoder {
  /** Encoded column names ("age", "sex=Male", ...). */
  readonly names: string[];
  /** Source-column blocks, in encoded order. */
  readonly blocks: FeatureBlock[];
  readonly d: number;

  private constructor(
    private readonly options: EncoderOptions,
    private readonly mean: Float64Array,
    private readonly std: Float64Array,
    private readonly vocab: Map<string, number>[],
  ) {
    this.names = [];
    this.blocks = [];
    let col = 0;
    options.numeric.forEach((name) => {
      this.names.push(name);
      this.blocks.push({ name, kind: "numeric", start: col, end: col + 1 });
      col++;
    });
    options.categorical.forEach((name, j) => {
      const start = col;
      for (const v of vocab[j]!.keys()) {
        this.names.push(`${name}=${v}`);
        col++;
      }
      this.blocks.push({ name, kind: "categorical", start, end: col });
    });
    this.d = col;
  }

  /** Learn means, standard deviations and vocabularies from `table`. */
  static fit(table: ColumnTable, options: EncoderOptions): TabularEncoder {
    const logCols = new Set(options.log1p ?? []);
    const mean = new Float64Array(options.numeric.length);
    const std = new Float64Array(options.numeric.length);
    options.numeric.forEach((name, j) => {
      const col = numericColumn(table, name);
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < table.n; i++) {
        const x = logCols.has(name) ? Math.log1p(Math.max(col[i]!, 0)) : col[i]!;
        s += x;
        s2 += x * x;
      }
      const m = s / Math.max(table.n, 1);
      const v = s2 / Math.max(table.n, 1) - m * m;
      mean[j] = m;
      std[j] = v > 1e-12 ? Math.sqrt(v) : 1;
    });
    const vocab = options.categorical.map((name) => {
      const col = categoricalColumn(table, name);
      const values = Array.from(new Set(col)).sort();
      return new Map(values.map((v, k) => [v, k] as [string, number]));
    });
    return new TabularEncoder(options, mean, std, vocab);
  }

  /** Encode `table` (same columns as the fitting table). */
  transform(table: ColumnTable): Matrix {
    const { n } = table;
    const d = this.d;
    const data = new Float64Array(n * d);
    const logCols = new Set(this.options.log1p ?? []);
    this.options.numeric.forEach((name, j) => {
      const col = numericColumn(table, name);
      const m = this.mean[j]!;
      const s = this.std[j]!;
      const lg = logCols.has(name);
      for (let i = 0; i < n; i++) {
        const x = lg ? Math.log1p(Math.max(col[i]!, 0)) : col[i]!;
        data[i * d + j] = (x - m) / s;
      }
    });
    this.options.categorical.forEach((name, j) => {
      const col = categoricalColumn(table, name);
      const block = this.blocks[this.options.numeric.length + j]!;
      const map = this.vocab[j]!;
      for (let i = 0; i < n; i++) {
        const k = map.get(col[i]!);
        if (k !== undefined) data[i * d + block.start + k] = 1;
      }
    });
    return { data, n, d };
  }
}

function numericColumn(table: ColumnTable, name: string): Float64Array {
  const col = table.numeric[name];
  if (!col) throw new Error(`TabularEncoder: numeric column "${name}" is not in the table`);
  return col;
}

function categoricalColumn(table: ColumnTable, name: string): string[] {
  const col = table.categorical[name];
  if (!col) throw new Error(`TabularEncoder: categorical column "${name}" is not in the table`);
  return col;
}
