/**
 * The pure parts of the tuner: a search space (log-uniform, uniform, integer and choice
 * parameters), seeded random sampling of trial configs, successive-halving rungs (many trials at a
 * small budget, the best `1/η` promoted to `η` times the budget), a robust score over several seeds,
 * and a JSON-able state that resumes after an interrupt.
 *
 * @example
 * ```ts
 * import { createTuneState, nextJobs, recordResult } from "@seeded/rl";
 * const state = createTuneState(
 *   { learningRate: { type: "loguniform", low: 1e-4, high: 1e-2 } },
 *   { trials: 9, seeds: [1, 2, 3], minBudget: 10_000, maxBudget: 90_000, eta: 3, seed: 0 },
 * );
 * for (const job of nextJobs(state)) {
 *   // train job.config on job.seed for job.budget steps, then:
 *   recordResult(state, { ...job, finalReturn: 100 });
 * }
 * ```
 *
 * @module
 */
import { Random } from "../core/random.ts";

/** One searched parameter. */
export type ParamSpec =
  | { type: "loguniform"; low: number; high: number }
  | { type: "uniform"; low: number; high: number }
  | { type: "int"; low: number; high: number; log?: boolean }
  | { type: "choice"; values: readonly unknown[] };

/** A search space: config field → how to draw it. */
export type SearchSpace = Record<string, ParamSpec>;

/**
 * Checks a search space (for example parsed from `--space space.json`) and returns it typed.
 *
 * @throws {TypeError} if it is not an object of parameter specs or a spec has an unknown type.
 * @throws {RangeError} if a range is empty or not finite (log-uniform needs `low > 0`), an
 *   integer range has non-integer ends, or a choice has no values.
 * @example
 * ```ts
 * import { parseSearchSpace } from "@seeded/rl";
 * const space = parseSearchSpace(JSON.parse('{"gamma": {"type": "uniform", "low": 0.9, "high": 0.999}}'));
 * ```
 */
export function parseSearchSpace(value: unknown): SearchSpace {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`Cannot read the search space: expected an object, got ${String(value)}`);
  }
  const out: SearchSpace = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const spec = raw as Record<string, unknown>;
    const where = `search space parameter "${name}"`;
    if (spec === null || typeof spec !== "object") {
      throw new TypeError(`Cannot read the ${where}: expected an object, got ${String(spec)}`);
    }
    const { type, low, high } = spec;
    if (type === "choice") {
      if (!Array.isArray(spec.values) || spec.values.length === 0) {
        throw new RangeError(`Cannot read the ${where}: a choice needs a non-empty values array`);
      }
      out[name] = { type, values: spec.values.slice() };
      continue;
    }
    if (type !== "loguniform" && type !== "uniform" && type !== "int") {
      throw new TypeError(
        `Cannot read the ${where}: type must be "loguniform", "uniform", "int" or "choice", ` +
          `got ${JSON.stringify(type)}`,
      );
    }
    if (!(typeof low === "number" && typeof high === "number" && low <= high)) {
      throw new RangeError(
        `Cannot read the ${where}: needs numbers low <= high, got ${low}, ${high}`,
      );
    }
    if (!(Number.isFinite(low) && Number.isFinite(high))) {
      throw new RangeError(`Cannot read the ${where}: low and high must be finite`);
    }
    const log = type === "loguniform" || (type === "int" && spec.log === true);
    if (log && !(low > 0)) {
      throw new RangeError(`Cannot read the ${where}: a log scale needs low > 0, got ${low}`);
    }
    if (type === "int") {
      if (!(Number.isSafeInteger(low) && Number.isSafeInteger(high))) {
        throw new RangeError(`Cannot read the ${where}: int bounds must be integers`);
      }
      out[name] = { type, low, high, log };
    } else out[name] = { type, low, high };
  }
  return out;
}

/**
 * Draws one config from `space` with `rng`, one `rng.float()` per parameter in the space's key
 * order: log-uniform `exp(U(log low, log high))`, uniform `U(low, high)`, int uniform on
 * `low..high` (or log-uniform, rounded down, with `log`), choice uniform over the values.
 *
 * @example
 * ```ts
 * import { Random, sampleConfig } from "@seeded/rl";
 * const config = sampleConfig(
 *   { batchSize: { type: "choice", values: [32, 64, 128] }, nStep: { type: "int", low: 1, high: 5 } },
 *   new Random(1),
 * ); // e.g. { batchSize: 64, nStep: 3 }
 * ```
 */
