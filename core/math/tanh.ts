/**
 * The portable hyperbolic tangent.
 *
 * @module
 */
import { add22, DD, div22 } from "./_double_double.ts";
import { expm1Core } from "./_exp_core.ts";

/**
 * tanh(x), computed from IEEE 754 operations only (the same bits in every JavaScript engine) and
 * correctly rounded except with a probability below about 2^-40 per input.
 *
 * @param x Any number.
 * @returns tanh(x), in [−1, 1]; NaN for NaN.
 *
 * @example Usage
 * ```ts
 * import { tanh } from "./tanh.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tanh(0), 0);
 * assert.equal(tanh(Infinity), 1);
 * ```
 */
export function tanh(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= 7.450580596923828e-9)) return x; // |x| < 2^-27 (and ±0, NaN): x − x³/3 rounds to x
  if (ax > 19.1) return x > 0 ? 1 : -1; // 1 − tanh|x| < 2^-54
  // tanh|x| = E / (E + 2) with E = e^(2|x|) − 1
  expm1Core(2 * ax);
  const eh = DD[0], el = DD[1];
  add22(eh, el, 2, 0);
  div22(eh, el, DD[0], DD[1]);
  const t = DD[0] + DD[1];
  return x > 0 ? t : -t;
}
