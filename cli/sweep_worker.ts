/**
 * The Web Worker of `deno task sweep`: runs one run directory with {@linkcode executeRun} (the
 * same code as `deno task train`) and reports its result. A `"stop"` message stops it cleanly
 * after the current chunk, so the run can be resumed.
 *
 * Messages in: `{ type: "run", run, dir }`, `{ type: "stop" }`. Out: `{ type: "done", result }`
 * or `{ type: "failed", error }`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { errorLine } from "./cli_error.ts";
import { executeRun, type RunConfig } from "./train.ts";

let stop = false;

self.onmessage = async (event: MessageEvent): Promise<void> => {
  const msg = event.data as { type: "run"; run: RunConfig; dir: string } | { type: "stop" };
  if (msg.type === "stop") {
    stop = true;
    return;
  }
  try {
    const result = await executeRun(msg.run, msg.dir, {
      quiet: true,
      tty: false,
      shouldStop: () => stop,
      warn: () => {},
    });
    self.postMessage({ type: "done", result });
  } catch (e) {
    self.postMessage({ type: "failed", error: errorLine(e).replace(/^error: /, "") });
  }
};
