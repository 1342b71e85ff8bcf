/**
 * Seeded pseudo-random numbers with named, independent child streams and exact state save/restore.
 *
 * @example
 * ```ts
 * import { Random } from "@seeded/rl";
 * const rng = new Random(42);
 * const u = rng.float(); // in [0, 1)
 * const env = rng.child("env"); // independent stream, unaffected by draws on `rng`
 * ```
 *
 * @module
 */
// @ts-types="@types/seedrandom"
import seedrandom from "seedrandom";
import { cos } from "./math/cos.ts";
import { log } from "./math/log.ts";
import { sin } from "./math/sin.ts";

/** The complete state of a {@linkcode Random}, plain JSON-able data. */
export interface RandomState {
  /** The seed string this stream was created from. */
  seed: string;
  /** The xor4096 generator's internal state. */
  generator: { i: number; w: number; X: number[] };
  /** The cached second normal draw of the Box–Muller pair, or `null`. */
  spareNormal: number | null;
}

interface StatefulPrng {
  double(): number;
  int32(): number;
  state(): { i: number; w: number; X: number[] };
}

/**
 * A seeded generator built on `seedrandom`'s xor4096 algorithm (Brent's xorgens, period 2^4096 − 1).
 *
 * The same seed gives the same sequence on every run and machine. `child(name)` derives a stream
 * from this stream's seed and the name only, so draws in one stream never shift another. Draws are
 * 53-bit floats; `state()` / {@linkcode Random.fromState} round-trip exactly, including the cached
 * normal of a Box–Muller pair.
 *
 * @example
 * ```ts
 * import { Random } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const a = new Random(7);
 * const b = new Random(7);
 * assert.equal(a.float(), b.float());
 * const saved = a.state();
 * const x = a.normal();
 * assert.equal(Random.fromState(saved).normal(), x);
 * ```
 */
export class Random {
  /** The seed string of this stream (a number seed `s` becomes `"s"`; a child appends `/name`). */
  readonly seed: string;
  #prng: StatefulPrng;
  #spareNormal = 0;
  #hasSpare = false;

  /**
   * Creates a generator from a seed.
   *
   * @param seed A finite number or a string.
   * @throws {TypeError} if the seed is not a finite number or a string.
   */
  constructor(seed: number | string) {
    if (typeof seed === "number") {
      if (!Number.isFinite(seed)) {
        throw new TypeError(`Cannot create Random: seed must be finite, got ${seed}`);
      }
    } else if (typeof seed !== "string") {
      throw new TypeError(`Cannot create Random: seed must be a number or string, got ${seed}`);
    }
    this.seed = String(seed);
    this.#prng = seedrandom.xor4096(this.seed, { state: true }) as unknown as StatefulPrng;
  }

  /**
   * Rebuilds a generator from a {@linkcode RandomState}, continuing exactly where it was saved.
   *
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * const r = new Random(1);
   * const copy = Random.fromState(r.state());
   * ```
   */
  static fromState(state: RandomState): Random {
    const r = new Random(state.seed);
    r.loadState(state);
    return r;
  }

  /**
   * A new, independent stream named `name`, derived from this stream's seed (not its position).
   *
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const run = new Random(1);
   * const before = run.child("env").float();
   * run.float(); // a draw on the parent...
   * assert.equal(run.child("env").float(), before); // ...does not shift the child
   * ```
   */
  child(name: string): Random {
    return new Random(`${this.seed}/${name}`);
  }

  /**
   * A uniform float in [0, 1) with 53 random bits.
   *
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * const u = new Random(3).float();
   * ```
   */
  float(): number {
    return this.#prng.double();
  }

