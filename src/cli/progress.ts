/**
 * A progress reporter on stderr: a redrawn bar on a terminal, a line per 10% otherwise once a
 * run takes more than 2 s (logs stay short in CI).
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): {
  update(done: number, total: number, detail?: string): void;
  finish(message: string): void;
} {
  const tty = Boolean(stream.isTTY);
  let lastDecile = -1;
  const t0 = performance.now();
  return {
    update(done, total, detail) {
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const elapsed = (performance.now() - t0) / 1000;
      if (tty) {
        const width = 30;
        const filled = Math.round(frac * width);
        const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : 0;
        stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${detail ?? ""} eta ${eta.toFixed(0)}s\x1b[K`);
      } else {
        const decile = Math.floor(frac * 10);
        // Quick runs print only their closing line; long ones a line per 10%.
        if (decile !== lastDecile && elapsed >= 2) {
          lastDecile = decile;
          stream.write(`${label}: ${Math.round(frac * 100)}% (${done}/${total}) ${elapsed.toFixed(1)}s\n`);
        }
      }
    },
    finish(message) {
      stream.write(`${tty ? "\r\x1b[K" : ""}${label}: ${message}\n`);
    },
  };
}
