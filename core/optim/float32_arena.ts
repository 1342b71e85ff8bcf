/**
 * {@linkcode Float32Arena}: float32 arrays that live in a WebAssembly memory, so that the
 * WebAssembly SIMD kernel of {@linkcode RMSprop} can update parameters, gradients and optimizer
 * state in place, without copying them in and out. Networks allocate their parameters and
 * gradients in an arena of their own; to the rest of the code they are ordinary `Float32Array`s.
 *
 * @example
 * ```ts
 * import { Float32Arena, RMSprop } from "@seeded/rl";
 * const arena = new Float32Arena(5 * 1000);
 * const params = arena.alloc(1000), grads = arena.alloc(1000);
 * const opt = new RMSprop([{ params, grads }], { lr: 1e-3 }); // state in the arena's free room
 * opt.step();
 * ```
 *
 * @module
 */
import { RMSPROP_WASM_BASE64 } from "./_rmsprop_wasm_bytes.ts";
import { compileWasm } from "../compile_wasm.ts";

/** The exports of `_rmsprop.wat` (byte offsets into the arena's memory). */
export interface RmspropKernels {
  /** The plain update (no momentum, not centered, no weight decay, not maximizing). */
  plain(
    p: number,
    g: number,
    v: number,
    n: number,
    lr: number,
    rho: number,
    c: number,
    epsIn: number,
    epsOut: number,
  ): void;
  /** Centered (flags 1) without branches; takes {@linkcode RmspropKernels.general}'s arguments. */
  centered: RmspropKernels["general"];
  /** Torch-style momentum (flags 2) without branches; `general`'s arguments. */
  momentum: RmspropKernels["general"];
  /** Centered with torch-style momentum (flags 3) without branches; `general`'s arguments. */
  centeredMomentum: RmspropKernels["general"];
  /** `clip.ts`'s sum of squares of `n` float32 values (8 float64 partial sums; see there). */
  sumSquares(g: number, n: number, scratch: number): number;
  /** `clip.ts`'s `g[i] *= s` on `n` float32 values (float64 product, rounded to float32). */
  scale(g: number, n: number, s: number): void;
  /** Every option; `flags` as in `_rmsprop.wat`. */
  general(
    p: number,
    g: number,
    v: number,
    m: number,
    b: number,
    n: number,
    flags: number,
    scratch: number,
    lr: number,
    rho: number,
    c: number,
    epsIn: number,
    epsOut: number,
    momentum: number,
    wd: number,
    lrWd: number,
  ): void;
}

const PAGE = 65536;
/** Bytes kept at the start of every arena for the kernels' scratch (5 × 16). */
const SCRATCH_BYTES = 80;

// null where WebAssembly SIMD is missing: the JavaScript loops are used
const MODULE = compileWasm(RMSPROP_WASM_BASE64);
const ARENAS = new WeakMap<ArrayBufferLike, Float32Arena>();
let kernelsOn = true;

/**
 * Turns the WebAssembly RMSprop kernel on or off (when available) and returns whether it is now
 * on. Both paths give identical results; this exists so tests and benchmarks can compare them.
 *
 * @example
 * ```ts
 * import { useWasmRmsprop } from "@seeded/rl";
 * useWasmRmsprop(false); // the JavaScript loops
 * useWasmRmsprop(true);
 * ```
 */
export function useWasmRmsprop(on: boolean): boolean {
  kernelsOn = on;
  return on && MODULE !== null;
}

/**
 * A fixed-size block of WebAssembly memory handing out 16-byte-aligned `Float32Array` views.
 * It never grows (growing would detach every view), so size it for everything that will live in
 * it: an optimizer keeps its state (1 to 3 arrays per parameter array) in the arena of its
 * parameters when there is room, and falls back to ordinary arrays and its JavaScript loops when
 * there is not.
 *
 * @example
 * ```ts
 * import { Float32Arena } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const arena = new Float32Arena(100);
 * const a = arena.alloc(10);
 * assert.equal(a.length, 10);
 * assert.equal(Float32Arena.of(a), arena);
 * ```
 */
export class Float32Arena {
  /** The memory every array of this arena is a view of. */
  readonly memory: WebAssembly.Memory;
  #next = SCRATCH_BYTES;
  #kernels: RmspropKernels | null | undefined = undefined;

  /**
   * Creates an arena with room for `floats` float32 values (plus alignment padding).
   *
   * @throws {RangeError} if `floats` is not a non-negative integer or above 2^28 (1 GiB).
   */
  constructor(floats: number) {
    if (!(Number.isSafeInteger(floats) && floats >= 0 && floats <= 2 ** 28)) {
      throw new RangeError(
        `Cannot create Float32Arena: floats must be an integer in [0, 2^28], got ${floats}`,
      );
    }
    // Room for 16 arrays' alignment padding, and the scratch.
    const bytes = SCRATCH_BYTES + floats * 4 + 16 * 16;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
    ARENAS.set(this.memory.buffer, this);
  }

  /** The arena an array is a view of, if any. */
  static of(array: ArrayBufferView): Float32Arena | undefined {
    return ARENAS.get(array.buffer);
  }

  /** Float32 values still free (before alignment). */
  get free(): number {
    return Math.floor((this.memory.buffer.byteLength - this.#next) / 4);
  }

  /**
   * A zeroed view of `n` floats, 16-byte aligned.
   *
   * @throws {RangeError} if the arena has no room for it.
   */
  alloc(n: number): Float32Array {
    const start = (this.#next + 15) & ~15;
    if (!(Number.isSafeInteger(n) && n >= 0) || start + n * 4 > this.memory.buffer.byteLength) {
      throw new RangeError(
        `Cannot allocate ${n} floats in a Float32Arena: ${this.free} free`,
      );
    }
    this.#next = start + n * 4;
    return new Float32Array(this.memory.buffer, start, n);
  }

  /** Whether `n` more floats fit (after alignment). */
  fits(n: number): boolean {
    return ((this.#next + 15) & ~15) + n * 4 <= this.memory.buffer.byteLength;
  }

  /** Byte offset of the kernels' scratch block. */
  get scratch(): number {
    return 0;
  }

  /** The RMSprop kernels bound to this arena's memory, or null (no WebAssembly SIMD, or off). */
  get kernels(): RmspropKernels | null {
    if (!kernelsOn || MODULE === null) return null;
    if (this.#kernels === undefined) {
      this.#kernels = new WebAssembly.Instance(MODULE, {
        env: { memory: this.memory },
      }).exports as unknown as RmspropKernels;
    }
    return this.#kernels;
  }
}

/**
 * `n` zeroed float32 values: in a new {@linkcode Float32Arena} with room for `reserve` more
 * arrays of the same length (for an optimizer's state), or an ordinary `Float32Array` where
 * WebAssembly is unavailable.
 *
 * @example
 * ```ts
 * import { float32Block } from "@seeded/rl";
 * const [params, grads] = float32Block(1000, 2, 3); // and room for 3 state arrays
 * ```
 */
export function float32Block(n: number, count: number, reserve: number): Float32Array[] {
  if (MODULE === null) return Array.from({ length: count }, () => new Float32Array(n));
  const arena = new Float32Arena(n * (count + reserve));
  return Array.from({ length: count }, () => arena.alloc(n));
}
