/**
 * Action and observation spaces: {@linkcode Discrete} and {@linkcode Box}.
 *
 * @example
 * ```ts
 * import { Box, Discrete, Random } from "@seeded/rl";
 * const rng = new Random(0);
 * new Discrete(2).sample(rng); // 0 or 1
 * new Box([-1], [1]).sample(rng); // Float32Array of length 1
 * ```
 *
 * @module
 */
import type { Random } from "./random.ts";
import { log } from "./math/log.ts";

/**
 * The finite set {0, 1, ..., n - 1}.
 *
 * @example
 * ```ts
 * import { Discrete } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const space = new Discrete(3);
 * assert.ok(space.contains(2));
 * assert.ok(!space.contains(3));
 * ```
 */
export class Discrete {
  /** The kind tag, for narrowing a {@linkcode Space}. */
  readonly kind: "discrete" = "discrete";
  /** The number of elements. */
  readonly n: number;
  /** Always `[]`: an element is a scalar. */
  readonly shape: number[] = [];

  /**
   * Creates the space {0, ..., n - 1}.
   *
   * @param n The number of elements, a positive integer.
   * @throws {RangeError} if `n` is not a positive integer.
   */
  constructor(n: number) {
    if (!(Number.isInteger(n) && n > 0)) {
      throw new RangeError(`Cannot create Discrete(n): n must be a positive integer, got ${n}`);
    }
    this.n = n;
  }

  /**
   * Whether `x` is an integer in [0, n).
   *
   * @example
   * ```ts
   * import { Discrete } from "@seeded/rl";
   * new Discrete(2).contains(1); // true
   * ```
   */
  contains(x: unknown): boolean {
    return typeof x === "number" && Number.isInteger(x) && x >= 0 && x < this.n;
  }

  /**
   * A uniform element.
   *
   * @example
   * ```ts
   * import { Discrete, Random } from "@seeded/rl";
   * new Discrete(2).sample(new Random(0));
   * ```
   */
  sample(rng: Random): number {
    return rng.int(this.n);
  }

  /**
   * A short description, for example `Discrete(2)`.
   *
   * @example
   * ```ts
   * import { Discrete } from "@seeded/rl";
   * String(new Discrete(2)); // "Discrete(2)"
   * ```
   */
  toString(): string {
    return `Discrete(${this.n})`;
  }
}

/**
 * A box in R^n: each component between `low[i]` and `high[i]` (bounds may be infinite), float32.
 *
 * @example
 * ```ts
 * import { Box } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const space = new Box([-2], [2]);
 * assert.ok(space.contains(new Float32Array([1.5])));
 * ```
 */
export class Box {
  /** The kind tag, for narrowing a {@linkcode Space}. */
  readonly kind: "box" = "box";
  /** Lower bounds, as float32. */
  readonly low: Float32Array;
  /** Upper bounds, as float32. */
  readonly high: Float32Array;
  /** `[n]`. */
  readonly shape: number[];

  /**
   * Creates a box from its bounds.
   *
   * @param low Lower bounds (may be `-Infinity`).
   * @param high Upper bounds, same length (may be `Infinity`).
   * @throws {RangeError} if the lengths differ, a bound is NaN, or `low > high`.
   */
  constructor(low: ArrayLike<number>, high: ArrayLike<number>) {
    if (low.length !== high.length || low.length === 0) {
      throw new RangeError(
        `Cannot create Box: low and high must have the same non-zero length, got ${low.length} and ${high.length}`,
      );
    }
    for (let i = 0; i < low.length; i++) {
      if (Number.isNaN(low[i]) || Number.isNaN(high[i]) || low[i] > high[i]) {
        throw new RangeError(
          `Cannot create Box: need low[${i}] <= high[${i}], got ${low[i]} and ${high[i]}`,
        );
      }
    }
    this.low = Float32Array.from(low);
    this.high = Float32Array.from(high);
    this.shape = [low.length];
  }

  /**
   * Whether `x` has the right length and every component, rounded to float32, is within the
   * bounds.
   *
   * @example
   * ```ts
   * import { Box } from "@seeded/rl";
   * new Box([-1, -1], [1, 1]).contains([0, 2]); // false
   * ```
   */
  contains(x: unknown): boolean {
    if (!(x instanceof Float32Array || x instanceof Float64Array || Array.isArray(x))) return false;
    const a = x as ArrayLike<number>;
    if (a.length !== this.low.length) return false;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      // Compared as float32, as Gymnasium casts a list to the box's dtype before comparing.
      const f = Math.fround(v);
      if (typeof v !== "number" || !(f >= this.low[i] && f <= this.high[i])) return false;
    }
    return true;
  }

  /**
   * A sample: uniform where both bounds are finite, normal where both are infinite, shifted
   * exponential where one is (Gymnasium's rule).
   *
   * @example
   * ```ts
   * import { Box, Random } from "@seeded/rl";
   * new Box([-1], [1]).sample(new Random(0));
   * ```
   */
  sample(rng: Random): Float32Array {
    const out = new Float32Array(this.low.length);
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i], hi = this.high[i];
      const loF = Number.isFinite(lo), hiF = Number.isFinite(hi);
      if (loF && hiF) out[i] = rng.uniform(lo, hi);
      else if (!loF && !hiF) out[i] = rng.normal();
      else if (loF) out[i] = lo - log(1 - rng.float());
      else out[i] = hi + log(1 - rng.float());
    }
    return out;
  }

  /**
   * A short description, for example `Box([-1], [1])`.
   *
   * @example
   * ```ts
   * import { Box } from "@seeded/rl";
   * String(new Box([-1], [1])); // "Box([-1], [1])"
   * ```
   */
  toString(): string {
    return `Box([${Array.from(this.low).join(", ")}], [${Array.from(this.high).join(", ")}])`;
  }
}

/**
 * Any space.
 *
 * @example
 * ```ts
 * import { Discrete, type Space } from "@seeded/rl";
 * const s: Space = new Discrete(2);
 * if (s.kind === "discrete") console.log(s.n);
 * ```
 */
export type Space = Discrete | Box;
