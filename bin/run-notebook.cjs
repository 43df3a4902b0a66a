#!/usr/bin/env node
/*
 * Execute one notebook headless with tslab's own converter and executor (no Jupyter, no Python),
 * in this process, from the project root (the same working directory as the project's kernel, so
 * `import ... from "./src/index.js"` resolves the same way).
 *
 *   node bin/run-notebook.cjs <project-root> <input.ipynb> <output.ipynb>
 *
 * Writes the executed notebook atomically to <output.ipynb> (outputs of the cells that ran,
 * including the failing one) and prints one status line to stdout:
 *   @@deploylab-status {"ok":true,"cells":7} | {"ok":false,"cell":4,"error":"..."}
 * The parent (`deploylab notebooks`) parses that line. A tslab cell error stops the notebook, as in
 * Jupyter.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const [root, input, output] = process.argv.slice(2);
if (!root || !input || !output) {
  process.stderr.write("usage: run-notebook.cjs <project-root> <input.ipynb> <output.ipynb>\n");
  process.exit(2);
}
process.chdir(root);
require("./tslab-tuning.cjs")(root);
const { createConverter } = require(require.resolve("tslab/dist/converter", { paths: [root] }));
const { createExecutor } = require(require.resolve("tslab/dist/executor", { paths: [root] }));
const jupyter = require(require.resolve("tslab/dist/jupyter", { paths: [root] }));

const realStdoutWrite = process.stdout.write.bind(process.stdout);
const realStderrWrite = process.stderr.write.bind(process.stderr);

function status(obj) {
  realStdoutWrite("@@deploylab-status " + JSON.stringify(obj) + "\n");
}

function writeAtomic(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function sourceOf(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

function formatError(e) {
  if (e instanceof Error) return e.stack || `${e.name}: ${e.message}`;
  return String(e);
}

async function main() {
  const nb = JSON.parse(fs.readFileSync(input, "utf8"));
  const node = createConverter({ isJS: false, isBrowser: false });
  const convs = {
    node,
    get browser() {
      throw new Error("browser cells (//%browser) are not supported by the headless runner");
    },
    close() {
      node.close();
    },
  };
  let outputs = [];
  const pushStream = (name, text) => {
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === "stream" && last.name === name) last.text += text;
    else outputs.push({ output_type: "stream", name, text });
  };
  const errors = [];
  const executor = createExecutor(process.cwd(), convs, {
    log: (...args) => pushStream("stdout", args.map(String).join(" ") + "\n"),
    error: (...args) => {
      const text = args.map(formatError).join(" ");
      errors.push(text);
      pushStream("stderr", text + "\n");
    },
  });
  jupyter.lastWriteDisplayData = (d) => {
    outputs.push({ output_type: "display_data", data: d.data, metadata: d.metadata || {} });
  };

  let count = 0;
  let failed = null;
  for (let i = 0; i < nb.cells.length; i++) {
    const cell = nb.cells[i];
    if (cell.cell_type !== "code") continue;
    outputs = [];
    errors.length = 0;
    process.stdout.write = (chunk, enc, cb) => {
      pushStream("stdout", typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      if (typeof enc === "function") enc();
      else if (typeof cb === "function") cb();
      return true;
    };
    process.stderr.write = (chunk, enc, cb) => {
      pushStream("stderr", typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      if (typeof enc === "function") enc();
      else if (typeof cb === "function") cb();
      return true;
    };
    let ok;
    try {
      ok = await executor.execute(sourceOf(cell));
    } catch (e) {
      errors.push(formatError(e));
      ok = false;
    } finally {
      process.stdout.write = realStdoutWrite;
      process.stderr.write = realStderrWrite;
    }
    cell.execution_count = ++count;
    if (!ok) {
      const message = errors.join("\n").trim() || "the cell failed (no message)";
      const firstLine = message.split("\n").find((l) => /Error|error/.test(l)) || message.split("\n")[0];
      outputs.push({ output_type: "error", ename: "Error", evalue: firstLine, traceback: message.split("\n") });
      cell.outputs = outputs;
      failed = { cell: i + 1, error: firstLine, detail: message.slice(0, 4000) };
      break;
    }
    cell.outputs = outputs;
  }
  writeAtomic(output, JSON.stringify(nb, null, 1) + "\n");
  executor.close();
  convs.close();
  if (failed) status({ ok: false, ...failed });
  else status({ ok: true, cells: count });
}

main().then(
  () => process.exit(0),
  (e) => {
    status({ ok: false, cell: 0, error: formatError(e).split("\n")[0] });
    process.exit(1);
  },
);
