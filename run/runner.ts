/**
 * The training loop shared by the CLI and sweeps: advances an agent in chunks, evaluates it every
 * `evalEvery` steps on a separately seeded env, and reports metric records as CleanRL names them.
 * Chunking never changes results (agents are chunk-invariant), so progress reporting, stopping and
 * resuming are free.
 *
 * Callbacks, in the spirit of SB3's: `onRecord` sees every record (episode, update, evaluation) as
 * it happens (a custom callback's `_on_step`, the logger); `onEval` runs after each evaluation
 * (`EvalCallback`, for example to keep `agent.save()` of the best one); `shouldStop` is polled
 * between chunks and ends the run early (`StopTrainingOnRewardThreshold`); `onProgress` after each
 * chunk (`ProgressBarCallback`); `onCheckpoint` every `checkpointEvery` steps
 * (`CheckpointCallback`). `onEval` and `onCheckpoint` may return promises, which are awaited.
 *
 * @example
 * ```ts
 * import { PPO, runTraining } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const agent = new PPO({ env: "CartPole-v1", seed: 1, numSteps: 32 });
 * const evals: number[] = [];
 * let episodes = 0;
 * const summary = await runTraining(agent, {
 *   totalTimesteps: 4096,
 *   evalEvery: 1024,
 *   evalEpisodes: 2,
 *   onRecord: (record) => {
 *     if (record.type === "episode") episodes++;
 *   },
 *   onEval: (point) => {
 *     evals.push(point.mean);
 *   },
 *   shouldStop: () => evals.length === 2, // stop after the second evaluation
 * });
 * assert.equal(summary.globalStep, 2048);
 * assert.ok(summary.interrupted && episodes > 0);
 * ```
 *
 * @module
 */
import type { Agent } from "../agents/common/agent.ts";
import { evaluate } from "./evaluate.ts";
import { deriveSeed } from "../core/random.ts";

/** One line of `metrics.jsonl`: an episode, an update or an evaluation. */
export interface MetricRecord {
  /** What the record describes. */
  type: "episode" | "update" | "eval";
  /** Environment steps (all sub-envs) when it happened. */
  global_step: number;
  /** The values, keyed as CleanRL does (`charts/episodic_return`, `losses/value_loss`, ...). */
  [key: string]: number | string;
}

/** Keys whose values depend on the wall clock (excluded when runs are compared for identity). */
export const WALL_CLOCK_KEYS: readonly string[] = Object.freeze(["charts/SPS", "time/elapsed_s"]);

/** Options of {@linkcode runTraining}. */
export interface RunOptions {
  /** Train until the agent's global step reaches this. */
  totalTimesteps: number;
  /** Evaluate every this many steps (0: only at the end). */
  evalEvery: number;
  /** Episodes per evaluation. */
  evalEpisodes: number;
  /** Seed of the evaluation env (the same for every evaluation, so points are comparable). @default {agent seed + 10000} */
  evalSeed?: number;
  /** Steps per `learn()` call between progress callbacks (rounded to the agent's vector size). @default {2048} */
  chunkSteps?: number;
  /**
   * Called with every record as soon as it exists: each finished episode, update and evaluation,
   * in step order (SB3: a custom callback's `_on_step`, or the logger).
   */
  onRecord?: (record: MetricRecord) => void;
  /** Called after every chunk with the global step. */
  onProgress?: (progress: RunProgress) => void;
  /** Call `onCheckpoint` every this many steps (0: never). Chunks end on these boundaries. */
  checkpointEvery?: number;
  /** Called at every `checkpointEvery` boundary, after that step's records and evaluation. */
  onCheckpoint?: (globalStep: number) => void | Promise<void>;
  /**
   * Called after every evaluation (after its record), before any checkpoint of that step; awaited
   * if it returns a promise (SB3: `EvalCallback`; keep `agent.save()` of the best evaluation).
   */
  onEval?: (evaluation: EvalPoint) => void | Promise<void>;
  /**
   * Polled before every chunk; returning true stops the run early: the summary is then
   * `interrupted` and there is no final evaluation (SB3: `StopTrainingOnRewardThreshold`).
   */
  shouldStop?: () => boolean;
  /** A clock in milliseconds (for SPS). @default {performance.now} */
  now?: () => number;
}

/** What {@linkcode RunOptions.onProgress} receives. */
export interface RunProgress {
  /** The agent's global step. */
  globalStep: number;
  /** The target. */
  totalTimesteps: number;
  /** Steps per second since the start of this call. */
  sps: number;
  /** Mean return of the last (up to) 20 training episodes, or NaN. */
  recentReturn: number;
  /** The last evaluation mean, or NaN. */
  lastEval: number;
  /** The number of finished training episodes in this call. */
  episodes: number;
}

/** One evaluation of the deterministic policy during {@linkcode runTraining}. */
export interface EvalPoint {
  /** The agent's global step. */
  step: number;
  /** Mean return over the episodes. */
  mean: number;
  /** Standard deviation of the returns. */
  std: number;
  /** Number of episodes. */
  episodes: number;
}

