import assert from "node:assert/strict";
import {
  type FloatArray,
  RMSprop,
  type RMSpropOptions,
  rmspropPreset,
  type RMSpropPresetName,
} from "../../../core/optim/rmsprop.ts";
import { Random } from "../../../core/random.ts";

/** One-parameter Float64 optimizer; `grads` are applied in turn, with `lrs[t]` if given. */
function run(
  options: RMSpropOptions,
  p0: number,
  grads: number[],
  lrs: number[] = [],
): number[] {
  const params = new Float64Array([p0]);
  const g = new Float64Array(1);
  const opt = new RMSprop([{ params, grads: g }], options);
  const out: number[] = [];
  for (let t = 0; t < grads.length; t++) {
    g[0] = grads[t];
    if (lrs[t] !== undefined) opt.lr = lrs[t];
    opt.step();
    out.push(params[0]);
  }
  return out;
}

/** A new array of type `Arr` with `n` values drawn from `f`. */
function filled(
  Arr: Float32ArrayConstructor | Float64ArrayConstructor,
  n: number,
  f: () => number,
): FloatArray {
  const a = new Arr(n);
  for (let i = 0; i < n; i++) a[i] = f();
  return a;
}

function assertNear(actual: number[], expected: number[], tol = 1e-15): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])),
      `[${i}]: expected ${expected[i]}, got ${actual[i]}`,
    );
  }
}

Deno.test("RMSprop reproduces worked example (a) to 8 decimals", () => {
  // E = 0.1·g² = [0.025, 0.009, 0.00576]; step = 0.01·g/sqrt(E + 1e-8) ≈ ±0.01·sqrt(10) = ±0.0316228
  const params = new Float64Array([0.2, 0.4, 0.6]);
  const grads = new Float64Array([-0.5, 0.3, 0.24]);
  const opt = new RMSprop([{ params, grads }], { lr: 0.01, rho: 0.9, eps: 1e-8 });
  opt.step();
  assert.deepEqual([...params].map((x) => x.toFixed(8)), [
    "0.23162277",
    "0.36837724",
    "0.56837725",
  ]);
  assertNear([...opt.state().squareAvg[0]], [0.025, 0.009, 0.00576]);
});

Deno.test("RMSprop reproduces worked example (b): a 100:1 gradient gives a 1:1 step", () => {
  // s = 0.1·g² = (1000, 0.1); θ = -0.01·(100/sqrt(1000), 1/sqrt(0.1)) = -0.01·sqrt(10)·(1, 1)
  for (const Arr of [Float64Array, Float32Array]) {
    const params = new Arr(2);
    const grads = new Arr([100, 1]);
    new RMSprop([{ params, grads }], { lr: 0.01, rho: 0.9, eps: 0 }).step();
    assert.ok(Math.abs(params[0] + 0.0316228) < 1e-7, `${Arr.name} ${params[0]}`);
    assert.ok(Math.abs(params[1] + 0.0316228) < 1e-7, `${Arr.name} ${params[1]}`);
  }
});

