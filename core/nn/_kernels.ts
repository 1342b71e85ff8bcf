/**
 * Internal dense-layer kernels of {@linkcode MLP}: `y = x Wᵀ + b` and its gradients, over one flat
 * parameter array laid out as PyTorch's `Linear` (weight [nOut, nIn] row-major, then bias [nOut]).
 *
 * Every array is row-major with the batch as the outer index. The functions are kept monomorphic:
 * an MLP passes arrays of one storage type only, and each kernel dispatches once on that type.
 *
 * **Float32 networks** compute as a float32 framework does: every product and every sum is
 * rounded to float32 (`Math.fround` after each operation here, which for + and × is exactly
 * float32 arithmetic; f32x4.mul then f32x4.add in WebAssembly, no fused multiply-add). Each output
 * is ONE sequential sum, its terms in ascending order, starting from +0:
 *
 * - forward: acc = +0; for i = 0 … nIn−1: acc = f32(acc + f32(W[o, i] · x[b, i]));
 *   then y[b, o] = f32(bias[o] + acc).
 * - weight gradient: acc = +0; for b = 0 … batch−1: acc = f32(acc + f32(dy[b, o] · x[b, i]));
 *   then gW[o, i] = f32(gW[o, i] + acc).
 * - bias gradient: acc = +0; for b = 0 … batch−1: acc = f32(acc + dy[b, o]);
 *   then gBias[o] = f32(gBias[o] + acc).
 * - input gradient: acc = +0; for o = 0 … nOut−1: acc = f32(acc + f32(dy[b, o] · W[o, i]));
 *   then dx[b, i] = acc.
 *
 * Outputs are independent of each other, so the WebAssembly path (`_kernels_wasm.ts`) gives each
 * output its own f32x4 lane and returns the same bits as the loops below, whatever the shape (NaN
 * payloads aside). It is used for products big enough to pay for the copies into its memory.
 * There the activation runs on the forward output before it is copied out, and its derivative on
 * d before the gradient products (the kernels of `_activation_kernels.ts`, same bits as
 * {@linkcode tanhForward} … {@linkcode reluBackward}); {@linkcode networkForward} and
 * {@linkcode networkBackward} run a whole MLP pass with one copy of the parameters, gradients and
 * activations, each layer reading the previous one's result in place.
 *
 * **Float64 networks** sum in float64 (JS numbers) in the same orders, with no rounding but the
 * float64 one, on the JS loops only.
 *
 * The loops work on 4 rows of W at a time: each input value loaded once feeds 4 independent
 * accumulators, which roughly doubles throughput over the naive triple loop.
 *
 * @module
 */
import type { FloatArray } from "../optim/rmsprop.ts";
import { NO_ACTIVATION, RELU, TANH, wasmKernels } from "./_kernels_wasm.ts";
import { activationKernels } from "./_activation_kernels.ts";
import { tanh } from "../math/tanh.ts";
import { tanhFloat32 } from "../math/tanh_float32.ts";

const f32 = Math.fround;

/**
 * The WebAssembly path is used above this many multiply-adds (batch · nIn · nOut); below, the
 * copies into its memory cost more than the loops (as measured: batch 1 with 4 → 64 is faster in
 * JavaScript, batch 4 with 4 → 64 is 2× faster in WebAssembly).
 */
const WASM_FROM = 256;

/**
 * The forward pass at batch 1 uses WebAssembly above this many multiply-adds: there its lanes run
 * over the batch, so 3 of 4 are idle, and the weight copy costs as much as the product (measured:
 * 4 → 120 is 1.4× faster in JavaScript, 64 → 64 1.4× faster in WebAssembly).
 */
const WASM_FROM_BATCH1 = 2048;

/** The WebAssembly kernels, or null to always use the loops below (see {@linkcode useWasm}). */
let wasm = wasmKernels;
/** The WebAssembly activation kernels (same bits as the loops below), or null. */
let act = activationKernels;
/**
 * The sizes from which the activations use them, as measured with the copies in and out
 * (bench/activation_kernels_bench.ts): tanh is 1.5× faster at 8 values, 3.5× from 1024; ReLU and
 * its derivative 1.4× and 1.7× at 256, 2× from 1024. tanh's derivative never pays for its copies
 * (0.9×): its kernel is for data already in WebAssembly memory.
 */
const TANH_MIN = 8, RELU_MIN = 256;

