/**
 * Running mean and variance of vectors, merged batch by batch (Chan et al.'s parallel algorithm, as
 * in Gymnasium's and Stable-Baselines3's `RunningMeanStd`), used to normalise observations.
 *
 * @example
 * ```ts
 * import { RunningMeanStd } from "@seeded/rl";
 * const rms = new RunningMeanStd(2);
 * rms.update(new Float32Array([1, 10, 3, 30]), 2); // two rows of 2
 * const out = new Float32Array(2);
 * rms.normalize(new Float32Array([2, 20]), out, 1); // about [0, 0]
 * ```
 *
 * @module
 */

/** Options of {@linkcode RunningMeanStd.normalize}. */
export interface NormalizeOptions {
  /**
   * Normalised values are clipped to [-clip, clip] (SB3 `VecNormalize`'s `clip_obs`; Gymnasium's
   * `NormalizeObservation` does not clip, which is `clip: Infinity`).
   * @default {10}
   */
  clip?: number;
  /**
   * Added to the variance before the square root.
   * @default {1e-8}
   */
  epsilon?: number;
}

/** The saved state of a {@linkcode RunningMeanStd}, plain JSON-able data. */
export interface RunningMeanStdState {
  /** Per-component running mean. */
  mean: number[];
  /** Per-component running (population) variance. */
  var: number[];
  /** The number of samples merged, plus the initial 1e-4. */
  count: number;
}

const DEFAULT_CLIP = 10;
const DEFAULT_EPSILON = 1e-8;

/**
 * Per-component running mean and variance of `dim`-vectors.
 *
 * Starts as Gymnasium/SB3 do: mean 0, variance 1, count 1e-4 (a tiny pseudo-count that avoids a
 * division by zero and is swamped by the first batch). Each {@linkcode RunningMeanStd.update}
 * merges a batch's mean and population variance into the running ones with the parallel formula
 * (`update_mean_var_count_from_moments`), in float64, with the same operation order as theirs.
 *
 * @example
 * ```ts
 * import { RunningMeanStd } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const rms = new RunningMeanStd(1);
 * rms.update([2, 4], 2);
 * assert.ok(Math.abs(rms.mean[0] - 3) < 1e-3);
 * ```
 */
export class RunningMeanStd {
  /** The vector length. */
  readonly dim: number;
  /** Running mean per component. */
  readonly mean: Float64Array;
  /** Running population variance per component. */
  readonly var: Float64Array;
  /** Samples merged so far, plus the initial 1e-4. */
  count: number = 1e-4;
  #batchMean: Float64Array;
  #batchVar: Float64Array;

  /**
   * Creates the statistics of `dim`-vectors (mean 0, variance 1, count 1e-4).
   *
   * @param dim The vector length, a positive integer.
   * @throws {RangeError} if `dim` is not a positive integer.
   */
  constructor(dim: number) {
    if (!(Number.isInteger(dim) && dim > 0)) {
      throw new RangeError(
        `Cannot create RunningMeanStd: dim must be a positive integer, got ${dim}`,
      );
    }
    this.dim = dim;
    this.mean = new Float64Array(dim);
    this.var = new Float64Array(dim).fill(1);
    this.#batchMean = new Float64Array(dim);
    this.#batchVar = new Float64Array(dim);
  }

  /**
   * Merges `n` rows of `batch` (row-major, `n × dim`, starting at `offset`) into the statistics,
   * with no allocation.
   *
   * @param batch The rows.
   * @param n The number of rows.
   * @param offset Index of the first value of the first row.
   * @throws {RangeError} if `n` is not a positive integer or `batch` is too short.
   * @example
   * ```ts
   * import { RunningMeanStd } from "@seeded/rl";
   * const rms = new RunningMeanStd(3);
   * rms.update(new Float32Array([1, 2, 3]), 1);
   * ```
   */
  update(batch: ArrayLike<number>, n: number, offset = 0): void {
    const dim = this.dim;
    if (!(Number.isInteger(n) && n > 0) || !(offset >= 0) || batch.length < offset + n * dim) {
      throw new RangeError(
        `Cannot update RunningMeanStd: need n >= 1 rows of ${dim} from index ${offset}, got n = ${n} and ${batch.length} values`,
      );
    }
    const bm = this.#batchMean, bv = this.#batchVar;
    // np.mean / np.var (ddof = 0) along axis 0: the variance uses the batch mean (two passes).
    bm.fill(0);
    for (let r = 0; r < n; r++) {
      const o = offset + r * dim;
      for (let j = 0; j < dim; j++) bm[j] += batch[o + j];
    }
    for (let j = 0; j < dim; j++) bm[j] /= n;
    bv.fill(0);
    for (let r = 0; r < n; r++) {
      const o = offset + r * dim;
      for (let j = 0; j < dim; j++) {
        const d = batch[o + j] - bm[j];
        bv[j] += d * d;
      }
    }
    for (let j = 0; j < dim; j++) bv[j] /= n;
    this.updateFromMoments(bm, bv, n);
  }

