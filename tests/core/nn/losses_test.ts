import assert from "node:assert/strict";
import { huberLoss, mseLoss } from "../../../core/nn/losses.ts";
import { Random } from "../../../core/random.ts";

const H = 1e-6;

/** Central-difference gradient of f at x (x is restored). */
function numericGrad(f: () => number, x: Float64Array): number[] {
  return Array.from(x, (old, k) => {
    x[k] = old + H;
    const up = f();
    x[k] = old - H;
    const down = f();
    x[k] = old;
    return (up - down) / (2 * H);
  });
}

/** Relative error below 1e-6, with the denominator floored at 1e-3 (absolute 1e-9 near zero). */
function assertGradClose(analytic: ArrayLike<number>, numeric: ArrayLike<number>) {
  for (let k = 0; k < numeric.length; k++) {
    const [a, n] = [analytic[k], numeric[k]];
    const rel = Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), 1e-3);
    assert.ok(rel < 1e-6, `[${k}] analytic ${a} vs numeric ${n}`);
  }
}

Deno.test("mseLoss: hand-computed value and gradient (mean over all elements)", () => {
  // p − t = [1, −2, 0.5, 0]: (1 + 4 + 0.25 + 0) / 4 = 1.3125; grad = 2(p − t)/4 = [0.5, −1, 0.25, 0]
  const grad = new Float64Array(4);
  const loss = mseLoss([2, -1, 0.5, 3], [1, 1, 0, 3], 4, grad);
  assert.equal(loss, 1.3125);
  assert.deepEqual(Array.from(grad), [0.5, -1, 0.25, 0]);
  // Only the first n values are used: n = 2 → (1 + 4) / 2 = 2.5
  assert.equal(mseLoss([2, -1, 0.5, 3], [1, 1, 0, 3], 2), 2.5);
});

Deno.test("huberLoss: hand-computed values on both sides of delta", () => {
  // δ = 1, d = [0.5, −3, 1, 2]: h = [0.125, 2.5, 0.5, 1.5] → mean 4.625 / 4 = 1.15625
  // grad = clamp(d, −1, 1) / 4 = [0.125, −0.25, 0.25, 0.25]
  const grad = new Float64Array(4);
  assert.equal(huberLoss([0.5, -3, 1, 2], [0, 0, 0, 0], 4, grad), 1.15625);
  assert.deepEqual(Array.from(grad), [0.125, -0.25, 0.25, 0.25]);
  // δ = 2 (PyTorch HuberLoss(delta=2)): d = [1, −3]: h = [0.5, 2(3 − 1) = 4] → mean 2.25
  // grad = clamp(d, −2, 2) / 2 = [0.5, −1]
  const g2 = new Float64Array(2);
  assert.equal(huberLoss([1, -3], [0, 0], 2, g2, 2), 2.25);
  assert.deepEqual(Array.from(g2), [0.5, -1]);
  // Within delta it is half the MSE: 0.5 · mean(d²)
  assert.equal(huberLoss([0.3, -0.4], [0, 0], 2), 0.5 * mseLoss([0.3, -0.4], [0, 0], 2));
});

Deno.test("mseLoss and huberLoss gradients match central finite differences", async (t) => {
  for (const n of [1, 3, 16]) {
    await t.step(`n = ${n}`, () => {
      const rng = new Random(`losses/${n}`);
      const p = Float64Array.from({ length: n }, () => 2 * rng.normal());
      const target = Float64Array.from({ length: n }, () => rng.normal());
      // Every |p − t| is at least 1e-3 away from both deltas: no difference straddles a kink.
      for (let k = 0; k < n; k++) {
        const d = Math.abs(p[k] - target[k]);
        assert.ok(Math.abs(d - 1) > 1e-3 && Math.abs(d - 0.7) > 1e-3, `|d| = ${d}`);
      }
      // ...and both branches of the Huber loss are exercised.
      if (n >= 16) {
        assert.ok(
          p.some((v, k) => Math.abs(v - target[k]) > 1) &&
            p.some((v, k) => Math.abs(v - target[k]) < 0.7),
        );
      }
      const grad = new Float64Array(n);
      mseLoss(p, target, n, grad);
      assertGradClose(grad, numericGrad(() => mseLoss(p, target, n), p));
      huberLoss(p, target, n, grad);
      assertGradClose(grad, numericGrad(() => huberLoss(p, target, n), p));
      huberLoss(p, target, n, grad, 0.7);
      assertGradClose(grad, numericGrad(() => huberLoss(p, target, n, undefined, 0.7), p));
    });
  }
});

Deno.test("losses reject bad sizes with the offending value", () => {
  assert.throws(() => mseLoss([1, 2], [1], 2), {
    name: "TypeError",
    message: "Cannot compute mseLoss: targets must hold n = 2 values, got 1",
  });
  assert.throws(() => mseLoss([1], [1], 0), {
    name: "RangeError",
    message: "Cannot compute mseLoss: n must be a positive integer, got 0",
  });
  assert.throws(() => huberLoss([1, 2], [1, 2], 2, new Float32Array(1)), {
    name: "TypeError",
    message: "Cannot compute huberLoss: grad must hold n = 2 values, got 1",
  });
  assert.throws(() => huberLoss([1], [1], 1, undefined, 0), {
    name: "RangeError",
    message: "Cannot compute huberLoss: delta must be a finite number > 0, got 0",
  });
});

Deno.test("mseLoss/huberLoss with per-element weights (importance weights), by hand", () => {
  const grad = new Float64Array(2);
  // mse: (0.5 · 2² + 2 · 1²) / 2 = 2; grad 2 · w · d / 2 = [2, -2]
  assert.equal(mseLoss([2, -1], [0, 0], 2, grad, [0.5, 2]), 2);
  assert.deepEqual([...grad], [1 * 0.5 * 2, 1 * 2 * -1]);
  // huber: d = 0.5 → 0.125 · 2; d = −3 → 2.5 · 0.5; mean (0.25 + 1.25) / 2 = 0.75
  assert.equal(huberLoss([0.5, -3], [0, 0], 2, grad, 1, [2, 0.5]), 0.75);
  assert.deepEqual([...grad], [2 * 0.5 / 2, 0.5 * -1 / 2]);
  // weights of 1 give the unweighted values
  assert.equal(mseLoss([2, -1], [0.5, 0], 2, undefined, [1, 1]), mseLoss([2, -1], [0.5, 0], 2));
  assert.throws(() => mseLoss([1, 2], [0, 0], 2, undefined, [1]), TypeError);
});
