/**
 * The shared core of {@linkcode log} and {@linkcode log1p}: ln x = e·ln 2 − ln r_i + ln(1 + t)
 * with x = 2^e·m, m ∈ [0.7, 1.4), r_i ≈ 1/m from a table (r_0 = 1, so no cancellation near 1)
 * and t = m·r_i − 1 exact, |t| < 2^-7.4; everything in double-double.
 *
 * @module
 */
import {
  add22,
  DD,
  exponentOf,
  horner,
  mantissaOf,
  mul22,
  twoProd,
  twoSum,
} from "./_double_double.ts";
import { LN2_HI, LN2_LO, LOG1P_COEF, LOG_NEG_LOG_R, LOG_R, LOG_TABLE_MIN } from "./_tables.ts";

/** DD ← ln(1 + t) for |t| < 0.006 given as a double-double (th, tl). */
export function log1pSmall(th: number, tl: number): void {
  // ln(1 + t)/t = Σ (−1)^k t^k/(k+1) to degree 13; terms from t^6 on need only doubles.
  horner(th, tl, LOG1P_COEF, 14, 8);
  mul22(DD[0], DD[1], th, tl);
}

/** DD ← ln x for finite x > 0 (subnormals included). */
export function logCore(x: number): void {
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    e = -54;
  }
  e += exponentOf(x);
  let m = mantissaOf(x);
  if (m > 1.4) {
    m *= 0.5;
    e++;
  }
  const i = Math.round((m - 1) * 128);
  twoProd(m, LOG_R[i - LOG_TABLE_MIN]);
  twoSum(DD[0] - 1, DD[1]); // t = m·r − 1, exactly
  log1pSmall(DD[0], DD[1]);
  if (e === 0 && i === 0) return;
  const ph = DD[0], pl = DD[1];
  const j = 2 * (i - LOG_TABLE_MIN);
  mul22(e, 0, LN2_HI, LN2_LO);
  add22(DD[0], DD[1], LOG_NEG_LOG_R[j], LOG_NEG_LOG_R[j + 1]);
  add22(DD[0], DD[1], ph, pl);
}
