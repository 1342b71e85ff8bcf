import assert from "node:assert/strict";
import {
  bestTrial,
  createTuneState,
  nextJobs,
  parseSearchSpace,
  recordResult,
  robustScore,
  rungBudgets,
  rungMembers,
  sampleConfig,
  type SearchSpace,
  type TuneState,
} from "../../run/tune_plan.ts";
import { Random } from "../../core/random.ts";

const SPACE: SearchSpace = parseSearchSpace({
  learningRate: { type: "loguniform", low: 1e-4, high: 1e-2 },
  gamma: { type: "uniform", low: 0.9, high: 0.999 },
  nStep: { type: "int", low: 1, high: 5 },
  bufferSize: { type: "int", low: 1000, high: 100_000, log: true },
  hiddenSizes: { type: "choice", values: [[64], [64, 64], [256, 256]] },
});

Deno.test("sampleConfig: every parameter in its range, seeded, and spread over the range", () => {
  const a = sampleConfig(SPACE, new Random(3));
  assert.deepEqual(sampleConfig(SPACE, new Random(3)), a);
  const rng = new Random(1);
  const lrs: number[] = [];
  const nSteps = new Set<unknown>();
  const hidden = new Set<string>();
  let smallBuffers = 0;
  for (let k = 0; k < 2000; k++) {
    const c = sampleConfig(SPACE, rng);
    const lr = c.learningRate as number, g = c.gamma as number, b = c.bufferSize as number;
    assert.ok(lr >= 1e-4 && lr <= 1e-2 && g >= 0.9 && g <= 0.999, JSON.stringify(c));
    assert.ok(Number.isInteger(c.nStep) && Number.isInteger(b) && b >= 1000 && b <= 100_000);
    lrs.push(lr);
    nSteps.add(c.nStep);
    hidden.add(JSON.stringify(c.hiddenSizes));
    if (b < 10_000) smallBuffers++;
  }
  // log-uniform: about half the draws below the geometric middle 1e-3
  const below = lrs.filter((x) => x < 1e-3).length / lrs.length;
  assert.ok(below > 0.45 && below < 0.55, `${below}`);
  assert.ok(smallBuffers > 850 && smallBuffers < 1150, `${smallBuffers}`); // log int: ~half
  assert.deepEqual([...nSteps].sort(), [1, 2, 3, 4, 5]);
  assert.equal(hidden.size, 3);
});

Deno.test("parseSearchSpace rejects bad specs naming the parameter", () => {
  const bad: [unknown, ErrorConstructor, RegExp][] = [
    [[], TypeError, /expected an object/],
    [{ lr: { type: "normal", low: 0, high: 1 } }, TypeError, /"lr".*type must be/],
    [{ lr: { type: "loguniform", low: 0, high: 1 } }, RangeError, /"lr".*low > 0/],
    [{ lr: { type: "uniform", low: 2, high: 1 } }, RangeError, /"lr".*low <= high/],
    [{ n: { type: "int", low: 1.5, high: 3 } }, RangeError, /"n".*integers/],
    [{ c: { type: "choice", values: [] } }, RangeError, /"c".*non-empty/],
  ];
  for (const [space, type, message] of bad) {
    assert.throws(
      () => parseSearchSpace(space),
      (e: Error) => e instanceof type && message.test(e.message),
    );
  }
});

Deno.test("robustScore and rungBudgets by hand", () => {
  assert.equal(robustScore([10, 20, 30]), 20 - Math.sqrt(200 / 3));
  assert.equal(
    robustScore([500, 500, 9.5]),
    (1009.5 / 3) - Math.sqrt(
      ((500 - 1009.5 / 3) ** 2 * 2 + (9.5 - 1009.5 / 3) ** 2) / 3,
    ),
  );
  // a lucky seed loses to a steady config with a lower mean
  assert.ok(robustScore([480, 470, 475]) > robustScore([500, 500, 200]));
  assert.equal(robustScore([1, NaN]), -Infinity);
  assert.deepEqual(rungBudgets(10_000, 90_000, 3), [10_000, 30_000, 90_000]);
  assert.deepEqual(rungBudgets(10_000, 100_000, 3), [10_000, 30_000, 100_000]);
  assert.deepEqual(rungBudgets(10, 25, 3), [10, 25]);
  assert.deepEqual(rungBudgets(5, 5, 2), [5]);
  assert.throws(() => rungBudgets(10, 5, 3), RangeError);
  assert.throws(() => rungBudgets(10, 50, 1), RangeError);
});

/** A fake objective: trial i returns 10·i on every seed, minus a seed-dependent spread for odd i. */
function runJobs(state: TuneState, limit = Infinity): number {
  let ran = 0;
  for (const job of nextJobs(state)) {
    if (ran++ >= limit) break;
    const spread = job.trial % 2 === 1 ? 40 * (job.seed - 2) : 0;
    recordResult(state, { ...job, finalReturn: 10 * job.trial + spread + job.rung });
  }
  return ran;
}

Deno.test("successive halving: rungs, promotion of the robust best, resume from JSON", () => {
  const options = {
    trials: 9,
    seeds: [1, 2, 3],
    minBudget: 1000,
    maxBudget: 9000,
    eta: 3,
    seed: 5,
  };
  const state = createTuneState(SPACE, options);
  assert.equal(state.configs.length, 9);
  assert.deepEqual(state.budgets, [1000, 3000, 9000]);
  assert.deepEqual(createTuneState(SPACE, options), state); // seeded
  const jobs = nextJobs(state);
  assert.equal(jobs.length, 27);
  assert.ok(jobs.every((j) => j.budget === 1000 && j.rung === 0));
  assert.equal(bestTrial(state), null);

  // Interrupt halfway through rung 0, resume from the JSON state.
  runJobs(state, 13);
  const resumed = JSON.parse(JSON.stringify(state)) as TuneState;
  assert.equal(nextJobs(resumed).length, 14);
  runJobs(resumed);
  // Scores: even i → 10i; odd i → 10i − std(−40, 0, 40) = 10i − 32.66 (trial 7: 37.3, which
  // the steady trial 4 beats with 40). Best 3 of 9: 8, 6, 4.
  assert.deepEqual(rungMembers(resumed), [[0, 1, 2, 3, 4, 5, 6, 7, 8], [4, 6, 8]]);
  const rung1 = nextJobs(resumed);
  assert.deepEqual(
    rung1.map((j) => [j.trial, j.seed, j.budget]),
    [4, 6, 8].flatMap((t) => [1, 2, 3].map((seed) => [t, seed, 3000])),
  );
  assert.deepEqual(rung1[0].config, resumed.configs[4]);
  runJobs(resumed);
  assert.deepEqual(rungMembers(resumed).at(-1), [8]);
  runJobs(resumed);
  assert.deepEqual(nextJobs(resumed), []);
  const best = bestTrial(resumed)!;
  assert.deepEqual([best.trial, best.rung, best.score], [8, 2, 82]);
  assert.throws(
    () => recordResult(resumed, { trial: 0, rung: 1, seed: 1, finalReturn: 0 }),
    RangeError,
  );
});
