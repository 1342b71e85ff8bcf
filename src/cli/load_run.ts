/**
 * Loads a trained agent back from a run directory (its `config.json` and newest valid
 * checkpoint), for `eval` and `play`.
 *
 * @example
 * ```ts
 * import { loadRun } from "./load_run.ts";
 * const { agent, run } = await loadRun("runs/CartPole-v1__ppo__1__1763900000");
 * ```
 *
 * @module
 */
import type { Agent } from "../agent.ts";
import { createAgent } from "../train/agents.ts";
import { validateShapes } from "../train/checkpoint.ts";
import { loadLatestCheckpoint } from "./checkpoint_files.ts";
import { CliError } from "./cli_error.ts";
import { assertSameConfig, readJsonFile } from "./common.ts";
import type { RunConfig } from "./train.ts";

/** What {@linkcode loadRun} returns. */
export interface LoadedRun {
  /** The run's config.json. */
  run: RunConfig;
  /** The agent with the checkpoint's state. */
  agent: Agent;
  /** The step of the checkpoint loaded. */
  step: number;
}

/** Loads the agent of a run directory; every problem is one {@linkcode CliError}. */
export async function loadRun(dir: string, flag = "--run"): Promise<LoadedRun> {
  let isDir = false;
  try {
    isDir = Deno.statSync(dir).isDirectory;
  } catch {
    throw new CliError(`${flag} ${dir}: no such directory`);
  }
  if (!isDir) throw new CliError(`${flag} ${dir}: not a directory`);
  let run: RunConfig;
  try {
    run = readJsonFile(`${dir}/config.json`, flag) as RunConfig;
  } catch {
    throw new CliError(
      `${flag} ${dir}: not a run directory (no readable config.json; runs are made by deno task train)`,
    );
  }
  if (!run || typeof run.agent !== "string" || typeof run.config !== "object") {
    throw new CliError(`${flag} ${dir}: config.json is not a run config`);
  }
  let agent: Agent;
  try {
    agent = createAgent(run.agent, run.config);
  } catch (e) {
    throw new CliError(`${flag} ${dir}: config.json is invalid: ${(e as Error).message}`);
  }
  let loaded;
  try {
    loaded = await loadLatestCheckpoint(dir, {
      agent: run.agent,
      env: run.env,
      copy: true,
      onWarning: (m) => console.error(`warning: ${m}`),
    });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (!loaded) throw new CliError(`${flag} ${dir}: the run has no checkpoint yet`);
  assertSameConfig(loaded.checkpoint.config, run.config, loaded.path);
  try {
    validateShapes(loaded.checkpoint.state, agent.state(), { file: loaded.path });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  agent.loadState(loaded.checkpoint.state as Record<string, unknown>);
  return { run, agent, step: loaded.step };
}
