/**
 * The WebAssembly SIMD path of the dense-layer kernels in `_kernels.ts`, for float32 networks.
 *
 * Each call copies its float32 operands into the module's memory as they are (one `set` each, a
 * memcpy), multiplies them with `gemm` from `_kernels.wat` in f32x4 lanes, finishes in WebAssembly
 * (bias, transposition or compaction, adding into the gradient) and copies the result out with one
 * `set`. `gemm` keeps every output's sum in its own float32 lane and rounds every product and
 * every sum to float32 (f32x4.mul then f32x4.add), in the order documented in `_kernels.ts`, so
 * this path returns the same bits as the JavaScript loops there; it is only faster.
 *
 * `wasmKernels` is `null` where WebAssembly SIMD is unavailable; callers then use the JS loops.
 * The module is compiled synchronously at import: it is under 4 kB (3.9 kB), which browsers allow
 * for synchronous compilation on the main thread.
 *
 * @module
 */
import { KERNELS_WASM_BASE64 } from "./_kernels_wasm_bytes.ts";
import { ActivationKernels, activationModule } from "./_activation_kernels.ts";
import { compileWasm } from "../compile_wasm.ts";
import { copyF32 as copy } from "./_copy_f32.ts";

/** Activation codes of the fused kernels: none, tanh, ReLU (as `_kernels.ts`'s loops). */
export const NO_ACTIVATION = 0, TANH = 1, RELU = 2;

interface Exports {
  addInto(src: number, ldc: number, dst: number, rows: number, cols: number, add: number): void;
  colSumAdd(src: number, dst: number, rows: number, cols: number): void;
  gemmK(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    sam: number,
    sak: number,
    ldb: number,
    ldc: number,
  ): void;
  /** (x, w, bias, t, c, y, batch, nIn, nOut, ld, act): see `_kernels.wat`. */
  forwardLayer(...offsetsAndSizes: number[]): void;
  /** (d, y, x, w, c, e, g, dx, batch, nIn, nOut, ld, act): see `_kernels.wat`. */
  backwardLayer(...offsetsAndSizes: number[]): void;
}

/**
 * Whether `forwardLayer` runs its lanes over the outputs (W transposed) rather than over the batch
 * (x transposed): from 4 outputs, when they are no more than the batch or the batch is 1.
 */
function lanesOverOutputs(batch: number, nOut: number): boolean {
  return nOut >= 4 && (nOut <= batch || batch === 1);
}

/** Rounds up to a multiple of 4. */
function up4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * The row stride (in values) of a padded product with `n` columns: room for `gemm`'s blocks
 * (⌈n/4⌉·4 columns written, ⌈n/8⌉·8 read), plus 4 so that walking down a column does not keep
 * hitting the same few L1 cache sets.
 */
function stride(n: number): number {
  return up4(n) + 4;
}

/** The float32 dense-layer kernels over one WebAssembly instance. */
export class WasmKernels {
  #exports: Exports;
  #memory: WebAssembly.Memory;
  #f32: Float32Array;

  /**
   * Instantiates the matrix kernels and the activation kernels (`activations`, the compiled
   * `_activation_kernels.wat`) over one new memory; the former call the latter.
   */
  constructor(module: WebAssembly.Module, activations: WebAssembly.Module) {
    this.#memory = new WebAssembly.Memory({ initial: 1 });
    const act = new ActivationKernels(this.#memory, activations).exports;
    this.#exports = new WebAssembly.Instance(module, {
      env: { memory: this.#memory },
      act: {
        tanh: act.tanh_f32,
        relu: act.relu_f32,
        tanhBackward: act.tanh_backward_f32,
        reluBackward: act.relu_backward_f32,
      },
    }).exports as unknown as Exports;
    this.#f32 = new Float32Array(this.#memory.buffer);
  }