/**
 * Turns the WebAssembly path on or off (when available) and returns whether it is now on. Both
 * paths give identical results; this exists so tests and benchmarks can compare them.
 */
export function useWasm(on: boolean): boolean {
  wasm = on ? wasmKernels : null;
  act = on ? activationKernels : null;
  return wasm !== null;
}

export { NO_ACTIVATION, RELU, TANH };

/**
 * y[b, o] = bias[o] + Σ_i W[o, i] · x[b, i], for b < batch, o < nOut, then y ← act(y) for
 * `activation` {@linkcode TANH} ({@linkcode tanhForward}) or {@linkcode RELU}
 * ({@linkcode reluForward}); {@linkcode NO_ACTIVATION} (the default) leaves y as it is. The
 * WebAssembly path applies it in its memory before copying y out (the same bits).
 *
 * `p[w + o·nIn + i]` is W[o, i] and `p[bias + o]` is bias[o].
 */
export function linearForward(
  p: FloatArray,
  w: number,
  bias: number,
  x: FloatArray,
  y: FloatArray,
  batch: number,
  nIn: number,
  nOut: number,
  activation: number = NO_ACTIVATION,
): void {
  if (p instanceof Float32Array && x instanceof Float32Array && y instanceof Float32Array) {
    const macs = batch * nIn * nOut;
    if (wasm !== null && act !== null && macs > (batch === 1 ? WASM_FROM_BATCH1 : WASM_FROM)) {
      return wasm.forward(p, w, bias, x, y, batch, nIn, nOut, activation);
    }
    forward32(p, w, bias, x, y, batch, nIn, nOut);
  } else forward64(p, w, bias, x, y, batch, nIn, nOut);
  if (activation === TANH) tanhForward(y, batch * nOut);
  else if (activation === RELU) reluForward(y, batch * nOut);
}

/**
 * One layer's backward pass: d ← d · act′(y) for `activation` {@linkcode TANH}
 * ({@linkcode tanhBackward}) or {@linkcode RELU} ({@linkcode reluBackward}), y being the layer's
 * output; then {@linkcode linearParamGrad} (g += …) and {@linkcode linearInputGrad} (dx = …) with
 * that d. `d` is scratch: afterwards it holds either value (the WebAssembly path works on a copy).
 */
export function linearBackward(
  p: FloatArray,
  g: FloatArray,
  w: number,
  bias: number,
  x: FloatArray,
  y: FloatArray,
  d: FloatArray,
  dx: FloatArray,
  batch: number,
  nIn: number,
  nOut: number,
  activation: number,
): void {
  if (
    wasm !== null && act !== null && batch * nIn * nOut > WASM_FROM &&
    p instanceof Float32Array && g instanceof Float32Array && x instanceof Float32Array &&
    y instanceof Float32Array && d instanceof Float32Array && dx instanceof Float32Array
  ) return wasm.backward(p, g, w, bias, x, y, d, dx, batch, nIn, nOut, activation);
  if (activation === TANH) tanhBackward(y, d, batch * nOut);
  else if (activation === RELU) reluBackward(y, d, batch * nOut);
  linearParamGrad(g, w, bias, x, d, batch, nIn, nOut);
  linearInputGrad(p, w, d, dx, batch, nIn, nOut);
}

/**
 * The whole-network passes are used from this many multiply-adds per pass (batch · Σ nIn·nOut)
 * at batch 1, and from a quarter of it above: below, the JavaScript loops layer by layer.
 */
const NET_FROM_BATCH1 = 4096;

/**
 * A whole network's forward pass in WebAssembly, when it pays: layer l maps `acts[l]` (batch ×
 * sizes[l]) to `acts[l + 1]` with the weight at `weightAt[l]` and its bias right after it in
 * `p` (which holds the layers' parameters and nothing else), then applies `hidden`, or `output`
 * for the last layer ({@linkcode TANH}, {@linkcode RELU}, {@linkcode NO_ACTIVATION}). The same
 * bits as {@linkcode linearForward} layer by layer. Returns false (having done nothing) when the
 * caller should run the layers itself.
 */
export function networkForward(
  p: FloatArray,
  sizes: readonly number[],
  weightAt: readonly number[],
  acts: readonly FloatArray[],
  batch: number,
  hidden: number,
  output: number,
): boolean {
  if (!useNet(p, sizes, batch)) return false;
  wasm!.netForward(
    p as Float32Array,
    sizes,
    weightAt,
    acts as Float32Array[],
    batch,
    hidden,
    output,
  );
  return true;
}

