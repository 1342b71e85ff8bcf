/**
 * The loops of `clipGradNorm` (`clip.ts`): the sum of squares in the fixed order
 * documented there, and the scaling, each in the WebAssembly SIMD kernels of `_rmsprop.wat` when
 * the gradients are float32 and live in a {@linkcode Float32Arena} (same bits), else in JavaScript.
 *
 * @module
 */
import type { FloatArray } from "./_common.ts";
import { Float32Arena } from "./float32_arena.ts";

/** The sum of squares of `g`, in float64, in the order documented on `clipGradNorm`. */
export function sumOfSquares(g: FloatArray): number {
  if (g instanceof Float32Array) {
    const arena = Float32Arena.of(g);
    const kernels = arena?.kernels;
    if (kernels) return kernels.sumSquares(g.byteOffset, g.length, arena!.scratch);
  }
  const n = g.length, n8 = n - (n & 7);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  let i = 0;
  for (; i < n8; i += 8) {
    const a0 = g[i], a1 = g[i + 1], a2 = g[i + 2], a3 = g[i + 3];
    const a4 = g[i + 4], a5 = g[i + 5], a6 = g[i + 6], a7 = g[i + 7];
    s0 += a0 * a0;
    s1 += a1 * a1;
    s2 += a2 * a2;
    s3 += a3 * a3;
    s4 += a4 * a4;
    s5 += a5 * a5;
    s6 += a6 * a6;
    s7 += a7 * a7;
  }
  const r = n - n8;
  if (r > 0) s0 += g[i] * g[i];
  if (r > 1) s1 += g[i + 1] * g[i + 1];
  if (r > 2) s2 += g[i + 2] * g[i + 2];
  if (r > 3) s3 += g[i + 3] * g[i + 3];
  if (r > 4) s4 += g[i + 4] * g[i + 4];
  if (r > 5) s5 += g[i + 5] * g[i + 5];
  if (r > 6) s6 += g[i + 6] * g[i + 6];
  return ((s0 + s2) + (s4 + s6)) + ((s1 + s3) + (s5 + s7));
}

/** g[i] *= scale: the product in float64, stored in g's precision. */
export function scaleInPlace(g: FloatArray, scale: number): void {
  if (g instanceof Float32Array) {
    const kernels = Float32Arena.of(g)?.kernels;
    if (kernels) return kernels.scale(g.byteOffset, g.length, scale);
  }
  for (let i = 0; i < g.length; i++) g[i] *= scale;
}
