import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listNotebooks } from "../../src/cli/notebooks.js";

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] };
  outputs?: unknown[];
}

/** The innermost unclosed bracket at or before `pos` ("{" means we are in an object literal or block). */
function innermostOpener(src: string, pos: number): string | null {
  const closers: Record<string, string> = { "}": "{", ")": "(", "]": "[" };
  const stack: string[] = [];
  for (let i = pos; i >= 0; i--) {
    const ch = src[i]!;
    if (ch in closers) stack.push(closers[ch]!);
    else if (ch === "{" || ch === "(" || ch === "[") {
      if (stack.length === 0) return ch;
      stack.pop();
    }
  }
  return null;
}

const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);

describe.each(listNotebooks())("%s", (file) => {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: Cell[]; metadata: { kernelspec?: { name?: string } } };
  const code = nb.cells.filter((c) => c.cell_type === "code");

  it("uses the project kernel, opens with a tagged parameters cell declaring smoke, and has no outputs", () => {
    expect(nb.metadata.kernelspec?.name).toBe("deploylab-tslab");
    expect(code[0]?.metadata?.tags).toContain("parameters");
    expect(text(code[0]!)).toMatch(/^const smoke = false;/m);
    expect(code.every((c) => (c.outputs ?? []).length === 0)).toBe(true);
  });

  it("imports the library from the project root, never ../src", () => {
    const all = code.map(text).join("\n");
    expect(all).not.toMatch(/from\s+["']\.\.\/src/);
    expect(all).toMatch(/from\s+["']\.\/src\//);
  });

  it("has no shorthand property naming an earlier cell's variable (tslab leaves it undefined)", () => {
    const declared = new Set<string>();
    const offences: string[] = [];
    code.forEach((c, i) => {
      const src = text(c).replace(/\/\/.*$/gm, ""); // comments may quote the pattern
      for (const name of declared) {
        const re = new RegExp(`(?<!\\$)[{,]\\s*${name.replace(/\$/g, "\\$")}\\s*(?=[,}])`, "g");
        for (const m of src.matchAll(re)) {
          if (innermostOpener(src, m.index!) === "{") offences.push(`code cell ${i + 1}: "${m[0].trim()}" (write ${name}: ${name})`);
        }
      }
      for (const m of src.matchAll(/^(?:const|let|var)\s+([A-Za-z_$][\w$]*)/gm)) declared.add(m[1]!);
      for (const m of src.matchAll(/^(?:const|let|var)\s+\{([^}]*)\}/gm)) {
        for (const part of m[1]!.split(",")) {
          const n = part.split(":").pop()!.trim();
          if (n) declared.add(n);
        }
      }
    });
    expect(offences).toEqual([]);
  });
});
