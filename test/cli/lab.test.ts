import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { findJupyterPython } from "../../src/cli/kernelspec.js";

const jupyter = findJupyterPython();
if (!jupyter) console.warn("SKIPPED deploylab lab test: no Jupyter (apt-get install jupyter-notebook, or pip install jupyterlab)");

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

describe.skipIf(!jupyter)("deploylab lab", () => {
  it("starts Jupyter, prints a working URL, and serves the project-registered TypeScript kernel", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [resolve("bin/deploylab.js"), "lab", "--no-browser", "--port", String(port)], {
      detached: true, // its own process group, so the Python server is stopped with it
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.resume();
    try {
      let specs: Record<string, unknown> | null = null;
      for (let i = 0; i < 60 && !specs; i++) {
        await new Promise((r) => setTimeout(r, 500));
        const url = /http:\/\/127\.0\.0\.1:(\d+)\/\w+\?token=([0-9a-f]+)/.exec(stdout);
        if (!url) continue;
        try {
          const res = await fetch(`http://127.0.0.1:${url[1]}/api/kernelspecs?token=${url[2]}`);
          if (res.ok) specs = ((await res.json()) as { kernelspecs: Record<string, unknown> }).kernelspecs;
        } catch {
          // server not up yet
        }
      }
      expect(stdout).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${port}/(lab|tree)\\?token=`));
      expect(specs && Object.keys(specs)).toContain("deploylab-tslab");
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
  });
});
