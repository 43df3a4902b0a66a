import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

let cached: string | null = null;

/**
 * The deploylab project root: the nearest folder at or above the working directory whose
 * package.json is named "deploylab", else `DEPLOYLAB_ROOT`, else the working directory.
 * (Not derived from the module URL: tslab runs src/ as CommonJS, where import.meta is absent.)
 */
export function projectRoot(): string {
  if (cached) return cached;
  if (process.env.DEPLOYLAB_ROOT) return (cached = resolve(process.env.DEPLOYLAB_ROOT));
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).name === "deploylab") return (cached = dir);
      } catch {
        // An unreadable package.json is not ours; keep walking up.
      }
    }
    const up = dirname(dir);
    if (up === dir) return (cached = process.cwd());
    dir = up;
  }
}
