import assert from "node:assert/strict";
import {
  aggregateOutcomes,
  expandRuns,
  parseGrid,
  parseSeeds,
  parseShard,
  type RunOutcome,
  shardRuns,
} from "../../run/sweep_plan.ts";

Deno.test("parseSeeds: ranges and lists, in order, without duplicates", () => {
  assert.deepEqual(parseSeeds("0-4"), [0, 1, 2, 3, 4]);
  assert.deepEqual(parseSeeds("3,1,2-3,7"), [3, 1, 2, 7]);
  assert.deepEqual(parseSeeds(" 5 "), [5]);
  assert.throws(() => parseSeeds("a-b"), /--seeds: "a-b" is not a seed or range/);
  assert.throws(() => parseSeeds("5-2"), /goes down; write it as 2-5/);
  assert.throws(() => parseSeeds(""), /is not a seed or range/);
});

Deno.test("parseGrid: flag names, the lr alias, errors", () => {
  assert.deepEqual(parseGrid(["lr=1e-3,3e-4", "gaeLambda=0.9"]), [
    { flag: "learning-rate", values: ["1e-3", "3e-4"] },
    { flag: "gae-lambda", values: ["0.9"] },
  ]);
  assert.throws(() => parseGrid(["gamma"]), /not name=value1,value2/);
  assert.throws(() => parseGrid(["gamma=0.9,"]), /empty value/);
  assert.throws(() => parseGrid(["gamma=0.9", "gamma=0.8"]), /gamma is given twice/);
});

Deno.test("expandRuns: grid product (first axis outermost) times seeds, unique names", () => {
  const runs = expandRuns([0, 1], parseGrid(["lr=1,2", "gamma=0.9,0.8,0.7"]));
  assert.equal(runs.length, 2 * 3 * 2);
  assert.deepEqual(runs.map((r) => r.index), [...Array(12).keys()]);
  assert.equal(runs[0].name, "learning-rate=1__gamma=0.9__seed0");
  assert.equal(runs[11].name, "learning-rate=2__gamma=0.7__seed1");
  assert.equal(runs[2].group, "learning-rate=1,gamma=0.8");
  assert.equal(new Set(runs.map((r) => r.name)).size, runs.length);
  assert.deepEqual(expandRuns([4], []).map((r) => [r.name, r.group]), [["seed4", ""]]);
});

Deno.test("shards partition the run list: every run exactly once", () => {
  const runs = expandRuns(parseSeeds("0-9"), parseGrid(["gamma=0.9,0.99,0.999"]));
  for (const count of [1, 2, 3, 4, 7, 30, 31]) {
    const seen = new Map<number, number>();
    for (let i = 1; i <= count; i++) {
      for (const r of shardRuns(runs, { index: i, count })) {
        seen.set(r.index, (seen.get(r.index) ?? 0) + 1);
      }
    }
    assert.equal(seen.size, runs.length, `count ${count}`);
    assert.ok([...seen.values()].every((n) => n === 1), `count ${count}`);
  }
  assert.deepEqual(parseShard("2/4"), { index: 2, count: 4 });
  assert.throws(() => parseShard("0/4"), /--shard must be i\/n with 1 <= i <= n, got "0\/4"/);
  assert.throws(() => parseShard("5/4"), RangeError);
  assert.throws(() => parseShard("x"), RangeError);
});

Deno.test("aggregateOutcomes: per-group mean, population std, successes, failures", () => {
  const o = (
    group: string,
    seed: number,
    status: RunOutcome["status"],
    ret: number | null,
    steps: number | null,
  ): RunOutcome => ({
    group,
    seed,
    name: `${group}${seed}`,
    status,
    finalReturn: ret,
    stepsToThreshold: steps,
    solved: ret !== null && ret >= 475,
    wallClockSeconds: 1,
  });
  const stats = aggregateOutcomes([
    o("a", 0, "done", 500, 1000),
    o("a", 1, "done", 400, null),
    o("a", 2, "failed", null, null),
    o("b", 0, "done", 480, 3000),
    o("b", 1, "missing", null, null),
  ]);
  assert.equal(stats.length, 2);
  const [a, b] = stats;
  // a: returns 500, 400: mean 450, population std 50
  assert.equal(a.mean, 450);
  assert.equal(a.std, 50);
  assert.equal(a.done, 2);
  assert.equal(a.failed, 1);
  assert.equal(a.successes, 1);
  assert.equal(a.meanStepsToThreshold, 1000);
  assert.ok(a.ci95 && a.ci95[0] >= 400 && a.ci95[1] <= 500);
  assert.equal(b.mean, 480);
  assert.equal(b.std, 0);
  assert.deepEqual(b.ci95, [480, 480]);
  assert.equal(b.runs, 2);
  // deterministic (the bootstrap has its own seeded generator)
  assert.deepEqual(
    aggregateOutcomes([o("a", 0, "done", 500, 1), o("a", 1, "done", 400, 1)])[0].ci95,
    a.ci95,
  );
});
