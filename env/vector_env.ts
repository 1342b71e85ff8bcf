/**
 * {@linkcode SyncVectorEnv}: N copies of an env stepped in one call, with batched typed arrays,
 * same-step autoreset and optional observation normalisation; the fast path for agents.
 *
 * @example
 * ```ts
 * import { make, SyncVectorEnv } from "@seeded/rl";
 * const venv = new SyncVectorEnv(() => make("CartPole-v1"), 8, { seed: 1 });
 * venv.reset();
 * venv.step(new Int32Array(8).fill(1));
 * venv.observations; // Float32Array of 8 × 4
 * ```
 *
 * @module
 */
import { assertAffordable, BYTES_PER_SUB_ENV } from "../core/memory_limit.ts";
import { type EnvSnapshot, ResetNeededError, type ResetOptions } from "./env.ts";
import type { Space } from "../core/spaces.ts";
import {
  type NormalizeOptions,
  RunningMeanStd,
  type RunningMeanStdState,
} from "../core/running_mean_std.ts";
import { TimeLimit } from "./wrappers/time_limit.ts";
import type { WrappableEnv } from "./wrappers/wrapper.ts";

/** Options of the vector env's observation normaliser. */
export interface VectorNormalizeOptions extends NormalizeOptions {
  /**
   * Start with frozen statistics (for evaluation).
   * @default {false}
   */
  frozen?: boolean;
}

/** Options of {@linkcode SyncVectorEnv}. */
export interface SyncVectorEnvOptions {
  /**
   * Sub-env i is seeded with `seed + i` on the first reset.
   * @default {0}
   */
  seed?: number;
  /**
   * Wraps each sub-env in an extra {@linkcode TimeLimit} of this many steps (the shorter limit
   * wins if the factory already applies one; to override a registry limit, pass it to `make`).
   */
  maxEpisodeSteps?: number;
  /**
   * Normalise `observations` and `finalObservation` with running statistics of the observations,
   * as SB3's `VecNormalize(norm_reward=False)`: `true` for the defaults (clip 10, epsilon 1e-8).
   * @default {false}
   */
  normalizeObservations?: boolean | VectorNormalizeOptions;
}

/** The saved state of a {@linkcode SyncVectorEnv}, plain JSON-able data. */
export interface SyncVectorEnvSnapshot {
  /** The base seed. */
  seed: number;
  /** Whether `reset` has been called. */
  started: boolean;
  /** Each sub-env's snapshot. */
  envs: EnvSnapshot[];
  /** The batched buffers, as numbers. */
  buffers: Record<string, number[]>;
  /** Finished episodes so far. */
  episodeCount: number;
  /** The normaliser's statistics, or `null` without normalisation. */
  obsRms: RunningMeanStdState | null;
  /** Whether the normaliser is frozen. */
  normalizationFrozen: boolean;
}

const BUFFERS = [
  "observations",
  "rewards",
  "terminated",
  "truncated",
  "finalObservation",
  "hasFinalObservation",
  "runningReturn",
  "runningLength",
  "episodeReturn",
  "episodeLength",
] as const;

/**
 * Steps `numEnvs` sub-envs in a loop through their allocation-free `FastEnv` methods and exposes
 * the results as typed arrays that are overwritten in place by every `reset`/`step` (copy what you
 * keep). No allocation per step.
 *
 * Semantics (Gymnasium's `SyncVectorEnv` with `autoreset_mode=SAME_STEP`):
 * - A sub-env whose episode ends (terminated or truncated) is reset within the same `step`. Its row
 *   of `observations` then holds the first observation of the next episode, the last observation
 *   of the finished one is in its row of `finalObservation` and `hasFinalObservation[i] = 1`,
 *   `rewards`, `terminated` and `truncated` describe the finished episode's last step, and
 *   `episodeReturn` / `episodeLength` its return and length. Where `hasFinalObservation[i] = 0`,
 *   the rows of `finalObservation`, `episodeReturn` and `episodeLength` are stale.
 * - Bootstrapping: on a truncated row, bootstrap from the value of the `finalObservation` row
 *   (never from `observations`, which already belongs to the next episode); on a terminated row,
 *   do not bootstrap.
 * - Sub-env i is reset with seed `seed + i` on the first `reset()` (or with `s + i` on
 *   `reset({ seed: s })`); later resets, including autoresets, continue its stream.
 * - With `normalizeObservations`, the running statistics are updated with the `numEnvs` rows of
 *   `observations` and then `observations` and the new `finalObservation` rows are normalised in
 *   place (SB3's `VecNormalize` order), unless `normalizationFrozen`.
 *
 * @example
 * ```ts
 * import { make, SyncVectorEnv } from "@seeded/rl";
 * const venv = new SyncVectorEnv(() => make("CartPole-v1"), 4, { seed: 0 });
 * venv.reset();
 * const actions = new Int32Array(4);
 * for (let t = 0; t < 100; t++) {
 *   venv.step(actions);
 *   for (let i = 0; i < 4; i++) {
 *     if (venv.hasFinalObservation[i]) console.log(venv.episodeReturn[i], venv.episodeLength[i]);
 *   }
 * }
 * ```
 */
