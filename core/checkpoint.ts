/**
 * The checkpoint file format: a checksummed JSON header followed by raw little-endian typed-array
 * data. Pure functions from a state tree to bytes and back; no file access, and no code is ever
 * evaluated on load (the header is read with `JSON.parse`, the data with typed-array views).
 *
 * ## What is stored
 *
 * A {@linkcode Checkpoint}: the agent and env ids, the config, free-form counters (`globalStep`,
 * episodes...), free-form `meta`, and the agent's `state()` tree. Every part may be any tree of
 * plain objects, arrays, strings, booleans, `null`, numbers, bigints and typed arrays
 * (`Float32Array`, `Float64Array`, `Float16Array`, `Int8Array`, `Uint8Array`, `Uint8ClampedArray`,
 * `Int16Array`, `Uint16Array`, `Int32Array`, `Uint32Array`, `BigInt64Array`, `BigUint64Array`).
 * Everything round-trips bit-exactly: `NaN`, `±Infinity` and `-0` in plain parts (which JSON
 * cannot hold) as well as every bit pattern inside typed arrays. Object properties whose value is
 * `undefined` are dropped (as JSON does); `undefined` anywhere else, functions, symbols, class
 * instances (a `Random`, a `Map`), `ArrayBuffer`/`DataView` and cycles are rejected with a
 * `TypeError` naming the path. The same typed-array object referenced twice is stored once and
 * decodes to one object referenced twice; distinct typed arrays are stored independently, so
 * `subarray` views of one buffer come back as separate arrays (restore them with `set`).
 *
 * ## Byte layout (format version 1)
 *
 * All integers are unsigned little-endian. Offsets are from the start of the file.
 *
 * | Offset | Size | Field |
 * | --- | --- | --- |
 * | 0 | 8 | magic `"SRLCKPT\0"` (`53 52 4C 43 4B 50 54 00`) |
 * | 8 | 4 | format version, u32 (1) |
 * | 12 | 4 | header length `H` in bytes, u32 |
 * | 16 | 4 | header CRC-32, u32: over bytes `[24, D)` (the JSON and its zero padding) |
 * | 20 | 4 | prefix CRC-32, u32: over bytes `[0, 20)` |
 * | 24 | `H` | header: UTF-8 JSON, see below |
 * | 24 + `H` | 0–7 | zero padding up to `D = ceil8(24 + H)` |
 * | `D` | `dataLength` | data section: the typed arrays' raw little-endian bytes |
 *
 * The file ends exactly at `D + dataLength`. The 24-byte prefix keeps this layout in every future
 * version, so any reader can tell a newer format from a corrupted file. The header is one JSON
 * object: `{ formatVersion, agent, env, config, counters, meta, tree, arrays, dataLength,
 * dataCrc32 }`, where `tree` is the state; `config`, `counters`, `meta` and `tree` are encoded
 * plain values, `arrays[i]` is `{ dtype, length, byteOffset, byteLength }` (`dtype` is the
 * constructor name, `byteOffset` is relative to `D` and a multiple of 8, gaps are zero bytes),
 * and `dataCrc32` is the CRC-32 of the whole data section. In the encoded plain values, a
 * single-key object is a marker: `{"$array": i}` is `arrays[i]`; `{"$num": "NaN" | "Infinity" |
 * "-Infinity" | "-0"}` is that number; `{"$bigint": "-12"}` is a bigint. An object key of the
 * original data that starts with `$` is stored with one more `$` in front, so markers are never
 * ambiguous.
 *
 * Three CRC-32s (IEEE 802.3, the zlib/PNG polynomial, {@linkcode crc32}) cover every byte of the
 * file but the prefix CRC itself, so one flipped byte anywhere is reported as a checksum
 * mismatch (CRC-32 detects every error burst of up to 32 bits).
 *
 * ## Endianness and decoding speed
 *
 * Data is always little-endian. On little-endian hosts (x86, ARM as run by Deno, Node and
 * browsers) encoding copies each array's bytes with one `Uint8Array.set`; on a big-endian host
 * every element is byte-swapped while copying. By default {@linkcode decodeCheckpoint} returns
 * typed arrays that are zero-copy views into the input bytes whenever they are aligned (always, for
 * the bytes of `Deno.readFile`, whose offset is 0): they share memory with the input and keep it
 * alive. Pass `copy: true` for independent arrays; big-endian hosts and misaligned inputs always
 * get (swapped) copies. Checksums use the runtime's native `zlib.crc32` where there is one (Deno,
 * Node >= 22.3; tens of GB/s) and the portable {@linkcode crc32} elsewhere (browsers; about
 * 0.5 GB/s); both give the same values.
 *
 * @example
 * ```ts
 * import { decodeCheckpoint, encodeCheckpoint } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeCheckpoint({
 *   agent: "dqn",
 *   env: "CartPole-v1",
 *   config: { learningRate: 2.5e-4 },
 *   counters: { globalStep: 1000 },
 *   state: { q: new Float32Array([1, -0, NaN]), epsilon: 0.5 },
 * });
 * const back = decodeCheckpoint(bytes, { agent: "dqn", env: "CartPole-v1" });
 * assert.deepEqual(back.state, { q: new Float32Array([1, -0, NaN]), epsilon: 0.5 });
 * ```
 *
 * @module
 */