Deno.test("RMSprop two-step hand-computed cases", async (t) => {
  // Common: p0 = 1, lr 0.1, rho 0.5 (so 1 - rho = 0.5), gradients 2 then 1.
  const base = { lr: 0.1, rho: 0.5 };

  await t.step("default form, eps inside", () => {
    // v1 = 0.5·4 = 2, d1 = sqrt(2 + 2) = 2, p1 = 1 - 0.1·2/2 = 0.9
    // v2 = 0.5·2 + 0.5·1 = 1.5, d2 = sqrt(3.5), p2 = 0.9 - 0.1/sqrt(3.5)
    assertNear(run({ ...base, eps: 2 }, 1, [2, 1]), [0.9, 0.9 - 0.1 / Math.sqrt(3.5)]);
  });

  await t.step("eps outside", () => {
    // v1 = 2, d1 = sqrt(2) + 1, p1 = 1 - 0.2/(1 + sqrt 2); v2 = 1.5, d2 = sqrt(1.5) + 1
    const p1 = 1 - 0.2 / (1 + Math.SQRT2);
    assertNear(run({ ...base, eps: 1, epsPlacement: "outside" }, 1, [2, 1]), [
      p1,
      p1 - 0.1 / (1 + Math.sqrt(1.5)),
    ]);
  });

  await t.step("rho 0 (v is the last g²)", () => {
    // v1 = 4, p1 = 1 - 0.1·2/sqrt(4 + 0) = 0.9; v2 = 1, p2 = 0.9 - 0.1
    assertNear(run({ lr: 0.1, rho: 0, eps: 0 }, 1, [2, 1]), [0.9, 0.8]);
  });

  await t.step("centered", () => {
    // v1 = 2, m1 = 0.5·2 = 1, var = 2 - 1 = 1, p1 = 1 - 0.1·2/1 = 0.8
    // g2 = -2: v2 = 1 + 2 = 3, m2 = 0.5 - 1 = -0.5, var = 3 - 0.25 = 2.75, p2 = 0.8 + 0.2/sqrt(2.75)
    assertNear(run({ ...base, eps: 0, centered: true }, 1, [2, -2]), [
      0.8,
      0.8 + 0.2 / Math.sqrt(2.75),
    ]);
  });

  await t.step("initialAccumulator 1", () => {
    // v1 = 0.5·1 + 0.5·4 = 2.5, p1 = 1 - 0.2/sqrt(2.5); v2 = 1.25 + 0.5 = 1.75
    const p1 = 1 - 0.2 / Math.sqrt(2.5);
    assertNear(run({ ...base, eps: 0, initialAccumulator: 1 }, 1, [2, 1]), [
      p1,
      p1 - 0.1 / Math.sqrt(1.75),
    ]);
  });

  await t.step("momentum, torch and tf styles agree at constant lr", () => {
    // eps 2 inside so d1 = 2, d2 = sqrt(3.5) (as above), momentum 0.5
    // torch: b1 = 2/2 = 1, p1 = 1 - 0.1·1 = 0.9; b2 = 0.5·1 + 1/sqrt(3.5), p2 = 0.9 - 0.1·b2
    // tf:    b1 = 0.1·2/2 = 0.1, p1 = 0.9;       b2 = 0.5·0.1 + 0.1/sqrt(3.5), p2 = 0.9 - b2
    const expected = [0.9, 0.9 - 0.1 * (0.5 + 1 / Math.sqrt(3.5))];
    for (const momentumStyle of ["torch", "tf"] as const) {
      assertNear(run({ ...base, eps: 2, momentum: 0.5, momentumStyle }, 1, [2, 1]), expected);
    }
  });

  await t.step("momentum styles differ when lr changes (0.1 then 0.2)", () => {
    // torch: b2 = 0.5 + 1/sqrt(3.5), p2 = 0.9 - 0.2·b2 = 0.8 - 0.2/sqrt(3.5)
    // tf:    b2 = 0.05 + 0.2/sqrt(3.5), p2 = 0.9 - b2 = 0.85 - 0.2/sqrt(3.5)
    const options = { ...base, eps: 2, momentum: 0.5 };
    assertNear(run({ ...options, momentumStyle: "torch" }, 1, [2, 1], [0.1, 0.2]), [
      0.9,
      0.8 - 0.2 / Math.sqrt(3.5),
    ]);
    assertNear(run({ ...options, momentumStyle: "tf" }, 1, [2, 1], [0.1, 0.2]), [
      0.9,
      0.85 - 0.2 / Math.sqrt(3.5),
    ]);
  });

  await t.step("coupled weight decay", () => {
    // g1 = 2 + 0.5·1 = 2.5, v1 = 0.5·6.25 = 3.125, p1 = 1 - 0.1·2.5/sqrt(3.125 + 2)
    // g2 = 1 + 0.5·p1, v2 = 0.5·3.125 + 0.5·g2², p2 = p1 - 0.1·g2/sqrt(v2 + 2)
    const p1 = 1 - 0.25 / Math.sqrt(5.125);
    const g2 = 1 + 0.5 * p1;
    const v2 = 1.5625 + 0.5 * g2 * g2;
    assertNear(run({ ...base, eps: 2, weightDecay: 0.5 }, 1, [2, 1]), [
      p1,
      p1 - 0.1 * g2 / Math.sqrt(v2 + 2),
    ]);
  });

  await t.step("decoupled weight decay", () => {
    // p ← p - 0.1·0.5·p first: 1 → 0.95, then v1 = 2, d1 = 2, p1 = 0.95 - 0.1 = 0.85
    // 0.85 → 0.85·0.95 = 0.8075, v2 = 1.5, p2 = 0.8075 - 0.1/sqrt(3.5)
    assertNear(
      run({ ...base, eps: 2, weightDecay: 0.5, decoupledWeightDecay: true }, 1, [2, 1]),
      [0.85, 0.8075 - 0.1 / Math.sqrt(3.5)],
    );
  });

  await t.step("maximize", () => {
    // g = -2: v1 = 2, d1 = 2, p1 = 1 + 0.1 = 1.1; g = -1: v2 = 1.5, p2 = 1.1 + 0.1/sqrt(3.5)
    assertNear(run({ ...base, eps: 2, maximize: true }, 1, [2, 1]), [
      1.1,
      1.1 + 0.1 / Math.sqrt(3.5),
    ]);
  });

  await t.step("maximize negates g before coupled weight decay is added (PyTorch order)", () => {
    // g = -2 + 0.5·1 = -1.5, v1 = 0.5·2.25 = 1.125, p1 = 1 + 0.15/sqrt(1.125 + 2)
    assertNear(run({ ...base, eps: 2, maximize: true, weightDecay: 0.5 }, 1, [2]), [
      1 + 0.15 / Math.sqrt(3.125),
    ]);
  });

  await t.step("centered with tf momentum, eps inside", () => {
    // v1 = 2, m1 = 1, d1 = sqrt(2 - 1 + 3) = 2, b1 = 0.1·2/2 = 0.1, p1 = 0.9
    // g2 = 1: v2 = 1.5, m2 = 1, d2 = sqrt(1.5 - 1 + 3) = sqrt(3.5)
    // b2 = 0.5·0.1 + 0.1/sqrt(3.5), p2 = 0.9 - b2
    assertNear(
      run({ ...base, eps: 3, centered: true, momentum: 0.5, momentumStyle: "tf" }, 1, [2, 1]),
      [0.9, 0.85 - 0.1 / Math.sqrt(3.5)],
    );
  });
});

