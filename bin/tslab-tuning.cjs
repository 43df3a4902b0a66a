/*
 * Switch off tslab's file watching (shared by the kernel launcher and the headless runner).
 * tslab's TypeScript watch host throws "Unexpected pending rebuildTimer" when a file under the
 * project changes between two cells (an editor saving src/, a run writing build/), which kills the
 * cell. Without watching, src/ is compiled when a notebook first imports it: after editing src/,
 * restart the kernel, as with Python modules without autoreload.
 */
"use strict";
module.exports = function tuneTslab(root) {
  const tslabDir = require.resolve("tslab", { paths: [root] });
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }));
  const noWatch = () => ({ close() {} });
  ts.sys.watchFile = noWatch;
  ts.sys.watchDirectory = noWatch;
};
