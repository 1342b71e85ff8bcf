/**
 * A portable power of a positive base.
 *
 * @module
 */
import { exp } from "./exp.ts";
import { log } from "./log.ts";

/**
 * x^y for x > 0 as e^(y·ln x), from the portable {@linkcode exp} and {@linkcode log}: the same bits
 * in every JavaScript engine (unlike `**` and `Math.pow`, whose last bit differs between engines),
 * within a few ulps of the exact power (not correctly rounded: the rounding of y·ln x is scaled by
 * |y·ln x|). Used where the library raises to fractional powers (prioritized replay's α and β).
 *
 * @param x The base, > 0 (0 gives 0 for y > 0 and Infinity for y < 0; NaN for x < 0).
 * @param y Any exponent.
 * @returns x^y.
 *
 * @example Usage
 * ```ts
 * import { powPositive } from "./pow_positive.ts";
 * import assert from "node:assert/strict";
 * assert.equal(powPositive(4, 0.5), 2);
 * assert.ok(Math.abs(powPositive(10, -0.4) - 10 ** -0.4) < 1e-15);
 * ```
 */
export function powPositive(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 1) return 1;
  return exp(y * log(x));
}
