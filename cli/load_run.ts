/**
 * Loads a trained agent back from a run directory (its `config.json` and newest valid
 * checkpoint, or `best.ckpt`, the policy of its best evaluation), or from one `.ckpt` file (which
 * holds its agent, env and config; for example one downloaded from the web page), for `eval` and
 * `play`.
 *
 * @example
 * ```ts
 * import { loadRun } from "./load_run.ts";
 * const { agent, run } = await loadRun("runs/CartPole-v1__ppo__1__1763900000");
 * ```
 *
 * @module
 */
import type { Agent } from "../agents/common/agent.ts";
import { createAgent } from "../run/agents.ts";
import { restoreAgent } from "../run/load_agent.ts";
import {
  BEST_CHECKPOINT_NAME,
  type LoadedCheckpoint,
  loadLatestCheckpoint,
  readCheckpointFile,
} from "./checkpoint_files.ts";
import { CliError } from "./cli_error.ts";
import type { FlagSpec } from "./flags.ts";
import { readJsonFile, restoreCheckpoint } from "./common.ts";
import { loadEnvModule } from "./env_module.ts";
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

/** Which checkpoint of a run to load: the newest, or the one of the best evaluation. */
export type CheckpointChoice = "latest" | "best";

/** The `--checkpoint latest|best` flag of `eval` and `play`. */
export const CHECKPOINT_FLAG: FlagSpec = {
  name: "checkpoint",
  kind: "string",
  doc: "Which policy: latest (the newest checkpoint) or best (best.ckpt, the best evaluation).",
  default: "latest",
  choices: ["latest", "best"],
};

/** Loads the agent of a run directory; every problem is one {@linkcode CliError}. */
export async function loadRun(
  dir: string,
  flag = "--run",
  which: CheckpointChoice = "latest",
): Promise<LoadedRun> {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(dir);
  } catch {
    throw new CliError(`${flag} ${dir}: no such directory or checkpoint file`);
  }
  if (info.isFile) {
    if (which === "best") {
      throw new CliError(`${flag} ${dir}: --checkpoint best needs a run directory, not a file`);
    }
    return await loadCheckpointOnly(dir, flag);
  }
  if (!info.isDirectory) throw new CliError(`${flag} ${dir}: not a directory`);
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
  await loadEnvModule(run.envModule, `${flag} ${dir}: config.json envModule`);
  let agent: Agent;
  try {
    agent = createAgent(run.agent, run.config);
  } catch (e) {
    throw new CliError(`${flag} ${dir}: config.json is invalid: ${(e as Error).message}`);
  }
  let loaded: LoadedCheckpoint | null;
  try {
    loaded = which === "best" ? await loadBest(dir, run, flag) : await loadLatestCheckpoint(dir, {
      agent: run.agent,
      env: run.env,
      copy: true,
      onWarning: (m) => console.error(`warning: ${m}`),
    });
  } catch (e) {
    throw e instanceof CliError ? e : new CliError((e as Error).message);
  }
  if (!loaded) throw new CliError(`${flag} ${dir}: the run has no checkpoint yet`);
  restoreCheckpoint(agent, loaded.checkpoint, run.config, loaded.path);
  return { run, agent, step: loaded.step };
}

/** A single `.ckpt` file: the agent is built from the agent id and config stored in it. */
async function loadCheckpointOnly(path: string, flag: string): Promise<LoadedRun> {
  let checkpoint, agent: Agent;
  try {
    checkpoint = await readCheckpointFile(path, { copy: true });
    agent = restoreAgent(checkpoint, path);
  } catch (e) {
    throw new CliError(`${flag} ${path}: ${(e as Error).message}`);
  }
  const config = checkpoint.config as Record<string, unknown>;
  const step = Number((checkpoint.counters as { globalStep?: number })?.globalStep ?? 0);
  const run: RunConfig = {
    agent: checkpoint.agent,
    env: checkpoint.env,
    seed: Number(config.seed ?? 0),
    totalTimesteps: step,
    evalEvery: 0,
    evalEpisodes: 0,
    checkpointEvery: 0,
    keepCheckpoints: 0,
    preset: null,
    config,
    versions: (checkpoint.meta as { versions?: RunConfig["versions"] })?.versions ??
      { seededRl: "", deno: "", v8: "", typescript: "" },
  };
  return { run, agent, step };
}

/** Reads `best.ckpt`; its step is the step of the evaluation it holds. */
async function loadBest(dir: string, run: RunConfig, flag: string): Promise<LoadedCheckpoint> {
  const path = `${dir}/${BEST_CHECKPOINT_NAME}`;
  try {
    Deno.statSync(path);
  } catch {
    throw new CliError(
      `${flag} ${dir}: no ${BEST_CHECKPOINT_NAME} (runs write it at each evaluation that beats ` +
        `the earlier ones; use --checkpoint latest)`,
    );
  }
  const checkpoint = await readCheckpointFile(path, { agent: run.agent, env: run.env, copy: true });
  const step = Number((checkpoint.counters as { globalStep?: number }).globalStep);
  return { step, path, checkpoint };
}
