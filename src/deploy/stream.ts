/**
 * The production stream: a test split served in time-ordered chunks, with documented, seeded
 * drift events, so that validation performance does not fully predict production performance
 * (the premise of arXiv 2503.22595).
 *
 * Order: the rows are split into a sub-population pool S and the rest R (when a sub-population
 * event is configured; otherwise one pool), each shuffled with the seed. Chunk t takes s_t rows
 * from S and m - s_t from R, in pool order, where s_t = round(share * m) inside the event window
 * and the pool's natural share elsewhere. A pool that runs out is reshuffled and reused (the only
 * case where a test row is served twice).
 *
 * Drift events, each active on chunks with start <= t / chunks < end (fractions of the stream):
 * - "subpopulation": the share of rows matching a predicate (column `lt` / `gte` a number, or
 *   `in` a list of categories) becomes `share` (covariate and prior shift);
 * - "label-noise": recorded labels flip, negatives to positive with probability `toPositive` and
 *   positives to negative with probability `toNegative` (a labelling bug, i.e. concept shift);
 * - "feature-corruption": each listed column is corrupted with probability `rate` per row: a
 *   categorical value becomes "<corrupt>" (unknown to every model); a numeric value is multiplied
 *   by `scale` when given (a unit change upstream, e.g. age in months), else set to
 *   `numericValue` (default 0, like a broken upstream join).
 */
import { Rng } from "../core/rng.js";
import { takeRows, type ColumnTable } from "./tabular.js";

/** A drift event on the fraction [start, end) of the stream's chunks. */
export type DriftEvent =
  | { kind: "subpopulation"; start: number; end: number; column: string; lt?: number; gte?: number; in?: string[]; share: number }
  | { kind: "label-noise"; start: number; end: number; toPositive: number; toNegative?: number }
  | { kind: "feature-corruption"; start: number; end: number; columns: string[]; rate: number; numericValue?: number; scale?: number };

/** Options of {@link buildStream}. */
export interface StreamOptions {
  /** Number of chunks (default 30). */
  chunks?: number;
  /** Requests per chunk (default 500). */
  chunkSize?: number;
  /** Drift events (default none). */
  events?: DriftEvent[];
  /** Seed of the order, the noise and the corruption (default 0). */
  seed?: number;
}

/** A production stream: rows in serving order (drift applied), with chunk boundaries. */
export interface ProductionStream<T extends ColumnTable> {
  /** Rows as served, corrupted where an event says so; `table.label` holds the recorded labels. */
  table: T;
  /** The true labels before label noise. */
  cleanLabel: Uint8Array;
  /** Row index in the source table of each served request. */
  sourceIndex: Int32Array;
  /** chunkStart[t] = first request of chunk t; chunkStart[chunks] = total requests. */
  chunkStart: Int32Array;
  /** Active event indices per chunk. */
  activeEvents: number[][];
}

/** Is chunk t of `chunks` inside the event's window? */
export function eventActive(e: { start: number; end: number }, t: number, chunks: number): boolean {
  const f = t / chunks;
  return f >= e.start && f < e.end;
}

/**
 * Build a production stream from `source` (e.g. the Adult test split).
 * @throws if an option is out of range, an event names an unknown column, has an empty window
 * or a probability outside [0, 1], or more than one sub-population event is given.
 */
