/**
 * The planning half of `deno task tune`: search spaces, seeded sampling of configurations,
 * successive halving (many trials at a small budget, the best fraction promoted to larger ones, as
 * in ASHA and Hyperband) and a score across seeds that a lucky seed cannot win. Pure functions
 * over JSON-able data, so the tuner's state is one file that resumes exactly.
 *
 * @example
 * ```ts
 * import { defaultSpace, planRungs, Random, sampleConfig } from "@seeded/rl";
 * const space = defaultSpace("ppo");
 * const config = sampleConfig(space, new Random("tune").child("trial-0"));
 * const rungs = planRungs({ trials: 27, budget: 90000, eta: 3, minBudget: 10000 });
 * ```
 *
 * @module
 */
import { Random } from "../core/random.ts";
import { describe } from "../core/text.ts";
import { powPositive } from "../core/math/pow_positive.ts";
import { quantile } from "./stats.ts";

/** One parameter of a search space. */
export type ParamSpec =
  | { type: "loguniform"; low: number; high: number }
  | { type: "uniform"; low: number; high: number }
  | { type: "int"; low: number; high: number }
  | { type: "choice"; values: unknown[] };

/** A search space: agent config field name → how to draw it. */
export type SearchSpace = Record<string, ParamSpec>;

const POW2_STEPS = [8, 16, 32, 64, 128, 256];

/**
 * The default search spaces, after rl-zoo's Optuna samplers (`hyperparams_opt.py`) narrowed to
 * what classic control needs. Every choice keeps configurations valid (powers of two so that
 * minibatches divide batches).
 */
const DEFAULT_SPACES: Readonly<Record<string, SearchSpace>> = {
  reinforce: {
    learningRate: { type: "loguniform", low: 1e-4, high: 3e-2 },
    episodesPerBatch: { type: "choice", values: [1, 2, 4, 8, 16] },
    gamma: { type: "choice", values: [0.95, 0.98, 0.99, 0.995, 0.999] },
    entCoef: { type: "choice", values: [0, 1e-4, 1e-3, 1e-2] },
    annealLr: { type: "choice", values: [true, false] },
    hiddenSizes: { type: "choice", values: [[64, 64], [128, 128]] },
  },
  a2c: {
    learningRate: { type: "loguniform", low: 1e-4, high: 1e-2 },
    numEnvs: { type: "choice", values: [4, 8, 16] },
    numSteps: { type: "choice", values: [5, 8, 16, 32] },
    gamma: { type: "choice", values: [0.95, 0.98, 0.99, 0.995, 0.999] },
    gaeLambda: { type: "choice", values: [0.8, 0.9, 0.95, 0.98, 1] },
    entCoef: { type: "choice", values: [0, 1e-4, 1e-3, 1e-2] },
    normAdv: { type: "choice", values: [true, false] },
    annealLr: { type: "choice", values: [true, false] },
    maxGradNorm: { type: "choice", values: [0.3, 0.5, 1, 5] },
  },
  ppo: {
    learningRate: { type: "loguniform", low: 1e-4, high: 3e-3 },
    numEnvs: { type: "choice", values: [4, 8, 16] },
    numSteps: { type: "choice", values: POW2_STEPS.slice(2) },
    numMinibatches: { type: "choice", values: [1, 2, 4, 8] },
    updateEpochs: { type: "int", low: 2, high: 10 },
    gamma: { type: "choice", values: [0.95, 0.98, 0.99, 0.995, 0.999] },
    gaeLambda: { type: "choice", values: [0.8, 0.9, 0.95, 0.98, 1] },
    clipCoef: { type: "choice", values: [0.1, 0.2, 0.3] },
    entCoef: { type: "choice", values: [0, 1e-4, 1e-3, 1e-2] },
    maxGradNorm: { type: "choice", values: [0.3, 0.5, 1, 5] },
  },
  dqn: {
    learningRate: { type: "loguniform", low: 1e-4, high: 3e-3 },
    gamma: { type: "choice", values: [0.95, 0.98, 0.99, 0.995] },
    batchSize: { type: "choice", values: [32, 64, 128, 256] },
    bufferSize: { type: "choice", values: [10000, 50000, 100000] },
    endE: { type: "uniform", low: 0, high: 0.1 },
    explorationFraction: { type: "uniform", low: 0.05, high: 0.5 },
    targetNetworkFrequency: { type: "choice", values: [1, 250, 500, 1000, 2000] },
    learningStarts: { type: "choice", values: [0, 1000, 5000, 10000] },
    trainFrequency: { type: "choice", values: [1, 4, 8, 16] },
    gradientSteps: { type: "choice", values: [1, 2, 4] },
    hiddenSizes: { type: "choice", values: [[64, 64], [120, 84], [256, 256]] },
    nStep: { type: "choice", values: [1, 3, 5] },
    prioritizedReplay: { type: "choice", values: [false, true] },
  },
};

