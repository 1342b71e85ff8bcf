/**
 * Compares `sin`, `cos` and `sincos` with the previous implementation (`_trig_reference.ts`) bit
 * for bit on generated inputs of every kind the library meets. `trig_test.ts` runs a few million;
 * for more: `deno run tests/core/math/trig_compare.ts 100000000`.
 *
 * @module
 */
import { cos, sin, sincos } from "../../../core/math/mod.ts";
import { cosReference, sinReference } from "./_trig_reference.ts";

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A small xorshift128+ stream of 32-bit words (deterministic, independent of the library). */
class Words {
  #a = 0x9e3779b9;
  #b = 0x7f4a7c15;
  #c = 0x85ebca6b;
  #d = 0xc2b2ae35;
  constructor(seed: number) {
    this.#a ^= seed;
    for (let i = 0; i < 16; i++) this.next();
  }
  next(): number {
    let t = this.#d;
    const s = this.#a;
    this.#d = this.#c;
    this.#c = this.#b;
    this.#b = s;
    t ^= t << 11;
    t ^= t >>> 8;
    this.#a = (t ^ s ^ (s >>> 19)) >>> 0;
    return this.#a;
  }
  /** Uniform in [0, 1) with 53 bits. */
  float(): number {
    return ((this.next() >>> 5) * 67108864 + (this.next() >>> 6)) / 9007199254740992;
  }
}

/** x moved by n units in the last place (n small, x finite). */
function ulps(x: number, n: number): number {
  F64[0] = x;
  const lo = LE ? 0 : 1, hi = 1 - lo;
  let v = U32[lo] + (x < 0 ? -n : n);
  if (v < 0) {
    v += 4294967296;
    U32[hi]--;
  } else if (v >= 4294967296) {
    v -= 4294967296;
    U32[hi]++;
  }
  U32[lo] = v;
  return F64[0];
}

/** The kinds of inputs, each a generator of one double from the word stream. */
export const KINDS: Record<string, (w: Words) => number> = {
  // ±m·2^e, e in [-40, 30]: every magnitude of the fast path and beyond it
  magnitudes: (w) => (w.next() & 1 ? -1 : 1) * (1 + w.float()) * 2 ** ((w.next() % 71) - 40),
  // CartPole's angles (|θ| ≤ 0.42) and a little beyond the π/4 boundary of the reduction
  small: (w) => (w.float() - 0.5) * 1.7,
  // Acrobot's and Pendulum's arguments: [-4π, 4π]
  angles: (w) => (w.float() - 0.5) * 8 * Math.PI,
  // next to multiples of π/4 (k up to 2^22, so past the fast path's 2^20), within ±64 ulps
  nearPiOver4: (w) => {
    const k = w.next() & 1 ? w.next() % 64 : w.next() % 4194304;
    return ulps((w.next() & 1 ? -1 : 1) * k * (Math.PI / 4), (w.next() % 129) - 64);
  },
  // k·π/2 + r for k up to 2^20 and |r| < 1/64: a long reduction, r in the first table cells
  reducedNearZero: (w) => (w.next() % 1048576) * (Math.PI / 2) + (w.float() - 0.5) / 32,
  // next to the table's cut points (i + 1/2)/64 and ±π/4, within ±64 ulps
  nearCuts: (w) => {
    const i = (w.next() % 105) - 52;
    const x = w.next() % 5 === 0 ? (w.next() & 1 ? -1 : 1) * 0.7853981633974483 : (i + 0.5) / 64;
    return ulps(x, (w.next() % 129) - 64);
  },
  // next to j·π/256 (trigNear's table points: t near 0) and (j + 1/2)·π/256 (its cut points),
  // |j| < 2^19 (up to and past its bound 4096), within ±64 ulps
  nearPi256: (w) => {
    const j = w.next() & 1 ? w.next() % 1024 : w.next() % 524288;
    const x = (w.next() & 1 ? -1 : 1) * (j + (w.next() & 1 ? 0.5 : 0)) * (Math.PI / 256);
    return ulps(x, (w.next() % 129) - 64);
  },
  // Acrobot's arguments as its dynamics form them: θ2, θ1 + θ2 − π/2 and θ1 − π/2 in float64
  acrobot: (w) => {
    const t1 = (w.float() - 0.5) * 2.2 * Math.PI, t2 = (w.float() - 0.5) * 2.2 * Math.PI;
    const k = w.next() % 3;
    return k === 0 ? t2 : k === 1 ? t1 + t2 - Math.PI / 2.0 : t1 - Math.PI / 2;
  },
  // around trigNear's bound 4096 and trigFast's 2^20
  nearBounds: (w) =>
    (w.next() & 1 ? -1 : 1) * (w.next() & 1 ? 4096 : 1048576) *
    (1 + (w.float() - 0.5) * 2 ** -(w.next() % 40)),
  // huge arguments (Payne–Hanek)
  huge: (w) => (w.next() & 1 ? -1 : 1) * (1 + w.float()) * 2 ** (20 + (w.next() % 1004)),
  // any bit pattern (NaNs, infinities, subnormals included)
  bits: (w) => {
    const lo = LE ? 0 : 1;
    U32[lo] = w.next();
    U32[1 - lo] = w.next();
    return F64[0];
  },
};

/** The specials checked once. */
export const SPECIALS: number[] = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1.4901161193847656e-8,
  -1.4901161193847656e-8,
  1.4901161193847653e-8,
  7.450580596923828e-9,
  7.450580596923827e-9,
  0.7853981633974483,
  0.7853981633974484,
  1048576,
  1048575.9999999999,
  4096,
  4095.9999999999995,
  -4096,
  4096.000000000001,
  -1048576,
  Math.PI,
  Math.PI / 2,
  1e22,
  1.7976931348623157e308,
];

/**
 * Compares the new functions with the reference on `count` inputs of each kind (and the
 * specials); returns the number of inputs compared and the mismatches (at most 10 listed).
 */
export function compareTrig(count: number, seed = 1): { compared: number; mismatches: string[] } {
  const out = new Float64Array(2);
  const mismatches: string[] = [];
  let compared = 0;
  const check = (x: number): void => {
    compared++;
    const s = sin(x), c = cos(x), rs = sinReference(x), rc = cosReference(x);
    sincos(x, out);
    if (
      !Object.is(s, rs) || !Object.is(c, rc) || !Object.is(out[0], rs) || !Object.is(out[1], rc)
    ) {
      if (mismatches.length < 10) {
        mismatches.push(
          `x=${x}: sin ${s} ref ${rs}, cos ${c} ref ${rc}, sincos ${out[0]} ${out[1]}`,
        );
      }
    }
  };
  for (const x of SPECIALS) check(x);
  for (const [name, gen] of Object.entries(KINDS)) {
    const w = new Words(seed * 31 + name.length);
    for (let n = 0; n < count; n++) check(gen(w));
  }
  return { compared, mismatches };
}

if (import.meta.main) {
  const count = Number(Deno.args[0] ?? 1e6);
  const t = performance.now();
  const { compared, mismatches } = compareTrig(count, Number(Deno.args[1] ?? 1));
  console.log(
    `${compared} inputs (${count} per kind × ${Object.keys(KINDS).length} kinds + specials), ` +
      `${mismatches.length} mismatches, ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  for (const m of mismatches) console.log(m);
}