export function sampleConfig(space: SearchSpace, rng: Random): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(space)) {
    const u = rng.float();
    switch (spec.type) {
      case "loguniform": {
        const a = Math.log(spec.low), b = Math.log(spec.high);
        out[name] = Math.min(spec.high, Math.max(spec.low, Math.exp(a + u * (b - a))));
        break;
      }
      case "uniform":
        out[name] = spec.low + u * (spec.high - spec.low);
        break;
      case "int": {
        let v: number;
        if (spec.log) {
          const a = Math.log(spec.low), b = Math.log(spec.high + 1);
          v = Math.floor(Math.exp(a + u * (b - a)));
        } else v = spec.low + Math.floor(u * (spec.high - spec.low + 1));
        out[name] = Math.min(spec.high, Math.max(spec.low, v));
        break;
      }
      case "choice":
        out[name] = structuredClone(spec.values[Math.floor(u * spec.values.length)]);
        break;
    }
  }
  return out;
}

/**
 * The robust score of a trial over its seeds: the mean minus the (population) standard deviation
 * of the final returns, so that a config which works only on a lucky seed loses to one that works
 * on all of them. A missing or non-finite return counts as `-Infinity`.
 *
 * @throws {RangeError} if `returns` is empty.
 * @example
 * ```ts
 * import { robustScore } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(robustScore([500, 500, 500]), 500);
 * assert.equal(robustScore([100, 300]), 100); // mean 200, std 100
 * ```
 */
export function robustScore(returns: readonly number[]): number {
  if (returns.length === 0) throw new RangeError("Cannot score a trial: no returns");
  if (!returns.every(Number.isFinite)) return -Infinity;
  const n = returns.length;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / n;
  return mean - Math.sqrt(variance);
}

/**
 * The budgets of the successive-halving rungs: `minBudget · η^k` up to `maxBudget`, the last rung
 * at `maxBudget` exactly.
 *
 * @throws {RangeError} unless `0 < minBudget <= maxBudget` (integers) and `eta >= 2`.
 * @example
 * ```ts
 * import { rungBudgets } from "@seeded/rl";
 * rungBudgets(10_000, 100_000, 3); // [10000, 30000, 90000 → 100000]: [10000, 30000, 100000]
 * ```
 */
export function rungBudgets(minBudget: number, maxBudget: number, eta: number): number[] {
  if (
    !(Number.isSafeInteger(minBudget) && minBudget > 0 && Number.isSafeInteger(maxBudget) &&
      maxBudget >= minBudget)
  ) {
    throw new RangeError(
      `Cannot plan rungs: budgets must be integers 0 < minBudget <= maxBudget, got ${minBudget}, ${maxBudget}`,
    );
  }
  if (!(Number.isInteger(eta) && eta >= 2)) {
    throw new RangeError(`Cannot plan rungs: eta must be an integer >= 2, got ${eta}`);
  }
  const out = [minBudget];
  while (out[out.length - 1] * eta < maxBudget) out.push(out[out.length - 1] * eta);
  if (out[out.length - 1] !== maxBudget) {
    if (out.length > 1 && out[out.length - 1] * eta > maxBudget) out[out.length - 1] = maxBudget;
    else out.push(maxBudget);
  }
  return out;
}

/** Options of {@linkcode createTuneState}. */
export interface TuneOptions {
  /** Trials sampled for the first rung. */
  trials: number;
  /** Every trial is trained on each of these seeds and scored with {@linkcode robustScore}. */
  seeds: number[];
  /** The budget (env steps) of the first rung. */
  minBudget: number;
  /** The budget of the last rung. */
  maxBudget: number;
  /** The reduction factor η: each rung keeps the best `⌈n/η⌉` trials and multiplies the budget by η. */
  eta: number;
  /** The tuner's seed: trial i's config is drawn from `new Random(seed).child("trial-" + i)`. */
  seed: number;
}

/** One finished training run of a trial. */
export interface TuneResult {
  /** The trial index. */
  trial: number;
  /** The rung index. */
  rung: number;
  /** The run seed. */
  seed: number;
  /** The final evaluation return of the run. */
  finalReturn: number;
}

