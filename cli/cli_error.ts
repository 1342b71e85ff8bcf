/**
 * The one error type the commands print as a single line (exit status 2), and the "did you mean"
 * helper for unknown names.
 *
 * @example
 * ```ts
 * import { CliError, didYouMean } from "./cli_error.ts";
 * throw new CliError(`Unknown agent "ppp"${didYouMean("ppp", ["ppo", "a2c"])}`);
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

/** Levenshtein distance between two short strings. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(up + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * `" (did you mean "x"?)"` for the closest candidate within a small edit distance, else `""`.
 *
 * @example
 * ```ts
 * import { didYouMean } from "./cli_error.ts";
 * didYouMean("lerning-rate", ["learning-rate", "gamma"]); // ' (did you mean "learning-rate"?)'
 * ```
 */
export function didYouMean(name: string, candidates: readonly string[]): string {
  let best = "", bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : "";
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
