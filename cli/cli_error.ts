/**
 * The one error type the commands print as a single line (exit status 2), and how any thrown
 * value becomes that line.
 *
 * @example
 * ```ts
 * import { CliError } from "./cli_error.ts";
 * throw new CliError(`Unknown agent "ppp"`);
 * ```
 *
 * @module
 */

/** A user error: printed as one line without a stack trace; the process exits with status 2. */
export class CliError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * A run that had to stop (a full disk, diverged training): printed as one line without a stack
 * trace, like a {@linkcode CliError}, but the process exits with status 1 (not bad input).
 */
export class RunFailure extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "RunFailure";
  }
}

/**
 * Turns any thrown value into the one line a user sees: the message of a `CliError`,
 * `RangeError` or `TypeError` (validation errors from the library), else `Unexpected error: ...`.
 *
 * @example
 * ```ts
 * import { errorLine } from "./cli_error.ts";
 * errorLine(new RangeError("gamma must be in [0, 1], got 2")); // "error: gamma must be in [0, 1], got 2"
 * ```
 */
export function errorLine(e: unknown): string {
  if (e instanceof Error) {
    const first = e.message.split("\n")[0];
    if (
      e instanceof CliError || e instanceof RunFailure || e instanceof RangeError ||
      e instanceof TypeError
    ) {
      return `error: ${first}`;
    }
    return `error: ${e.name}: ${first}`;
  }
  return `error: ${String(e)}`;
}