Deno.test("RMSprop updates several groups independently", () => {
  const rng = new Random("groups");
  const p = Float64Array.from({ length: 10 }, () => rng.normal());
  const g = new Float64Array(10);
  const whole = p.slice();
  const a = new RMSprop([{ params: whole, grads: g }], { centered: true, momentum: 0.9 });
  const parts = [
    { params: p.subarray(0, 3), grads: g.subarray(0, 3) },
    { params: p.subarray(3), grads: g.subarray(3) },
  ];
  const b = new RMSprop(parts, { centered: true, momentum: 0.9 });
  for (let t = 0; t < 5; t++) {
    for (let i = 0; i < 10; i++) g[i] = rng.normal();
    a.step();
    b.step();
  }
  assert.deepEqual(p, whole);
});

Deno.test("RMSprop fast path equals the general path bit for bit", () => {
  // maximize with negated gradients takes the general loop and must give the same numbers.
  for (const Arr of [Float64Array, Float32Array]) {
    for (const epsPlacement of ["inside", "outside"] as const) {
      const rng = new Random(`paths-${epsPlacement}`);
      const p1 = filled(Arr, 50, () => rng.normal());
      const p2 = p1.slice();
      const g1 = new Arr(50);
      const g2 = new Arr(50);
      const plain = new RMSprop([{ params: p1, grads: g1 }], { epsPlacement, eps: 1e-3 });
      const general = new RMSprop([{ params: p2, grads: g2 }], {
        epsPlacement,
        eps: 1e-3,
        maximize: true,
      });
      for (let t = 0; t < 20; t++) {
        for (let i = 0; i < 50; i++) {
          g1[i] = rng.normal() * 10 ** rng.int(6);
          g2[i] = -g1[i];
        }
        plain.step();
        general.step();
      }
      assert.deepEqual(p1, p2);
      assert.deepEqual(plain.state().squareAvg, general.state().squareAvg);
    }
  }
});

