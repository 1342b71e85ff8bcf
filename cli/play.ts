/**
 * `deno task play --run runs/<dir>`: one episode of the trained (deterministic) policy, animated in
 * the terminal, and optionally saved as a self-contained HTML page of the env's SVG frames.
 *
 * @example
 * ```sh
 * deno task play --run runs/CartPole-v1__ppo__1__1763900000 --out episode.html
 * ```
 *
 * @module
 */
import { make } from "../envs/registry.ts";
import { CliError, errorLine } from "./cli_error.ts";
import { type FlagSpec, formatFlags, parseFlags } from "./flags.ts";
import { CHECKPOINT_FLAG, type CheckpointChoice, loadRun } from "./load_run.ts";
import { writeFileAtomicSync } from "./write_file_atomic.ts";

const FLAGS: FlagSpec[] = [
  { name: "run", kind: "string", doc: "The run directory (made by deno task train)." },
  CHECKPOINT_FLAG,
  { name: "seed", kind: "number", doc: "Seed of the episode's env.", default: "run seed + 30000" },
  { name: "out", kind: "string", doc: "Also write the episode as an animated HTML page here." },
  { name: "fps", kind: "number", doc: "Frames per second of the animations.", default: "30" },
];

/** A self-contained HTML page that plays SVG frames in a loop. */
export function framesToHtml(title: string, frames: readonly string[], fps: number): string {
  const escaped = JSON.stringify(frames).replaceAll("</", "<\\/");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;margin:2em}#f svg{max-width:100%;height:auto;border:1px solid #ddd}</style>
</head><body><h3>${title}</h3><div id="f"></div><p id="s"></p>
<script>
const frames = ${escaped};
let i = 0;
function show() {
  document.getElementById("f").innerHTML = frames[i];
  document.getElementById("s").textContent = "step " + i + " / " + (frames.length - 1);
  i = (i + 1) % frames.length;
}
show();
setInterval(show, ${Math.round(1000 / fps)});
</script></body></html>
`;
}

/** The command; returns the exit status (0 ok, 2 bad input). */
export async function main(args: string[]): Promise<number> {
  try {
    if (args.includes("--help") || args.includes("-h")) {
      console.log(`Usage: deno task play --run runs/<dir> [flags]\n\n${formatFlags(FLAGS)}`);
      return 0;
    }
    const { values } = parseFlags(args, FLAGS, "play");
    if (typeof values.run !== "string") throw new CliError("play: --run DIR is required");
    const fps = (values.fps as number | undefined) ?? 30;
    if (!(fps > 0 && fps <= 1000)) throw new CliError(`--fps must be in (0, 1000], got ${fps}`);
    const { run, agent } = await loadRun(
      values.run,
      "--run",
      (values.checkpoint ?? "latest") as CheckpointChoice,
    );
    const seed = (values.seed as number | undefined) ?? run.seed + 30_000;
    const env = make(run.env);
    let { observation } = env.reset({ seed });
    const frames = [env.render()];
    const tty = Deno.stdout.isTerminal();
    const encoder = new TextEncoder();
    let total = 0, steps = 0;
    for (;;) {
      const action = agent.act(observation, { deterministic: true });
      const r = env.step(action as never);
      observation = r.observation;
      total += r.reward;
      steps++;
      frames.push(env.render());
      const line = `step ${String(steps).padStart(4)}  return ${
        total.toFixed(1).padStart(8)
      }  ${env.unwrapped.renderText()}`;
      if (tty) {
        Deno.stdout.writeSync(encoder.encode(`\r\x1b[2K${line}`));
        await new Promise((resolve) => setTimeout(resolve, 1000 / fps));
      } else if (steps % 50 === 0) console.log(line);
      if (r.terminated || r.truncated) {
        if (tty) Deno.stdout.writeSync(encoder.encode("\n"));
        console.log(
          `${run.env} · ${run.agent}: episode ${
            r.terminated ? "terminated" : "truncated"
          } after ${steps} steps, return ${total}`,
        );
        break;
      }
    }
    if (typeof values.out === "string") {
      try {
        writeFileAtomicSync(
          values.out,
          framesToHtml(`${run.env} · ${run.agent} · return ${total}`, frames, fps),
        );
      } catch (e) {
        throw new CliError(`play: cannot write ${values.out}: ${(e as Error).message}`);
      }
      console.log(`wrote ${values.out} (${frames.length} frames)`);
    }
    return 0;
  } catch (e) {
    console.error(errorLine(e));
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
