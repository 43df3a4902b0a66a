/**
 * The project-local Jupyter kernelspec: `.jupyter/kernels/deploylab-tslab/kernel.json` inside the
 * project (gitignored), pointing at bin/tslab-kernel.cjs with this Node. Jupyter finds it when
 * `JUPYTER_PATH` includes `<project>/.jupyter`; nothing is installed system-wide.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { writeFileAtomic } from "../core/io.js";
import { projectRoot } from "../core/paths.js";

/** Name of the project's kernelspec (notebooks' metadata.kernelspec.name). */
export const KERNEL_NAME = "deploylab-tslab";

/** Write the kernelspec; returns the folder to put on JUPYTER_PATH. */
export function installKernelspec(root = projectRoot()): string {
  const jupyterPath = join(root, ".jupyter");
  const spec = {
    argv: [process.execPath, join(root, "bin", "tslab-kernel.cjs"), "{connection_file}"],
    display_name: "TypeScript (deploylab)",
    language: "typescript",
    metadata: { deploylab: { root } },
  };
  writeFileAtomic(join(jupyterPath, "kernels", KERNEL_NAME, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  return jupyterPath;
}

/** Environment for a Jupyter process that should see the project kernel. */
export function jupyterEnv(jupyterPath: string): NodeJS.ProcessEnv {
  const prev = process.env.JUPYTER_PATH;
  return { ...process.env, JUPYTER_PATH: prev ? `${jupyterPath}:${prev}` : jupyterPath };
}

/**
 * The Python that has Jupyter, and which front end it offers: JupyterLab if importable, else the
 * classic Notebook. Debian's /usr/bin/python3 is tried first (where apt installs jupyter), then
 * `python3` on PATH. Returns null when none has Jupyter.
 */
export function findJupyterPython(): { python: string; app: "lab" | "notebook" } | null {
  for (const python of ["/usr/bin/python3", "python3"]) {
    for (const [mod, app] of [["jupyterlab", "lab"], ["notebook", "notebook"]] as const) {
      try {
        execFileSync(python, ["-c", `import ${mod}`], { stdio: "ignore" });
        return { python, app };
      } catch {
        // not this one
      }
    }
  }
  return null;
}

/** The Python that can run `jupyter nbconvert` (nbconvert + nbclient importable), or null. */
export function findNbconvertPython(): string | null {
  for (const python of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(python, ["-c", "import nbconvert, nbclient"], { stdio: "ignore" });
      return python;
    } catch {
      // not this one
    }
  }
  return null;
}
