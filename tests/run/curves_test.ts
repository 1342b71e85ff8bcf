import assert from "node:assert/strict";
import { Random } from "../../core/random.ts";
import {
  aggregateCurves,
  defaultWindow,
  interpolate,
  linspace,
  movingAverage,
} from "../../run/curves.ts";
import { bootstrapCi, quantile } from "../../run/stats.ts";

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length, `length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) assert.ok(Number.isNaN(a), `index ${i}: expected NaN, got ${a}`);
    else assert.ok(Math.abs(a - e) <= tol, `index ${i}: expected ${e}, got ${a}`);
  }
}

Deno.test("movingAverage() is trailing with partial windows at the start", () => {
  // window 3 over [2, 4, 9, 1, 5]:
  // [2] = 2; [2,4] = 3; [2,4,9] = 5; [4,9,1] = 14/3; [9,1,5] = 5
  close(movingAverage([2, 4, 9, 1, 5], 3), [2, 3, 5, 14 / 3, 5]);
  close(movingAverage([2, 4, 9], 1), [2, 4, 9]);
  // a window longer than the series is the running mean: 2, 3, 5
  close(movingAverage([2, 4, 9], 10), [2, 3, 5]);
  assert.equal(movingAverage([], 5).length, 0);
});

Deno.test("movingAverage() does not drift over long series", () => {
  // a constant 500 after 3000 noisy values: every window of the tail averages exactly 500
  const values = new Float64Array(5000);
  for (let i = 0; i < 3000; i++) values[i] = (i * 7919) % 1000 / 7 - 71.3;
  values.fill(500, 3000);
  const ma = movingAverage(values, 100);
  for (let i = 3100; i < 5000; i++) assert.ok(Math.abs(ma[i] - 500) < 1e-9, `${i}: ${ma[i]}`);
  // an interior window computed directly: mean of values[1900..1999]
  let s = 0;
  for (let j = 1900; j < 2000; j++) s += values[j];
  assert.ok(Math.abs(ma[1999] - s / 100) < 1e-9);
});

Deno.test("movingAverage() rejects a bad window", () => {
  assert.throws(() => movingAverage([1], 0), RangeError);
  assert.throws(() => movingAverage([1], 2.5), /window must be a positive integer, got 2.5/);
});

Deno.test("defaultWindow() is 5% of the episodes within [10, 100]", () => {
  assert.equal(defaultWindow(0), 1);
  assert.equal(defaultWindow(3), 3);
  assert.equal(defaultWindow(10), 10);
  assert.equal(defaultWindow(150), 10); // 7.5 -> 8 -> raised to 10
  assert.equal(defaultWindow(400), 20);
  assert.equal(defaultWindow(2000), 100);
  assert.equal(defaultWindow(50_000), 100);
});

Deno.test("linspace() includes both ends", () => {
  close(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  close(linspace(-200, -100, 3), [-200, -150, -100]);
  close(linspace(7, 9, 1), [7]);
  assert.throws(() => linspace(0, 1, 0), /count must be a positive integer, got 0/);
});

Deno.test("interpolate() is linear inside the curve and NaN outside", () => {
  // (100, 10) -> (300, 50): at 150, 10 + 0.25 * 40 = 20; at 250, 10 + 0.75 * 40 = 40
  const got = interpolate([100, 300, 400], [10, 50, -50], [50, 100, 150, 250, 300, 350, 400, 401]);
  // at 350: 50 + 0.5 * (-100) = 0
  close(got, [NaN, 10, 20, 40, 50, 0, -50, NaN]);
});

Deno.test("interpolate() uses the last value at a repeated step", () => {
  // episodes of two sub-envs ending at the same global step 20
  // at 20: the last value, 30; at 25: 30 + 0.5 * (40 - 30) = 35; at 15: 10 + 0.5 * (20 - 10) = 15
  close(interpolate([10, 20, 20, 30], [10, 20, 30, 40], [15, 20, 25]), [15, 30, 35]);
  close(interpolate([5], [7], [4, 5, 6]), [NaN, 7, NaN]);
});

Deno.test("interpolate() rejects mismatched or decreasing steps", () => {
  assert.throws(() => interpolate([1, 2], [1], [1]), /same length, got 2 and 1/);
  assert.throws(() => interpolate([1, 3, 2], [1, 2, 3], [1]), /got 3 then 2 at index 2/);
});

Deno.test("aggregateCurves() gives mean, population std, min and max on the common range", () => {
  const band = aggregateCurves([
    { steps: [0, 100, 200], values: [0, 100, 200] },
    { steps: [50, 250], values: [10, 10] },
    { steps: [0, 200], values: [30, 30] },
  ], { points: 3 });
  // common range: latest start 50, earliest end 200 -> grid 50, 125, 200
  close(band.grid, [50, 125, 200]);
  // values at 50: 50, 10, 30 -> mean 30, deviations 20, -20, 0 -> std sqrt(800/3)
  // at 125: 125, 10, 30 -> mean 55, deviations 70, -45, -25 -> std sqrt((4900+2025+625)/3)
  // at 200: 200, 10, 30 -> mean 80, deviations 120, -70, -50 -> std sqrt((14400+4900+2500)/3)
  close(band.mean, [30, 55, 80]);
  close(band.std, [Math.sqrt(800 / 3), Math.sqrt(7550 / 3), Math.sqrt(21800 / 3)]);
  close(band.min, [10, 10, 10]);
  close(band.max, [50, 125, 200]);
  assert.deepEqual(Array.from(band.count), [3, 3, 3]);
});

Deno.test("aggregateCurves() with an explicit grid skips curves that do not cover a point", () => {
  const band = aggregateCurves([
    { steps: [0, 100], values: [0, 100] },
    { steps: [50, 100], values: [20, 20] },
  ], { grid: [0, 50, 100, 150] });
  // at 0 only the first curve (0); at 50: 50 and 20 -> mean 35, std 15; at 100: 100, 20 -> 60, 40
  close(band.mean, [0, 35, 60, NaN]);
  close(band.std, [0, 15, 40, NaN]);
  close(band.min, [0, 20, 20, NaN]);
  close(band.max, [0, 50, 100, NaN]);
  assert.deepEqual(Array.from(band.count), [1, 2, 2, 0]);
});

Deno.test("aggregateCurves() rejects empty input and disjoint curves", () => {
  assert.throws(() => aggregateCurves([]), /need at least one curve, got 0/);
  assert.throws(() => aggregateCurves([{ steps: [], values: [] }]), /curve 0 has no points/);
  assert.throws(
    () =>
      aggregateCurves([{ steps: [0, 10], values: [0, 0] }, { steps: [20, 30], values: [0, 0] }]),
    /share no step range \(latest start 20, earliest end 10\)/,
  );
  // a single shared step gives a one-point grid
  const one = aggregateCurves([{ steps: [0, 10], values: [0, 10] }, {
    steps: [10, 20],
    values: [4, 0],
  }]);
  close(one.grid, [10]);
  close(one.mean, [7]);
});

Deno.test("quantile() interpolates between ranks like NumPy's default", () => {
  const s = [10, 20, 30, 40, 50];
  assert.equal(quantile(s, 0), 10);
  assert.equal(quantile(s, 1), 50);
  assert.equal(quantile(s, 0.5), 30);
  // position 0.1 * 4 = 0.4 -> 10 + 0.4 * 10 = 14; position 0.975 * 4 = 3.9 -> 40 + 0.9 * 10 = 49
  assert.ok(Math.abs(quantile(s, 0.1) - 14) < 1e-12);
  assert.ok(Math.abs(quantile(s, 0.975) - 49) < 1e-12);
  assert.equal(quantile([7], 0.3), 7);
  assert.throws(() => quantile([], 0.5), RangeError);
  assert.throws(() => quantile(s, 1.5), /q must be in \[0, 1\], got 1.5/);
});

Deno.test("bootstrapCi() is seeded, brackets the mean and narrows with more data", () => {
  const values = [480, 500, 500, 455, 500, 120, 500, 499];
  const a = bootstrapCi(values, new Random(1).child("bootstrap"), { resamples: 2000 });
  const b = bootstrapCi(values, new Random(1).child("bootstrap"), { resamples: 2000 });
  assert.deepEqual(a, b);
  // mean: (480 + 500 + 500 + 455 + 500 + 120 + 500 + 499) / 8 = 3554 / 8 = 444.25
  assert.equal(a.mean, 444.25);
  assert.ok(120 < a.low && a.low < a.mean && a.mean < a.high && a.high <= 500, JSON.stringify(a));
  // a constant sample has a zero-width interval
  assert.deepEqual(bootstrapCi([3, 3, 3], new Random(2), { resamples: 50 }), {
    mean: 3,
    low: 3,
    high: 3,
  });
  // a mean of n draws from {0, 1}: the 95% interval width shrinks roughly like 1/sqrt(n)
  const small = bootstrapCi([0, 1, 0, 1], new Random(3), { resamples: 4000 });
  const big = bootstrapCi(Array.from({ length: 400 }, (_, i) => i % 2), new Random(3), {
    resamples: 4000,
  });
  assert.ok(big.high - big.low < (small.high - small.low) / 4, JSON.stringify({ small, big }));
  // with n = 400 and p = 0.5 the standard error is 0.025, so the width is near 2 * 1.96 * 0.025
  assert.ok(Math.abs(big.high - big.low - 0.098) < 0.015, JSON.stringify(big));
});

Deno.test("bootstrapCi() rejects bad input", () => {
  const r = new Random(0);
  assert.throws(() => bootstrapCi([], r), /no values, got 0/);
  assert.throws(() => bootstrapCi([1], r, { resamples: 0 }), /resamples must be/);
  assert.throws(
    () => bootstrapCi([1], r, { confidence: 1 }),
    /confidence must be in \(0, 1\), got 1/,
  );
});