import { describe } from "./text.ts";

/** Every typed-array type a checkpoint can hold. */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float16Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** The checkpoint format version this module writes. */
export const CHECKPOINT_FORMAT_VERSION: number = 1;

/** The format versions this module reads. */
export const SUPPORTED_CHECKPOINT_VERSIONS: readonly number[] = [1];

/** The 8 bytes every checkpoint file starts with. */
export const CHECKPOINT_MAGIC: string = "SRLCKPT\0";

/** What a checkpoint holds; the input of {@linkcode encodeCheckpoint}. */
export interface Checkpoint {
  /** The agent id, for example `"ppo"`; checked on load. */
  agent: string;
  /** The environment id, for example `"CartPole-v1"`; checked on load. */
  env: string;
  /** The run's configuration (plain data). */
  config: unknown;
  /** Progress counters (plain data), for example `{ globalStep: 4096, episodes: 37 }`. */
  counters: unknown;
  /** The agent's `state()` tree: plain data whose leaves may be typed arrays. */
  state: unknown;
  /** Free-form extra information (library version, wall-clock time...); not checked. */
  meta?: unknown;
}

/** What {@linkcode decodeCheckpoint} returns. */
export interface DecodedCheckpoint extends Checkpoint {
  /** The format version of the file. */
  formatVersion: number;
  /** The stored `meta`, or `null` if none was written. */
  meta: unknown;
}

/** Options of {@linkcode decodeCheckpoint}. */
export interface DecodeCheckpointOptions {
  /** The agent id the checkpoint must have been written by. */
  agent?: string;
  /** The env id the checkpoint must have been written for. */
  env?: string;
  /** The exact format version required (any supported version if omitted). */
  formatVersion?: number;
  /** If given, the decoded state must match it as {@linkcode validateShapes} checks. */
  template?: unknown;
  /**
   * Return independent typed arrays instead of views into the input bytes.
   * @default {false}
   */
  copy?: boolean;
  /** The file name used in error messages. */
  file?: string;
}

/** Options of {@linkcode validateShapes}. */
export interface ValidateShapesOptions {
  /** The file name used in error messages. */
  file?: string;
}

/** Why a checkpoint could not be loaded; the `reason` of a {@linkcode CheckpointError}. */
export type CheckpointErrorReason =
  /** The bytes do not start with {@linkcode CHECKPOINT_MAGIC}. */
  | "bad-magic"
  /** The file is shorter than its header says. */
  | "truncated"
  /** A CRC-32 does not match: the file is corrupted. */
  | "checksum"
  /** The checksums match but the content is inconsistent (a writer bug or a crafted file). */
  | "malformed"
  /** The format version is not one this build reads, or not the one required. */
  | "unsupported-version"
  /** The checkpoint was written by another agent. */
  | "wrong-agent"
  /** The checkpoint was written for another environment. */
  | "wrong-env"
  /** The state's structure, dtypes or lengths differ from the expected template. */
  | "shape-mismatch"
  /** A run directory has checkpoint files but none of them is valid. */
  | "no-valid-checkpoint";

/**
 * A checkpoint that cannot be loaded: `reason` says why, the message names the problem, the file
 * where known, and what was expected.
 *
 * @example
 * ```ts
 * import { CheckpointError, decodeCheckpoint } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => decodeCheckpoint(new TextEncoder().encode("not a checkpoint")),
 *   (e) => e instanceof CheckpointError && e.reason === "bad-magic",
 * );
 * ```
 */
export class CheckpointError extends Error {
  /** A stable code for the problem, for programs to branch on. */
  readonly reason: CheckpointErrorReason;
  /** The file the checkpoint came from, if known. */
  readonly file: string | undefined;

  /**
   * Creates an error; `message` is used as given.
   *
   * @param reason The problem's code.
   * @param message The full message.
   * @param options The file, and the underlying error if any.
   */
  constructor(
    reason: CheckpointErrorReason,
    message: string,
    options: { file?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CheckpointError";
    this.reason = reason;
    this.file = options.file;
  }
}

// ---------------------------------------------------------------------------------------------
// CRC-32

/** Slicing-by-8 tables: table k at [256k, 256k + 256). */
const CRC_TABLES: Int32Array = makeCrcTables();

function makeCrcTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const prev = t[(k - 1) * 256 + n];
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 255];
    }
  }
  return t;
}

