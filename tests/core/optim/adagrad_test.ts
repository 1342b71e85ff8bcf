import assert from "node:assert/strict";
import { AdaGrad, type AdaGradOptions } from "../../../core/optim/adagrad.ts";

function run(options: AdaGradOptions, p0: number, grads: number[]): number[] {
  const params = new Float64Array([p0]);
  const g = new Float64Array(1);
  const opt = new AdaGrad([{ params, grads: g }], options);
  return grads.map((gt) => {
    g[0] = gt;
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

Deno.test("AdaGrad two-step hand-computed cases", async (t) => {
  await t.step("eps outside (default placement)", () => {
    // s = 4, p = 1 - 0.1·2/(2 + 1) = 1 - 0.2/3; s = 4 + 9 = 13, p -= 0.1·3/(sqrt(13) + 1)
    const p1 = 1 - 0.2 / 3;
    assertNear(run({ lr: 0.1, eps: 1 }, 1, [2, 3]), [p1, p1 - 0.3 / (Math.sqrt(13) + 1)]);
  });
  await t.step("eps inside", () => {
    // s = 4, p = 1 - 0.2/sqrt(5); s = 13, p -= 0.3/sqrt(14)
    const p1 = 1 - 0.2 / Math.sqrt(5);
    assertNear(run({ lr: 0.1, eps: 1, epsPlacement: "inside" }, 1, [2, 3]), [
      p1,
      p1 - 0.3 / Math.sqrt(14),
    ]);
  });
  await t.step("steps shrink for a constant gradient", () => {
    // s = 1, 2: p = -1, then -1 - 1/sqrt(2)
    assertNear(run({ lr: 1, eps: 0 }, 0, [1, 1]), [-1, -1 - Math.SQRT1_2]);
  });
  await t.step("initialAccumulator, weight decay and maximize", () => {
    // g = -2 + 0.5·1 = -1.5, s = 0.75 + 2.25 = 3, p = 1 + 0.1·1.5/sqrt(3)
    assertNear(
      run({ lr: 0.1, eps: 0, initialAccumulator: 0.75, weightDecay: 0.5, maximize: true }, 1, [2]),
      [1 + 0.15 / Math.sqrt(3)],
    );
  });
});

Deno.test("AdaGrad leaves params unchanged for zero gradients (no NaN)", () => {
  const params = new Float32Array([1, -2]);
  const opt = new AdaGrad([{ params, grads: new Float32Array(2) }]);
  for (let t = 0; t < 5; t++) opt.step();
  assert.deepEqual([...params], [1, -2]);
  assert.deepEqual([...opt.state().sum[0]], [0, 0]);
});

Deno.test("AdaGrad state() / loadState() resume exactly", () => {
  const grads = [[1, -2], [0.5, 3], [-1, 1]];
  const p = new Float64Array([1, -1]);
  const g = new Float64Array(2);
  const a = new AdaGrad([{ params: p, grads: g }], { lr: 0.1 });
  g.set(grads[0]);
  a.step();
  const saved = a.state();
  const pSaved = p.slice();
  for (const gt of grads.slice(1)) {
    g.set(gt);
    a.step();
  }
  const g2 = new Float64Array(2);
  const b = new AdaGrad([{ params: pSaved, grads: g2 }], { lr: 0.1 });
  b.loadState(saved);
  for (const gt of grads.slice(1)) {
    g2.set(gt);
    b.step();
  }
  assert.deepEqual(pSaved, p);
  assert.deepEqual(b.state(), a.state());
  assert.throws(() => b.loadState({ ...saved, sum: [] }), TypeError);
});

Deno.test("AdaGrad rejects invalid options", () => {
  const group = () => [{ params: new Float64Array(1), grads: new Float64Array(1) }];
  assert.throws(() => new AdaGrad(group(), { lr: -1 }), {
    name: "RangeError",
    message: /lr .* got -1/,
  });
  assert.throws(() => new AdaGrad(group(), { eps: -1 }), { name: "RangeError", message: /eps/ });
  assert.throws(() => new AdaGrad(group(), { epsPlacement: "both" as "inside" }), RangeError);
  assert.throws(() => new AdaGrad(group(), { initialAccumulator: NaN }), RangeError);
  assert.throws(() => new AdaGrad(group(), { maximize: 1 as unknown as boolean }), TypeError);
});