export class SyncVectorEnv {
  /** The number of sub-envs. */
  readonly numEnvs: number;
  /** The sub-envs (step them only through this vector env). */
  readonly envs: readonly WrappableEnv[];
  /** The observation space of one sub-env. */
  readonly singleObservationSpace: Space;
  /** The action space of one sub-env. */
  readonly singleActionSpace: Space;
  /** Length of one sub-env's observation. */
  readonly obsDim: number;
  /** Numbers per sub-env action: 1 for a discrete space, the box dimension for a continuous one. */
  readonly actDim: number;
  /** The base seed. */
  seed: number;
  /** Current observations, `numEnvs × obsDim`, row i for sub-env i. */
  readonly observations: Float32Array;
  /** Rewards of the last step. */
  readonly rewards: Float64Array;
  /** 1 where the last step terminated the episode. */
  readonly terminated: Uint8Array;
  /** 1 where the last step truncated the episode (time limit). */
  readonly truncated: Uint8Array;
  /** Last observation of the episodes that ended in the last step, `numEnvs × obsDim`. */
  readonly finalObservation: Float32Array;
  /** 1 where the last step ended an episode (row of `finalObservation` valid). */
  readonly hasFinalObservation: Uint8Array;
  /** Return of each sub-env's current episode so far. */
  readonly runningReturn: Float64Array;
  /** Length of each sub-env's current episode so far. */
  readonly runningLength: Int32Array;
  /** Return of the episode that ended in the last step (valid where `hasFinalObservation`). */
  readonly episodeReturn: Float64Array;
  /** Length of the episode that ended in the last step (valid where `hasFinalObservation`). */
  readonly episodeLength: Int32Array;
  /** Episodes finished so far, over all sub-envs. */
  episodeCount: number = 0;
  /** The observation normaliser's statistics, or `null` without normalisation. */
  readonly obsRms: RunningMeanStd | null;
  /** When true, the normaliser's statistics are applied but not updated. */
  normalizationFrozen: boolean;
  readonly #normalizeOptions: NormalizeOptions;
  #started = false;
  #discreteN: number;

  /**
   * Creates `numEnvs` sub-envs with `factory(i)`.
   *
   * @param factory Makes sub-env i (for example `() => make("CartPole-v1")`); all must have the
   * same observation length and action space.
   * @param numEnvs The number of sub-envs, a positive integer.
   * @param options Seed, extra time limit, observation normalisation.
   * @throws {RangeError} if `numEnvs` is not a positive integer or the seed is not finite.
   * @throws {TypeError} if the sub-envs' spaces differ.
   */
  constructor(
    factory: (index: number) => WrappableEnv,
    numEnvs: number,
    options: SyncVectorEnvOptions = {},
  ) {
    if (!(Number.isInteger(numEnvs) && numEnvs > 0)) {
      throw new RangeError(
        `Cannot create SyncVectorEnv: numEnvs must be a positive integer, got ${numEnvs}`,
      );
    }
    assertAffordable("SyncVectorEnv", `numEnvs ${numEnvs}`, numEnvs * BYTES_PER_SUB_ENV);
    const seed = options.seed ?? 0;
    if (!Number.isFinite(seed)) {
      throw new RangeError(`Cannot create SyncVectorEnv: seed must be finite, got ${seed}`);
    }
    const envs: WrappableEnv[] = [];
    for (let i = 0; i < numEnvs; i++) {
      const env = factory(i);
      envs.push(
        options.maxEpisodeSteps === undefined ? env : new TimeLimit(env, options.maxEpisodeSteps),
      );
    }
    const first = envs[0];
    for (let i = 1; i < numEnvs; i++) {
      const e = envs[i];
      if (
        e.obsDim !== first.obsDim || String(e.actionSpace) !== String(first.actionSpace)
      ) {
        throw new TypeError(
          `Cannot create SyncVectorEnv: sub-env ${i} has obsDim ${e.obsDim} and ${e.actionSpace}, sub-env 0 has ${first.obsDim} and ${first.actionSpace}`,
        );
      }
    }
    this.numEnvs = numEnvs;
    this.envs = envs;
    this.seed = seed;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.obsDim = first.obsDim;
    const space = first.actionSpace;
    this.actDim = space.kind === "discrete" ? 1 : space.low.length;
    this.#discreteN = space.kind === "discrete" ? space.n : 0;
    const n = numEnvs, d = this.obsDim;
    this.observations = new Float32Array(n * d);
    this.rewards = new Float64Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.finalObservation = new Float32Array(n * d);
    this.hasFinalObservation = new Uint8Array(n);
    this.runningReturn = new Float64Array(n);
    this.runningLength = new Int32Array(n);
    this.episodeReturn = new Float64Array(n);
    this.episodeLength = new Int32Array(n);
    const norm = options.normalizeObservations ?? false;
    const normOptions = norm === true ? {} : norm === false ? null : norm;
    this.obsRms = normOptions === null ? null : new RunningMeanStd(d);
    this.normalizationFrozen = normOptions?.frozen ?? false;
    const clip = normOptions?.clip ?? 10, epsilon = normOptions?.epsilon ?? 1e-8;
    if (!(clip > 0) || !(epsilon >= 0)) {
      throw new RangeError(
        `Cannot create SyncVectorEnv: normalization needs clip > 0 and epsilon >= 0, got ${clip} and ${epsilon}`,
      );
    }
    this.#normalizeOptions = { clip, epsilon };
  }

