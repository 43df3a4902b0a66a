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

/** File-system error codes caused by paths the user gave (e.g. `--out` naming a file). */
const USER_FS_ERRORS = new Set(["EEXIST", "ENOTDIR", "EACCES", "EPERM", "EROFS", "ENOSPC", "EISDIR"]);

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
    const e = err as NodeJS.ErrnoException;
    // Bad input, and files or folders the user named that cannot be written: one line, exit 2.
    if (err instanceof UserError || (e.code !== undefined && USER_FS_ERRORS.has(e.code))) {
      process.stderr.write(`deploylab ${name}: ${e.message}\n`);
      return 2;
    }
    // A bug: the message and a short stack (some dependencies print whole minified sources).
    const stack = (e.stack ?? String(err)).split("\n").slice(0, 8).join("\n");
    process.stderr.write(`deploylab ${name}: internal error, please report it:\n${stack}\n`);
    return 1;
  }
}
