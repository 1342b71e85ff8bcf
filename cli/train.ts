/**
 * `deno task train`: trains an agent and leaves a run directory behind (config, metrics, curve,
 * summary, checkpoints, and `best.ckpt`: the agent at its best evaluation). `--resume <dir>`
 * continues a run bit-exactly from its latest checkpoint.
 *
 * @example
 * ```sh
 * deno task train --agent ppo --env CartPole-v1 --seed 1 --total-timesteps 100000
 * deno task train --preset cartpole-dqn --seed 3
 * deno task train --resume runs/CartPole-v1__ppo__1__1763900000
 * ```
 *
 * @module
 */
import type { Agent } from "../agents/common/agent.ts";
import { registry } from "../envs/registry.ts";
import { presets } from "../run/presets.ts";
import { agentDefinition, agentNames, createAgent } from "../run/agents.ts";
import {
  type EvalPoint,
  type MetricRecord,
  type RunSummary,
  runTraining,
  WALL_CLOCK_KEYS,
} from "../run/runner.ts";
import type { Checkpoint } from "../core/checkpoint.ts";
import { agentCheckpoint } from "../core/save_agent.ts";
import { checkSeed } from "../core/random.ts";
import { NonFiniteError } from "../agents/common/finite.ts";
import { CliError, errorLine, RunFailure } from "./cli_error.ts";
import { didYouMean } from "../core/text.ts";
import { type FlagSpec, formatFlags, kebab, parseFlags } from "./flags.ts";
import { Progress } from "./progress.ts";
import {
  createRunDir,
  guardWrite,
  metricsToCsv,
  MetricsWriter,
  readMetrics,
  rewriteMetrics,
  WriteFailure,
  writeJsonAtomic,
} from "./run_files.ts";
import { writeFileAtomicSync } from "./write_file_atomic.ts";
import {
  checkpointFileName,
  listCheckpointFiles,
  loadLatestCheckpoint,
  writeBestCheckpointFile,
  writeCheckpointFile,
} from "./checkpoint_files.ts";
import { plotRun } from "./plot.ts";
import { lockDirectory } from "./run_lock.ts";
import { agentFieldSpecs, readJsonFile, restoreCheckpoint, VERSION } from "./common.ts";

/**
 * What `deno task train` with none of `--agent`, `--preset`, `--config`, `--env` trains: PPO on
 * CartPole-v1 (its preset), seed 1, as CleanRL's scripts train CartPole when run bare. Other flags
 * (`--seed`, `--total-timesteps`...) still apply.
 */
export const DEFAULT_RUN: { readonly preset: string; readonly seed: number } = Object.freeze({
  preset: "cartpole-ppo",
  seed: 1,
});

/** Run-level flags (not agent config fields). */
const RUN_FLAGS: FlagSpec[] = [
  { name: "agent", kind: "string", doc: "The algorithm (see Agents below)." },
  { name: "preset", kind: "string", doc: "A named known-good configuration (see below)." },
  {
    name: "config",
    kind: "string",
    doc: "A JSON config file (a run's config.json works); flags override it.",
  },
  { name: "out", kind: "string", doc: "Where run directories are created.", default: "runs" },
  {
    name: "evalEvery",
    kind: "number",
    doc: "Evaluate every this many steps (0: only at the end).",
    default: "10% of the total",
  },
  {
    name: "evalEpisodes",
    kind: "number",
    doc: "Episodes per evaluation (deterministic policy, env seeded seed + 10000).",
    default: "10",
  },
  {
    name: "checkpointEvery",
    kind: "number",
    doc: "Write a checkpoint every this many steps (0: only at the end).",
    default: "25% of the total",
  },
  { name: "keepCheckpoints", kind: "number", doc: "How many checkpoints to keep.", default: "3" },
  {
    name: "resume",
    kind: "string",
    doc: "Continue the run in this directory from its latest checkpoint; only --total-timesteps " +
      "(a larger budget extends the run), --checkpoint-every, --keep-checkpoints and --quiet may " +
      "be given with it.",
  },
  { name: "quiet", kind: "boolean", doc: "Print only the final summary." },
];

