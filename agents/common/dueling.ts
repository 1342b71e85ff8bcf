/**
 * The dueling head (Wang et al. 2016, arXiv:1511.06581): a network that outputs `[V, A_0, …,
 * A_{n−1}]` per row gives `Q_a = V + A_a − mean_a' A_a'`; {@linkcode duelingCombine} is the
 * forward pass, {@linkcode duelingBackward} its gradient.
 *
 * @module
 */
import type { FloatArray } from "../../core/optim/rmsprop.ts";

/**
 * The dueling head: from rows `[V, A_0, …, A_{n−1}]` (`batchSize × (1 + nActions)`) writes
 * `Q_a = V + A_a − (1/n) Σ_a' A_a'` (`batchSize × nActions`) into `q`.
 *
 * @example
 * ```ts
 * import { duelingCombine } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const q = new Float64Array(2);
 * duelingCombine([10, 1, 3], 1, 2, q); // mean A = 2
 * assert.deepEqual([...q], [9, 11]);
 * ```
 */
export function duelingCombine(
  raw: ArrayLike<number>,
  batchSize: number,
  nActions: number,
  q: FloatArray,
): void {
  const w = nActions + 1;
  for (let b = 0; b < batchSize; b++) {
    const r = b * w;
    let mean = 0;
    for (let a = 0; a < nActions; a++) mean += raw[r + 1 + a];
    mean /= nActions;
    const v = raw[r];
    for (let a = 0; a < nActions; a++) q[b * nActions + a] = v + raw[r + 1 + a] - mean;
  }
}

/**
 * The backward pass of {@linkcode duelingCombine}: from dL/dQ writes dL/d[V, A] with
 * `dV = Σ_a dQ_a` and `dA_k = dQ_k − (1/n) Σ_a dQ_a`.
 *
 * @example
 * ```ts
 * import { duelingBackward } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const grad = new Float64Array(3);
 * duelingBackward([1, 0], 1, 2, grad);
 * assert.deepEqual([...grad], [1, 0.5, -0.5]);
 * ```
 */
export function duelingBackward(
  gradQ: ArrayLike<number>,
  batchSize: number,
  nActions: number,
  gradRaw: FloatArray,
): void {
  const w = nActions + 1;
  for (let b = 0; b < batchSize; b++) {
    let sum = 0;
    for (let a = 0; a < nActions; a++) sum += gradQ[b * nActions + a];
    const mean = sum / nActions;
    gradRaw[b * w] = sum;
    for (let a = 0; a < nActions; a++) gradRaw[b * w + 1 + a] = gradQ[b * nActions + a] - mean;
  }
}
