/**
 * Double-double arithmetic (a value as an unevaluated sum hi + lo of two doubles, about 106 bits)
 * built only from IEEE 754 operations that are exactly specified: + − × ÷ with round-to-nearest.
 * No fused multiply-add (JavaScript has none): products are made exact with Veltkamp's split
 * (Dekker 1971). Results go to the shared scratch array {@linkcode DD} (`DD[0]` = hi, `DD[1]` =
 * lo), so the hot paths allocate nothing.
 *
 * @module
 */

/** The result slot of every double-double operation: `DD[0]` is hi, `DD[1]` is lo. */
export const DD: Float64Array = new Float64Array(2);

const SPLITTER = 134217729; // 2^27 + 1

/** DD ← a·b exactly (Dekker's product); |a·b| must stay below 2^996 and above 2^-969. */
export function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  DD[0] = p;
  DD[1] = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** DD ← a + b exactly (Knuth's two-sum). */
export function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  DD[0] = s;
  DD[1] = (a - (s - bb)) + (b - bb);
}

/** DD ← (ah, al) · (bh, bl), relative error below 2^-102. */
export function mul22(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  let t = SPLITTER * ah;
  const ahh = t - (t - ah), ahl = ah - ahh;
  t = SPLITTER * bh;
  const bhh = t - (t - bh), bhl = bh - bhh;
  const e = ((ahh * bhh - p) + ahh * bhl + ahl * bhh) + ahl * bhl + (ah * bl + al * bh);
  const s = p + e;
  DD[0] = s;
  DD[1] = e - (s - p);
}

/** DD ← (ah, al) + (bh, bl), relative error below 2^-103 (the accurate "sloppy-free" sum). */
export function add22(ah: number, al: number, bh: number, bl: number): void {
  let s = ah + bh;
  let bb = s - ah;
  let e = (ah - (s - bb)) + (bh - bb);
  const t = al + bl;
  bb = t - al;
  const f = (al - (t - bb)) + (bl - bb);
  e += t;
  const h = s + e;
  e = e - (h - s);
  e += f;
  s = h + e;
  DD[0] = s;
  DD[1] = e - (s - h);
}

/** DD ← (ah, al) / (bh, bl), relative error below 2^-100. */
export function div22(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  mul22(bh, bl, q1, 0);
  add22(ah, al, -DD[0], -DD[1]);
  const rh = DD[0], rl = DD[1];
  const q2 = rh / bh;
  mul22(bh, bl, q2, 0);
  add22(rh, rl, -DD[0], -DD[1]);
  const q3 = DD[0] / bh;
  const s = q1 + q2;
  const e = (q2 - (s - q1)) + q3;
  const h = s + e;
  DD[0] = h;
  DD[1] = e - (h - s);
}

/**
 * Horner evaluation of Σ_{k=0}^{n-1} c_k·t^k at t = (th, tl), where `coef[2k]`, `coef[2k+1]`
 * is c_k as a (hi, lo) pair: the `nDouble` highest-degree steps in plain double arithmetic (their
 * terms are too small for that rounding to matter), the rest in double-double. Result in DD.
 */
export function horner(
  th: number,
  tl: number,
  coef: Float64Array,
  n: number,
  nDouble: number,
): void {
  let k = n - 1, h = coef[2 * k];
  for (let i = 1; i < nDouble; i++) {
    k--;
    h = h * th + coef[2 * k];
  }
  let l = 0;
  while (k > 0) {
    k--;
    mul22(h, l, th, tl);
    add22(DD[0], DD[1], coef[2 * k], coef[2 * k + 1]);
    h = DD[0];
    l = DD[1];
  }
  DD[0] = h;
  DD[1] = l;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the high (sign, exponent) word of a double in {@linkcode U32}: 1 on little-endian. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** 2^n for n = −1022..1023 at index n + 1022, built by exact doublings and halvings. */
const POW2_TABLE: Float64Array = new Float64Array(2046);
POW2_TABLE[1022] = 1;
for (let i = 1023; i < 2046; i++) POW2_TABLE[i] = POW2_TABLE[i - 1] * 2;
for (let i = 1021; i >= 0; i--) POW2_TABLE[i] = POW2_TABLE[i + 1] / 2;

/** 2^n as a double, exactly, for integer n in [-1022, 1023]. */
export function pow2(n: number): number {
  return POW2_TABLE[n + 1022];
}

/** The unbiased binary exponent field of x (−1023 for zero and subnormals, 1024 for Inf/NaN). */
export function exponentOf(x: number): number {
  F64[0] = x;
  return ((U32[HI] >>> 20) & 0x7ff) - 1023;
}

/** x with its exponent replaced so that the result lies in [1, 2) (x normal, positive). */
export function mantissaOf(x: number): number {
  F64[0] = x;
  U32[HI] = (U32[HI] & 0x000fffff) | 0x3ff00000;
  return F64[0];
}

/** The 53-bit integer significand of a normal |x| (with its leading 1), as a BigInt. */
export function significandOf(x: number): bigint {
  F64[0] = x;
  return (BigInt((U32[HI] & 0x000fffff) | 0x00100000) << 32n) | BigInt(U32[1 - HI]);
}
