/**
 * Multi-seed statistics for learning results, as "Deep RL at the Edge of the Statistical
 * Precipice" (Agarwal et al. 2021, the rliable library) recommends: the interquartile mean of
 * per-seed scores with a stratified percentile-bootstrap interval, and a Wilson score interval
 * for the fraction of seeds that reach a threshold.
 *
 * @example
 * ```ts
 * import { interquartileMean, Random, stratifiedBootstrapCi, wilsonInterval } from "@seeded/rl";
 * const finals = [500, 500, 480, 120, 500, 499, 500, 475, 500, 500];
 * const iqm = stratifiedBootstrapCi([finals], interquartileMean, new Random(0));
 * const solved = wilsonInterval(finals.filter((r) => r >= 475).length, finals.length);
 * ```
 *
 * @module
 */
import type { Random } from "../core/random.ts";

/** A proportion with its confidence interval ({@linkcode wilsonInterval}). */
export interface ProportionInterval {
  /** successes / trials. */
  proportion: number;
  /** The lower end of the interval. */
  low: number;
  /** The upper end of the interval. */
  high: number;
}

/**
 * The Wilson score interval of a binomial proportion (Wilson 1927), which stays inside [0, 1] and
 * keeps its coverage for small samples and proportions near 0 or 1 (9 of 10 seeds, say), unlike
 * the normal approximation.
 *
 * @param successes Trials that succeeded, an integer in [0, trials].
 * @param trials Number of trials, a positive integer.
 * @param z The normal quantile of the coverage (1.959964 for 95%).
 * @throws {RangeError} for counts that are not integers in range, or a non-positive `z`.
 * @example
 * ```ts
 * import { wilsonInterval } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const ci = wilsonInterval(9, 10);
 * assert.equal(ci.proportion, 0.9);
 * assert.ok(Math.abs(ci.low - 0.5958) < 1e-4 && Math.abs(ci.high - 0.9821) < 1e-4);
 * ```
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  z: number = 1.959963984540054,
): ProportionInterval {
  if (!(Number.isSafeInteger(trials) && trials > 0)) {
    throw new RangeError(
      `Cannot compute wilsonInterval: trials must be a positive integer, got ${trials}`,
    );
  }
  if (!(Number.isSafeInteger(successes) && successes >= 0 && successes <= trials)) {
    throw new RangeError(
      `Cannot compute wilsonInterval: successes must be an integer in [0, ${trials}], got ${successes}`,
    );
  }
  if (!(z > 0 && Number.isFinite(z))) {
    throw new RangeError(`Cannot compute wilsonInterval: z must be a positive number, got ${z}`);
  }
  const n = trials, p = successes / n, z2 = z * z;
  const center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {
    proportion: p,
    low: successes === 0 ? 0 : Math.max(0, center - half),
    high: successes === trials ? 1 : Math.min(1, center + half),
  };
}

/**
 * The mean of the values between the 25th and 75th percentiles: the lowest and highest
 * `floor(n / 4)` values are dropped (SciPy's `trim_mean(x, 0.25)`, which rliable's IQM uses).
 * Robust to one collapsed or one lucky seed, and less noisy than the median.
 *
 * @param values At least one number.
 * @throws {RangeError} if `values` is empty.
 * @example
 * ```ts
 * import { interquartileMean } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(interquartileMean([1, 2, 3, 4, 100, -50, 5, 6]), 3.5); // mean of 2, 3, 4, 5
 * ```
 */
export function interquartileMean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) throw new RangeError("Cannot compute interquartileMean: no values, got 0");
  const sorted = Float64Array.from(values).sort();
  const cut = Math.floor(n / 4);
  let sum = 0;
  for (let i = cut; i < n - cut; i++) sum += sorted[i];
  return sum / (n - 2 * cut);
}

/**
 * The arithmetic mean.
 *
 * @param values At least one number.
 * @throws {RangeError} if `values` is empty.
 * @example
 * ```ts
 * import { mean } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(mean([1, 2, 6]), 3);
 * ```
 */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) throw new RangeError("Cannot compute mean: no values, got 0");
  let total = 0;
  for (let i = 0; i < n; i++) total += values[i];
  return total / n;
}

/** Options of {@linkcode stratifiedBootstrapCi}. */
export interface StratifiedBootstrapOptions {
  /**
   * Number of resamples.
   *
   * @default {10000}
   */
  resamples?: number;
  /**
   * Coverage of the interval, in (0, 1).
   *
   * @default {0.95}
   */
  confidence?: number;
}

/** A statistic with its bootstrap confidence interval. */
export interface StatisticInterval {
  /** The statistic of the original sample. */
  value: number;
  /** The lower end of the interval. */
  low: number;
  /** The upper end of the interval. */
  high: number;
}

