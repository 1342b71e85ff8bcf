/**
 * The shared core of {@linkcode exp}, {@linkcode expm1} and {@linkcode tanh}: e^x = 2^m · T · (1 + p)
 * with T = 2^(j/64) from a table (double-double) and p = e^r − 1 for |r| ≤ ln(2)/128, evaluated
 * in double-double to a relative error near 2^-100.
 *
 * @module
 */
import { add22, DD, horner, mul22, pow2, twoSum } from "./_double_double.ts";
import { EXP2_64, INV_FACT, INV_LN2_64, LN2_64_1, LN2_64_2, LN2_64_3 } from "./_tables.ts";

const SPLITTER = 134217729; // 2^27 + 1
const C3 = INV_FACT[6], C4 = INV_FACT[8], C5 = INV_FACT[10];
const C6 = INV_FACT[12], C7 = INV_FACT[14], C8 = INV_FACT[16];

/**
 * The fast path: e^x = 2^m · (EXP[0] + EXP[1]) with a relative error below about 2^-70, in plain
 * double arithmetic plus three exact products and sums; returns m. For |x| < 745. Callers round
 * EXP[0] + EXP[1] and check that an error of 2^-63 could not change the rounding (Ziv's test);
 * when it could (about 1 input in 1000), they take the slower double-double path.
 */
export function expFast(x: number): number {
  const k = Math.round(x * INV_LN2_64);
  const a = x - k * LN2_64_1, b = -k * LN2_64_2;
  const rh = a + b, bb = rh - a;
  const rl = (a - (rh - bb)) + (b - bb) - k * LN2_64_3;
  // r² exactly (Dekker), then e^r − 1 = rh + r²/2 + [the rest], the rest in doubles.
  let t = SPLITTER * rh;
  const hh = t - (t - rh), hl = rh - hh;
  const r2 = rh * rh, r2e = ((hh * hh - r2) + 2 * hh * hl) + hl * hl;
  const c = r2 * rh * (C3 + rh * (C4 + rh * (C5 + rh * (C6 + rh * (C7 + rh * C8)))));
  const h2 = 0.5 * r2;
  const p1 = rh + h2, b2 = p1 - rh;
  const p2 = ((rh - (p1 - b2)) + (h2 - b2)) + (rl + (0.5 * r2e + rh * rl + c));
  const j = k & 63;
  const th = EXP2_64[2 * j], tl = EXP2_64[2 * j + 1];
  // T·(1 + p) = th + th·p1 (exact product) + th·p2 + tl·(1 + p)
  t = SPLITTER * th;
  const ah = t - (t - th), al = th - ah;
  t = SPLITTER * p1;
  const bh = t - (t - p1), bl = p1 - bh;
  const q1 = th * p1, q2 = ((ah * bh - q1) + ah * bl + al * bh) + al * bl;
  const s1 = th + q1;
  EXP[0] = s1;
  EXP[1] = ((th - s1) + q1) + (q2 + th * p2 + tl * (1 + p1));
  return k >> 6; // floor(k/64), k is a small integer
}

/** Output of {@linkcode expCore}: T = (EXP[0], EXP[1]), p = (EXP[2], EXP[3]). */
export const EXP: Float64Array = new Float64Array(4);

/** 1/(i+1)! for i ≥ 0: the series of (e^r − 1)/r. */
const P = INV_FACT.subarray(2);

/**
 * Splits e^x = 2^m · T · (1 + p) and returns m; T and p go to {@linkcode EXP}. For |x| < 750.
 * The reduction x = k·ln(2)/64 + r takes ln(2)/64 in three pieces (k·piece exact for the first
 * two), so r is accurate to about 2^-110 absolute.
 */
export function expCore(x: number): number {
  const k = Math.round(x * INV_LN2_64);
  const a = x - k * LN2_64_1; // exact (Sterbenz)
  twoSum(a, -k * LN2_64_2);
  const h0 = DD[0], l0 = DD[1] - k * LN2_64_3;
  const rh = h0 + l0, rl = l0 - (rh - h0);
  // (e^r − 1)/r to degree 10: terms from r^5 on are below 2^-47 and need only doubles.
  horner(rh, rl, P, 11, 6);
  mul22(DD[0], DD[1], rh, rl);
  EXP[2] = DD[0];
  EXP[3] = DD[1];
  const j = k & 63;
  EXP[0] = EXP2_64[2 * j];
  EXP[1] = EXP2_64[2 * j + 1];
  return k >> 6; // floor(k/64), k is a small integer
}

/**
 * 2^m · (h + l) rounded once to the nearest double (ties to even), including subnormal and
 * overflowing results. Needs 0.9 < h + l < 2.1.
 */
export function scaleRound(h: number, l: number, m: number): number {
  if (m > -1022) {
    if (m <= 1023) return (h + l) * pow2(m);
    return ((h + l) * 2) * pow2(m - 1);
  }
  // Subnormal result: round (h + l)·2^(m+1074) to an integer once, then scale by 2^-1074.
  const sc = m + 1074;
  if (sc < -2) return 0;
  const s = pow2(sc);
  const H = h * s, L = l * s;
  const f = Math.floor(H);
  const d = (H - f - 0.5) + L;
  const n = d > 0 || (d === 0 && f % 2 === 1) ? f + 1 : f;
  return n * 5e-324;
}

/** DD ← e^x − 1 as a double-double, for −40 < x < 709.7 and x not tiny (|x| ≥ 2^-60). */
export function expm1Core(x: number): void {
  const m = expCore(x);
  const s = pow2(m);
  // e^x − 1 = (2^m·T_hi − 1) + 2^m·(T_lo + T·p)
  mul22(EXP[0], EXP[1], EXP[2], EXP[3]);
  add22(DD[0], DD[1], EXP[1], 0);
  const bh = DD[0] * s, bl = DD[1] * s;
  twoSum(EXP[0] * s, -1);
  add22(DD[0], DD[1], bh, bl);
}
