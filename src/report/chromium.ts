/**
 * Static PNG/SVG rendering of plotly figures in the system Chromium, driven by playwright-core
 * (no browser download: we use Debian's `chromium`). When no Chromium is found, callers get `null`
 * and print a one-line notice instead of failing.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Figure } from "./figure.js";
import { plotlyBundlePath } from "./plotlyBundle.js";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** Path of a usable Chromium: `DEPLOYLAB_CHROMIUM` if set, else the first system candidate, else null. */
export function findChromium(): string | null {
  const forced = process.env.DEPLOYLAB_CHROMIUM;
  if (forced !== undefined) return forced && existsSync(forced) ? forced : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Flags for a headless Chromium on a machine without network or display. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface StaticRenderer {
  /** Render a figure; `format` png gives PNG bytes, svg gives SVG text as UTF-8 bytes. */
  render(fig: Figure, format: "png" | "svg", size?: { width: number; height: number }): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * Start one headless Chromium page with plotly loaded, to render many figures.
 * Returns null when no Chromium is installed.
 */
export async function openStaticRenderer(): Promise<StaticRenderer | null> {
  const executablePath = findChromium();
  if (!executablePath) return null;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><div id="fig"></div></body></html>');
    await page.addScriptTag({ content: readFileSync(plotlyBundlePath(), "utf8") });
    return {
      async render(fig, format, size = { width: 900, height: 520 }) {
        const url = await page.evaluate(
          async ({ fig, format, size }) => {
            const P = (globalThis as unknown as { Plotly: any }).Plotly;
            const gd = await P.newPlot("fig", fig.data, fig.layout, { staticPlot: true });
            const out: string = await P.toImage(gd, { format, width: size.width, height: size.height });
            P.purge(gd);
            return out;
          },
          { fig: { data: fig.data, layout: withTitle(fig) }, format, size },
        );
        const comma = url.indexOf(",");
        const head = url.slice(0, comma);
        const body = url.slice(comma + 1);
        return head.endsWith(";base64") ? new Uint8Array(Buffer.from(body, "base64")) : new Uint8Array(Buffer.from(decodeURIComponent(body), "utf8"));
      },
      async close() {
        await browser.close();
      },
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** The figure's layout with its title filled in when the layout has none. */
export function withTitle(fig: Figure): Record<string, unknown> {
  return fig.layout.title === undefined ? { ...fig.layout, title: { text: fig.title } } : fig.layout;
}
