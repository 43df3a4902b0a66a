/** The NAB directory for tests: DEPLOYLAB_DATA/nab, else ../shared/data/nab beside the project. */
import { join } from "node:path";
import { projectRoot } from "../../src/core/paths.js";

export const NAB_DIR = join(process.env.DEPLOYLAB_DATA ?? join(projectRoot(), "..", "shared", "data"), "nab");