  /**
   * Resets every sub-env and returns `observations`. Sub-env i gets seed `options.seed + i` if a
   * seed is given, `seed + i` on the first reset, and continues its stream otherwise.
   *
   * @example
   * ```ts
   * import { make, SyncVectorEnv } from "@seeded/rl";
   * const venv = new SyncVectorEnv(() => make("Acrobot-v1"), 2);
   * const obs = venv.reset({ seed: 5 }); // sub-envs seeded 5 and 6
   * ```
   */
  reset(options?: ResetOptions): Float32Array {
    const seed = options?.seed;
    if (seed !== undefined) {
      if (!Number.isFinite(seed)) {
        throw new RangeError(`Cannot reset SyncVectorEnv: seed must be finite, got ${seed}`);
      }
      this.seed = seed;
    }
    const reseed = seed !== undefined || !this.#started;
    const d = this.obsDim;
    for (let i = 0; i < this.numEnvs; i++) {
      const o = reseed ? { ...options, seed: this.seed + i } : options;
      this.envs[i].resetInto(this.observations, i * d, o);
    }
    this.#started = true;
    this.rewards.fill(0);
    this.terminated.fill(0);
    this.truncated.fill(0);
    this.hasFinalObservation.fill(0);
    this.runningReturn.fill(0);
    this.runningLength.fill(0);
    if (this.obsRms !== null) {
      if (!this.normalizationFrozen) this.obsRms.update(this.observations, this.numEnvs);
      this.obsRms.normalize(
        this.observations,
        this.observations,
        this.numEnvs,
        this.#normalizeOptions,
      );
    }
    return this.observations;
  }

