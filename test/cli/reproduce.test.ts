import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "deploylab-out-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("deploylab reproduce", () => {
  it("writes the demo's json/md/csv/html and index.json, and the same seeds give identical tables", () => {
    const a = tmp();
    const b = tmp();
    for (const out of [a, b]) {
      const r = runCli(["reproduce", "drift-ks-demo", "--smoke", "--out", out]);
      expect(r.stderr).toMatch(/drift-ks-demo: 3 rows/);
      expect(r.code).toBe(0);
    }
    for (const f of ["drift-ks-demo.json", "drift-ks-demo.md", "drift-ks-demo.csv", "drift-ks-demo.html", "plotly.min.js", "index.json"]) {
      expect(existsSync(join(a, f)), f).toBe(true);
    }
    expect(readFileSync(join(a, "drift-ks-demo.csv"), "utf8")).toBe(readFileSync(join(b, "drift-ks-demo.csv"), "utf8"));
    const ra = JSON.parse(readFileSync(join(a, "drift-ks-demo.json"), "utf8"));
    const rb = JSON.parse(readFileSync(join(b, "drift-ks-demo.json"), "utf8"));
    expect(ra.rows).toEqual(rb.rows);
    expect(ra.rows.length).toBeGreaterThan(0);
    const index = JSON.parse(readFileSync(join(a, "index.json"), "utf8"));
    const entry = index.artefacts.find((e: { id: string }) => e.id === "drift-ks-demo");
    expect(entry).toMatchObject({ title: expect.any(String), paperRef: expect.any(String), seeds: [0, 1, 2], backend: expect.any(String), gitCommit: expect.any(String) });
    expect(entry.runtimeSec).toBeGreaterThan(0);
    // The HTML loads the one shared plotly copy instead of inlining it.
    const html = readFileSync(join(a, "drift-ks-demo.html"), "utf8");
    expect(html).toContain('<script src="plotly.min.js"></script>');
    expect(html.length).toBeLessThan(100_000);
  });

  it("gives identical CSV tables and JSON rows for every experiment in two separate --smoke runs", () => {
    const a = tmp();
    const b = tmp();
    for (const out of [a, b]) {
      const r = runCli(["reproduce", "--smoke", "--out", out], { DEPLOYLAB_CHROMIUM: "" }, 600_000);
      expect(r.code, r.stderr).toBe(0);
    }
    const index = JSON.parse(readFileSync(join(a, "index.json"), "utf8")) as { artefacts: Array<{ id: string; files: string[] }> };
    expect(index.artefacts.length).toBeGreaterThanOrEqual(5);
    for (const { id, files } of index.artefacts) {
      for (const f of files.filter((name) => name.endsWith(".csv"))) {
        expect(readFileSync(join(b, f), "utf8"), f).toBe(readFileSync(join(a, f), "utf8"));
      }
      const rows = (dir: string) => JSON.parse(readFileSync(join(dir, `${id}.json`), "utf8")).rows;
      expect(rows(b), id).toEqual(rows(a));
    }
  }, 900_000);

  it("records the forced tfjs backend in the Result (cpu and wasm)", () => {
    for (const backend of ["cpu", "wasm"]) {
      const out = tmp();
      const r = runCli(["reproduce", "drift-ks-demo", "--smoke", "--seeds", "1", "--out", out], { DEPLOYLAB_TF_BACKEND: backend, DEPLOYLAB_CHROMIUM: "" });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(out, "drift-ks-demo.json"), "utf8")).backend).toBe(backend);
      expect(r.stderr).toMatch(/no Chromium found.*PNG\/SVG skipped/);
    }
  });

  it.each([
    [["reproduce", "no-such-experiment"], /unknown experiment "no-such-experiment"; known: .*drift-ks-demo/],
    [["reproduce", "--seeds", "0"], /--seeds must be a positive integer, got "0"/],
    [["reproduce", "--seeds", "x"], /--seeds must be a positive integer, got "x"/],
    [["reproduce", "--bogus"], /^deploylab reproduce: Unknown option '--bogus'/m],
    [["frobnicate"], /unknown command "frobnicate"/],
  ])("refuses %j with one clear message, exit code 2 and no output files", (args, message) => {
    const out = tmp();
    const r = runCli([...args, "--out", out].filter((a) => args[0] === "reproduce" || a !== "--out"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(out)).toEqual([]);
  });

  it("exits 2 with instructions, before writing anything, when an experiment's dataset is missing", () => {
    const out = tmp();
    const r = runCli(["reproduce", "--smoke", "--out", out], { DEPLOYLAB_DATA: join(out, "no-data-here"), DEPLOYLAB_CACHE: join(out, "no-cache-here"), DEPLOYLAB_OFFLINE: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dataset "(adult|nab)" .*is not available/);
    expect(r.stderr).toMatch(/export DEPLOYLAB_DATA=/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });

  it("exits 2 with one line for an output path that is a file and for an unknown tfjs backend", () => {
    const file = join(tmp(), "a-file");
    writeFileSync(file, "");
    const r = runCli(["reproduce", "drift-ks-demo", "--smoke", "--out", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deploylab reproduce: EEXIST/);
    const b = runCli(["reproduce", "drift-ks-demo", "--smoke", "--out", tmp()], { DEPLOYLAB_TF_BACKEND: "bogus" });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/DEPLOYLAB_TF_BACKEND=bogus is not a backend; use one of gpu, node, wasm, cpu/);
    expect(b.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses an unknown benchmark name with exit code 2", () => {
    const r = runCli(["bench", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown benchmark "nope"/);
  });
});

describe("deploylab list", () => {
  it("lists every registered experiment with its paper artefact", () => {
    const r = runCli(["list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| drift-ks-demo \| .* \| MLOps course/);
  });
});
