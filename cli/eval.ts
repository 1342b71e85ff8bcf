/**
 * `deno task eval --run runs/<dir> [--episodes 100] [--seed N]`: evaluates a trained run with the
 * deterministic policy on a freshly seeded env and reports mean ± std against the env's threshold.
 *
 * @example
 * ```sh
 * deno task eval --run runs/CartPole-v1__ppo__1__1763900000 --episodes 100
 * deno task eval --run ~/Downloads/CartPole-v1__ppo__1__step40960.ckpt   # from deno task web
 * ```
 *
 * @module
 */
import { registry } from "../envs/registry.ts";
import { evaluate } from "../run/evaluate.ts";
import { checkSeed, deriveSeed } from "../core/random.ts";
import { CliError, errorLine } from "./cli_error.ts";
import { type FlagSpec, formatFlags, parseFlags } from "./flags.ts";
import { CHECKPOINT_FLAG, type CheckpointChoice, loadRun } from "./load_run.ts";

const FLAGS: FlagSpec[] = [
  {
    name: "run",
    kind: "string",
    doc:
      "The run directory (made by deno task train), or one .ckpt file (e.g. from deno task web).",
  },
  CHECKPOINT_FLAG,
  { name: "episodes", kind: "number", doc: "Evaluation episodes.", default: "100" },
  { name: "seed", kind: "number", doc: "Seed of the evaluation env.", default: "run seed + 20000" },
  { name: "json", kind: "boolean", doc: "Print the result as JSON." },
];

/** The most episodes one evaluation runs. */
const MAX_EPISODES = 10_000_000;

/**
 * The smallest and largest return, with a loop: `Math.min(...returns)` overflows the stack for a
 * few hundred thousand episodes.
 */
export function returnRange(returns: readonly number[]): { min: number; max: number } {
  let min = Infinity, max = -Infinity;
  for (const r of returns) {
    if (r < min) min = r;
    if (r > max) max = r;
  }
  return { min, max };
}

/** The command; returns the exit status (0 ok, 2 bad input). */
export async function main(args: string[]): Promise<number> {
  try {
    if (args.includes("--help") || args.includes("-h")) {
      console.log(`Usage: deno task eval --run runs/<dir> [flags]\n\n${formatFlags(FLAGS)}`);
      return 0;
    }
    const { values } = parseFlags(args, FLAGS, "eval");
    if (typeof values.run !== "string") throw new CliError("eval: --run DIR is required");
    const episodes = values.episodes ?? 100;
    if (!Number.isSafeInteger(episodes) || (episodes as number) < 1) {
      throw new CliError(`--episodes must be an integer >= 1, got ${episodes}`);
    }
    if ((episodes as number) > MAX_EPISODES) {
      throw new CliError(
        `--episodes must be at most ${MAX_EPISODES} (every return and length is kept), got ${episodes}`,
      );
    }
    const which = (values.checkpoint ?? "latest") as CheckpointChoice;
    const { run, agent, step } = await loadRun(values.run, "--run", which);
    const seed = values.seed === undefined
      ? deriveSeed(run.seed, 20_000)
      : checkSeed(values.seed, "--seed");
    const result = evaluate(agent, { episodes: episodes as number, seed: seed as number });
    const threshold = registry.find((s) => s.id === run.env)?.rewardThreshold ?? null;
    const solved = threshold !== null && result.mean >= threshold;
    if (values.json) {
      console.log(JSON.stringify({ ...result, checkpoint: which, step, seed, threshold, solved }));
    } else {
      console.log(
        `${run.env} · ${run.agent} · seed ${run.seed} · ${
          which === "best" ? "best.ckpt (best evaluation) from" : "checkpoint at"
        } step ${step}\n` +
          `mean return ${result.mean.toFixed(2)} ± ${
            result.std.toFixed(2)
          } over ${episodes} episodes` +
          ` (min ${returnRange(result.returns).min}, max ${returnRange(result.returns).max}, ` +
          `eval seed ${seed})` +
          (threshold === null
            ? ""
            : `\nthreshold ${threshold}: ${solved ? "solved" : "not solved"}`),
      );
    }
    return 0;
  } catch (e) {
    console.error(errorLine(e));
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
