/**
 * {@linkcode NStepAccumulator}: turns the one-step transitions of several sub-envs into n-step
 * transitions `(s_t, a_t, r_t + γ r_{t+1} + … + γ^{k−1} r_{t+k−1}, s_{t+k}, terminated, γ^k)` for
 * a {@linkcode ReplayBuffer}.
 *
 * @example
 * ```ts
 * import { NStepAccumulator, ReplayBuffer } from "@seeded/rl";
 * const buffer = new ReplayBuffer({ capacity: 100, obsDim: 1, discounts: true });
 * const nStep = new NStepAccumulator({ nStep: 3, gamma: 0.9, numEnvs: 1, obsDim: 1 });
 * nStep.add(buffer, 0, [0], [1], 0, 1, false, false); // held back until 3 rewards are known
 * ```
 *
 * @module
 */
import type { ReplayBuffer } from "./replay.ts";

/** Options of {@linkcode NStepAccumulator}. */
export interface NStepAccumulatorOptions {
  /** n: rewards summed per transition (1 passes transitions through unchanged). */
  nStep: number;
  /** The discount factor γ. */
  gamma: number;
  /** The number of sub-envs (one window each). */
  numEnvs: number;
  /** The length of one observation. */
  obsDim: number;
}

/** The saved windows of a {@linkcode NStepAccumulator}. */
export interface NStepAccumulatorState {
  /** n. */
  nStep: number;
  /** The number of sub-envs. */
  numEnvs: number;
  /** The observation length. */
  obsDim: number;
  /** Per sub-env, the window slot of its oldest pending step. */
  starts: Int32Array;
  /** Per sub-env, the number of pending steps (< n). */
  counts: Int32Array;
  /** `numEnvs × n × obsDim` pending observations s. */
  observations: Float32Array;
  /** `numEnvs × n` pending actions. */
  actions: Int32Array;
  /** `numEnvs × n` pending rewards. */
  rewards: Float64Array;
}

/**
 * Per sub-env windows of the last `n` steps that emit n-step transitions into a replay buffer, as
 * Rainbow (Hessel et al. 2018), Baselines and SB3's `NStepReplayBuffer` define them.
 *
 * {@linkcode NStepAccumulator.add} takes one step `(s_t, a_t, r_t, s_{t+1})` of sub-env `env`.
 * Once the window holds n steps it emits its oldest, `(s, a, R, s_{t+1}, 0, γ^n)` with
 * `R = Σ_{j<n} γ^j r` (summed in float64 from the oldest reward; the buffer stores it as float32).
 * When the episode ends at this step, every pending step is emitted at once, oldest first, with
 * k = the rewards left in the window: the sum stops at the episode's last reward, `s_{t+1}` is the
 * final observation, and `terminated` is passed on, so a terminated episode does not bootstrap and
 * a truncated one bootstraps from its final observation with `γ^k`. The TD target of an emitted
 * transition is `R + γ^k · max_a Q'(s', a)` (or `R` when terminated); `γ^k` goes to the buffer's
 * discounts when it stores them.
 *
 * With n = 1 every step is emitted at once with `R = r` and `γ^1 = γ` exactly: the buffer gets the
 * same bits as from `add` directly. No allocation per step; the windows are part of the state.
 *
 * @example Usage
 * ```ts
 * import { NStepAccumulator, ReplayBuffer } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const buffer = new ReplayBuffer({ capacity: 10, obsDim: 1, discounts: true });
 * const nStep = new NStepAccumulator({ nStep: 2, gamma: 0.5, numEnvs: 1, obsDim: 1 });
 * nStep.add(buffer, 0, [0], [1], 0, 1, false, false); // pending
 * nStep.add(buffer, 0, [1], [2], 0, 2, false, false); // emits s0: R = 1 + 0.5·2, s' = s2, γ² bootstrap
 * nStep.add(buffer, 0, [2], [3], 0, 4, true, true); // terminated: emits s1 (2 + 0.5·4) and s2 (4)
 * assert.deepEqual([...buffer.rewards.subarray(0, 3)], [2, 4, 4]);
 * assert.deepEqual([...buffer.nextObservations.subarray(0, 3)], [2, 3, 3]);
 * assert.deepEqual([...buffer.discounts!.subarray(0, 3)], [0.25, 0.25, 0.5]);
 * assert.deepEqual([...buffer.terminated.subarray(0, 3)], [0, 1, 1]);
 * ```
 */