/** Everything `config.json` records about a run. */
export interface RunConfig {
  /** The algorithm. */
  agent: string;
  /** The environment id. */
  env: string;
  /** The run seed. */
  seed: number;
  /** The training budget. */
  totalTimesteps: number;
  /** Evaluation period in steps (0: only at the end). */
  evalEvery: number;
  /** Episodes per evaluation. */
  evalEpisodes: number;
  /** Checkpoint period in steps (0: only at the end). */
  checkpointEvery: number;
  /** Checkpoints kept. */
  keepCheckpoints: number;
  /** The preset the run started from, if any. */
  preset: string | null;
  /** The earlier budgets of a run extended with `--resume --total-timesteps`, oldest first. */
  extendedFrom?: number[];
  /** The agent's fully resolved config. */
  config: Record<string, unknown>;
  /** Package and runtime versions. */
  versions: { seededRl: string; deno: string; v8: string; typescript: string };
}

function usage(agent: string | undefined): string {
  const lines = [
    "Usage: deno task train [flags]   (alone: --preset cartpole-ppo --seed 1)",
    "       deno task train --agent NAME --env ID [flags]",
    "       deno task train --preset NAME [--seed N] [flags]",
    "       deno task train --resume runs/<dir>",
    "",
    "Run flags:",
    formatFlags(RUN_FLAGS),
    "",
  ];
  if (agent) {
    const { description, actionSpaces } = agentDefinition(agent);
    lines.push(`${agent}: ${description} Actions: ${actionSpaces.join(", ")}.`, "");
    lines.push(`Config flags of ${agent} (every field of its config; CleanRL's names):`);
    lines.push(formatFlags(agentFieldSpecs(agent)));
  } else {
    lines.push("Agents (deno task train --agent NAME --help lists its flags):");
    for (const name of agentNames()) {
      lines.push(`  ${name.padEnd(12)}${agentDefinition(name).description}`);
    }
  }
  lines.push("", `Environments: ${registry.map((s) => s.id).join(", ")}`);
  lines.push("", "Presets:");
  for (const [name, p] of Object.entries(presets)) {
    lines.push(`  ${name.padEnd(28)}${p.agent} on ${p.env}, ${p.totalTimesteps} steps`);
  }
  return lines.join("\n");
}

/** The keys of a run's config.json (a nested `--config`). */
const RUN_CONFIG_KEYS: readonly string[] = [
  "agent",
  "env",
  "seed",
  "totalTimesteps",
  "evalEvery",
  "evalEpisodes",
  "checkpointEvery",
  "keepCheckpoints",
  "preset",
  "config",
  "versions",
  "extendedFrom",
];

/** Run settings a flat `--config` may hold beside the agent's fields. */
const FILE_RUN_KEYS: readonly string[] = [
  "evalEvery",
  "evalEpisodes",
  "checkpointEvery",
  "keepCheckpoints",
  "preset",
  "versions",
  "extendedFrom",
];

/** `" (presets of dqn: cartpole-dqn, ...)"`, or `""` if the agent has none. */
function presetsOf(agent: string): string {
  const names = Object.entries(presets).filter(([, p]) => p.agent === agent).map(([n]) => n);
  return names.length ? ` (drop --agent, or use a ${agent} preset: ${names.join(", ")})` : "";
}

function unknownAgent(name: string): CliError {
  return new CliError(
    `Unknown agent "${name}"${didYouMean(name, agentNames())}: expected one of ${
      agentNames().join(", ")
    }`,
  );
}

/** The value of the last `--flag` in `args` (the last one wins, as in {@linkcode parseFlags}). */
function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = args.length - 1; i >= 0; i--) {
    if (args[i] === `--${flag}`) return args[i + 1];
    if (args[i].startsWith(`--${flag}=`)) return args[i].slice(flag.length + 3);
  }
  return undefined;
}