/** What {@linkcode runTraining} returns (it is also `summary.json`, plus wall-clock fields). */
export interface RunSummary {
  /** The agent's global step at the end. */
  globalStep: number;
  /** The last evaluation. */
  finalEval: EvalPoint | null;
  /** The first evaluation step whose mean reached the env's reward threshold, or null. */
  stepsToThreshold: number | null;
  /** Training episodes finished during this call. */
  episodes: number;
  /** Whether `shouldStop` ended the run early. */
  interrupted: boolean;
  /** Wall-clock seconds of this call. */
  wallClockSeconds: number;
  /** Environment steps per second during this call. */
  stepsPerSecond: number;
}

/**
 * Trains `agent` up to `totalTimesteps`, evaluating on schedule, and returns a summary.
 *
 * Evaluations happen at every multiple of `evalEvery` and at the end, each on a fresh env seeded
 * with `evalSeed` with the deterministic policy; they never touch the agent's own generators.
 *
 * @param threshold The env's reward threshold, for `stepsToThreshold` (null: none).
 * @example
 * ```ts
 * import { DQN, runTraining } from "@seeded/rl";
 * const agent = new DQN({ env: "CartPole-v1", seed: 1 });
 * await runTraining(agent, { totalTimesteps: 500, evalEvery: 0, evalEpisodes: 1 });
 * ```
 */
export async function runTraining(
  agent: Agent,
  options: RunOptions,
  threshold: number | null = null,
): Promise<RunSummary> {
  const now = options.now ?? (() => performance.now());
  const numEnvs = Number(agent.config.numEnvs ?? 1);
  const chunk = Math.max(numEnvs, Math.round((options.chunkSteps ?? 2048) / numEnvs) * numEnvs);
  const evalSeed = options.evalSeed ?? deriveSeed(Number(agent.config.seed ?? 0), 10_000);
  const emit = options.onRecord ?? (() => {});
  const start = now();
  const startStep = agent.globalStep;
  const recent: number[] = [];
  let lastEval = NaN;
  let finalEval: RunSummary["finalEval"] = null;
  let stepsToThreshold: number | null = null;
  let episodes = 0;
  let interrupted = false;

  const runEval = async (): Promise<void> => {
    const result = evaluate(agent, { episodes: options.evalEpisodes, seed: evalSeed });
    lastEval = result.mean;
    const point: EvalPoint = {
      step: agent.globalStep,
      mean: result.mean,
      std: result.std,
      episodes: options.evalEpisodes,
    };
    finalEval = point;
    emit({
      type: "eval",
      global_step: agent.globalStep,
      "eval/mean_return": result.mean,
      "eval/std_return": result.std,
      "eval/episodes": options.evalEpisodes,
    });
    if (stepsToThreshold === null && threshold !== null && result.mean >= threshold) {
      stepsToThreshold = agent.globalStep;
    }
    await options.onEval?.(point);
  };

  while (agent.globalStep < options.totalTimesteps) {
    if (options.shouldStop?.()) {
      interrupted = true;
      break;
    }
    let n = Math.min(chunk, options.totalTimesteps - agent.globalStep);
    if (options.evalEvery > 0) {
      const nextEval = (Math.floor(agent.globalStep / options.evalEvery) + 1) * options.evalEvery;
      n = Math.min(n, nextEval - agent.globalStep);
    }
    const every = options.checkpointEvery ?? 0;
    if (every > 0) {
      const nextCheckpoint = (Math.floor(agent.globalStep / every) + 1) * every;
      n = Math.min(n, nextCheckpoint - agent.globalStep);
    }
    n = Math.max(numEnvs, Math.floor(n / numEnvs) * numEnvs);
    const report = agent.learn(n);
    const elapsed = (now() - start) / 1000;
    const sps = elapsed > 0 ? (agent.globalStep - startStep) / elapsed : 0;
    // Episodes and updates in step order (an episode ending at the step of an update comes
    // first), so the record order does not depend on where chunks end.
    let u = 0;
    for (let e = 0; e <= report.episodes.length; e++) {
      const ep = report.episodes[e];
      while (u < report.updates.length && (!ep || report.updates[u].step < ep.step)) {
        const upd = report.updates[u++];
        emit({
          type: "update",
          global_step: upd.step,
          ...upd.values,
          "charts/SPS": Math.round(sps),
        });
      }
      if (!ep) break;
      episodes++;
      recent.push(ep.return);
      if (recent.length > 20) recent.shift();
      emit({
        type: "episode",
        global_step: ep.step,
        "charts/episodic_return": ep.return,
        "charts/episodic_length": ep.length,
      });
    }
    if (
      options.evalEvery > 0 && agent.globalStep % options.evalEvery === 0 &&
      agent.globalStep < options.totalTimesteps
    ) await runEval();
    if (every > 0 && agent.globalStep % every === 0 && agent.globalStep < options.totalTimesteps) {
      await options.onCheckpoint?.(agent.globalStep);
    }
    options.onProgress?.({
      globalStep: agent.globalStep,
      totalTimesteps: options.totalTimesteps,
      sps,
      recentReturn: recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : NaN,
      lastEval,
      episodes,
    });
    // Let timers and signal handlers (Ctrl-C) run between chunks.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (!interrupted) await runEval();
  const wallClockSeconds = (now() - start) / 1000;
  return {
    globalStep: agent.globalStep,
    finalEval,
    stepsToThreshold,
    episodes,
    interrupted,
    wallClockSeconds,
    stepsPerSecond: wallClockSeconds > 0 ? (agent.globalStep - startStep) / wallClockSeconds : 0,
  };
}