export class NStepAccumulator {
  /** n. */
  readonly nStep: number;
  /** The discount factor γ. */
  readonly gamma: number;
  /** The number of sub-envs. */
  readonly numEnvs: number;
  /** The observation length. */
  readonly obsDim: number;
  #starts: Int32Array;
  #counts: Int32Array;
  #observations: Float32Array;
  #actions: Int32Array;
  #rewards: Float64Array;

  /**
   * Allocates empty windows.
   *
   * @throws {RangeError} if `nStep`, `numEnvs` or `obsDim` is not a positive integer or `gamma`
   *   is not in [0, 1].
   */
  constructor(options: NStepAccumulatorOptions) {
    const { nStep, gamma, numEnvs, obsDim } = options ?? {};
    for (const [name, value] of [["nStep", nStep], ["numEnvs", numEnvs], ["obsDim", obsDim]]) {
      if (!(Number.isSafeInteger(value) && (value as number) > 0)) {
        throw new RangeError(
          `Cannot create NStepAccumulator: ${name} must be a positive integer, got ${value}`,
        );
      }
    }
    if (!(typeof gamma === "number" && gamma >= 0 && gamma <= 1)) {
      throw new RangeError(`Cannot create NStepAccumulator: gamma must be in [0, 1], got ${gamma}`);
    }
    this.nStep = nStep;
    this.gamma = gamma;
    this.numEnvs = numEnvs;
    this.obsDim = obsDim;
    this.#starts = new Int32Array(numEnvs);
    this.#counts = new Int32Array(numEnvs);
    this.#observations = new Float32Array(numEnvs * nStep * obsDim);
    this.#actions = new Int32Array(numEnvs * nStep);
    this.#rewards = new Float64Array(numEnvs * nStep);
  }

  /**
   * The number of steps of sub-env `env` not yet emitted.
   *
   * @example
   * ```ts
   * import { NStepAccumulator } from "@seeded/rl";
   * new NStepAccumulator({ nStep: 3, gamma: 0.99, numEnvs: 2, obsDim: 4 }).pending(1); // 0
   * ```
   */
  pending(env: number): number {
    return this.#counts[env];
  }

  /**
   * Takes one step of sub-env `env` and emits into `buffer` the n-step transitions it completes
   * (see the class doc).
   *
   * @param buffer Where transitions go (with `discounts` for n > 1, so the target uses `γ^k`).
   * @param env The sub-env index.
   * @param observation s_t: `obsDim` values from `observationOffset`.
   * @param nextObservation s_{t+1} from `nextOffset`: the final observation if the episode ended.
   * @param action a_t.
   * @param reward r_t.
   * @param terminated Whether the episode terminated at s_{t+1}.
   * @param ended Whether the episode ended (terminated or truncated) at s_{t+1}.
   * @param observationOffset Where s_t starts in `observation`.
   * @param nextOffset Where s_{t+1} starts in `nextObservation`.
   * @throws {RangeError} if `env` is not a sub-env index.
   * @example
   * ```ts
   * import { NStepAccumulator, ReplayBuffer } from "@seeded/rl";
   * const buffer = new ReplayBuffer({ capacity: 10, obsDim: 1 });
   * const nStep = new NStepAccumulator({ nStep: 1, gamma: 0.99, numEnvs: 1, obsDim: 1 });
   * nStep.add(buffer, 0, [0], [1], 1, 1, false, false); // stored at once: (s0, 1, 1, s1)
   * ```
   */
  add(
    buffer: ReplayBuffer,
    env: number,
    observation: ArrayLike<number>,
    nextObservation: ArrayLike<number>,
    action: number,
    reward: number,
    terminated: boolean | number,
    ended: boolean | number,
    observationOffset = 0,
    nextOffset = 0,
  ): void {
    if (!(Number.isInteger(env) && env >= 0 && env < this.numEnvs)) {
      throw new RangeError(
        `Cannot add to NStepAccumulator: env must be an integer in [0, ${this.numEnvs}), got ${env}`,
      );
    }
    const n = this.nStep;
    const d = this.obsDim;
    const slot = env * n + (this.#starts[env] + this.#counts[env]) % n;
    const obs = this.#observations;
    for (let j = 0; j < d; j++) obs[slot * d + j] = observation[observationOffset + j];
    this.#actions[slot] = action;
    this.#rewards[slot] = reward;
    this.#counts[env]++;
    if (ended) {
      while (this.#counts[env] > 0) {
        this.#emit(buffer, env, nextObservation, nextOffset, terminated);
      }
    } else if (this.#counts[env] === n) {
      this.#emit(buffer, env, nextObservation, nextOffset, false);
    }
  }

  /** Emits sub-env `env`'s oldest pending step with every reward in its window. */
  #emit(
    buffer: ReplayBuffer,
    env: number,
    nextObservation: ArrayLike<number>,
    nextOffset: number,
    terminated: boolean | number,
  ): void {
    const n = this.nStep;
    const gamma = this.gamma;
    const start = this.#starts[env];
    const k = this.#counts[env];
    const oldest = env * n + start;
    const rewards = this.#rewards;
    let ret = rewards[oldest];
    let discount = gamma;
    for (let j = 1; j < k; j++) {
      ret += discount * rewards[env * n + (start + j) % n];
      discount *= gamma;
    }
    buffer.add(
      this.#observations,
      nextObservation,
      this.#actions[oldest],
      ret,
      terminated,
      oldest * this.obsDim,
      nextOffset,
      discount,
    );
    this.#starts[env] = (start + 1) % n;
    this.#counts[env] = k - 1;
  }

