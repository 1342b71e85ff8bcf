/**
 * The one way the commands write a file: {@linkcode writeFileAtomicSync}. Readers (and a process
 * that crashes at any moment) see either the old file or the complete new one, never a torn one.
 *
 * @example
 * ```ts ignore
 * import { writeFileAtomicSync } from "./write_file_atomic.ts";
 * writeFileAtomicSync("runs/demo/summary.json", '{ "solved": true }\n');
 * ```
 *
 * @module
 */
import { basename, dirname, join } from "node:path";

/** `<path>.tmp-<pid>-<8 random hex digits>`: unique per process, and per thread within one. */
function temporaryPath(path: string): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(16).padStart(8, "0");
  return join(dirname(path), `${basename(path)}.tmp-${Deno.pid}-${random}`);
}

/**
 * Writes a file atomically: creates a temporary file with a per-process unique name in the same
 * directory, writes the data, fsyncs it, renames it over `path` and fsyncs the directory (skipped
 * on Windows, where a directory cannot be opened for that), so the rename itself survives a power
 * loss. On any failure before the rename, the temporary file is removed and the error rethrown;
 * `path` is then untouched. Synchronous, like `Deno.writeFileSync`.
 *
 * @param path The destination; its directory must exist.
 * @param data Text (written as UTF-8), bytes, or chunks of bytes written one after the other.
 * @throws whatever `Deno` throws (for example `Deno.errors.NotFound` for a missing directory).
 * @example
 * ```ts ignore
 * import { writeFileAtomicSync } from "./write_file_atomic.ts";
 * writeFileAtomicSync("out/policy.json", JSON.stringify({ a: 1 }));
 * writeFileAtomicSync("out/data.bin", [new Uint8Array([1, 2]), new Uint8Array([3])]);
 * ```
 */
export function writeFileAtomicSync(
  path: string,
  data: string | Uint8Array | readonly Uint8Array[],
): void {
  const chunks = typeof data === "string"
    ? [new TextEncoder().encode(data)]
    : data instanceof Uint8Array
    ? [data]
    : data;
  const tmp = temporaryPath(path);
  let file: Deno.FsFile | null = null;
  let created = false;
  try {
    file = Deno.openSync(tmp, { write: true, createNew: true });
    created = true;
    for (const chunk of chunks) {
      for (let done = 0; done < chunk.length;) done += file.writeSync(chunk.subarray(done));
    }
    file.syncSync();
    file.close();
    file = null;
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      file?.close();
    } catch { /* already closed */ }
    if (created) {
      try {
        Deno.removeSync(tmp);
      } catch { /* removed or renamed already */ }
    }
    throw e;
  }
  syncDirectorySync(dirname(path));
}

function syncDirectorySync(dir: string): void {
  if (Deno.build.os === "windows") return;
  const d = Deno.openSync(dir, { read: true });
  try {
    d.syncSync();
  } finally {
    d.close();
  }
}