/**
 * The CRC-32 of `data` (IEEE 802.3 polynomial, reflected, as zlib, PNG and gzip compute it).
 *
 * Pass a previous result as `crc` to continue over data that arrives in pieces:
 * `crc32(b, crc32(a))` equals the CRC-32 of `a` followed by `b`. Portable JavaScript (slicing by 8,
 * about 0.5 GB/s); checkpoints use the runtime's native `zlib.crc32` instead where there is one.
 *
 * @param data The bytes.
 * @param crc The CRC-32 of the preceding bytes, or 0 to start.
 * @returns The CRC-32 as an unsigned 32-bit integer.
 * @example
 * ```ts
 * import { crc32 } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
 * ```
 */
export function crc32(data: Uint8Array, crc: number = 0): number {
  const t = CRC_TABLES;
  let c = ~crc;
  const n = data.length;
  const end8 = n - (n & 7);
  let i = 0;
  for (; i < end8; i += 8) {
    c ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    c = t[1792 + (c & 255)] ^ t[1536 + ((c >>> 8) & 255)] ^ t[1280 + ((c >>> 16) & 255)] ^
      t[1024 + (c >>> 24)] ^ t[768 + data[i + 4]] ^ t[512 + data[i + 5]] ^
      t[256 + data[i + 6]] ^ t[data[i + 7]];
  }
  for (; i < n; i++) c = t[(c ^ data[i]) & 255] ^ (c >>> 8);
  return ~c >>> 0;
}

type Crc32Function = (data: Uint8Array, crc?: number) => number;

/**
 * The CRC-32 used for checkpoints: Node's native `zlib.crc32` where the runtime has it (Deno,
 * Node >= 22.3, found with `process.getBuiltinModule`, no import), after checking that it gives
 * the same values; otherwise the portable {@linkcode crc32}. The native one is ~40x faster.
 */
const checksum: Crc32Function = findNativeCrc32() ?? crc32;

function findNativeCrc32(): Crc32Function | null {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const zlib = proc?.getBuiltinModule?.("node:zlib") as { crc32?: unknown } | undefined;
    const f = zlib?.crc32;
    if (typeof f !== "function") return null;
    const check = new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]);
    const ok = f(check) === 0xcbf43926 &&
      f(check.subarray(4), f(check.subarray(0, 4))) === 0xcbf43926;
    if (!ok) return null;
    // Node 20's zlib.crc32 returns 0, not `crc`, for an empty array on a zero-length buffer (the
    // empty log-std of a discrete policy): empty input never reaches it.
    const native = f as Crc32Function;
    return (data: Uint8Array, crc: number = 0): number =>
      data.length === 0 ? crc >>> 0 : native(data, crc);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

const PREFIX_BYTES = 24;
const MAGIC_BYTES = new Uint8Array([0x53, 0x52, 0x4c, 0x43, 0x4b, 0x50, 0x54, 0x00]);
const ZEROS = new Uint8Array(8);
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

/** dtype name → constructor, for the types this runtime has (Float16Array is recent). */
const DTYPES: ReadonlyMap<string, TypedArrayConstructor> = new Map(
  [
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "Float16Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
  ].flatMap((name) => {
    const ctor = (globalThis as Record<string, unknown>)[name];
    return typeof ctor === "function" ? [[name, ctor as TypedArrayConstructor]] : [];
  }),
);

const MARKERS = new Set(["$array", "$num", "$bigint"]);

interface ArrayEntry {
  dtype: string;
  length: number;
  byteOffset: number;
  byteLength: number;
}

/** Collects the typed arrays of a tree while turning it into encoded plain JSON values. */
class TreeEncoder {
  readonly arrays: TypedArray[] = [];
  readonly #index = new Map<TypedArray, number>();
  readonly #ancestors = new Set<object>();

