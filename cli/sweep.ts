/**
 * `deno task sweep`: one run per seed (and per grid point) in Web Workers, each an ordinary run
 * directory under one sweep directory, then an aggregate (`sweep.json`, `sweep.md`, `curves.svg`).
 * Runs are independent and seeded, so the results equal running the seeds one by one.
 *
 * @example
 * ```sh
 * deno task sweep --agent ppo --env CartPole-v1 --seeds 0-9 --workers 2
 * deno task sweep --preset cartpole-dqn --seeds 0-4 --grid lr=1e-3,3e-4 gamma=0.99,0.98
 * deno task sweep --preset cartpole-ppo --seeds 0-99 --shard 3/10 --name big   # one slice
 * deno task sweep --merge runs/big-1 runs/big-2 --out runs/big                  # then merge
 * deno task sweep --preset cartpole-ppo --seeds 0-99 --shard auto --name big    # Slurm/k8s array
 * deno task sweep --resume runs/sweep__CartPole-v1__ppo__1763900000
 * ```
 *
 * @module
 */
import { registry } from "../envs/registry.ts";
import {
  aggregateOutcomes,
  expandRuns,
  type GroupStats,
  parseGrid,
  parseSeeds,
  parseShard,
  type PlannedRun,
  type RunOutcome,
  type Shard,
  shardRuns,
} from "../run/sweep_plan.ts";
import { CliError, errorLine } from "./cli_error.ts";
import { readJsonFile } from "./common.ts";
import { plotSweep, type SweepCurve } from "./plot.ts";
import { readMetrics, writeJsonAtomic, writeTextAtomic } from "./run_files.ts";
import { lockDirectory } from "./run_lock.ts";
import { SHARD_ENV_VARS, shardFromEnv } from "./shard_auto.ts";
import { resolveRun, type RunConfig, type RunResult } from "./train.ts";
import { envModuleOf, loadEnvModule } from "./env_module.ts";
import { runJobs } from "./worker_pool.ts";
import { take, takeList, workersFrom } from "./take_flags.ts";

/** What `plan.json` in a sweep directory holds. */
export interface SweepPlan {
  /** The algorithm. */
  agent: string;
  /** The env id. */
  env: string;
  /** The train flags every run shares (without `--seed`). */
  baseArgs: string[];
  /** Every run of the sweep (all shards). */
  runs: PlannedRun[];
  /** The slice this directory runs. */
  shard: Shard;
  /** The resolved config of each run of this shard, by run name. */
  configs: Record<string, RunConfig>;
}

const USAGE = `Usage:
  deno task sweep (--agent NAME --env ID | --preset NAME) --seeds 0-9 [sweep flags] [train flags]
  (for your own env add --env-module ./my_env.ts; the runs record it)
  deno task sweep --resume runs/<sweep dir> [--workers N]
  deno task sweep --merge DIR1 DIR2 ... [--out DIR]

Sweep flags:
  --seeds LIST       Seeds: ranges and lists, e.g. 0-9 or 1,3,5 (default: 0-4)
  --workers N        Runs at once, each in a Web Worker (default: 2)
  --grid A=x,y B=z   Also try every combination of these config values (flag names, e.g. lr or
                     learning-rate, gamma); each combination runs every seed
  --shard i/n        Run only the i-th of n round-robin slices of the run list (1 <= i <= n)
  --shard auto       Take i/n from a Slurm job array (SLURM_ARRAY_TASK_ID, _MIN, _MAX or _COUNT)
                     or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX); the directory name gets
                     a __shard<i>of<n> suffix (docs/cluster/)
  --shard-count N    With --shard auto on Kubernetes: the number of shards (the Job's
                     completions; or set SWEEP_SHARD_COUNT)
  --name NAME        Sweep directory name under --out (default: sweep__{env}__{agent}__{time})
  --out DIR          Where the sweep directory is created (default: runs)
  --resume DIR       Finish an interrupted sweep: finished runs are kept, unfinished ones resume
                     from their checkpoints
  --merge DIR...     Aggregate the runs of several sweep directories (shards) into --out

Train flags (deno task train --help) set the config every run shares; --seed is not allowed.`;

/** The shard of this array task (`--shard auto`), from the scheduler's environment variables. */
function autoShard(countText: string | undefined): Shard {
  const count = countText === undefined ? undefined : Number(countText);
  if (count !== undefined && !(Number.isSafeInteger(count) && count >= 1)) {
    throw new CliError(`--shard-count must be an integer >= 1, got ${countText}`);
  }
  const env = Object.fromEntries(SHARD_ENV_VARS.map((v) => [v, Deno.env.get(v)]));
  return shardFromEnv(env, count);
}

