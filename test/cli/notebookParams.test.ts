import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { injectParameters, parseParamArgs, readParameters, type Notebook } from "../../src/cli/notebookParams.js";

const nb = (): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", source: "# t" },
    { cell_type: "code", metadata: { tags: ["parameters"] }, source: ["const smoke = false; // tiny budget\n", "const seeds = 10;\n", 'const mode: string = "full";'] },
    { cell_type: "code", source: "console.log(seeds)" },
  ],
});

describe("notebook parameters", () => {
  it("reads the declared parameters and their values", () => {
    expect([...readParameters(nb(), "t.ipynb")]).toEqual([["smoke", false], ["seeds", 10], ["mode", "full"]]);
  });

  it("replaces values in place, keeping comments and type annotations", () => {
    const out = injectParameters(nb(), parseParamArgs(["seeds=3", "mode=fast", "smoke=true"]), "t.ipynb");
    expect(out.cells[1]!.source).toBe('const smoke = true; // tiny budget\nconst seeds = 3;\nconst mode: string = "fast";');
    expect(out.cells[2]!.source).toBe("console.log(seeds)");
  });

  it("refuses an unknown parameter, naming the notebook and the declared ones", () => {
    expect(() => injectParameters(nb(), parseParamArgs(["sedes=3"]), "t.ipynb")).toThrow(UserError);
    expect(() => injectParameters(nb(), parseParamArgs(["sedes=3"]), "t.ipynb")).toThrow(/t\.ipynb: unknown parameter "sedes"; the parameters cell declares smoke, seeds, mode/);
  });

  it("refuses a value of the wrong type and a malformed -p", () => {
    expect(() => injectParameters(nb(), parseParamArgs(["seeds=many"]), "t.ipynb")).toThrow(/parameter "seeds" expects a number, got "many"/);
    expect(() => parseParamArgs(["seeds"])).toThrow(/-p expects key=value, got "seeds"/);
  });

  it("lets a parameter declared null take a value of any type", () => {
    const withNull = nb();
    withNull.cells[1]!.source = "const bafPath = null; // none unless given";
    const out = injectParameters(withNull, parseParamArgs(["bafPath=/data/Base.csv"]), "t.ipynb");
    expect(out.cells[1]!.source).toBe('const bafPath = "/data/Base.csv"; // none unless given');
  });

  it("refuses a parameters cell line that is not a JSON assignment", () => {
    const bad = nb();
    bad.cells[1]!.source = "const seeds = makeSeeds();";
    expect(() => readParameters(bad, "t.ipynb")).toThrow(/t\.ipynb: parameters cell line 1: the value of "seeds" is not a JSON literal/);
  });
});
