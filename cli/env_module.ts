/**
 * `--env-module`: loads a user's module that registers envs (`register` from `"@seeded/rl"`)
 * before a command looks up `--env`. A run records the module's absolute path in `config.json`
 * as `envModule`, so `eval`, `play`, `train --resume` and sweep workers load it again by
 * themselves.
 *
 * @example
 * ```ts
 * import { loadEnvModule } from "./env_module.ts";
 * await loadEnvModule("./examples/corridor.ts"); // registers Corridor-v0
 * ```
 *
 * @module
 */
import { CliError } from "./cli_error.ts";
import type { FlagSpec } from "./flags.ts";

/** The `--env-module` flag of `train` and `sweep`. */
export const ENV_MODULE_FLAG: FlagSpec = {
  name: "envModule",
  kind: "string",
  doc: "A module that registers your own env (register from @seeded/rl); recorded in the run.",
};

/** The absolute path of a module path given relative to the working directory. */
export function resolveModulePath(path: string): string {
  if (/^file:/.test(path)) return decodeURIComponent(new URL(path).pathname);
  return decodeURIComponent(new URL(path, `file://${Deno.cwd()}/`).pathname);
}

/**
 * Imports the module at `path` (relative to the working directory, or absolute) once; `null`
 * or `undefined` does nothing. Returns the absolute path, or `null`.
 *
 * @throws {CliError} if the file is missing or the module fails to load.
 */
export async function loadEnvModule(
  path: string | null | undefined,
  what = "--env-module",
): Promise<string | null> {
  if (path === null || path === undefined) return null;
  if (typeof path !== "string" || path === "") {
    throw new CliError(`${what} must be a module path, got ${JSON.stringify(path)}`);
  }
  const abs = resolveModulePath(path);
  try {
    if (!Deno.statSync(abs).isFile) throw new Error("not a file");
  } catch {
    throw new CliError(`${what} ${path}: no such module file (${abs})`);
  }
  try {
    await import(new URL(`file://${abs}`).href);
  } catch (e) {
    throw new CliError(`${what} ${path}: cannot load the module: ${(e as Error).message}`);
  }
  return abs;
}

/**
 * The env module a command line asks for: `--env-module`, else the `envModule` recorded in the
 * `--config` file (a run's `config.json`), else `undefined`.
 */
export function envModuleOf(args: readonly string[]): string | undefined {
  const flag = flagValue(args, "env-module");
  if (flag !== undefined) return flag;
  const config = flagValue(args, "config");
  if (config === undefined) return undefined;
  try {
    const json = JSON.parse(Deno.readTextFileSync(config));
    return typeof json?.envModule === "string" ? json.envModule : undefined;
  } catch {
    return undefined; // resolveRun reports a bad --config file
  }
}

/** The value of the last `--flag value` / `--flag=value` in `args` (the last one wins, as in `parseFlags`). */
export function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = args.length - 1; i >= 0; i--) {
    if (args[i] === `--${flag}`) return args[i + 1];
    if (args[i].startsWith(`--${flag}=`)) return args[i].slice(flag.length + 3);
  }
  return undefined;
}