/**
 * A whole network's backward pass in WebAssembly, when it pays: from `deltas[L]` (dLoss/doutput)
 * and the activations of {@linkcode networkForward}, adds every layer's gradients into `g` and
 * writes dLoss/dinput to `deltas[0]` (the other deltas are left as they were). The same bits as
 * {@linkcode linearBackward} layer by layer. Returns false (having done nothing) when the caller
 * should run the layers itself.
 */
export function networkBackward(
  p: FloatArray,
  g: FloatArray,
  sizes: readonly number[],
  weightAt: readonly number[],
  acts: readonly FloatArray[],
  deltas: readonly FloatArray[],
  batch: number,
  hidden: number,
  output: number,
): boolean {
  if (!useNet(p, sizes, batch) || !(g instanceof Float32Array)) return false;
  wasm!.netBackward(
    p as Float32Array,
    g,
    sizes,
    weightAt,
    acts as Float32Array[],
    deltas as Float32Array[],
    batch,
    hidden,
    output,
  );
  return true;
}

/** Whether a whole-network pass goes to WebAssembly. */
function useNet(p: FloatArray, sizes: readonly number[], batch: number): boolean {
  if (wasm === null || act === null || !(p instanceof Float32Array)) return false;
  let macs = 0;
  for (let l = 0; l + 1 < sizes.length; l++) macs += sizes[l] * sizes[l + 1];
  return batch * macs >= (batch === 1 ? NET_FROM_BATCH1 : NET_FROM_BATCH1 / 4);
}

/** {@linkcode linearForward} in float32 arithmetic (every operation rounded). */
function forward32(
  p: Float32Array,
  w: number,
  bias: number,
  x: Float32Array,
  y: Float32Array,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  const o4 = nOut - (nOut & 3);
  for (let b = 0; b < batch; b++) {
    const xb = b * nIn;
    const yb = b * nOut;
    let o = 0;
    for (; o < o4; o += 4) {
      const w0 = w + o * nIn;
      const w1 = w0 + nIn;
      const w2 = w1 + nIn;
      const w3 = w2 + nIn;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let i = 0; i < nIn; i++) {
        const xi = x[xb + i];
        a0 = f32(a0 + f32(p[w0 + i] * xi));
        a1 = f32(a1 + f32(p[w1 + i] * xi));
        a2 = f32(a2 + f32(p[w2 + i] * xi));
        a3 = f32(a3 + f32(p[w3 + i] * xi));
      }
      // a float32 store rounds: f32(bias + acc)
      y[yb + o] = p[bias + o] + a0;
      y[yb + o + 1] = p[bias + o + 1] + a1;
      y[yb + o + 2] = p[bias + o + 2] + a2;
      y[yb + o + 3] = p[bias + o + 3] + a3;
    }
    for (; o < nOut; o++) {
      const wo = w + o * nIn;
      let a = 0;
      for (let i = 0; i < nIn; i++) a = f32(a + f32(p[wo + i] * x[xb + i]));
      y[yb + o] = p[bias + o] + a;
    }
  }
}

/** {@linkcode linearForward} in float64 arithmetic. */
function forward64(
  p: FloatArray,
  w: number,
  bias: number,
  x: FloatArray,
  y: FloatArray,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  const o4 = nOut - (nOut & 3);
  for (let b = 0; b < batch; b++) {
    const xb = b * nIn;
    const yb = b * nOut;
    let o = 0;
    for (; o < o4; o += 4) {
      const w0 = w + o * nIn;
      const w1 = w0 + nIn;
      const w2 = w1 + nIn;
      const w3 = w2 + nIn;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let i = 0; i < nIn; i++) {
        const xi = x[xb + i];
        a0 += p[w0 + i] * xi;
        a1 += p[w1 + i] * xi;
        a2 += p[w2 + i] * xi;
        a3 += p[w3 + i] * xi;
      }
      y[yb + o] = p[bias + o] + a0;
      y[yb + o + 1] = p[bias + o + 1] + a1;
      y[yb + o + 2] = p[bias + o + 2] + a2;
      y[yb + o + 3] = p[bias + o + 3] + a3;
    }
    for (; o < nOut; o++) {
      const wo = w + o * nIn;
      let a = 0;
      for (let i = 0; i < nIn; i++) a += p[wo + i] * x[xb + i];
      y[yb + o] = p[bias + o] + a;
    }
  }
}

