/**
 * Pure helpers for learning curves: a trailing moving average over episodes, linear interpolation
 * onto a step grid, the mean / std / min / max of several seeds' curves on a common grid, and a
 * seeded percentile-bootstrap confidence interval of a mean. The plots of the CLI and the sweep
 * summaries are built on these; they allocate their outputs and use no `Deno.*` API.
 *
 * @example
 * ```ts
 * import { aggregateCurves, movingAverage } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(Array.from(movingAverage([1, 2, 3, 4], 2)), [1, 1.5, 2.5, 3.5]);
 * const band = aggregateCurves([
 *   { steps: [0, 10], values: [0, 10] },
 *   { steps: [0, 10], values: [2, 12] },
 * ], { points: 3 });
 * assert.deepEqual(Array.from(band.mean), [1, 6, 11]);
 * ```
 *
 * @module
 */

/**
 * The trailing moving average of `values` over `window` entries: entry i is the mean of
 * `values[max(0, i − window + 1) .. i]`, so the first `window − 1` entries average the fewer values
 * seen so far (no look-ahead, like SB3's `ep_rew_mean`).
 *
 * @param values The series, e.g. the return of each finished episode in order.
 * @param window The number of entries averaged, a positive integer.
 * @returns A new array of the same length.
 * @throws {RangeError} if `window` is not a positive integer.
 * @example
 * ```ts
 * import { movingAverage } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * // [1], [1, 3], [1, 3, 5], [3, 5, 7] averaged
 * assert.deepEqual(Array.from(movingAverage([1, 3, 5, 7], 3)), [1, 2, 3, 5]);
 * ```
 */
export function movingAverage(values: ArrayLike<number>, window: number): Float64Array {
  if (!(Number.isInteger(window) && window > 0)) {
    throw new RangeError(
      `Cannot compute movingAverage: window must be a positive integer, got ${window}`,
    );
  }
  const n = values.length;
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    // Recompute the sum exactly now and then, so the running sum cannot drift over long runs.
    if ((i & 1023) === 1023) {
      sum = 0;
      for (let j = Math.max(0, i - window + 1); j <= i; j++) sum += values[j];
    }
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

/**
 * The default smoothing window for a curve of `episodes` episodes: 5% of the episodes, at least 10
 * (or all of them when there are fewer) and at most 100.
 *
 * @param episodes The number of finished episodes, a non-negative integer.
 * @returns A positive integer window for {@linkcode movingAverage}.
 * @example
 * ```ts
 * import { defaultWindow } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.equal(defaultWindow(6), 6); // fewer than 10 episodes: all of them
 * assert.equal(defaultWindow(100), 10); // 5% = 5, raised to 10
 * assert.equal(defaultWindow(1000), 50); // 5%
 * assert.equal(defaultWindow(10_000), 100); // 5% = 500, capped at 100
 * ```
 */
export function defaultWindow(episodes: number): number {
  return Math.max(1, Math.min(episodes, Math.max(10, Math.min(100, Math.round(episodes / 20)))));
}

/**
 * `count` evenly spaced numbers from `start` to `stop`, both included (like NumPy's `linspace`).
 *
 * @param start The first value.
 * @param stop The last value.
 * @param count How many values, a positive integer (1 gives `[start]`).
 * @throws {RangeError} if `count` is not a positive integer.
 * @example
 * ```ts
 * import { linspace } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(Array.from(linspace(0, 1000, 5)), [0, 250, 500, 750, 1000]);
 * ```
 */
export function linspace(start: number, stop: number, count: number): Float64Array {
  if (!(Number.isInteger(count) && count > 0)) {
    throw new RangeError(`Cannot compute linspace: count must be a positive integer, got ${count}`);
  }
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = count === 1 ? start : start + ((stop - start) * i) / (count - 1);
  }
  if (count > 1) out[count - 1] = stop;
  return out;
}

/**
 * Linearly interpolates the curve `(steps, values)` at each point of `grid`. Points before the
 * first step or after the last one get `NaN` (the curve says nothing there). `steps` must be
 * non-decreasing; where a step repeats (several episodes ending at the same global step of a
 * vector env), the last value at that step counts.
 *
 * @param steps The x coordinates, non-decreasing.
 * @param values The y coordinates, one per step.
 * @param grid Where to evaluate the curve (any order).
 * @returns A new array with one value per grid point.
 * @throws {TypeError} if `steps` and `values` differ in length.
 * @throws {RangeError} if `steps` decreases somewhere.
 * @example
 * ```ts
 * import { interpolate } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * // halfway between (10, 0) and (20, 100); 5 and 25 lie outside the curve
 * assert.deepEqual(Array.from(interpolate([10, 20], [0, 100], [5, 15, 20, 25])), [NaN, 50, 100, NaN]);
 * ```
 */
