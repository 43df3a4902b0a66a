/**
 * `deploylab lab [--port N] [--no-browser]`: register the project's tslab kernel inside the project
 * and start JupyterLab (when installed: `pip install jupyterlab`) or the classic Notebook, with the
 * project root as the server's root, printing the URL.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { UserError } from "../core/errors.js";
import { projectRoot } from "../core/paths.js";
import { findJupyterPython, installKernelspec, jupyterEnv } from "./kernelspec.js";

/** `deploylab lab [--port N] [--no-browser]`; returns Jupyter's exit code. @throws UserError on bad input or without Jupyter. */
export async function labCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { port: { type: "string", default: "8888" }, "no-browser": { type: "boolean", default: false } } });
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const port = Number(parsed.values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`--port must be an integer in 1..65535, got "${parsed.values.port}"`);
  const root = projectRoot();
  const jupyterPath = installKernelspec(root);
  process.stderr.write(`deploylab: kernel "TypeScript (deploylab)" registered in ${jupyterPath}\n`);
  const found = findJupyterPython();
  if (!found) {
    throw new UserError(
      "no Jupyter found. Install the classic Notebook with `sudo apt-get install jupyter-notebook`, or JupyterLab with `pip install jupyterlab`, then run `npx deploylab lab` again.",
    );
  }
  const token = randomBytes(16).toString("hex");
  const serverArgs =
    found.app === "lab"
      ? ["-m", "jupyterlab", `--ServerApp.root_dir=${root}`, `--ServerApp.token=${token}`, `--ServerApp.port=${port}`, "--ServerApp.ip=127.0.0.1"]
      : ["-m", "notebook", `--notebook-dir=${root}`, `--NotebookApp.token=${token}`, `--port=${port}`, "--ip=127.0.0.1"];
  if (parsed.values["no-browser"]) serverArgs.push("--no-browser");
  // Jupyter refuses to run as root without this (containers and CI machines run as root).
  if (process.getuid?.() === 0) serverArgs.push("--allow-root");
  const path = found.app === "lab" ? "lab" : "tree";
  process.stderr.write(`deploylab: starting ${found.app === "lab" ? "JupyterLab" : "the classic Notebook"} (${found.python})\n`);
  process.stdout.write(`Open http://127.0.0.1:${port}/${path}?token=${token}  (if the port is taken, Jupyter picks the next one and prints it below)\n`);
  const child = spawn(found.python, serverArgs, { cwd: root, env: jupyterEnv(jupyterPath), stdio: "inherit" });
  return await new Promise<number>((res) => child.on("close", (code) => res(code ?? 0)));
}
