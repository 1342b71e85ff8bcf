/**
 * The pure parts of a sweep: seed ranges, hyperparameter grids, the run list, shards of it, and
 * the aggregate statistics over finished runs (mean ± std, a seeded 95% bootstrap interval).
 *
 * @example
 * ```ts
 * import { expandRuns, parseGrid, parseSeeds, shardRuns } from "@seeded/rl";
 * const runs = expandRuns(parseSeeds("0-4"), parseGrid(["learning-rate=1e-3,3e-4"]));
 * const mine = shardRuns(runs, { index: 1, count: 2 }); // the first of two slices
 * ```
 *
 * @module
 */
import { checkSeed, Random } from "../core/random.ts";
import { bootstrapCi } from "./stats.ts";

/**
 * Parses a seed list: `"0-9"`, `"1,3,5"`, `"0-4,10,20-21"` (ranges inclusive; duplicates kept
 * out; order as written).
 *
 * @throws {RangeError} on anything else, naming the offending part.
 * @example
 * ```ts
 * import { parseSeeds } from "@seeded/rl";
 * parseSeeds("0-2,7"); // [0, 1, 2, 7]
 * ```
 */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) {
      throw new RangeError(
        `--seeds: "${part}" is not a seed or range; expected e.g. 0-9 or 1,3,5`,
      );
    }
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new RangeError(`--seeds: range "${part}" goes down; write it as ${b}-${a}`);
    if (b - a > 100_000) throw new RangeError(`--seeds: range "${part}" is too large`);
    checkSeed(b, `--seeds: ${part.trim()}:`);
    for (let s = a; s <= b; s++) if (!seen.has(s)) (seen.add(s), out.push(s));
  }
  return out;
}

/** One axis of a grid: a config flag (kebab-case, without `--`) and its values as written. */
export interface GridAxis {
  /** The flag name, e.g. `learning-rate`. */
  flag: string;
  /** The values to try, as text (parsed like the flag). */
  values: string[];
}

/**
 * Parses grid axes written `name=v1,v2,...` (the name is a config flag in kebab-case or
 * camelCase; `lr` is accepted for `learning-rate`).
 *
 * @throws {RangeError} for a malformed axis or a repeated name.
 * @example
 * ```ts
 * import { parseGrid } from "@seeded/rl";
 * parseGrid(["lr=1e-3,3e-4", "gamma=0.99,0.98"]);
 * // [{ flag: "learning-rate", values: ["1e-3", "3e-4"] }, { flag: "gamma", values: ["0.99", "0.98"] }]
 * ```
 */
export function parseGrid(axes: readonly string[]): GridAxis[] {
  const out: GridAxis[] = [];
  for (const axis of axes) {
    const m = /^([A-Za-z][\w-]*)=(.+)$/.exec(axis.trim());
    if (!m) {
      throw new RangeError(`--grid: "${axis}" is not name=value1,value2,...`);
    }
    let flag = m[1].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (flag === "lr") flag = "learning-rate";
    const values = m[2].split(",").map((v) => v.trim());
    if (values.some((v) => v === "")) throw new RangeError(`--grid: "${axis}" has an empty value`);
    if (out.some((a) => a.flag === flag)) throw new RangeError(`--grid: ${flag} is given twice`);
    out.push({ flag, values });
  }
  return out;
}

/** One run of a sweep. */
export interface PlannedRun {
  /** Position in the run list (0-based); shards are taken by this index. */
  index: number;
  /** The run seed. */
  seed: number;
  /** The grid values of this run, flag → text. */
  overrides: Record<string, string>;
  /** `flag=value` pairs joined by `,` (empty without a grid): the run's group. */
  group: string;
  /** The run directory name inside the sweep directory. */
  name: string;
}

/**
 * Every run of a sweep: the grid's cartesian product (first axis outermost), each with every seed.
 *
 * @example
 * ```ts
 * import { expandRuns } from "@seeded/rl";
 * expandRuns([0, 1], [{ flag: "gamma", values: ["0.9", "0.99"] }]).map((r) => r.name);
 * // ["gamma=0.9__seed0", "gamma=0.9__seed1", "gamma=0.99__seed0", "gamma=0.99__seed1"]
 * ```
 */
export function expandRuns(seeds: readonly number[], grid: readonly GridAxis[]): PlannedRun[] {
  let combos: Record<string, string>[] = [{}];
  for (const axis of grid) {
    combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.flag]: v })));
  }
  const runs: PlannedRun[] = [];
  for (const overrides of combos) {
    const group = Object.entries(overrides).map(([k, v]) => `${k}=${v}`).join(",");
    for (const seed of seeds) {
      runs.push({
        index: runs.length,
        seed,
        overrides,
        group,
        name: `${group ? `${group.replaceAll(",", "__")}__` : ""}seed${seed}`,
      });
    }
  }
  return runs;
}

