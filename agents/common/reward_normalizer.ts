/**
 * {@linkcode RewardNormalizer}: SB3 `VecNormalize`'s reward scaling for `numEnvs` sub-envs —
 * rewards divided by the running standard deviation of a discounted return, then clipped.
 *
 * @example
 * ```ts
 * import { RewardNormalizer } from "@seeded/rl";
 * const norm = new RewardNormalizer(2, { gamma: 0.99 });
 * const out = new Float32Array(2);
 * norm.normalize(new Float64Array([-1, -1]), new Uint8Array(2), new Uint8Array(2), out, 0);
 * ```
 *
 * @module
 */
import { RunningMeanStd, type RunningMeanStdState } from "../../core/running_mean_std.ts";

/** Options of {@linkcode RewardNormalizer}. */
export interface RewardNormalizerOptions {
  /** Discount of the running return (the agent's γ, as SB3 passes it). */
  gamma: number;
  /** Normalised rewards are clipped to [-clip, clip] (SB3 `clip_reward`). @default {10} */
  clip?: number;
  /** Added to the variance before the square root. @default {1e-8} */
  epsilon?: number;
}

/** The saved state of a {@linkcode RewardNormalizer}. */
export interface RewardNormalizerState {
  /** The running discounted return of each sub-env. */
  returns: Float64Array;
  /** The statistics of the discounted returns. */
  rms: RunningMeanStdState;
}

/**
 * Scales rewards as SB3's `VecNormalize(norm_reward=True)` does at every vector step:
 * `R_i ← γ·R_i + r_i`; the statistics are updated with the `numEnvs` values `R_i`;
 * `r̃_i = clip(r_i / sqrt(var + ε), −clip, clip)`; then `R_i ← 0` where the episode ended.
 * Only the scale changes (no mean is subtracted), so the optimal policy is unchanged.
 *
 * @example
 * ```ts
 * import { RewardNormalizer } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const norm = new RewardNormalizer(1, { gamma: 0.9 });
 * const out = new Float32Array(1);
 * norm.normalize(new Float64Array([2]), new Uint8Array(1), new Uint8Array(1), out, 0);
 * // R = 2; merged with the 1e-4 pseudo-count (mean 0, var 1): var ≈ 5e-4, 2 / 0.022 > 10: clipped
 * assert.equal(out[0], 10);
 * ```
 */
export class RewardNormalizer {
  /** Number of sub-envs. */
  readonly numEnvs: number;
  /** Discount of the running return. */
  readonly gamma: number;
  /** Clip range of normalised rewards. */
  readonly clip: number;
  /** Added to the variance. */
  readonly epsilon: number;
  /** The running discounted return of each sub-env. */
  readonly returns: Float64Array;
  /** Running statistics of the discounted returns. */
  readonly rms: RunningMeanStd;

  /**
   * Creates the normaliser with zero returns and fresh statistics.
   *
   * @throws {RangeError} for a bad `numEnvs`, `gamma`, `clip` or `epsilon`.
   */
  constructor(numEnvs: number, options: RewardNormalizerOptions) {
    const { gamma, clip = 10, epsilon = 1e-8 } = options;
    if (!(Number.isInteger(numEnvs) && numEnvs > 0)) {
      throw new RangeError(
        `Cannot create RewardNormalizer: numEnvs must be a positive integer, got ${numEnvs}`,
      );
    }
    if (!(gamma >= 0 && gamma <= 1) || !(clip > 0) || !(epsilon >= 0)) {
      throw new RangeError(
        `Cannot create RewardNormalizer: need gamma in [0, 1], clip > 0 and epsilon >= 0, got ${gamma}, ${clip} and ${epsilon}`,
      );
    }
    this.numEnvs = numEnvs;
    this.gamma = gamma;
    this.clip = clip;
    this.epsilon = epsilon;
    this.returns = new Float64Array(numEnvs);
    this.rms = new RunningMeanStd(1);
  }

  /**
   * Updates the statistics with one vector step and writes the normalised rewards into
   * `out[offset + i]` (no allocation).
   *
   * @param rewards The raw rewards of the step, one per sub-env.
   * @param terminated 1 where the step terminated the episode.
   * @param truncated 1 where the step truncated the episode.
   * @example
   * ```ts
   * import { RewardNormalizer } from "@seeded/rl";
   * const norm = new RewardNormalizer(1, { gamma: 0.99 });
   * const out = new Float32Array(1);
   * norm.normalize(new Float64Array([1]), new Uint8Array([0]), new Uint8Array([1]), out, 0);
   * ```
   */
  normalize(
    rewards: ArrayLike<number>,
    terminated: ArrayLike<number>,
    truncated: ArrayLike<number>,
    out: Float32Array,
    offset: number,
  ): void {
    const n = this.numEnvs, ret = this.returns;
    for (let i = 0; i < n; i++) ret[i] = ret[i] * this.gamma + rewards[i];
    this.rms.update(ret, n);
    const std = Math.sqrt(this.rms.var[0] + this.epsilon), c = this.clip;
    for (let i = 0; i < n; i++) {
      const r = rewards[i] / std;
      out[offset + i] = r < -c ? -c : r > c ? c : r;
      if (terminated[i] !== 0 || truncated[i] !== 0) ret[i] = 0;
    }
  }

  /**
   * Copies of the running returns and statistics.
   *
   * @example
   * ```ts
   * import { RewardNormalizer } from "@seeded/rl";
   * const saved = new RewardNormalizer(2, { gamma: 0.99 }).state();
   * ```
   */
  state(): RewardNormalizerState {
    return { returns: this.returns.slice(), rms: this.rms.state() };
  }

  /**
   * Restores what {@linkcode RewardNormalizer.state} returned.
   *
   * @throws {TypeError} for a malformed state.
   * @example
   * ```ts
   * import { RewardNormalizer } from "@seeded/rl";
   * const a = new RewardNormalizer(2, { gamma: 0.99 });
   * new RewardNormalizer(2, { gamma: 0.99 }).loadState(a.state());
   * ```
   */
  loadState(state: RewardNormalizerState): void {
    const r = state?.returns;
    if (!(r instanceof Float64Array) || r.length !== this.numEnvs) {
      throw new TypeError(
        `Cannot restore RewardNormalizer: state.returns must be a Float64Array(${this.numEnvs}), got ${r}`,
      );
    }
    this.rms.loadState(state.rms);
    this.returns.set(r);
  }
}