/** A training run the tuner wants: a trial's config at a rung's budget on one seed. */
export interface TuneJob {
  /** The trial index. */
  trial: number;
  /** The rung index. */
  rung: number;
  /** The run seed. */
  seed: number;
  /** The training budget in env steps. */
  budget: number;
  /** The trial's sampled config. */
  config: Record<string, unknown>;
}

/** The whole state of a tuning run, plain JSON: save it after every result to resume. */
export interface TuneState {
  /** The format version, 1. */
  version: 1;
  /** The search space. */
  space: SearchSpace;
  /** The options. */
  options: TuneOptions;
  /** The budget of each rung. */
  budgets: number[];
  /** The sampled config of every trial. */
  configs: Record<string, unknown>[];
  /** The finished runs, in the order they were recorded. */
  results: TuneResult[];
}

/**
 * Starts a tuning run: validates the options, plans the rungs and samples every trial's config.
 *
 * @throws {RangeError} for a bad option (naming it and its value).
 * @example
 * ```ts
 * import { createTuneState } from "@seeded/rl";
 * const state = createTuneState(
 *   { gamma: { type: "uniform", low: 0.95, high: 0.999 } },
 *   { trials: 27, seeds: [1, 2, 3], minBudget: 5000, maxBudget: 45_000, eta: 3, seed: 1 },
 * );
 * JSON.stringify(state); // tune.json
 * ```
 */
