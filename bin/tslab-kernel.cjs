#!/usr/bin/env node
/*
 * The project's Jupyter kernel: tslab, started with the project root as working directory so that
 * notebooks anywhere under notebooks/ import the library as "./src/index.js" (tslab refuses
 * imports from outside its rootDir, which is the working directory).
 *   node bin/tslab-kernel.cjs {connection_file}
 */
"use strict";
const path = require("node:path");
const root = path.resolve(__dirname, "..");
process.chdir(root);
require("./tslab-tuning.cjs")(root);
require(require.resolve("tslab/dist/main", { paths: [root] })).startKernel({
  configPath: process.argv[2],
  enableFindLocal: false,
});
