/**
 * {@linkcode SumTree}: a binary tree of sums (and minima) over non-negative priorities in one
 * typed array, for prioritized experience replay: O(log N) update and prefix-sum search, no
 * allocation after the constructor.
 *
 * @example
 * ```ts
 * import { SumTree } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const tree = new SumTree(4);
 * tree.set(0, 1);
 * tree.set(2, 3);
 * assert.equal(tree.total, 4);
 * assert.equal(tree.find(2.5), 2); // prefix sums: [1, 1, 4, 4]
 * ```
 *
 * @module
 */

/** The saved contents of a {@linkcode SumTree}: its leaves (the inner sums are rebuilt). */
export interface SumTreeState {
  /** The number of leaves. */
  capacity: number;
  /** `capacity` leaf priorities. */
  priorities: Float64Array;
}

/**
 * A sum tree (a segment tree of sums, as in Schaul et al. 2016's proportional prioritization and
 * OpenAI Baselines' `SumSegmentTree`) over `capacity` non-negative leaves, with a second tree of
 * minima over the positive leaves (for the largest importance weight).
 *
 * Leaves live at `[size, 2·size)` of a `Float64Array` of `2·size` entries (`size` = `capacity`
 * rounded up to a power of two), node `j` has children `2j` and `2j + 1`, and the root is node 1.
 * {@linkcode SumTree.set} recomputes every ancestor as the sum of its two children (never by
 * adding a difference), so the inner nodes are always exactly the sums a rebuild from the leaves
 * gives: a restored tree is bit-identical to the saved one and rounding never drifts.
 *
 * @example Usage
 * ```ts
 * import { Random, SumTree } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const tree = new SumTree(3);
 * tree.set(0, 1);
 * tree.set(1, 0);
 * tree.set(2, 3);
 * assert.equal(tree.total, 4);
 * assert.equal(tree.min, 1); // over the positive leaves
 * const i = tree.find(new Random(1).float() * tree.total); // 0 with chance 1/4, 2 with 3/4
 * assert.ok(i === 0 || i === 2);
 * ```
 */
export class SumTree {
  /** The number of leaves. */
  readonly capacity: number;
  #size: number;
  #sums: Float64Array;
  #mins: Float64Array;

  /**
   * Allocates a tree of `capacity` leaves, all 0.
   *
   * @throws {RangeError} if `capacity` is not a positive integer (at most 2^30).
   */
  constructor(capacity: number) {
    if (!(Number.isSafeInteger(capacity) && capacity > 0 && capacity <= 2 ** 30)) {
      throw new RangeError(
        `Cannot create SumTree: capacity must be an integer in [1, 2^30], got ${capacity}`,
      );
    }
    this.capacity = capacity;
    let size = 1;
    while (size < capacity) size *= 2;
    this.#size = size;
    this.#sums = new Float64Array(2 * size);
    this.#mins = new Float64Array(2 * size).fill(Infinity);
  }

  /** The sum of all leaves. */
  get total(): number {
    return this.#sums[1];
  }

  /** The smallest positive leaf (`Infinity` when no leaf is positive). */
  get min(): number {
    return this.#mins[1];
  }

  /**
   * Leaf `i`'s priority.
   *
   * @example
   * ```ts
   * import { SumTree } from "@seeded/rl";
   * const tree = new SumTree(2);
   * tree.set(1, 0.5);
   * tree.get(1); // 0.5
   * ```
   */
  get(i: number): number {
    return this.#sums[this.#size + i];
  }