function checkCount(name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new CliError(`--${kebab(name)} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

/**
 * Resolves train flags, preset and config file into a validated run config and a constructed
 * agent; every problem is a {@linkcode CliError} (sweeps call it once per planned run).
 */
export function resolveRun(args: readonly string[]): { run: RunConfig; agent: Agent } {
  // Phase 1: which agent? (its config fields decide which flags exist). With none of --agent,
  // --preset, --config, --env: the default preset and seed, as CleanRL's scripts run bare.
  const bare = ["agent", "preset", "config", "env"].every((f) => flagValue(args, f) === undefined);
  const presetName = bare ? DEFAULT_RUN.preset : flagValue(args, "preset");
  const preset = presetName === undefined ? undefined : presets[presetName];
  if (presetName !== undefined && !preset) {
    throw new CliError(
      `Unknown preset "${presetName}"${
        didYouMean(presetName, Object.keys(presets))
      }: expected one of ${Object.keys(presets).join(", ")}`,
    );
  }
  const configPath = flagValue(args, "config");
  let fileConfig: Record<string, unknown> = {};
  let fileRun: Record<string, unknown> = {};
  if (configPath !== undefined) {
    const json = readJsonFile(configPath, "--config");
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new CliError(`--config ${configPath}: expected a JSON object`);
    }
    const obj = json as Record<string, unknown>;
    fileRun = obj;
    if (typeof obj.config === "object" && obj.config !== null && !Array.isArray(obj.config)) {
      // A run's config.json: run settings at the top, the agent's config under "config".
      fileConfig = { ...(obj.config as Record<string, unknown>) };
      const unknown = Object.keys(obj).find((k) => !RUN_CONFIG_KEYS.includes(k));
      if (unknown !== undefined) {
        throw new CliError(
          `--config ${configPath}: unknown top-level key "${unknown}"${
            didYouMean(unknown, RUN_CONFIG_KEYS)
          } (expected ${RUN_CONFIG_KEYS.join(", ")})`,
        );
      }
    } else {
      // A flat file: agent config fields and run settings side by side.
      fileConfig = { ...obj };
      for (const k of ["agent", ...FILE_RUN_KEYS]) delete fileConfig[k];
    }
    if (fileRun.agent !== undefined && typeof fileRun.agent !== "string") {
      throw new CliError(
        `--config ${configPath}: "agent" must be a string (one of ${agentNames().join(", ")}), ` +
          `got ${JSON.stringify(fileRun.agent)}`,
      );
    }
  }
  const flagAgent = flagValue(args, "agent");
  if (preset && flagAgent !== undefined && flagAgent !== preset.agent) {
    throw new CliError(
      `--preset ${presetName} is a ${preset.agent} preset; it cannot be used with --agent ${flagAgent}${
        presetsOf(flagAgent)
      }`,
    );
  }
  const agentName = flagAgent ?? (fileRun.agent as string | undefined) ?? preset?.agent;
  if (agentName === undefined) {
    throw new CliError(
      `train: --agent is required (one of ${agentNames().join(", ")}), or use --preset`,
    );
  }
  if (!agentNames().includes(agentName)) {
    throw unknownAgent(agentName);
  }
  // Phase 2: parse everything strictly.
  const fieldSpecs = agentFieldSpecs(agentName);
  const { values } = parseFlags(args, [...RUN_FLAGS, ...fieldSpecs], "train");
  const fields = new Set(fieldSpecs.map((f) => f.name));
  const unknownKeys = Object.keys(fileConfig).filter((k) => !fields.has(k));
  if (unknownKeys.length) {
    throw new CliError(
      `--config ${configPath}: unknown ${agentName} config key "${unknownKeys[0]}"${
        didYouMean(unknownKeys[0], [...fields])
      }`,
    );
  }
  const config: Record<string, unknown> = {
    ...(bare ? { seed: DEFAULT_RUN.seed } : {}),
    ...(preset && preset.agent === agentName
      ? { env: preset.env, totalTimesteps: preset.totalTimesteps, ...preset.config }
      : {}),
    ...fileConfig,
  };
  for (const [k, v] of Object.entries(values)) if (fields.has(k)) config[k] = v;
  if (config.env === undefined) {
    throw new CliError(`train: --env is required (one of ${registry.map((s) => s.id).join(", ")})`);
  }
  const envId = String(config.env);
  if (!registry.some((s) => s.id === envId)) {
    throw new CliError(
      `Unknown env "${envId}"${didYouMean(envId, registry.map((s) => s.id))}: expected one of ${
        registry.map((s) => s.id).join(", ")
      }`,
    );
  }
  if (config.seed !== undefined) checkSeed(config.seed, "--seed");
  let agent: Agent;
  try {
    agent = createAgent(agentName, config);
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) throw new CliError(e.message);
    throw e;
  }
  const resolved = agent.config as Record<string, unknown>;
  const total = checkCount("totalTimesteps", resolved.totalTimesteps, 1);
  const numEnvs = Number(resolved.numEnvs ?? 1);
  const pick = (name: string, fallback: number): unknown =>
    values[name] ?? fileRun[name] ?? fallback;
  const round = (x: number): number => Math.max(numEnvs, Math.round(x / numEnvs) * numEnvs);
  const run: RunConfig = {
    agent: agentName,
    env: envId,
    seed: Number(resolved.seed),
    totalTimesteps: total,
    evalEvery: checkCount("evalEvery", pick("evalEvery", round(total / 10)), 0),
    evalEpisodes: checkCount("evalEpisodes", pick("evalEpisodes", 10), 1),
    checkpointEvery: checkCount("checkpointEvery", pick("checkpointEvery", round(total / 4)), 0),
    keepCheckpoints: checkCount("keepCheckpoints", pick("keepCheckpoints", 3), 1),
    preset: presetName ?? (fileRun.preset as string | undefined) ?? null,
    config: resolved,
    versions: {
      seededRl: VERSION,
      deno: Deno.version.deno,
      v8: Deno.version.v8,
      typescript: Deno.version.typescript,
    },
  };
  for (const name of ["totalTimesteps", "evalEvery", "checkpointEvery"] as const) {
    if (run[name] % numEnvs !== 0) {
      throw new CliError(
        `--${kebab(name)} must be a multiple of --num-envs (${numEnvs}), got ${run[name]}`,
      );
    }
  }
  return { run, agent };
}

/** Options of {@linkcode executeRun}. */
export interface ExecuteOptions {
  /** Print only the final summary (no progress). */
  quiet?: boolean;
  /** Where text goes. @default {stdout} */
  write?: (text: string) => void;
  /** Draw a progress bar in place. @default {stdout is a terminal and not quiet} */
  tty?: boolean;
  /** Polled between chunks: true stops the run cleanly (it can be resumed). */
  shouldStop?: () => boolean;
  /** Warnings (a damaged checkpoint skipped). @default {stderr} */
  warn?: (text: string) => void;
}

/** What {@linkcode executeRun} returns; also written as `summary.json`. */
export interface RunResult {
  /** The algorithm. */
  agent: string;
  /** The env id. */
  env: string;
  /** The run seed. */
  seed: number;
  /** Steps done. */
  globalStep: number;
  /** The budget. */
  totalTimesteps: number;
  /** Whether the run stopped early (it can be resumed). */
  interrupted: boolean;
  /** The last evaluation. */
  finalEval: EvalPoint | null;
  /** The evaluation with the highest mean (the first one on ties): the policy in `best.ckpt`. */
  bestEval: EvalPoint | null;
  /** The env's reward threshold. */
  rewardThreshold: number | null;
  /** Whether the final evaluation reached the threshold. */
  solved: boolean;
  /** The first evaluation step whose mean reached the threshold. */
  stepsToThreshold: number | null;
  /** Finished training episodes. */
  episodes: number;
  /** Wall-clock seconds of training, summed over resumed parts. */
  wallClockSeconds: number;
  /** Environment steps per second of the last part. */
  stepsPerSecond: number;
  /** Why the run stopped before its budget (a full disk, diverged training), if it did. */
  error?: string;
}

/**
 * Runs (or continues, from the newest valid checkpoint in `dir`) the run described by `run` in
 * `dir`: appends metrics, writes checkpoints, and at the end `metrics.csv`, `curve.svg` and
 * `summary.json`. The same function serves `train`, `train --resume` and sweep workers.
 */
export async function executeRun(
  run: RunConfig,
  dir: string,
  options: ExecuteOptions = {},
): Promise<RunResult> {
  const lock = lockDirectory(dir, "train");
  try {
    if (lock.tookOverFrom) {
      (options.warn ?? console.error)(
        `note: took over the lock of process ${lock.tookOverFrom.pid} (it stopped without releasing it)`,
      );
    }
    return await executeLocked(run, dir, options);
  } catch (e) {
    if (e instanceof WriteFailure) {
      const cause = (e.cause as Error)?.message ?? "";
      const full = /os error 28|no space/i.test(cause) ? " (the disk is full)" : "";
      throw await stopRun(run, dir, `${e.message}${full}`, "resume");
    }
    if (e instanceof NonFiniteError) throw await stopRun(run, dir, e.message, "diverged");
    throw e;
  } finally {
    lock.release();
  }
}

async function executeLocked(
  run: RunConfig,
  dir: string,
  options: ExecuteOptions,
): Promise<RunResult> {
  const quiet = options.quiet ?? false;
  const encoder = new TextEncoder();
  const write = options.write ??
    ((s: string): void => void Deno.stdout.writeSync(encoder.encode(s)));
  const say = (s: string): void => {
    if (!quiet) write(s);
  };
  const warn = options.warn ?? ((s: string): void => console.error(s));
  const spec = registry.find((s) => s.id === run.env);
  if (!spec) throw new CliError(`Unknown env "${run.env}" in ${dir}/config.json`);
  let agent: Agent;
  try {
    agent = createAgent(run.agent, run.config);
  } catch (e) {
    throw new CliError(`${dir}/config.json is invalid: ${(e as Error).message}`);
  }
  // A new run writes config.json; a resumed one rewrites it if --resume changed it (an extension).
  let resuming = false;
  try {
    const onDisk = Deno.readTextFileSync(`${dir}/config.json`);
    resuming = true;
    if (JSON.stringify(JSON.parse(onDisk)) !== JSON.stringify(run)) {
      writeJsonAtomic(`${dir}/config.json`, run);
    }
  } catch (e) {
    if (e instanceof WriteFailure) throw e;
    writeJsonAtomic(`${dir}/config.json`, run);
  }
  const loaded = await loadLatestCheckpoint(dir, {
    agent: run.agent,
    env: run.env,
    copy: true,
    onWarning: (m) => warn(`warning: ${m}`),
  });
  if (resuming && !loaded) {
    warn(
      `note: ${dir} has no checkpoint yet (it stopped before its first one, due at step ${
        run.checkpointEvery || run.totalTimesteps
      }): training starts again from step 0`,
    );
  }
  let previousWallClock = 0;
  if (loaded) {
    restoreCheckpoint(agent, loaded.checkpoint, run.config, loaded.path);
    previousWallClock = Number(
      (loaded.checkpoint.counters as { wallClockSeconds?: number })?.wallClockSeconds ?? 0,
    );
  }
  // Keep exactly the records the checkpoint has seen; a killed writer may have left more.
  const seen = readMetrics(dir, agent.globalStep);
  rewriteMetrics(dir, seen);
  // The best evaluation so far; a later one that beats it replaces best.ckpt. (After a kill,
  // best.ckpt may be from an evaluation past the checkpoint: the rerun repeats it exactly.)
  let bestMean = bestEvalOf(seen)?.mean ?? -Infinity;
  if (loaded && agent.globalStep < run.totalTimesteps) {
    say(`Resuming ${dir} at step ${agent.globalStep} of ${run.totalTimesteps}\n`);
  }

  const writer = new MetricsWriter(`${dir}/metrics.jsonl`);
  const tty = options.tty ?? (!quiet && Deno.stdout.isTerminal());
  const progress = new Progress({ total: run.totalTimesteps, tty, write: say });
  // The agent's current state as a checkpoint of this run, with the given counters.
  const snapshot = (counters: Record<string, number>): Checkpoint =>
    agentCheckpoint(agent, {
      counters,
      meta: { versions: run.versions, writtenAt: new Date().toISOString() },
    });
  const checkpoint = async (step: number, wallClock: number): Promise<void> => {
    writer.flush(true);
    const state = snapshot({ globalStep: step, wallClockSeconds: wallClock });
    await guardWrite(
      `${dir}/${checkpointFileName(step)}`,
      () => writeCheckpointFile(dir, step, state, { keepLast: run.keepCheckpoints }),
    );
  };
  const started = performance.now();
  let summary: RunSummary;
  if (agent.globalStep >= run.totalTimesteps) {
    // Finished, but its outputs were not all written (killed at the very end): only write them.
    summary = {
      globalStep: agent.globalStep,
      finalEval: null,
      stepsToThreshold: null,
      episodes: 0,
      interrupted: false,
      wallClockSeconds: 0,
      stepsPerSecond: 0,
    };
  } else {
    summary = await runTraining(agent, {
      totalTimesteps: run.totalTimesteps,
      evalEvery: run.evalEvery,
      evalEpisodes: run.evalEpisodes,
      checkpointEvery: run.checkpointEvery,
      onRecord: (r) => writer.write(r),
      onProgress: (p) => {
        writer.flush();
        progress.update(p);
      },
      onCheckpoint: (step) =>
        checkpoint(step, previousWallClock + (performance.now() - started) / 1000),
      onEval: (point) => {
        if (!(point.mean > bestMean)) return;
        bestMean = point.mean;
        const state = snapshot({
          globalStep: point.step,
          evalMean: point.mean,
          evalStd: point.std,
        });
        guardWrite(`${dir}/best.ckpt`, () => writeBestCheckpointFile(dir, state));
      },
      shouldStop: options.shouldStop,
    }, spec.rewardThreshold).finally(() => progress.done());
  }
  const wallClockSeconds = previousWallClock + summary.wallClockSeconds;
  if (!loaded || loaded.step !== agent.globalStep) {
    await checkpoint(agent.globalStep, wallClockSeconds);
  }
  writer.close();

  const records = readMetrics(dir);
  writeFileAtomicSync(`${dir}/metrics.csv`, metricsToCsv(records));
  const episodes = records.filter((r) => r.type === "episode");
  const evals = records.filter((r) => r.type === "eval");
  const firstSolved = spec.rewardThreshold === null
    ? undefined
    : evals.find((r) => Number(r["eval/mean_return"]) >= spec.rewardThreshold!);
  const lastEval = evals.at(-1);
  const finalEval = summary.finalEval ??
    (lastEval
      ? {
        step: lastEval.global_step,
        mean: Number(lastEval["eval/mean_return"]),
        std: Number(lastEval["eval/std_return"]),
        episodes: Number(lastEval["eval/episodes"]),
      }
      : null);
  const svg = await plotRun({
    steps: episodes.map((r) => r.global_step),
    returns: episodes.map((r) => Number(r["charts/episodic_return"])),
    evals: evals.map((r) => ({
      step: r.global_step,
      mean: Number(r["eval/mean_return"]),
      std: Number(r["eval/std_return"]),
    })),
  }, {
    title: `${run.env} · ${run.agent} · seed ${run.seed}`,
    threshold: spec.rewardThreshold,
    totalSteps: run.totalTimesteps,
  });
  writeFileAtomicSync(`${dir}/curve.svg`, svg);
  const result: RunResult = {
    agent: run.agent,
    env: run.env,
    seed: run.seed,
    globalStep: agent.globalStep,
    totalTimesteps: run.totalTimesteps,
    interrupted: summary.interrupted,
    finalEval,
    bestEval: bestEvalOf(records),
    rewardThreshold: spec.rewardThreshold,
    solved: !summary.interrupted && finalEval !== null && spec.rewardThreshold !== null &&
      finalEval.mean >= spec.rewardThreshold,
    stepsToThreshold: firstSolved ? firstSolved.global_step : null,
    episodes: episodes.length,
    wallClockSeconds,
    stepsPerSecond: summary.stepsPerSecond,
  };
  writeJsonAtomic(`${dir}/summary.json`, result);
  return result;
}

/**
 * A run that cannot go on: says what is still intact and how to continue, writes `summary.json`
 * with the reason if the disk allows, and returns the error to throw.
 */
async function stopRun(
  run: RunConfig,
  dir: string,
  reason: string,
  why: "resume" | "diverged",
): Promise<RunFailure> {
  const last = (await listCheckpointFiles(dir)).at(-1);
  const intact = why === "diverged"
    ? (last
      ? `The newest checkpoint, ${last.path} (step ${last.step}), holds the last finite weights ` +
        `(deno task eval --run ${dir}); resuming would diverge again`
      : "No checkpoint was written before it")
    : last
    ? `The last checkpoint, ${last.path} (step ${last.step}), is intact: ` +
      `continue from it with: deno task train --resume ${dir}`
    : `No checkpoint was written yet: deno task train --resume ${dir} starts again from step 0`;
  const message = `${reason}. ${intact}`;
  const records = readMetrics(dir, last?.step ?? 0);
  const result: RunResult = {
    agent: run.agent,
    env: run.env,
    seed: run.seed,
    globalStep: last?.step ?? 0,
    totalTimesteps: run.totalTimesteps,
    interrupted: true,
    finalEval: null,
    bestEval: bestEvalOf(records),
    rewardThreshold: registry.find((s) => s.id === run.env)?.rewardThreshold ?? null,
    solved: false,
    stepsToThreshold: null,
    episodes: records.filter((r) => r.type === "episode").length,
    wallClockSeconds: 0,
    stepsPerSecond: 0,
    error: message,
  };
  try {
    writeJsonAtomic(`${dir}/summary.json`, result);
  } catch { /* no space for it either: the message says it all */ }
  return new RunFailure(message);
}

/** The eval record with the highest mean (the first on ties), or null. */
function bestEvalOf(records: readonly MetricRecord[]): EvalPoint | null {
  let best: EvalPoint | null = null;
  for (const r of records) {
    if (r.type !== "eval") continue;
    const mean = Number(r["eval/mean_return"]);
    if (!(mean > (best?.mean ?? -Infinity))) continue;
    best = {
      step: r.global_step,
      mean,
      std: Number(r["eval/std_return"]),
      episodes: Number(r["eval/episodes"]),
    };
  }
  return best;
}

/** The closing lines printed after a run. */
function report(result: RunResult, dir: string): string {
  const lines = [
    result.interrupted
      ? `Interrupted at step ${result.globalStep}; resume with: deno task train --resume ${dir}`
      : `Done: ${result.globalStep} steps in ${result.wallClockSeconds.toFixed(1)} s (${
        Math.round(result.stepsPerSecond).toLocaleString("en-US")
      } steps/s)`,
  ];
  const f = result.finalEval;
  if (f && !result.interrupted) {
    lines.push(
      `Final evaluation: ${f.mean.toFixed(2)} ± ${f.std.toFixed(2)} over ${f.episodes} episodes` +
        (result.rewardThreshold === null
          ? ""
          : ` (threshold ${result.rewardThreshold}: ${result.solved ? "solved" : "not solved"}${
            result.stepsToThreshold !== null
              ? `, first reached at step ${result.stepsToThreshold}`
              : ""
          })`),
    );
  }
  const b = result.bestEval;
  if (b && !result.interrupted && f && b.mean > f.mean) {
    lines.push(
      `Best evaluation: ${b.mean.toFixed(2)} ± ${b.std.toFixed(2)} at step ${b.step} ` +
        `(saved as best.ckpt; deno task eval --run ${dir} --checkpoint best)`,
    );
  }
  lines.push(
    `Run directory: ${dir} (curve.svg, metrics.jsonl, metrics.csv, summary.json, checkpoints, ` +
      `best.ckpt)`,
  );
  return lines.join("\n");
}

/** Runs with Ctrl-C handling: the first stops cleanly after the current chunk, a second quits. */
async function executeWithSignals(run: RunConfig, dir: string, quiet: boolean): Promise<number> {
  let stop = false;
  const onSignal = (): void => {
    if (stop) Deno.exit(130);
    stop = true;
    console.error("\nStopping after the current chunk (Ctrl-C again to quit at once)...");
  };
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    const result = await executeRun(run, dir, { quiet, shouldStop: () => stop });
    console.log(report(result, dir));
    return result.interrupted ? 130 : 0;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
  }
}

/**
 * The flags `--resume` accepts besides `--quiet`. A resumed run continues bit for bit, so
 * everything that shapes training (agent config, evaluation schedule) stays as config.json has
 * it; only these may change: a larger `--total-timesteps` extends the run, and checkpointing
 * (which never changes results) may be retuned.
 */
const RESUME_FLAGS = ["resume", "quiet", "totalTimesteps", "checkpointEvery", "keepCheckpoints"];

/** Why a flag cannot change on `--resume`. */
function whyFixed(name: string, agentFields: ReadonlySet<string>): string {
  return agentFields.has(name)
    ? "the agent's config is fixed for the life of a run (the resumed run continues it bit for bit)"
    : name === "evalEvery" || name === "evalEpisodes"
    ? "the evaluations already recorded follow the run's schedule; a run has one"
    : "the run's config.json decides it";
}

/**
 * Reads `--resume DIR` and the flags it accepts ({@linkcode RESUME_FLAGS}). A larger
 * `--total-timesteps` extends the run: config.json is rewritten with the new budget (the old one
 * kept in `extendedFrom`). Schedules planned over the budget (PPO's and A2C's annealed learning
 * rate, DQN's ε and annealed lr) follow the new budget from the current step on: an annealed lr
 * jumps back up to `lr · (1 − step / newTotal)`, and ε rises again if the step is before
 * `explorationFraction × newTotal`. So the extended run is not the run that had the larger
 * budget from the start; a note says so.
 */
function resumedRun(args: readonly string[], dir: string): { run: RunConfig; quiet: boolean } {
  const run = readRunConfig(dir);
  const agentSpecs = agentNames().includes(run.agent) ? agentFieldSpecs(run.agent) : [];
  const agentFields = new Set(agentSpecs.map((s) => s.name));
  const { values } = parseFlags(args, [...RUN_FLAGS, ...agentSpecs], "train");
  const fixed = Object.keys(values).find((k) => !RESUME_FLAGS.includes(k));
  if (fixed !== undefined) {
    throw new CliError(
      `train --resume: --${kebab(fixed)} cannot change: ${whyFixed(fixed, agentFields)}. ` +
        `--resume accepts ${RESUME_FLAGS.slice(1).map((k) => `--${kebab(k)}`).join(", ")}`,
    );
  }
  const numEnvs = Number(run.config.numEnvs ?? 1);
  for (const name of ["checkpointEvery", "keepCheckpoints"] as const) {
    if (values[name] === undefined) continue;
    run[name] = checkCount(name, values[name], name === "keepCheckpoints" ? 1 : 0);
    if (name === "checkpointEvery" && run[name] % numEnvs !== 0) {
      throw new CliError(`--checkpoint-every must be a multiple of --num-envs (${numEnvs})`);
    }
  }
  const total = values.totalTimesteps;
  if (total !== undefined && total !== run.totalTimesteps) {
    const t = checkCount("totalTimesteps", total, 1);
    if (t < run.totalTimesteps) {
      throw new CliError(
        `train --resume: --total-timesteps ${t} is below the run's ${run.totalTimesteps}; a run ` +
          `can be extended, not shortened`,
      );
    }
    if (t % numEnvs !== 0) {
      throw new CliError(`--total-timesteps must be a multiple of --num-envs (${numEnvs})`);
    }
    const config = { ...run.config, totalTimesteps: t };
    try {
      createAgent(run.agent, config);
    } catch (e) {
      throw new CliError(`train --resume: --total-timesteps ${t}: ${(e as Error).message}`);
    }
    const c = run.config as { annealLr?: boolean };
    if (c.annealLr || run.agent === "dqn") {
      console.error(
        `note: extending ${run.totalTimesteps} -> ${t} steps: ` +
          (run.agent === "dqn" ? "the ε schedule and " : "") +
          (c.annealLr ? "the annealed learning rate " : "") +
          `follow the new budget from the current step (not the run a ${t}-step budget would ` +
          `have given from the start)`,
      );
    }
    run.extendedFrom = [...(run.extendedFrom ?? []), run.totalTimesteps];
    run.totalTimesteps = t;
    run.config = config;
  }
  return { run, quiet: values.quiet === true };
}

