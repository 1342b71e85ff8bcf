import assert from "node:assert/strict";
import { Box, Discrete } from "../../core/spaces.ts";
import { Random } from "../../core/random.ts";

Deno.test("Discrete.contains() accepts exactly the integers 0..n-1", () => {
  const s = new Discrete(3);
  for (const x of [0, 1, 2]) assert.ok(s.contains(x), `${x}`);
  for (const x of [3, -1, 0.5, NaN, Infinity, "1", null, undefined, [1], 1n]) {
    assert.ok(!s.contains(x), `${String(x)}`);
  }
  assert.deepEqual(s.shape, []);
  assert.equal(String(s), "Discrete(3)");
});

Deno.test("Discrete rejects a non-positive or fractional n", () => {
  for (const n of [0, -2, 1.5, NaN, Infinity]) {
    assert.throws(
      () => new Discrete(n),
      /Cannot create Discrete\(n\): n must be a positive integer/,
    );
  }
});

Deno.test("Discrete.sample() is uniform and seeded", () => {
  const s = new Discrete(4);
  const rng = new Random(1);
  const counts = [0, 0, 0, 0];
  const N = 4000;
  for (let i = 0; i < N; i++) counts[s.sample(rng)]++;
  // Each count is Binomial(4000, 1/4): mean 1000, sd sqrt(4000 * 0.25 * 0.75) ≈ 27.4; allow 5 sd.
  for (const c of counts) assert.ok(Math.abs(c - 1000) < 137, `${counts}`);
  const a = new Random(9), b = new Random(9);
  for (let i = 0; i < 20; i++) assert.equal(s.sample(a), s.sample(b));
});

Deno.test("Box.contains() checks length and inclusive float32 bounds", () => {
  const s = new Box([-1, 0], [1, Infinity]);
  assert.ok(s.contains(new Float32Array([-1, 0])));
  assert.ok(s.contains(new Float64Array([1, 1e30])));
  assert.ok(s.contains([0.5, 3]));
  assert.ok(!s.contains([1.5, 0]));
  assert.ok(!s.contains([0, -1e-3]));
  assert.ok(!s.contains([0]));
  assert.ok(!s.contains([0, 0, 0]));
  assert.ok(!s.contains([NaN, 0]));
  assert.ok(!s.contains(["0", 0]));
  assert.ok(!s.contains(0));
  assert.ok(!s.contains(new Int32Array([0, 0])));
  assert.deepEqual(s.shape, [2]);
});

Deno.test("Box bounds are float32, and numbers are compared as float32 (Gymnasium casts)", () => {
  // fround(0.7) = 0.699999988079071 < 0.7: a box declared up to 0.7 must still hold [0.7].
  const s = new Box([-0.7], [0.7]);
  assert.equal(s.high[0], Math.fround(0.7));
  assert.ok(s.high[0] < 0.7);
  assert.ok(s.contains([0.7]));
  assert.ok(s.contains(new Float64Array([-0.7])));
  assert.ok(!s.contains([0.7000001]));
  // CartPole's pole bound: 2 * 12 * 2π/360 rounds up to 0.41887903213500977 as float32.
  const pole = new Box([-0.41887902047863906], [0.41887902047863906]);
  assert.ok(pole.contains(new Float32Array([0.41887903213500977])));
});

Deno.test("Box rejects mismatched, empty, NaN or inverted bounds", () => {
  assert.throws(() => new Box([0, 0], [1]), /same non-zero length, got 2 and 1/);
  assert.throws(() => new Box([], []), RangeError);
  assert.throws(() => new Box([NaN], [1]), /need low\[0\] <= high\[0\], got NaN and 1/);
  assert.throws(() => new Box([0, 2], [1, 1]), /need low\[1\] <= high\[1\], got 2 and 1/);
});

Deno.test("Box.sample() follows Gymnasium's rule for finite and infinite bounds", () => {
  const s = new Box([-2, -Infinity, 3, -Infinity], [5, Infinity, Infinity, -1]);
  const rng = new Random(2);
  const N = 4000;
  const sum = [0, 0, 0, 0], sq = [0, 0, 0, 0];
  for (let k = 0; k < N; k++) {
    const x = s.sample(rng);
    assert.ok(x instanceof Float32Array && x.length === 4);
    assert.ok(s.contains(x), `${x}`);
    for (let j = 0; j < 4; j++) {
      sum[j] += x[j];
      sq[j] += x[j] * x[j];
    }
  }
  const mean = sum.map((v) => v / N);
  const sd = sq.map((v, j) => Math.sqrt(v / N - mean[j] * mean[j]));
  // uniform(-2, 5): mean 1.5, sd 7/sqrt(12) = 2.0207;  normal: mean 0, sd 1;
  // 3 + Exp(1): mean 4, sd 1;  -1 - Exp(1): mean -2, sd 1.  Standard errors are sd/sqrt(4000) ≈ 0.016-0.032.
  const want = [[1.5, 2.0207], [0, 1], [4, 1], [-2, 1]];
  for (let j = 0; j < 4; j++) {
    assert.ok(Math.abs(mean[j] - want[j][0]) < 0.15, `mean ${j}: ${mean[j]}`);
    assert.ok(Math.abs(sd[j] - want[j][1]) < 0.1, `sd ${j}: ${sd[j]}`);
  }
  assert.deepEqual(s.sample(new Random(5)), s.sample(new Random(5)));
});

Deno.test("Box.toString() lists the bounds", () => {
  assert.equal(
    String(new Box([-1, -Infinity], [1, Infinity])),
    "Box([-1, -Infinity], [1, Infinity])",
  );
});
