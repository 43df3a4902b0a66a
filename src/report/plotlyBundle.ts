import { createRequire } from "node:module";
import { join } from "node:path";
import { projectRoot } from "../core/paths.js";

/** Absolute path of plotly's minified browser bundle (plotly.js-dist-min) in node_modules. */
export function plotlyBundlePath(): string {
  // Resolved from the project root, since src/ may run as ESM (tsx) or as CommonJS (tslab).
  return createRequire(join(projectRoot(), "package.json")).resolve("plotly.js-dist-min");
}