/** Reads a run directory's config.json for --resume. */
function readRunConfig(dir: string): RunConfig {
  const run = readJsonFile(`${dir}/config.json`, "--resume") as RunConfig;
  if (!run || typeof run !== "object" || typeof run.agent !== "string" || !run.config) {
    throw new CliError(`--resume ${dir}: config.json is not a run config`);
  }
  return run;
}

/**
 * The command: parses `args`, trains, and returns the exit status (0 done, 2 bad input,
 * 130 interrupted).
 */
export async function main(args: string[]): Promise<number> {
  try {
    const agentForHelp = flagValue(args, "agent") ??
      presets[flagValue(args, "preset") ?? ""]?.agent;
    if (args.includes("--help") || args.includes("-h")) {
      if (agentForHelp !== undefined && !agentNames().includes(agentForHelp)) {
        throw unknownAgent(agentForHelp);
      }
      console.log(usage(agentForHelp));
      return 0;
    }
    const resumeDir = flagValue(args, "resume");
    if (resumeDir !== undefined) {
      const { run, quiet } = resumedRun(args, resumeDir);
      const done = readMetrics(resumeDir).length > 0 && (() => {
        try {
          const summary = JSON.parse(Deno.readTextFileSync(`${resumeDir}/summary.json`));
          return summary.interrupted === false && summary.globalStep >= run.totalTimesteps;
        } catch {
          return false;
        }
      })();
      if (done) {
        console.log(`Run ${resumeDir} already finished (${run.totalTimesteps} steps)`);
        return 0;
      }
      return await executeWithSignals(run, resumeDir, quiet);
    }
    const { run } = resolveRun(args);
    const quiet = args.includes("--quiet");
    const dir = createRunDir(flagValue(args, "out") ?? "runs", run.env, run.agent, run.seed);
    if (!quiet) {
      console.log(
        `Training ${run.agent} on ${run.env}, seed ${run.seed}, ${run.totalTimesteps} steps -> ${dir}`,
      );
    }
    return await executeWithSignals(run, dir, quiet);
  } catch (e) {
    console.error(errorLine(e));
    return e instanceof CliError || e instanceof RangeError || e instanceof TypeError ? 2 : 1;
  }
}

/** Keys excluded when two runs' metrics are compared for identity. */
export const NONDETERMINISTIC_KEYS: readonly string[] = WALL_CLOCK_KEYS;
/** Re-exported for tests. */
export type { MetricRecord };

if (import.meta.main) Deno.exit(await main(Deno.args));
