/**
 * The portable e^x − 1.
 *
 * @module
 */
import { DD } from "./_double_double.ts";
import { expm1Core } from "./_exp_core.ts";
import { exp } from "./exp.ts";

/**
 * e^x − 1, accurate also for x near 0, computed from IEEE 754 operations only (the same bits in
 * every JavaScript engine) and correctly rounded except with a probability below about 2^-40.
 *
 * @param x Any number.
 * @returns e^x − 1; −1 below −40, `Infinity` above 709.78, NaN for NaN.
 *
 * @example Usage
 * ```ts
 * import { expm1 } from "./expm1.ts";
 * import assert from "node:assert/strict";
 * assert.equal(expm1(0), 0);
 * assert.equal(expm1(1e-20), 1e-20);
 * ```
 */
export function expm1(x: number): number {
  if (!(x > -40)) return x === x ? -1 : x;
  if (x > 709.7) return exp(x); // 1 is far below half an ulp of e^x there
  if (Math.abs(x) < 8.673617379884035e-19) return x; // |x| < 2^-60: x + x²/2 rounds to x
  expm1Core(x);
  return DD[0] + DD[1];
}
