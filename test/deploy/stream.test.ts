import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { buildStream, type DriftEvent } from "../../src/deploy/stream.js";
import type { ColumnTable } from "../../src/deploy/tabular.js";

function source(n: number): ColumnTable {
  const rng = new Rng(1);
  const age = Float64Array.from({ length: n }, () => 18 + rng.int(60));
  const job = Array.from({ length: n }, () => (rng.next() < 0.5 ? "x" : "y"));
  const label = Uint8Array.from({ length: n }, () => (rng.next() < 0.25 ? 1 : 0));
  return { n, numeric: { age }, categorical: { job }, label };
}
const src = source(6000);
const events: DriftEvent[] = [
  { kind: "subpopulation", start: 0.2, end: 0.4, column: "age", lt: 30, share: 0.8 },
  { kind: "label-noise", start: 0.5, end: 0.6, toPositive: 0.5 },
  { kind: "feature-corruption", start: 0.8, end: 1, columns: ["job", "age"], rate: 1 },
];

describe("production stream", () => {
  const s = buildStream(src, { chunks: 10, chunkSize: 500, events, seed: 3 });
  const chunk = (t: number) => Array.from({ length: 500 }, (_, k) => t * 500 + k);

  it("serves chunks of the requested size with their active events", () => {
    expect(Array.from(s.chunkStart)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);
    expect(s.activeEvents[0]).toEqual([]);
    expect(s.activeEvents[2]).toEqual([0]);
    expect(s.activeEvents[5]).toEqual([1]);
    expect(s.activeEvents[9]).toEqual([2]);
  });

  it("over-represents the sub-population only inside its window", () => {
    const young = (t: number) => chunk(t).filter((i) => src.numeric["age"]![s.sourceIndex[i]!]! < 30).length / 500;
    expect(young(2)).toBeCloseTo(0.8, 6);
    expect(young(3)).toBeCloseTo(0.8, 6);
    expect(young(0)).toBeLessThan(0.3);
    expect(young(6)).toBeLessThan(0.3);
  });

  it("flips labels only inside the label-noise window", () => {
    const flips = (t: number) => chunk(t).filter((i) => s.table.label[i] !== s.cleanLabel[i]).length;
    expect(flips(0)).toBe(0);
    expect(flips(4)).toBe(0);
    expect(flips(5)).toBeGreaterThan(150); // about half of ~375 negatives
  });

  it("corrupts features only inside the corruption window", () => {
    expect(chunk(7).every((i) => s.table.categorical["job"]![i] !== "<corrupt>")).toBe(true);
    expect(chunk(8).every((i) => s.table.categorical["job"]![i] === "<corrupt>" && s.table.numeric["age"]![i] === 0)).toBe(true);
    const scaled = buildStream(src, { chunks: 2, chunkSize: 100, events: [{ kind: "feature-corruption", start: 0.5, end: 1, columns: ["age"], rate: 1, scale: 12 }] });
    expect(scaled.table.numeric["age"]![150]).toBe(12 * src.numeric["age"]![scaled.sourceIndex[150]!]!);
    expect(scaled.table.numeric["age"]![50]).toBe(src.numeric["age"]![scaled.sourceIndex[50]!]!);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const again = buildStream(src, { chunks: 10, chunkSize: 500, events, seed: 3 });
    expect(Array.from(again.sourceIndex)).toEqual(Array.from(s.sourceIndex));
    expect(Array.from(again.table.label)).toEqual(Array.from(s.table.label));
    const other = buildStream(src, { chunks: 10, chunkSize: 500, events, seed: 4 });
    expect(Array.from(other.sourceIndex)).not.toEqual(Array.from(s.sourceIndex));
  });

  it("does not repeat a row while the pools last", () => {
    const plain = buildStream(src, { chunks: 12, chunkSize: 500, seed: 1 });
    expect(new Set(plain.sourceIndex).size).toBe(6000);
  });

  it("rejects malformed events, naming the event and the problem", () => {
    expect(() => buildStream(src, { events: [{ kind: "label-noise", start: 0.5, end: 0.4, toPositive: 0.1 }] })).toThrow(/events\[0\] \(label-noise\): need 0 <= start < end <= 1/);
    expect(() => buildStream(src, { events: [{ kind: "feature-corruption", start: 0, end: 1, columns: ["salary"], rate: 0.5 }] })).toThrow(/unknown column "salary"/);
    expect(() => buildStream(src, { events: [{ kind: "subpopulation", start: 0, end: 1, column: "age", lt: 30, share: 1.5 }] })).toThrow(/share must be in \[0, 1\]/);
    expect(() => buildStream(src, { chunks: 0 })).toThrow(/chunks/);
  });
});
