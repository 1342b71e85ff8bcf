/**
 * The shared core of {@linkcode sin}, {@linkcode cos} and {@linkcode sincos}: the fast paths
 * (`trigNear` for |x| < 4096: one reduction to a table of sin(j·π/256) over the whole period;
 * `trigFast` for |x| < 2^20: a quadrant reduction and a table of sin and cos of i/64; both with
 * one exact product and Ziv's rounding test) and the double-double slow path that decides their doubtful results (`trigSlow`:
 * argument reduction x = q·π/2 + r with |r| ≲ π/4, Cody–Waite with π/2 in six 33-bit
 * pieces below 2^20, Payne–Hanek with the bits of 2/π as a BigInt above, and the Taylor series of
 * sin r and cos r, all in double-double).
 *
 * @module
 */
import { add22, DD, exponentOf, horner, mul22, significandOf } from "./_double_double.ts";
import {
  COS_COEF,
  COS_J64,
  PIO2_HI,
  PIO2_LO,
  PIO2_PARTS,
  SIN_COEF,
  SIN_J64,
  TWO_OVER_PI,
  TWO_OVER_PI_BITS,
  TWO_OVER_PI_SHIFT,
} from "./_tables.ts";

const P1 = PIO2_PARTS[0], P2 = PIO2_PARTS[1], P3 = PIO2_PARTS[2];
const P4 = PIO2_PARTS[3], P5 = PIO2_PARTS[4], P6 = PIO2_PARTS[5];
const SHIFT = BigInt(TWO_OVER_PI_SHIFT);
const FRAC_BITS = 200n;
const FRAC_MASK = (1n << FRAC_BITS) - 1n;
const FRAC_HALF = 1n << (FRAC_BITS - 1n);
const FRAC_ONE = 1n << FRAC_BITS;
const TWO_M100 = 7.888609052210118e-31; // 2^-100, applied twice for 2^-200

/** DD ← r and returns q mod 4, where x = q·π/2 + r and |r| ≤ π/4 (up to rounding); x finite. */
export function reduce(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 0.7853981633974483) {
    DD[0] = x;
    DD[1] = 0;
    return 0;
  }
  if (ax < 1048576) {
    // k < 2^20, so each k·P_i (P_i of at most 33 bits) is exact; x − k·P1 is exact too.
    const k = Math.round(x * TWO_OVER_PI);
    const a = x - k * P1;
    add22(a, 0, -k * P2, 0);
    add22(DD[0], DD[1], -k * P3, 0);
    add22(DD[0], DD[1], -k * P4, 0);
    add22(DD[0], DD[1], -k * P5, 0);
    add22(DD[0], DD[1], -k * P6, 0);
    return k & 3;
  }
  return payneHanek(x);
}

/** The reduction of a huge |x| ≥ 2^20: x·2/π with 1280 bits of 2/π, exactly, in BigInt. */
function payneHanek(x: number): number {
  const e = exponentOf(x) - 52; // |x| = M·2^e
  const prod = significandOf(x) * TWO_OVER_PI_BITS; // |x|·2/π = prod·2^(e − 1280)
  const s = SHIFT - BigInt(e);
  let q = Number((prod >> s) & 3n);
  let f = (prod >> (s - FRAC_BITS)) & FRAC_MASK; // the fraction, to 200 bits
  if (f >= FRAC_HALF) {
    f -= FRAC_ONE;
    q++;
  }
  const fh = Number(f);
  const fl = Number(f - BigInt(fh));
  mul22(fh * TWO_M100 * TWO_M100, fl * TWO_M100 * TWO_M100, PIO2_HI, PIO2_LO);
  if (x < 0) {
    DD[0] = -DD[0];
    DD[1] = -DD[1];
    q = -q;
  }
  return q & 3;
}

/** DD ← sin r for |r| ≲ π/4 given as (rh, rl). */
export function sinSmall(rh: number, rl: number): void {
  mul22(rh, rl, rh, rl);
  // sin r / r in z = r²: to z^13 (below 2^-100); terms from z^7 on need only doubles.
  horner(DD[0], DD[1], SIN_COEF, 14, 7);
  mul22(DD[0], DD[1], rh, rl);
}

