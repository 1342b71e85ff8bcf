/**
 * The files a run leaves behind: the run directory, `metrics.jsonl` (appended as training goes),
 * `metrics.csv`, and JSON files written atomically (with {@linkcode writeFileAtomicSync}).
 *
 * @example
 * ```ts
 * import { readMetrics } from "./run_files.ts";
 * const records = readMetrics("runs/CartPole-v1__ppo__1__1700000000");
 * ```
 *
 * @module
 */
import type { MetricRecord } from "../run/runner.ts";
import { CliError } from "./cli_error.ts";
import { writeFileAtomicSync } from "./write_file_atomic.ts";

/** `{env}__{agent}__{seed}__{unix time}` (CleanRL's run naming), made unique with `-2`, `-3`... */
export function createRunDir(out: string, env: string, agent: string, seed: number): string {
  try {
    Deno.mkdirSync(out, { recursive: true });
  } catch (e) {
    throw new CliError(`Cannot create output directory "${out}": ${(e as Error).message}`);
  }
  const base = `${out}/${env}__${agent}__${seed}__${Math.floor(Date.now() / 1000)}`;
  for (let i = 1;; i++) {
    const dir = i === 1 ? base : `${base}-${i}`;
    try {
      Deno.mkdirSync(dir);
      return dir;
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists) continue;
      throw new CliError(`Cannot create run directory in "${out}": ${(e as Error).message}`);
    }
  }
}

/**
 * A failed write of a run file (a full disk, a removed directory...), naming the file; the run
 * turns it into one message saying what is still intact and how to continue.
 */
export class WriteFailure extends Error {
  /** The file that could not be written. */
  readonly path: string;

  /** Wraps `cause`, the error of writing `path`. */
  constructor(path: string, cause: unknown) {
    super(`Cannot write ${path}: ${(cause as Error)?.message ?? cause}`, { cause });
    this.name = "WriteFailure";
    this.path = path;
  }
}

/** Runs `write` (sync or async); any error it throws becomes a {@linkcode WriteFailure} of `path`. */
export function guardWrite<T>(path: string, write: () => T): T {
  const wrap = (e: unknown): never => {
    throw e instanceof WriteFailure ? e : new WriteFailure(path, e);
  };
  try {
    const out = write();
    return (out instanceof Promise ? out.catch(wrap) : out) as T;
  } catch (e) {
    return wrap(e);
  }
}

/** Writes `text` to `path` atomically ({@linkcode writeFileAtomicSync}); a failure names the file. */
export function writeTextAtomic(path: string, text: string): void {
  guardWrite(path, () => writeFileAtomicSync(path, text));
}

/** {@linkcode writeTextAtomic} of pretty-printed JSON. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeTextAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/** Appends records to `metrics.jsonl`, buffered until {@linkcode MetricsWriter.flush}. */
export class MetricsWriter {
  #file: Deno.FsFile;
  #path: string;
  #pending: string[] = [];

  /** Opens (creating or appending to) the file. */
  constructor(path: string) {
    this.#path = path;
    this.#file = guardWrite(path, () => Deno.openSync(path, { append: true, create: true }));
  }

  /** Queues one record. */
  write(record: MetricRecord): void {
    this.#pending.push(JSON.stringify(record));
  }

  /** Writes what is queued; with `sync`, also forces it to disk. */
  flush(sync = false): void {
    guardWrite(this.#path, () => this.#flush(sync));
  }

  #flush(sync: boolean): void {
    if (this.#pending.length) {
      const bytes = new TextEncoder().encode(this.#pending.join("\n") + "\n");
      this.#pending = [];
      let off = 0;
      while (off < bytes.length) off += this.#file.writeSync(bytes.subarray(off));
    }
    if (sync) this.#file.syncSync();
  }

  /** Flushes and closes. */
  close(): void {
    this.flush(true);
    this.#file.close();
  }
}

/**
 * Reads `metrics.jsonl` of a run directory, skipping a torn last line (a killed writer) and,
 * with `upToStep`, dropping records after that step.
 */
export function readMetrics(dir: string, upToStep = Infinity): MetricRecord[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(`${dir}/metrics.jsonl`);
  } catch {
    return [];
  }
  const out: MetricRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let rec: MetricRecord;
    try {
      rec = JSON.parse(line);
    } catch {
      continue; // torn line from a killed process
    }
    if (rec.global_step <= upToStep) out.push(rec);
  }
  return out;
}

/** Rewrites `metrics.jsonl` with exactly `records` (used when resuming from a checkpoint). */
export function rewriteMetrics(dir: string, records: readonly MetricRecord[]): void {
  writeFileAtomicSync(
    `${dir}/metrics.jsonl`,
    records.map((r) => JSON.stringify(r)).join("\n") + (records.length ? "\n" : ""),
  );
}

/** The records as CSV: `type,global_step,` then every key that occurs, in first-seen order. */
export function metricsToCsv(records: readonly MetricRecord[]): string {
  const keys: string[] = ["type", "global_step"];
  const seen = new Set(keys);
  for (const r of records) {
    for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), keys.push(k));
  }
  const cell = (v: unknown): string => {
    if (v === undefined || v === null) return "";
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [keys.join(","), ...records.map((r) => keys.map((k) => cell(r[k])).join(","))].join(
    "\n",
  ) + "\n";
}
