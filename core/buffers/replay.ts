/**
 * {@linkcode ReplayBuffer}: DQN's experience replay, a ring of transitions over preallocated typed
 * arrays with uniform sampling from a seeded stream into reusable batch arrays.
 *
 * @example
 * ```ts
 * import { Random, ReplayBuffer } from "@seeded/rl";
 * const buffer = new ReplayBuffer({ capacity: 1000, obsDim: 4 });
 * buffer.add(new Float32Array(4), new Float32Array(4), 1, 1.0, false);
 * const batch = buffer.createBatch(32);
 * buffer.sample(new Random(0), batch); // 32 draws with replacement from the 1 stored transition
 * ```
 *
 * @module
 */
import { assertAffordable } from "../memory_limit.ts";
import type { Random } from "../random.ts";
import { describe } from "../text.ts";

/** Options of {@linkcode ReplayBuffer}. */
export interface ReplayBufferOptions {
  /** The most transitions kept (CleanRL's `buffer_size`); the oldest is overwritten first. */
  capacity: number;
  /** The length of one observation. */
  obsDim: number;
  /**
   * Also store a discount per transition (the factor of the bootstrap value in the TD target,
   * `γ^k` for an n-step transition of k rewards; see {@linkcode NStepAccumulator}). Default false.
   */
  discounts?: boolean;
}

/**
 * A batch of transitions written by {@linkcode ReplayBuffer.sample}; row `b` of every array is
 * the `b`-th sampled transition. Make it once with {@linkcode ReplayBuffer.createBatch} and reuse it.
 */
export interface ReplayBatch {
  /** The number of transitions per sample. */
  readonly size: number;
  /** `size × obsDim` observations s. */
  readonly observations: Float32Array;
  /** `size × obsDim` next observations s' (the final observation for an episode's last step). */
  readonly nextObservations: Float32Array;
  /** The actions a. */
  readonly actions: Int32Array;
  /** The rewards r. */
  readonly rewards: Float32Array;
  /** 1 where the episode terminated at s' (no bootstrap), 0 otherwise (also when truncated). */
  readonly terminated: Uint8Array;
  /** The buffer slot each row was copied from. */
  readonly indices: Int32Array;
  /** The discounts of the rows, when the buffer stores them. */
  readonly discounts?: Float64Array;
  /** The importance-sampling weights of the rows, for a {@linkcode PrioritizedReplayBuffer}. */
  readonly weights?: Float64Array;
}

/**
 * The saved contents of a {@linkcode ReplayBuffer}: only the filled slots (the first `size`), as
 * typed-array copies.
 */
export interface ReplayBufferState {
  /** The buffer's capacity. */
  capacity: number;
  /** The observation length. */
  obsDim: number;
  /** The slot the next transition is written to. */
  position: number;
  /** The number of filled slots. */
  size: number;
  /** `size × obsDim` observations. */
  observations: Float32Array;
  /** `size × obsDim` next observations. */
  nextObservations: Float32Array;
  /** `size` actions. */
  actions: Int32Array;
  /** `size` rewards. */
  rewards: Float32Array;
  /** `size` terminated flags. */
  terminated: Uint8Array;
  /** `size` discounts, when the buffer stores them. */
  discounts?: Float64Array;
}

/**
 * A ring buffer of `(s, a, r, s', terminated)` transitions over typed arrays allocated once in the
 * constructor, as SB3's `ReplayBuffer` (which CleanRL's DQN uses) stores them: observations and
 * rewards as float32, and the `terminated` flag rather than `done`, so that an episode cut by the
 * time limit still bootstraps from its final observation (pass that final observation as
 * `nextObservation`).
 *
 * `sample` draws `batch.size` slots uniformly with replacement from the filled ones (SB3's
 * `randint(0, upper_bound, batch_size)`) with the given generator and copies them into the batch:
 * no allocation per call.
 *
 * @example Usage
 * ```ts
 * import { Random, ReplayBuffer } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const buffer = new ReplayBuffer({ capacity: 2, obsDim: 1 });
 * for (let t = 0; t < 3; t++) {
 *   buffer.add(new Float32Array([t]), new Float32Array([t + 1]), 0, t, false);
 * }
 * assert.equal(buffer.size, 2); // the first transition was overwritten
 * assert.deepEqual([...buffer.rewards], [2, 1]);
 * const batch = buffer.createBatch(4);
 * buffer.sample(new Random(1), batch);
 * assert.ok(batch.rewards.every((r) => r === 1 || r === 2));
 * ```
 */