/** Reads the outcome of one planned run from its directory. */
function outcomeOf(dir: string, run: PlannedRun): RunOutcome {
  const base = {
    group: run.group,
    seed: run.seed,
    name: run.name,
    finalReturn: null,
    stepsToThreshold: null,
    solved: false,
    wallClockSeconds: null,
  };
  try {
    const error = Deno.readTextFileSync(`${dir}/error.txt`).trim();
    return { ...base, status: "failed", error };
  } catch { /* not failed */ }
  try {
    const s = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`)) as RunResult;
    if (s.interrupted) return { ...base, status: "interrupted" };
    return {
      ...base,
      status: "done",
      finalReturn: s.finalEval?.mean ?? null,
      stepsToThreshold: s.stepsToThreshold,
      solved: s.solved,
      wallClockSeconds: s.wallClockSeconds,
    };
  } catch {
    return { ...base, status: "missing" };
  }
}

function fmt(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? "—" : x.toFixed(digits);
}

/** Writes sweep.json, sweep.md and curves.svg for the runs found in `dirs` (run name → dir). */
async function writeAggregate(
  out: string,
  plan: Pick<SweepPlan, "agent" | "env" | "runs">,
  dirs: Map<string, string>,
): Promise<GroupStats[]> {
  const outcomes = plan.runs.map((r) =>
    dirs.has(r.name) ? outcomeOf(dirs.get(r.name)!, r) : {
      group: r.group,
      seed: r.seed,
      name: r.name,
      status: "missing" as const,
      finalReturn: null,
      stepsToThreshold: null,
      solved: false,
      wallClockSeconds: null,
    }
  );
  const stats = aggregateOutcomes(outcomes);
  const threshold = registry.find((s) => s.id === plan.env)?.rewardThreshold ?? null;
  writeJsonAtomic(`${out}/sweep.json`, {
    agent: plan.agent,
    env: plan.env,
    rewardThreshold: threshold,
    groups: stats,
    runs: outcomes,
  });
  const md = [
    `# Sweep: ${plan.agent} on ${plan.env}`,
    "",
    `Reward threshold: ${
      threshold ?? "none"
    }. Final return = mean of the last evaluation; CI = 95% bootstrap interval of the mean over seeds.`,
    "",
    "| group | runs done | solved | final return mean ± std | 95% CI | mean steps to threshold | failed |",
    "|---|---|---|---|---|---|---|",
    ...stats.map((g) =>
      `| ${g.group || "(base config)"} | ${g.done}/${g.runs} | ${g.successes}/${g.done} | ${
        fmt(g.mean)
      } ± ${fmt(g.std)} | ${g.ci95 ? `[${fmt(g.ci95[0])}, ${fmt(g.ci95[1])}]` : "—"} | ${
        fmt(g.meanStepsToThreshold, 0)
      } | ${g.failed} |`
    ),
    "",
    "| run | seed | status | final return | steps to threshold | wall-clock s |",
    "|---|---|---|---|---|---|",
    ...outcomes.map((o) =>
      `| ${o.name} | ${o.seed} | ${o.status}${
        o.error ? `: ${o.error.replaceAll("|", "/")}` : ""
      } | ${fmt(o.finalReturn)} | ${o.stepsToThreshold ?? "—"} | ${fmt(o.wallClockSeconds, 1)} |`
    ),
    "",
  ].join("\n");
  writeTextAtomic(`${out}/sweep.md`, md);
  const curves: SweepCurve[] = [];
  for (const o of outcomes) {
    if (o.status !== "done" && o.status !== "interrupted") continue;
    const episodes = readMetrics(dirs.get(o.name)!).filter((r) => r.type === "episode");
    curves.push({
      label: `seed ${o.seed}`,
      group: o.group || undefined,
      steps: episodes.map((r) => r.global_step),
      returns: episodes.map((r) => Number(r["charts/episodic_return"])),
    });
  }
  if (curves.length) {
    const svg = await plotSweep(curves, {
      title: `${plan.env} · ${plan.agent} · ${new Set(curves.map((c) => c.label)).size} seeds`,
      threshold,
    });
    writeTextAtomic(`${out}/curves.svg`, svg);
  }
  return stats;
}

