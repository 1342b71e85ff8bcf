/**
 * Checkpoint files in a run directory: atomic writes, `checkpoint-<step>.ckpt` naming, keeping the
 * last K, and finding the latest valid checkpoint. The file side of
 * {@linkcode encodeCheckpoint} / {@linkcode decodeCheckpoint}; needs `--allow-read` and
 * `--allow-write`.
 *
 * A checkpoint is written with {@linkcode writeFileAtomicSync}: to a temporary
 * `checkpoint-<step>.ckpt.tmp-<pid>-<hex>` in the run directory, flushed to disk (fsync), renamed
 * over `checkpoint-<step>.ckpt`, and the directory is fsynced (where the OS allows it; not on
 * Windows). A crash at any moment therefore leaves either the old set of checkpoints or the old set
 * plus the complete new one: never a half-written `.ckpt`. Leftover temporary files (of a killed
 * writer) are ignored by the loader and removed by the next checkpoint write.
 *
 * @example
 * ```ts ignore
 * import { loadLatestCheckpoint, writeCheckpointFile } from "./checkpoint_files.ts";
 *
 * await writeCheckpointFile("runs/demo", 1000, {
 *   agent: "ppo",
 *   env: "CartPole-v1",
 *   config: {},
 *   counters: { globalStep: 1000 },
 *   state: { params: new Float32Array(8) },
 * }, { keepLast: 3 });
 * const latest = await loadLatestCheckpoint("runs/demo", { agent: "ppo" });
 * console.log(latest?.step); // 1000
 * ```
 *
 * @module
 */
import { join } from "node:path";
import {
  checkCheckpointHead,
  type Checkpoint,
  CHECKPOINT_PREFIX_BYTES,
  CheckpointError,
  type CheckpointErrorReason,
  decodeCheckpoint,
  type DecodeCheckpointOptions,
  type DecodedCheckpoint,
  encodeCheckpointChunks,
} from "../core/checkpoint.ts";
import { writeFileAtomicSync } from "./write_file_atomic.ts";

const CHECKPOINT_NAME = /^checkpoint-(\d+)\.ckpt$/;
/** A checkpoint's temporary file left by a killed writer (`.tmp` alone: older versions). */
const TEMP_NAME = /^(checkpoint-\d+|best)\.ckpt\.tmp(-\d+-[0-9a-f]{8})?$/;

/** Reasons that mean "this file is damaged", so an older checkpoint should be tried instead. */
const DAMAGED: ReadonlySet<CheckpointErrorReason> = new Set<CheckpointErrorReason>([
  "bad-magic",
  "truncated",
  "checksum",
  "malformed",
]);

/** A checkpoint file found in a run directory. */
export interface CheckpointFile {
  /** The step in its name. */
  step: number;
  /** Its path (the run directory joined with the name). */
  path: string;
}

/** Options of {@linkcode writeCheckpointFile}. */
export interface WriteCheckpointFileOptions {
  /**
   * How many checkpoints to keep: after writing, the ones with the highest steps up to and
   * including the new one are kept and older ones deleted. Checkpoints with a higher step than the
   * new one (left by an abandoned run that is being redone) are not touched.
   * @default {3}
   */
  keepLast?: number;
}

/** Options of {@linkcode loadLatestCheckpoint}: what to expect, and where warnings go. */
export interface LoadLatestCheckpointOptions extends Omit<DecodeCheckpointOptions, "file"> {
  /**
   * Called for each damaged checkpoint that is skipped (truncated, corrupted, not a checkpoint).
   * @default {console.warn of the message}
   */
  onWarning?: (message: string, error: CheckpointError) => void;
}

/** What {@linkcode loadLatestCheckpoint} returns. */
export interface LoadedCheckpoint {
  /** The step in the file's name. */
  step: number;
  /** The file's path. */
  path: string;
  /** The decoded checkpoint. */
  checkpoint: DecodedCheckpoint;
}

/**
 * The file name of the checkpoint at a step: `checkpoint-<step>.ckpt`.
 *
 * @param step A non-negative safe integer.
 * @returns The name, without directory.
 * @throws {RangeError} if `step` is not a non-negative safe integer.
 * @example
 * ```ts
 * import { checkpointFileName } from "./checkpoint_files.ts";
 * checkpointFileName(4096); // "checkpoint-4096.ckpt"
 * ```
 */
export function checkpointFileName(step: number): string {
  if (!(Number.isSafeInteger(step) && step >= 0)) {
    throw new RangeError(
      `Cannot name checkpoint: step must be a non-negative integer, got ${step}`,
    );
  }
  return `checkpoint-${step}.ckpt`;
}

