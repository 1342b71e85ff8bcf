/**
 * The portable cosine.
 *
 * @module
 */
import { COS, trigFast, trigNear, trigSlow } from "./_trig_core.ts";

const Y = new Float64Array(1);

/**
 * cos x (x in radians), computed from IEEE 754 operations only (the same bits in every
 * JavaScript engine, huge arguments reduced exactly) and correctly rounded except with a
 * probability below about 2^-40 per input.
 *
 * @param x Any number.
 * @returns cos x; NaN for ±Infinity and NaN.
 *
 * @example Usage
 * ```ts
 * import { cos } from "./cos.ts";
 * import assert from "node:assert/strict";
 * assert.equal(cos(0), 1);
 * assert.equal(cos(Math.PI), -1);
 * ```
 */
export function cos(x: number): number {
  if (Math.abs(x) < 7.450580596923828e-9) return 1; // |x| < 2^-27: 1 − x²/2 rounds to 1
  if (Math.abs(x) < 1048576) {
    Y[0] = x;
    if (Math.abs(x) < 4096) trigNear(COS, Y);
    else trigFast(COS, Y);
    const y = Y[0];
    if (y === y) return y;
  }
  return trigSlow(x, 1);
}
