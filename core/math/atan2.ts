/**
 * The portable two-argument arctangent.
 *
 * @module
 */
import { add22, DD, div22, horner, mul22, twoProd } from "./_double_double.ts";
import { ATAN_COEF, ATAN_J16, PI3O4, PI_HI, PI_LO, PIO2_HI, PIO2_LO, PIO4 } from "./_tables.ts";

/** DD ← atan t for t = (th, tl) in [0, 1]: atan(c) from a table plus atan((t − c)/(1 + t·c)). */
function atanUnit(th: number, tl: number): void {
  const j = Math.round(th * 16);
  const c = j / 16;
  mul22(th, tl, c, 0);
  add22(DD[0], DD[1], 1, 0);
  const dh = DD[0], dl = DD[1];
  add22(th, tl, -c, 0);
  div22(DD[0], DD[1], dh, dl);
  const uh = DD[0], ul = DD[1]; // |u| ≤ 1/32
  mul22(uh, ul, uh, ul);
  // atan u / u in z = u²: to z^10 (below 2^-100); terms from z^4 on need only doubles.
  horner(DD[0], DD[1], ATAN_COEF, 11, 7);
  mul22(DD[0], DD[1], uh, ul);
  if (j !== 0) add22(DD[0], DD[1], ATAN_J16[2 * j], ATAN_J16[2 * j + 1]);
}

function isNegative(v: number): boolean {
  return v < 0 || (v === 0 && 1 / v < 0);
}

/**
 * The angle of the point (x, y) from the positive x axis, in (−π, π], computed from IEEE 754
 * operations only (the same bits in every JavaScript engine) and correctly rounded except with a
 * probability below about 2^-40 per input. Signed zeros and infinities follow `Math.atan2`.
 *
 * @param y The ordinate.
 * @param x The abscissa.
 * @returns atan2(y, x) in radians.
 *
 * @example Usage
 * ```ts
 * import { atan2 } from "./atan2.ts";
 * import assert from "node:assert/strict";
 * assert.equal(atan2(1, 1), Math.PI / 4);
 * assert.equal(atan2(0, -1), Math.PI);
 * ```
 */
export function atan2(y: number, x: number): number {
  if (y !== y || x !== x) return NaN;
  const ay = Math.abs(y), ax = Math.abs(x), neg = isNegative(y);
  let r: number;
  if (ay === Infinity) {
    r = ax === Infinity ? (x > 0 ? PIO4 : PI3O4) : PIO2_HI;
  } else if (ax === Infinity || ay === 0) {
    r = isNegative(x) ? PI_HI : 0;
  } else if (ax === 0) {
    r = PIO2_HI;
  } else {
    const swap = ay > ax;
    let a = swap ? ax : ay, b = swap ? ay : ax;
    if (!swap && x > 0 && a / b < 8.673617379884035e-19) {
      r = a / b; // below 2^-60, atan t = t − t³/3 rounds as t does (a/b is correctly rounded)
    } else {
      // Scale so that the remainder of a/b is exact (no underflow in twoProd).
      if (b < 3.054936363499605e-151) { // 2^-500
        a *= 4.149515568880993e180; // 2^600
        b *= 4.149515568880993e180;
      } else if (b > 3.273390607896142e150) { // 2^500
        a *= 2.409919865102884e-181; // 2^-600
        b *= 2.409919865102884e-181;
      }
      const th = a / b;
      twoProd(th, b);
      const tl = ((a - DD[0]) - DD[1]) / b;
      atanUnit(th, tl);
      if (swap) add22(PIO2_HI, PIO2_LO, -DD[0], -DD[1]);
      if (x < 0) add22(PI_HI, PI_LO, -DD[0], -DD[1]);
      r = DD[0] + DD[1];
    }
  }
  return neg ? -r : r;
}