export function createTuneState(space: SearchSpace, options: TuneOptions): TuneState {
  const { trials, seeds, seed } = options;
  if (!(Number.isSafeInteger(trials) && trials > 0)) {
    throw new RangeError(`Cannot tune: trials must be a positive integer, got ${trials}`);
  }
  if (!(Array.isArray(seeds) && seeds.length > 0 && seeds.every(Number.isSafeInteger))) {
    throw new RangeError(`Cannot tune: seeds must be a non-empty list of integers, got ${seeds}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`Cannot tune: seed must be an integer, got ${seed}`);
  }
  const checked = parseSearchSpace(space);
  const budgets = rungBudgets(options.minBudget, options.maxBudget, options.eta);
  const root = new Random(seed);
  const configs = [];
  for (let i = 0; i < trials; i++) configs.push(sampleConfig(checked, root.child(`trial-${i}`)));
  return {
    version: 1,
    space: checked,
    options: { ...options, seeds: seeds.slice() },
    budgets,
    configs,
    results: [],
  };
}

/**
 * The trials of each rung so far: rung 0 holds every trial; rung k + 1 the best `⌈n_k / η⌉` of
 * rung k by score (ties to the lower trial index), once every run of rung k is recorded.
 * Promotion waits for the whole rung (synchronous successive halving) so that the outcome does not
 * depend on which worker finishes first: the tuner is as reproducible as a run.
 *
 * @example
 * ```ts
 * import { createTuneState, rungMembers } from "@seeded/rl";
 * const state = createTuneState({}, { trials: 4, seeds: [1], minBudget: 1, maxBudget: 4, eta: 2, seed: 0 });
 * rungMembers(state); // [[0, 1, 2, 3]] until rung 0 is finished
 * ```
 */
export function rungMembers(state: TuneState): number[][] {
  const rungs: number[][] = [state.configs.map((_, i) => i)];
  for (let k = 0; k + 1 < state.budgets.length; k++) {
    const scores = scoresOf(state, rungs[k], k);
    if (scores === null) break;
    const keep = Math.ceil(rungs[k].length / state.options.eta);
    const ranked = rungs[k].slice().sort((a, b) => scores.get(b)! - scores.get(a)! || a - b);
    rungs.push(ranked.slice(0, keep).sort((a, b) => a - b));
  }
  return rungs;
}

/**
 * The score of every trial of rung k, or `null` while some of its runs are missing.
 *
 * @example
 * ```ts
 * import { createTuneState, rungScores } from "@seeded/rl";
 * const state = createTuneState({}, { trials: 1, seeds: [1], minBudget: 1, maxBudget: 1, eta: 2, seed: 0 });
 * state.results.push({ trial: 0, rung: 0, seed: 1, finalReturn: 7 });
 * rungScores(state, 0); // Map { 0 => 7 }
 * ```
 */
export function rungScores(state: TuneState, rung: number): Map<number, number> | null {
  const members = rungMembers(state)[rung];
  return members === undefined ? null : scoresOf(state, members, rung);
}

function scoresOf(state: TuneState, members: number[], rung: number): Map<number, number> | null {
  const byTrial = new Map<number, Map<number, number>>();
  for (const r of state.results) {
    if (r.rung !== rung) continue;
    if (!byTrial.has(r.trial)) byTrial.set(r.trial, new Map());
    byTrial.get(r.trial)!.set(r.seed, r.finalReturn);
  }
  const scores = new Map<number, number>();
  for (const t of members) {
    const got = byTrial.get(t);
    const returns = state.options.seeds.map((s) => got?.get(s));
    if (returns.some((r) => r === undefined)) return null;
    scores.set(t, robustScore(returns as number[]));
  }
  return scores;
}

/**
 * The runs still to do at the current rung (every seed of every member without a result), in
 * trial then seed order; empty when the tuning is finished. They can run in parallel; call again
 * after recording them to get the next rung's.
 *
 * @example
 * ```ts
 * import { createTuneState, nextJobs } from "@seeded/rl";
 * const state = createTuneState({}, { trials: 2, seeds: [1, 2], minBudget: 100, maxBudget: 100, eta: 2, seed: 0 });
 * nextJobs(state).length; // 4: 2 trials × 2 seeds
 * ```
 */
export function nextJobs(state: TuneState): TuneJob[] {
  const rungs = rungMembers(state);
  const k = rungs.length - 1;
  const done = new Set(
    state.results.filter((r) => r.rung === k).map((r) => `${r.trial}/${r.seed}`),
  );
  const jobs: TuneJob[] = [];
  for (const trial of rungs[k]) {
    for (const seed of state.options.seeds) {
      if (done.has(`${trial}/${seed}`)) continue;
      jobs.push({ trial, rung: k, seed, budget: state.budgets[k], config: state.configs[trial] });
    }
  }
  return jobs;
}

/**
 * Records a finished run (replacing an earlier result of the same trial, rung and seed).
 *
 * @throws {RangeError} if the run is not one the tuner asked for.
 * @example
 * ```ts
 * import { createTuneState, recordResult } from "@seeded/rl";
 * const state = createTuneState({}, { trials: 1, seeds: [1], minBudget: 1, maxBudget: 1, eta: 2, seed: 0 });
 * recordResult(state, { trial: 0, rung: 0, seed: 1, finalReturn: 42 });
 * ```
 */
export function recordResult(state: TuneState, result: TuneResult): void {
  const members = rungMembers(state)[result.rung];
  if (
    members === undefined || !members.includes(result.trial) ||
    !state.options.seeds.includes(result.seed) || typeof result.finalReturn !== "number"
  ) {
    throw new RangeError(
      `Cannot record a tuning result: trial ${result.trial} at rung ${result.rung} on seed ` +
        `${result.seed} was not planned`,
    );
  }
  const { trial, rung, seed, finalReturn } = result;
  state.results = state.results.filter((r) =>
    !(r.trial === trial && r.rung === rung && r.seed === seed)
  );
  state.results.push({ trial, rung, seed, finalReturn });
}

/**
 * The best trial so far: the highest score at the highest rung that is complete, or `null`
 * before rung 0 is complete.
 *
 * @example
 * ```ts
 * import { bestTrial, createTuneState, recordResult } from "@seeded/rl";
 * const state = createTuneState({}, { trials: 2, seeds: [1], minBudget: 1, maxBudget: 1, eta: 2, seed: 0 });
 * recordResult(state, { trial: 0, rung: 0, seed: 1, finalReturn: 1 });
 * recordResult(state, { trial: 1, rung: 0, seed: 1, finalReturn: 2 });
 * bestTrial(state); // { trial: 1, rung: 0, score: 2, config: {} }
 * ```
 */
export function bestTrial(
  state: TuneState,
): { trial: number; rung: number; score: number; config: Record<string, unknown> } | null {
  const rungs = rungMembers(state);
  for (let k = rungs.length - 1; k >= 0; k--) {
    const scores = scoresOf(state, rungs[k], k);
    if (scores === null) continue;
    let best = -1;
    for (const t of rungs[k]) if (best < 0 || scores.get(t)! > scores.get(best)!) best = t;
    return { trial: best, rung: k, score: scores.get(best)!, config: state.configs[best] };
  }
  return null;
}