  /**
   * The pending windows, as copies.
   *
   * @example
   * ```ts
   * import { NStepAccumulator } from "@seeded/rl";
   * const saved = new NStepAccumulator({ nStep: 3, gamma: 0.99, numEnvs: 1, obsDim: 4 }).state();
   * ```
   */
  state(): NStepAccumulatorState {
    return {
      nStep: this.nStep,
      numEnvs: this.numEnvs,
      obsDim: this.obsDim,
      starts: this.#starts.slice(),
      counts: this.#counts.slice(),
      observations: this.#observations.slice(),
      actions: this.#actions.slice(),
      rewards: this.#rewards.slice(),
    };
  }

  /**
   * Restores {@linkcode NStepAccumulator.state} of an accumulator with the same options.
   *
   * @throws {TypeError} if the state does not fit this accumulator.
   * @example
   * ```ts
   * import { NStepAccumulator } from "@seeded/rl";
   * const options = { nStep: 3, gamma: 0.99, numEnvs: 1, obsDim: 4 };
   * new NStepAccumulator(options).loadState(new NStepAccumulator(options).state());
   * ```
   */
  loadState(state: NStepAccumulatorState): void {
    const bad = (what: string): never => {
      throw new TypeError(`Cannot restore NStepAccumulator: ${what}`);
    };
    const { nStep: n, numEnvs: e, obsDim: d } = this;
    if (state?.nStep !== n || state.numEnvs !== e || state.obsDim !== d) {
      bad(
        `the state has nStep ${state?.nStep}, numEnvs ${state?.numEnvs}, obsDim ` +
          `${state?.obsDim}; this accumulator ${n}, ${e}, ${d}`,
      );
    }
    const arrays = [
      ["starts", Int32Array, e],
      ["counts", Int32Array, e],
      ["observations", Float32Array, e * n * d],
      ["actions", Int32Array, e * n],
      ["rewards", Float64Array, e * n],
    ] as const;
    for (const [name, type, length] of arrays) {
      const a = state[name];
      if (!(a instanceof type) || a.length !== length) {
        bad(`${name} must be a ${type.name} of length ${length}`);
      }
    }
    for (let i = 0; i < e; i++) {
      if (
        !(state.starts[i] >= 0 && state.starts[i] < n && state.counts[i] >= 0 &&
          state.counts[i] < n)
      ) {
        bad(`sub-env ${i} has start ${state.starts[i]} and count ${state.counts[i]} (n = ${n})`);
      }
    }
    this.#starts.set(state.starts);
    this.#counts.set(state.counts);
    this.#observations.set(state.observations);
    this.#actions.set(state.actions);
    this.#rewards.set(state.rewards);
  }
}
