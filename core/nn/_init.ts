/**
 * Internal weight initializers of {@linkcode MLP}, one dense layer at a time, written into the flat
 * parameter array (weight [nOut, nIn] row-major at `w`, bias [nOut] at `bias`).
 *
 * @module
 */
import type { FloatArray } from "../optim/rmsprop.ts";
import type { Random } from "../random.ts";

/**
 * PyTorch's `nn.Linear` default: weight and bias drawn from U(−k, k) with k = 1/√nIn.
 *
 * (PyTorch writes it as `kaiming_uniform_(a=√5)`: gain √(2/(1+5)) times √(3/fan_in) is 1/√fan_in.)
 * Draws: the weight row by row, then the bias.
 */
export function initUniform(
  p: FloatArray,
  w: number,
  bias: number,
  nIn: number,
  nOut: number,
  rng: Random,
): void {
  const k = 1 / Math.sqrt(nIn);
  for (let j = 0; j < nOut * nIn; j++) p[w + j] = rng.uniform(-k, k);
  for (let o = 0; o < nOut; o++) p[bias + o] = rng.uniform(-k, k);
}

/**
 * PyTorch's `nn.init.orthogonal_(weight, gain)` followed by a zero bias (CleanRL's `layer_init`).
 *
 * Draws a standard normal matrix G [nOut, nIn] row by row. Let A = G if nOut ≥ nIn, else Gᵀ, so
 * A is m × n with m ≥ n. The QR factorization A = QR whose R has a positive diagonal is unique;
 * PyTorch reaches it with Householder QR and then multiplies Q's columns by sign(diag R). Here
 * Gram–Schmidt (each column orthogonalized twice against the previous ones, in float64) produces
 * it directly, since it divides by the positive column norm. The weight is gain · Q (or gain · Qᵀ),
 * so its rows (nOut ≤ nIn) or columns (nOut ≥ nIn) are orthonormal up to the gain.
 */
export function initOrthogonal(
  p: FloatArray,
  w: number,
  bias: number,
  nIn: number,
  nOut: number,
  gain: number,
  rng: Random,
): void {
  const g = new Float64Array(nOut * nIn);
  for (let j = 0; j < g.length; j++) g[j] = rng.normal();
  const tall = nOut >= nIn;
  const m = tall ? nOut : nIn;
  const n = tall ? nIn : nOut;
  // q holds A's columns one after another: column j is q[j·m .. j·m + m).
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < m; k++) q[j * m + k] = tall ? g[k * nIn + j] : g[j * nIn + k];
  }
  for (let j = 0; j < n; j++) {
    const v = j * m;
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < j; c++) {
        const u = c * m;
        let r = 0;
        for (let k = 0; k < m; k++) r += q[u + k] * q[v + k];
        for (let k = 0; k < m; k++) q[v + k] -= r * q[u + k];
      }
    }
    let norm = 0;
    for (let k = 0; k < m; k++) norm += q[v + k] * q[v + k];
    norm = Math.sqrt(norm);
    for (let k = 0; k < m; k++) q[v + k] /= norm;
  }
  for (let o = 0; o < nOut; o++) {
    for (let i = 0; i < nIn; i++) {
      p[w + o * nIn + i] = gain * (tall ? q[i * m + o] : q[o * m + i]);
    }
  }
  for (let o = 0; o < nOut; o++) p[bias + o] = 0;
}
