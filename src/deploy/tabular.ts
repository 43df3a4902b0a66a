/**
 * The column-oriented table shape every deployment-study loader returns (Adult, BAF, synthetic
 * BAF): numeric columns as Float64Array, categorical columns as strings, a 0/1 label.
 */
export interface ColumnTable {
  /** Number of rows. */
  n: number;
  numeric: Record<string, Float64Array>;
  categorical: Record<string, string[]>;
  label: Uint8Array;
}

/** Rows `idx` (in that order, repeats allowed) of a table, as a new table with copied columns. */
export function takeRows<T extends ColumnTable>(table: T, idx: ArrayLike<number>): T {
  const numeric: Record<string, Float64Array> = {};
  const categorical: Record<string, string[]> = {};
  for (const [k, col] of Object.entries(table.numeric)) {
    const c = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) c[i] = col[idx[i]!]!;
    numeric[k] = c;
  }
  for (const [k, col] of Object.entries(table.categorical)) {
    const c = new Array<string>(idx.length);
    for (let i = 0; i < idx.length; i++) c[i] = col[idx[i]!]!;
    categorical[k] = c;
  }
  const label = new Uint8Array(idx.length);
  for (let i = 0; i < idx.length; i++) label[i] = table.label[idx[i]!]!;
  return { ...table, n: idx.length, numeric, categorical, label };
}