  encode(value: unknown, path: string): unknown {
    switch (typeof value) {
      case "number":
        if (Number.isFinite(value) && !Object.is(value, -0)) return value;
        return { $num: Object.is(value, -0) ? "-0" : String(value) };
      case "string":
      case "boolean":
        return value;
      case "bigint":
        return { $bigint: value.toString() };
      case "object":
        break;
      default:
        throw new TypeError(
          `Cannot encode checkpoint: ${path} is ${
            value === undefined ? "undefined (use null)" : `a ${typeof value}`
          }, not plain data`,
        );
    }
    if (value === null) return null;
    if (ArrayBuffer.isView(value)) {
      const dtype = value.constructor.name;
      if (value instanceof DataView || !DTYPES.has(dtype)) {
        throw new TypeError(`Cannot encode checkpoint: ${path} is a ${dtype}, not a typed array`);
      }
      let i = this.#index.get(value as TypedArray);
      if (i === undefined) {
        i = this.arrays.length;
        this.arrays.push(value as TypedArray);
        this.#index.set(value as TypedArray, i);
      }
      return { $array: i };
    }
    if (this.#ancestors.has(value)) {
      throw new TypeError(`Cannot encode checkpoint: ${path} refers back to an enclosing object`);
    }
    this.#ancestors.add(value);
    let out: unknown;
    if (Array.isArray(value)) {
      const arr = new Array(value.length);
      for (let i = 0; i < value.length; i++) arr[i] = this.encode(value[i], `${path}[${i}]`);
      out = arr;
    } else {
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(
          `Cannot encode checkpoint: ${path} is a ${
            describe(value)
          }, not plain data (store its state instead)`,
        );
      }
      const obj: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        setOwn(obj, key.startsWith("$") ? `$${key}` : key, this.encode(v, childPath(path, key)));
      }
      out = obj;
    }
    this.#ancestors.delete(value);
    return out;
  }
}

function childPath(path: string, key: string): string {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return path === "" ? k : /^[A-Za-z_$]/.test(k) ? `${path}.${k}` : `${path}[${k}]`;
}

/** Sets an own property, also for the key `__proto__`. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
}

function ceil8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** The little-endian bytes of a typed array: a view on little-endian hosts, else a swapped copy. */
function littleEndianBytes(a: TypedArray): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return LITTLE_ENDIAN_HOST || a.BYTES_PER_ELEMENT === 1
    ? bytes
    : swapped(bytes, a.BYTES_PER_ELEMENT);
}

/** A copy of `bytes` with each `size`-byte element reversed (big-endian hosts only). */
function swapped(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) {
    for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k];
  }
  return out;
}

/**
 * Encodes a checkpoint into the bytes of a checkpoint file (format in the module doc).
 *
 * The output is deterministic: the same checkpoint always gives the same bytes. Arrays are copied
 * with `Uint8Array.set`, with no per-element loop on little-endian hosts. To write a file without
 * building it in memory first, use {@linkcode encodeCheckpointChunks}.
 *
 * @param checkpoint The ids, config, counters, meta and state tree.
 * @returns The file's bytes.
 * @throws {TypeError} if `agent` or `env` is not a string, or a part is not plain data (the
 *   message names the path, for example `state.rng is a Random, not plain data`).
 * @example
 * ```ts
 * import { encodeCheckpoint } from "@seeded/rl";
 * const bytes = encodeCheckpoint({
 *   agent: "ppo",
 *   env: "CartPole-v1",
 *   config: {},
 *   counters: { globalStep: 0 },
 *   state: { params: new Float32Array(8) },
 * });
 * ```
 */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const chunks = encodeCheckpointChunks(checkpoint);
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Encodes a checkpoint as a list of byte chunks whose concatenation is the file that
 * {@linkcode encodeCheckpoint} returns, without copying the arrays: on little-endian hosts each
 * typed array's chunk is a view of its own memory. Writing the chunks one after the other saves
 * building the whole file in memory (for a large replay buffer, an allocation and a copy).
 *
 * The chunks alias the state: do not modify it until they are written (a change in between is
 * caught on load by the data checksum, but the checkpoint is then lost).
 *
 * @param checkpoint The ids, config, counters, meta and state tree.
 * @returns The header chunk, then the padding and bytes of each array; no empty chunks.
 * @throws {TypeError} as {@linkcode encodeCheckpoint} does.
 * @example
 * ```ts
 * import { encodeCheckpoint, encodeCheckpointChunks } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const checkpoint = {
 *   agent: "dqn",
 *   env: "CartPole-v1",
 *   config: {},
 *   counters: {},
 *   state: { observations: new Float32Array(1000) },
 * };
 * const chunks = encodeCheckpointChunks(checkpoint);
 * assert.equal(chunks[1].buffer, checkpoint.state.observations.buffer); // not copied
 * assert.deepEqual(new Uint8Array(chunks.flatMap((c) => [...c])), encodeCheckpoint(checkpoint));
 * ```
 */