/**
 * A stratified percentile-bootstrap interval (rliable's `StratifiedBootstrap`): each resample
 * draws, with replacement, as many values from each group (each task or preset) as the group has,
 * pools them in group order and applies `statistic`; the interval is the (1 − confidence)/2 and
 * (1 + confidence)/2 quantiles of the resampled statistics. With one group it is the ordinary
 * percentile bootstrap. Deterministic for a given `random` stream.
 *
 * @param groups The per-seed scores of each group; every group non-empty.
 * @param statistic Maps the pooled sample to a number (for example {@linkcode interquartileMean}).
 * @param random The generator to resample with (pass a dedicated child stream).
 * @param options Number of resamples and the confidence level.
 * @throws {RangeError} if there are no groups, an empty group, or options out of range.
 * @example
 * ```ts
 * import { interquartileMean, Random, stratifiedBootstrapCi } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const ci = stratifiedBootstrapCi([[480, 500, 500, 455, 500]], interquartileMean, new Random(0));
 * assert.ok(ci.low <= ci.value && ci.value <= ci.high);
 * ```
 */
export function stratifiedBootstrapCi(
  groups: readonly ArrayLike<number>[],
  statistic: (values: Float64Array) => number,
  random: Random,
  options: StratifiedBootstrapOptions = {},
): StatisticInterval {
  const { resamples = 10000, confidence = 0.95 } = options;
  const who = "Cannot compute a bootstrap interval";
  if (groups.length === 0) throw new RangeError(`${who}: no groups, got 0`);
  let total = 0;
  for (const [g, values] of groups.entries()) {
    if (values.length === 0) throw new RangeError(`${who}: group ${g} has no values`);
    total += values.length;
  }
  if (!(Number.isSafeInteger(resamples) && resamples > 0)) {
    throw new RangeError(`${who}: resamples must be a positive integer, got ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${who}: confidence must be in (0, 1), got ${confidence}`);
  }
  const pooled = new Float64Array(total);
  let k = 0;
  for (const values of groups) for (let i = 0; i < values.length; i++) pooled[k++] = values[i];
  const value = statistic(pooled.slice());
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    k = 0;
    for (const values of groups) {
      const n = values.length;
      for (let i = 0; i < n; i++) pooled[k++] = values[random.int(n)];
    }
    stats[r] = statistic(pooled);
  }
  stats.sort();
  return {
    value,
    low: quantile(stats, (1 - confidence) / 2),
    high: quantile(stats, (1 + confidence) / 2),
  };
}

/**
 * The q-quantile of an ascending-sorted array, interpolating linearly between the two nearest
 * ranks (NumPy's default `method="linear"`): position `q · (n − 1)`.
 *
 * @param sorted Values in ascending order, at least one.
 * @param q The quantile, in [0, 1].
 * @throws {RangeError} if `sorted` is empty or `q` is outside [0, 1].
 * @example
 * ```ts
 * import { quantile } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5); // position 1.5
 * ```
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError("Cannot compute quantile: no values, got 0");
  if (!(q >= 0 && q <= 1)) {
    throw new RangeError(`Cannot compute quantile: q must be in [0, 1], got ${q}`);
  }
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  if (i === sorted.length - 1) return sorted[i];
  return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
}

/** Options of {@linkcode bootstrapCi}. */
export interface BootstrapOptions {
  /**
   * Number of resamples.
   *
   * @default {10000}
   */
  resamples?: number;
  /**
   * Coverage of the interval, in (0, 1).
   *
   * @default {0.95}
   */
  confidence?: number;
}

/** A mean with its bootstrap confidence interval ({@linkcode bootstrapCi}). */
export interface ConfidenceInterval {
  /** The mean of the values. */
  mean: number;
  /** The lower end of the interval. */
  low: number;
  /** The upper end of the interval. */
  high: number;
}

/**
 * A percentile-bootstrap confidence interval of the mean: resample the values with replacement
 * `resamples` times, and take the (1 − confidence)/2 and (1 + confidence)/2 quantiles of the
 * resampled means. Deterministic for a given `random` stream (pass a dedicated child stream).
 *
 * @param values The sample, e.g. the final return of each seed; at least one finite value.
 * @param random The generator to resample with.
 * @param options Number of resamples and the confidence level.
 * @returns The mean and the interval.
 * @throws {RangeError} if there are no values, or the options are out of range.
 * @example
 * ```ts
 * import { bootstrapCi, Random } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const ci = bootstrapCi([480, 500, 500, 455, 500], new Random(0).child("bootstrap"));
 * assert.equal(ci.mean, 487);
 * assert.ok(455 <= ci.low && ci.low <= ci.mean && ci.mean <= ci.high && ci.high <= 500);
 * ```
 */
export function bootstrapCi(
  values: ArrayLike<number>,
  random: Random,
  options: BootstrapOptions = {},
): ConfidenceInterval {
  if (values.length === 0) throw new RangeError("Cannot compute bootstrapCi: no values, got 0");
  const ci = stratifiedBootstrapCi([values], mean, random, options);
  return { mean: ci.value, low: ci.low, high: ci.high };
}
