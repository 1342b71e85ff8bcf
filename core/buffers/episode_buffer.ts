/**
 * {@linkcode EpisodeBuffer}: storage for Monte-Carlo policy gradients (REINFORCE). Each sub-env's
 * current episode is staged on its own; when it ends, its discounted returns are computed
 * (bootstrapped from a given value if it was truncated) and it joins the batch of complete
 * episodes. Arrays grow by doubling and are then reused, so steady-state training allocates
 * nothing.
 *
 * @example
 * ```ts
 * import { EpisodeBuffer } from "@seeded/rl";
 * const buf = new EpisodeBuffer({ numEnvs: 1, obsDim: 1, actDim: 1 });
 * buf.add(0, new Float32Array([0.5]), 0, new Float32Array([1]), 0, 1);
 * buf.finish(0, 0, 0.99); // terminated: no bootstrap
 * buf.batchSteps; // 1
 * ```
 *
 * @module
 */

/** Sizes of an {@linkcode EpisodeBuffer}. */
export interface EpisodeBufferOptions {
  /** Number of sub-envs (each has its own open episode). */
  numEnvs: number;
  /** Length of an observation. */
  obsDim: number;
  /** Numbers per action (1 for discrete). */
  actDim: number;
  /** Initial capacity of each staging area and of the batch, in steps. @default {512} */
  initialCapacity?: number;
}

/** The saved contents of an {@linkcode EpisodeBuffer} (only the used parts). */
export interface EpisodeBufferState {
  /** Steps of each sub-env's open episode. */
  openLengths: Int32Array;
  /** Observations of the open episodes, sub-env by sub-env. */
  openObservations: Float32Array[];
  /** Actions of the open episodes. */
  openActions: Float32Array[];
  /** Rewards of the open episodes. */
  openRewards: Float64Array[];
  /** Complete episodes in the batch. */
  batchEpisodes: number;
  /** Observations of the batch. */
  batchObservations: Float32Array;
  /** Actions of the batch. */
  batchActions: Float32Array;
  /** Discounted returns of the batch. */
  batchReturns: Float32Array;
}

/**
 * Per-sub-env episode staging plus a batch of complete episodes with their returns
 * `G_t = r_t + γ·G_{t+1}`, `G_T = bootstrap` (0 for a terminated episode, V(final observation)
 * for a truncated one).
 *
 * @example
 * ```ts
 * import { EpisodeBuffer } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const buf = new EpisodeBuffer({ numEnvs: 1, obsDim: 1, actDim: 1 });
 * const obs = new Float32Array(1), act = new Float32Array(1);
 * buf.add(0, obs, 0, act, 0, 1);
 * buf.add(0, obs, 0, act, 0, 1);
 * buf.finish(0, 10, 0.5); // truncated, V(final) = 10: G1 = 1 + 0.5·10 = 6, G0 = 1 + 0.5·6 = 4
 * assert.deepEqual(Array.from(buf.batchReturns.subarray(0, 2)), [4, 6]);
 * ```
 */
export class EpisodeBuffer {
  /** Number of sub-envs. */
  readonly numEnvs: number;
  /** Length of an observation. */
  readonly obsDim: number;
  /** Numbers per action. */
  readonly actDim: number;
  #openObs: Float32Array[];
  #openActions: Float32Array[];
  #openRewards: Float64Array[];
  #openLengths: Int32Array;
  #batchObs: Float32Array;
  #batchActions: Float32Array;
  #batchReturns: Float32Array;
  #batchSteps = 0;
  #batchEpisodes = 0;