const ALL_OPTIONS: RMSpropOptions = {
  lr: 0.01,
  rho: 0.95,
  eps: 1e-6,
  epsPlacement: "outside",
  centered: true,
  momentum: 0.9,
  momentumStyle: "tf",
  initialAccumulator: 0.1,
  weightDecay: 0.01,
};

Deno.test("RMSprop state() / loadState() resume exactly", async (t) => {
  for (const Arr of [Float64Array, Float32Array]) {
    for (const options of [{}, ALL_OPTIONS, { ...ALL_OPTIONS, decoupledWeightDecay: true }]) {
      await t.step(`${Arr.name} ${JSON.stringify(options)}`, () => {
        const n = 20;
        const rng = new Random("resume");
        const p0 = filled(Arr, n, () => rng.normal());
        const grads: FloatArray[] = [];
        for (let t = 0; t < 12; t++) grads.push(filled(Arr, n, () => rng.normal()));

        // Uninterrupted: 12 steps, lr halved after step 4.
        const params = p0.slice();
        const g = new Arr(n);
        const a = new RMSprop([{ params, grads: g }], options);
        let saved = a.state();
        let pAt7 = params.slice();
        for (let t = 0; t < 12; t++) {
          if (t === 4) a.lr = a.lr / 2;
          g.set(grads[t]);
          a.step();
          if (t === 6) {
            saved = a.state();
            pAt7 = params.slice();
          }
        }

        // Interrupted after 7 steps, restored into a fresh optimizer, then the last 5 steps.
        const params2 = pAt7.slice();
        const g2 = new Arr(n);
        const b = new RMSprop([{ params: params2, grads: g2 }], options);
        b.loadState(saved);
        assert.equal(b.iterations, 7);
        assert.equal(b.lr, a.lr);
        for (let t = 7; t < 12; t++) {
          g2.set(grads[t]);
          b.step();
        }
        assert.deepEqual(params2, params);
        assert.deepEqual(b.state(), a.state());
      });
    }
  }
});

Deno.test("RMSprop state() returns copies", () => {
  const params = new Float64Array([1]);
  const opt = new RMSprop([{ params, grads: new Float64Array([1]) }]);
  opt.step();
  const s = opt.state();
  s.squareAvg[0][0] = 123;
  assert.notEqual(opt.state().squareAvg[0][0], 123);
});

Deno.test("RMSprop.loadState() rejects a state of another shape", () => {
  const make = (o: RMSpropOptions, n = 3) =>
    new RMSprop([{ params: new Float64Array(n), grads: new Float64Array(n) }], o);
  const centered = make({ centered: true }).state();
  assert.throws(() => make({}).loadState(centered), { name: "TypeError", message: /gradAvg/ });
  assert.throws(() => make({}, 4).loadState(make({}).state()), TypeError);
  const f32 = new RMSprop([{ params: new Float32Array(3), grads: new Float32Array(3) }]).state();
  assert.throws(() => make({}).loadState(f32), { name: "TypeError", message: /Float64Array/ });
  assert.throws(() => make({}).loadState({ ...make({}).state(), iterations: -1 }), TypeError);
});

Deno.test("RMSprop with Float32Array stays within 5e-6 of Float64Array, but is not equal", () => {
  // Each float32 store of p (|p| < 4) rounds by up to 2.4e-7; over 50 steps these add up like a
  // random walk to about 1e-6 (measured 1.04e-6). A float32 run that diverged would be far off.
  const n = 200;
  const rng = new Random("f32-f64");
  const p64 = Float64Array.from({ length: n }, () => Math.fround(rng.normal()));
  const p32 = Float32Array.from(p64);
  const g64 = new Float64Array(n);
  const g32 = new Float32Array(n);
  const options = { lr: 1e-3, rho: 0.99, centered: true, momentum: 0.9 };
  const a = new RMSprop([{ params: p64, grads: g64 }], options);
  const b = new RMSprop([{ params: p32, grads: g32 }], options);
  for (let t = 0; t < 50; t++) {
    for (let i = 0; i < n; i++) g32[i] = g64[i] = Math.fround(rng.normal());
    a.step();
    b.step();
  }
  let maxErr = 0;
  for (let i = 0; i < n; i++) maxErr = Math.max(maxErr, Math.abs(p32[i] - p64[i]));
  assert.ok(maxErr > 0, "float32 run should round");
  assert.ok(maxErr < 5e-6, `max |p32 - p64| = ${maxErr}`);
});

