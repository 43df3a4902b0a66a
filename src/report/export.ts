/**
 * Writing an experiment's artefacts: `<id>.json` (the Result), `<id>.md` and `<id>.csv` (tables),
 * `<id>.html` (every figure plus the table, rendering offline against one shared
 * `plotly.min.js` copied beside it), `<id>.<figure>.plotly.json` (figure specs) and, when a
 * Chromium is available, `<id>.<figure>.png` / `.svg`. Every file is written atomically.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { copyFileAtomic, writeFileAtomic } from "../core/io.js";
import type { Result } from "../experiments/types.js";
import type { StaticRenderer } from "./chromium.js";
import { withTitle } from "./chromium.js";
import type { Figure } from "./figure.js";
import { plotlyBundlePath } from "./plotlyBundle.js";
import { toCsv, toMarkdown } from "./table.js";

/** The shared plotly bundle's file name inside an output folder. */
export const PLOTLY_FILE = "plotly.min.js";

/** Copy plotly's bundle into `outDir` once (skipped when a same-size copy is there), atomically. */
export function ensurePlotlyCopy(outDir: string): void {
  const src = plotlyBundlePath();
  const dest = join(outDir, PLOTLY_FILE);
  if (existsSync(dest) && statSync(dest).size === statSync(src).size) return;
  copyFileAtomic(src, dest);
}

/** A self-contained HTML page (apart from the shared plotly.min.js) with figures and a table. */
export function figuresHtml(title: string, figures: Figure[], tableMarkdown?: string): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const divs = figures.map((f, i) => `<div id="fig${i}" class="fig" aria-label="${esc(f.title)}"></div>`).join("\n");
  const specs = JSON.stringify(figures.map((f) => ({ data: f.data, layout: withTitle(f) }))).replace(/</g, "\\u003c");
  const table = tableMarkdown ? `<pre class="table">${esc(tableMarkdown)}</pre>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<script src="${PLOTLY_FILE}"></script>
<style>body{font-family:sans-serif;margin:2em;max-width:1100px}.fig{width:100%;height:520px}pre.table{font-size:12px;overflow-x:auto}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${divs}
${table}
<script>
const specs = ${specs};
specs.forEach((s, i) => Plotly.newPlot("fig" + i, s.data, s.layout, { responsive: true }));
</script>
</body>
</html>
`;
}

export interface WrittenArtefacts {
  files: string[];
  /** Set when static images were skipped, with the reason. */
  staticNotice?: string;
}

/**
 * Write every artefact of `result` into `outDir`. `renderer` (from openStaticRenderer) adds PNG
 * and SVG; pass null to skip them.
 */
export async function writeArtefacts(
  result: Result,
  figures: Figure[],
  outDir: string,
  renderer: StaticRenderer | null,
): Promise<WrittenArtefacts> {
  const files: string[] = [];
  const put = (name: string, data: string | Uint8Array) => {
    writeFileAtomic(join(outDir, name), data);
    files.push(name);
  };
  const id = result.id;
  put(`${id}.json`, JSON.stringify(result, null, 2) + "\n");
  const extraTables = Object.entries(result.tables ?? {});
  const md = [
    `# ${result.title}`,
    "",
    `Paper artefact: ${result.paperRef}. Seeds: ${result.seeds.join(", ")}${result.smoke ? " (smoke run)" : ""}.`,
    "",
    toMarkdown(result.rows),
    ...extraTables.flatMap(([name, rows]) => [`## ${name}`, "", toMarkdown(rows)]),
  ].join("\n");
  put(`${id}.md`, md);
  put(`${id}.csv`, toCsv(result.rows));
  for (const [name, rows] of extraTables) put(`${id}.${name}.csv`, toCsv(rows));
  for (const f of figures) put(`${id}.${f.id}.plotly.json`, JSON.stringify({ data: f.data, layout: withTitle(f) }) + "\n");
  if (figures.length > 0) {
    ensurePlotlyCopy(outDir);
    put(`${id}.html`, figuresHtml(result.title, figures, toMarkdown(result.rows)));
  }
  if (!renderer) return { files, staticNotice: "no Chromium found (install Debian's chromium): PNG/SVG skipped" };
  for (const f of figures) {
    put(`${id}.${f.id}.png`, await renderer.render(f, "png"));
    put(`${id}.${f.id}.svg`, await renderer.render(f, "svg"));
  }
  return { files };
}
