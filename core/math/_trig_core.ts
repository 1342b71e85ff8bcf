/**
 * The shared core of {@linkcode sin} and {@linkcode cos}: argument reduction x = q·π/2 + r with
 * |r| ≲ π/4 (Cody–Waite with π/2 in six 33-bit pieces below 2^20, Payne–Hanek with the bits of
 * 2/π as a BigInt above), and the Taylor series of sin r and cos r, all in double-double.
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

const SPLITTER = 134217729; // 2^27 + 1
const TWO_M62 = 2.168404344971009e-19;
const TWO_M95 = 2.524354896707238e-29;

/**
 * The fast path of {@linkcode sin} (shift 0) and {@linkcode cos} (shift 1) for 2^-27 ≤ |x| < 2^20,
 * or NaN when its result might be rounded wrongly (then the double-double path decides).
 *
 * x = k·π/2 + r (π/2 in four pieces, the first two products exact), r = i/64 + t with sin and
 * cos of i/64 from a double-double table, and sin/cos(i/64 + t) by the addition formulas with
 * short series in t (|t| ≤ 1/128); the leading products are exact (Dekker), the rest in plain
 * doubles: relative error below about 2^-65, plus 2^-99 absolute from the reduction. Ziv's
 * test with 2^-62 relative + 2^-95 absolute then sends about 1 input in 200 to the slow path.
 */
export function trigFast(x: number, shift: number): number {
  const k = Math.round(x * TWO_OVER_PI);
  const a = x - k * P1, b = -k * P2;
  const s = a + b, bb = s - a;
  const e = ((a - (s - bb)) + (b - bb)) - k * P3 - k * P4;
  const rh = s + e, rl = e - (rh - s);
  const i = Math.round(rh * 64);
  const th = rh - i / 64; // exact
  let u = SPLITTER * th;
  const h1 = u - (u - th), h2 = th - h1;
  const q = th * th, qe = ((h1 * h1 - q) + 2 * h1 * h2) + h2 * h2;
  const c1 = -0.5 * q; // cos t = 1 + c1 + c2
  const c2 = -0.5 * qe - th * rl + q * q * (1 / 24 + q * (-1 / 720 + q * (1 / 40320)));
  const stl = rl + th * q * (-1 / 6 + q * (1 / 120 + q * (-1 / 5040))); // sin t = th + stl
  const j = 2 * (i + 52);
  const quad = (k + shift) & 3;
  let A: number, Al: number, B: number, Bl: number;
  if (quad & 1) { // cos r = cos a · cos t − sin a · sin t
    A = COS_J64[j];
    Al = COS_J64[j + 1];
    B = -SIN_J64[j];
    Bl = -SIN_J64[j + 1];
  } else { // sin r = sin a · cos t + cos a · sin t
    A = SIN_J64[j];
    Al = SIN_J64[j + 1];
    B = COS_J64[j];
    Bl = COS_J64[j + 1];
  }
  // A·(1 + c1 + c2) + Al·(1 + c1) + B·(th + stl) + Bl·th, with B·th and A·c1 exact
  u = SPLITTER * B;
  const b1 = u - (u - B), b2 = B - b1;
  const P = B * th, Pe = ((b1 * h1 - P) + b1 * h2 + b2 * h1) + b2 * h2;
  u = SPLITTER * A;
  const a1 = u - (u - A), a2 = A - a1;
  u = SPLITTER * c1;
  const d1 = u - (u - c1), d2 = c1 - d1;
  const Q = A * c1, Qe = ((a1 * d1 - Q) + a1 * d2 + a2 * d1) + a2 * d2;
  const s0 = A + P, z0 = s0 - A, e0 = (A - (s0 - z0)) + (P - z0);
  const s1 = s0 + Q, z1 = s1 - s0, e1 = (s0 - (s1 - z1)) + (Q - z1);
  const tail = (e0 + e1) + (Pe + Qe) + (A * c2 + Al * (1 + c1)) + (B * stl + Bl * th);
  const y = s1 + tail;
  const err = TWO_M62 * Math.abs(y) + TWO_M95;
  if (y !== s1 + (tail + err) || y !== s1 + (tail - err)) return NaN;
  return quad & 2 ? -y : y;
}
