/**
 * The portable sine.
 *
 * @module
 */
import { SIN, trigFast, trigNear, trigSlow } from "./_trig_core.ts";

const Y = new Float64Array(1);

/**
 * sin x (x in radians), computed from IEEE 754 operations only (the same bits in every
 * JavaScript engine, huge arguments reduced exactly) and correctly rounded except with a
 * probability below about 2^-40 per input.
 *
 * @param x Any number.
 * @returns sin x; NaN for ±Infinity and NaN.
 *
 * @example Usage
 * ```ts
 * import { sin } from "./sin.ts";
 * import assert from "node:assert/strict";
 * assert.equal(sin(0), 0);
 * assert.equal(sin(Math.PI / 2), 1);
 * ```
 */
export function sin(x: number): number {
  if (Math.abs(x) < 1.4901161193847656e-8) return x; // |x| < 2^-26: x − x³/6 rounds to x
  if (Math.abs(x) < 1048576) {
    Y[0] = x;
    if (Math.abs(x) < 4096) trigNear(SIN, Y);
    else trigFast(SIN, Y);
    const y = Y[0];
    if (y === y) return y;
  }
  return trigSlow(x, 0);
}
