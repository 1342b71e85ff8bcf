/**
 * The previous `sin` and `cos` (commit a8b3654, before the table-per-quadrant `trigFast`), kept
 * verbatim as the reference the new ones must match bit for bit: both are correctly rounded
 * whenever their Ziv test passes, and the double-double path decides the rest (its unchanged
 * parts, `reduce`, `sinSmall` and `cosSmall`, imported; the dispatch copied as it was).
 *
 * @module
 */
import { cosSmall, reduce, sinSmall } from "../../../core/math/_trig_core.ts";
import { DD } from "../../../core/math/_double_double.ts";
import { COS_J64, PIO2_PARTS, SIN_J64, TWO_OVER_PI } from "../../../core/math/_tables.ts";

const P1 = PIO2_PARTS[0], P2 = PIO2_PARTS[1], P3 = PIO2_PARTS[2], P4 = PIO2_PARTS[3];

/** The previous `sin`. */
export function sinReference(x: number): number {
  if (Math.abs(x) < 1.4901161193847656e-8) return x;
  if (Math.abs(x) < 1048576) {
    const y = trigFast(x, 0);
    if (y === y) return y;
  }
  return sinSlow(x);
}

/** The previous `cos`. */
export function cosReference(x: number): number {
  if (Math.abs(x) < 7.450580596923828e-9) return 1;
  if (Math.abs(x) < 1048576) {
    const y = trigFast(x, 1);
    if (y === y) return y;
  }
  return cosSlow(x);
}

function sinSlow(x: number): number {
  if (!(Math.abs(x) < Infinity)) return NaN;
  const q = reduce(x);
  const rh = DD[0], rl = DD[1];
  if (q & 1) cosSmall(rh, rl);
  else sinSmall(rh, rl);
  const y = DD[0] + DD[1];
  return q & 2 ? -y : y;
}

function cosSlow(x: number): number {
  if (!(Math.abs(x) < Infinity)) return NaN;
  const q = reduce(x);
  const rh = DD[0], rl = DD[1];
  if (q & 1) sinSmall(rh, rl);
  else cosSmall(rh, rl);
  const y = DD[0] + DD[1];
  return (q + 1) & 2 ? -y : y;
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
function trigFast(x: number, shift: number): number {
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
