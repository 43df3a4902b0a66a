/**
 * Display helpers for tslab notebook cells.
 *
 * `await show(fig)` sends one MIME bundle that every front end can render:
 *   - `application/vnd.plotly.v1+json`: interactive, where the plotly renderer extension is
 *     installed (JupyterLab with `pip install plotly`, or the headless runner's saved copy);
 *   - `image/svg+xml` (+ `image/png`): a static rendering by the system Chromium, shown by JupyterLab
 *     and the classic Notebook without any extension;
 *   - `text/plain`: the title and trace names, for consoles.
 * Without a Chromium the static part is replaced by a `text/html` note saying how to get one.
 * `showTable(rows)` sends an HTML table + Markdown + plain text. `toDataFrame(rows)` gives a
 * danfojs DataFrame for further analysis (`df.describe()`, `df.groupby(...)`).
 */
import { createRequire } from "node:module";
import type { Row } from "../experiments/types.js";
import { openStaticRenderer, withTitle, type StaticRenderer } from "./chromium.js";
import type { Figure } from "./figure.js";
import { columnsOf, formatNumber, toMarkdown } from "./table.js";

/** MIME type -> data (strings, or JSON objects for `+json` types). */
export type MimeBundle = Record<string, unknown>;

/** Where bundles go: tslab's display channel (set by the kernel or the headless runner). */
function sendBundle(data: MimeBundle): void {
  const jupyter = requireTslabJupyter();
  if (!jupyter?.lastWriteDisplayData) {
    throw new Error("show(): not running inside a tslab kernel or the deploylab notebook runner");
  }
  jupyter.lastWriteDisplayData({ data, metadata: {}, transient: {} }, false);
}

type DisplayWriter = (d: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void;

function requireTslabJupyter(): { lastWriteDisplayData: DisplayWriter | null } | null {
  try {
    // `module.createRequire` from the working directory (the project root in the kernel and in the
    // runner): the same module instance the kernel set its display writer on.
    return createRequire(process.cwd() + "/")("tslab/dist/jupyter");
  } catch {
    return null;
  }
}

let rendererPromise: Promise<StaticRenderer | null> | null = null;

function staticRenderer(): Promise<StaticRenderer | null> {
  if (!rendererPromise) {
    rendererPromise = openStaticRenderer().catch(() => null);
    // Close Chromium when the kernel exits.
    process.once("exit", () => {
      void rendererPromise?.then((r) => r?.close());
    });
  }
  return rendererPromise;
}

/** The MIME bundle for a figure (exported for tests). */
export async function figureBundle(fig: Figure, options: { static?: boolean } = {}): Promise<MimeBundle> {
  const bundle: MimeBundle = {
    "application/vnd.plotly.v1+json": { data: fig.data, layout: withTitle(fig) },
    "text/plain": `${fig.title} [plotly figure: ${fig.data.map((t) => String(t.name ?? t.type ?? "trace")).join(", ")}]`,
  };
  const renderer = options.static === false ? null : await staticRenderer();
  if (renderer) {
    bundle["image/svg+xml"] = Buffer.from(await renderer.render(fig, "svg")).toString("utf8");
    bundle["image/png"] = Buffer.from(await renderer.render(fig, "png")).toString("base64");
  } else {
    bundle["text/html"] = `<p><b>${escapeHtml(fig.title)}</b>: install Debian's <code>chromium</code> for a static image, or the plotly JupyterLab extension (<code>pip install plotly</code>) for an interactive one.</p>`;
  }
  return bundle;
}

/**
 * Display a plotly figure inline. Await it: `await show(fig)`.
 * @throws outside a tslab kernel or the headless runner.
 */
export async function show(fig: Figure): Promise<void> {
  sendBundle(await figureBundle(fig));
}

/** An HTML table of rows, numbers formatted for reading. */
export function rowsToHtml(rows: readonly Row[]): string {
  const cols = columnsOf(rows);
  const cell = (v: Row[string] | undefined) => (v === null || v === undefined ? "" : typeof v === "number" ? formatNumber(v) : escapeHtml(String(v)));
  const head = cols.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = rows.map((r) => `<tr>${cols.map((c) => `<td>${cell(r[c])}</td>`).join("")}</tr>`).join("\n");
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Display rows as a table (HTML, Markdown and plain text). */
export function showTable(rows: readonly Row[]): void {
  const md = toMarkdown(rows);
  sendBundle({ "text/html": rowsToHtml(rows), "text/markdown": md, "text/plain": md });
}

/** A danfojs DataFrame of rows (loaded lazily: danfojs-node is large). */
export async function toDataFrame(rows: readonly Row[]): Promise<import("danfojs-node").DataFrame> {
  const danfo = await import("danfojs-node");
  return new danfo.DataFrame(rows.map((r) => ({ ...r })));
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
