/**
 * The portable exponential function.
 *
 * @module
 */
import { add22, DD, mul22, pow2 } from "./_double_double.ts";
import { EXP, expCore, expFast, scaleRound } from "./_exp_core.ts";

/**
 * e^x, computed from IEEE 754 operations only (so the same bits in every JavaScript engine) and
 * correctly rounded except with a probability below about 2^-40 per input (none found in 10^8
 * random inputs; see `bench/math/accuracy.ts`).
 *
 * @param x Any number.
 * @returns e^x; `Infinity` above 709.78, 0 below −745.13, NaN for NaN.
 *
 * @example Usage
 * ```ts
 * import { exp } from "./exp.ts";
 * import assert from "node:assert/strict";
 * assert.equal(exp(0), 1);
 * assert.equal(exp(1), Math.E);
 * ```
 */
export function exp(x: number): number {
  if (!(x > -746)) return x === x ? 0 : x;
  if (x > 709.8) return Infinity;
  if (Math.abs(x) < 8.673617379884035e-19) return 1 + x; // |x| < 2^-60
  if (x > -708 && x < 709.7) {
    const m = expFast(x);
    const h = EXP[0], l = EXP[1], e = 1.0842021724855044e-19 * h; // 2^-63·h
    const y = h + l;
    if (y === h + (l + e) && y === h + (l - e)) return y * pow2(m);
  }
  return expSlow(x);
}

/** The double-double path of {@linkcode exp}: subnormal results and hard-to-round cases. */
function expSlow(x: number): number {
  const m = expCore(x);
  mul22(EXP[0], EXP[1], EXP[2], EXP[3]);
  add22(EXP[0], EXP[1], DD[0], DD[1]);
  return scaleRound(DD[0], DD[1], m);
}
