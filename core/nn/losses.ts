/**
 * Regression losses over typed arrays, with their gradients: mean squared error and Huber (smooth
 * L1). Both average over every element, as PyTorch's default `reduction="mean"` does.
 *
 * @example
 * ```ts
 * import { mseLoss } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const grad = new Float32Array(2);
 * const loss = mseLoss(new Float32Array([1, 2]), new Float32Array([0, 0]), 2, grad);
 * assert.equal(loss, 2.5); // (1² + 2²) / 2
 * assert.deepEqual(Array.from(grad), [1, 2]); // 2 · (p − t) / 2
 * ```
 *
 * @module
 */
import type { FloatArray } from "../optim/rmsprop.ts";

/**
 * Mean squared error `L = (1/n) Σ_k (p_k − t_k)²` over the first `n` values (PyTorch's `MSELoss()`).
 *
 * @param predictions p, for example an {@linkcode MLP}'s output (batch × out values).
 * @param targets t, same layout.
 * @param n How many values to average over (batch × out).
 * @param grad If given, overwritten with dL/dp_k = 2 (p_k − t_k) / n: pass it to `MLP.backward`.
 * @param weights If given, per-element weights w_k: `L = (1/n) Σ_k w_k (p_k − t_k)²` (importance
 *   weights of prioritized replay) and dL/dp_k = 2 w_k (p_k − t_k) / n.
 * @returns L.
 * @throws {TypeError} if an array holds fewer than `n` values.
 * @throws {RangeError} if `n` is not a positive integer.
 * @example
 * ```ts
 * import { mseLoss } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * // ((3 − 1)² + (0 − 0)²) / 2 = 2
 * assert.equal(mseLoss([3, 0], [1, 0], 2), 2);
 * ```
 */
export function mseLoss(
  predictions: ArrayLike<number>,
  targets: ArrayLike<number>,
  n: number,
  grad?: FloatArray,
  weights?: ArrayLike<number>,
): number {
  checkLoss("mseLoss", predictions, targets, n, grad);
  if (weights !== undefined) {
    checkLength("mseLoss", "weights", weights, n);
    let weighted = 0;
    for (let k = 0; k < n; k++) {
      const d = predictions[k] - targets[k];
      weighted += weights[k] * d * d;
      if (grad !== undefined) grad[k] = (2 / n) * weights[k] * d;
    }
    return weighted / n;
  }
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const d = predictions[k] - targets[k];
    sum += d * d;
  }
  if (grad !== undefined) {
    const scale = 2 / n;
    for (let k = 0; k < n; k++) grad[k] = scale * (predictions[k] - targets[k]);
  }
  return sum / n;
}

/**
 * Huber loss `L = (1/n) Σ_k h(p_k − t_k)` with `h(d) = d²/2` for |d| ≤ δ and `δ(|d| − δ/2)`
 * otherwise (PyTorch's `HuberLoss(delta)`; with δ = 1, the default, it equals `SmoothL1Loss()` and
 * the loss of Nature DQN and CleanRL's DQN variants).
 *
 * @param predictions p (batch × out values).
 * @param targets t, same layout.
 * @param n How many values to average over.
 * @param grad If given, overwritten with dL/dp_k = clamp(p_k − t_k, −δ, δ) / n.
 * @param delta δ > 0, where the loss turns from quadratic to linear.
 * @param weights If given, per-element weights w_k: `L = (1/n) Σ_k w_k h(p_k − t_k)` (importance
 *   weights of prioritized replay) and the gradient is scaled by w_k.
 * @returns L.
 * @throws {TypeError} if an array holds fewer than `n` values.
 * @throws {RangeError} if `n` is not a positive integer or `delta` is not positive.
 * @example
 * ```ts
 * import { huberLoss } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const grad = new Float64Array(2);
 * // d = 0.5 → 0.5²/2 = 0.125; d = −3 → 3 − 0.5 = 2.5; mean (0.125 + 2.5) / 2 = 1.3125
 * assert.equal(huberLoss([0.5, -3], [0, 0], 2, grad), 1.3125);
 * assert.deepEqual(Array.from(grad), [0.25, -0.5]); // [0.5 / 2, −1 / 2]
 * ```
 */
export function huberLoss(
  predictions: ArrayLike<number>,
  targets: ArrayLike<number>,
  n: number,
  grad?: FloatArray,
  delta = 1,
  weights?: ArrayLike<number>,
): number {
  checkLoss("huberLoss", predictions, targets, n, grad);
  if (!(delta > 0 && delta < Infinity)) {
    throw new RangeError(
      `Cannot compute huberLoss: delta must be a finite number > 0, got ${delta}`,
    );
  }
  if (weights !== undefined) {
    checkLength("huberLoss", "weights", weights, n);
    let weighted = 0;
    for (let k = 0; k < n; k++) {
      const d = predictions[k] - targets[k];
      const a = Math.abs(d);
      weighted += weights[k] * (a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta));
      if (grad !== undefined) {
        grad[k] = weights[k] * (d > delta ? delta : d < -delta ? -delta : d) / n;
      }
    }
    return weighted / n;
  }
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const d = predictions[k] - targets[k];
    const a = Math.abs(d);
    sum += a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
  }
  if (grad !== undefined) {
    for (let k = 0; k < n; k++) {
      const d = predictions[k] - targets[k];
      grad[k] = (d > delta ? delta : d < -delta ? -delta : d) / n;
    }
  }
  return sum / n;
}

function checkLoss(
  who: string,
  predictions: ArrayLike<number>,
  targets: ArrayLike<number>,
  n: number,
  grad: FloatArray | undefined,
): void {
  if (!(Number.isInteger(n) && n > 0)) {
    throw new RangeError(`Cannot compute ${who}: n must be a positive integer, got ${n}`);
  }
  checkLength(who, "predictions", predictions, n);
  checkLength(who, "targets", targets, n);
  if (grad !== undefined) checkLength(who, "grad", grad, n);
}

function checkLength(who: string, name: string, a: ArrayLike<number>, n: number): void {
  if (!(a?.length >= n)) {
    throw new TypeError(
      `Cannot compute ${who}: ${name} must hold n = ${n} values, got ${a?.length}`,
    );
  }
}
