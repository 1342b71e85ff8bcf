/**
 * One process at a time per run directory (and per sweep directory): `<dir>/.lock`, held with an
 * exclusive OS file lock (`flock` on Unix, `LockFileEx` on Windows) for as long as the process
 * works in the directory. The OS drops the lock when the process dies, however it dies
 * (`kill -9` included), so a lock file left by a killed process is stale by construction and the
 * next process takes it over; the file only records who held it, for the message.
 *
 * @example
 * ```ts ignore
 * import { lockDirectory } from "./run_lock.ts";
 * const lock = lockDirectory("runs/CartPole-v1__ppo__1__1763900000", "run");
 * try {
 *   // ... train ...
 * } finally {
 *   lock.release();
 * }
 * ```
 *
 * @module
 */
import { CliError } from "./cli_error.ts";

/** The name of the lock file inside a locked directory. */
export const LOCK_FILE_NAME = ".lock";

/** Who holds (or last held) a directory: what the lock file records. */
export interface LockHolder {
  /** The process id. */
  pid: number;
  /** The machine. */
  hostname: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** What the process is doing (`train`, `sweep`...). */
  command: string;
}

/** A held directory lock. */
export interface DirectoryLock {
  /** The lock file. */
  path: string;
  /** The previous holder whose lock was taken over (it died without releasing), if any. */
  tookOverFrom: LockHolder | null;
  /** Releases the lock and removes the lock file (idempotent). */
  release(): void;
}

function readHolder(file: Deno.FsFile): LockHolder | null {
  try {
    const size = file.statSync().size;
    if (size === 0 || size > 4096) return null;
    const buf = new Uint8Array(size);
    file.seekSync(0, Deno.SeekMode.Start);
    let n = 0;
    while (n < size) {
      const r = file.readSync(buf.subarray(n));
      if (r === null) break;
      n += r;
    }
    const h = JSON.parse(new TextDecoder().decode(buf.subarray(0, n)));
    return typeof h?.pid === "number" ? h as LockHolder : null;
  } catch {
    return null;
  }
}

function describeHolder(h: LockHolder | null): string {
  return h === null
    ? "another process"
    : `process ${h.pid} on ${h.hostname} (${h.command}, since ${h.since})`;
}

/** The host name when `--allow-sys=hostname` was given (never a permission prompt), else a stand-in. */
function hostname(): string {
  try {
    if (Deno.permissions.querySync({ name: "sys", kind: "hostname" }).state !== "granted") {
      return "this machine";
    }
    return Deno.hostname();
  } catch {
    return "this machine";
  }
}

/**
 * Takes the lock of `dir` (which must exist) for `command`, or throws a {@linkcode CliError}
 * naming the process that holds it. A lock file whose holder died is taken over.
 *
 * @param dir The run or sweep directory.
 * @param command What this process does there, recorded for other processes' messages.
 * @returns The held lock.
 * @throws {CliError} if another live process (or another worker of this one) holds it.
 */
export function lockDirectory(dir: string, command: string): DirectoryLock {
  const path = `${dir}/${LOCK_FILE_NAME}`;
  for (let attempt = 0;; attempt++) {
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(path, { read: true, write: true, create: true });
    } catch (e) {
      throw new CliError(`Cannot lock ${dir}: ${(e as Error).message}`);
    }
    if (!file.tryLockSync(true)) {
      const holder = readHolder(file);
      file.close();
      throw new CliError(
        `${dir} is in use by ${describeHolder(holder)}: one process at a time per directory; ` +
          `wait for it to finish or stop it (a killed process's lock is taken over)`,
      );
    }
    // The holder we replaced released the lock and removed the file between our open and our
    // lock: we locked a deleted file. Start again on the path's current file.
    let same = false;
    try {
      same = Deno.statSync(path).ino === file.statSync().ino;
    } catch { /* removed */ }
    if (!same && attempt < 10) {
      file.close();
      continue;
    }
    const previous = readHolder(file);
    const me: LockHolder = {
      pid: Deno.pid,
      hostname: hostname(),
      since: new Date().toISOString(),
      command,
    };
    file.truncateSync(0);
    file.seekSync(0, Deno.SeekMode.Start);
    file.writeSync(new TextEncoder().encode(JSON.stringify(me) + "\n"));
    let released = false;
    return {
      path,
      tookOverFrom: previous,
      release(): void {
        if (released) return;
        released = true;
        try {
          Deno.removeSync(path); // while still locked: nobody can lock a file we then delete
        } catch { /* already gone */ }
        file.close(); // closing drops the lock
      },
    };
  }
}
