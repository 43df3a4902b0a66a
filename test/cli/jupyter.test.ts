import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findNbconvertPython, installKernelspec, jupyterEnv, KERNEL_NAME } from "../../src/cli/kernelspec.js";

const python = findNbconvertPython();
const out = mkdtempSync(join(tmpdir(), "deploylab-nbconvert-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

if (!python) {
  // Visible in the test log: the real-Jupyter check needs Debian's jupyter-nbconvert + python3-nbclient.
  console.warn("SKIPPED real-Jupyter test: no Python with nbconvert and nbclient (apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel)");
}

describe.skipIf(!python)("the project kernel under real Jupyter", () => {
  it("runs notebooks/00-tour.ipynb through `jupyter nbconvert --execute` with the project-registered tslab kernel", () => {
    const jupyterPath = installKernelspec();
    const spec = JSON.parse(readFileSync(join(jupyterPath, "kernels", KERNEL_NAME, "kernel.json"), "utf8"));
    expect(spec.argv[1]).toMatch(/bin\/tslab-kernel\.cjs$/);
    execFileSync(
      python!,
      ["-m", "nbconvert", "--to", "notebook", "--execute", `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`, "--ExecutePreprocessor.timeout=600", "--output-dir", out, "notebooks/00-tour.ipynb"],
      { env: jupyterEnv(jupyterPath), stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 },
    );
    const executed = JSON.parse(readFileSync(join(out, "00-tour.ipynb"), "utf8"));
    const outputs = executed.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []) as Array<{ output_type: string; data?: Record<string, unknown> }>;
    expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
    const figures = outputs.filter((o) => o.data?.["application/vnd.plotly.v1+json"]);
    expect(figures.length).toBe(2);
    // A static fallback for front ends without the plotly extension.
    expect(figures.every((o) => String(o.data?.["image/svg+xml"] ?? o.data?.["text/html"]).length > 0)).toBe(true);
  }, 600_000);
});
