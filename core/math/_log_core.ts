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

const SPLITTER = 134217729; // 2^27 + 1
const TWO_M62 = 2.168404344971009e-19;
const TWO_M75 = 2.6469779601696886e-23;

/**
 * The fast path of {@linkcode log} for normal positive finite x, or NaN when its result might be
 * rounded wrongly: the same reduction as {@linkcode logCore}, then ln(1 + t) = t − t²/2 + t³·P(t)
 * with t and t² exact (Dekker) and the rest in plain doubles (error below about 2^-76 absolute).
 * Ziv's test with 2^-62 relative + 2^-75 absolute sends about 1 input in 200 (and most inputs
 * within 2^-13 of 1) to the double-double path.
 */
export function logFast(x: number): number {
  let e = exponentOf(x);
  let m = mantissaOf(x);
  if (m > 1.4) {
    m *= 0.5;
    e++;
  }
  const i = Math.round((m - 1) * 128);
  const r = LOG_R[i - LOG_TABLE_MIN];
  // t = m·r − 1 exactly, as th + tl
  let u = SPLITTER * m;
  const m1 = u - (u - m), m2 = m - m1;
  u = SPLITTER * r;
  const r1 = u - (u - r), r2 = r - r1;
  const p = m * r, pe = ((m1 * r1 - p) + m1 * r2 + m2 * r1) + m2 * r2;
  const p1 = p - 1; // exact
  const th = p1 + pe, tl = pe - (th - p1);
  // t² exactly
  u = SPLITTER * th;
  const h1 = u - (u - th), h2 = th - h1;
  const q = th * th, qe = ((h1 * h1 - q) + 2 * h1 * h2) + h2 * h2;
  const poly = q * th *
    (1 / 3 + th * (-1 / 4 + th * (1 / 5 + th * (-1 / 6 + th * (1 / 7 + th * (-1 / 8 + th / 9))))));
  // e·ln2 exactly (hi part), then sum the leading terms with exact two-sums
  u = SPLITTER * LN2_HI;
  const l1 = u - (u - LN2_HI), l2 = LN2_HI - l1;
  const E = e * LN2_HI, Ee = (e * l1 - E) + e * l2; // e < 2^11: e·l1 exact, e·l2 exact
  const j = 2 * (i - LOG_TABLE_MIN);
  const N = LOG_NEG_LOG_R[j];
  let s = E + N, z = s - E;
  let err = (E - (s - z)) + (N - z);
  let s2 = s + th;
  z = s2 - s;
  err += (s - (s2 - z)) + (th - z);
  const hq = -0.5 * q;
  s = s2 + hq;
  z = s - s2;
  err += (s2 - (s - z)) + (hq - z);
  s2 = s;
  const tail = err + Ee + e * LN2_LO + LOG_NEG_LOG_R[j + 1] + tl + (-0.5 * qe - th * tl + poly);
  const y = s2 + tail;
  const bound = TWO_M62 * Math.abs(y) + TWO_M75;
  if (y !== s2 + (tail + bound) || y !== s2 + (tail - bound)) return NaN;
  return y;
}
