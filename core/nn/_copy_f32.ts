/**
 * The copy between float32 arrays that the WebAssembly kernels use to move operands into their
 * memory and results out of it.
 *
 * @module
 */

/**
 * to[at .. at + n) = from[start .. start + n): a loop when short, else a memcpy (`set`, about 5×
 * faster than the loop from 64 values), without the `subarray` view when all of `from` is copied.
 *
 * @example Usage
 * ```ts
 * import { copyF32 } from "./_copy_f32.ts";
 * import assert from "node:assert/strict";
 * const to = new Float32Array(4);
 * copyF32(new Float32Array([1, 2, 3]), 1, 2, to, 1);
 * assert.deepEqual([...to], [0, 2, 3, 0]);
 * ```
 */
export function copyF32(
  from: Float32Array,
  start: number,
  n: number,
  to: Float32Array,
  at: number,
): void {
  if (n < 64) { for (let k = 0; k < n; k++) to[at + k] = from[start + k]; }
  else if (start === 0 && n === from.length) to.set(from, at);
  else to.set(from.subarray(start, start + n), at);
}
