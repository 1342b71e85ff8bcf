/**
 * `deno task export --run runs/<dir> [--checkpoint best] [--out policy.json]`: writes the greedy
 * policy of a trained run as JSON ({@linkcode exportPolicy}): the networks as a PyTorch
 * `state_dict` with CleanRL's names, the observation normalisation and the action space. The
 * README shows the NumPy and PyTorch code that loads it.
 *
 * @example
 * ```sh
 * deno task export --run runs/CartPole-v1__ppo__1__1763900000 --checkpoint best --out policy.json
 * ```
 *
 * @module
 */
import { exportPolicy } from "../run/export_policy.ts";
import { CliError, errorLine } from "./cli_error.ts";
import { type FlagSpec, formatFlags, parseFlags } from "./flags.ts";
import { CHECKPOINT_FLAG, type CheckpointChoice, loadRun } from "./load_run.ts";
import { writeFileAtomicSync } from "./write_file_atomic.ts";

const FLAGS: FlagSpec[] = [
  { name: "run", kind: "string", doc: "The run directory (made by deno task train)." },
  CHECKPOINT_FLAG,
  { name: "out", kind: "string", doc: "The JSON file to write.", default: "<run>/policy.json" },
  { name: "quiet", kind: "boolean", doc: "Print nothing on success." },
];

/** The command; returns the exit status (0 ok, 2 bad input). */
export async function main(args: string[]): Promise<number> {
  try {
    if (args.includes("--help") || args.includes("-h")) {
      console.log(`Usage: deno task export --run runs/<dir> [flags]\n\n${formatFlags(FLAGS)}`);
      return 0;
    }
    const { values } = parseFlags(args, FLAGS, "export");
    if (typeof values.run !== "string") throw new CliError("export: --run DIR is required");
    const which = (values.checkpoint ?? "latest") as CheckpointChoice;
    const { agent, step } = await loadRun(values.run, "--run", which);
    const out = typeof values.out === "string" ? values.out : `${values.run}/policy.json`;
    const policy = exportPolicy(agent);
    try {
      writeFileAtomicSync(out, JSON.stringify(policy) + "\n");
    } catch (e) {
      throw new CliError(`--out ${out}: cannot write it (${(e as Error).message})`);
    }
    if (!values.quiet) {
      const tensors = Object.keys(policy.stateDict).length;
      console.log(
        `Wrote ${out}: ${policy.agent} on ${policy.env}, ${
          which === "best" ? "best.ckpt" : "checkpoint"
        } at step ${step}, ${tensors} tensors (${policy.head} head)`,
      );
    }
    return 0;
  } catch (e) {
    console.error(errorLine(e));
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