export class ReplayBuffer {
  /** The most transitions kept. */
  readonly capacity: number;
  /** The length of one observation. */
  readonly obsDim: number;
  /** `capacity × obsDim` observations, slot by slot. */
  readonly observations: Float32Array;
  /** `capacity × obsDim` next observations. */
  readonly nextObservations: Float32Array;
  /** Actions per slot. */
  readonly actions: Int32Array;
  /** Rewards per slot. */
  readonly rewards: Float32Array;
  /** Terminated flags per slot. */
  readonly terminated: Uint8Array;
  /** Discounts per slot (`γ^k` for a transition of k rewards), or `null` when not stored. */
  readonly discounts: Float64Array | null;
  #position = 0;
  #size = 0;

  /**
   * Allocates an empty buffer.
   *
   * @throws {RangeError} if `capacity` or `obsDim` is not a positive integer.
   */
  constructor(options: ReplayBufferOptions) {
    const { capacity, obsDim, discounts = false } = options ?? {};
    for (const [name, value] of [["capacity", capacity], ["obsDim", obsDim]] as const) {
      if (!(Number.isSafeInteger(value) && value > 0)) {
        throw new RangeError(
          `Cannot create ReplayBuffer: ${name} must be a positive integer, got ${value}`,
        );
      }
    }
    assertAffordable(
      "ReplayBuffer",
      `capacity ${capacity} × obsDim ${obsDim}`,
      capacity * (8 * obsDim + 24),
    );
    this.capacity = capacity;
    this.obsDim = obsDim;
    this.observations = new Float32Array(capacity * obsDim);
    this.nextObservations = new Float32Array(capacity * obsDim);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Uint8Array(capacity);
    this.discounts = discounts ? new Float64Array(capacity) : null;
  }

  /** The number of transitions stored (at most `capacity`). */
  get size(): number {
    return this.#size;
  }

  /** The slot the next transition goes to. */
  get position(): number {
    return this.#position;
  }

  /** Whether every slot is filled (the next `add` overwrites the oldest transition). */
  get full(): boolean {
    return this.#size === this.capacity;
  }