  /**
   * Sets leaf `i` to `priority` and updates its ancestors: O(log N).
   *
   * @throws {RangeError} if `i` is not a leaf index or `priority` is not a finite number ≥ 0.
   * @example
   * ```ts
   * import { SumTree } from "@seeded/rl";
   * const tree = new SumTree(8);
   * tree.set(5, 2.5);
   * ```
   */
  set(i: number, priority: number): void {
    if (!(i >= 0 && i < this.capacity && Number.isInteger(i))) {
      throw new RangeError(
        `Cannot set SumTree leaf: index must be an integer in [0, ${this.capacity}), got ${i}`,
      );
    }
    if (!(priority >= 0 && priority < Infinity)) {
      throw new RangeError(
        `Cannot set SumTree leaf ${i}: priority must be a finite number >= 0, got ${priority}`,
      );
    }
    const sums = this.#sums;
    const mins = this.#mins;
    let j = this.#size + i;
    sums[j] = priority;
    mins[j] = priority > 0 ? priority : Infinity;
    for (j >>= 1; j >= 1; j >>= 1) {
      const l = 2 * j;
      sums[j] = sums[l] + sums[l + 1];
      mins[j] = mins[l] < mins[l + 1] ? mins[l] : mins[l + 1];
    }
  }

  /**
   * The leaf where the prefix sums reach `mass`: the smallest `i` with
   * `priority[0] + … + priority[i] > mass`, for `mass` in `[0, total)`. It never returns a leaf of
   * priority 0 while `total > 0` (a `mass` at or past `total` by rounding gives the last positive
   * leaf). O(log N), no allocation.
   *
   * @example
   * ```ts
   * import { SumTree } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const tree = new SumTree(3);
   * tree.set(0, 1);
   * tree.set(1, 2);
   * assert.equal(tree.find(0.5), 0);
   * assert.equal(tree.find(1), 1); // prefix sums [1, 3]: 1 is not below 1
   * ```
   */
  find(mass: number): number {
    const sums = this.#sums;
    const size = this.#size;
    let j = 1;
    while (j < size) {
      const l = 2 * j;
      // Go right only into a subtree with something in it.
      if (mass < sums[l] || sums[l + 1] === 0) j = l;
      else {
        mass -= sums[l];
        j = l + 1;
      }
    }
    return j - size;
  }

  /**
   * The leaves, as a copy.
   *
   * @example
   * ```ts
   * import { SumTree } from "@seeded/rl";
   * const tree = new SumTree(2);
   * tree.set(0, 1);
   * const json = tree.state().priorities; // Float64Array [1, 0]
   * ```
   */
  state(): SumTreeState {
    const size = this.#size;
    return { capacity: this.capacity, priorities: this.#sums.slice(size, size + this.capacity) };
  }

  /**
   * Restores {@linkcode SumTree.state} of a tree of the same capacity; the inner nodes are rebuilt
   * from the leaves (bit-identical to the saved tree's).
   *
   * @throws {TypeError} if the state does not fit this tree or holds a negative or non-finite
   *   priority.
   * @example
   * ```ts
   * import { SumTree } from "@seeded/rl";
   * const a = new SumTree(4);
   * a.set(3, 2);
   * const b = new SumTree(4);
   * b.loadState(a.state()); // b.total === 2
   * ```
   */
  loadState(state: SumTreeState): void {
    const p = state?.priorities;
    if (
      state?.capacity !== this.capacity || !(p instanceof Float64Array) ||
      p.length !== this.capacity
    ) {
      throw new TypeError(
        `Cannot restore SumTree: expected capacity ${this.capacity} and a Float64Array(${this.capacity}) of priorities, got capacity ${state?.capacity}`,
      );
    }
    for (let i = 0; i < p.length; i++) {
      if (!(p[i] >= 0 && p[i] < Infinity)) {
        throw new TypeError(
          `Cannot restore SumTree: priority ${i} must be a finite number >= 0, got ${p[i]}`,
        );
      }
    }
    const size = this.#size;
    const sums = this.#sums;
    const mins = this.#mins;
    sums.fill(0);
    mins.fill(Infinity);
    for (let i = 0; i < p.length; i++) {
      sums[size + i] = p[i];
      mins[size + i] = p[i] > 0 ? p[i] : Infinity;
    }
    for (let j = size - 1; j >= 1; j--) {
      const l = 2 * j;
      sums[j] = sums[l] + sums[l + 1];
      mins[j] = mins[l] < mins[l + 1] ? mins[l] : mins[l + 1];
    }
  }
}
