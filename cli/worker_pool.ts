/**
 * Runs many run directories at once, each in a Web Worker (`sweep_worker.ts`, the same code as
 * `deno task train`), for `sweep` and `tune`. Ctrl-C stops every running run cleanly after its
 * current chunk, so that each can be resumed; a second Ctrl-C quits.
 *
 * @example
 * ```ts ignore
 * const interrupted = await runJobs([{ name: "seed-1", dir: "runs/s/seed-1", run }], 2, log);
 * ```
 *
 * @module
 */
import type { RunConfig, RunResult } from "./train.ts";
import { writeFileAtomicSync } from "./write_file_atomic.ts";

/** One run to execute in a worker. */
export interface Job {
  /** A label for the progress lines. */
  name: string;
  /** The run directory (created if missing; an old `error.txt` is removed). */
  dir: string;
  /** The resolved run. */
  run: RunConfig;
}

function fmt(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? "—" : x.toFixed(digits);
}

/**
 * Runs `jobs` with at most `workers` at a time; a failed run leaves its message in
 * `<dir>/error.txt`. Returns whether Ctrl-C interrupted the pool.
 *
 * @example
 * ```ts ignore
 * await runJobs(jobs, 2, (s) => console.log(s));
 * ```
 */
export async function runJobs(
  jobs: readonly Job[],
  workers: number,
  log: (s: string) => void,
): Promise<boolean> {
  if (jobs.length === 0) return false;
  let stop = false;
  const active = new Set<Worker>();
  const onSignal = (): void => {
    if (stop) Deno.exit(130);
    stop = true;
    log("\nStopping: running runs stop after their current chunk (Ctrl-C again to quit)...\n");
    for (const w of active) w.postMessage({ type: "stop" });
  };
  Deno.addSignalListener("SIGINT", onSignal);
  const queue = [...jobs];
  let finished = 0;
  const total = jobs.length;
  const one = (job: Job): Promise<void> =>
    new Promise((resolve) => {
      Deno.mkdirSync(job.dir, { recursive: true });
      try {
        Deno.removeSync(`${job.dir}/error.txt`);
      } catch { /* none */ }
      const worker = new Worker(new URL("./sweep_worker.ts", import.meta.url).href, {
        type: "module",
      });
      active.add(worker);
      const finish = (line: string, error?: string): void => {
        if (error !== undefined) writeFileAtomicSync(`${job.dir}/error.txt`, error + "\n");
        finished++;
        log(`[${finished}/${total}] ${job.name}: ${line}\n`);
        active.delete(worker);
        worker.terminate();
        resolve();
      };
      worker.onmessage = (e: MessageEvent): void => {
        const msg = e.data as { type: "done"; result: RunResult } | {
          type: "failed";
          error: string;
        };
        if (msg.type === "failed") return finish(`FAILED: ${msg.error}`, msg.error);
        const r = msg.result;
        finish(
          r.interrupted
            ? `interrupted at step ${r.globalStep}`
            : `final return ${fmt(r.finalEval?.mean ?? null)}${
              r.stepsToThreshold !== null ? `, threshold reached at step ${r.stepsToThreshold}` : ""
            } (${r.wallClockSeconds.toFixed(1)} s)`,
        );
      };
      worker.onerror = (e: ErrorEvent): void => {
        e.preventDefault();
        finish(`FAILED: ${e.message}`, e.message);
      };
      worker.postMessage({ type: "run", run: job.run, dir: job.dir });
      if (stop) worker.postMessage({ type: "stop" });
    });
  const lanes = Array.from({ length: Math.min(workers, queue.length) }, async () => {
    while (queue.length && !stop) await one(queue.shift()!);
  });
  await Promise.all(lanes);
  Deno.removeSignalListener("SIGINT", onSignal);
  return stop;
}
