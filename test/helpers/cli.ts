import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `deploylab <args>` as a user would (a separate Node process), from the project root. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 300_000): CliRun {
  const r = spawnSync(process.execPath, [resolve("bin/deploylab.js"), ...args], {
    cwd: resolve("."),
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