/**
 * The checkpoint files of a run directory, sorted by step (oldest first); `[]` if the directory
 * does not exist. Files are not opened, and `.tmp` files are not listed.
 *
 * @param runDir The run directory.
 * @returns The files found.
 * @example
 * ```ts ignore
 * import { listCheckpointFiles } from "./checkpoint_files.ts";
 * const files = await listCheckpointFiles("runs/demo"); // [{ step: 1000, path: "runs/demo/checkpoint-1000.ckpt" }]
 * ```
 */
export async function listCheckpointFiles(runDir: string): Promise<CheckpointFile[]> {
  const out: CheckpointFile[] = [];
  try {
    for await (const entry of Deno.readDir(runDir)) {
      const m = CHECKPOINT_NAME.exec(entry.name);
      if (m !== null && entry.isFile) {
        out.push({ step: Number(m[1]), path: join(runDir, entry.name) });
      }
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return out.sort((a, b) => a.step - b.step);
}

/**
 * Encodes a checkpoint and writes it atomically as `<runDir>/checkpoint-<step>.ckpt`, then keeps
 * only the last `keepLast` checkpoints and removes leftover `.tmp` files. Creates `runDir` if
 * needed. An existing checkpoint of the same step is replaced. The arrays are written straight
 * from the state's memory ({@linkcode encodeCheckpointChunks}): await the promise before changing
 * the state.
 *
 * @param runDir The run directory.
 * @param step The step the checkpoint is taken at (usually the global env step).
 * @param checkpoint What to store (see {@linkcode encodeCheckpoint}).
 * @param options How many checkpoints to keep.
 * @returns The path written.
 * @throws {RangeError} if `step` or `keepLast` is not a valid integer.
 * @example
 * ```ts ignore
 * import { writeCheckpointFile } from "./checkpoint_files.ts";
 * const path = await writeCheckpointFile("runs/demo", 2048, {
 *   agent: "ppo",
 *   env: "CartPole-v1",
 *   config: {},
 *   counters: { globalStep: 2048 },
 *   state: {},
 * });
 * ```
 */
export async function writeCheckpointFile(
  runDir: string,
  step: number,
  checkpoint: Checkpoint,
  options: WriteCheckpointFileOptions = {},
): Promise<string> {
  const keepLast = options.keepLast ?? 3;
  if (!(Number.isSafeInteger(keepLast) && keepLast >= 1)) {
    throw new RangeError(
      `Cannot write checkpoint: keepLast must be an integer >= 1, got ${keepLast}`,
    );
  }
  const path = join(runDir, checkpointFileName(step));
  const chunks = encodeCheckpointChunks(checkpoint); // views of the state: no 50 MB copy
  await Deno.mkdir(runDir, { recursive: true });
  writeFileAtomicSync(path, chunks);

  const older = (await listCheckpointFiles(runDir)).filter((f) => f.step <= step);
  const stale = older.slice(0, Math.max(0, older.length - keepLast)).map((f) => f.path);
  for await (const entry of Deno.readDir(runDir)) {
    if (entry.isFile && TEMP_NAME.test(entry.name)) stale.push(join(runDir, entry.name));
  }
  for (const p of stale) {
    await Deno.remove(p).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
  return path;
}

/** The file name of a run's best-evaluation checkpoint (not one of the resumable checkpoints). */
export const BEST_CHECKPOINT_NAME = "best.ckpt";

/**
 * Encodes a checkpoint and writes it atomically as `<runDir>/best.ckpt`, replacing the previous
 * best. `train` calls it whenever an evaluation beats every earlier one (as SB3's `EvalCallback`
 * keeps `best_model.zip`); resuming never reads it.
 *
 * @param runDir The run directory (must exist).
 * @param checkpoint What to store (see {@linkcode encodeCheckpoint}).
 * @returns The path written.
 * @example
 * ```ts ignore
 * import { writeBestCheckpointFile } from "./checkpoint_files.ts";
 * writeBestCheckpointFile("runs/demo", {
 *   agent: "ppo",
 *   env: "CartPole-v1",
 *   config: {},
 *   counters: { globalStep: 2048 },
 *   state: {},
 * });
 * ```
 */
export function writeBestCheckpointFile(runDir: string, checkpoint: Checkpoint): string {
  const path = join(runDir, BEST_CHECKPOINT_NAME);
  writeFileAtomicSync(path, encodeCheckpointChunks(checkpoint));
  return path;
}

/**
 * Reads and decodes one checkpoint file; errors name the file.
 *
 * @param path The file.
 * @param options What to expect (see {@linkcode decodeCheckpoint}).
 * @returns The decoded checkpoint.
 * @throws {CheckpointError} if the file is not a valid checkpoint or not the expected one.
 * @example
 * ```ts ignore
 * import { readCheckpointFile } from "./checkpoint_files.ts";
 * const ckpt = await readCheckpointFile("runs/demo/checkpoint-2048.ckpt", { agent: "ppo" });
 * ```
 */
export async function readCheckpointFile(
  path: string,
  options: Omit<DecodeCheckpointOptions, "file"> = {},
): Promise<DecodedCheckpoint> {
  return decodeCheckpoint(await readCheckpointBytes(path, options), { ...options, file: path });
}

/**
 * Reads a checkpoint file's bytes, checking its prefix and header before the rest
 * ({@linkcode checkCheckpointHead}): a junk or lying file is rejected after reading at most its
 * header, and nothing larger than the file is ever allocated.
 *
 * @param path The file.
 * @param options What to expect (agent, env, version).
 * @returns The whole file, once its head is valid.
 * @throws {CheckpointError} for a file that is not a checkpoint or claims more than it holds.
 * @example
 * ```ts ignore
 * import { readCheckpointBytes } from "./checkpoint_files.ts";
 * const bytes = await readCheckpointBytes("runs/demo/checkpoint-2048.ckpt");
 * ```
 */
export async function readCheckpointBytes(
  path: string,
  options: Omit<DecodeCheckpointOptions, "file"> = {},
): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  try {
    const size = (await file.stat()).size;
    let have = new Uint8Array(0);
    let need = Math.min(size, CHECKPOINT_PREFIX_BYTES);
    for (;;) {
      if (need > have.length) {
        const more = new Uint8Array(need);
        more.set(have);
        for (let n = have.length; n < need;) {
          const r = await file.read(more.subarray(n));
          if (r === null) break; // shrank while read: the checks below report it
          n += r;
        }
        have = more;
      }
      if (need >= size) return have;
      need = Math.min(size, checkCheckpointHead(have, size, { ...options, file: path }));
      if (need <= have.length) return have;
    }
  } finally {
    file.close();
  }
}

/**
 * Finds and decodes the newest valid checkpoint of a run directory.
 *
 * Checkpoints are tried from the highest step down; a damaged one (truncated, corrupted, not a
 * checkpoint) is reported to `onWarning` and skipped. A checkpoint that is intact but does not
 * fit (wrong agent or env, unsupported version, shape mismatch) throws at once: an older one
 * would not fit either, and silently resuming from further back would hide the problem.
 *
 * @param runDir The run directory.
 * @param options What to expect (see {@linkcode decodeCheckpoint}) and the warning callback.
 * @returns The newest valid checkpoint, or `null` if the directory has no checkpoint files.
 * @throws {CheckpointError} with reason `no-valid-checkpoint` if there are checkpoint files but
 *   all are damaged, or the error of an intact checkpoint that does not fit.
 * @example
 * ```ts ignore
 * import { loadLatestCheckpoint } from "./checkpoint_files.ts";
 * const latest = await loadLatestCheckpoint("runs/demo", {
 *   agent: "ppo",
 *   env: "CartPole-v1",
 *   onWarning: (message) => console.warn(message),
 * });
 * ```
 */
export async function loadLatestCheckpoint(
  runDir: string,
  options: LoadLatestCheckpointOptions = {},
): Promise<LoadedCheckpoint | null> {
  const { onWarning = (message: string) => console.warn(message), ...expect } = options;
  const files = await listCheckpointFiles(runDir);
  const damaged: string[] = [];
  for (let i = files.length - 1; i >= 0; i--) {
    const { step, path } = files[i];
    try {
      const bytes = await readCheckpointBytes(path, expect);
      return { step, path, checkpoint: decodeCheckpoint(bytes, { ...expect, file: path }) };
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue; // removed since listed
      if (!(e instanceof CheckpointError && DAMAGED.has(e.reason))) throw e;
      damaged.push(path);
      onWarning(
        `${e.message}; ${i > 0 ? "trying the previous checkpoint" : "no older checkpoint left"}`,
        e,
      );
    }
  }
  if (damaged.length === 0) return null;
  throw new CheckpointError(
    "no-valid-checkpoint",
    `Cannot resume from ${runDir}: all ${damaged.length} checkpoint files are damaged (${
      damaged.join(", ")
    })`,
  );
}