export function encodeCheckpointChunks(checkpoint: Checkpoint): Uint8Array[] {
  const { agent, env } = checkpoint;
  if (typeof agent !== "string" || typeof env !== "string") {
    throw new TypeError(
      `Cannot encode checkpoint: agent and env must be strings, got ${typeof agent} and ${typeof env}`,
    );
  }
  const enc = new TreeEncoder();
  const config = enc.encode(checkpoint.config ?? null, "config");
  const counters = enc.encode(checkpoint.counters ?? null, "counters");
  const meta = enc.encode(checkpoint.meta ?? null, "meta");
  const tree = enc.encode(checkpoint.state, "state");

  // Lay the arrays out 8-byte aligned and checksum their little-endian bytes on the way.
  const chunks: Uint8Array[] = [];
  const entries: ArrayEntry[] = [];
  let dataLength = 0;
  let dataCrc32 = 0;
  for (const a of enc.arrays) {
    const byteOffset = ceil8(dataLength);
    if (byteOffset > dataLength) {
      const padding = ZEROS.subarray(0, byteOffset - dataLength);
      dataCrc32 = checksum(padding, dataCrc32);
      chunks.push(padding);
    }
    const bytes = littleEndianBytes(a);
    dataCrc32 = checksum(bytes, dataCrc32);
    if (bytes.length > 0) chunks.push(bytes);
    const dtype = a.constructor.name;
    entries.push({ dtype, length: a.length, byteOffset, byteLength: a.byteLength });
    dataLength = byteOffset + a.byteLength;
  }

  const json = new TextEncoder().encode(JSON.stringify({
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    agent,
    env,
    config,
    counters,
    meta,
    tree,
    arrays: entries,
    dataLength,
    dataCrc32,
  }));
  const dataOffset = ceil8(PREFIX_BYTES + json.length);
  const head = new Uint8Array(dataOffset);
  head.set(MAGIC_BYTES, 0);
  head.set(json, PREFIX_BYTES);
  const view = new DataView(head.buffer);
  view.setUint32(8, CHECKPOINT_FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  view.setUint32(16, checksum(head.subarray(PREFIX_BYTES)), true);
  view.setUint32(20, checksum(head.subarray(0, 20)), true);
  chunks.unshift(head);
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// Decoding

function where(file: string | undefined): string {
  return file === undefined ? "" : ` ${file}`;
}

/**
 * How deep a checkpoint's plain values may nest. Agent states are a handful of levels deep; a
 * deeper header (a crafted or corrupted file) is reported as malformed instead of overflowing the
 * stack.
 */
const MAX_DEPTH = 64;

/** Turns encoded plain values back into data, in place where possible, resolving markers. */
class TreeDecoder {
  readonly #arrays: (TypedArray | undefined)[];
  readonly #make: (i: number) => TypedArray;
  readonly #fail: (message: string) => never;

  constructor(count: number, make: (i: number) => TypedArray, fail: (message: string) => never) {
    this.#arrays = new Array(count);
    this.#make = make;
    this.#fail = fail;
  }

  decode(value: unknown, path: string, depth = 0): unknown {
    if (typeof value !== "object" || value === null) return value;
    if (depth >= MAX_DEPTH) {
      this.#fail(`${path.slice(0, 60)}... is nested deeper than ${MAX_DEPTH} levels`);
    }
    const d = depth + 1;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.decode(value[i], `${path}[${i}]`, d);
      return value;
    }
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && MARKERS.has(keys[0])) return this.#marker(keys[0], obj[keys[0]], path);
    if (!keys.some((k) => k.startsWith("$"))) {
      for (const k of keys) obj[k] = this.decode(obj[k], childPath(path, k), d);
      return obj;
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (k.startsWith("$") && !k.startsWith("$$")) this.#fail(`${path} has a stray key ${k}`);
      const key = k.startsWith("$") ? k.slice(1) : k;
      setOwn(out, key, this.decode(obj[k], childPath(path, key), d));
    }
    return out;
  }

  #marker(kind: string, arg: unknown, path: string): unknown {
    if (kind === "$array") {
      if (
        !(Number.isInteger(arg) && (arg as number) >= 0 && (arg as number) < this.#arrays.length)
      ) {
        this.#fail(`${path} refers to array ${JSON.stringify(arg)} of ${this.#arrays.length}`);
      }
      const i = arg as number;
      return this.#arrays[i] ??= this.#make(i);
    }
    if (kind === "$num") {
      switch (arg) {
        case "NaN":
          return NaN;
        case "Infinity":
          return Infinity;
        case "-Infinity":
          return -Infinity;
        case "-0":
          return -0;
      }
    } else if (typeof arg === "string" && /^-?\d+$/.test(arg)) {
      return BigInt(arg);
    }
    return this.#fail(`${path} has a bad ${kind} value ${JSON.stringify(arg)}`);
  }
}

function failWith(file: string | undefined): (r: CheckpointErrorReason, d: string) => never {
  return (reason, detail) => {
    throw new CheckpointError(reason, `Cannot load checkpoint${where(file)}: ${detail}`, { file });
  };
}

/** The validated prefix and header of a checkpoint, and where its data section ends. */
interface Head {
  version: number;
  header: Record<string, unknown>;
  dataOffset: number;
  end: number;
}

/**
 * Checks the prefix and header in `bytes` (the first bytes of a file of `fileSize` bytes) against
 * each other and the file size. Returns how many leading bytes it needs when `bytes` is too short
 * to go on, so a reader never has to load more than the checks so far allow.
 */