/** DD ← cos r for |r| ≲ π/4 given as (rh, rl). */
export function cosSmall(rh: number, rl: number): void {
  mul22(rh, rl, rh, rl);
  // cos r in z = r²: to z^13; terms from z^8 on need only doubles.
  horner(DD[0], DD[1], COS_COEF, 14, 6);
}

/** sin x (`shift` 0) or cos x (`shift` 1) by the double-double path (any x; NaN for ±Infinity
 * and NaN). */
export function trigSlow(x: number, shift: number): number {
  if (!(Math.abs(x) < Infinity)) return NaN;
  const q = reduce(x) + shift; // sin(x) = sin(q·π/2 + r), cos(x) = sin((q + 1)·π/2 + r)
  const rh = DD[0], rl = DD[1];
  if (q & 1) cosSmall(rh, rl);
  else sinSmall(rh, rl);
  const y = DD[0] + DD[1];
  return q & 2 ? -y : y;
}

const SPLITTER = 134217729; // 2^27 + 1
const TWO_M62 = 2.168404344971009e-19;
const TWO_M95 = 2.524354896707238e-29;
const ROUND64 = 105553116266496; // 1.5·2^46: y + ROUND64 − ROUND64 rounds y to a multiple of 2^-6

/**
 * For i = −52..52 (row i + 52, 8 doubles): sin a (hi, lo), cos a (hi, lo) with a = i/64 (from
 * SIN_J64/COS_J64), then Veltkamp's split of sin a hi and of cos a hi into 26-bit halves, so that
 * the exact products with t need no split of the table value at run time.
 */
const ROWS: Float64Array = new Float64Array(105 * 8);
for (let i = 0; i < 105; i++) {
  const sh = SIN_J64[2 * i], ch = COS_J64[2 * i];
  let u = SPLITTER * sh;
  const s1 = u - (u - sh);
  u = SPLITTER * ch;
  const c1 = u - (u - ch);
  ROWS.set([sh, SIN_J64[2 * i + 1], ch, COS_J64[2 * i + 1], s1, sh - s1, c1, ch - c1], 8 * i);
}

/**
 * For m = 0..3 and i = −52..52 (row 105·m + i + 52, 8 doubles): with a = i/64, (A, Al) and
 * (B, Bl) such that sin(m·π/2 + a + τ) = A·cos τ + B·sin τ, that is (sin a, cos a), (cos a,
 * −sin a), (−sin a, −cos a), (−cos a, sin a) in double-double, then Veltkamp's halves of B.
 */
const QROWS: Float64Array = new Float64Array(4 * 105 * 8);
for (let m = 0; m < 4; m++) {
  for (let i = 0; i < 105; i++) {
    const r = ROWS.subarray(8 * i, 8 * i + 8); // sin hi, lo, cos hi, lo, sin halves, cos halves
    const odd = m & 1, sA = 1 - (m & 2), sB = odd ? -sA : sA;
    const [a, b] = odd ? [2, 0] : [0, 2]; // columns of A and of B
    const halves = odd ? 4 : 6;
    QROWS.set([
      sA * r[a],
      sA * r[a + 1],
      sB * r[b],
      sB * r[b + 1],
      sB * r[halves],
      sB * r[halves + 1],
    ], 8 * (105 * m + i));
  }
}

/** `what` of {@linkcode trigFast}: sin x into `out[0]` (x is read from `out[0]`). */
export const SIN = 0;
/** `what` of {@linkcode trigFast}: cos x into `out[0]`. */
export const COS = 1;
/** `what` of {@linkcode trigFast}: sin x into `out[0]` and cos x into `out[1]`. */
export const SIN_AND_COS = 2;
const ROUND = 6755399441055744; // 1.5·2^52: y + ROUND − ROUND rounds y to an integer