  /**
   * A uniform float in [low, high).
   *
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * const x = new Random(3).uniform(-0.05, 0.05);
   * ```
   */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.#prng.double();
  }

  /**
   * A uniform integer in [0, n).
   *
   * @throws {RangeError} if `n` is not a positive integer.
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * const action = new Random(3).int(2); // 0 or 1
   * ```
   */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0)) {
      throw new RangeError(`Cannot draw Random.int(n): n must be a positive integer, got ${n}`);
    }
    return Math.floor(this.#prng.double() * n);
  }

  /**
   * A standard normal draw (Box–Muller; the second value of each pair is cached and is part of
   * the saved state).
   *
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * const z = new Random(3).normal();
   * ```
   */
  normal(): number {
    if (this.#hasSpare) {
      this.#hasSpare = false;
      return this.#spareNormal;
    }
    let u = 0;
    while (u === 0) u = this.#prng.double();
    const v = this.#prng.double();
    const r = Math.sqrt(-2 * log(u));
    const theta = 2 * Math.PI * v;
    this.#spareNormal = r * sin(theta);
    this.#hasSpare = true;
    return r * cos(theta);
  }

  /**
   * Samples an index from unnormalised non-negative weights (for example softmax probabilities).
   *
   * @param weights `weights[offset .. offset + length)` are used.
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * const i = new Random(3).categorical(new Float64Array([0.2, 0.8]));
   * ```
   */
  categorical(
    weights: ArrayLike<number>,
    offset = 0,
    length: number = weights.length - offset,
  ): number {
    let total = 0;
    for (let i = 0; i < length; i++) total += weights[offset + i];
    const u = this.#prng.double() * total;
    let acc = 0;
    for (let i = 0; i < length - 1; i++) {
      acc += weights[offset + i];
      if (u < acc) return i;
    }
    return length - 1;
  }

  /**
   * Shuffles `array` in place (Fisher–Yates) and returns it.
   *
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * const idx = new Random(3).shuffle(Int32Array.from([0, 1, 2, 3]));
   * ```
   */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = Math.floor(this.#prng.double() * (i + 1));
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /**
   * The full state, as plain JSON-able data.
   *
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * const json = JSON.stringify(new Random(3).state());
   * ```
   */
  state(): RandomState {
    const s = this.#prng.state();
    return {
      seed: this.seed,
      generator: { i: s.i, w: s.w, X: Array.from(s.X) },
      spareNormal: this.#hasSpare ? this.#spareNormal : null,
    };
  }

  /**
   * Restores a state saved by {@linkcode Random.state}.
   *
   * @throws {TypeError} if the state is malformed.
   * @example
   * ```ts
   * import { Random } from "@seeded/rl";
   * const r = new Random(3);
   * const s = r.state();
   * r.float();
   * r.loadState(s);
   * ```
   */
  loadState(state: RandomState): void {
    const g = state?.generator;
    if (
      !g || !Array.isArray(g.X) || g.X.length !== 128 || !Number.isInteger(g.i) ||
      !Number.isInteger(g.w)
    ) {
      throw new TypeError("Cannot restore Random: the state is not a saved xor4096 state");
    }
    (this as { seed: string }).seed = state.seed;
    this.#prng = seedrandom.xor4096("", {
      state: { i: g.i, w: g.w, X: g.X.slice() },
    }) as unknown as StatefulPrng;
    this.#hasSpare = state.spareNormal !== null && state.spareNormal !== undefined;
    this.#spareNormal = this.#hasSpare ? state.spareNormal as number : 0;
  }
}

/**
 * The largest run seed the commands accept: seeds are integers from 0 to 2^32 − 1 (NumPy's and
 * Gymnasium's usual range). Every seed derived from a run seed (sub-env `i` gets `seed + i`,
 * evaluations `seed + 10000` and `seed + 20000`) then stays an exact integer far below 2^53.
 */
export const MAX_SEED: number = 2 ** 32 - 1;

/**
 * Checks that `seed` is a run seed: an integer from 0 to {@linkcode MAX_SEED}.
 *
 * @param seed The value.
 * @param what How the message names it, e.g. `--seed`.
 * @returns The seed.
 * @throws {RangeError} naming the value and the range.
 * @example
 * ```ts
 * import { checkSeed } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(checkSeed(7, "seed"), 7);
 * assert.throws(() => checkSeed(-1, "seed"), RangeError);
 * ```
 */
export function checkSeed(seed: unknown, what: string): number {
  if (!(typeof seed === "number" && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    throw new RangeError(`${what} must be an integer from 0 to ${MAX_SEED}, got ${seed}`);
  }
  return seed;
}

/**
 * The seed `offset` places after `seed` (the evaluation env's `seed + 10000`). Exact for every
 * safe integer: past 2^53 − 1 it wraps around to 0, so a derived seed never loses precision.
 *
 * @param seed The base seed (any finite number; integers are derived exactly).
 * @param offset A non-negative safe integer.
 * @returns `seed + offset`, wrapped modulo 2^53 for integer seeds.
 * @example
 * ```ts
 * import { deriveSeed } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(deriveSeed(5, 10000), 10005);
 * assert.equal(deriveSeed(Number.MAX_SAFE_INTEGER, 10000), 9999);
 * ```
 */
export function deriveSeed(seed: number, offset: number): number {
  if (Number.isSafeInteger(seed) && seed >= 0 && seed > Number.MAX_SAFE_INTEGER - offset) {
    return seed - (Number.MAX_SAFE_INTEGER - offset) - 1;
  }
  return seed + offset;
}
