/**
 * A problem with what the user gave or has (an argument, a file, a missing or corrupted dataset),
 * as opposed to a bug. The command line prints its message alone, without a stack trace, and
 * exits with code 2.
 */
export class UserError extends Error {
  override readonly name: string = "UserError";
}
