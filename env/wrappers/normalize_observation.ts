/**
 * {@linkcode NormalizeObservation}: observations standardised by running statistics.
 *
 * @example
 * ```ts
 * import { make, NormalizeObservation } from "@seeded/rl";
 * const env = new NormalizeObservation(make("MountainCar-v0"));
 * env.reset({ seed: 0 });
 * ```
 *
 * @module
 */
import type { EnvSnapshot } from "../env.ts";
import { Box } from "../../core/spaces.ts";
import {
  type NormalizeOptions,
  RunningMeanStd,
  type RunningMeanStdState,
} from "../../core/running_mean_std.ts";
import { type WrappableEnv, Wrapper } from "./wrapper.ts";
import { envName } from "./_util.ts";

/** Options of {@linkcode NormalizeObservation}. */
export interface NormalizeObservationOptions extends NormalizeOptions {
  /**
   * Start with frozen statistics (for an evaluation env).
   * @default {false}
   */
  frozen?: boolean;
}

/**
 * Standardises each observation with a running mean and variance of all observations seen,
 * `clip((obs - mean) / sqrt(var + epsilon), -clip, clip)`, updating the statistics with the
 * observation first and then normalising it, on `reset` as on `step` (Gymnasium's
 * `NormalizeObservation` and SB3's `VecNormalize`). Defaults are SB3's: epsilon 1e-8 and clip 10
 * (Gymnasium does not clip; pass `clip: Infinity` for its behaviour). rl-zoo uses this for
 * MountainCar with A2C and PPO.
 *
 * Set {@linkcode NormalizeObservation.frozen} to stop updating (evaluation). The statistics are
 * part of the snapshot, and readable and replaceable on their own through
 * {@linkcode NormalizeObservation.obsRms}, so an evaluation env can share or copy the training
 * env's. The observation space becomes `Box(-clip, clip)`; `unwrapped.state` stays the raw
 * physical state.
 *
 * @typeParam E The wrapped env's type.
 * @example
 * ```ts
 * import { make, NormalizeObservation } from "@seeded/rl";
 * const train = new NormalizeObservation(make("MountainCar-v0"));
 * const evaluation = new NormalizeObservation(make("MountainCar-v0"), { frozen: true });
 * evaluation.obsRms = train.obsRms; // share the training statistics
 * ```
 */
export class NormalizeObservation<E extends WrappableEnv = WrappableEnv> extends Wrapper<E> {
  /** When true, the statistics are not updated (they are still applied). */
  frozen: boolean;
  #rms: RunningMeanStd;
  readonly #options: Required<NormalizeOptions>;
  readonly #space: Box;

  /**
   * Wraps `env`.
   *
   * @param env The env to wrap.
   * @param options Clip range, epsilon and the initial `frozen` flag.
   * @throws {RangeError} if `clip` is not positive or `epsilon` is negative.
   */
  constructor(env: E, options: NormalizeObservationOptions = {}) {
    super(env);
    this.#options = normalizeOptions(`NormalizeObservation for ${envName(env)}`, options);
    this.frozen = options.frozen ?? false;
    this.#rms = new RunningMeanStd(env.obsDim);
    const bound = new Array<number>(env.obsDim).fill(this.#options.clip);
    this.#space = new Box(bound.map((b) => -b), bound);
  }

  /** `Box(-clip, clip)` in every component (unbounded when `clip` is `Infinity`). */
  override get observationSpace(): Box {
    return this.#space;
  }

  /** The running statistics in use (assign another instance of the same dimension to share it). */
  get obsRms(): RunningMeanStd {
    return this.#rms;
  }

  /** Replaces the statistics object, for example with the training env's, to share it. */
  set obsRms(rms: RunningMeanStd) {
    if (!(rms instanceof RunningMeanStd) || rms.dim !== this.env.obsDim) {
      throw new TypeError(
        `Cannot set obsRms of ${
          envName(this)
        }: need a RunningMeanStd of dimension ${this.env.obsDim}, got ${
          (rms as { dim?: number })?.dim
        }`,
      );
    }
    this.#rms = rms;
  }

  /** Updates the statistics with the observation (unless frozen), then normalises it in place. */
  protected override transformObservation(observations: Float32Array, offset: number): void {
    normalizeRows(this.#rms, observations, 1, offset, this.#options, this.frozen);
  }

  /** The statistics and `frozen` (before the wrapped env's snapshot). */
  protected override snapshotOwn(): EnvSnapshot {
    return { obsRms: this.#rms.state(), frozen: this.frozen };
  }

  /** Validates the statistics; they are copied into the current `obsRms` after the env's restore. */
  protected override readSnapshotOwn(snapshot: EnvSnapshot): () => void {
    const rms = new RunningMeanStd(this.#rms.dim);
    rms.loadState(snapshot?.obsRms as RunningMeanStdState); // validate before changing anything
    return () => {
      this.#rms.copyFrom(rms);
      this.frozen = snapshot.frozen === true;
    };
  }
}

/**
 * SB3's clip and epsilon (defaults 10 and 1e-8), validated: the options of
 * {@linkcode NormalizeObservation} and of `SyncVectorEnv`'s normaliser.
 *
 * @param who What is being created, for the message.
 * @param options The given clip and epsilon.
 * @returns Both, filled in.
 * @throws {RangeError} unless `clip > 0` and `epsilon >= 0`.
 * @example
 * ```ts
 * import { normalizeOptions } from "@seeded/rl";
 * normalizeOptions("NormalizeObservation", {}); // { clip: 10, epsilon: 1e-8 }
 * ```
 */
export function normalizeOptions(
  who: string,
  options: NormalizeOptions,
): Required<NormalizeOptions> {
  const clip = options.clip ?? 10, epsilon = options.epsilon ?? 1e-8;
  if (!(clip > 0) || !(epsilon >= 0)) {
    throw new RangeError(
      `Cannot create ${who}: need clip > 0 and epsilon >= 0, got ${clip} and ${epsilon}`,
    );
  }
  return { clip, epsilon };
}

/**
 * Observation normalisation in SB3's `VecNormalize` order: updates `rms` with `rows` rows of
 * `observations` from `offset` (unless `frozen`), then normalises them in place. The one
 * implementation behind {@linkcode NormalizeObservation} and `SyncVectorEnv`'s normaliser.
 *
 * @example
 * ```ts
 * import { normalizeRows, RunningMeanStd } from "@seeded/rl";
 * const rms = new RunningMeanStd(2);
 * const rows = new Float32Array([1, 10, 3, 30]);
 * normalizeRows(rms, rows, 2, 0, { clip: 10, epsilon: 1e-8 }, false); // about [-1, -1, 1, 1]
 * ```
 */
export function normalizeRows(
  rms: RunningMeanStd,
  observations: Float32Array,
  rows: number,
  offset: number,
  options: NormalizeOptions,
  frozen: boolean,
): void {
  if (!frozen) rms.update(observations, rows, offset);
  rms.normalize(observations, observations, rows, options, offset);
}