/**
 * The fast path of {@linkcode sin} and {@linkcode cos} for finite |x| < 2^20, x read from
 * `out[0]`: sin x ({@linkcode SIN}) or cos x ({@linkcode COS}) into `out[0]`, or both
 * ({@linkcode SIN_AND_COS}: the reduction and series shared) into `out[0]` and `out[1]`; a result
 * is NaN when it might be rounded wrongly (then the double-double path decides). The argument
 * and the results go through `out` because V8 boxes the doubles passed to and returned from a
 * call it does not inline (this function is too large to inline): a heap number per call.
 *
 * Reduction: x = k·π/2 + a + τ with k = round(x·2/π) (none for |x| ≤ π/4); x − k·P1 is exact
 * (P1 of 33 bits, k < 2^20) and is rounded to a multiple of 1/64, a = i/64; t0 = x − k·P1 − a
 * is exact; then τ = t + tl = t0 − k·P2 (an exact product; Knuth's two-sum) − k·P3 − k·P4, to
 * about 2^-97 absolute (the rounding of k·P3 and of tl's sums, π/2 beyond P4). |t| ≤ 1/128 +
 * k·P2 < 0.0079, |a| ≤ 50/64, and tl is not normalised: |tl| ≤ ulp(t)/2 + k·P3 < 2^-48.5, so
 * the series keep the first-order terms in tl; those left out (tl², t³·tl) are below 2^-71.
 *
 * Evaluation: sin x = sin(m·π/2 + a + τ) with m = k mod 4 (k + 1 for cos x) is A·cos τ + B·sin τ
 * with (A, B) = (sin a, cos a), (cos a, −sin a), (−sin a, −cos a), (−cos a, sin a) for m = 0..3,
 * in double-double from {@linkcode QROWS}:
 *
 *   A·cos τ + B·sin τ = A + B1·t1 + [A·c + Al + B·st + Bl·t + Al·c + B1·t2 + B2·t]
 *
 * with c = cos τ − 1 = −t²/2 + t⁴/24 − t⁶/720 − t·tl and st = sin τ − t = tl·(1 − t²/2) − t³/6
 * + t⁵/120 − t⁷/5040 (truncation below 2^-70), B = B1 + B2 and t = t1 + t2 Veltkamp's 26-bit
 * halves (B's precomputed), so B1·t1 is exact and B1·t2, B2·t are below 2^-33·|B| (their
 * roundings and the sum's: below 2^-84 absolute, 2^-76 of |y| as |y| ≥ 2^-7.5 when A ≠ 0; exact
 * when A = 0, as then B = ±1 and B2 = 0); the leading sum exact (Fast2Sum, |B1·t1| ≤ |B·t|:
 * |sin a| ≥ |cos a·t| for i ≠ 0 and sin a = 0 for i = 0; cos a ≥ 0.69 > |sin a·t|).
 *
 * Error bound, relative to the result y: the non-negligible errors are those of A·c (c to
 * 3·2^-53 relative, |c| ≤ 2^-14.9, plus the product's rounding) and the roundings of the
 * bracket's two outer sums: 6·2^-68 of |A|. As |sin r| ≥ 0.49·|sin a| for i ≠ 0 and
 * cos r ≥ 0.7 ≥ 0.7·cos a, that is below 2^-64.3 relative; the other terms (the series' rounding,
 * the terms left out in tl, the table's 2^-104) add less than 2^-67 relative; the roundings of
 * the tl terms (|tl|·2^-53 < 2^-101) and the reduction's 2^-97 stay below 2^-96 absolute. So
 * the error is below 2^-64·|y| + 2^-96, so Ziv's test with 2^-62·|s| + 2^-95 (s the
 * leading sum, |s| ≥ (1 − 2^-12)·|y|; the former constants, their margin covering the rounding
 * of `tail ± err`) passes only correctly rounded results; about 1 input in 300 fails it.
 */