  /** Makes the memory hold at least `values` float32 values (plus slack) and returns its view. */
  #reserve(values: number): Float32Array {
    const memory = this.#memory;
    const bytes = values * 4 + 64;
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
      this.#f32 = new Float32Array(memory.buffer);
    }
    return this.#f32;
  }

  /**
   * y[b, o] = bias[o] + Σ_i W[o, i] · x[b, i]: as `linearForward` in `_kernels.ts`.
   *
   * The lanes of `gemm` run over the outputs (x times Wᵀ, W transposed) when there are at least 4
   * and no more than the batch, or the batch is 1; else over the batch (W times xᵀ, x
   * transposed): mostly the smaller operand is transposed, and both give the same bits (each
   * output is its own sum).
   * Either way the result is complete (bias added, row-major batch × nOut) in the module's memory
   * before it is copied out, and `activation` ({@linkcode TANH}, {@linkcode RELU}) runs on it there,
   * in place, with the activation kernels (the same bits as `tanhForward` / `reluForward`).
   */
  forward(
    p: Float32Array,
    w: number,
    bias: number,
    x: Float32Array,
    y: Float32Array,
    batch: number,
    nIn: number,
    nOut: number,
    activation: number = NO_ACTIVATION,
  ): void {
    const byOutput = lanesOverOutputs(batch, nOut);
    const ld = stride(byOutput ? nOut : batch);
    const xAt = 0, wAt = up4(up4(batch) * nIn), bAt = wAt + up4(nOut) * nIn;
    const tAt = up4(bAt + nOut), cAt = tAt + nIn * ld;
    const yAt = cAt + up4(byOutput ? batch : nOut) * ld;
    const f32 = this.#reserve(yAt + batch * nOut);
    copy(x, 0, batch * nIn, f32, xAt);
    copy(p, w, nOut * nIn, f32, wAt);
    copy(p, bias, nOut, f32, bAt);
    // byOutput: C[b, o] = Σ_i x[b, i] · Wᵀ[i, o], x read in place (the rows past batch are slack);
    // else C[o, b] = Σ_i W[o, i] · xᵀ[i, b], W read in place (the rows past nOut are slack)
    this.#exports.forwardLayer(
      xAt * 4,
      wAt * 4,
      bAt * 4,
      tAt * 4,
      cAt * 4,
      yAt * 4,
      batch,
      nIn,
      nOut,
      ld,
      activation,
    );
    copy(this.#f32, yAt, batch * nOut, y, 0);
  }

  /**
   * gW[o, i] += Σ_b dy[b, o] · x[b, i] and gBias[o] += Σ_b dy[b, o]: as `linearParamGrad` in
   * `_kernels.ts`.
   */
  paramGrad(
    g: Float32Array,
    w: number,
    bias: number,
    x: Float32Array,
    dy: Float32Array,
    batch: number,
    nIn: number,
    nOut: number,
  ): void {
    // C[o, i] = Σ_b dyᵀ[o, b] · x[b, i], dy read transposed in place
    const ld = stride(nIn), nW = nOut * nIn;
    const dAt = 0, xAt = up4(batch * nOut + 4), cAt = up4(xAt + batch * nIn + 8);
    const gAt = cAt + up4(nOut) * ld;
    const f32 = this.#reserve(gAt + nW + nOut);
    copy(dy, 0, batch * nOut, f32, dAt);
    copy(x, 0, batch * nIn, f32, xAt);
    gradsIn(g, w, bias, nW, nOut, f32, gAt);
    this.#exports.gemmK(dAt * 4, xAt * 4, cAt * 4, nOut, nIn, batch, 1, nOut, nIn, ld);
    const e = this.#exports;
    e.addInto(cAt * 4, ld, gAt * 4, nOut, nIn, 1);
    e.colSumAdd(dAt * 4, (gAt + nW) * 4, batch, nOut);
    gradsOut(f32, gAt, nW, nOut, g, w, bias);
  }

  /**
   * One layer's whole backward pass, as `linearBackward` in `_kernels.ts`: d ← d · act′ (from the
   * layer's output y: `tanhBackward` / `reluBackward`, with the activation kernels), then
   * gW += dᵀx, gBias += Σ_b d and dx = d W, with every operand copied in once (d, y, x, W and the
   * gradients) and the two products sharing them. `d` itself is left as it was.
   */
  backward(
    p: Float32Array,
    g: Float32Array,
    w: number,
    bias: number,
    x: Float32Array,
    y: Float32Array,
    d: Float32Array,
    dx: Float32Array,
    batch: number,
    nIn: number,
    nOut: number,
    activation: number,
  ): void {
    const ld = stride(nIn), nW = nOut * nIn, n = batch * nOut;
    // d is read by rows up to ⌈batch/4⌉·4 (dx = d W) and down columns up to ⌈nOut/4⌉·4 (dᵀx);
    // x and W by rows up to column ⌈nIn/8⌉·8: slack after each
    const dAt = 0, yAt = up4(up4(batch) * nOut + 4), xAt = yAt + up4(n);
    const wAt = up4(xAt + batch * nIn + 8), cAt = up4(wAt + nW + 8);
    const eAt = cAt + up4(nOut) * ld, gAt = eAt + up4(batch) * ld, dxAt = up4(gAt + nW + nOut);
    const f32 = this.#reserve(dxAt + batch * nIn);
    copy(d, 0, n, f32, dAt);
    copy(x, 0, batch * nIn, f32, xAt);
    copy(p, w, nW, f32, wAt);
    gradsIn(g, w, bias, nW, nOut, f32, gAt);
    if (activation !== NO_ACTIVATION) copy(y, 0, n, f32, yAt);
    // C[o, i] = Σ_b dᵀ[o, b] · x[b, i], then E[b, i] = Σ_o d[b, o] · W[o, i]
    this.#exports.backwardLayer(
      dAt * 4,
      yAt * 4,
      xAt * 4,
      wAt * 4,
      cAt * 4,
      eAt * 4,
      gAt * 4,
      dxAt * 4,
      batch,
      nIn,
      nOut,
      ld,
      activation,
    );
    gradsOut(this.#f32, gAt, nW, nOut, g, w, bias);
    copy(this.#f32, dxAt, batch * nIn, dx, 0);
  }

  /** Value offsets of a network pass's regions (grown as needed; never shrunk). */
  #at = new Int32Array(16);

  /** {@linkcode WasmKernels.#at} with room for `n` entries. */
  #offsets(n: number): Int32Array {
    if (this.#at.length < n) this.#at = new Int32Array(n);
    return this.#at;
  }

  /**
   * A whole network's forward pass, as `networkForward` in `_kernels.ts`: the parameters (all
   * layers, one block from index 0) and the input are copied in once, every layer runs on the
   * previous one's output where it lies (`forwardLayer`), and each layer's output is copied out to
   * `acts[l + 1]` (kept for the backward pass).
   */
  netForward(
    p: Float32Array,
    sizes: readonly number[],
    weightAt: readonly number[],
    acts: readonly Float32Array[],
    batch: number,
    hidden: number,
    output: number,
  ): void {
    const layers = sizes.length - 1, at = this.#offsets(layers + 1);
    let maxIn = 0, tSize = 0, cSize = 0;
    for (let l = 0; l < layers; l++) {
      const nIn = sizes[l], nOut = sizes[l + 1], byOutput = lanesOverOutputs(batch, nOut);
      const ld = stride(byOutput ? nOut : batch);
      maxIn = Math.max(maxIn, nIn);
      tSize = Math.max(tSize, nIn * ld);
      cSize = Math.max(cSize, up4(byOutput ? batch : nOut) * ld);
    }
    // the weights are read by rows up to ⌈nOut/4⌉·4 (past the last layer's: slack), the inputs
    // by rows up to ⌈batch/4⌉·4
    const pAt = 0, tAt = up4(p.length + 4 * maxIn + 8), cAt = up4(tAt + tSize);
    let end = up4(cAt + cSize);
    for (let l = 0; l <= layers; l++) {
      at[l] = end;
      end = up4(end + up4(batch) * sizes[l] + 8);
    }
    const f32 = this.#reserve(end);
    copy(p, 0, p.length, f32, pAt);
    copy(acts[0], 0, batch * sizes[0], f32, at[0]);
    const e = this.#exports;
    for (let l = 0; l < layers; l++) {
      const nIn = sizes[l], nOut = sizes[l + 1], w = pAt + weightAt[l];
      const ld = stride(lanesOverOutputs(batch, nOut) ? nOut : batch);
      e.forwardLayer(
        at[l] * 4,
        w * 4,
        (w + nIn * nOut) * 4,
        tAt * 4,
        cAt * 4,
        at[l + 1] * 4,
        batch,
        nIn,
        nOut,
        ld,
        l === layers - 1 ? output : hidden,
      );
    }
    for (let l = 1; l <= layers; l++) copy(f32, at[l], batch * sizes[l], acts[l], 0);
  }

  /**
   * A whole network's backward pass, as `networkBackward` in `_kernels.ts`: the parameters, the
   * gradients (one block each, from index 0), every layer's activations and the output gradient
   * `deltas[L]` are copied in once; each layer's input gradient stays in memory as the next
   * layer's d (`backwardLayer`); the gradients and `deltas[0]` are copied out (the other deltas
   * are not written).
   */
  netBackward(
    p: Float32Array,
    g: Float32Array,
    sizes: readonly number[],
    weightAt: readonly number[],
    acts: readonly Float32Array[],
    deltas: readonly Float32Array[],
    batch: number,
    hidden: number,
    output: number,
  ): void {
    const layers = sizes.length - 1, at = this.#offsets(2 * layers + 2);
    let cSize = 0, eSize = 0;
    for (let l = 0; l < layers; l++) {
      const ld = stride(sizes[l]);
      cSize = Math.max(cSize, up4(sizes[l + 1]) * ld);
      eSize = Math.max(eSize, up4(batch) * ld);
    }
    // W and x are read by rows up to column ⌈nIn/8⌉·8; d by rows up to ⌈batch/4⌉·4 and down
    // columns up to ⌈nOut/4⌉·4: slack after each
    const n = p.length, pAt = 0, gAt = up4(n + 8), cAt = up4(gAt + n), eAt = up4(cAt + cSize);
    let end = up4(eAt + eSize);
    for (let l = 0; l <= layers; l++) {
      at[l] = end; // acts[l]
      end = up4(end + batch * sizes[l] + 8);
      at[layers + 1 + l] = end; // deltas[l]
      end = up4(end + up4(batch) * sizes[l] + 4);
    }
    const f32 = this.#reserve(end);
    copy(p, 0, n, f32, pAt);
    copy(g, 0, n, f32, gAt);
    for (let l = 0; l <= layers; l++) copy(acts[l], 0, batch * sizes[l], f32, at[l]);
    const nLast = sizes[layers];
    copy(deltas[layers], 0, batch * nLast, f32, at[2 * layers + 1]);
    const e = this.#exports;
    for (let l = layers - 1; l >= 0; l--) {
      e.backwardLayer(
        at[layers + 2 + l] * 4,
        at[l + 1] * 4,
        at[l] * 4,
        (pAt + weightAt[l]) * 4,
        cAt * 4,
        eAt * 4,
        (gAt + weightAt[l]) * 4,
        at[layers + 1 + l] * 4,
        batch,
        sizes[l],
        sizes[l + 1],
        stride(sizes[l]),
        l === layers - 1 ? output : hidden,
      );
    }
    const out = this.#f32;
    copy(out, gAt, n, g, 0);
    copy(out, at[layers + 1], batch * sizes[0], deltas[0], 0);
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
    // C[b, i] = Σ_o dy[b, o] · W[o, i], both read in place
    const ld = stride(nIn);
    const dAt = 0, wAt = up4(up4(batch) * nOut), cAt = up4(wAt + nOut * nIn + 8);
    const xAt = cAt + up4(batch) * ld;
    const f32 = this.#reserve(xAt + batch * nIn);
    copy(dy, 0, batch * nOut, f32, dAt);
    copy(p, w, nOut * nIn, f32, wAt);
    this.#exports.gemmK(dAt * 4, wAt * 4, cAt * 4, batch, nIn, nOut, nOut, 1, nIn, ld);
    this.#exports.addInto(cAt * 4, ld, xAt * 4, batch, nIn, 0);
    copy(this.#f32, xAt, batch * nIn, dx, 0);
  }
}

/**
 * Copies a layer's gradients (weight `nW` values at `w`, bias `nOut` at `bias`) into `f32` at
 * `at`, the bias right after the weight: one copy in PyTorch's layout (bias after weight), two
 * otherwise.
 */
function gradsIn(
  g: Float32Array,
  w: number,
  bias: number,
  nW: number,
  nOut: number,
  f32: Float32Array,
  at: number,
): void {
  if (bias === w + nW) copy(g, w, nW + nOut, f32, at);
  else {
    copy(g, w, nW, f32, at);
    copy(g, bias, nOut, f32, at + nW);
  }
}

/** The reverse of {@linkcode gradsIn}: the gradients at `at` in `f32` back into `g`. */
function gradsOut(
  f32: Float32Array,
  at: number,
  nW: number,
  nOut: number,
  g: Float32Array,
  w: number,
  bias: number,
): void {
  if (bias === w + nW) copy(f32, at, nW + nOut, g, w);
  else {
    copy(f32, at, nW, g, w);
    copy(f32, at + nW, nOut, g, bias);
  }
}

function load(): WasmKernels | null {
  const module = compileWasm(KERNELS_WASM_BASE64);
  if (module === null || activationModule === null) return null;
  try {
    return new WasmKernels(module, activationModule);
  } catch {
    return null; // no WebAssembly SIMD here: the JavaScript loops are used instead
  }
}

/** The kernels, or `null` where WebAssembly SIMD cannot be instantiated. */
export const wasmKernels: WasmKernels | null = load();
