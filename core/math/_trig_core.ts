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
  PIO2_HI,
  PIO2_LO,
  PIO2_PARTS,
  SIN_COEF,
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
