/**
 * The `deploylab` command. Each subcommand lives in its own file; this one dispatches and turns
 * UserError into a one-line message with exit code 2.
 */
import { benchCommand } from "./bench.js";
import { detectCommand } from "./detect.js";
import { labCommand } from "./lab.js";
import { listCommand } from "./list.js";
import { notebooksCommand } from "./notebooks.js";
import { policyCommand } from "./policy.js";
import { reproduceCommand } from "./reproduce.js";
import { UserError } from "../core/errors.js";

const HELP = `deploylab: a research lab for keeping deployed ML models healthy

usage:
  deploylab list                                         experiment ids, titles, paper artefacts
  deploylab reproduce [ids...] [--smoke] [--seeds N] [--out DIR]
                                                         run experiments, write figures and tables
  deploylab notebooks [names...] [--smoke] [-p key=value ...]
                                                         execute notebooks headless
  deploylab bench [names...] [--json]                    throughput benchmarks
  deploylab lab [--port N]                               start Jupyter with the project's tslab kernel
  deploylab detect <ewma|shesd|vae|hybrid> FILE.csv [--column NAME] [--period N] [--max-anoms F]
                   [--alpha F] [--direction pos|neg|both] [--json]
                                                         flag anomalies in your own series
  deploylab policy export --out DIR [--seed N] [--timesteps N] [--smoke]
  deploylab policy inspect DIR [--json]
  deploylab policy act DIR --obs '[...]' [--json]           export, check and run a trained HASH policy
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  list: listCommand,
  reproduce: reproduceCommand,
  notebooks: notebooksCommand,
  bench: benchCommand,
  lab: labCommand,
  detect: (argv) => detectCommand(argv),
  policy: policyCommand,
};

/** Run the command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`deploylab: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`deploylab ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
