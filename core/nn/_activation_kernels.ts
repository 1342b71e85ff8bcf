/**
 * The WebAssembly SIMD path of the float32 activations in `_kernels.ts`: tanh (a vectorised
 * tanhFloat32, the same bits), its derivative, ReLU and its derivative, from
 * `_activation_kernels.wat` (whose header gives the tanh error bound).
 *
 * The kernels work in place on byte offsets of the memory they are instantiated over, so a fused
 * path can run them on a matrix kernel's output where it lies: `new ActivationKernels(memory)`
 * binds them to any WebAssembly memory, and {@linkcode ActivationKernels.exports} are the raw
 * entry points (`tanh_f32(byteOffset, n)` …). The array methods work in place on views of a given
 * memory, or copy arrays in and out of the kernels' own.
 *
 * @module
 */
import { ACTIVATION_KERNELS_WASM_BASE64 } from "./_activation_kernels_bytes.ts";
import { tanhFloat32 } from "../math/tanh_float32.ts";
import { compileWasm } from "../compile_wasm.ts";
import { copyF32 as copy } from "./_copy_f32.ts";

/** The raw kernels: byte offsets into the memory, `n` float32 values each. */
export interface ActivationExports {
  /** y[k] ← tanhFloat32(y[k]). */
  tanh_f32(y: number, n: number): void;
  /** d[k] ← float32(d[k] · (1 − y[k]²)), computed in float64. */
  tanh_backward_f32(y: number, d: number, n: number): void;
  /** y[k] ← 0 where y[k] < 0. */
  relu_f32(y: number, n: number): void;
  /** d[k] ← 0 unless y[k] > 0. */
  relu_backward_f32(y: number, d: number, n: number): void;
}

const PAGE = 65536;

/**
 * The activation kernels over one WebAssembly memory: a private memory of their own by default,
 * where the array methods stage copies of the arrays; or a given memory (another kernel's), where
 * the array methods take only views of it and run in place.
 *
 * @example
 * ```ts ignore
 * const k = new ActivationKernels();
 * const y = new Float32Array([0.5, -2]);
 * k.tanh(y, 2); // y = [tanhFloat32(0.5), tanhFloat32(-2)]
 * const shared = new ActivationKernels(otherKernelsMemory);
 * shared.exports.tanh_f32(outputByteOffset, n); // in place, no copy
 * ```
 */
export class ActivationKernels {
  /** The memory the kernels read and write. */
  readonly memory: WebAssembly.Memory;
  /** The entry points, for data already in {@linkcode ActivationKernels.memory}. */
  readonly exports: ActivationExports;
  /** Whether the memory is the kernels' own, private one, to stage copies in (and grow). */
  #staging: boolean;
  #f32: Float32Array;

  constructor(memory?: WebAssembly.Memory, module: WebAssembly.Module = MODULE!) {
    this.#staging = memory === undefined;
    this.memory = memory ?? new WebAssembly.Memory({ initial: 1 });
    this.exports = new WebAssembly.Instance(module, {
      env: { memory: this.memory, tanh: tanhFloat32 },
    }).exports as unknown as ActivationExports;
    this.#f32 = new Float32Array(this.memory.buffer);
  }

  /** The float32 view of the own memory with room for `floats` values, growing it if needed. */
  #room(floats: number): Float32Array {
    if (floats <= this.#f32.length) return this.#f32; // (0 once detached by a grow)
    const bytes = floats * 4, memory = this.memory;
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    }
    this.#f32 = new Float32Array(memory.buffer);
    return this.#f32;
  }

  /** The byte offset of a view of the given memory. */
  #offset(a: Float32Array): number {
    if (a.buffer !== this.memory.buffer) {
      throw new RangeError(
        `Cannot run an activation kernel on an array outside the WebAssembly memory it was given (${a.length} values)`,
      );
    }
    return a.byteOffset;
  }

  /** y[k] ← tanhFloat32(y[k]) for k < n, as `tanhForward`. */
  tanh(y: Float32Array, n: number): void {
    this.#inPlace(this.exports.tanh_f32, y, n);
  }

  /** y[k] ← max(y[k], 0) for k < n, as `reluForward`. */
  relu(y: Float32Array, n: number): void {
    this.#inPlace(this.exports.relu_f32, y, n);
  }

  /** d[k] ← d[k] · (1 − y[k]²) for k < n, as `tanhBackward`. */
  tanhBackward(y: Float32Array, d: Float32Array, n: number): void {
    this.#gradient(this.exports.tanh_backward_f32, y, d, n);
  }

  /** d[k] ← 0 unless y[k] > 0, for k < n, as `reluBackward`. */
  reluBackward(y: Float32Array, d: Float32Array, n: number): void {
    this.#gradient(this.exports.relu_backward_f32, y, d, n);
  }

  /** Runs `kernel` on y's first n values: on a copy in the own memory, or in place. */
  #inPlace(kernel: (y: number, n: number) => void, y: Float32Array, n: number): void {
    if (!this.#staging) return kernel(this.#offset(y), n);
    copy(y, 0, n, this.#room(n), 0);
    kernel(0, n);
    copy(this.#f32, 0, n, y, 0);
  }

  /** Runs `kernel` on y and d: on copies in the own memory (y, then d), or in place. */
  #gradient(
    kernel: (y: number, d: number, n: number) => void,
    y: Float32Array,
    d: Float32Array,
    n: number,
  ): void {
    if (!this.#staging) return kernel(this.#offset(y), this.#offset(d), n);
    const at = (n + 3) & ~3;
    const f32 = this.#room(at + n);
    copy(y, 0, n, f32, 0);
    copy(d, 0, n, f32, at);
    kernel(0, at * 4, n);
    copy(this.#f32, at, n, d, 0);
  }
}

// null where WebAssembly SIMD is missing: the JavaScript loops are used instead
const MODULE = compileWasm(ACTIVATION_KERNELS_WASM_BASE64);

/** The compiled activation module (for other kernels to instantiate over their memory), or null. */
export const activationModule: WebAssembly.Module | null = MODULE;

/**
 * The kernels over a memory of their own (arrays are copied in and out), or `null` where
 * WebAssembly SIMD cannot be instantiated.
 */
export const activationKernels: ActivationKernels | null = MODULE === null
  ? null
  : new ActivationKernels();
