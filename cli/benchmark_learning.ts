/**
 * `deno task benchmark:learning`: trains named presets (`run/presets.ts`) with several seeds and
 * writes a markdown table of what they reach — final mean return ± std over seeds (each seed's
 * mean over 100 deterministic evaluation episodes at the end of its budget), steps and
 * wall-clock seconds until a periodic evaluation first reaches the threshold, the number of
 * seeds that end at or above the threshold, and the same for the best checkpoint: the agent at the
 * periodic evaluation with the highest mean (what `train` keeps as `best.ckpt`), evaluated again
 * like the final agent.
 *
 * ```sh
 * deno task benchmark:learning                      # every preset, seeds 1-5
 * deno task benchmark:learning --presets cartpole-ppo,cartpole-a2c --seeds 11-30 --budget 50000
 * deno task benchmark:learning --out docs/learning_results.md
 * ```
 *
 * @module
 */
import { writeFileAtomicSync } from "./write_file_atomic.ts";
import { parseArgs } from "node:util";
import { registry } from "../envs/registry.ts";
import type { Agent, AgentState } from "../agents/common/agent.ts";
import { type Preset, presets } from "../run/presets.ts";
import { createAgent } from "../run/agents.ts";
import { evaluate } from "../run/evaluate.ts";
import { Random } from "../core/random.ts";
import { interquartileMean, stratifiedBootstrapCi, wilsonInterval } from "../run/stats.ts";
import { parseSeeds } from "../run/sweep_plan.ts";

/** The presets run when `--presets` is not given: every preset (the results table of the README). */
export const DEFAULT_PRESETS: readonly string[] = Object.freeze(Object.keys(presets));

/** Targets for envs without a registered reward threshold (the issue's Pendulum-v1 target). */
export const EXTRA_THRESHOLDS: Readonly<Record<string, number>> = Object.freeze({
  "Pendulum-v1": -250,
});

/** One seed's outcome. */
export interface SeedResult {
  /** The seed. */
  seed: number;
  /** Mean return over the final evaluation episodes. */
  finalMean: number;
  /** Their standard deviation. */
  finalStd: number;
  /** Steps when a periodic evaluation first reached the threshold, or `null`. */
  stepsToThreshold: number | null;
  /** Training wall-clock seconds (evaluations excluded) until then, or `null`. */
  secondsToThreshold: number | null;
  /** Training wall-clock seconds for the whole budget (evaluations excluded). */
  seconds: number;
  /** Step of the periodic evaluation with the highest mean (the first on ties). */
  bestStep: number;
  /** Mean return of the agent at `bestStep` over the final evaluation episodes (fresh env). */
  bestMean: number;
  /** Their standard deviation. */
  bestStd: number;
}

/** Options of {@linkcode runPreset}. */
export interface RunPresetOptions {
  /** Seeds to train. */
  seeds: readonly number[];
  /** The success threshold on the mean evaluation return. */
  threshold: number;
  /** Evaluate every this many steps (rounded to a multiple of `numEnvs`). */
  evalEvery: number;
  /** Episodes of each periodic evaluation. */
  evalEpisodes: number;
  /** Episodes of the final evaluation. */
  finalEpisodes: number;
  /** Called after each seed. */
  onSeed?: (result: SeedResult) => void;
}

/**
 * Trains one preset for each seed and evaluates it periodically and at the end (evaluation env
 * seeded `10000 + seed` for the periodic ones, `20000 + seed` for the final one).
 *
 * @example
 * ```ts
 * import { runPreset } from "./benchmark_learning.ts";
 * import { presets } from "../run/presets.ts";
 * const results = runPreset(presets["cartpole-ppo"], {
 *   seeds: [1], threshold: 475, evalEvery: 10000, evalEpisodes: 10, finalEpisodes: 100,
 * });
 * ```
 */
