import assert from "node:assert/strict";
import { clipGradNorm } from "../../../core/optim/clip.ts";

Deno.test("clipGradNorm scales all groups by maxNorm / (norm + 1e-6) and returns the norm", () => {
  // norm = sqrt(9 + 16 + 144) = 13; factor = 2.6 / (13 + 1e-6)
  const a = new Float64Array([3, 4]);
  const b = new Float32Array([12]);
  const norm = clipGradNorm([{ grads: a }, { grads: b }], 2.6);
  assert.equal(norm, 13);
  const f = 2.6 / (13 + 1e-6);
  assert.deepEqual([...a], [3 * f, 4 * f]);
  assert.equal(b[0], Math.fround(12 * f));
  assert.ok(Math.abs(Math.hypot(a[0], a[1], b[0]) - 2.6) < 1e-6);
});

Deno.test("clipGradNorm leaves gradients below the limit unchanged", () => {
  const a = new Float64Array([3, 4]);
  assert.equal(clipGradNorm([{ grads: a }], 5), 5); // factor 5 / (5 + 1e-6) < 1: scaled slightly
  assert.ok(a[0] < 3 && a[0] > 3 - 1e-5);
  const b = new Float64Array([0.3, 0.4]);
  assert.equal(clipGradNorm([{ grads: b }], 0.5 + 1e-6), 0.5);
  assert.deepEqual([...b], [0.3, 0.4]);
  const z = new Float64Array(3);
  assert.equal(clipGradNorm([{ grads: z }], 1), 0);
  assert.deepEqual([...z], [0, 0, 0]);
});

Deno.test("clipGradNorm returns a non-finite norm and leaves the gradients alone", () => {
  const a = new Float64Array([1, Infinity]);
  assert.equal(clipGradNorm([{ grads: a }], 1), Infinity);
  assert.deepEqual([...a], [1, Infinity]);
  const b = new Float64Array([1, NaN]);
  assert.ok(Number.isNaN(clipGradNorm([{ grads: b }], 1)));
  assert.equal(b[0], 1);
});

Deno.test("clipGradNorm rejects a bad maxNorm or bad gradients", () => {
  const grads = new Float64Array(2);
  for (const maxNorm of [0, -1, NaN, Infinity]) {
    assert.throws(() => clipGradNorm([{ grads }], maxNorm), {
      name: "RangeError",
      message: new RegExp(`maxNorm must be a finite number > 0, got ${maxNorm}`),
    });
  }
  assert.throws(
    () => clipGradNorm([{ grads: [1, 2] as unknown as Float64Array }], 1),
    { name: "TypeError", message: /parameters\[0\]\.grads/ },
  );
});
