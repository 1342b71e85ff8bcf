/**
 * Takes the flags of `sweep` and `tune` out of an argument list before the rest goes to `train`'s
 * parser: `--name value`, `--name=value` and `--name a b c` lists.
 *
 * @example
 * ```ts
 * import { take } from "./take_flags.ts";
 * const args = ["--seeds", "1-3", "--agent", "ppo"];
 * take(args, "seeds"); // "1-3"; args is now ["--agent", "ppo"]
 * ```
 *
 * @module
 */
import { CliError } from "./cli_error.ts";

/**
 * Takes every `--name value` / `--name=value` out of `args`; returns the last value (a repeated
 * flag's last value wins, as in every command; `command` names the command in errors).
 *
 * @example
 * ```ts
 * import { take } from "./take_flags.ts";
 * take(["--workers=3", "--workers", "4"], "workers"); // "4"
 * ```
 */
export function take(args: string[], name: string, command = "sweep"): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length;) {
    if (args[i] === `--${name}`) {
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new CliError(`${command}: --${name} needs a value`);
      }
      value = args[i + 1];
      args.splice(i, 2);
    } else if (args[i].startsWith(`--${name}=`)) {
      value = args[i].slice(name.length + 3);
      args.splice(i, 1);
    } else i++;
  }
  return value;
}

/**
 * Takes every `--name a b c` (values up to the next flag) out of `args`; returns the last list.
 *
 * @example
 * ```ts
 * import { takeList } from "./take_flags.ts";
 * takeList(["--grid", "gamma=0.9,0.99", "lr=1e-3"], "grid"); // both axes
 * ```
 */
export function takeList(args: string[], name: string, command = "sweep"): string[] | undefined {
  let values: string[] | undefined;
  for (let i = args.indexOf(`--${name}`); i >= 0; i = args.indexOf(`--${name}`)) {
    let j = i + 1;
    while (j < args.length && !args[j].startsWith("--")) j++;
    values = args.slice(i + 1, j);
    args.splice(i, j - i);
    if (values.length === 0) throw new CliError(`${command}: --${name} needs at least one value`);
  }
  return values;
}

/**
 * The `--workers` value: an integer from 1 to 64, 2 when not given.
 *
 * @example
 * ```ts
 * import { workersFrom } from "./take_flags.ts";
 * workersFrom("4"); // 4
 * ```
 */
export function workersFrom(text: string | undefined): number {
  const n = text === undefined ? 2 : Number(text);
  if (!Number.isSafeInteger(n) || n < 1 || n > 64) {
    throw new CliError(`--workers must be an integer from 1 to 64, got ${text}`);
  }
  return n;
}