export function runPreset(preset: Preset, options: RunPresetOptions): SeedResult[] {
  const results: SeedResult[] = [];
  for (const seed of options.seeds) {
    const make = (): Agent =>
      createAgent(preset.agent, { ...preset.config, env: preset.env, seed });
    const agent = make();
    const n = (agent.config.numEnvs as number | undefined) ?? 1;
    const chunk = Math.max(n, options.evalEvery - (options.evalEvery % n));
    const budget = preset.totalTimesteps - (preset.totalTimesteps % n);
    let seconds = 0,
      stepsToThreshold: number | null = null,
      secondsToThreshold: number | null = null,
      best = { step: budget, mean: -Infinity, state: null as AgentState | null };
    for (let done = 0; done < budget;) {
      const k = Math.min(chunk, budget - done);
      const t0 = performance.now();
      agent.learn(k);
      seconds += (performance.now() - t0) / 1000;
      done += k;
      const ev = evaluate(agent, { episodes: options.evalEpisodes, seed: 10000 + seed });
      if (stepsToThreshold === null && ev.mean >= options.threshold) {
        stepsToThreshold = done;
        secondsToThreshold = seconds;
      }
      if (ev.mean > best.mean) {
        // (The agent after the last chunk is the final one: no copy needed.)
        const state = done < budget ? structuredClone(agent.state()) : null;
        best = { step: done, mean: ev.mean, state };
      }
    }
    const final = evaluate(agent, { episodes: options.finalEpisodes, seed: 20000 + seed });
    // The best is the final agent when the last evaluation is the best (or none beat -Infinity).
    let bestFinal = final;
    if (best.state !== null) {
      const bestAgent = make();
      bestAgent.loadState(best.state);
      bestFinal = evaluate(bestAgent, { episodes: options.finalEpisodes, seed: 20000 + seed });
    }
    const result = {
      seed,
      finalMean: final.mean,
      finalStd: final.std,
      stepsToThreshold,
      secondsToThreshold,
      seconds,
      bestStep: best.step,
      bestMean: bestFinal.mean,
      bestStd: bestFinal.std,
    };
    options.onSeed?.(result);
    results.push(result);
  }
  return results;
}

/**
 * The summary row of one preset: `| preset | agent | env | budget | threshold | solved at the end
 * [95% Wilson] | IQM of final means [95% bootstrap] | mean ± std | median steps to threshold |
 * median s to threshold | s per run | best checkpoint: solved | best checkpoint: IQM |`. The IQM
 * interval is a percentile bootstrap over seeds (10,000 resamples, seeded by the preset name).
 *
 * @example
 * ```ts
 * import { summaryRow } from "./benchmark_learning.ts";
 * import { presets } from "../run/presets.ts";
 * const row = summaryRow("cartpole-ppo", presets["cartpole-ppo"], 475, []);
 * ```
 */
export function summaryRow(
  name: string,
  preset: Preset,
  threshold: number,
  results: readonly SeedResult[],
): string {
  const reached = results.filter((r) => r.stepsToThreshold !== null);
  const steps = median(reached.map((r) => r.stepsToThreshold as number));
  const secs = median(reached.map((r) => r.secondsToThreshold as number));
  const perRun = results.reduce((a, r) => a + r.seconds, 0) / Math.max(1, results.length);
  const n = results.length;
  const solved = (means: number[]): string => {
    const wins = means.filter((v) => v >= threshold).length;
    if (n === 0) return "0/0";
    const ci = wilsonInterval(wins, n);
    return `${wins}/${n} [${pct(ci.low)}, ${pct(ci.high)}]`;
  };
  const iqm = (means: number[]): string => {
    if (n === 0) return "—";
    const ci = stratifiedBootstrapCi([means], interquartileMean, new Random(`iqm:${name}`));
    return `${ci.value.toFixed(1)} [${ci.low.toFixed(1)}, ${ci.high.toFixed(1)}]`;
  };
  const meanStd = (means: number[]): string => {
    const m = means.reduce((a, b) => a + b, 0) / Math.max(1, n);
    const s = Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, n));
    return `${m.toFixed(1)} ± ${s.toFixed(1)}`;
  };
  const finals = results.map((r) => r.finalMean), bests = results.map((r) => r.bestMean);
  return `| \`${name}\` | ${preset.agent} | ${preset.env} | ${
    fmtSteps(preset.totalTimesteps)
  } | ${threshold} | ${solved(finals)} | ${iqm(finals)} | ${meanStd(finals)} | ${
    steps === null ? `— (${reached.length}/${n})` : `${fmtSteps(steps)} (${reached.length}/${n})`
  } | ${secs === null ? "—" : secs.toFixed(1)} | ${perRun.toFixed(1)} | ${solved(bests)} | ${
    iqm(bests)
  } |`;
}

/** The table header of {@linkcode summaryRow}. */
export const SUMMARY_HEADER: string =
  "| preset | agent | env | budget | threshold | solved at the end [95% Wilson] | IQM of final means [95% bootstrap] | mean ± std over seeds | median steps to threshold (seeds that got there) | median s to threshold | s per run | best checkpoint solved | best checkpoint IQM |\n" +
  "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function fmtSteps(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1000) return n % 100 === 0 ? `${n / 1000}k` : `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/** Threshold of a preset's env: the registry's reward threshold, else {@linkcode EXTRA_THRESHOLDS}. */
