/**
 * `deno task tune`: hyperparameter search by random sampling and successive halving. Many trials
 * train at a small budget, the best 1/eta of them (scored across several seeds, so a configuration
 * that only works on a lucky seed loses) train again at eta× the budget, and so on up to the full
 * budget. Every (trial, seed, rung) is an ordinary run directory trained in the sweep's Web
 * Workers, so an interrupted search resumes where it stopped and every number can be rerun with
 * `deno task train`. Writes `tune.json`, `tune.md` and `best_config.json` (for `train --config`).
 *
 * @example
 * ```sh
 * deno task tune --agent ppo --env CartPole-v1 --trials 27 --seeds 1-3 --budget 60000
 * deno task tune --agent dqn --env Acrobot-v1 --space space.json --trials 9
 * deno task tune --resume runs/tune__CartPole-v1__ppo__1764460000
 * deno task train --config runs/tune__CartPole-v1__ppo__1764460000/best_config.json --seed 11
 * ```
 *
 * @module
 */
import { parseSeeds } from "../run/sweep_plan.ts";
import {
  defaultSpace,
  parseSpace,
  planRungs,
  promote,
  type Rung,
  sampleTrials,
  SCORE_RULES,
  type ScoreRule,
  type SearchSpace,
  trialScore,
} from "../run/tune_plan.ts";
import { presets } from "../run/presets.ts";
import { CliError, errorLine } from "./cli_error.ts";
import { readJsonFile } from "./common.ts";
import { writeJsonAtomic } from "./run_files.ts";
import { writeFileAtomicSync } from "./write_file_atomic.ts";
import { take, workersFrom } from "./take_flags.ts";
import { lockDirectory } from "./run_lock.ts";
import { resolveRun, type RunConfig, type RunResult } from "./train.ts";
import { envModuleOf, loadEnvModule } from "./env_module.ts";
import { type Job, runJobs } from "./worker_pool.ts";

/** One rung of the search as `tune.json` records it. */
export interface TuneRung extends Rung {
  /** The trials that run at this rung (null until the previous rung has finished). */
  trialIds: number[] | null;
  /** Per trial: each seed's final evaluation mean (null for a failed run) and the score. */
  results: Record<string, { returns: (number | null)[]; score: number | null }>;
}

/** What `tune.json` holds: the settings, the sampled trials and the rungs so far. */
export interface TuneState {
  /** The algorithm. */
  agent: string;
  /** The env id. */
  env: string;
  /** The train flags every run shares (without the tuner's own flags). */
  baseArgs: string[];
  /** Seeds every trial is trained with. */
  seeds: number[];
  /** The full budget (the last rung's). */
  budget: number;
  /** The halving rate. */
  eta: number;
  /** How seeds' final returns become a score. */
  score: ScoreRule;
  /** Episodes of each run's final evaluation. */
  evalEpisodes: number;
  /** The seed of the configuration sampler. */
  tunerSeed: number;
  /** Sub-envs of the base configuration (for trials that do not sample it). */
  baseNumEnvs: number;
  /** The space searched (fields fixed by flags removed). */
  space: SearchSpace;
  /** Each trial's sampled configuration, by trial id (the index). */
  trials: Record<string, unknown>[];
  /** The rungs, first (smallest budget) to last. */
  rungs: TuneRung[];
}

const USAGE = `Usage:
  deno task tune (--agent NAME --env ID | --preset NAME) [tune flags] [train flags]
  deno task tune --resume runs/<tune dir> [--workers N]

Random search with successive halving: --trials configurations train at a small budget; the best
1/eta of them (scored over every seed) train again at eta times the budget, up to --budget.

Tune flags:
  --trials N        Configurations sampled (default: 27)
  --seeds LIST      Seeds each configuration trains with, e.g. 1-3 (default: 1-3)
  --budget STEPS    Training steps of the last rung (default: the preset's or 100000)
  --eta N           Keep 1/eta of the trials at each rung, eta times the budget (default: 3)
  --min-budget N    Smallest first-rung budget (default: budget / 9)
  --space FILE      A JSON search space replacing the agent's default, e.g.
                    {"learningRate": {"type": "loguniform", "low": 1e-4, "high": 1e-2},
                     "gamma": {"type": "choice", "values": [0.98, 0.99]},
                     "updateEpochs": {"type": "int", "low": 2, "high": 10},
                     "gaeLambda": {"type": "uniform", "low": 0.8, "high": 1}}
  --score RULE      ${
  Object.entries(SCORE_RULES).map(([k, v]) => `${k}: ${v}`).join("\n                    ")
}
  --eval-episodes N Episodes of each run's final evaluation (default: 20)
  --tuner-seed N    Seed of the configuration sampler (default: 0)
  --workers N       Runs at once, each in a Web Worker (default: 2)
  --name NAME       Directory name under --out (default: tune__{env}__{agent}__{time})
  --out DIR         Where the tune directory is created (default: runs)
  --resume DIR      Finish an interrupted search

Train flags (deno task train --help) fix config fields for every trial; a fixed field is not
searched. --seed, --config, --total-timesteps and --eval-every are the tuner's to set.`;

