import { EXPERIMENTS } from "../experiments/registry.js";
import { toMarkdown } from "../report/table.js";
import { UserError } from "../core/errors.js";

/** `deploylab list`: experiment ids, titles and the paper artefact each reproduces. */
export async function listCommand(argv: string[]): Promise<number> {
  if (argv.length > 0) throw new UserError(`list takes no arguments, got "${argv.join(" ")}"`);
  process.stdout.write(toMarkdown(EXPERIMENTS.map((e) => ({ id: e.id, title: e.title, paper: e.paperRef }))));
  return 0;
}