export function interpolate(
  steps: ArrayLike<number>,
  values: ArrayLike<number>,
  grid: ArrayLike<number>,
): Float64Array {
  const n = steps.length;
  if (values.length !== n) {
    throw new TypeError(
      `Cannot interpolate: steps and values must have the same length, got ${n} and ${values.length}`,
    );
  }
  for (let i = 1; i < n; i++) {
    if (steps[i] < steps[i - 1]) {
      throw new RangeError(
        `Cannot interpolate: steps must be non-decreasing, got ${steps[i - 1]} then ${
          steps[i]
        } at index ${i}`,
      );
    }
  }
  const out = new Float64Array(grid.length);
  for (let g = 0; g < grid.length; g++) {
    const x = grid[g];
    // k = the first index with steps[k] > x (upper bound)
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (steps[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    const k = lo;
    if (k === 0) out[g] = NaN;
    else if (k === n) out[g] = x === steps[n - 1] ? values[n - 1] : NaN;
    else {
      const x0 = steps[k - 1];
      const t = (x - x0) / (steps[k] - x0);
      out[g] = values[k - 1] + t * (values[k] - values[k - 1]);
    }
  }
  return out;
}

/** One curve for {@linkcode aggregateCurves}: values at non-decreasing steps. */
export interface Curve {
  /** The x coordinates (global environment steps), non-decreasing. */
  steps: ArrayLike<number>;
  /** The y coordinates, one per step (e.g. smoothed episode returns). */
  values: ArrayLike<number>;
}

/** Options of {@linkcode aggregateCurves}. */
export interface AggregateOptions {
  /**
   * Number of points of the common grid, spread evenly over the steps that every curve covers
   * (from the latest first step to the earliest last step).
   *
   * @default {200}
   */
  points?: number;
  /** An explicit grid to use instead; grid points outside a curve leave that curve out there. */
  grid?: ArrayLike<number>;
}

/** Several curves summarised point by point on a common step grid ({@linkcode aggregateCurves}). */
export interface CurveBand {
  /** The grid of steps. */
  grid: Float64Array;
  /** Mean over the curves defined at each grid point (`NaN` where none is). */
  mean: Float64Array;
  /** Population standard deviation (divides by n, as NumPy's `std`) at each grid point. */
  std: Float64Array;
  /** Smallest value at each grid point. */
  min: Float64Array;
  /** Largest value at each grid point. */
  max: Float64Array;
  /** How many curves are defined at each grid point. */
  count: Uint32Array;
}

/**
 * Interpolates several curves (one per seed, say) onto a common step grid and returns their mean,
 * population standard deviation, min and max at each grid point.
 *
 * @param curves At least one curve, each with at least one point.
 * @param options The grid size, or an explicit grid.
 * @returns The grid and the per-point statistics.
 * @throws {RangeError} if there are no curves, a curve is empty, or (without an explicit grid) the
 * curves share no step range.
 * @example
 * ```ts
 * import { aggregateCurves } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const band = aggregateCurves([
 *   { steps: [0, 100], values: [0, 100] },
 *   { steps: [0, 100], values: [0, 300] },
 * ], { points: 2 });
 * assert.deepEqual(Array.from(band.mean), [0, 200]);
 * assert.deepEqual(Array.from(band.std), [0, 100]);
 * ```
 */
export function aggregateCurves(
  curves: readonly Curve[],
  options: AggregateOptions = {},
): CurveBand {
  if (curves.length === 0) {
    throw new RangeError("Cannot aggregate curves: need at least one curve, got 0");
  }
  let first = -Infinity;
  let last = Infinity;
  for (let c = 0; c < curves.length; c++) {
    const s = curves[c].steps;
    if (s.length === 0) {
      throw new RangeError(`Cannot aggregate curves: curve ${c} has no points`);
    }
    first = Math.max(first, s[0]);
    last = Math.min(last, s[s.length - 1]);
  }
  let grid: Float64Array;
  if (options.grid !== undefined) grid = Float64Array.from(options.grid);
  else {
    if (first > last) {
      throw new RangeError(
        `Cannot aggregate curves: they share no step range (latest start ${first}, earliest end ${last})`,
      );
    }
    grid = linspace(first, last, first === last ? 1 : options.points ?? 200);
  }
  const m = grid.length;
  const at: Float64Array[] = curves.map((c) => interpolate(c.steps, c.values, grid));
  const mean = new Float64Array(m);
  const std = new Float64Array(m);
  const min = new Float64Array(m);
  const max = new Float64Array(m);
  const count = new Uint32Array(m);
  for (let g = 0; g < m; g++) {
    let n = 0;
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const values of at) {
      const v = values[g];
      if (Number.isNaN(v)) continue;
      n++;
      sum += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const mu = sum / n;
    // two passes: subtract the mean first, so large returns do not cancel catastrophically
    let squares = 0;
    for (const values of at) {
      const v = values[g];
      if (!Number.isNaN(v)) squares += (v - mu) * (v - mu);
    }
    count[g] = n;
    mean[g] = n === 0 ? NaN : mu;
    std[g] = n === 0 ? NaN : Math.sqrt(squares / n);
    min[g] = n === 0 ? NaN : lo;
    max[g] = n === 0 ? NaN : hi;
  }
  return { grid, mean, std, min, max, count };
}