/**
 * The default search space of an agent (a copy), or an empty space for an agent without one.
 *
 * @example
 * ```ts
 * import { defaultSpace } from "@seeded/rl";
 * console.log(Object.keys(defaultSpace("dqn")));
 * ```
 */
export function defaultSpace(agent: string): SearchSpace {
  return structuredClone(DEFAULT_SPACES[agent] ?? {});
}

/**
 * Checks a search space read from JSON; returns it typed. `known` lists the agent's config
 * fields, so a misspelled one is rejected.
 *
 * @throws {TypeError} naming the parameter and what is wrong.
 * @example
 * ```ts
 * import { parseSpace } from "@seeded/rl";
 * const space = parseSpace({ gamma: { type: "choice", values: [0.98, 0.99] } }, ["gamma"]);
 * ```
 */
export function parseSpace(json: unknown, known: readonly string[]): SearchSpace {
  const bad = (what: string): never => {
    throw new TypeError(`Invalid search space: ${what}`);
  };
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    bad(`expected an object of parameters, got ${describe(json)}`);
  }
  const out: SearchSpace = {};
  for (const [name, spec] of Object.entries(json as Record<string, unknown>)) {
    if (!known.includes(name)) bad(`"${name}" is not a config field (known: ${known.join(", ")})`);
    if (["env", "seed", "totalTimesteps"].includes(name)) {
      bad(`"${name}" is set by the tuner, not searched`);
    }
    const s = spec as Record<string, unknown>;
    if (s === null || typeof s !== "object") bad(`${name}: expected an object, got ${describe(s)}`);
    if (s.type === "choice") {
      if (!Array.isArray(s.values) || s.values.length === 0) {
        bad(`${name}: a choice needs a non-empty "values" array`);
      }
      out[name] = { type: "choice", values: s.values as unknown[] };
      continue;
    }
    if (s.type !== "loguniform" && s.type !== "uniform" && s.type !== "int") {
      bad(
        `${name}: type must be "loguniform", "uniform", "int" or "choice", got ${describe(s.type)}`,
      );
    }
    const low = s.low, high = s.high;
    if (typeof low !== "number" || typeof high !== "number" || !(low <= high)) {
      bad(`${name}: needs numbers low <= high, got ${describe(low)} and ${describe(high)}`);
    }
    if (s.type === "loguniform" && !((low as number) > 0)) {
      bad(`${name}: loguniform needs low > 0, got ${low}`);
    }
    if (s.type === "int" && !(Number.isSafeInteger(low) && Number.isSafeInteger(high))) {
      bad(`${name}: int needs integer bounds, got ${low} and ${high}`);
    }
    out[name] = {
      type: s.type as "loguniform" | "uniform" | "int",
      low: low as number,
      high: high as number,
    };
  }
  return out;
}

/**
 * Draws one configuration from `space` (in the space's key order; each key one draw), so the
 * same generator state gives the same configuration.
 *
 * @example
 * ```ts
 * import { Random, sampleConfig } from "@seeded/rl";
 * const c = sampleConfig({ lr: { type: "loguniform", low: 1e-4, high: 1e-2 } }, new Random(1));
 * ```
 */
export function sampleConfig(space: SearchSpace, random: Random): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(space)) {
    const u = random.float();
    switch (spec.type) {
      case "loguniform":
        out[name] = spec.low * powPositive(spec.high / spec.low, u);
        break;
      case "uniform":
        out[name] = spec.low + (spec.high - spec.low) * u;
        break;
      case "int":
        out[name] = spec.low + Math.min(Math.floor(u * (spec.high - spec.low + 1)), spec.high);
        break;
      case "choice":
        out[name] = structuredClone(
          spec.values[Math.min(Math.floor(u * spec.values.length), spec.values.length - 1)],
        );
        break;
    }
  }
  return out;
}

/** Settings of {@linkcode planRungs}. */
export interface RungSettings {
  /** Trials sampled at the first rung. */
  trials: number;
  /** The full budget (steps) of the last rung. */
  budget: number;
  /** Keep the best 1/eta of the trials at each rung and give them eta× the budget. */
  eta: number;
  /** The smallest first-rung budget worth running. */
  minBudget: number;
}

/** One rung: its budget and how many trials run at it. */
export interface Rung {
  /** Training steps of every run at this rung. */
  budget: number;
  /** Trials at this rung. */
  trials: number;
}

