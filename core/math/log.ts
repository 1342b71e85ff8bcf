/**
 * The portable natural logarithm.
 *
 * @module
 */
import { DD } from "./_double_double.ts";
import { logCore, logFast } from "./_log_core.ts";

/**
 * ln x, computed from IEEE 754 operations only (the same bits in every JavaScript engine) and
 * correctly rounded except with a probability below about 2^-40 per input.
 *
 * @param x Any number.
 * @returns ln x; −Infinity for ±0, NaN for negative numbers and NaN.
 *
 * @example Usage
 * ```ts
 * import { log } from "./log.ts";
 * import assert from "node:assert/strict";
 * assert.equal(log(1), 0);
 * assert.equal(log(Math.E), 1);
 * ```
 */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  if (x >= 2.2250738585072014e-308) {
    const y = logFast(x);
    if (y === y) return y;
  }
  logCore(x);
  return DD[0] + DD[1];
}
