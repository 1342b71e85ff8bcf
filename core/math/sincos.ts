/**
 * The portable sine and cosine of one argument together.
 *
 * @module
 */
import { SIN_AND_COS, trigFast, trigNear, trigSlow } from "./_trig_core.ts";

/**
 * Writes sin x and cos x into `out[0]` and `out[1]`: the same bits as {@linkcode sin}(x) and
 * {@linkcode cos}(x), for about the cost of one of them (the reduction, the table lookup and the
 * series are shared).
 *
 * @param x Any number.
 * @param out Receives sin x at index 0 and cos x at index 1.
 *
 * @example Usage
 * ```ts
 * import { sincos } from "./sincos.ts";
 * import assert from "node:assert/strict";
 * const sc = new Float64Array(2);
 * sincos(Math.PI, sc);
 * assert.deepEqual([...sc], [1.2246467991473532e-16, -1]);
 * ```
 */
export function sincos(x: number, out: Float64Array): void {
  const ax = Math.abs(x);
  if (ax < 1048576) {
    out[0] = x;
    if (ax < 4096) trigNear(SIN_AND_COS, out);
    else trigFast(SIN_AND_COS, out);
    if (ax < 1.4901161193847656e-8) { // the shortcuts of sin and cos
      out[0] = x;
      if (ax < 7.450580596923828e-9) out[1] = 1;
    }
    if (out[0] !== out[0]) out[0] = trigSlow(x, 0);
    if (out[1] !== out[1]) out[1] = trigSlow(x, 1);
  } else {
    out[0] = trigSlow(x, 0);
    out[1] = trigSlow(x, 1);
  }
}
