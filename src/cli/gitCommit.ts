import { execFileSync } from "node:child_process";

/** The current git commit of `cwd` (with "-dirty" when the tree has changes), or "unknown". */
export function gitCommit(cwd: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return "unknown";
  }
}
