import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BAF_COLUMNS, loadBaf, parseBaf } from "../../src/data/baf.js";
import { BAF_MONTHLY_FRAUD_RATE, bafToCsv, generateSyntheticBaf } from "../../src/data/bafSynthetic.js";

const dataDir = process.env.DEPLOYLAB_DATA ?? fileURLToPath(new URL("../../../shared/data", import.meta.url));
const schema = JSON.parse(readFileSync(join(dataDir, "baf", "schema.json"), "utf8")) as {
  columns: { name: string; type: string; range?: [number, number]; values?: string[] }[];
  fraud_rate_by_month_reported: Record<string, number>;
};

describe("BAF schema and loader", () => {
  it("the loader's columns equal the datasheet schema (names, types, categories)", () => {
    expect(BAF_COLUMNS.map((c) => [c.name, c.type, c.values ?? null])).toEqual(
      schema.columns.map((c) => [c.name, c.type, c.values ?? null]),
    );
  });

  it("reports a missing column with file, line 1 and field", () => {
    const csv = bafToCsv(generateSyntheticBaf({ rowsPerMonth: 5, months: 1 }));
    const header = csv.split("\n")[0]!.replace("velocity_6h,", "");
    const body = csv.split("\n").slice(1).map((l) => l.split(",").filter((_, j) => j !== 10).join(",")).join("\n");
    expect(() => parseBaf(`${header}\n${body}`, "Base.csv")).toThrow('Base.csv line 1 (header), field "velocity_6h": missing column');
  });

  it("reports a bad value with file, line and field", () => {
    const lines = bafToCsv(generateSyntheticBaf({ rowsPerMonth: 5, months: 1 })).split("\n");
    const cells = lines[3]!.split(",");
    cells[1] = "high";
    lines[3] = cells.join(",");
    expect(() => parseBaf(lines.join("\n"), "Base.csv")).toThrow('Base.csv line 4, field "income": expected a number, got "high"');
    cells[1] = "0.5";
    cells[0] = "2";
    lines[3] = cells.join(",");
    expect(() => parseBaf(lines.join("\n"), "Base.csv")).toThrow('Base.csv line 4, field "fraud_bool": expected 0 or 1, got "2"');
  });

  it("reads a CSV file back identically, columns in any order", async () => {
    const t = generateSyntheticBaf({ seed: 4, rowsPerMonth: 50, months: 2 });
    const dir = mkdtempSync(join(tmpdir(), "baf-"));
    const lines = bafToCsv(t).trim().split("\n").map((l) => l.split(","));
    const swapped = lines.map((cells) => [cells[5]!, ...cells.slice(0, 5), ...cells.slice(6)].join(","));
    writeFileSync(join(dir, "Base.csv"), swapped.join("\r\n") + "\r\n");
    const back = await loadBaf(join(dir, "Base.csv"));
    expect(back.n).toBe(t.n);
    expect(back.synthetic).toBe(false);
    expect(Array.from(back.label)).toEqual(Array.from(t.label));
    expect(Array.from(back.month)).toEqual(Array.from(t.month));
    expect(Array.from(back.numeric["velocity_6h"]!)).toEqual(Array.from(t.numeric["velocity_6h"]!));
    expect(back.categorical["device_os"]).toEqual(t.categorical["device_os"]);
    expect((await loadBaf(join(dir, "Base.csv"), { maxRows: 7 })).n).toBe(7);
  });

  it("names the path when the file cannot be read", async () => {
    await expect(loadBaf("/no/such/Base.csv")).rejects.toThrow(/\/no\/such\/Base\.csv/);
  });
});

describe("synthetic BAF generator", () => {
  const t = generateSyntheticBaf({ seed: 1, rowsPerMonth: 20000 });

  it("is labelled synthetic and seeded", () => {
    expect(t.synthetic).toBe(true);
    expect(t.source).toBe("synthetic (seed 1)");
    const a = generateSyntheticBaf({ seed: 2, rowsPerMonth: 300 });
    const b = generateSyntheticBaf({ seed: 2, rowsPerMonth: 300 });
    expect(Array.from(a.label)).toEqual(Array.from(b.label));
    expect(Array.from(a.numeric["credit_risk_score"]!)).toEqual(Array.from(b.numeric["credit_risk_score"]!));
    const c = generateSyntheticBaf({ seed: 3, rowsPerMonth: 300 });
    expect(Array.from(c.numeric["credit_risk_score"]!)).not.toEqual(Array.from(a.numeric["credit_risk_score"]!));
  });

  it("keeps every value inside the datasheet's ranges and categories", () => {
    for (const col of schema.columns) {
      if (col.name === "fraud_bool" || col.name === "month") continue;
      if (col.values) {
        const allowed = new Set(col.values);
        expect(t.categorical[col.name]!.every((v) => allowed.has(v)), col.name).toBe(true);
      } else if (col.range) {
        const [lo, hi] = col.range;
        const v = t.numeric[col.name]!;
        expect(v.every((x) => x >= lo && x <= hi), col.name).toBe(true);
      } else {
        expect(t.numeric[col.name]!.every((x) => x === 0 || x === 1), col.name).toBe(true);
      }
    }
  });

  it("has about 1.1% fraud and follows the monthly rates", () => {
    const rate = t.label.reduce((a, b) => a + b, 0) / t.n;
    expect(rate).toBeGreaterThan(0.0095);
    expect(rate).toBeLessThan(0.0125);
    for (let m = 0; m < 8; m++) {
      let f = 0;
      for (let i = m * 20000; i < (m + 1) * 20000; i++) f += t.label[i]!;
      // Binomial sd at 20,000 rows is about 0.0008.
      expect(Math.abs(f / 20000 - BAF_MONTHLY_FRAUD_RATE[m]!)).toBeLessThan(0.003);
    }
  });

  it("drifts by month: velocity_6h falls and the fraud signature changes", () => {
    const meanOf = (col: Float64Array, m: number) => {
      let s = 0;
      for (let i = m * 20000; i < (m + 1) * 20000; i++) s += col[i]!;
      return s / 20000;
    };
    expect(meanOf(t.numeric["velocity_6h"]!, 7)).toBeLessThan(meanOf(t.numeric["velocity_6h"]!, 0) - 1000);
    // Fraud rate among device_os=windows relative to others grows with the concept drift.
    const lift = (months: number[]) => {
      let fw = 0, nw = 0, fo = 0, no = 0;
      for (let i = 0; i < t.n; i++) {
        if (!months.includes(t.month[i]!)) continue;
        if (t.categorical["device_os"]![i] === "windows") { nw++; fw += t.label[i]!; } else { no++; fo += t.label[i]!; }
      }
      return fw / nw / (fo / no);
    };
    expect(lift([6, 7])).toBeGreaterThan(lift([0, 1]) * 1.3);
  });

  it("rejects bad options with the option's name", () => {
    expect(() => generateSyntheticBaf({ months: 9 })).toThrow(/months/);
    expect(() => generateSyntheticBaf({ rowsPerMonth: 0 })).toThrow(/rowsPerMonth/);
    expect(() => generateSyntheticBaf({ fraudRateByMonth: [0.5, 2], months: 2 })).toThrow(/fraudRateByMonth\[1\]/);
  });
});