/** `learning-rate` → `learningRate`. */
function camel(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function positiveInt(text: string | undefined, flag: string, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) {
    throw new CliError(`--${flag} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** The train flags given in `args`, as config field names. */
function flagFields(args: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const a of args) if (a.startsWith("--")) out.add(camel(a.slice(2).split("=")[0]));
  return out;
}

function runName(trial: number, seed: number): string {
  return `trial-${trial}__seed-${seed}`;
}

/** The run config of one (trial, seed) at a rung's budget. */
function trialRun(
  dir: string,
  state: TuneState,
  trial: number,
  seed: number,
  budget: number,
): RunConfig {
  const file = `${dir}/trials/trial-${trial}.json`;
  // Budgets are rounded down to a multiple of the trial's number of sub-envs.
  const numEnvs = Number(state.trials[trial].numEnvs ?? state.baseNumEnvs);
  const steps = Math.max(numEnvs, budget - (budget % numEnvs));
  const args = [
    ...state.baseArgs,
    "--config",
    file,
    "--seed",
    String(seed),
    "--total-timesteps",
    String(steps),
    "--eval-every",
    "0",
    "--eval-episodes",
    String(state.evalEpisodes),
  ];
  try {
    return resolveRun(args).run;
  } catch (e) {
    throw new CliError(`trial ${trial} (${JSON.stringify(state.trials[trial])}): ${errorLine(e)}`);
  }
}

/** The final return of a finished run directory, null if it failed, undefined if not done. */
function finalReturn(runDir: string): number | null | undefined {
  try {
    Deno.statSync(`${runDir}/error.txt`);
    return null;
  } catch { /* not failed */ }
  try {
    const s = JSON.parse(Deno.readTextFileSync(`${runDir}/summary.json`)) as RunResult;
    if (s.interrupted) return undefined;
    return s.finalEval?.mean ?? null;
  } catch {
    return undefined;
  }
}

function fmt(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);
}

function compact(config: Record<string, unknown>): string {
  return Object.entries(config).map(([k, v]) =>
    `${k}=${
      typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(3)) : JSON.stringify(v)
    }`
  ).join(", ");
}

/** The top trial of the last rung with results, or null before the first rung ends. */
function bestTrial(state: TuneState): { trial: number; score: number; rung: number } | null {
  for (let r = state.rungs.length - 1; r >= 0; r--) {
    const rung = state.rungs[r];
    const scored = Object.entries(rung.results)
      .map(([id, res]) => [Number(id), res.score] as const)
      .filter(([, s]) => s !== null);
    if (scored.length === 0) continue;
    const trial = promote(scored, 1)[0];
    return { trial, score: rung.results[trial].score as number, rung: r };
  }
  return null;
}

/** Writes tune.md and best_config.json for the state so far. */
function writeReport(dir: string, state: TuneState): void {
  const lines = [
    `# Tuning ${state.agent} on ${state.env}`,
    "",
    `${state.trials.length} trials, seeds ${state.seeds.join(", ")}, eta ${state.eta}, score: ${
      SCORE_RULES[state.score]
    } of each seed's final evaluation (${state.evalEpisodes} deterministic episodes). Tuner seed ${state.tunerSeed}.`,
    "",
  ];
  for (const [r, rung] of state.rungs.entries()) {
    lines.push(
      `## Rung ${r + 1} of ${state.rungs.length}: ${rung.budget} steps, ${rung.trials} trials`,
      "",
    );
    if (rung.trialIds === null) {
      lines.push("(not started)", "");
      continue;
    }
    const next = state.rungs[r + 1]?.trialIds ?? [];
    lines.push("| trial | score | per-seed final returns | promoted | configuration |");
    lines.push("|---:|---:|---|---|---|");
    const rows = rung.trialIds.map((id) => [id, rung.results[id]?.score ?? null] as const);
    for (const id of promote(rows, rows.length)) {
      const res = rung.results[id];
      lines.push(
        `| ${id} | ${fmt(res?.score)} | ${
          res ? res.returns.map((x) => fmt(x)).join(", ") : "—"
        } | ${next.includes(id) ? "yes" : ""} | ${compact(state.trials[id])} |`,
      );
    }
    lines.push("");
  }
  const best = bestTrial(state);
  if (best !== null) {
    const rung = state.rungs[best.rung];
    lines.push(
      `Best: trial ${best.trial}, score ${fmt(best.score)} at ${rung.budget} steps: ${
        compact(state.trials[best.trial])
      }. Train it with \`deno task train --config ${dir}/best_config.json --seed N\`.`,
      "",
    );
    const run = readJsonFile(
      `${dir}/rung-${best.rung + 1}/${runName(best.trial, state.seeds[0])}/config.json`,
      "tune",
    ) as RunConfig;
    const { seed: _seed, ...config } = run.config;
    // A subset of a run's config.json, which `train --config` takes.
    writeJsonAtomic(`${dir}/best_config.json`, {
      agent: state.agent,
      env: state.env,
      totalTimesteps: config.totalTimesteps,
      config,
    });
  }
  writeFileAtomicSync(`${dir}/tune.md`, lines.join("\n"));
}