/** Runs the planned runs of this shard in a worker pool; returns whether it was interrupted. */
function runPool(
  dir: string,
  plan: SweepPlan,
  workers: number,
  log: (s: string) => void,
): Promise<boolean> {
  const jobs = shardRuns(plan.runs, plan.shard)
    .filter((r) => outcomeOf(`${dir}/${r.name}`, r).status !== "done")
    .map((r) => ({ name: r.name, dir: `${dir}/${r.name}`, run: plan.configs[r.name] }));
  return runJobs(jobs, workers, log);
}

async function newSweep(args: string[]): Promise<number> {
  const seeds = parseSeeds(take(args, "seeds") ?? "0-4");
  const workers = workersFrom(take(args, "workers"));
  const grid = parseGrid(takeList(args, "grid") ?? []);
  for (const axis of grid) {
    if (axis.flag === "seed" || axis.flag === "seeds") {
      throw new CliError(
        `sweep: --grid ${axis.flag}=... is not allowed: the seeds come from --seeds, and every ` +
          `grid point runs every seed`,
      );
    }
    if (args.some((a) => a === `--${axis.flag}` || a.startsWith(`--${axis.flag}=`))) {
      throw new CliError(`sweep: --${axis.flag} is both a flag and a --grid axis; give it once`);
    }
  }
  const shardText = take(args, "shard");
  const shardCount = take(args, "shard-count");
  const shard = shardText === "auto"
    ? autoShard(shardCount)
    : shardText === undefined
    ? { index: 1, count: 1 }
    : parseShard(shardText);
  if (shardCount !== undefined && shardText !== "auto") {
    throw new CliError("sweep: --shard-count goes with --shard auto");
  }
  const name = take(args, "name");
  // Array tasks share one command line (and may start in the same second): one directory each.
  const suffix = shardText === "auto" ? `__shard${shard.index}of${shard.count}` : "";
  const out = take(args, "out") ?? "runs";
  if (args.some((a) => a === "--seed" || a.startsWith("--seed="))) {
    throw new CliError("sweep: use --seeds (a list or range), not --seed");
  }
  const runs = expandRuns(seeds, grid);
  await loadEnvModule(envModuleOf(args));
  // Resolve and validate every run before anything is written.
  const configs: Record<string, RunConfig> = {};
  let agent = "", env = "";
  for (const run of shardRuns(runs, shard)) {
    const extra = Object.entries(run.overrides).flatMap(([flag, value]) => [`--${flag}`, value]);
    const { run: cfg } = resolveRun([...args, "--seed", String(run.seed), ...extra]);
    configs[run.name] = cfg;
    agent = cfg.agent;
    env = cfg.env;
  }
  if (!agent) throw new CliError(`sweep: shard ${shard.index}/${shard.count} has no runs`);
  try {
    Deno.mkdirSync(out, { recursive: true });
  } catch (e) {
    throw new CliError(`Cannot create output directory "${out}": ${(e as Error).message}`);
  }
  const dir = `${out}/${
    name ?? `sweep__${env}__${agent}${suffix ? "" : `__${Math.floor(Date.now() / 1000)}`}`
  }${suffix}`;
  try {
    Deno.mkdirSync(dir);
  } catch (e) {
    throw new CliError(
      e instanceof Deno.errors.AlreadyExists
        ? `sweep: ${dir} exists; finish it with --resume ${dir} or pick another --name`
        : `Cannot create sweep directory "${dir}": ${(e as Error).message}`,
    );
  }
  const plan: SweepPlan = { agent, env, baseArgs: args, runs, shard, configs };
  writeJsonAtomic(`${dir}/plan.json`, plan);
  const mine = shardRuns(runs, shard).length;
  console.log(
    `Sweep ${agent} on ${env}: ${mine} runs${
      shard.count > 1 ? ` (shard ${shard.index}/${shard.count} of ${runs.length})` : ""
    }, ${workers} workers -> ${dir}`,
  );
  return await finishSweep(dir, plan, workers);
}

async function finishSweep(dir: string, plan: SweepPlan, workers: number): Promise<number> {
  await loadPlanEnvModule(plan);
  const lock = lockDirectory(dir, "sweep");
  try {
    return await finishLocked(dir, plan, workers);
  } finally {
    lock.release();
  }
}