  /**
   * Stores one transition, overwriting the oldest when full.
   *
   * @param observation s: `obsDim` values read from `observationOffset`.
   * @param nextObservation s': `obsDim` values read from `nextOffset`; for the last step of an
   *   episode this is the final observation (a vector env's `finalObservation` row), not the
   *   first observation of the next episode.
   * @param action a.
   * @param reward r.
   * @param terminated Whether s' is terminal (true, or 1). Pass false for a time-limit truncation.
   * @param observationOffset Where s starts in `observation`.
   * @param nextOffset Where s' starts in `nextObservation`.
   * @param discount The factor of the bootstrap value (`γ^k` after k rewards); required when the
   *   buffer stores discounts, ignored otherwise.
   * @throws {TypeError} if an observation array is too short for its offset, or the buffer
   *   stores discounts and `discount` is not a number.
   * @example
   * ```ts
   * import { ReplayBuffer } from "@seeded/rl";
   * const buffer = new ReplayBuffer({ capacity: 100, obsDim: 2 });
   * const obs = new Float32Array([0, 1, 2, 3]); // two sub-envs' rows
   * const next = new Float32Array([4, 5, 6, 7]);
   * buffer.add(obs, next, 1, 1, false, 2, 2); // sub-env 1's transition
   * ```
   */
  add(
    observation: ArrayLike<number>,
    nextObservation: ArrayLike<number>,
    action: number,
    reward: number,
    terminated: boolean | number,
    observationOffset = 0,
    nextOffset = 0,
    discount?: number,
  ): void {
    const d = this.obsDim;
    if (this.discounts !== null && typeof discount !== "number") {
      throw new TypeError(
        `Cannot add to ReplayBuffer: this buffer stores discounts, got discount ${discount}`,
      );
    }
    if (
      !(observation.length >= observationOffset + d && nextObservation.length >= nextOffset + d)
    ) {
      throw new TypeError(
        `Cannot add to ReplayBuffer: observations must hold ${d} values from their offsets, got ` +
          `lengths ${observation.length} (offset ${observationOffset}) and ` +
          `${nextObservation.length} (offset ${nextOffset})`,
      );
    }
    const p = this.#position;
    const row = p * d;
    const obs = this.observations;
    const next = this.nextObservations;
    for (let j = 0; j < d; j++) {
      obs[row + j] = observation[observationOffset + j];
      next[row + j] = nextObservation[nextOffset + j];
    }
    this.actions[p] = action;
    this.rewards[p] = reward;
    this.terminated[p] = terminated ? 1 : 0;
    if (this.discounts !== null) this.discounts[p] = discount!;
    this.#position = p + 1 === this.capacity ? 0 : p + 1;
    if (this.#size < this.capacity) this.#size++;
  }

  /**
   * Allocates a batch of `batchSize` rows for {@linkcode ReplayBuffer.sample}.
   *
   * @throws {RangeError} if `batchSize` is not a positive integer.
   * @example
   * ```ts
   * import { ReplayBuffer } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const batch = new ReplayBuffer({ capacity: 100, obsDim: 4 }).createBatch(64);
   * assert.equal(batch.observations.length, 256); // 64 rows of 4
   * ```
   */
  createBatch(batchSize: number): ReplayBatch {
    if (!(Number.isSafeInteger(batchSize) && batchSize > 0)) {
      throw new RangeError(
        `Cannot create a ReplayBuffer batch: batchSize must be a positive integer, got ${batchSize}`,
      );
    }
    return {
      size: batchSize,
      observations: new Float32Array(batchSize * this.obsDim),
      nextObservations: new Float32Array(batchSize * this.obsDim),
      actions: new Int32Array(batchSize),
      rewards: new Float32Array(batchSize),
      terminated: new Uint8Array(batchSize),
      indices: new Int32Array(batchSize),
      ...(this.discounts !== null ? { discounts: new Float64Array(batchSize) } : {}),
    };
  }

  /**
   * Fills `batch` with `batch.size` transitions drawn uniformly with replacement, one
   * `rng.int(size)` draw per row, in row order.
   *
   * @throws {RangeError} if the buffer is empty.
   * @throws {TypeError} if `batch` was made for another observation length.
   * @example
   * ```ts
   * import { Random, ReplayBuffer } from "@seeded/rl";
   * const buffer = new ReplayBuffer({ capacity: 100, obsDim: 1 });
   * buffer.add([0], [1], 0, 1, true);
   * const batch = buffer.createBatch(8);
   * buffer.sample(new Random(3), batch);
   * ```
   */
  sample(rng: Random, batch: ReplayBatch): void {
    const n = this.#size;
    this.checkBatch("sample", batch);
    const indices = batch.indices;
    for (let b = 0; b < batch.size; b++) indices[b] = rng.int(n);
    this.gather(batch);
  }

  /**
   * Copies the transitions at the slots `batch.indices` into the rows of `batch` (what
   * {@linkcode ReplayBuffer.sample} does after drawing the slots).
   *
   * @example
   * ```ts
   * import { ReplayBuffer } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const buffer = new ReplayBuffer({ capacity: 4, obsDim: 1 });
   * buffer.add([0], [1], 0, 5, false);
   * buffer.add([1], [2], 1, 6, false);
   * const batch = buffer.createBatch(2);
   * batch.indices.set([1, 0]);
   * buffer.gather(batch);
   * assert.deepEqual([...batch.rewards], [6, 5]);
   * ```
   */
  gather(batch: ReplayBatch): void {
    const d = this.obsDim;
    const obs = this.observations;
    const next = this.nextObservations;
    const bObs = batch.observations;
    const bNext = batch.nextObservations;
    const discounts = this.discounts;
    for (let b = 0; b < batch.size; b++) {
      const i = batch.indices[b];
      batch.actions[b] = this.actions[i];
      batch.rewards[b] = this.rewards[i];
      batch.terminated[b] = this.terminated[i];
      if (discounts !== null) batch.discounts![b] = discounts[i];
      const from = i * d;
      const to = b * d;
      for (let j = 0; j < d; j++) {
        bObs[to + j] = obs[from + j];
        bNext[to + j] = next[from + j];
      }
    }
  }

  /**
   * Checks that the buffer holds something to sample and that `batch` was made for it.
   *
   * @throws {RangeError} if the buffer is empty.
   * @throws {TypeError} if `batch` was made for another observation length or lacks discounts.
   * @example
   * ```ts
   * import { ReplayBuffer } from "@seeded/rl";
   * const buffer = new ReplayBuffer({ capacity: 4, obsDim: 1 });
   * buffer.add([0], [1], 0, 5, false);
   * buffer.checkBatch("sample", buffer.createBatch(2));
   * ```
   */
  checkBatch(what: string, batch: ReplayBatch): void {
    if (this.#size === 0) throw new RangeError(`Cannot ${what} ReplayBuffer: the buffer is empty`);
    const d = this.obsDim;
    const size = batch.size;
    if (batch.observations.length !== size * d || batch.nextObservations.length !== size * d) {
      throw new TypeError(
        `Cannot ${what} ReplayBuffer: the batch must hold ${size} × ${d} observations, got ` +
          `${batch.observations.length} and ${batch.nextObservations.length} values`,
      );
    }
    if (this.discounts !== null && !(batch.discounts?.length === size)) {
      throw new TypeError(
        `Cannot ${what} ReplayBuffer: the buffer stores discounts, the batch has no discounts row`,
      );
    }
  }

  /**
   * The contents and position: copies of the first `size` slots (all of them once full).
   *
   * @example
   * ```ts
   * import { ReplayBuffer } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const buffer = new ReplayBuffer({ capacity: 100, obsDim: 4 });
   * buffer.add(new Float32Array(4), new Float32Array(4), 0, 1, false);
   * assert.equal(buffer.state().observations.length, 4); // only the filled slot
   * ```
   */
  state(): ReplayBufferState {
    const n = this.#size;
    const d = this.obsDim;
    return {
      capacity: this.capacity,
      obsDim: d,
      position: this.#position,
      size: n,
      observations: this.observations.slice(0, n * d),
      nextObservations: this.nextObservations.slice(0, n * d),
      actions: this.actions.slice(0, n),
      rewards: this.rewards.slice(0, n),
      terminated: this.terminated.slice(0, n),
      ...(this.discounts !== null ? { discounts: this.discounts.slice(0, n) } : {}),
    };
  }

  /**
   * Restores {@linkcode ReplayBuffer.state} into a buffer of the same capacity and observation
   * length; the slots beyond `size` are cleared.
   *
   * @throws {TypeError} if the state does not fit this buffer.
   * @example
   * ```ts
   * import { ReplayBuffer } from "@seeded/rl";
   * const a = new ReplayBuffer({ capacity: 10, obsDim: 2 });
   * a.add([1, 2], [3, 4], 1, 0.5, true);
   * const b = new ReplayBuffer({ capacity: 10, obsDim: 2 });
   * b.loadState(a.state());
   * ```
   */
  loadState(state: ReplayBufferState): void {
    const bad = (what: string): never => {
      throw new TypeError(`Cannot restore ReplayBuffer: ${what}`);
    };
    if (state === null || typeof state !== "object") bad(`state must be an object, got ${state}`);
    if (state.capacity !== this.capacity || state.obsDim !== this.obsDim) {
      bad(
        `the state has capacity ${state.capacity} and obsDim ${state.obsDim}, this buffer ` +
          `${this.capacity} and ${this.obsDim}`,
      );
    }
    const n = state.size;
    if (!(Number.isSafeInteger(n) && n >= 0 && n <= this.capacity)) {
      bad(`size must be an integer in [0, ${this.capacity}], got ${n}`);
    }
    const p = state.position;
    const positionOk = n < this.capacity ? p === n : Number.isSafeInteger(p) && p >= 0 &&
      p < this.capacity;
    if (!positionOk) bad(`position ${p} does not fit size ${n}`);
    const d = this.obsDim;
    const arrays = [
      ["observations", Float32Array, n * d],
      ["nextObservations", Float32Array, n * d],
      ["actions", Int32Array, n],
      ["rewards", Float32Array, n],
      ["terminated", Uint8Array, n],
    ] as const;
    for (const [name, type, length] of arrays) {
      const a = state[name];
      if (!(a instanceof type) || a.length !== length) {
        bad(`${name} must be a ${type.name} of length ${length}, got ${describe(a)}`);
      }
    }
    const discounts = state.discounts;
    if (
      this.discounts === null
        ? discounts !== undefined
        : !(discounts instanceof Float64Array && discounts.length === n)
    ) {
      bad(
        this.discounts === null
          ? "the state has discounts, this buffer stores none"
          : `discounts must be a Float64Array of length ${n}, got ${describe(discounts)}`,
      );
    }
    for (const [name, , length] of arrays) {
      this[name].set(state[name]);
      this[name].fill(0, length);
    }
    if (this.discounts !== null) {
      this.discounts.set(discounts!);
      this.discounts.fill(0, n);
    }
    this.#size = n;
    this.#position = p;
  }
}
