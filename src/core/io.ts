import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Write a file atomically: write `path.<pid>.tmp` beside it, then rename over `path`, so a reader
 * (or a crash) never sees a half-written file. Creates the parent folder.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  replaceAtomic(path, (tmp) => writeFileSync(tmp, data));
}

/** Copy `src` to `dest` atomically (copy beside `dest`, then rename). */
export function copyFileAtomic(src: string, dest: string): void {
  replaceAtomic(dest, (tmp) => copyFileSync(src, tmp));
}

function replaceAtomic(path: string, fill: (tmp: string) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    fill(tmp);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** SHA-256 (hex) of a file's bytes. */
export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
