/**
 * {@linkcode PrioritizedReplayBuffer}: proportional prioritized experience replay (Schaul et al.
 * 2016) over a {@linkcode ReplayBuffer} and a {@linkcode SumTree}.
 *
 * @example
 * ```ts
 * import { PrioritizedReplayBuffer, Random } from "@seeded/rl";
 * const buffer = new PrioritizedReplayBuffer({ capacity: 1000, obsDim: 4, alpha: 0.6, eps: 1e-6 });
 * buffer.add(new Float32Array(4), new Float32Array(4), 1, 1.0, false);
 * const batch = buffer.createBatch(32);
 * buffer.beta = 0.4;
 * buffer.sample(new Random(0), batch); // batch.weights holds the importance weights
 * buffer.updatePriorities(batch.indices, new Float64Array(32).fill(1), new Float64Array(32));
 * ```
 *
 * @module
 */
import type { Random } from "../random.ts";
import {
  type ReplayBatch,
  ReplayBuffer,
  type ReplayBufferOptions,
  type ReplayBufferState,
} from "./replay.ts";
import { SumTree, type SumTreeState } from "./sum_tree.ts";
import { powPositive } from "../math/pow_positive.ts";

/** Options of {@linkcode PrioritizedReplayBuffer}. */
export interface PrioritizedReplayBufferOptions extends ReplayBufferOptions {
  /** The priority exponent α: P(i) = p_i^α / Σ_k p_k^α (0 = uniform). */
  alpha: number;
  /** Added to |δ| so that no transition gets priority 0. */
  eps: number;
}

/** The saved contents of a {@linkcode PrioritizedReplayBuffer}. */
export interface PrioritizedReplayBufferState extends ReplayBufferState {
  /** The sum tree of p_i^α. */
  tree: SumTreeState;
  /** The largest priority |δ| + ε seen so far (new transitions get it), initially 1. */
  maxPriority: number;
}

/**
 * A {@linkcode ReplayBuffer} that samples transition i with probability
 * `P(i) = p_i^α / Σ_k p_k^α` (Schaul et al. 2016, proportional variant, as OpenAI Baselines'
 * `PrioritizedReplayBuffer`):
 *
 * - a new transition gets the largest priority seen so far (1 at first), so it is replayed soon;
 * - {@linkcode PrioritizedReplayBuffer.updatePriorities} sets `p_i = |δ_i| + ε` from the TD errors
 *   of a sampled batch;
 * - {@linkcode PrioritizedReplayBuffer.sample} splits `[0, Σ p^α)` into `batch.size` equal
 *   segments and draws one prefix-sum mass uniformly in each (one `rng.float()` per row), then
 *   writes the importance weights `w_i = (N·P(i))^−β / max_k w_k` into `batch.weights` (N = the
 *   number of stored transitions; the maximum is over the whole buffer, from the smallest
 *   priority), with `β` = {@linkcode PrioritizedReplayBuffer.beta}, which the caller anneals to 1.
 *
 * No allocation per sample; the tree and the largest priority are part of the state.
 *
 * @example Usage
 * ```ts
 * import { PrioritizedReplayBuffer, Random } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const buffer = new PrioritizedReplayBuffer({ capacity: 4, obsDim: 1, alpha: 1, eps: 0 });
 * buffer.add([0], [1], 0, 0, false);
 * buffer.add([1], [2], 0, 1, false);
 * // TD errors 1 and 3: slot 1 is drawn three times as often as slot 0.
 * buffer.updatePriorities(Int32Array.from([0, 1]), [1, 3], [0, 0]);
 * const batch = buffer.createBatch(4);
 * buffer.beta = 1;
 * buffer.sample(new Random(2), batch);
 * for (let b = 0; b < 4; b++) {
 *   // w = (N·P)^−1 / max w: 1 for slot 0 (P = 1/4), 1/3 for slot 1 (P = 3/4).
 *   assert.equal(batch.weights![b], batch.indices[b] === 0 ? 1 : 1 / 3);
 * }
 * ```
 */
export class PrioritizedReplayBuffer extends ReplayBuffer {
  /** The priority exponent α. */
  readonly alpha: number;
  /** Added to |δ| in {@linkcode PrioritizedReplayBuffer.updatePriorities}. */
  readonly eps: number;
  /** The sum tree of p_i^α over the slots. */
  readonly tree: SumTree;
  #maxPriority = 1;
  #beta = 1;

