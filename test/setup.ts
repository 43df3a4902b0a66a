// Test-wide environment: datasets from ../shared/data when the caller did not choose a folder
// (CI sets DEPLOYLAB_DATA itself), and no backend chatter on stderr.
import { existsSync } from "node:fs";
import { resolve } from "node:path";

if (!process.env.DEPLOYLAB_DATA) {
  const shared = resolve(process.cwd(), "..", "shared", "data");
  if (existsSync(shared)) process.env.DEPLOYLAB_DATA = shared;
}
process.env.DEPLOYLAB_QUIET = "1";