Deno.test("RMSprop with Float32Array rounds the new accumulator before the square root", () => {
  // g = 3e19, rho 0.9: v_t = 0.9·v + 9e37 → 9e37, 1.71e38, 2.439e38, 3.0951e38, then
  // 0.9·3.0951e38 + 9e37 = 3.6856e38 > float32 max 3.4028e38, so v rounds to Infinity at step 5
  // and p does not move (g/∞ = 0), as in a float32 framework. In float64 p keeps moving.
  const lr = 0.01;
  for (const Arr of [Float32Array, Float64Array]) {
    const params = new Arr([0]);
    const grads = new Arr([3e19]);
    const opt = new RMSprop([{ params, grads }], { lr, rho: 0.9 });
    for (let t = 0; t < 4; t++) opt.step();
    const p4 = params[0];
    assert.ok(Number.isFinite(opt.state().squareAvg[0][0]));
    opt.step();
    const v5 = opt.state().squareAvg[0][0];
    if (Arr === Float32Array) {
      assert.equal(v5, Infinity);
      assert.equal(params[0], p4);
    } else {
      assert.ok(Math.abs(v5 - 3.68559e38) < 1e33, `${v5}`);
      assert.ok(params[0] < p4);
    }
    opt.step();
    assert.ok(!Number.isNaN(params[0]));
  }
});

Deno.test("RMSprop leaves state at 0 and params unchanged for zero gradients (no NaN)", () => {
  for (const Arr of [Float64Array, Float32Array]) {
    for (const epsPlacement of ["inside", "outside"] as const) {
      for (const centered of [false, true]) {
        for (const momentum of [0, 0.9]) {
          for (const momentumStyle of ["torch", "tf"] as const) {
            const p0 = [0.5, -1, 0, 3];
            const params = new Arr(p0);
            const grads = new Arr(4);
            const options = { epsPlacement, centered, momentum, momentumStyle };
            const opt = new RMSprop([{ params, grads }], options);
            for (let t = 0; t < 10; t++) opt.step();
            const what = `${Arr.name} ${JSON.stringify(options)}`;
            assert.deepEqual([...params], p0, what);
            const s = opt.state();
            for (const a of [...s.squareAvg, ...s.gradAvg, ...s.momentumBuffer]) {
              assert.deepEqual([...a], [0, 0, 0, 0], what);
            }
          }
        }
      }
    }
  }
});

Deno.test("RMSprop buffers: caller-owned statistics shared by two optimizers", () => {
  // Two learners with their own params share one squareAvg backed by a SharedArrayBuffer.
  const shared = new Float64Array(new SharedArrayBuffer(8));
  const pa = new Float64Array([1]);
  const pb = new Float64Array([1]);
  const ga = new Float64Array([2]);
  const gb = new Float64Array([2]);
  const options = { lr: 0.1, rho: 0.9, eps: 0 };
  const a = new RMSprop([{ params: pa, grads: ga }], {
    ...options,
    buffers: { squareAvg: [shared] },
  });
  const b = new RMSprop([{ params: pb, grads: gb }], {
    ...options,
    buffers: { squareAvg: [shared] },
  });
  a.step();
  // v = 0.1·4 = 0.4 (seen by b too); b: v = 0.9·0.4 + 0.4 = 0.76, pb = 1 - 0.1·2/sqrt(0.76)
  assert.ok(Math.abs(shared[0] - 0.4) < 1e-15);
  b.step();
  assert.ok(Math.abs(shared[0] - 0.76) < 1e-15);
  assert.ok(Math.abs(pb[0] - (1 - 0.2 / Math.sqrt(0.76))) < 1e-15);
  assert.ok(Math.abs(pa[0] - (1 - 0.2 / Math.sqrt(0.4))) < 1e-15);
});