  /**
   * Allocates an empty buffer.
   *
   * @throws {RangeError} if `capacity` or `obsDim` is not a positive integer, `alpha` is not a
   *   finite number ≥ 0 or `eps` is not a finite number ≥ 0.
   */
  constructor(options: PrioritizedReplayBufferOptions) {
    super(options);
    const { alpha, eps } = options;
    for (const [name, value] of [["alpha", alpha], ["eps", eps]] as const) {
      if (!(typeof value === "number" && value >= 0 && value < Infinity)) {
        throw new RangeError(
          `Cannot create PrioritizedReplayBuffer: ${name} must be a finite number >= 0, got ${value}`,
        );
      }
    }
    this.alpha = alpha;
    this.eps = eps;
    this.tree = new SumTree(this.capacity);
  }

  /**
   * The importance-sampling exponent β used by {@linkcode PrioritizedReplayBuffer.sample}
   * (1 = full correction); the caller anneals it from β0 to 1.
   *
   * @throws {RangeError} when set to a value outside [0, 1].
   */
  get beta(): number {
    return this.#beta;
  }

  set beta(value: number) {
    if (!(value >= 0 && value <= 1)) {
      throw new RangeError(
        `Cannot set PrioritizedReplayBuffer.beta: must be in [0, 1], got ${value}`,
      );
    }
    this.#beta = value;
  }

  /** The largest priority |δ| + ε seen so far (1 before any update). */
  get maxPriority(): number {
    return this.#maxPriority;
  }