function readHead(
  bytes: Uint8Array,
  fileSize: number,
  options: DecodeCheckpointOptions,
): Head | number {
  const { file } = options;
  const fail = failWith(file);
  const n = bytes.length;

  // The fixed prefix.
  const magicSeen = Math.min(n, 8);
  for (let i = 0; i < magicSeen; i++) {
    if (bytes[i] !== MAGIC_BYTES[i]) {
      const shown = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0"));
      fail(
        "bad-magic",
        `not a checkpoint file (starts with ${shown.join(" ")}, expected "SRLCKPT\\0")`,
      );
    }
  }
  if (fileSize < PREFIX_BYTES) {
    fail(
      "truncated",
      `the file is ${fileSize} bytes, shorter than the ${PREFIX_BYTES}-byte prefix`,
    );
  }
  if (n < PREFIX_BYTES) return PREFIX_BYTES;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const version = view.getUint32(8, true);
  const headerLength = view.getUint32(12, true);
  const prefixCrc = view.getUint32(20, true);
  const prefixCrcFound = checksum(bytes.subarray(0, 20));
  if (prefixCrc !== prefixCrcFound) {
    fail("checksum", `the prefix is corrupted (${mismatch(prefixCrc, prefixCrcFound)})`);
  }
  if (!SUPPORTED_CHECKPOINT_VERSIONS.includes(version)) {
    fail(
      "unsupported-version",
      `format version ${version} is not supported (this build reads ${
        SUPPORTED_CHECKPOINT_VERSIONS.join(", ")
      })`,
    );
  }
  if (options.formatVersion !== undefined && version !== options.formatVersion) {
    fail("unsupported-version", `format version ${version}, expected ${options.formatVersion}`);
  }

  // The JSON header: its claimed length is checked against the file before it is read.
  const dataOffset = ceil8(PREFIX_BYTES + headerLength);
  if (fileSize < dataOffset) {
    fail("truncated", `the file is ${fileSize} bytes, but its header ends at byte ${dataOffset}`);
  }
  if (n < dataOffset) return dataOffset;
  const headerCrc = view.getUint32(16, true);
  const headerCrcFound = checksum(bytes.subarray(PREFIX_BYTES, dataOffset));
  if (headerCrc !== headerCrcFound) {
    fail("checksum", `the header is corrupted (${mismatch(headerCrc, headerCrcFound)})`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(
        bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength),
      ),
    );
  } catch (e) {
    throw new CheckpointError(
      "malformed",
      `Cannot load checkpoint${where(file)}: the header is not valid UTF-8 JSON (${e})`,
      { file, cause: e },
    );
  }
  const malformed = (detail: string): never =>
    fail("malformed", `the header is invalid: ${detail}`);
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    malformed("not a JSON object");
  }
  const { agent, env, dataLength } = header;
  if (header.formatVersion !== version) {
    malformed(`formatVersion ${header.formatVersion} differs from the prefix's ${version}`);
  }
  if (typeof agent !== "string" || typeof env !== "string") malformed("agent or env missing");
  for (const key of ["config", "counters", "meta", "tree"]) {
    if (!(key in header)) malformed(`${key} missing`);
  }
  if (options.agent !== undefined && agent !== options.agent) {
    fail(
      "wrong-agent",
      `it was written by agent ${JSON.stringify(agent)}, expected ${JSON.stringify(options.agent)}`,
    );
  }
  if (options.env !== undefined && env !== options.env) {
    fail(
      "wrong-env",
      `it was written for env ${JSON.stringify(env)}, expected ${JSON.stringify(options.env)}`,
    );
  }

  // The data section's claimed length, against the file.
  if (!(Number.isSafeInteger(dataLength) && (dataLength as number) >= 0)) {
    malformed(`dataLength ${JSON.stringify(dataLength)}`);
  }
  const end = dataOffset + (dataLength as number);
  if (fileSize < end) {
    fail("truncated", `the file is ${fileSize} bytes, but its data section ends at byte ${end}`);
  }
  if (fileSize > end) {
    fail("malformed", `${fileSize - end} unexpected bytes after the data section (end ${end})`);
  }
  return { version, header, dataOffset, end };
}

