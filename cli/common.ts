/**
 * Small pieces shared by the commands: the package version, JSON file reading with clear errors,
 * and the agent config fields as flags (from the agent registry).
 *
 * @example
 * ```ts
 * import { agentFieldSpecs } from "./common.ts";
 * console.log(agentFieldSpecs("ppo").map((f) => f.name));
 * ```
 *
 * @module
 */
import denoJson from "../deno.json" with { type: "json" };
import { RMSPROP_FIELDS } from "../core/optim/rmsprop_config.ts";
import { agentDefaults } from "../agents/common/config.ts";
import { agentDefinition } from "../run/agents.ts";
import { CliError } from "./cli_error.ts";
import { flagFromField, type FlagSpec } from "./flags.ts";
import type { Agent } from "../agents/common/agent.ts";
import { validateShapes } from "../core/checkpoint.ts";

/** The package version from deno.json. */
export const VERSION: string = denoJson.version;

/**
 * The agent's config fields as flags (kebab-case), from its declaration in the agent registry:
 * its own fields, then the `rmsprop*` fields with the agent's resolved defaults.
 *
 * @throws {RangeError} for an unknown agent name.
 */
export function agentFieldSpecs(agent: string): FlagSpec[] {
  const { config } = agentDefinition(agent);
  const defaults = agentDefaults(config) as Record<string, unknown>;
  return [
    ...Object.entries(config.fields).map(([name, field]) =>
      flagFromField(name, field, field.default)
    ),
    ...Object.entries(RMSPROP_FIELDS).map(([name, rule]) =>
      flagFromField(name, rule, defaults[name], name in config.rmsprop ? "" : " from the preset")
    ),
  ];
}

/** Reads and parses a JSON file, turning every failure into one clear {@linkcode CliError}. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "no such file"
      : e instanceof Deno.errors.IsADirectory
      ? "is a directory"
      : (e as Error).message;
    throw new CliError(`${what} ${path}: cannot read it (${why})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${what} ${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** JSON text of any decoded value (a bigint, which JSON lacks, is written `12n`). */
function show(value: unknown): string {
  return JSON.stringify(value, (_, x) => typeof x === "bigint" ? `${x}n` : x) ?? String(value);
}

/**
 * Throws a {@linkcode CliError} naming the first key where a checkpoint's config differs from
 * the run's (a checkpoint of another run copied into this directory, or an edited config.json).
 */
export function assertSameConfig(
  found: unknown,
  expected: Record<string, unknown>,
  file: string,
): void {
  const f = (found ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(expected), ...Object.keys(f)])) {
    // A run extended with --resume --total-timesteps resumes from checkpoints of its old budget.
    if (key === "totalTimesteps" && (f[key] as number) <= (expected[key] as number)) continue;
    if (show(f[key]) !== show(expected[key])) {
      throw new CliError(
        `Cannot load checkpoint ${file}: it was written with ${key} = ${
          show(f[key])
        }, but the run's config.json has ${show(expected[key])}`,
      );
    }
  }
}

/**
 * Loads a decoded checkpoint's state into `agent` (built with the run's config): checks the
 * config and the shapes, then restores; every problem is a {@linkcode CliError} naming `file`.
 */
export function restoreCheckpoint(
  agent: Agent,
  checkpoint: { config: unknown; state: unknown },
  expectedConfig: Record<string, unknown>,
  file: string,
): void {
  assertSameConfig(checkpoint.config, expectedConfig, file);
  try {
    validateShapes(checkpoint.state, agent.state(), { file });
    agent.loadState(checkpoint.state as Record<string, unknown>);
  } catch (e) {
    const message = (e as Error).message;
    throw new CliError(
      message.includes(file) ? message : `Cannot load checkpoint ${file}: ${message}`,
    );
  }
}