export function buildStream<T extends ColumnTable>(source: T, options: StreamOptions = {}): ProductionStream<T> {
  const K = options.chunks ?? 30;
  const m = options.chunkSize ?? 500;
  const events = options.events ?? [];
  const rng = new Rng(options.seed ?? 0);
  if (!(Number.isInteger(K) && K >= 1)) throw new Error(`buildStream: option chunks must be a positive integer, got ${K}`);
  if (!(Number.isInteger(m) && m >= 1)) throw new Error(`buildStream: option chunkSize must be a positive integer, got ${m}`);
  events.forEach((e, i) => checkEvent(e, i, source));
  const subs = events.filter((e) => e.kind === "subpopulation");
  if (subs.length > 1) throw new Error("buildStream: at most one subpopulation event is supported");
  const sub = subs[0] as Extract<DriftEvent, { kind: "subpopulation" }> | undefined;

  // Pools.
  const inSub = new Uint8Array(source.n);
  if (sub) {
    const num = source.numeric[sub.column];
    const cat = source.categorical[sub.column];
    const set = new Set(sub.in ?? []);
    for (let i = 0; i < source.n; i++) {
      let ok = true;
      if (num) {
        if (sub.lt !== undefined) ok = ok && num[i]! < sub.lt;
        if (sub.gte !== undefined) ok = ok && num[i]! >= sub.gte;
      } else if (cat) ok = set.has(cat[i]!);
      inSub[i] = ok ? 1 : 0;
    }
  }
  const poolS: number[] = [];
  const poolR: number[] = [];
  for (let i = 0; i < source.n; i++) (inSub[i] ? poolS : poolR).push(i);
  if (sub && (poolS.length === 0 || poolR.length === 0)) {
    throw new Error(`buildStream: subpopulation event on "${sub.column}" selects ${poolS.length} of ${source.n} rows; both groups must be non-empty`);
  }
  const natural = poolS.length / source.n;
  const draw = makePoolDrawer(rng.split("order"), poolS, poolR);

  const total = K * m;
  const sourceIndex = new Int32Array(total);
  const chunkStart = new Int32Array(K + 1);
  const activeEvents: number[][] = [];
  for (let t = 0; t < K; t++) {
    chunkStart[t] = t * m;
    activeEvents.push(events.map((e, i) => (eventActive(e, t, K) ? i : -1)).filter((i) => i >= 0));
    const share = sub && eventActive(sub, t, K) ? sub.share : natural;
    const s = Math.round(share * m);
    const ids = draw(s, m - s);
    for (let k = 0; k < m; k++) sourceIndex[t * m + k] = ids[k]!;
  }
  chunkStart[K] = total;

  const table = takeRows(source, sourceIndex);
  const cleanLabel = Uint8Array.from(table.label);
  const noise = rng.split("noise");
  const corrupt = rng.split("corrupt");
  for (let t = 0; t < K; t++) {
    for (const ei of activeEvents[t]!) {
      const e = events[ei]!;
      for (let i = chunkStart[t]!; i < chunkStart[t + 1]!; i++) {
        if (e.kind === "label-noise") {
          const p = table.label[i] ? e.toNegative ?? 0 : e.toPositive;
          if (noise.next() < p) table.label[i] = 1 - table.label[i]!;
        } else if (e.kind === "feature-corruption") {
          for (const c of e.columns) {
            if (corrupt.next() >= e.rate) continue;
            if (table.categorical[c]) table.categorical[c]![i] = "<corrupt>";
            else if (e.scale !== undefined) table.numeric[c]![i]! *= e.scale;
            else table.numeric[c]![i] = e.numericValue ?? 0;
          }
        }
      }
    }
  }
  return { table, cleanLabel, sourceIndex, chunkStart, activeEvents };
}

/** Draw s rows from pool S and r from pool R, in shuffled pool order, the whole chunk shuffled. */
function makePoolDrawer(rng: Rng, poolS: number[], poolR: number[]): (s: number, r: number) => number[] {
  const pools = [poolS.slice(), poolR.slice()];
  const pos = [0, 0];
  pools.forEach((p) => rng.shuffle(p));
  const take = (k: number, count: number, out: number[]) => {
    const p = pools[k]!;
    for (let j = 0; j < count; j++) {
      if (pos[k]! >= p.length) {
        rng.shuffle(p);
        pos[k] = 0;
      }
      out.push(p[pos[k]!++]!);
    }
  };
  return (s, r) => {
    const out: number[] = [];
    take(0, s, out);
    take(1, r, out);
    return rng.shuffle(out);
  };
}

function checkEvent(e: DriftEvent, i: number, t: ColumnTable): void {
  const where = `buildStream: events[${i}] (${e.kind})`;
  if (!(e.start >= 0 && e.end <= 1 && e.start < e.end)) throw new Error(`${where}: need 0 <= start < end <= 1, got [${e.start}, ${e.end})`);
  const prob = (name: string, v: number | undefined) => {
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new Error(`${where}: ${name} must be in [0, 1], got ${v}`);
  };
  const known = (c: string) => {
    if (!t.numeric[c] && !t.categorical[c]) throw new Error(`${where}: unknown column "${c}"`);
  };
  if (e.kind === "subpopulation") {
    known(e.column);
    prob("share", e.share);
  } else if (e.kind === "label-noise") {
    prob("toPositive", e.toPositive);
    prob("toNegative", e.toNegative);
  } else {
    e.columns.forEach(known);
    prob("rate", e.rate);
  }
}