  /**
   * Allocates the staging areas and the batch.
   *
   * @throws {RangeError} if a size is not a positive integer.
   */
  constructor(options: EpisodeBufferOptions) {
    const { numEnvs, obsDim, actDim, initialCapacity = 512 } = options;
    for (const [name, v] of Object.entries({ numEnvs, obsDim, actDim, initialCapacity })) {
      if (!(Number.isSafeInteger(v) && v > 0)) {
        throw new RangeError(
          `Cannot create EpisodeBuffer: ${name} must be a positive integer, got ${v}`,
        );
      }
    }
    this.numEnvs = numEnvs;
    this.obsDim = obsDim;
    this.actDim = actDim;
    const cap = initialCapacity;
    this.#openObs = Array.from({ length: numEnvs }, () => new Float32Array(cap * obsDim));
    this.#openActions = Array.from({ length: numEnvs }, () => new Float32Array(cap * actDim));
    this.#openRewards = Array.from({ length: numEnvs }, () => new Float64Array(cap));
    this.#openLengths = new Int32Array(numEnvs);
    this.#batchObs = new Float32Array(cap * obsDim);
    this.#batchActions = new Float32Array(cap * actDim);
    this.#batchReturns = new Float32Array(cap);
  }

  /** Steps in the batch of complete episodes. */
  get batchSteps(): number {
    return this.#batchSteps;
  }

  /** Complete episodes in the batch. */
  get batchEpisodes(): number {
    return this.#batchEpisodes;
  }

  /** Observations of the batch (`batchSteps × obsDim` valid values; the array may be longer). */
  get batchObservations(): Float32Array {
    return this.#batchObs;
  }

  /** Actions of the batch (`batchSteps × actDim` valid values). */
  get batchActions(): Float32Array {
    return this.#batchActions;
  }

  /** Discounted returns of the batch (`batchSteps` valid values). */
  get batchReturns(): Float32Array {
    return this.#batchReturns;
  }

  /** Steps of sub-env `env`'s open episode so far. */
  openLength(env: number): number {
    return this.#openLengths[env];
  }