export function trigFast(what: number, out: Float64Array): void {
  const x = out[0];
  let k = 0, a: number, t: number, tl = 0; // x = k·π/2 + a + t + tl
  if (Math.abs(x) <= 0.7853981633974483) {
    a = (x + ROUND64) - ROUND64; // a multiple of 1/64
    t = x - a; // exact
  } else {
    k = (x * TWO_OVER_PI + ROUND) - ROUND;
    const a0 = x - k * P1; // exact
    a = (a0 + ROUND64) - ROUND64;
    const t0 = a0 - a, b = -k * P2; // exact
    t = t0 + b;
    const bb = t - t0;
    tl = ((t0 - (t - bb)) + (b - bb)) - k * P3 - k * P4;
  }
  const u = SPLITTER * t;
  const t1 = u - (u - t);
  const q = t * t, q2 = q * q;
  const t2 = t - t1;
  const c = (-0.5 * q + q2 * (1 / 24 - q * (1 / 720))) - t * tl;
  const st = (tl - 0.5 * q * tl) + t * q * ((-1 / 6 + q * (1 / 120)) - q2 * (1 / 5040));
  const row = 8 * (a * 64 + 52), m = k & 3;
  if (what === SIN_AND_COS) {
    const j0 = row + 840 * m, j1 = row + 840 * ((m + 1) & 3);
    evalRow(QROWS, j0, j0 + 2, t, t1, t2, c, st, out, 0);
    evalRow(QROWS, j1, j1 + 2, t, t1, t2, c, st, out, 1);
  } else {
    const j = row + 840 * ((m + what) & 3);
    evalRow(QROWS, j, j + 2, t, t1, t2, c, st, out, 0);
  }
}

/**
 * `out[i]` ← A·cos τ + B·sin τ with (A, Al) at `T[ia]`, `T[ia + 1]` and (B, Bl) and Veltkamp's
 * halves of B at `T[ib]` … `T[ib + 3]`, given the reduced argument (see {@linkcode trigFast}), or
 * NaN when Ziv's test cannot vouch for its rounding.
 */
function evalRow(
  T: Float64Array,
  ia: number,
  ib: number,
  t: number,
  t1: number,
  t2: number,
  c: number,
  st: number,
  out: Float64Array,
  i: number,
): void {
  const A = T[ia], Al = T[ia + 1], B = T[ib], Bl = T[ib + 1], B1 = T[ib + 2], B2 = T[ib + 3];
  const P = B1 * t1, Pe = B1 * t2 + B2 * t;
  const s0 = A + P, e0 = P - (s0 - A);
  const ts = (A * c + (Al + (B * st + Bl * t))) + ((e0 + Pe) + Al * c);
  const y = s0 + ts;
  const err = TWO_M62 * Math.abs(s0) + TWO_M95;
  out[i] = y !== s0 + (ts + err) || y !== s0 + (ts - err) ? NaN : y;
}

const PI256_1 = P1 / 128, PI256_2 = P2 / 128, PI256_3 = P3 / 128, PI256_4 = P4 / 128;
const INV_PI256 = 81.48733086305042; // 256/π

/**
 * For j = 0..511 (row j, 4 doubles): sin(j·π/256) in double-double (hi, lo), then Veltkamp's
 * halves of hi. Computed once by the double-double path: j·π/256 = q·π/2 + r with |r| ≤ π/4,
 * r = (j − 128·q)·(π/2)/128 by one double-double product, then sin r or cos r with its sign (to
 * about 2^-100 relative, far below what {@linkcode trigNear}'s error bound needs).
 */
const SIN_PI256: Float64Array = new Float64Array(512 * 4);
for (let j = 0; j < 512; j++) {
  const q = Math.round(j / 128);
  mul22(j - 128 * q, 0, PIO2_HI / 128, PIO2_LO / 128);
  const rh = DD[0], rl = DD[1];
  if (q & 1) cosSmall(rh, rl);
  else sinSmall(rh, rl);
  const sign = q & 2 ? -1 : 1;
  const hi = DD[0] + DD[1], lo = DD[1] - (hi - DD[0]);
  const u = SPLITTER * hi, h1 = u - (u - hi);
  SIN_PI256.set([sign * hi, sign * lo, sign * h1, sign * (hi - h1)], 4 * j);
}