async function finishLocked(dir: string, plan: SweepPlan, workers: number): Promise<number> {
  const encoder = new TextEncoder();
  const interrupted = await runPool(
    dir,
    plan,
    workers,
    (s) => void Deno.stdout.writeSync(encoder.encode(s)),
  );
  const dirs = new Map(
    shardRuns(plan.runs, plan.shard).map((r) => [r.name, `${dir}/${r.name}`] as const),
  );
  const stats = await writeAggregate(dir, plan, dirs);
  for (const g of stats) {
    console.log(
      `${g.group || plan.env}: ${g.successes}/${g.done} solved, final return ${fmt(g.mean)} ± ${
        fmt(g.std)
      }${g.ci95 ? ` (95% CI ${fmt(g.ci95[0])}..${fmt(g.ci95[1])})` : ""}${
        g.failed ? `, ${g.failed} failed` : ""
      }`,
    );
  }
  console.log(
    interrupted
      ? `Interrupted; finish with: deno task sweep --resume ${dir}`
      : `Wrote ${dir}/sweep.md, sweep.json and curves.svg`,
  );
  const failed = stats.reduce((a, g) => a + g.failed, 0);
  return interrupted ? 130 : failed ? 1 : 0;
}

/** Loads the env module the plan's runs record (for the reward threshold of a user's env). */
async function loadPlanEnvModule(plan: Pick<SweepPlan, "configs">): Promise<void> {
  await loadEnvModule(Object.values(plan.configs)[0]?.envModule, "plan.json envModule");
}

function readPlan(dir: string, flag: string): SweepPlan {
  const plan = readJsonFile(`${dir}/plan.json`, flag) as SweepPlan;
  if (!plan || !Array.isArray(plan.runs) || !plan.shard || !plan.configs) {
    throw new CliError(`${flag} ${dir}: plan.json is not a sweep plan`);
  }
  return plan;
}

async function merge(dirs: string[], out: string | undefined): Promise<number> {
  const plans = dirs.map((d) => readPlan(d, "--merge"));
  const first = plans[0];
  for (const [i, p] of plans.entries()) {
    if (p.agent !== first.agent || p.env !== first.env || p.runs.length !== first.runs.length) {
      throw new CliError(
        `--merge: ${
          dirs[i]
        } is a different sweep (${p.agent} on ${p.env}, ${p.runs.length} runs) than ${
          dirs[0]
        } (${first.agent} on ${first.env}, ${first.runs.length} runs)`,
      );
    }
  }
  const found = new Map<string, string>();
  for (const [i, p] of plans.entries()) {
    for (const r of shardRuns(p.runs, p.shard)) {
      const runDir = `${dirs[i]}/${r.name}`;
      const prev = found.get(r.name);
      if (!prev || outcomeOf(prev, r).status !== "done") found.set(r.name, runDir);
    }
  }
  await loadPlanEnvModule(first);
  const target = out ?? dirs[0];
  try {
    Deno.mkdirSync(target, { recursive: true });
  } catch (e) {
    throw new CliError(`Cannot create "${target}": ${(e as Error).message}`);
  }
  const stats = await writeAggregate(target, first, found);
  const missing = first.runs.length - found.size;
  console.log(
    `Merged ${found.size}/${first.runs.length} runs from ${dirs.length} directories into ${target}${
      missing ? ` (${missing} runs missing)` : ""
    }`,
  );
  for (const g of stats) {
    console.log(
      `${g.group || first.env}: ${g.successes}/${g.done} solved, final return ${fmt(g.mean)} ± ${
        fmt(g.std)
      }`,
    );
  }
  return 0;
}

/** The command; returns the exit status (0 ok, 1 some runs failed, 2 bad input, 130 interrupted). */
export async function main(argv: string[]): Promise<number> {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      console.log(USAGE);
      return 0;
    }
    const args = [...argv];
    const mergeDirs = takeList(args, "merge");
    if (mergeDirs) {
      const out = take(args, "out");
      if (args.length) throw new CliError(`sweep --merge: unexpected ${args[0]}`);
      return await merge(mergeDirs, out);
    }
    const resume = take(args, "resume");
    if (resume !== undefined) {
      const workers = workersFrom(take(args, "workers"));
      if (args.length) {
        throw new CliError(`sweep --resume continues a sweep with its own plan; remove ${args[0]}`);
      }
      const plan = readPlan(resume, "--resume");
      console.log(`Resuming sweep ${resume}`);
      return await finishSweep(resume, plan, workers);
    }
    return await newSweep(args);
  } catch (e) {
    console.error(errorLine(e));
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
