import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listNotebooks } from "../../src/cli/notebooks.js";
import { runCli } from "../helpers/cli.js";

describe("deploylab notebooks", () => {
  it("executes every notebook headless in --smoke mode and saves executed copies with outputs", () => {
    const notebooks = listNotebooks();
    expect(notebooks).toContain("notebooks/00-tour.ipynb");
    const r = runCli(["notebooks", "--smoke"], {}, 900_000);
    expect(r.stderr).toContain(`notebooks: ${notebooks.length} ran, 0 failed`);
    expect(r.code).toBe(0);
    const tour = JSON.parse(readFileSync("build/notebooks/00-tour.ipynb", "utf8"));
    const outputs = tour.cells.flatMap((c: { outputs?: Array<{ data?: Record<string, unknown> }> }) => c.outputs ?? []);
    expect(outputs.some((o: { data?: Record<string, unknown> }) => o.data?.["application/vnd.plotly.v1+json"])).toBe(true);
    expect(outputs.some((o: { data?: Record<string, unknown> }) => String(o.data?.["text/html"] ?? "").includes("<table>"))).toBe(true);
    // Committed notebooks carry no outputs.
    for (const nb of notebooks) {
      const cells = JSON.parse(readFileSync(nb, "utf8")).cells as Array<{ outputs?: unknown[] }>;
      expect(cells.every((c) => (c.outputs ?? []).length === 0), nb).toBe(true);
    }
  }, 900_000);

  it("exits non-zero naming the notebook, the cell and the error when a cell fails", () => {
    const r = runCli(["notebooks", "test/fixtures/failing.ipynb"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FAIL test\/fixtures\/failing\.ipynb, cell 4: .*deliberate failure in cell 4/);
    const executed = JSON.parse(readFileSync("build/notebooks/failing.ipynb", "utf8"));
    expect(executed.cells[2].outputs[0].text).toBe("42\n");
    expect(executed.cells[4].outputs).toEqual([]);
  });

  it("injects --smoke and -p parameters into the tagged cell, where the code sees them", () => {
    const r = runCli(["notebooks", "test/fixtures/params.ipynb", "--smoke", "-p", "seeds=2", "-p", "label=tiny", "--out", "build/notebooks-p"]);
    expect(r.code, r.stderr).toBe(0);
    const executed = JSON.parse(readFileSync("build/notebooks-p/params.ipynb", "utf8"));
    expect(executed.cells[1].source).toBe('const smoke = true;\nconst seeds = 2; // how many seeds\nconst label = "tiny";');
    expect(JSON.parse(executed.cells[2].outputs[0].text)).toEqual({ smoke: true, seeds: 2, label: "tiny" });
  });

  it("refuses an unknown -p parameter with exit code 2 before running anything", () => {
    const r = runCli(["notebooks", "00-tour", "-p", "sedes=2", "--out", "build/notebooks-bad"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notebooks\/00-tour\.ipynb: unknown parameter "sedes"/);
    expect(existsSync("build/notebooks-bad")).toBe(false);
  });
});
