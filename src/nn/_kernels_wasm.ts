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
   * Lays out the regions of one call (byte offsets, 16-aligned) and grows the memory to hold
   * them: staging for two float32 operands, then A [⌈M/4⌉·4 × K], B [K × ⌈N/4⌉·4] and
   * C [⌈M/4⌉·4 × ⌈N/4⌉·4] in float64, plus 32 bytes of slack for the padded reads.
   */
  #reserve(stage1: number, stage2: number, m: number, n: number, k: number): void {
    const bytes = up4(stage1) * 4 + up4(stage2) * 4 +
      (up4(m) * k + k * stride(n) + up4(m) * stride(n)) *
        8 +
      32;
    const memory = this.#exports.memory;
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
      this.#f32 = new Float32Array(memory.buffer);
      this.#f64 = new Float64Array(memory.buffer);
    }
  }

  /** C = A · B as `gemm` in `_kernels.wat`, with A's row stride K, one chunk of K at a time. */
  #gemm(a: number, b: number, c: number, m: number, n: number, k: number, ld: number): void {
    const gemm = this.#exports.gemm;
    for (let k0 = 0; k0 < k; k0 += K_CHUNK) {
      const kc = Math.min(K_CHUNK, k - k0);
      gemm(a + k0 * 8, b + k0 * ld * 8, c, m, n, kc, k, ld, ld, k0 > 0 ? 1 : 0);
    }
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
    // C[o, b] = Σ_i A[o, i] · B[i, b] with A = W and B = xᵀ.
    const nW = nOut * nIn, nX = batch * nIn, ldc = stride(batch);
    this.#reserve(nW, nX, nOut, batch, nIn);
    const sW = 0, sX = up4(nW), a = (sX + up4(nX)) * 4;
    const b = a + up4(nOut) * nIn * 8, c = b + nIn * ldc * 8;
    const f32 = this.#f32, f64 = this.#f64, e = this.#exports;
    copy(p, w, nW, f32, sW);
    copy(x, 0, nX, f32, sX);
    e.promote(sW * 4, a, nOut, nIn, nIn);
    e.transpose(sX * 4, b, batch, nIn, ldc);
    this.#gemm(a, b, c, nOut, batch, nIn, ldc);
    const c8 = c / 8;
    for (let o = 0; o < nOut; o++) {
      const bo = p[bias + o];
      const row = c8 + o * ldc;
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
    // C[o, i] = Σ_b A[o, b] · B[b, i] with A = dyᵀ and B = x.
    const nD = batch * nOut, nX = batch * nIn, ldc = stride(nIn);
    this.#reserve(nD, nX, nOut, nIn, batch);
    const sD = 0, sX = up4(nD), a = (sX + up4(nX)) * 4;
    const b = a + up4(nOut) * batch * 8, c = b + batch * ldc * 8;
    const f32 = this.#f32, f64 = this.#f64, e = this.#exports;
    copy(dy, 0, nD, f32, sD);
    copy(x, 0, nX, f32, sX);
    e.transpose(sD * 4, a, batch, nOut, batch);
    e.promote(sX * 4, b, batch, nIn, ldc);
    this.#gemm(a, b, c, nOut, nIn, batch, ldc);
    const c8 = c / 8;
    for (let o = 0; o < nOut; o++) {
      const go = w + o * nIn;
      const row = c8 + o * ldc;
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
    // C[b, i] = Σ_o A[b, o] · B[o, i] with A = dy and B = W.
    const nD = batch * nOut, nW = nOut * nIn, ldc = stride(nIn);
    this.#reserve(nD, nW, batch, nIn, nOut);
    const sD = 0, sW = up4(nD), a = (sW + up4(nW)) * 4;
    const b = a + up4(batch) * nOut * 8, c = b + nOut * ldc * 8;
    const f32 = this.#f32, f64 = this.#f64, e = this.#exports;
    copy(dy, 0, nD, f32, sD);
    copy(p, w, nW, f32, sW);
    e.promote(sD * 4, a, batch, nOut, nOut);
    e.promote(sW * 4, b, nOut, nIn, ldc);
    this.#gemm(a, b, c, batch, nIn, nOut, ldc);
    const c8 = c / 8;
    for (let k = 0; k < batch; k++) {
      const row = c8 + k * ldc;
      const xb = k * nIn;
      for (let i = 0; i < nIn; i++) dx[xb + i] = f64[row + i];
    }
  }
}

/** to[at .. at + n) = from[start .. start + n). */
function copy(from: Float32Array, start: number, n: number, to: Float32Array, at: number): void {
  for (let k = 0; k < n; k++) to[at + k] = from[start + k];
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