/**
 * Checks the first bytes of a checkpoint file before the rest is read, so that a reader never
 * allocates more than the file's size and its header allow: the magic, the prefix checksum, the
 * format version and the header length from the first 24 bytes, then (once `head` holds it) the
 * header, its checksum and the data length it claims, all against `fileSize`.
 *
 * Read the first {@linkcode CHECKPOINT_PREFIX_BYTES} bytes, call this, read as many leading bytes
 * as it returns, call it again; when it returns `fileSize`, the whole file may be read and passed
 * to {@linkcode decodeCheckpoint} (which checks the data section).
 *
 * @param head The first bytes of the file (at least 8, or the whole file if shorter).
 * @param fileSize The file's size in bytes.
 * @param options What to expect (agent, env, version) and the file name for messages.
 * @returns How many leading bytes the next check needs (at most `fileSize`).
 * @throws {CheckpointError} as {@linkcode decodeCheckpoint} does, for the prefix and header.
 * @example
 * ```ts
 * import { CheckpointError, checkCheckpointHead, encodeCheckpoint } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeCheckpoint({ agent: "ppo", env: "CartPole-v1", config: {}, counters: {}, state: {} });
 * const need = checkCheckpointHead(bytes.subarray(0, 24), bytes.length);
 * assert.equal(checkCheckpointHead(bytes.subarray(0, need), bytes.length), bytes.length);
 * const junk = new TextEncoder().encode("not a checkpoint, 10 GB of it");
 * assert.throws(() => checkCheckpointHead(junk, 1e10), CheckpointError);
 * ```
 */
export function checkCheckpointHead(
  head: Uint8Array,
  fileSize: number,
  options: DecodeCheckpointOptions = {},
): number {
  const h = readHead(head, fileSize, options);
  return typeof h === "number" ? h : h.end;
}

/** How many bytes {@linkcode checkCheckpointHead} needs first: the fixed prefix. */
export const CHECKPOINT_PREFIX_BYTES: number = 24;

/**
 * Decodes and validates the bytes of a checkpoint file (format in the module doc).
 *
 * Checks, in order: magic, prefix checksum, format version, header length, header checksum,
 * agent and env (if expected), data length, data checksum, the array table, and the state's
 * shapes (if a `template` is given). Typed arrays are views into `bytes` unless `copy` is set or
 * they are misaligned (see the module doc); everything else is fresh plain data.
 *
 * @param bytes The file's bytes.
 * @param options What to expect, and the file name for error messages.
 * @returns The checkpoint, with `state` rebuilt with real typed arrays.
 * @throws {CheckpointError} naming the problem: `bad-magic`, `truncated`, `checksum`,
 *   `unsupported-version`, `malformed`, `wrong-agent`, `wrong-env` or `shape-mismatch`.
 * @example
 * ```ts
 * import { decodeCheckpoint, encodeCheckpoint } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeCheckpoint({
 *   agent: "ppo",
 *   env: "CartPole-v1",
 *   config: {},
 *   counters: { globalStep: 2048 },
 *   state: { params: new Float32Array([0.5, -1]) },
 * });
 * const { counters, state } = decodeCheckpoint(bytes, { agent: "ppo", copy: true });
 * assert.deepEqual(counters, { globalStep: 2048 });
 * assert.deepEqual(state, { params: new Float32Array([0.5, -1]) });
 * ```
 */
export function decodeCheckpoint(
  bytes: Uint8Array,
  options: DecodeCheckpointOptions = {},
): DecodedCheckpoint {
  const { file } = options;
  const fail = failWith(file);
  const malformed = (detail: string): never =>
    fail("malformed", `the header is invalid: ${detail}`);
  const head = readHead(bytes, bytes.length, options);
  if (typeof head === "number") throw new Error("unreachable: the whole file was given");
  const { version, header, dataOffset, end } = head;
  const { arrays, dataLength, dataCrc32 } = header;
  const data = bytes.subarray(dataOffset, end);
  const dataCrcFound = checksum(data);
  if (dataCrc32 !== dataCrcFound) {
    fail("checksum", `the data section is corrupted (${mismatch(dataCrc32, dataCrcFound)})`);
  }

  // The array table, then the trees.
  if (!Array.isArray(arrays)) malformed("arrays is not a list");
  const table = arrays as unknown[];
  for (let i = 0; i < table.length; i++) {
    const e = table[i] as ArrayEntry;
    const ctor = DTYPES.get(e?.dtype);
    if (ctor === undefined && typeof e?.dtype === "string" && e.dtype.endsWith("Array")) {
      malformed(`arrays[${i}] has dtype ${e.dtype}, which this runtime does not have`);
    }
    const ok = ctor !== undefined && Number.isSafeInteger(e.length) && e.length >= 0 &&
      Number.isSafeInteger(e.byteOffset) && e.byteOffset % 8 === 0 && e.byteOffset >= 0 &&
      e.byteLength === e.length * ctor.BYTES_PER_ELEMENT &&
      e.byteOffset + e.byteLength <= (dataLength as number);
    if (!ok) {
      malformed(`arrays[${i}] is ${JSON.stringify(e)} (data section of ${dataLength} bytes)`);
    }
  }
  const make = (i: number): TypedArray => {
    const e = table[i] as ArrayEntry;
    const ctor = DTYPES.get(e.dtype)!;
    const size = ctor.BYTES_PER_ELEMENT;
    const at = bytes.byteOffset + dataOffset + e.byteOffset;
    if (!options.copy && (LITTLE_ENDIAN_HOST || size === 1) && at % size === 0) {
      return new ctor(bytes.buffer, at, e.length);
    }
    const out = new ctor(e.length);
    let src = data.subarray(e.byteOffset, e.byteOffset + e.byteLength);
    if (!LITTLE_ENDIAN_HOST && size > 1) src = swapped(src, size);
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(src);
    return out;
  };
  const dec = new TreeDecoder(table.length, make, malformed);
  const state = dec.decode(header.tree, "tree");
  if (options.template !== undefined) validateShapes(state, options.template, { file });
  return {
    formatVersion: version,
    agent: header.agent as string,
    env: header.env as string,
    config: dec.decode(header.config, "config"),
    counters: dec.decode(header.counters, "counters"),
    meta: dec.decode(header.meta, "meta"),
    state,
  };
}