/** Runs the rungs that are not finished, holding the tune directory's lock; the exit status. */
async function finish(dir: string, state: TuneState, workers: number): Promise<number> {
  const lock = lockDirectory(dir, "tune");
  try {
    return await finishLocked(dir, state, workers);
  } finally {
    lock.release();
  }
}

async function finishLocked(dir: string, state: TuneState, workers: number): Promise<number> {
  await loadEnvModule(envModuleOf(state.baseArgs)); // a user's env (--env-module)
  const encoder = new TextEncoder();
  const log = (s: string): void => void Deno.stdout.writeSync(encoder.encode(s));
  for (const [r, rung] of state.rungs.entries()) {
    if (rung.trialIds === null) throw new CliError(`tune: rung ${r + 1} has no trials`);
    const jobs: Job[] = [];
    for (const id of rung.trialIds) {
      for (const seed of state.seeds) {
        const runDir = `${dir}/rung-${r + 1}/${runName(id, seed)}`;
        if (finalReturn(runDir) !== undefined) continue;
        jobs.push({
          name: `rung ${r + 1} ${runName(id, seed)}`,
          dir: runDir,
          run: trialRun(dir, state, id, seed, rung.budget),
        });
      }
    }
    if (jobs.length) {
      log(`Rung ${r + 1}/${state.rungs.length}: ${jobs.length} runs of ${rung.budget} steps\n`);
    }
    if (await runJobs(jobs, workers, log)) {
      writeReport(dir, state);
      log(`Interrupted; finish with: deno task tune --resume ${dir}\n`);
      return 130;
    }
    for (const id of rung.trialIds) {
      const returns = state.seeds.map((s) =>
        finalReturn(`${dir}/rung-${r + 1}/${runName(id, s)}`) ?? null
      );
      const ok = returns.every((x) => x !== null);
      rung.results[id] = {
        returns,
        score: ok ? trialScore(returns as number[], state.score) : null,
      };
    }
    const next = state.rungs[r + 1];
    if (next && next.trialIds === null) {
      next.trialIds = promote(
        rung.trialIds.map((id) => [id, rung.results[id].score] as const),
        next.trials,
      );
    }
    writeJsonAtomic(`${dir}/tune.json`, state);
    writeReport(dir, state);
    const top = promote(rung.trialIds.map((id) => [id, rung.results[id].score] as const), 1)[0];
    log(
      `Rung ${r + 1} done: best trial ${top}, score ${fmt(rung.results[top].score)}${
        next ? `; promoted ${next.trialIds!.join(", ")}` : ""
      }\n`,
    );
  }
  log(`Wrote ${dir}/tune.md, tune.json and best_config.json\n`);
  return 0;
}

