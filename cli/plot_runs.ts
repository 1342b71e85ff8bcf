/**
 * `deno task plot runs/a runs/b ... [--out file.svg]`: the learning curves of several runs on one
 * chart (smoothed episode returns, one colour per run, the env's reward threshold).
 *
 * @example
 * ```sh
 * deno task plot runs/CartPole-v1__ppo__1__* runs/CartPole-v1__a2c__1__* --out compare.svg
 * ```
 *
 * @module
 */
import { registry } from "../envs/registry.ts";
import { CliError, errorLine } from "./cli_error.ts";
import { readJsonFile } from "./common.ts";
import { type FlagSpec, formatFlags, parseFlags } from "./flags.ts";
import { plotRuns } from "./plot.ts";
import { readMetrics } from "./run_files.ts";
import { writeFileAtomicSync } from "./write_file_atomic.ts";
import type { RunConfig } from "./train.ts";

const FLAGS: FlagSpec[] = [
  { name: "out", kind: "string", doc: "Where to write the SVG.", default: "curves.svg" },
  { name: "title", kind: "string", doc: "Chart title.", default: "the env id" },
];

/** The command; returns the exit status (0 ok, 2 bad input). */
export async function main(args: string[]): Promise<number> {
  try {
    if (args.includes("--help") || args.includes("-h")) {
      console.log(`Usage: deno task plot RUN_DIR... [flags]\n\n${formatFlags(FLAGS)}`);
      return 0;
    }
    const { values, positionals } = parseFlags(args, FLAGS, "plot", true);
    if (positionals.length === 0) throw new CliError("plot: give at least one run directory");
    const runs = positionals.map((dir) => {
      const run = readJsonFile(`${dir}/config.json`, "plot") as RunConfig;
      if (!run || typeof run.agent !== "string") {
        throw new CliError(`plot: ${dir} is not a run directory`);
      }
      const episodes = readMetrics(dir).filter((r) => r.type === "episode");
      return {
        run,
        curve: {
          label: `${run.agent} · seed ${run.seed}${run.preset ? ` · ${run.preset}` : ""}`,
          steps: episodes.map((r) => r.global_step),
          returns: episodes.map((r) => Number(r["charts/episodic_return"])),
        },
      };
    });
    const envs = [...new Set(runs.map((r) => r.run.env))];
    const threshold = envs.length === 1
      ? registry.find((s) => s.id === envs[0])?.rewardThreshold ?? null
      : null;
    const svg = await plotRuns(runs.map((r) => r.curve), {
      title: (values.title as string | undefined) ?? envs.join(", "),
      threshold,
    });
    const out = (values.out as string | undefined) ?? "curves.svg";
    try {
      writeFileAtomicSync(out, svg);
    } catch (e) {
      throw new CliError(`plot: cannot write ${out}: ${(e as Error).message}`);
    }
    console.log(`wrote ${out} (${runs.length} runs)`);
    return 0;
  } catch (e) {
    console.error(errorLine(e));
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