/**
 * Accumulates the parameter gradients of one layer:
 * gW[o, i] += Σ_b dy[b, o] · x[b, i] and gBias[o] += Σ_b dy[b, o].
 *
 * `g` has the same layout as the parameter array (`w`, `bias` are the same offsets).
 */
export function linearParamGrad(
  g: FloatArray,
  w: number,
  bias: number,
  x: FloatArray,
  dy: FloatArray,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  if (g instanceof Float32Array && x instanceof Float32Array && dy instanceof Float32Array) {
    if (wasm !== null && batch * nIn * nOut > WASM_FROM) {
      wasm.paramGrad(g, w, bias, x, dy, batch, nIn, nOut);
    } else paramGrad32(g, w, bias, x, dy, batch, nIn, nOut);
  } else paramGrad64(g, w, bias, x, dy, batch, nIn, nOut);
}

/** {@linkcode linearParamGrad} in float32 arithmetic (every operation rounded). */
function paramGrad32(
  g: Float32Array,
  w: number,
  bias: number,
  x: Float32Array,
  dy: Float32Array,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  const o4 = nOut - (nOut & 3);
  let o = 0;
  for (; o < o4; o += 4) {
    const w0 = w + o * nIn;
    const w1 = w0 + nIn;
    const w2 = w1 + nIn;
    const w3 = w2 + nIn;
    for (let i = 0; i < nIn; i++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let b = 0; b < batch; b++) {
        const xi = x[b * nIn + i];
        const d = b * nOut + o;
        a0 = f32(a0 + f32(dy[d] * xi));
        a1 = f32(a1 + f32(dy[d + 1] * xi));
        a2 = f32(a2 + f32(dy[d + 2] * xi));
        a3 = f32(a3 + f32(dy[d + 3] * xi));
      }
      g[w0 + i] += a0; // a float32 store rounds: f32(g + acc)
      g[w1 + i] += a1;
      g[w2 + i] += a2;
      g[w3 + i] += a3;
    }
  }
  for (; o < nOut; o++) {
    const wo = w + o * nIn;
    for (let i = 0; i < nIn; i++) {
      let a = 0;
      for (let b = 0; b < batch; b++) a = f32(a + f32(dy[b * nOut + o] * x[b * nIn + i]));
      g[wo + i] += a;
    }
  }
  for (o = 0; o < nOut; o++) {
    let a = 0;
    for (let b = 0; b < batch; b++) a = f32(a + dy[b * nOut + o]);
    g[bias + o] += a;
  }
}

/** {@linkcode linearParamGrad} in float64 arithmetic. */
function paramGrad64(
  g: FloatArray,
  w: number,
  bias: number,
  x: FloatArray,
  dy: FloatArray,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  const o4 = nOut - (nOut & 3);
  let o = 0;
  for (; o < o4; o += 4) {
    const w0 = w + o * nIn;
    const w1 = w0 + nIn;
    const w2 = w1 + nIn;
    const w3 = w2 + nIn;
    for (let i = 0; i < nIn; i++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let b = 0; b < batch; b++) {
        const xi = x[b * nIn + i];
        const d = b * nOut + o;
        a0 += dy[d] * xi;
        a1 += dy[d + 1] * xi;
        a2 += dy[d + 2] * xi;
        a3 += dy[d + 3] * xi;
      }
      g[w0 + i] += a0;
      g[w1 + i] += a1;
      g[w2 + i] += a2;
      g[w3 + i] += a3;
    }
  }
  for (; o < nOut; o++) {
    const wo = w + o * nIn;
    for (let i = 0; i < nIn; i++) {
      let a = 0;
      for (let b = 0; b < batch; b++) a += dy[b * nOut + o] * x[b * nIn + i];
      g[wo + i] += a;
    }
  }
  for (o = 0; o < nOut; o++) {
    let a = 0;
    for (let b = 0; b < batch; b++) a += dy[b * nOut + o];
    g[bias + o] += a;
  }
}