/** A slice of the run list: the `index`-th (1-based) of `count`. */
export interface Shard {
  /** 1-based slice number. */
  index: number;
  /** Number of slices. */
  count: number;
}

/**
 * Parses `i/n` (1 ≤ i ≤ n).
 *
 * @example
 * ```ts
 * import { parseShard } from "@seeded/rl";
 * parseShard("2/4"); // { index: 2, count: 4 }
 * ```
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new RangeError(`--shard must be i/n with 1 <= i <= n, got "${text}"`);
  }
  return { index, count };
}

/**
 * The runs of one shard: run `r` belongs to slice `r.index mod count + 1` (round-robin, so
 * every slice gets a mix of seeds and grid points). The slices partition the list.
 *
 * @example
 * ```ts
 * import { expandRuns, shardRuns } from "@seeded/rl";
 * shardRuns(expandRuns([0, 1, 2, 3, 4], []), { index: 2, count: 2 }).map((r) => r.seed); // [1, 3]
 * ```
 */
export function shardRuns(runs: readonly PlannedRun[], shard: Shard): PlannedRun[] {
  return runs.filter((r) => r.index % shard.count === shard.index - 1);
}

/** The outcome of one run, as the aggregate needs it. */
export interface RunOutcome {
  /** The run's group (grid point). */
  group: string;
  /** The run seed. */
  seed: number;
  /** The run directory name. */
  name: string;
  /** `"done"`, `"failed"` (with `error`), `"interrupted"` or `"missing"` (not run yet). */
  status: "done" | "failed" | "interrupted" | "missing";
  /** The final evaluation's mean return (done runs). */
  finalReturn: number | null;
  /** The first evaluation step at the env's threshold, or null. */
  stepsToThreshold: number | null;
  /** Whether the final evaluation reached the threshold. */
  solved: boolean;
  /** Wall-clock seconds. */
  wallClockSeconds: number | null;
  /** The error of a failed run. */
  error?: string;
}

/** Aggregate statistics of one group. */
export interface GroupStats {
  /** The group (grid point; `""` without a grid). */
  group: string;
  /** Runs in the group. */
  runs: number;
  /** Finished runs. */
  done: number;
  /** Failed runs. */
  failed: number;
  /** Finished runs that reached the threshold. */
  successes: number;
  /** Mean of the final returns of finished runs (NaN if none). */
  mean: number;
  /** Population standard deviation of those returns. */
  std: number;
  /** 95% percentile-bootstrap interval of the mean (10,000 resamples, generator seeded 0). */
  ci95: [number, number] | null;
  /** Mean steps to threshold over the runs that reached it (null if none). */
  meanStepsToThreshold: number | null;
}

/**
 * Per-group statistics over run outcomes, groups in first-seen order. Deterministic: the
 * bootstrap uses its own generator seeded 0.
 *
 * @example
 * ```ts
 * import { aggregateOutcomes } from "@seeded/rl";
 * const stats = aggregateOutcomes([
 *   { group: "", seed: 0, name: "seed0", status: "done", finalReturn: 500, stepsToThreshold: 4e4, solved: true, wallClockSeconds: 3 },
 * ]);
 * ```
 */
export function aggregateOutcomes(outcomes: readonly RunOutcome[]): GroupStats[] {
  const groups = new Map<string, RunOutcome[]>();
  for (const o of outcomes) {
    if (!groups.has(o.group)) groups.set(o.group, []);
    groups.get(o.group)!.push(o);
  }
  return [...groups].map(([group, runs]) => {
    const done = runs.filter((r) => r.status === "done" && r.finalReturn !== null);
    const values = done.map((r) => r.finalReturn as number);
    const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
    const std = values.length
      ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length)
      : NaN;
    const ci = values.length ? bootstrapCi(values, new Random(0)) : null;
    const reached = done.filter((r) => r.stepsToThreshold !== null);
    return {
      group,
      runs: runs.length,
      done: done.length,
      failed: runs.filter((r) => r.status === "failed").length,
      successes: done.filter((r) => r.solved).length,
      mean,
      std,
      ci95: ci ? [ci.low, ci.high] : null,
      meanStepsToThreshold: reached.length
        ? reached.reduce((a, r) => a + (r.stepsToThreshold as number), 0) / reached.length
        : null,
    };
  });
}