async function newTune(args: string[]): Promise<number> {
  const trials = positiveInt(take(args, "trials", "tune"), "trials", 27);
  const seeds = parseSeeds(take(args, "seeds", "tune") ?? "1-3");
  const eta = positiveInt(take(args, "eta", "tune"), "eta", 3, 2);
  const spacePath = take(args, "space", "tune");
  const scoreText = take(args, "score", "tune") ?? "mean-std";
  if (!(scoreText in SCORE_RULES)) {
    throw new CliError(
      `--score must be one of ${Object.keys(SCORE_RULES).join(", ")}, got "${scoreText}"`,
    );
  }
  const evalEpisodes = positiveInt(take(args, "eval-episodes", "tune"), "eval-episodes", 20);
  const tunerSeed = positiveInt(take(args, "tuner-seed", "tune"), "tuner-seed", 0, 0);
  const workers = workersFrom(take(args, "workers", "tune"));
  const name = take(args, "name", "tune");
  const out = take(args, "out", "tune") ?? "runs";
  const budgetText = take(args, "budget", "tune");
  const minBudgetText = take(args, "min-budget", "tune");
  for (const f of ["seed", "config", "total-timesteps", "eval-every", "resume"]) {
    if (args.some((a) => a === `--${f}` || a.startsWith(`--${f}=`))) {
      throw new CliError(`tune sets --${f} itself; remove it (see deno task tune --help)`);
    }
  }
  // The base run: validates the train flags and names the agent's config fields.
  await loadEnvModule(envModuleOf(args));
  const base = resolveRun([...args, "--seed", String(seeds[0])]).run;
  const presetName = base.preset;
  const budget = positiveInt(
    budgetText,
    "budget",
    presetName !== null ? presets[presetName].totalTimesteps : 100_000,
  );
  const minBudget = positiveInt(minBudgetText, "min-budget", Math.max(1, Math.round(budget / 9)));
  if (minBudget > budget) {
    throw new CliError(`--min-budget must be at most --budget (${budget}), got ${minBudget}`);
  }
  const known = Object.keys(base.config);
  let space: SearchSpace;
  try {
    space = spacePath === undefined
      ? defaultSpace(base.agent)
      : parseSpace(readJsonFile(spacePath, "--space"), known);
  } catch (e) {
    throw new CliError(`--space ${spacePath}: ${(e as Error).message}`);
  }
  const fixed = flagFields(args);
  for (const key of Object.keys(space)) if (fixed.has(key)) delete space[key];
  if (Object.keys(space).length === 0) {
    throw new CliError(`tune: nothing to search (every field of the space is fixed by a flag)`);
  }
  const rungs = planRungs({ trials, budget, eta, minBudget });
  const state: TuneState = {
    agent: base.agent,
    env: base.env,
    baseArgs: args,
    seeds,
    budget,
    eta,
    score: scoreText as ScoreRule,
    evalEpisodes,
    tunerSeed,
    baseNumEnvs: Number(base.config.numEnvs ?? 1),
    space,
    trials: sampleTrials(space, trials, tunerSeed),
    rungs: rungs.map((r, i) => ({
      ...r,
      trialIds: i === 0 ? Array.from({ length: trials }, (_, k) => k) : null,
      results: {},
    })),
  };
  try {
    Deno.mkdirSync(out, { recursive: true });
  } catch (e) {
    throw new CliError(`Cannot create output directory "${out}": ${(e as Error).message}`);
  }
  const dir = `${out}/${
    name ?? `tune__${base.env}__${base.agent}__${Math.floor(Date.now() / 1000)}`
  }`;
  try {
    Deno.mkdirSync(dir);
  } catch (e) {
    throw new CliError(
      e instanceof Deno.errors.AlreadyExists
        ? `tune: ${dir} exists; finish it with --resume ${dir} or pick another --name`
        : `Cannot create tune directory "${dir}": ${(e as Error).message}`,
    );
  }
  Deno.mkdirSync(`${dir}/trials`);
  for (const [id, config] of state.trials.entries()) {
    writeJsonAtomic(`${dir}/trials/trial-${id}.json`, { agent: base.agent, config });
  }
  // Every trial must make a valid run before anything trains.
  for (const id of state.trials.keys()) trialRun(dir, state, id, seeds[0], rungs[0].budget);
  writeJsonAtomic(`${dir}/tune.json`, state);
  console.log(
    `Tuning ${base.agent} on ${base.env}: ${trials} trials × ${seeds.length} seeds, rungs ${
      rungs.map((r) => `${r.trials}×${r.budget}`).join(" → ")
    } steps, ${workers} workers -> ${dir}`,
  );
  return await finish(dir, state, workers);
}

/** The command; returns the exit status (0 ok, 2 bad input, 130 interrupted). */
export async function main(argv: string[]): Promise<number> {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      console.log(USAGE);
      return 0;
    }
    const args = [...argv];
    const resume = take(args, "resume", "tune");
    if (resume !== undefined) {
      const workers = workersFrom(take(args, "workers", "tune"));
      if (args.length) {
        throw new CliError(`tune --resume continues a search with its own plan; remove ${args[0]}`);
      }
      const state = readJsonFile(`${resume}/tune.json`, "--resume") as TuneState;
      if (!state || !Array.isArray(state.rungs) || !Array.isArray(state.trials)) {
        throw new CliError(`--resume ${resume}: tune.json is not a tuner state`);
      }
      console.log(`Resuming tuning ${resume}`);
      return await finish(resume, state, workers);
    }
    return await newTune(args);
  } catch (e) {
    console.error(errorLine(e));
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