  /**
   * Appends one step to sub-env `env`'s open episode: the observation row `obsRow` of
   * `observations`, the action row `actRow` of `actions`, and the reward.
   */
  add(
    env: number,
    observations: Float32Array,
    obsRow: number,
    actions: Float32Array,
    actRow: number,
    reward: number,
  ): void {
    const t = this.#openLengths[env];
    if ((t + 1) * this.obsDim > this.#openObs[env].length) this.#growOpen(env, 2 * (t + 1));
    const d = this.obsDim, a = this.actDim;
    const o = this.#openObs[env], ac = this.#openActions[env];
    for (let j = 0; j < d; j++) o[t * d + j] = observations[obsRow * d + j];
    for (let j = 0; j < a; j++) ac[t * a + j] = actions[actRow * a + j];
    this.#openRewards[env][t] = reward;
    this.#openLengths[env] = t + 1;
  }

  /**
   * Ends sub-env `env`'s open episode: computes its discounted returns from `bootstrap` (0 if
   * terminated, V(final observation) if truncated) and moves it into the batch.
   */
  finish(env: number, bootstrap: number, gamma: number): void {
    const len = this.#openLengths[env];
    const start = this.#batchSteps;
    const need = start + len;
    if (need > this.#batchReturns.length) {
      this.#growBatch(Math.max(need, 2 * this.#batchReturns.length));
    }
    const d = this.obsDim, a = this.actDim;
    const o = this.#openObs[env], bo = this.#batchObs;
    for (let k = 0, n = len * d; k < n; k++) bo[start * d + k] = o[k];
    const ac = this.#openActions[env], ba = this.#batchActions;
    for (let k = 0, n = len * a; k < n; k++) ba[start * a + k] = ac[k];
    const rewards = this.#openRewards[env], returns = this.#batchReturns;
    let g = bootstrap;
    for (let t = len - 1; t >= 0; t--) {
      g = rewards[t] + gamma * g;
      returns[start + t] = g;
    }
    this.#batchSteps = need;
    this.#batchEpisodes++;
    this.#openLengths[env] = 0;
  }

  /** Empties the batch (the open episodes are kept). */
  clearBatch(): void {
    this.#batchSteps = 0;
    this.#batchEpisodes = 0;
  }

  /**
   * Copies of the used parts: open episodes and the batch.
   *
   * @example
   * ```ts
   * import { EpisodeBuffer } from "@seeded/rl";
   * const saved = new EpisodeBuffer({ numEnvs: 2, obsDim: 4, actDim: 1 }).state();
   * ```
   */
  state(): EpisodeBufferState {
    const d = this.obsDim, a = this.actDim, s = this.#batchSteps;
    const lens = this.#openLengths;
    return {
      openLengths: lens.slice(),
      openObservations: this.#openObs.map((o, e) => o.slice(0, lens[e] * d)),
      openActions: this.#openActions.map((o, e) => o.slice(0, lens[e] * a)),
      openRewards: this.#openRewards.map((r, e) => r.slice(0, lens[e])),
      batchEpisodes: this.#batchEpisodes,
      batchObservations: this.#batchObs.slice(0, s * d),
      batchActions: this.#batchActions.slice(0, s * a),
      batchReturns: this.#batchReturns.slice(0, s),
    };
  }

  /**
   * Restores what {@linkcode EpisodeBuffer.state} returned into a buffer of the same sizes.
   *
   * @throws {TypeError} for a malformed state.
   * @example
   * ```ts
   * import { EpisodeBuffer } from "@seeded/rl";
   * const sizes = { numEnvs: 2, obsDim: 4, actDim: 1 };
   * new EpisodeBuffer(sizes).loadState(new EpisodeBuffer(sizes).state());
   * ```
   */
  loadState(state: EpisodeBufferState): void {
    const n = this.numEnvs, d = this.obsDim, a = this.actDim;
    const bad = (what: string): never => {
      throw new TypeError(`Cannot restore EpisodeBuffer: ${what}`);
    };
    const lens = state?.openLengths;
    if (!(lens instanceof Int32Array) || lens.length !== n) {
      bad(`openLengths must be an Int32Array(${n})`);
    }
    for (let e = 0; e < n; e++) {
      const len = lens[e];
      if (
        !(state.openObservations?.[e] instanceof Float32Array) ||
        state.openObservations[e].length !== len * d ||
        !(state.openActions?.[e] instanceof Float32Array) ||
        state.openActions[e].length !== len * a ||
        !(state.openRewards?.[e] instanceof Float64Array) || state.openRewards[e].length !== len
      ) bad(`the open episode of sub-env ${e} does not match its length ${len}`);
    }
    const r = state.batchReturns;
    if (
      !(r instanceof Float32Array) || !(state.batchObservations instanceof Float32Array) ||
      state.batchObservations.length !== r.length * d ||
      !(state.batchActions instanceof Float32Array) || state.batchActions.length !== r.length * a ||
      !(Number.isSafeInteger(state.batchEpisodes) && state.batchEpisodes >= 0)
    ) bad("the batch arrays do not match each other");
    for (let e = 0; e < n; e++) {
      const len = lens[e];
      if (len * d > this.#openObs[e].length) this.#growOpen(e, len);
      this.#openObs[e].set(state.openObservations[e]);
      this.#openActions[e].set(state.openActions[e]);
      this.#openRewards[e].set(state.openRewards[e]);
      this.#openLengths[e] = len;
    }
    if (r.length > this.#batchReturns.length) this.#growBatch(r.length);
    this.#batchObs.set(state.batchObservations);
    this.#batchActions.set(state.batchActions);
    this.#batchReturns.set(r);
    this.#batchSteps = r.length;
    this.#batchEpisodes = state.batchEpisodes;
  }

  #growOpen(env: number, steps: number): void {
    const o = new Float32Array(steps * this.obsDim);
    o.set(this.#openObs[env]);
    this.#openObs[env] = o;
    const a = new Float32Array(steps * this.actDim);
    a.set(this.#openActions[env]);
    this.#openActions[env] = a;
    const r = new Float64Array(steps);
    r.set(this.#openRewards[env]);
    this.#openRewards[env] = r;
  }

  #growBatch(steps: number): void {
    const o = new Float32Array(steps * this.obsDim);
    o.set(this.#batchObs);
    this.#batchObs = o;
    const a = new Float32Array(steps * this.actDim);
    a.set(this.#batchActions);
    this.#batchActions = a;
    const r = new Float32Array(steps);
    r.set(this.#batchReturns);
    this.#batchReturns = r;
  }
}