  /**
   * Stores one transition (see {@linkcode ReplayBuffer.add}) at the largest priority seen so far.
   *
   * @example
   * ```ts
   * import { PrioritizedReplayBuffer } from "@seeded/rl";
   * const buffer = new PrioritizedReplayBuffer({ capacity: 8, obsDim: 1, alpha: 0.6, eps: 1e-6 });
   * buffer.add([0], [1], 0, 1, false); // priority 1^0.6 = 1
   * ```
   */
  override add(...args: Parameters<ReplayBuffer["add"]>): void {
    const slot = this.position;
    super.add(...args);
    this.tree.set(slot, powPositive(this.#maxPriority, this.alpha));
  }

  /**
   * Allocates a batch with a `weights` row for the importance weights.
   *
   * @throws {RangeError} if `batchSize` is not a positive integer.
   * @example
   * ```ts
   * import { PrioritizedReplayBuffer } from "@seeded/rl";
   * const buffer = new PrioritizedReplayBuffer({ capacity: 8, obsDim: 2, alpha: 0.6, eps: 1e-6 });
   * const batch = buffer.createBatch(4); // batch.weights: Float64Array(4)
   * ```
   */
  override createBatch(batchSize: number): ReplayBatch {
    return { ...super.createBatch(batchSize), weights: new Float64Array(batchSize) };
  }

  /**
   * Fills `batch` with `batch.size` transitions drawn in proportion to their priorities
   * (stratified: row b's mass is uniform in the b-th of `batch.size` equal segments of the total)
   * and their importance weights in `batch.weights`.
   *
   * @throws {RangeError} if the buffer is empty or every priority is 0.
   * @throws {TypeError} if `batch` was not made by this buffer's `createBatch`.
   * @example
   * ```ts
   * import { PrioritizedReplayBuffer, Random } from "@seeded/rl";
   * const buffer = new PrioritizedReplayBuffer({ capacity: 8, obsDim: 1, alpha: 0.6, eps: 1e-6 });
   * buffer.add([0], [1], 0, 1, false);
   * const batch = buffer.createBatch(2);
   * buffer.sample(new Random(1), batch); // both rows: slot 0, weight 1
   * ```
   */
  override sample(rng: Random, batch: ReplayBatch): void {
    this.checkBatch("sample", batch);
    const weights = batch.weights;
    if (!(weights instanceof Float64Array && weights.length === batch.size)) {
      throw new TypeError(
        "Cannot sample PrioritizedReplayBuffer: the batch has no weights row (make it with " +
          "createBatch of this buffer)",
      );
    }
    const tree = this.tree;
    const total = tree.total;
    if (!(total > 0)) {
      throw new RangeError(
        `Cannot sample PrioritizedReplayBuffer: the priorities sum to ${total} (use eps > 0)`,
      );
    }
    const n = this.size;
    const beta = this.#beta;
    const segment = total / batch.size;
    // max_k w_k = (N · P_min)^−β, from the smallest priority in the buffer.
    const maxWeight = powPositive(n * (tree.min / total), -beta);
    for (let b = 0; b < batch.size; b++) {
      const i = tree.find(rng.float() * segment + b * segment);
      batch.indices[b] = i;
      weights[b] = powPositive(n * (tree.get(i) / total), -beta) / maxWeight;
    }
    this.gather(batch);
  }

  /**
   * Sets the priorities of the slots `indices[0 .. count)` to `p = |targets[b] − values[b]| + ε`
   * (the absolute TD errors of a batch plus ε), stored as `p^α`, and raises the largest priority.
   * A slot that appears twice gets its last row's priority.
   *
   * @throws {RangeError} if an index is not a filled slot or a TD error is not finite.
   * @example
   * ```ts
   * import { PrioritizedReplayBuffer } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const buffer = new PrioritizedReplayBuffer({ capacity: 8, obsDim: 1, alpha: 0.5, eps: 0 });
   * buffer.add([0], [1], 0, 1, false);
   * buffer.updatePriorities(Int32Array.from([0]), [5], [1]); // |δ| = 4
   * assert.equal(buffer.tree.get(0), 2); // 4^0.5
   * assert.equal(buffer.maxPriority, 4);
   * ```
   */
  updatePriorities(
    indices: Int32Array,
    targets: ArrayLike<number>,
    values: ArrayLike<number>,
    count: number = indices.length,
  ): void {
    const n = this.size;
    for (let b = 0; b < count; b++) {
      const i = indices[b];
      const p = Math.abs(targets[b] - values[b]) + this.eps;
      if (!(i >= 0 && i < n) || !(p < Infinity)) {
        throw new RangeError(
          `Cannot update priorities: row ${b} has slot ${i} (filled: ${n}) and |δ| + ε = ${p}`,
        );
      }
      this.tree.set(i, powPositive(p, this.alpha));
      if (p > this.#maxPriority) this.#maxPriority = p;
    }
  }

  /**
   * The transitions, the tree and the largest priority.
   *
   * @example
   * ```ts
   * import { PrioritizedReplayBuffer } from "@seeded/rl";
   * const buffer = new PrioritizedReplayBuffer({ capacity: 8, obsDim: 1, alpha: 0.6, eps: 1e-6 });
   * const saved = buffer.state(); // saved.tree.priorities, saved.maxPriority
   * ```
   */
  override state(): PrioritizedReplayBufferState {
    return { ...super.state(), tree: this.tree.state(), maxPriority: this.#maxPriority };
  }

  /**
   * Restores {@linkcode PrioritizedReplayBuffer.state} of a buffer with the same options.
   *
   * @throws {TypeError} if the state does not fit this buffer (slots past the filled ones must
   *   have priority 0).
   * @example
   * ```ts
   * import { PrioritizedReplayBuffer } from "@seeded/rl";
   * const options = { capacity: 8, obsDim: 1, alpha: 0.6, eps: 1e-6 };
   * const a = new PrioritizedReplayBuffer(options);
   * a.add([0], [1], 0, 1, false);
   * new PrioritizedReplayBuffer(options).loadState(a.state());
   * ```
   */
  override loadState(state: PrioritizedReplayBufferState): void {
    const m = state?.maxPriority;
    if (!(typeof m === "number" && m > 0 && m < Infinity)) {
      throw new TypeError(
        `Cannot restore PrioritizedReplayBuffer: maxPriority must be a finite number > 0, got ${m}`,
      );
    }
    const tree = new SumTree(this.capacity);
    tree.loadState(state.tree);
    const p = state.tree.priorities;
    for (let i = 0; i < p.length; i++) {
      if (i >= state.size && p[i] !== 0) {
        throw new TypeError(
          `Cannot restore PrioritizedReplayBuffer: slot ${i} has priority ${p[i]} with ` +
            `${state.size} slots filled`,
        );
      }
    }
    super.loadState(state);
    this.tree.loadState(state.tree);
    this.#maxPriority = m;
  }
}
