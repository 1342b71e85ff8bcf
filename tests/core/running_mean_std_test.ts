import assert from "node:assert/strict";
import { RunningMeanStd } from "../../core/running_mean_std.ts";
import { Random } from "../../core/random.ts";

function close(actual: number, expected: number, tol: number, what = ""): void {
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${what} ${actual} vs ${expected}`,
  );
}

Deno.test("RunningMeanStd starts at mean 0, var 1, count 1e-4", () => {
  const rms = new RunningMeanStd(3);
  assert.deepEqual(Array.from(rms.mean), [0, 0, 0]);
  assert.deepEqual(Array.from(rms.var), [1, 1, 1]);
  assert.equal(rms.count, 1e-4);
});

Deno.test("RunningMeanStd.update() merges a batch with the parallel formula (hand-computed)", () => {
  const rms = new RunningMeanStd(2);
  rms.update(new Float32Array([1, 10, 3, 30]), 2);
  // batch mean [2, 20], batch (population) var [1, 100], batch count 2; count 1e-4, tot 2.0001.
  // mean = 0 + delta * 2 / 2.0001 with delta = [2, 20]:  [1.99990000499975, 19.9990000499975]
  // M2 = 1 * 1e-4 + var_b * 2 + delta^2 * 1e-4 * 2 / 2.0001
  //    = 1e-4 + 2 + 4e-4 * 2 / 2.0001 = 2.0001 + 0.00039998 = 2.00049998     (component 0)
  //    = 1e-4 + 200 + 400e-4 * 2 / 2.0001 = 200.0001 + 0.039998 = 200.040098 (component 1)
  // var = M2 / 2.0001: [1.00019998, 100.0150482476]
  close(rms.mean[0], 1.99990000499975, 1e-13, "mean0");
  close(rms.mean[1], 19.9990000499975, 1e-13, "mean1");
  close(rms.var[0], (1e-4 + 2 + 8e-4 / 2.0001) / 2.0001, 1e-15, "var0");
  close(rms.var[0], 1.00019998, 1e-9, "var0 decimal");
  close(rms.var[1], (1e-4 + 200 + 0.08 / 2.0001) / 2.0001, 1e-15, "var1");
  close(rms.var[1], 100.0150482476, 1e-11, "var1 decimal");
  assert.equal(rms.count, 2.0001);
});

Deno.test("RunningMeanStd equals the pooled closed form, however the data is batched", async (t) => {
  // Pooling the prior (count eps, mean 0, var 1) with N samples x:
  //   mean = sum(x) / (N + eps)
  //   var = (eps * (1 + mean^2) + sum((x - mean)^2)) / (N + eps)
  const rng = new Random(3);
  const dim = 3, rows = 200, eps = 1e-4;
  const data = new Float64Array(rows * dim);
  for (let i = 0; i < data.length; i++) data[i] = 5 + 3 * rng.normal() + (i % dim) * 10;
  const mean = new Float64Array(dim), variance = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += data[r * dim + j];
    mean[j] = s / (rows + eps);
    let m2 = eps * (1 + mean[j] * mean[j]);
    for (let r = 0; r < rows; r++) m2 += (data[r * dim + j] - mean[j]) ** 2;
    variance[j] = m2 / (rows + eps);
  }
  for (const chunk of [1, 7, 50, 200]) {
    await t.step(`chunks of ${chunk} rows`, () => {
      const rms = new RunningMeanStd(dim);
      for (let r = 0; r < rows; r += chunk) {
        rms.update(data, Math.min(chunk, rows - r), r * dim);
      }
      for (let j = 0; j < dim; j++) {
        close(rms.mean[j], mean[j], 1e-12, `mean ${j}`);
        close(rms.var[j], variance[j], 1e-10, `var ${j}`);
      }
      close(rms.count, rows + eps, 1e-15, "count");
    });
  }
});

Deno.test("RunningMeanStd.updateFromMoments() matches update() on the same batch", () => {
  const a = new RunningMeanStd(1), b = new RunningMeanStd(1);
  a.update([2, 4, 9], 3);
  // mean 5, population var ((9 + 1 + 16) / 3) = 26 / 3
  b.updateFromMoments([5], [26 / 3], 3);
  close(a.mean[0], b.mean[0], 1e-15);
  close(a.var[0], b.var[0], 1e-15);
});

Deno.test("RunningMeanStd.normalize() standardises, clips, and works in place at an offset", () => {
  const rms = new RunningMeanStd(2);
  rms.loadState({ mean: [1, -2], var: [4, 0.25], count: 10 });
  const out = new Float32Array(4);
  rms.normalize([3, -1, 1 + 100, -2], out, 2);
  // (3 - 1) / sqrt(4 + 1e-8) = 0.99999999875;  (-1 + 2) / sqrt(0.25 + 1e-8) = 1.99999996
  // (101 - 1) / 2 = 50 -> clipped to 10;         0 / 0.5 = 0
  close(out[0], 2 / Math.sqrt(4 + 1e-8), 1e-7);
  close(out[1], 1 / Math.sqrt(0.25 + 1e-8), 1e-7);
  assert.equal(out[2], 10);
  assert.equal(out[3], 0);
  const wide = new Float32Array(4);
  rms.normalize([3, -1, 101, -2], wide, 2, { clip: Infinity, epsilon: 0 });
  assert.deepEqual(Array.from(wide), [1, 2, 50, 0]);
  const buf = new Float64Array([7, 7, -9, -2.5, 7]);
  rms.normalize(buf, buf, 1, { epsilon: 0 }, 2); // row at index 2: (-9 - 1) / 2, (-2.5 + 2) / 0.5
  assert.deepEqual(Array.from(buf), [7, 7, -5, -1, 7]);
});

Deno.test("RunningMeanStd state round-trips through JSON and copyFrom", () => {
  const rms = new RunningMeanStd(2);
  rms.update([1.5, 2, -3, 8, 0.25, 1], 3);
  const json = JSON.parse(JSON.stringify(rms.state()));
  const copy = new RunningMeanStd(2);
  copy.loadState(json);
  assert.deepEqual(copy.state(), rms.state());
  const other = new RunningMeanStd(2);
  other.copyFrom(rms);
  assert.deepEqual(other.state(), rms.state());
  copy.update([1, 1], 1);
  other.update([1, 1], 1);
  assert.deepEqual(copy.state(), other.state());
});

Deno.test("RunningMeanStd rejects bad arguments", () => {
  assert.throws(() => new RunningMeanStd(0), RangeError);
  assert.throws(() => new RunningMeanStd(1.5), RangeError);
  const rms = new RunningMeanStd(2);
  assert.throws(() => rms.update([1, 2, 3], 2), /need n >= 1 rows of 2/);
  assert.throws(() => rms.update([1, 2], 0), RangeError);
  assert.throws(() => rms.normalize([1, 2], new Float32Array(1), 1), RangeError);
  assert.throws(() => rms.loadState({ mean: [0], var: [1], count: 1 }), TypeError);
  assert.throws(() => rms.loadState({ mean: [0, 0], var: [1, 1], count: 0 }), TypeError);
  assert.throws(() => rms.copyFrom(new RunningMeanStd(3)), TypeError);
});
