import assert from "node:assert/strict";
import { Random } from "../../core/random.ts";
import {
  bootstrapCi,
  interquartileMean,
  mean,
  stratifiedBootstrapCi,
  wilsonInterval,
} from "../../run/stats.ts";

Deno.test("wilsonInterval() matches hand-computed values and stays in [0, 1]", () => {
  // 9/10, z = 1.96: centre (0.9 + 0.19208) / 1.38416 = 0.78898; half 0.19312 → [0.5958, 0.9821]
  const a = wilsonInterval(9, 10);
  assert.equal(a.proportion, 0.9);
  assert.ok(Math.abs(a.low - 0.59585) < 1e-4, String(a.low));
  assert.ok(Math.abs(a.high - 0.98212) < 1e-4, String(a.high));
  // statsmodels proportion_confint(5, 20, method="wilson") = (0.11186, 0.46869)
  const b = wilsonInterval(5, 20);
  assert.ok(Math.abs(b.low - 0.11186) < 1e-4 && Math.abs(b.high - 0.46869) < 1e-4);
  assert.deepEqual(wilsonInterval(0, 3).low, 0);
  assert.deepEqual(wilsonInterval(3, 3).high, 1);
  assert.ok(wilsonInterval(3, 3).low > 0.4 && wilsonInterval(3, 3).low < 0.5); // 0.4385
  assert.throws(() => wilsonInterval(11, 10), /successes must be an integer in \[0, 10\], got 11/);
  assert.throws(() => wilsonInterval(0, 0), /trials must be a positive integer, got 0/);
});

Deno.test("interquartileMean() trims floor(n/4) from each end (scipy trim_mean 0.25)", () => {
  assert.equal(interquartileMean([5]), 5);
  assert.equal(interquartileMean([1, 2, 3]), 2); // n = 3: nothing trimmed
  assert.equal(interquartileMean([4, 1, 3, 2]), 2.5); // trims 1 and 4
  assert.equal(interquartileMean([1, 2, 3, 4, 100, -50, 5, 6]), 3.5);
  // n = 10: trims 2 each side
  assert.equal(interquartileMean([0, 0, 1, 2, 3, 4, 5, 6, 1000, 1000]), 3.5);
  assert.throws(() => interquartileMean([]), /no values/);
  assert.equal(mean([1, 2, 6]), 3);
});

Deno.test("stratifiedBootstrapCi() resamples within groups, is seeded, and brackets the statistic", () => {
  const groups = [[500, 500, 480, 120, 500], [-100, -105, -98, -300, -101]];
  const a = stratifiedBootstrapCi(groups, interquartileMean, new Random(1), { resamples: 2000 });
  const b = stratifiedBootstrapCi(groups, interquartileMean, new Random(1), { resamples: 2000 });
  assert.deepEqual(a, b);
  assert.equal(a.value, interquartileMean(groups.flat()));
  assert.ok(a.low <= a.value && a.value <= a.high);
  // Stratification: every resample keeps 5 values of each group, so the pooled mean is always
  // bounded by (min group 1 + min group 2) / 2 and the maxima's.
  const m = stratifiedBootstrapCi(groups, mean, new Random(2), { resamples: 2000 });
  assert.ok(m.low >= (120 - 300) / 2 && m.high <= (500 - 98) / 2);
  // A constant sample has a zero-width interval.
  assert.deepEqual(stratifiedBootstrapCi([[3, 3], [3]], mean, new Random(0), { resamples: 10 }), {
    value: 3,
    low: 3,
    high: 3,
  });
  assert.throws(() => stratifiedBootstrapCi([], mean, new Random(0)), /no groups/);
  assert.throws(
    () => stratifiedBootstrapCi([[1], []], mean, new Random(0)),
    /group 1 has no values/,
  );
});

Deno.test("bootstrapCi() is the one-group stratified bootstrap of the mean", () => {
  const values = [480, 500, 500, 455, 500, 320];
  const a = bootstrapCi(values, new Random(5), { resamples: 500 });
  const b = stratifiedBootstrapCi([values], mean, new Random(5), { resamples: 500 });
  assert.deepEqual(a, { mean: b.value, low: b.low, high: b.high });
});