/**
 * The rungs of synchronous successive halving: the last rung has the full budget, each earlier
 * one 1/eta of the next (not below `minBudget`), and each rung keeps ⌈trials / eta⌉ of the
 * previous rung's trials, down to one trial or the first rung.
 *
 * @throws {RangeError} for settings out of range.
 * @example
 * ```ts
 * import { planRungs } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.deepEqual(planRungs({ trials: 9, budget: 90000, eta: 3, minBudget: 10000 }), [
 *   { budget: 10000, trials: 9 },
 *   { budget: 30000, trials: 3 },
 *   { budget: 90000, trials: 1 },
 * ]);
 * ```
 */
export function planRungs(settings: RungSettings): Rung[] {
  const { trials, budget, eta, minBudget } = settings;
  const who = "Cannot plan the tuner's rungs";
  if (!(Number.isSafeInteger(trials) && trials >= 1)) {
    throw new RangeError(`${who}: trials must be a positive integer, got ${trials}`);
  }
  if (!(Number.isSafeInteger(budget) && budget >= 1)) {
    throw new RangeError(`${who}: budget must be a positive integer, got ${budget}`);
  }
  if (!(Number.isFinite(eta) && eta >= 2)) {
    throw new RangeError(`${who}: eta must be a number >= 2, got ${eta}`);
  }
  if (!(Number.isSafeInteger(minBudget) && minBudget >= 1 && minBudget <= budget)) {
    throw new RangeError(
      `${who}: the minimum budget must be an integer in [1, ${budget}], got ${minBudget}`,
    );
  }
  // How many halvings fit: both the budget ladder and the trial count bound it.
  let levels = 1;
  while (budget / eta ** levels >= minBudget && trials / eta ** (levels - 1) > 1) levels++;
  const rungs: Rung[] = [];
  let n = trials;
  for (let r = 0; r < levels; r++) {
    rungs.push({ budget: Math.round(budget / eta ** (levels - 1 - r)), trials: n });
    n = Math.max(1, Math.ceil(n / eta));
  }
  return rungs;
}

/** How a trial's per-seed final returns become one score. */
export type ScoreRule = "mean-std" | "q25" | "mean" | "min";

/** The score rules with their one-line meanings (for `--help`). */
export const SCORE_RULES: Readonly<Record<ScoreRule, string>> = Object.freeze({
  "mean-std": "mean minus the population std over seeds (default)",
  q25: "the lower quartile over seeds",
  mean: "the mean over seeds",
  min: "the worst seed",
});

/**
 * The score of one trial from its seeds' final returns: by default the mean minus the spread, so
 * that a configuration that only works on a lucky seed loses to one that works on all of them.
 *
 * @throws {RangeError} if there are no returns or the rule is unknown.
 * @example
 * ```ts
 * import { trialScore } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(trialScore([500, 500, 500], "mean-std"), 500);
 * assert.ok(trialScore([500, 500, 20], "mean-std") < trialScore([400, 400, 400], "mean-std"));
 * ```
 */
export function trialScore(returns: readonly number[], rule: ScoreRule = "mean-std"): number {
  const n = returns.length;
  if (n === 0) throw new RangeError("Cannot score a trial: no returns, got 0");
  let mean = 0;
  for (const r of returns) mean += r;
  mean /= n;
  switch (rule) {
    case "mean":
      return mean;
    case "mean-std": {
      let v = 0;
      for (const r of returns) v += (r - mean) * (r - mean);
      return mean - Math.sqrt(v / n);
    }
    case "q25":
      return quantile(Float64Array.from(returns).sort(), 0.25);
    case "min":
      return Math.min(...returns);
    default:
      throw new RangeError(
        `Unknown score rule ${describe(rule)}: expected one of ${
          Object.keys(SCORE_RULES).join(", ")
        }`,
      );
  }
}

/**
 * The trials promoted to the next rung: the best `count` by score (a missing score, from a failed
 * run, counts as -Infinity), ties broken by the lower trial id, so promotion is deterministic.
 *
 * @example
 * ```ts
 * import { promote } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.deepEqual(promote([[0, 10], [1, 30], [2, 20]], 2), [1, 2]);
 * ```
 */
export function promote(
  scores: readonly (readonly [number, number | null])[],
  count: number,
): number[] {
  return scores
    .map(([id, s]) => [id, s === null || Number.isNaN(s) ? -Infinity : s] as const)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, count)
    .map(([id]) => id);
}

/**
 * The configurations of `trials` trials, trial i drawn from the `trial-i` child stream of the
 * tuner's seed, so adding trials never changes the earlier ones.
 *
 * @example
 * ```ts
 * import { defaultSpace, sampleTrials } from "@seeded/rl";
 * const configs = sampleTrials(defaultSpace("a2c"), 8, 1);
 * ```
 */
export function sampleTrials(
  space: SearchSpace,
  trials: number,
  seed: number,
): Record<string, unknown>[] {
  const root = new Random(`tune:${seed}`);
  return Array.from({ length: trials }, (_, i) => sampleConfig(space, root.child(`trial-${i}`)));
}