  /**
   * Steps every sub-env with its action and autoresets finished ones (see the class doc); the
   * results are in the typed-array fields.
   *
   * @param actions `numEnvs × actDim` numbers: sub-env i's action starts at `i × actDim`.
   * @throws {ResetNeededError} before the first `reset`.
   * @throws {TypeError} if `actions` has the wrong length.
   * @throws {RangeError} if a discrete action is not an integer in the action space.
   * @example
   * ```ts
   * import { make, SyncVectorEnv } from "@seeded/rl";
   * const venv = new SyncVectorEnv(() => make("Pendulum-v1"), 2);
   * venv.reset();
   * venv.step(new Float32Array([0.5, -0.5]));
   * ```
   */
  step(actions: ArrayLike<number>): void {
    if (!this.#started) {
      throw new ResetNeededError("Cannot step SyncVectorEnv: reset() was not called");
    }
    const n = this.numEnvs, d = this.obsDim, a = this.actDim;
    if (actions.length !== n * a) {
      throw new TypeError(
        `Cannot step SyncVectorEnv: need ${
          n * a
        } actions (${n} envs × ${a}), got ${actions.length}`,
      );
    }
    const k = this.#discreteN;
    if (k > 0) {
      for (let i = 0; i < n; i++) {
        const act = actions[i];
        if (!(Number.isInteger(act) && act >= 0 && act < k)) {
          throw new RangeError(
            `Cannot step SyncVectorEnv: action of sub-env ${i} must be in ${this.singleActionSpace}, got ${act}`,
          );
        }
      }
    }
    const obs = this.observations;
    let anyDone = false;
    for (let i = 0; i < n; i++) {
      const env = this.envs[i];
      const reward = env.stepInto(actions, i * a, obs, i * d);
      const term = env.lastTerminated, trunc = env.lastTruncated;
      this.rewards[i] = reward;
      this.terminated[i] = term ? 1 : 0;
      this.truncated[i] = trunc ? 1 : 0;
      this.runningReturn[i] += reward;
      this.runningLength[i]++;
      if (term || trunc) {
        anyDone = true;
        const fin = this.finalObservation;
        for (let j = i * d, end = j + d; j < end; j++) fin[j] = obs[j];
        this.hasFinalObservation[i] = 1;
        this.episodeReturn[i] = this.runningReturn[i];
        this.episodeLength[i] = this.runningLength[i];
        this.runningReturn[i] = 0;
        this.runningLength[i] = 0;
        this.episodeCount++;
        env.resetInto(obs, i * d);
      } else {
        this.hasFinalObservation[i] = 0;
      }
    }
    const rms = this.obsRms;
    if (rms !== null) {
      if (!this.normalizationFrozen) rms.update(obs, n);
      rms.normalize(obs, obs, n, this.#normalizeOptions);
      if (anyDone) {
        const fin = this.finalObservation;
        for (let i = 0; i < n; i++) {
          if (this.hasFinalObservation[i]) {
            rms.normalize(fin, fin, 1, this.#normalizeOptions, i * d);
          }
        }
      }
    }
  }

  /** Closes every sub-env. */
  close(): void {
    for (const env of this.envs) env.close?.();
  }

  /**
   * The complete state (sub-envs, buffers, statistics) as JSON-able data.
   *
   * @example
   * ```ts
   * import { make, SyncVectorEnv } from "@seeded/rl";
   * const venv = new SyncVectorEnv(() => make("CartPole-v1"), 2);
   * venv.reset();
   * const saved = venv.snapshot();
   * venv.step(new Int32Array([0, 1]));
   * venv.restore(saved); // the same step again gives the same results
   * ```
   */
  snapshot(): SyncVectorEnvSnapshot {
    const buffers: Record<string, number[]> = {};
    for (const name of BUFFERS) buffers[name] = Array.from(this[name]);
    return {
      seed: this.seed,
      started: this.#started,
      envs: this.envs.map((e) => e.snapshot()),
      buffers,
      episodeCount: this.episodeCount,
      obsRms: this.obsRms?.state() ?? null,
      normalizationFrozen: this.normalizationFrozen,
    };
  }

  /**
   * Restores what {@linkcode SyncVectorEnv.snapshot} returned; later steps are bit-identical.
   *
   * @throws {TypeError} if the snapshot does not fit this vector env.
   */
  restore(snapshot: SyncVectorEnvSnapshot): void {
    const bad = (what: string): never => {
      throw new TypeError(`Cannot restore SyncVectorEnv: ${what}`);
    };
    if (!snapshot || !Array.isArray(snapshot.envs) || snapshot.envs.length !== this.numEnvs) {
      bad(`need ${this.numEnvs} sub-env snapshots, got ${snapshot?.envs?.length}`);
    }
    for (const name of BUFFERS) {
      const values = snapshot.buffers?.[name];
      if (!Array.isArray(values) || values.length !== this[name].length) {
        bad(`buffer ${name} must have ${this[name].length} values, got ${values?.length}`);
      }
    }
    if ((snapshot.obsRms === null) !== (this.obsRms === null)) {
      bad(`normalization is ${this.obsRms === null ? "off" : "on"} here but not in the snapshot`);
    }
    for (let i = 0; i < this.numEnvs; i++) this.envs[i].restore(snapshot.envs[i]);
    for (const name of BUFFERS) this[name].set(snapshot.buffers[name]);
    if (this.obsRms !== null) this.obsRms.loadState(snapshot.obsRms as RunningMeanStdState);
    this.seed = snapshot.seed;
    this.#started = snapshot.started === true;
    this.episodeCount = snapshot.episodeCount;
    this.normalizationFrozen = snapshot.normalizationFrozen === true;
  }
}
