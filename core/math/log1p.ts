/**
 * The portable ln(1 + x).
 *
 * @module
 */
import { DD, twoSum } from "./_double_double.ts";
import { log1pSmall, logCore } from "./_log_core.ts";

/**
 * ln(1 + x), accurate also for x near 0, computed from IEEE 754 operations only (the same bits in
 * every JavaScript engine) and correctly rounded except with a probability below about 2^-40.
 *
 * @param x Any number.
 * @returns ln(1 + x); −Infinity at −1, NaN below −1 and for NaN.
 *
 * @example Usage
 * ```ts
 * import { log1p } from "./log1p.ts";
 * import assert from "node:assert/strict";
 * assert.equal(log1p(0), 0);
 * assert.equal(log1p(1e-20), 1e-20);
 * ```
 */
export function log1p(x: number): number {
  if (!(x > -1)) return x === -1 ? -Infinity : NaN;
  if (x === Infinity) return x;
  const ax = Math.abs(x);
  if (ax < 8.673617379884035e-19) return x; // |x| < 2^-60: x − x²/2 rounds to x
  if (ax < 0.0055) {
    log1pSmall(x, 0);
    return DD[0] + DD[1];
  }
  // 1 + x = u + v exactly; ln(u + v) = ln u + v/u (the next term, (v/u)²/2, is below 2^-107)
  twoSum(1, x);
  const u = DD[0], v = DD[1];
  logCore(u);
  const h = DD[0], l = DD[1] + v / u;
  return h + l;
}
