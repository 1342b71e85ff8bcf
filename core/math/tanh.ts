/**
 * The portable hyperbolic tangent.
 *
 * @module
 */
import { add22, DD, div22, pow2 } from "./_double_double.ts";
import { EXP, expFast, expm1Core } from "./_exp_core.ts";

const SPLITTER = 134217729; // 2^27 + 1

/**
 * tanh(x), computed from IEEE 754 operations only (the same bits in every JavaScript engine) and
 * correctly rounded except with a probability below about 2^-40 per input.
 *
 * @param x Any number.
 * @returns tanh(x), in [−1, 1]; NaN for NaN.
 *
 * @example Usage
 * ```ts
 * import { tanh } from "./tanh.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tanh(0), 0);
 * assert.equal(tanh(Infinity), 1);
 * ```
 */
export function tanh(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= 7.450580596923828e-9)) return x; // |x| < 2^-27 (and ±0, NaN): x − x³/3 rounds to x
  if (ax > 19.1) return x > 0 ? 1 : -1; // 1 − tanh|x| < 2^-54
  // tanh|x| = E / (E + 2) with E = e^(2|x|) − 1 = 2^m·(h + l) − 1, first in doubles (fast path)
  const m = expFast(2 * ax), s = pow2(m);
  const u = EXP[0] * s, w = EXP[1] * s;
  const e1 = u - 1, eb = e1 - u;
  const e2 = ((u - (e1 - eb)) + (-1 - eb)) + w;
  const E1 = e1 + e2, E2 = e2 - (E1 - e1); // E normalised (|E1| ≥ |e2| after u − 1)
  const d1 = E1 + 2, db = d1 - E1;
  const d2 = ((E1 - (d1 - db)) + (2 - db)) + E2;
  const q = E1 / d1;
  let t = SPLITTER * q;
  const qh = t - (t - q), ql = q - qh;
  t = SPLITTER * d1;
  const dh = t - (t - d1), dl = d1 - dh;
  const p = q * d1, pe = ((qh * dh - p) + qh * dl + ql * dh) + ql * dl;
  const c = ((((E1 - p) - pe) + E2) - q * d2) / d1;
  const y = q + c, err = 1.0842021724855044e-19 * q; // 2^-63·q
  if (y === q + (c + err) && y === q + (c - err)) return x > 0 ? y : -y;
  return tanhSlow(x, ax);
}

/** The double-double path of {@linkcode tanh}, for the hard-to-round cases. */
function tanhSlow(x: number, ax: number): number {
  expm1Core(2 * ax);
  const eh = DD[0], el = DD[1];
  add22(eh, el, 2, 0);
  div22(eh, el, DD[0], DD[1]);
  const t = DD[0] + DD[1];
  return x > 0 ? t : -t;
}
