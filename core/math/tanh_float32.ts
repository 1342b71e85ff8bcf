/**
 * The portable hyperbolic tangent rounded to float32, the network activation's fast path.
 *
 * @module
 */
import { EXP2_64, INV_LN2_64, LN2_64_1, LN2_64_2 } from "./_tables.ts";
import { tanh } from "./tanh.ts";

// The Taylor series of tanh to x^13 (|x| < 1/8: the next term is below 2^-51 relative).
const T3 = -1 / 3, T5 = 2 / 15, T7 = -17 / 315, T9 = 62 / 2835, T11 = -1382 / 155925;
const T13 = 21844 / 6081075;
const TWO_M40 = 9.094947017729282e-13;
/** 2^m for m = 0..63 (exact doublings). */
const POW2 = new Float64Array(64).map((_, m) => Number(1n << BigInt(m)));

/**
 * `Math.fround(tanh(x))` with the correctly rounded {@linkcode tanh}, bit for bit, about 5× faster
 * (as fast as V8's `Math.tanh`): tanh is first evaluated in plain doubles (relative error below
 * 2^-42), and that is rounded to float32 when an error of 2^-40 could not change the float32
 * result; otherwise (about one input in 30 000) the correctly rounded double is rounded instead.
 * For networks stored in float32.
 *
 * @param x Any number.
 * @returns tanh(x) rounded to the nearest float32, as a number.
 *
 * @example Usage
 * ```ts
 * import { tanhFloat32 } from "./tanh_float32.ts";
 * import { tanh } from "./tanh.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tanhFloat32(0.5), Math.fround(tanh(0.5)));
 * ```
 */
export function tanhFloat32(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= 7.450580596923828e-9)) return Math.fround(x); // |x| < 2^-27, ±0, NaN
  if (ax > 19.1) return x > 0 ? 1 : -1;
  let y: number;
  if (ax < 0.125) {
    const z = ax * ax;
    y = ax + ax * z * (T3 + z * (T5 + z * (T7 + z * (T9 + z * (T11 + z * T13)))));
  } else {
    // tanh|x| = 1 − 2/(e^v + 1), v = 2|x| = k·ln2/64 + r, e^r − 1 to degree 5 (error < 2^-44)
    const v = 2 * ax;
    const k = Math.round(v * INV_LN2_64);
    const r = (v - k * LN2_64_1) - k * LN2_64_2;
    const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120))));
    const th = EXP2_64[2 * (k & 63)];
    const e = POW2[k >> 6] * (th + th * p);
    y = 1 - 2 / (e + 1);
  }
  const f = Math.fround(y), err = TWO_M40 * y;
  if (Math.fround(y - err) !== f || Math.fround(y + err) !== f) return Math.fround(tanh(x));
  return x > 0 ? f : -f;
}