  /**
   * Merges a batch given by its mean, population variance and size (Gymnasium's
   * `update_mean_var_count_from_moments`).
   *
   * @example
   * ```ts
   * import { RunningMeanStd } from "@seeded/rl";
   * const rms = new RunningMeanStd(1);
   * rms.updateFromMoments([5], [0], 10);
   * ```
   */
  updateFromMoments(
    batchMean: ArrayLike<number>,
    batchVar: ArrayLike<number>,
    batchCount: number,
  ): void {
    const count = this.count;
    const totCount = count + batchCount;
    const mean = this.mean, variance = this.var;
    for (let j = 0; j < this.dim; j++) {
      const delta = batchMean[j] - mean[j];
      const mA = variance[j] * count;
      const mB = batchVar[j] * batchCount;
      const m2 = mA + mB + delta * delta * count * batchCount / totCount;
      mean[j] = mean[j] + delta * batchCount / totCount;
      variance[j] = m2 / totCount;
    }
    this.count = totCount;
  }

  /**
   * Writes `clip((x - mean) / sqrt(var + epsilon))` for `n` rows of `input` into `output` (both
   * row-major `n × dim` starting at `offset`; they may be the same array), with no allocation.
   *
   * @param input The raw rows.
   * @param output Where the normalised rows go.
   * @param n The number of rows.
   * @param options Clip range and epsilon (defaults 10 and 1e-8, as SB3's `VecNormalize`).
   * @param offset Index of the first value of the first row, in both arrays.
   * @throws {RangeError} if an array is too short.
   * @example
   * ```ts
   * import { RunningMeanStd } from "@seeded/rl";
   * const rms = new RunningMeanStd(1);
   * const x = new Float32Array([3]);
   * rms.normalize(x, x, 1, { clip: Infinity }); // x[0] = 3 / sqrt(1 + 1e-8)
   * ```
   */
  normalize(
    input: ArrayLike<number>,
    output: Float32Array | Float64Array,
    n: number,
    options?: NormalizeOptions,
    offset = 0,
  ): void {
    const clip = options?.clip ?? DEFAULT_CLIP;
    const epsilon = options?.epsilon ?? DEFAULT_EPSILON;
    const dim = this.dim, end = offset + n * dim;
    if (!(offset >= 0) || input.length < end || output.length < end) {
      throw new RangeError(
        `Cannot normalize with RunningMeanStd: need ${n} rows of ${dim} from index ${offset}, got arrays of ${input.length} and ${output.length}`,
      );
    }
    const mean = this.mean, variance = this.var;
    for (let r = 0; r < n; r++) {
      const o = offset + r * dim;
      for (let j = 0; j < dim; j++) {
        const z = (input[o + j] - mean[j]) / Math.sqrt(variance[j] + epsilon);
        output[o + j] = z < -clip ? -clip : z > clip ? clip : z;
      }
    }
  }

  /**
   * The statistics as plain JSON-able data.
   *
   * @example
   * ```ts
   * import { RunningMeanStd } from "@seeded/rl";
   * const json = JSON.stringify(new RunningMeanStd(2).state());
   * ```
   */
  state(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  /**
   * Replaces the statistics with a saved state (for example another instance's, to share training
   * statistics with an evaluation env).
   *
   * @throws {TypeError} if the state is malformed or of another dimension.
   * @example
   * ```ts
   * import { RunningMeanStd } from "@seeded/rl";
   * const train = new RunningMeanStd(2);
   * const evaluation = new RunningMeanStd(2);
   * evaluation.loadState(train.state());
   * ```
   */
  loadState(state: RunningMeanStdState): void {
    const dim = this.dim;
    if (
      !state || !Array.isArray(state.mean) || !Array.isArray(state.var) ||
      state.mean.length !== dim || state.var.length !== dim ||
      !(typeof state.count === "number" && state.count > 0)
    ) {
      throw new TypeError(
        `Cannot restore RunningMeanStd(${dim}): need mean and var of length ${dim} and count > 0, got ${
          JSON.stringify(state)?.slice(0, 80)
        }`,
      );
    }
    this.mean.set(state.mean);
    this.var.set(state.var);
    this.count = state.count;
  }

  /**
   * Copies another instance's statistics into this one, with no allocation.
   *
   * @throws {TypeError} if the dimensions differ.
   * @example
   * ```ts
   * import { RunningMeanStd } from "@seeded/rl";
   * const a = new RunningMeanStd(2);
   * new RunningMeanStd(2).copyFrom(a);
   * ```
   */
  copyFrom(other: RunningMeanStd): void {
    if (other.dim !== this.dim) {
      throw new TypeError(
        `Cannot copy RunningMeanStd: dimensions differ, got ${other.dim} into ${this.dim}`,
      );
    }
    this.mean.set(other.mean);
    this.var.set(other.var);
    this.count = other.count;
  }
}
