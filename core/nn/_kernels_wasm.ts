/**
 * The WebAssembly SIMD path of the dense-layer kernels in `_kernels.ts`, for float32 networks.
 *
 * Each call copies its operands into the module's memory as float64 (promoted, and transposed
 * where the product needs it), multiplies them with `gemm` from `_kernels.wat`, and writes the
 * results back in JavaScript. `gemm` keeps every output's sum in its own float64 lane and adds
 * the float32 products (exact in float64) in the same order as the JavaScript loops, so this path
 * returns the same bits as the plain one; it is only faster (about 3× at batch 64, see
 * bench/mlp_bench.ts).
 *
 * `wasmKernels` is `null` where WebAssembly SIMD is unavailable; callers then use the JS loops.
 * The module is compiled synchronously at import: it is under 1 kB, well below the 4 kB that
 * browsers allow for synchronous compilation on the main thread.
 *
 * @module
 */
import { KERNELS_WASM_BASE64 } from "./_kernels_wasm_bytes.ts";

interface Exports {
  memory: WebAssembly.Memory;
  promote(src: number, dst: number, rows: number, cols: number, ldd: number): void;
  transpose(src: number, dst: number, rows: number, cols: number, ldd: number): void;
  gemm(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    lda: number,
    ldb: number,
    ldc: number,
    accumulate: number,
  ): void;
}

/**
 * The sums are cut into chunks of this many terms, so that the part of A and B one chunk reads
 * stays in the L1 cache (1.5× faster at batch 128). Chunks continue each other's sums exactly.
 */
const K_CHUNK = 32;

/** Rounds up to a multiple of 4. */
function up4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * The row stride (in values) of a float64 matrix with `n` columns: a multiple of 4 that is not a
 * multiple of 64 bytes' worth of power-of-two rows, so that walking down a column does not keep
 * hitting the same few L1 cache sets (which made batch 128 1.7× slower per FLOP than batch 64).
 */
function stride(n: number): number {
  return up4(n) + 4;
}

/** The float32 dense-layer kernels over one WebAssembly instance. */
export class WasmKernels {
  #exports: Exports;
  #f32: Float32Array;
  #f64: Float64Array;

  constructor(module: WebAssembly.Module) {
    this.#exports = new WebAssembly.Instance(module).exports as unknown as Exports;
    this.#f32 = new Float32Array(this.#exports.memory.buffer);
    this.#f64 = new Float64Array(this.#exports.memory.buffer);
  }

  /**
   * Computes C = A · B in float64 and returns where C starts (an index into the float64 view;
   * its row stride is `stride(N)`). Each operand is read from a float32 array as a row-major
   * `rows × cols` block starting at `start`, or as that block's transpose when `transposed`.
   *
   * Layout (byte offsets, 16-aligned): the two float32 blocks as given, then A [⌈M/4⌉·4 × K],
   * B [K × stride(N)] and C [⌈M/4⌉·4 × stride(N)] in float64, plus 32 bytes of slack for the
   * padded reads of `gemm`.
   */
  #product(
    a: Float32Array,
    aStart: number,
    aRows: number,
    aCols: number,
    aTransposed: boolean,
    b: Float32Array,
    bStart: number,
    bRows: number,
    bCols: number,
    bTransposed: boolean,
  ): number {
    const m = aTransposed ? aCols : aRows, k = aTransposed ? aRows : aCols;
    const n = bTransposed ? bRows : bCols, ld = stride(n);
    const stageB = up4(aRows * aCols), at = (stageB + up4(bRows * bCols)) * 4;
    const bAt = at + up4(m) * k * 8, cAt = bAt + k * ld * 8;
    const memory = this.#exports.memory;
    const bytes = cAt + up4(m) * ld * 8 + 32;
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
      this.#f32 = new Float32Array(memory.buffer);
      this.#f64 = new Float64Array(memory.buffer);
    }
    const e = this.#exports;
    copy(a, aStart, aRows * aCols, this.#f32, 0);
    copy(b, bStart, bRows * bCols, this.#f32, stageB);
    (aTransposed ? e.transpose : e.promote)(0, at, aRows, aCols, k);
    (bTransposed ? e.transpose : e.promote)(stageB * 4, bAt, bRows, bCols, ld);
    for (let k0 = 0; k0 < k; k0 += K_CHUNK) {
      const kc = Math.min(K_CHUNK, k - k0);
      e.gemm(at + k0 * 8, bAt + k0 * ld * 8, cAt, m, n, kc, k, ld, ld, k0 > 0 ? 1 : 0);
    }
    return cAt / 8;
  }

  /** y[b, o] = bias[o] + Σ_i W[o, i] · x[b, i]: as `linearForward` in `_kernels.ts`. */
  forward(
    p: Float32Array,
    w: number,
    bias: number,
    x: Float32Array,
    y: Float32Array,
    batch: number,
    nIn: number,
    nOut: number,
  ): void {
    // C[o, b] = Σ_i W[o, i] · xᵀ[i, b]
    const c = this.#product(p, w, nOut, nIn, false, x, 0, batch, nIn, true);
    const f64 = this.#f64, ld = stride(batch);
    for (let o = 0; o < nOut; o++) {
      const bo = p[bias + o];
      const row = c + o * ld;
      for (let k = 0; k < batch; k++) y[k * nOut + o] = bo + f64[row + k];
    }
  }

  /** gW[o, i] += Σ_b dy[b, o] · x[b, i]: the weight part of `linearParamGrad`. */
  weightGrad(
    g: Float32Array,
    w: number,
    x: Float32Array,
    dy: Float32Array,
    batch: number,
    nIn: number,
    nOut: number,
  ): void {
    // C[o, i] = Σ_b dyᵀ[o, b] · x[b, i]
    const c = this.#product(dy, 0, batch, nOut, true, x, 0, batch, nIn, false);
    const f64 = this.#f64, ld = stride(nIn);
    for (let o = 0; o < nOut; o++) {
      const go = w + o * nIn;
      const row = c + o * ld;
      for (let i = 0; i < nIn; i++) g[go + i] += f64[row + i];
    }
  }

  /** dx[b, i] = Σ_o dy[b, o] · W[o, i]: as `linearInputGrad` in `_kernels.ts`. */
  inputGrad(
    p: Float32Array,
    w: number,
    dy: Float32Array,
    dx: Float32Array,
    batch: number,
    nIn: number,
    nOut: number,
  ): void {
    // C[b, i] = Σ_o dy[b, o] · W[o, i]
    const c = this.#product(dy, 0, batch, nOut, false, p, w, nOut, nIn, false);
    const f64 = this.#f64, ld = stride(nIn);
    for (let k = 0; k < batch; k++) {
      const row = c + k * ld;
      const xb = k * nIn;
      for (let i = 0; i < nIn; i++) dx[xb + i] = f64[row + i];
    }
  }
}

/** to[at .. at + n) = from[start .. start + n). */
function copy(from: Float32Array, start: number, n: number, to: Float32Array, at: number): void {
  if (n < 64) { for (let k = 0; k < n; k++) to[at + k] = from[start + k]; }
  else to.set(from.subarray(start, start + n), at); // a memcpy, 5× faster than the loop
}

function load(): WasmKernels | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (ch) => ch.charCodeAt(0));
    return new WasmKernels(new WebAssembly.Module(bytes));
  } catch {
    return null; // no WebAssembly SIMD here: the JavaScript loops are used instead
  }
}

/** The kernels, or `null` where WebAssembly SIMD cannot be instantiated. */
export const wasmKernels: WasmKernels | null = load();