/**
 * The fast path of {@linkcode sin} and {@linkcode cos} for |x| < 4096 (the range of every
 * built-in env), as {@linkcode trigFast} (same `what`, same use of `out`, NaN when the result
 * might be rounded wrongly) with one reduction to a table of the whole period:
 *
 * x = j·π/256 + τ with j = round(x·256/π) (|j| < 2^19), τ = t + tl = x − j·C1 − j·C2 (an exact
 * product; Knuth's two-sum) − j·C3 − j·C4, with C1..C4 the 33-bit pieces of π/2 divided by 128
 * (C3 < 2^-75.7, C4 < 2^-110.2, π/256 beyond them < 2^-148.8). Every j·Ci is exact (19 + 33
 * bits), and so is t0 = x − j·C1: |t0| ≤ |τ| + |j|·(C2 + C3 + …) < 2^-7, and t0 is a multiple of
 * ulp(x) (C1's last bit is 2^-39 ≥ ulp(x) for |x| < 4096), which is at least 2^-60 once j ≠ 0
 * (|x| > π/512 > 2^-8), so t0 has at most 53 bits. As x·256/π is rounded to within 2^-33 before
 * j is, |τ| ≤ π/512 + 2^-40, so |t| < 0.00614 (trigFast's t: 0.0079); |tl| ≤ ulp(t)/2 + |j|·C3 +
 * |j|·C4 < 2^-56. The reduction's error, the roundings of tl's two subtractions and j·C4's
 * rounding plus j·(π/256 − C1 − … − C4), is below 2^-108 absolute. The series of cos τ − 1 and
 * sin τ − τ are trigFast's: truncated below 2^-74, the left-out terms in tl below 2^-80.
 *
 * Evaluation: sin x = sin(n·π/256 + τ) = A·cos τ + B·sin τ with n = j mod 512 (n + 128 for cos x:
 * cos x = sin(x + π/2)), A = sin(n·π/256) and B = cos(n·π/256) = sin((n + 128)·π/256), both rows
 * of {@linkcode SIN_PI256}, by trigFast's double-double evaluation. Its preconditions and error
 * bound hold as there: the leading sum A + B·t is exact by Fast2Sum (A = ±0, or |A| ≥
 * sin(π/256) > 0.0122 > |B·t|); |c| = |cos τ − 1| ≤ 2^-15.7 (trigFast: 2^-14.9); and for A ≠ 0,
 * |y|/|A| ≥ cos τ − |cot(n·π/256)|·|sin τ| ≥ cos τ − cot(π/256)·sin(π/512 + 2^-40) > 0.4999,
 * where trigFast's bound assumes 0.49 (its sine rows; its cosine rows have 0.7). So the
 * error is below 2^-64·|y| + 2^-96 and the same Ziv test passes only correctly rounded results.
 */
export function trigNear(what: number, out: Float64Array): void {
  const x = out[0];
  const j = (x * INV_PI256 + ROUND) - ROUND;
  const t0 = x - j * PI256_1, b = -j * PI256_2; // exact
  const t = t0 + b;
  const bb = t - t0;
  const tl = ((t0 - (t - bb)) + (b - bb)) - j * PI256_3 - j * PI256_4;
  // trigFast's split and series, repeated: computed in evalRow instead (for both paths), Acrobot
  // was 18% slower
  const u = SPLITTER * t;
  const t1 = u - (u - t);
  const q = t * t, q2 = q * q;
  const t2 = t - t1;
  const c = (-0.5 * q + q2 * (1 / 24 - q * (1 / 720))) - t * tl;
  const st = (tl - 0.5 * q * tl) + t * q * ((-1 / 6 + q * (1 / 120)) - q2 * (1 / 5040));
  const n = j & 511;
  if (what === SIN_AND_COS) {
    const n1 = (n + 128) & 511, n2 = (n + 256) & 511;
    evalRow(SIN_PI256, 4 * n, 4 * n1, t, t1, t2, c, st, out, 0);
    evalRow(SIN_PI256, 4 * n1, 4 * n2, t, t1, t2, c, st, out, 1);
  } else {
    const na = (n + 128 * what) & 511;
    evalRow(SIN_PI256, 4 * na, 4 * ((na + 128) & 511), t, t1, t2, c, st, out, 0);
  }
}
