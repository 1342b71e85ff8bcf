/**
 * Global-norm gradient clipping, as PyTorch's `clip_grad_norm_` and the `max_grad_norm` of A2C and
 * PPO.
 *
 * @example
 * ```ts
 * import { clipGradNorm } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const grads = new Float64Array([3, 4]);
 * const norm = clipGradNorm([{ grads }], 0.5); // norm 5 > 0.5: scaled by 0.5 / 5
 * assert.equal(norm, 5);
 * assert.ok(Math.abs(Math.hypot(grads[0], grads[1]) - 0.5) < 1e-6);
 * ```
 *
 * @module
 */
import { type FloatArray, isFloatArray } from "./_common.ts";
import { describe } from "../text.ts";
import { scaleInPlace, sumOfSquares } from "./_clip_kernels.ts";

/**
 * Scales all gradients together so that their global L2 norm is at most `maxNorm`, and returns
 * the norm before clipping.
 *
 * As in PyTorch, the factor is `maxNorm / (norm + 1e-6)`, applied only when it is below 1. A
 * non-finite norm (an Infinity or NaN gradient) is returned and the gradients are left untouched,
 * so the caller can detect it and skip the update.
 *
 * The sum of squares is computed in float64 in a fixed order, the same in the JavaScript loop and
 * the WebAssembly SIMD kernel (used on float32 gradients that live in a `Float32Arena`):
 * for each array g of n values, eight partial sums s_j = Σ g[i]² over the indices i ≡ j (mod 8),
 * in ascending order from +0 (each square of a float32 value is exact), combined as
 * ((s0 + s2) + (s4 + s6)) + ((s1 + s3) + (s5 + s7)); the arrays' sums are added in order, from +0.
 * Eight independent chains run about 4× faster than one. Scaling is `g[i] *= factor` (the product
 * in float64, stored in the array's precision), in WebAssembly as f64x2 lanes with the same bits.
 *
 * @param parameters Groups holding `grads` (the same list an optimizer takes).
 * @param maxNorm The largest allowed global norm, > 0.
 * @returns The global L2 norm of all gradients before clipping.
 * @throws {RangeError} if `maxNorm` is not a finite number > 0.
 * @throws {TypeError} if a group's `grads` is not a Float32Array or Float64Array.
 * @example Usage
 * ```ts
 * import { clipGradNorm } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const a = new Float32Array([1, 2]);
 * const b = new Float32Array([2]);
 * assert.equal(clipGradNorm([{ grads: a }, { grads: b }], 10), 3); // below 10: unchanged
 * assert.deepEqual([...a, ...b], [1, 2, 2]);
 * ```
 */
export function clipGradNorm(
  parameters: readonly { grads: FloatArray }[],
  maxNorm: number,
): number {
  if (typeof maxNorm !== "number" || !Number.isFinite(maxNorm) || maxNorm <= 0) {
    throw new RangeError(
      `Cannot clip gradients: maxNorm must be a finite number > 0, got ${maxNorm}`,
    );
  }
  let sumSquares = 0;
  for (let k = 0; k < parameters.length; k++) {
    const g = parameters[k]?.grads;
    if (!isFloatArray(g)) {
      throw new TypeError(
        `Cannot clip gradients: parameters[${k}].grads must be a Float32Array or Float64Array, ` +
          `got ${describe(g)}`,
      );
    }
    sumSquares += sumOfSquares(g);
  }
  const norm = Math.sqrt(sumSquares);
  const scale = maxNorm / (norm + 1e-6);
  if (Number.isFinite(norm) && scale < 1) {
    for (let k = 0; k < parameters.length; k++) scaleInPlace(parameters[k].grads, scale);
  }
  return norm;
}