/** dx[b, i] = Σ_o dy[b, o] · W[o, i] (overwrites dx). */
export function linearInputGrad(
  p: FloatArray,
  w: number,
  dy: FloatArray,
  dx: FloatArray,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  if (p instanceof Float32Array && dy instanceof Float32Array && dx instanceof Float32Array) {
    if (wasm !== null && batch * nIn * nOut > WASM_FROM) {
      wasm.inputGrad(p, w, dy, dx, batch, nIn, nOut);
    } else inputGrad32(p, w, dy, dx, batch, nIn, nOut);
  } else inputGrad64(p, w, dy, dx, batch, nIn, nOut);
}

/** {@linkcode linearInputGrad} in float32 arithmetic (every operation rounded). */
function inputGrad32(
  p: Float32Array,
  w: number,
  dy: Float32Array,
  dx: Float32Array,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  const i4 = nIn - (nIn & 3);
  for (let b = 0; b < batch; b++) {
    const db = b * nOut;
    const xb = b * nIn;
    let i = 0;
    for (; i < i4; i += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let o = 0; o < nOut; o++) {
        const d = dy[db + o];
        const wo = w + o * nIn + i;
        a0 = f32(a0 + f32(d * p[wo]));
        a1 = f32(a1 + f32(d * p[wo + 1]));
        a2 = f32(a2 + f32(d * p[wo + 2]));
        a3 = f32(a3 + f32(d * p[wo + 3]));
      }
      dx[xb + i] = a0;
      dx[xb + i + 1] = a1;
      dx[xb + i + 2] = a2;
      dx[xb + i + 3] = a3;
    }
    for (; i < nIn; i++) {
      let a = 0;
      for (let o = 0; o < nOut; o++) a = f32(a + f32(dy[db + o] * p[w + o * nIn + i]));
      dx[xb + i] = a;
    }
  }
}

/** {@linkcode linearInputGrad} in float64 arithmetic. */
function inputGrad64(
  p: FloatArray,
  w: number,
  dy: FloatArray,
  dx: FloatArray,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  const i4 = nIn - (nIn & 3);
  for (let b = 0; b < batch; b++) {
    const db = b * nOut;
    const xb = b * nIn;
    let i = 0;
    for (; i < i4; i += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let o = 0; o < nOut; o++) {
        const d = dy[db + o];
        const wo = w + o * nIn + i;
        a0 += d * p[wo];
        a1 += d * p[wo + 1];
        a2 += d * p[wo + 2];
        a3 += d * p[wo + 3];
      }
      dx[xb + i] = a0;
      dx[xb + i + 1] = a1;
      dx[xb + i + 2] = a2;
      dx[xb + i + 3] = a3;
    }
    for (; i < nIn; i++) {
      let a = 0;
      for (let o = 0; o < nOut; o++) a += dy[db + o] * p[w + o * nIn + i];
      dx[xb + i] = a;
    }
  }
}

/** y ← tanh(y) on the first n values. */
export function tanhForward(y: FloatArray, n: number): void {
  if (act !== null && n >= TANH_MIN && y instanceof Float32Array) return act.tanh(y, n);
  // float32 storage: tanhFloat32 gives the same bits as storing tanh(y), about twice as fast
  if (y instanceof Float32Array) { for (let k = 0; k < n; k++) y[k] = tanhFloat32(y[k]); }
  else for (let k = 0; k < n; k++) y[k] = tanh(y[k]);
}

/** y ← max(y, 0) on the first n values. */
export function reluForward(y: FloatArray, n: number): void {
  if (act !== null && n >= RELU_MIN && y instanceof Float32Array) return act.relu(y, n);
  for (let k = 0; k < n; k++) if (y[k] < 0) y[k] = 0;
}

/** d ← d · (1 − y²), the tanh derivative written with the output y = tanh(z). */
export function tanhBackward(y: FloatArray, d: FloatArray, n: number): void {
  for (let k = 0; k < n; k++) {
    const t = y[k];
    d[k] *= 1 - t * t;
  }
}

/** d ← d where y > 0, else 0 (the ReLU derivative, taken as 0 at the kink as PyTorch does). */
export function reluBackward(y: FloatArray, d: FloatArray, n: number): void {
  if (act !== null && n >= RELU_MIN && y instanceof Float32Array && d instanceof Float32Array) {
    return act.reluBackward(y, d, n);
  }
  for (let k = 0; k < n; k++) if (!(y[k] > 0)) d[k] = 0;
}
