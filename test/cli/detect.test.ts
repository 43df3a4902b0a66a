import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectCommand } from "../../src/cli/detect.js";
import { UserError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";

const dir = mkdtempSync(join(tmpdir(), "detect-"));
function csvFile(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const rng = new Rng(1);
const rows = Array.from({ length: 24 * 20 }, (_, i) => {
  let v = 100 + 10 * Math.sin((2 * Math.PI * i) / 24) + rng.normal(0, 1);
  if (i === 300) v = 180;
  return `2024-01-01T${String(i).padStart(4, "0")},${v.toFixed(3)},${i % 7}`;
});
const good = csvFile("good.csv", ["timestamp,latency,other", ...rows].join("\n") + "\n");

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await detectCommand(argv, (s) => {
    out += s;
  });
  return { code, out };
}

describe("deploylab detect", () => {
  it("prints {anomalies} with --json for shesd", async () => {
    const { code, out } = await run(["shesd", good, "--column", "latency", "--period", "24", "--max-anoms", "0.02", "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { anomalies: number[] };
    expect(parsed.anomalies).toContain(300);
  });

  it("prints flagged rows with index, timestamp, value and score", async () => {
    const { code, out } = await run(["shesd", good, "--column", "latency", "--period", "24", "--max-anoms", "0.02"]);
    expect(code).toBe(0);
    const lines = out.trim().split("\n");
    expect(lines[0]).toMatch(/^index\s+timestamp\s+latency\s+score$/);
    expect(lines.some((l) => /^300\s+2024-01-01T0300\s+180\s+\d+\.\d{4}$/.test(l))).toBe(true);
  });

  it("runs ewma on the same file and flags the spike", async () => {
    const { out } = await run(["ewma", good, "--column", "latency", "--json", "--alpha", "0.1", "--sigmas", "4"]);
    expect((JSON.parse(out) as { anomalies: number[] }).anomalies).toContain(300);
  });

  it("fails clearly on a missing column, a missing period, bad numbers and NaN for shesd", async () => {
    await expect(run(["shesd", good, "--column", "nope", "--period", "24"])).rejects.toThrow(/no column named "nope" \(columns: timestamp, latency, other\)/);
    await expect(run(["shesd", good, "--column", "latency"])).rejects.toThrow(/--period N is required/);
    await expect(run(["shesd", good, "--column", "latency", "--period", "0"])).rejects.toThrow(/period must be an integer >= 2/);
    await expect(run(["shesd", good, "--column", "latency", "--period", "24", "--max-anoms", "0.7"])).rejects.toThrow(/maxAnoms must be in \(0, 0.49\]/);
    await expect(run(["shesd", good, "--column", "latency", "--period", "x"])).rejects.toThrow(/--period must be a number/);
    await expect(run(["shesd", good, "--column", "latency", "--period", "400"])).rejects.toThrow(/more than two periods/);
    const gap = csvFile("gap.csv", "timestamp,value\n" + Array.from({ length: 60 }, (_, i) => `t${i},${i === 30 ? "" : i % 5}`).join("\n"));
    await expect(run(["shesd", gap, "--period", "5"])).rejects.toThrow(/line 32: column "value" is missing/);
    const bad = csvFile("bad.csv", "timestamp,value\nt0,1\nt1,oops\n");
    await expect(run(["ewma", bad])).rejects.toThrow(/bad.csv line 3: column "value" holds "oops", not a number/);
    await expect(run(["ewma", join(dir, "absent.csv")])).rejects.toThrow(UserError);
    await expect(run(["frob", good])).rejects.toThrow(/unknown method "frob"/);
    await expect(run(["ewma", good, "--nope", "1"])).rejects.toThrow(/unknown option --nope/);
  });

  it("runs the hybrid (EWMA + VAE) and the VAE trained on the first 15% and flags the spike", async () => {
    const hybrid = JSON.parse((await run(["hybrid", good, "--column", "latency", "--json"])).out) as { anomalies: number[] };
    expect(hybrid.anomalies).toContain(300);
    expect(hybrid.anomalies.length).toBeLessThan(20);
    expect(hybrid.anomalies.every((i) => i >= Math.floor(480 * 0.15))).toBe(true);
    const vae = JSON.parse((await run(["vae", good, "--column", "latency", "--json", "--train-fraction", "0.3"])).out) as { anomalies: number[] };
    expect(vae.anomalies).toContain(300);
    await expect(run(["hybrid", good, "--column", "latency", "--train-fraction", "0.02"])).rejects.toThrow(/hybrid: probation = 9 is too short.*the first 9 rows are its training period/);
    await expect(run(["vae", good, "--column", "latency", "--train-fraction", "0.02"])).rejects.toThrow(/vae: training on the first 9 rows failed/);
  });

  it("lets ewma skip missing values", async () => {
    const gap = csvFile("gap2.csv", "value\n" + Array.from({ length: 100 }, (_, i) => (i === 50 ? "NA" : i === 80 ? "50" : String(i % 3))).join("\n"));
    const { out } = await run(["ewma", gap, "--json"]);
    expect((JSON.parse(out) as { anomalies: number[] }).anomalies).toEqual([80]);
  });

  it("asks for --column when the value column is ambiguous", async () => {
    await expect(run(["ewma", good])).rejects.toThrow(/pass --column NAME/);
  });
});

describe("detect on a real NAB series (realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv)", () => {
  it("flags few rows with the VAE and the hybrid, and each labelled window at least once", async () => {
    const { loadNabSeries } = await import("../../src/data/nab.js");
    const { NAB_DIR } = await import("../detect/nabDir.js");
    const file = "realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv";
    const series = await loadNabSeries(file, { dir: NAB_DIR });
    const inWindow = (i: number) => series.windows.some((w) => i >= w.start && i <= w.end);
    for (const method of ["vae", "hybrid"]) {
      const lines: string[] = [];
      await detectCommand([method, join(NAB_DIR, "data", file), "--json"], (s) => void lines.push(s));
      const { anomalies } = JSON.parse(lines.join("")) as { anomalies: number[] };
      // A level shift must not turn every later row into an alert (the old raw-threshold rule did).
      expect(anomalies.length, method).toBeLessThan(0.01 * series.values.length);
      for (const w of series.windows.filter((w) => w.start > 0.15 * series.values.length)) {
        expect(anomalies.some((i) => i >= w.start && i <= w.end), `${method} in window ${w.start}-${w.end}`).toBe(true);
      }
      expect(anomalies.filter(inWindow).length, method).toBeGreaterThan(0);
    }
  }, 120_000);
});