Deno.test("RMSprop buffers are checked", () => {
  const group = [{ params: new Float32Array(3), grads: new Float32Array(3) }];
  assert.throws(
    () => new RMSprop(group, { buffers: { squareAvg: [new Float32Array(2)] } }),
    {
      name: "TypeError",
      message: /buffers\.squareAvg\[0\] must be a Float32Array\(3\).*got Float32Array\(2\)/,
    },
  );
  assert.throws(
    () => new RMSprop(group, { buffers: { squareAvg: [new Float64Array(3)] } }),
    TypeError,
  );
  assert.throws(
    () => new RMSprop(group, { centered: true, buffers: { squareAvg: [new Float32Array(3)] } }),
    { name: "TypeError", message: /buffers\.gradAvg is required/ },
  );
});

Deno.test("RMSprop counts iterations, zeroes gradients and accepts a new lr", () => {
  const params = new Float64Array([1, 2]);
  const grads = new Float64Array([3, 4]);
  const opt = new RMSprop([{ params, grads }]);
  assert.equal(opt.iterations, 0);
  opt.step();
  opt.step();
  assert.equal(opt.iterations, 2);
  opt.zeroGrad();
  assert.deepEqual([...grads], [0, 0]);
  opt.lr = 0.5;
  assert.equal(opt.lr, 0.5);
  assert.equal(opt.state().lr, 0.5);
  grads[0] = 1;
  const before = params[0];
  opt.lr = 0; // allowed for a schedule that anneals to 0: the parameters stay put
  opt.step();
  assert.equal(params[0], before);
  assert.throws(() => (opt.lr = -1), { name: "RangeError", message: /lr must be .* got -1/ });
  assert.throws(() => (opt.lr = NaN), RangeError);
});

