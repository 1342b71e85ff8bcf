/**
 * `sweep --shard auto`: the shard of this process from a cluster scheduler's environment, a Slurm
 * job array (`SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_MIN`/`MAX` or `COUNT`) or a Kubernetes
 * Indexed Job (`JOB_COMPLETION_INDEX`, with the count from `--shard-count` or
 * `SWEEP_SHARD_COUNT`). A pure function of the variables, so it is tested without a cluster.
 *
 * @example
 * ```ts
 * import { shardFromEnv } from "./shard_auto.ts";
 * shardFromEnv({ SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "9" });
 * // { index: 5, count: 10 }
 * ```
 *
 * @module
 */
import type { Shard } from "../run/sweep_plan.ts";
import { CliError } from "./cli_error.ts";

/** The environment variables {@linkcode shardFromEnv} reads (for `--allow-env`). */
export const SHARD_ENV_VARS: readonly string[] = Object.freeze([
  "SLURM_ARRAY_TASK_ID",
  "SLURM_ARRAY_TASK_MIN",
  "SLURM_ARRAY_TASK_MAX",
  "SLURM_ARRAY_TASK_COUNT",
  "SLURM_ARRAY_TASK_STEP",
  "JOB_COMPLETION_INDEX",
  "SWEEP_SHARD_COUNT",
]);

function integer(env: Record<string, string | undefined>, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n)) {
    throw new CliError(`--shard auto: ${name} must be a non-negative integer, got "${text}"`);
  }
  return n;
}

/**
 * The shard (1-based index, count) of this process, from the scheduler's variables.
 *
 * Slurm: index = (TASK_ID − MIN) / STEP + 1 and count = COUNT, or (MAX − MIN) / STEP + 1; a
 * non-contiguous array (`--array=1,4,7` with no matching step) is rejected. Kubernetes: index =
 * JOB_COMPLETION_INDEX + 1, count = `shardCount` (the `--shard-count` flag) or
 * SWEEP_SHARD_COUNT (set it to the Job's `completions`).
 *
 * @param env The variables (for example `Deno.env.toObject()`).
 * @param shardCount The `--shard-count` flag, if given (Kubernetes; must match Slurm's count).
 * @returns The shard.
 * @throws {CliError} when neither scheduler's variables are set, or they are inconsistent.
 * @example
 * ```ts
 * import { shardFromEnv } from "./shard_auto.ts";
 * shardFromEnv({ JOB_COMPLETION_INDEX: "0" }, 3); // { index: 1, count: 3 }
 * ```
 */
export function shardFromEnv(
  env: Record<string, string | undefined>,
  shardCount?: number,
): Shard {
  const check = (shard: Shard, source: string): Shard => {
    if (shardCount !== undefined && shardCount !== shard.count) {
      throw new CliError(
        `--shard auto: --shard-count ${shardCount} disagrees with ${source} (${shard.count} tasks)`,
      );
    }
    return shard;
  };
  const id = integer(env, "SLURM_ARRAY_TASK_ID");
  if (id !== undefined) {
    const min = integer(env, "SLURM_ARRAY_TASK_MIN");
    const max = integer(env, "SLURM_ARRAY_TASK_MAX");
    const given = integer(env, "SLURM_ARRAY_TASK_COUNT");
    const step = integer(env, "SLURM_ARRAY_TASK_STEP") ?? 1;
    const vars = `SLURM_ARRAY_TASK_ID=${id} MIN=${min} MAX=${max} COUNT=${given} STEP=${step}`;
    if (min === undefined || (max === undefined && given === undefined)) {
      throw new CliError(
        `--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_MIN and ` +
          `SLURM_ARRAY_TASK_MAX (or COUNT) are not (${vars})`,
      );
    }
    if (step < 1) throw new CliError(`--shard auto: SLURM_ARRAY_TASK_STEP must be >= 1 (${vars})`);
    const span = max === undefined ? undefined : (max - min) / step + 1;
    const count = given ?? span!;
    const offset = (id - min) / step;
    if (
      (span !== undefined && span !== count) || !Number.isInteger(offset) || offset < 0 ||
      offset >= count
    ) {
      throw new CliError(
        `--shard auto: cannot place this task in a contiguous job array (${vars}); ` +
          `submit the sweep as --array=0-N or --array=1-N`,
      );
    }
    return check({ index: offset + 1, count }, "the Slurm job array");
  }
  const k8s = integer(env, "JOB_COMPLETION_INDEX");
  if (k8s !== undefined) {
    const count = shardCount ?? integer(env, "SWEEP_SHARD_COUNT");
    if (count === undefined) {
      throw new CliError(
        `--shard auto: JOB_COMPLETION_INDEX=${k8s} is set but the number of shards is not: ` +
          `pass --shard-count N or set SWEEP_SHARD_COUNT to the Job's completions`,
      );
    }
    if (count < 1 || k8s >= count) {
      throw new CliError(
        `--shard auto: JOB_COMPLETION_INDEX=${k8s} must be below the shard count ${count}`,
      );
    }
    return { index: k8s + 1, count };
  }
  throw new CliError(
    "--shard auto: no scheduler variables found; expected a Slurm job array " +
      "(SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX or COUNT) or a " +
      "Kubernetes Indexed Job (JOB_COMPLETION_INDEX with --shard-count or SWEEP_SHARD_COUNT); " +
      "or give --shard i/n",
  );
}
