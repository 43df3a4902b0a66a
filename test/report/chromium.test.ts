import { describe, expect, it } from "vitest";
import { findChromium, openStaticRenderer } from "../../src/report/chromium.js";
import type { Figure } from "../../src/report/figure.js";

const chromium = findChromium();
if (!chromium) console.warn("SKIPPED PNG export test: no Chromium (apt-get install chromium fonts-liberation)");

const fig: Figure = {
  id: "line",
  title: "A line",
  data: [{ type: "scatter", mode: "lines", x: [0, 1, 2], y: [1, 3, 2], name: "y" }],
  layout: {},
};

describe.skipIf(!chromium)("static export through the system Chromium", () => {
  it("renders a real PNG of the requested size and an SVG with the title", async () => {
    const renderer = await openStaticRenderer();
    expect(renderer).not.toBeNull();
    try {
      const png = Buffer.from(await renderer!.render(fig, "png", { width: 640, height: 400 }));
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.readUInt32BE(16)).toBe(640); // IHDR width
      expect(png.readUInt32BE(20)).toBe(400); // IHDR height
      expect(png.length).toBeGreaterThan(5_000); // a drawn chart, not a blank page
      const svg = Buffer.from(await renderer!.render(fig, "svg")).toString("utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).toContain("A line");
    } finally {
      await renderer!.close();
    }
  });
});