export function thresholdOf(env: string): number {
  const t = registry.find((s) => s.id === env)?.rewardThreshold ?? EXTRA_THRESHOLDS[env];
  if (t === undefined || t === null) {
    throw new RangeError(`No threshold for ${env}: pass --threshold`);
  }
  return t;
}

/**
 * The preset with its budget replaced (the run length and the `totalTimesteps` that schedules
 * such as lr annealing are planned over), or unchanged without a budget.
 *
 * @example
 * ```ts
 * import { withBudget } from "./benchmark_learning.ts";
 * import { presets } from "../run/presets.ts";
 * const short = withBudget(presets["cartpole-ppo"], 20000);
 * ```
 */
export function withBudget(preset: Preset, budget: number | undefined): Preset {
  if (budget === undefined) return preset;
  const config = "totalTimesteps" in preset.config
    ? { ...preset.config, totalTimesteps: budget }
    : preset.config;
  return { ...preset, config, totalTimesteps: budget };
}

/** Runs the command with the given arguments; returns the exit code. */
export function main(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      presets: { type: "string" },
      seeds: { type: "string", default: "1-5" },
      budget: { type: "string" },
      "eval-every": { type: "string" },
      "eval-episodes": { type: "string", default: "20" },
      "final-episodes": { type: "string", default: "100" },
      threshold: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      `Usage: deno task benchmark:learning [--presets a,b] [--seeds 11-30 | --seeds 1,2,3] [--budget STEPS]
  [--eval-every N] [--eval-episodes 20] [--final-episodes 100] [--threshold T] [--out file.md]
Presets: ${Object.keys(presets).join(", ")}
Default presets: ${DEFAULT_PRESETS.join(", ")}`,
    );
    return 0;
  }
  const names = values.presets === undefined ? DEFAULT_PRESETS : values.presets.split(",");
  for (const name of names) {
    if (!(name in presets)) {
      console.error(`Unknown preset "${name}"; known: ${Object.keys(presets).join(", ")}`);
      return 2;
    }
  }
  let seeds: number[];
  try {
    seeds = parseSeeds(values.seeds!);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && !(Number.isSafeInteger(budget) && budget > 0)) {
    console.error(`--budget must be a positive integer number of steps, got ${values.budget}`);
    return 2;
  }
  const lines = [
    `Learning results: ${seeds.length} seeds (${
      seeds.join(", ")
    }) per preset; final score = mean over ${
      values["final-episodes"]
    } deterministic evaluation episodes on a separately seeded env after the whole budget; steps/seconds to threshold from evaluations of ${
      values["eval-episodes"]
    } episodes every ${
      values["eval-every"] ?? "budget/20"
    } steps (training time only); best checkpoint = the agent at the periodic evaluation with the highest mean, evaluated again like the final one.`,
    "",
    SUMMARY_HEADER,
  ];
  const details = [
    "",
    "| preset | seed | final mean ± std | steps to threshold | s to threshold | s | best checkpoint (step): mean ± std |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const name of names) {
    const preset = withBudget(presets[name], budget);
    const threshold = values.threshold !== undefined
      ? Number(values.threshold)
      : thresholdOf(preset.env);
    const evalEvery = values["eval-every"] !== undefined
      ? Number(values["eval-every"])
      : Math.max(1, Math.round(preset.totalTimesteps / 20));
    console.error(
      `${name}: ${preset.agent} on ${preset.env}, ${preset.totalTimesteps} steps × ${seeds.length} seeds`,
    );
    const results = runPreset(preset, {
      seeds,
      threshold,
      evalEvery,
      evalEpisodes: Number(values["eval-episodes"]),
      finalEpisodes: Number(values["final-episodes"]),
      onSeed: (r) => {
        const line = `| \`${name}\` | ${r.seed} | ${r.finalMean.toFixed(1)} ± ${
          r.finalStd.toFixed(1)
        } | ${r.stepsToThreshold ?? "—"} | ${r.secondsToThreshold?.toFixed(1) ?? "—"} | ${
          r.seconds.toFixed(1)
        } | (${r.bestStep}) ${r.bestMean.toFixed(1)} ± ${r.bestStd.toFixed(1)} |`;
        details.push(line);
        console.error(line);
      },
    });
    const row = summaryRow(name, preset, threshold, results);
    lines.push(row);
    console.error(row);
  }
  const text = [...lines, ...details, ""].join("\n");
  if (values.out !== undefined) writeFileAtomicSync(values.out, text);
  console.log(text);
  return 0;
}

if (import.meta.main) Deno.exit(main(Deno.args));