Deno.test("RMSprop rejects invalid options, naming the option and its value", async (t) => {
  const group = () => [{ params: new Float64Array(2), grads: new Float64Array(2) }];
  const cases: [string, unknown, string, RegExp][] = [
    ["lr", 0, "RangeError", /lr must be a finite number > 0, got 0$/],
    ["lr", -0.1, "RangeError", /lr .* got -0.1$/],
    ["lr", NaN, "RangeError", /lr .* got NaN$/],
    ["lr", Infinity, "RangeError", /lr .* got Infinity$/],
    ["lr", "0.1", "TypeError", /lr must be a number/],
    ["rho", 1, "RangeError", /rho must be in \[0, 1\), got 1$/],
    ["rho", -0.5, "RangeError", /rho .* got -0.5$/],
    ["rho", NaN, "RangeError", /rho .* got NaN$/],
    ["eps", -1e-8, "RangeError", /eps must be a finite number >= 0, got -1e-8$/],
    ["eps", Infinity, "RangeError", /eps .* got Infinity$/],
    ["momentum", 1, "RangeError", /momentum must be in \[0, 1\), got 1$/],
    ["momentum", -0.9, "RangeError", /momentum .* got -0.9$/],
    ["initialAccumulator", -1, "RangeError", /initialAccumulator .* got -1$/],
    ["weightDecay", -0.01, "RangeError", /weightDecay .* got -0.01$/],
    ["weightDecay", NaN, "RangeError", /weightDecay .* got NaN$/],
    [
      "epsPlacement",
      "middle",
      "RangeError",
      /epsPlacement must be "inside" or "outside", got "middle"/,
    ],
    ["momentumStyle", "keras", "RangeError", /momentumStyle .* got "keras"/],
    ["centered", 1, "TypeError", /centered must be a boolean, got 1/],
    ["maximize", "yes", "TypeError", /maximize must be a boolean/],
    ["decoupledWeightDecay", null, "TypeError", /decoupledWeightDecay must be a boolean/],
    ["alpha", 0.99, "TypeError", /unknown option "alpha"/],
  ];
  for (const [key, value, name, message] of cases) {
    await t.step(`${key}: ${String(value)}`, () => {
      assert.throws(
        () => new RMSprop(group(), { [key]: value } as RMSpropOptions),
        (e: Error) => {
          assert.equal(e.name, name);
          assert.match(e.message, /^Cannot create RMSprop: /);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }
});

Deno.test("RMSprop rejects malformed parameter groups", () => {
  const f64 = (n: number) => new Float64Array(n);
  assert.throws(() => new RMSprop([{ params: f64(3), grads: f64(2) }]), {
    name: "RangeError",
    message: /parameters\[0\]\.grads must have the length of \.params \(3\), got 2/,
  });
  assert.throws(
    () => new RMSprop([{ params: f64(2), grads: new Float32Array(2) }]),
    { name: "TypeError", message: /same type/ },
  );
  assert.throws(
    () =>
      new RMSprop([
        { params: [1, 2], grads: [0, 0] } as unknown as { params: FloatArray; grads: FloatArray },
      ]),
    { name: "TypeError", message: /Float32Array or Float64Array, got \[1, 2\] and \[0, 0\]/ },
  );
  assert.throws(() => new RMSprop([]), RangeError);
});

Deno.test("rmspropPreset returns the documented options", () => {
  // The table of issue #2.
  const table: Record<RMSpropPresetName, Partial<RMSpropOptions>> = {
    pytorch: { lr: 0.01, rho: 0.99, eps: 1e-8, epsPlacement: "outside", momentumStyle: "torch" },
    keras: {
      lr: 0.001,
      rho: 0.9,
      eps: 1e-7,
      epsPlacement: "inside",
      momentumStyle: "tf",
      decoupledWeightDecay: true,
    },
    tf1: {
      rho: 0.9,
      eps: 1e-10,
      epsPlacement: "inside",
      initialAccumulator: 1,
      momentumStyle: "tf",
    },
    tfjs: {
      rho: 0.9,
      eps: 1e-7,
      epsPlacement: "inside",
      initialAccumulator: 0,
      momentumStyle: "tf",
    },
    optax: {
      rho: 0.9,
      eps: 1e-8,
      epsPlacement: "inside",
      initialAccumulator: 0,
      momentumStyle: "tf",
    },
    sb3TfLike: {
      rho: 0.99,
      eps: 1e-5,
      epsPlacement: "inside",
      initialAccumulator: 1,
      momentumStyle: "torch",
    },
    natureDqn: {
      lr: 2.5e-4,
      rho: 0.95,
      eps: 0.01,
      epsPlacement: "inside",
      centered: true,
      momentum: 0,
    },
    a3c: { lr: 7e-4, rho: 0.99, eps: 0.1, epsPlacement: "inside", momentum: 0 },
  };
  for (const [name, expected] of Object.entries(table)) {
    const options = rmspropPreset(name as RMSpropPresetName);
    for (const [key, value] of Object.entries(expected)) {
      assert.equal(options[key as keyof RMSpropOptions], value, `${name}.${key}`);
    }
    // Every preset is a complete, valid options object.
    assert.equal(Object.keys(options).length, 11, name);
    new RMSprop([{ params: new Float32Array(1), grads: new Float32Array(1) }], options);
  }
  // Fresh objects: editing one does not change the next.
  rmspropPreset("keras").lr = 5;
  assert.equal(rmspropPreset("keras").lr, 0.001);
  assert.throws(() => rmspropPreset("adam" as RMSpropPresetName), {
    name: "RangeError",
    message: /got "adam"/,
  });
});

Deno.test("rmspropPreset pytorch / keras reproduce their reference vectors", async () => {
  const fixture = JSON.parse(
    await Deno.readTextFile(new URL("../../fixtures/rmsprop_public_vectors.json", import.meta.url)),
  ) as {
    entries: {
      name: string;
      params0: number[];
      grads: number[][];
      expected: { params: number[][] };
    }[];
  };
  const cases: [string, RMSpropOptions][] = [
    ["torch_default", rmspropPreset("pytorch")],
    ["tf_plain", rmspropPreset("keras")],
    ["tf_centered", { ...rmspropPreset("keras"), centered: true }],
  ];
  for (const [name, options] of cases) {
    const e = fixture.entries.find((x) => x.name === name)!;
    const params = new Float64Array(e.params0);
    const grads = new Float64Array(params.length);
    const opt = new RMSprop([{ params, grads }], options);
    for (const g of e.grads) {
      grads.set(g);
      opt.step();
    }
    const want = e.expected.params.at(-1)!;
    for (let i = 0; i < want.length; i++) {
      assert.ok(Math.abs(params[i] - want[i]) <= 1e-10 * Math.max(1, Math.abs(want[i])), name);
    }
  }
});
