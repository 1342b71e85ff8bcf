import assert from "node:assert/strict";
import { SGD, type SGDOptions } from "../../../core/optim/sgd.ts";

/** One-parameter Float64 SGD; returns p after each gradient. */
function run(options: SGDOptions, p0: number, grads: number[], lrs: number[] = []): number[] {
  const params = new Float64Array([p0]);
  const g = new Float64Array(1);
  const opt = new SGD([{ params, grads: g }], options);
  return grads.map((gt, t) => {
    g[0] = gt;
    if (lrs[t] !== undefined) opt.lr = lrs[t];
    opt.step();
    return params[0];
  });
}

function assertNear(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) < 1e-15, `[${i}]: ${expected[i]} vs ${actual[i]}`);
  }
}

Deno.test("SGD two-step hand-computed cases", async (t) => {
  await t.step("plain", () => {
    // p = 1 - 0.1·2 = 0.8; p = 0.8 - 0.1·(-1) = 0.9
    assertNear(run({ lr: 0.1 }, 1, [2, -1]), [0.8, 0.9]);
  });
  await t.step("momentum", () => {
    // b = 2, p = 1 - 0.2 = 0.8; b = 0.5·2 + 1 = 2, p = 0.8 - 0.2 = 0.6
    assertNear(run({ lr: 0.1, momentum: 0.5 }, 1, [2, 1]), [0.8, 0.6]);
  });
  await t.step("momentum with an lr change keeps lr outside the buffer", () => {
    // b = 2, p = 0.8; lr 0.2: b = 2, p = 0.8 - 0.4 = 0.4
    assertNear(run({ lr: 0.1, momentum: 0.5 }, 1, [2, 1], [0.1, 0.2]), [0.8, 0.4]);
  });
  await t.step("nesterov", () => {
    // b = 2, p = 1 - 0.1·(2 + 0.5·2) = 0.7; b = 1 + 1 = 2, p = 0.7 - 0.1·(1 + 1) = 0.5
    assertNear(run({ lr: 0.1, momentum: 0.5, nesterov: true }, 1, [2, 1]), [0.7, 0.5]);
  });
  await t.step("weight decay", () => {
    // g = 2 + 0.5·1 = 2.5, p = 0.75; g = 1 + 0.375 = 1.375, p = 0.75 - 0.1375 = 0.6125
    assertNear(run({ lr: 0.1, weightDecay: 0.5 }, 1, [2, 1]), [0.75, 0.6125]);
  });
  await t.step("maximize", () => {
    assertNear(run({ lr: 0.1, maximize: true }, 1, [2, 1]), [1.2, 1.3]);
  });
});

Deno.test("SGD state() / loadState() resume exactly", () => {
  const grads = [[1, -2], [0.5, 3], [-1, 1], [2, 2]];
  const make = (params: Float32Array, g: Float32Array) =>
    new SGD([{ params, grads: g }], { lr: 0.1, momentum: 0.9, nesterov: true });
  const p = new Float32Array([1, -1]);
  const g = new Float32Array(2);
  const a = make(p, g);
  let saved = a.state();
  let pSaved = p.slice();
  grads.forEach((gt, t) => {
    g.set(gt);
    a.step();
    if (t === 1) [saved, pSaved] = [a.state(), p.slice()];
  });
  const g2 = new Float32Array(2);
  const b = make(pSaved, g2);
  b.loadState(saved);
  for (const gt of grads.slice(2)) {
    g2.set(gt);
    b.step();
  }
  assert.deepEqual(pSaved, p);
  assert.deepEqual(b.state(), a.state());
  assert.equal(b.iterations, 4);
});

Deno.test("SGD zeroGrad, iterations, lr", () => {
  const grads = new Float64Array([1, 2]);
  const opt = new SGD([{ params: new Float64Array(2), grads }]);
  opt.step();
  assert.equal(opt.iterations, 1);
  opt.zeroGrad();
  assert.deepEqual([...grads], [0, 0]);
  assert.throws(() => (opt.lr = -1), RangeError);
});

Deno.test("SGD rejects invalid options", () => {
  const group = () => [{ params: new Float64Array(1), grads: new Float64Array(1) }];
  assert.throws(() => new SGD(group(), { lr: 0 }), { name: "RangeError", message: /lr .* got 0/ });
  assert.throws(() => new SGD(group(), { momentum: 1 }), {
    name: "RangeError",
    message: /momentum/,
  });
  assert.throws(() => new SGD(group(), { nesterov: true }), {
    name: "RangeError",
    message: /nesterov needs momentum > 0/,
  });
  assert.throws(() => new SGD(group(), { weightDecay: -1 }), RangeError);
  assert.throws(() => new SGD(group(), { rho: 0.9 } as SGDOptions), {
    name: "TypeError",
    message: /unknown option "rho"/,
  });
  assert.throws(
    () => new SGD([{ params: new Float64Array(2), grads: new Float64Array(1) }]),
    RangeError,
  );
});