function mismatch(stored: unknown, computed: number): string {
  const hex = (x: unknown) =>
    typeof x === "number" ? `0x${x.toString(16).padStart(8, "0")}` : JSON.stringify(x);
  return `stored CRC-32 ${hex(stored)}, computed ${hex(computed)}`;
}

// ---------------------------------------------------------------------------------------------
// Shape validation

function firstDifference(found: unknown, template: unknown, path: string): string | null {
  const at = path === "" ? "(root)" : path;
  if (ArrayBuffer.isView(template)) {
    // An empty template array stands for one that grows (a replay buffer's filled part): any
    // length of the same dtype fits.
    const same = ArrayBuffer.isView(found) && found.constructor === template.constructor &&
      ((template as TypedArray).length === 0 ||
        (found as TypedArray).length === (template as TypedArray).length);
    return same ? null : `${at}: expected ${describe(template)}, found ${describe(found)}`;
  }
  if (Array.isArray(template)) {
    if (!Array.isArray(found) || found.length !== template.length) {
      return `${at}: expected ${describe(template)}, found ${describe(found)}`;
    }
    for (let i = 0; i < template.length; i++) {
      const d = firstDifference(found[i], template[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (typeof template === "object" && template !== null) {
    if (
      typeof found !== "object" || found === null || Array.isArray(found) ||
      ArrayBuffer.isView(found)
    ) {
      return `${at}: expected ${describe(template)}, found ${describe(found)}`;
    }
    const t = template as Record<string, unknown>;
    const f = found as Record<string, unknown>;
    for (const key of Object.keys(t)) {
      if (t[key] === undefined) continue;
      const d = firstDifference(f[key], t[key], childPath(path, key));
      if (d !== null) return d;
    }
    for (const key of Object.keys(f)) {
      if (f[key] !== undefined && t[key] === undefined) {
        return `${childPath(path, key)}: unexpected ${describe(f[key])}, not in the template`;
      }
    }
    return null;
  }
  // A plain value (number, string, boolean, null...): any plain value may replace it.
  if (found === undefined || (typeof found === "object" && found !== null)) {
    return `${at}: expected a plain value like ${describe(template)}, found ${describe(found)}`;
  }
  return null;
}

/**
 * Checks that a decoded state tree has the structure of a template, typically the `state()` of a
 * freshly constructed agent with the run's config.
 *
 * Typed arrays must have the template's dtype and length (any length when the template's array is
 * empty: a fresh agent's empty replay buffer stands for one that grows); plain arrays its length; objects its
 * keys; plain values (numbers, strings, booleans, `null`) may differ in value and type (a cached
 * normal is `null` in a fresh generator, a number later) but must be plain values.
 *
 * @param state The decoded state.
 * @param template The expected structure.
 * @param options The file name for the message.
 * @throws {CheckpointError} with reason `shape-mismatch`, naming the first differing path, like
 *   `policy.params: expected Float32Array(4610), found Float32Array(4546)`.
 * @example
 * ```ts
 * import { CheckpointError, validateShapes } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const template = { policy: { params: new Float32Array(4610) } };
 * validateShapes({ policy: { params: new Float32Array(4610) } }, template);
 * assert.throws(
 *   () => validateShapes({ policy: { params: new Float32Array(4546) } }, template),
 *   (e) => e instanceof CheckpointError && e.message.includes("policy.params"),
 * );
 * ```
 */
export function validateShapes(
  state: unknown,
  template: unknown,
  options: ValidateShapesOptions = {},
): void {
  const d = firstDifference(state, template, "");
  if (d !== null) {
    throw new CheckpointError(
      "shape-mismatch",
      `Cannot load checkpoint${where(options.file)}: its state does not fit the agent: ${d}`,
      { file: options.file },
    );
  }
}
