// Helpers for the command tests: run a command as a real subprocess, list run directories,
// read metrics without wall-clock fields, read a checkpoint's state.
import { decodeCheckpoint } from "../../core/checkpoint.ts";
import { SHARD_ENV_VARS } from "../../cli/shard_auto.ts";

export const ROOT = new URL("../../", import.meta.url).pathname;
const COMMANDS: Record<string, { file: string; perms: string[] }> = {
  train: { file: "cli/train.ts", perms: ["--allow-read", "--allow-write"] },
  eval: { file: "cli/eval.ts", perms: ["--allow-read"] },
  export: { file: "cli/export.ts", perms: ["--allow-read", "--allow-write"] },
  plot: { file: "cli/plot_runs.ts", perms: ["--allow-read", "--allow-write"] },
  play: { file: "cli/play.ts", perms: ["--allow-read", "--allow-write"] },
  sweep: {
    file: "cli/sweep.ts",
    perms: ["--allow-read", "--allow-write", `--allow-env=${SHARD_ENV_VARS}`],
  },
  tune: { file: "cli/tune.ts", perms: ["--allow-read", "--allow-write"] },
};

/** The flags of a tiny PPO run on CartPole (512 steps, two evaluations). */
export const TINY = [
  "--agent",
  "ppo",
  "--env",
  "CartPole-v1",
  "--seed",
  "3",
  "--total-timesteps",
  "512",
  "--num-envs",
  "2",
  "--num-steps",
  "64",
  "--eval-every",
  "256",
  "--eval-episodes",
  "2",
];

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function command(
  name: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Deno.Command {
  const c = COMMANDS[name];
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", ...c.perms, `${ROOT}${c.file}`, ...args],
    cwd,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  });
}

export async function cli(
  name: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Result> {
  const out = await command(name, args, cwd, env).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

export function runDirs(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)].filter((e) => e.isDirectory).map((e) => `${dir}/${e.name}`)
      .sort();
  } catch {
    return [];
  }
}

/** metrics.jsonl without the wall-clock fields. */
export function deterministicMetrics(dir: string): string {
  return Deno.readTextFileSync(`${dir}/metrics.jsonl`).trim().split("\n").map((line) => {
    const r = JSON.parse(line);
    delete r["charts/SPS"];
    return JSON.stringify(r);
  }).join("\n");
}

/** The agent state stored in a run's checkpoint at `step`. */
export function checkpointState(dir: string, step: number | "best"): unknown {
  const name = step === "best" ? "best.ckpt" : `checkpoint-${step}.ckpt`;
  return decodeCheckpoint(Deno.readFileSync(`${dir}/${name}`), { copy: true }).state;
}

/** {@linkcode TINY} without `--seed` (for sweeps). */
export const TINY_PPO: readonly string[] = TINY.filter((a, i) =>
  a !== "--seed" && TINY[i - 1] !== "--seed"
);

/** A sweep's sweep.json without its wall-clock fields. */
export function sweepJson(path: string): unknown {
  const j = JSON.parse(Deno.readTextFileSync(path));
  for (const r of j.runs) delete r.wallClockSeconds;
  return j;
}
