import assert from "node:assert/strict";
import { type Activation, MLP } from "../../../core/nn/mlp.ts";
import { Random } from "../../../core/random.ts";

// ---------------------------------------------------------------------------------------------
// Helpers: an independent naive forward pass and a central-difference gradient check.

/** Naive float64 forward from the documented layout; also the smallest |pre-activation| of ReLUs. */
function referenceForward(
  params: ArrayLike<number>,
  sizes: readonly number[],
  activation: Activation,
  outputActivation: Activation,
  x: ArrayLike<number>,
  batch: number,
): { y: number[]; minReluInput: number } {
  let minReluInput = Infinity;
  let rows: number[][] = [];
  for (let b = 0; b < batch; b++) {
    rows.push(Array.from({ length: sizes[0] }, (_, i) => x[b * sizes[0] + i]));
  }
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [nIn, nOut] = [sizes[l], sizes[l + 1]];
    const act = l + 2 === sizes.length ? outputActivation : activation;
    const biasAt = at + nIn * nOut;
    rows = rows.map((row) =>
      Array.from({ length: nOut }, (_, o) => {
        let z = params[biasAt + o];
        for (let i = 0; i < nIn; i++) z += params[at + o * nIn + i] * row[i];
        if (act === "relu") minReluInput = Math.min(minReluInput, Math.abs(z));
        return act === "tanh" ? Math.tanh(z) : act === "relu" ? Math.max(z, 0) : z;
      })
    );
    at = biasAt + nOut;
  }
  return { y: rows.flat(), minReluInput };
}

const H = 1e-5;

/** (f(x + h) − f(x − h)) / 2h for coordinate k of x, restoring x[k]. */
function centralDifference(f: () => number, x: Float64Array, k: number): number {
  const old = x[k];
  x[k] = old + H;
  const up = f();
  x[k] = old - H;
  const down = f();
  x[k] = old;
  return (up - down) / (2 * H);
}

/**
 * Relative error |a − n| / max(|a|, |n|) below 1e-6 for every component; components below 1e-3 in
 * size are held to the absolute error 1e-9 instead (the floor of the denominator).
 */
function assertGradClose(analytic: ArrayLike<number>, numeric: ArrayLike<number>, what: string) {
  assert.equal(analytic.length, numeric.length);
  for (let k = 0; k < analytic.length; k++) {
    const [a, n] = [analytic[k], numeric[k]];
    const rel = Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), 1e-3);
    assert.ok(rel < 1e-6, `${what}[${k}]: analytic ${a} vs numeric ${n} (relative error ${rel})`);
  }
}

function randomArray(rng: Random, n: number, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

// ---------------------------------------------------------------------------------------------

Deno.test("MLP.forward matches hand-computed values on a 2→2→1 net", async (t) => {
  // W1 = [[1, 2], [−1, 0.5]], b1 = [0, 1], W2 = [[2, −1]], b2 = [0.5]; rows x = [1, −1] and [1, 1].
  // Row 1: z1 = [1 − 2 + 0, −1 − 0.5 + 1] = [−1, −0.5].  Row 2: z1 = [1 + 2, −1 + 0.5 + 1] = [3, 0.5].
  const params = [1, 2, -1, 0.5, 0, 1, 2, -1, 0.5];
  const x = new Float64Array([1, -1, 1, 1]);
  const cases: [Activation, Activation, number[]][] = [
    // tanh: 2·tanh(−1) − tanh(−0.5) + 0.5 = 2(−0.7615941559557649) + 0.46211715726000974 + 0.5
    //       2·tanh(3) − tanh(0.5) + 0.5 = 2(0.9950547536867305) − 0.46211715726000974 + 0.5
    ["tanh", "identity", [-0.5610711546515199, 2.0279923501134514]],
    // relu: row 1 hidden [0, 0] → 0.5; row 2 hidden [3, 0.5] → 6 − 0.5 + 0.5 = 6
    ["relu", "identity", [0.5, 6]],
    // identity: row 1 → −2 + 0.5 + 0.5 = −1; row 2 → 6 − 0.5 + 0.5 = 6; then tanh on the output
    ["identity", "tanh", [Math.tanh(-1), Math.tanh(6)]],
    // relu on the output: max(−1, 0) = 0 and 6
    ["identity", "relu", [0, 6]],
  ];
  for (const [activation, outputActivation, expected] of cases) {
    await t.step(`${activation} hidden, ${outputActivation} output`, () => {
      const net = new MLP({
        sizes: [2, 2, 1],
        activation,
        outputActivation,
        init: { kind: "zeros" },
        dtype: "float64",
      });
      net.params.set(params);
      const y = net.forward(x, 2);
      assert.equal(y.length, 2);
      for (let k = 0; k < 2; k++) assert.ok(Math.abs(y[k] - expected[k]) < 1e-15, `${y[k]}`);
    });
  }
});

Deno.test("MLP.backward matches central finite differences in float64", async (t) => {
  const cases: { sizes: number[]; batch: number; activation: Activation; output: Activation }[] = [
    { sizes: [3, 5, 1, 4, 2], batch: 1, activation: "tanh", output: "identity" }, // width-1 layer
    { sizes: [3, 5, 1, 4, 2], batch: 1, activation: "relu", output: "identity" },
    { sizes: [4, 8, 8, 4], batch: 3, activation: "tanh", output: "tanh" }, // full blocks of 4
    { sizes: [4, 8, 8, 4], batch: 3, activation: "relu", output: "relu" },
    { sizes: [6, 7, 3], batch: 5, activation: "tanh", output: "identity" }, // remainders 3, 3
    { sizes: [6, 7, 3], batch: 5, activation: "relu", output: "tanh" },
    { sizes: [2, 1, 1, 1], batch: 2, activation: "tanh", output: "identity" },
    { sizes: [1, 1], batch: 1, activation: "tanh", output: "identity" },
    { sizes: [5, 9, 6], batch: 4, activation: "identity", output: "identity" },
  ];
  for (const { sizes, batch, activation, output } of cases) {
    await t.step(`${sizes.join("→")} batch ${batch}, ${activation}/${output}`, () => {
      const rng = new Random(`gradcheck/${sizes}/${activation}/${output}`);
      const net = new MLP({
        sizes,
        activation,
        outputActivation: output,
        init: { kind: "orthogonal", gains: sizes.slice(1).map(() => 1.3) },
        rng,
        dtype: "float64",
      });
      // Nonzero biases, so their gradients and the ReLU patterns are not trivial.
      for (let l = 0; l < net.layerCount; l++) net.bias(l).set(randomArray(rng, sizes[l + 1], 0.3));
      const x = randomArray(rng, batch * sizes[0]);
      const r = randomArray(rng, batch * sizes.at(-1)!); // L = Σ r ⊙ y, so dL/dy = r
      const loss = () => {
        const y = net.forward(x, batch);
        let s = 0;
        for (let k = 0; k < y.length; k++) s += r[k] * y[k];
        return s;
      };
      const ref = referenceForward(net.params, sizes, activation, output, x, batch);
      // No ReLU input within 1000·h of its kink: the differences below never straddle it.
      assert.ok(ref.minReluInput > 1000 * H, `a ReLU input is ${ref.minReluInput} from 0`);
      const y = net.forward(x, batch);
      for (let k = 0; k < y.length; k++) assert.ok(Math.abs(y[k] - ref.y[k]) < 1e-12);

      net.zeroGrad();
      const dx = Array.from(net.backward(r));
      const dParams = Array.from(net.grads);
      const p = net.params as Float64Array;
      assertGradClose(dParams, dParams.map((_, k) => centralDifference(loss, p, k)), "dL/dθ");
      assertGradClose(dx, dx.map((_, k) => centralDifference(loss, x, k)), "dL/dx");
      if (activation !== "identity") {
        assert.ok(dParams.some((g) => Math.abs(g) > 1e-2), "the check must see real gradients");
      }
    });
  }
});

Deno.test("MLP.backward adds into grads; zeroGrad() clears them", () => {
  const net = new MLP({
    sizes: [3, 4, 2],
    activation: "tanh",
    rng: new Random(2),
    dtype: "float64",
  });
  const x = new Float64Array([0.1, -0.2, 0.3, 1, 2, 3]);
  const g = new Float64Array([1, -1, 0.5, 2]);
  net.forward(x, 2);
  net.zeroGrad();
  net.backward(g);
  const once = Array.from(net.grads);
  net.backward(g); // same forward cache: exactly twice the gradient
  net.grads.forEach((v, k) => assert.equal(v, 2 * once[k]));
  net.zeroGrad();
  assert.ok(net.grads.every((v) => v === 0));
});

Deno.test("MLP alternates batch sizes on one net without reallocating or mixing caches", () => {
  const sizes = [4, 16, 16, 3];
  const net = new MLP({ sizes, activation: "relu", rng: new Random(3), dtype: "float64" });
  const twin = net.clone();
  const rng = new Random(4);
  const batch = randomArray(rng, 64 * 4);
  const single = randomArray(rng, 4);
  const dOut64 = randomArray(rng, 64 * 3);
  const dOut1 = randomArray(rng, 3);

  const first = net.forward(batch, 64);
  const firstValues = Array.from(first);
  const act = net.forward(single, 1);
  assert.equal(act.length, 3);
  assert.deepEqual(Array.from(act), Array.from(twin.forward(single, 1)));
  const again = net.forward(batch, 64);
  assert.equal(again, first, "the batch-64 output view is reused, not reallocated");
  assert.deepEqual(Array.from(again), firstValues);
  assert.equal(net.forward(single, 1), act, "the batch-1 output view is reused too");

  // backward uses the cache of the LAST forward (batch 1 here), not the earlier batch of 64.
  net.zeroGrad();
  const dx = Array.from(net.backward(dOut1));
  twin.forward(single, 1);
  twin.zeroGrad();
  assert.deepEqual(dx, Array.from(twin.backward(dOut1)));
  assert.deepEqual(Array.from(net.grads), Array.from(twin.grads));

  // ...and back to 64: same gradients as a net that only ever saw batch 64.
  net.forward(batch, 64);
  net.zeroGrad();
  net.backward(dOut64);
  const fresh = twin.clone();
  fresh.forward(batch, 64);
  fresh.backward(dOut64);
  assert.deepEqual(Array.from(net.grads), Array.from(fresh.grads));

  // Growing past the capacity still gives the right answer (256 rows = batch repeated 4 times).
  const big = new Float64Array(256 * 4);
  for (let k = 0; k < 4; k++) big.set(batch, k * 64 * 4);
  const y = net.forward(big, 256);
  assert.equal(y.length, 256 * 3);
  assert.deepEqual(Array.from(y.subarray(192 * 3)), firstValues);
});

Deno.test("MLP.forward copies its input, so the caller may reuse the array before backward", () => {
  const net = new MLP({
    sizes: [2, 3, 1],
    activation: "tanh",
    rng: new Random(5),
    dtype: "float64",
  });
  const x = new Float64Array([0.3, -0.7]);
  net.forward(x, 1);
  net.zeroGrad();
  net.backward([1]);
  const expected = Array.from(net.grads);
  net.forward(x, 1);
  x.fill(100); // e.g. the env wrote the next observation into the same buffer
  net.zeroGrad();
  net.backward([1]);
  assert.deepEqual(Array.from(net.grads), expected);
});

Deno.test("MLP float32 and float64 agree on the same weights", () => {
  const f32 = new MLP({ sizes: [4, 32, 32, 2], activation: "tanh", rng: new Random(6) });
  const f64 = MLP.fromStateDict(f32.stateDict(), { activation: "tanh", dtype: "float64" });
  assert.ok(f32.params instanceof Float32Array && f64.params instanceof Float64Array);
  const x = randomArray(new Random(7), 8 * 4);
  const [a, b] = [f32.forward(x, 8), f64.forward(x, 8)];
  for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k] - b[k]) < 1e-5);
  const g = new Float32Array(16).fill(0.25);
  f32.backward(g);
  f64.backward(g);
  for (let k = 0; k < f32.grads.length; k++) {
    assert.ok(Math.abs(f32.grads[k] - f64.grads[k]) < 1e-5);
  }
});

Deno.test("MLP forward matches PyTorch on exported weights (the README loading snippet)", () => {
  // Reference: the net below was exported with JSON.stringify(net.stateDict()), loaded into
  // PyTorch 1.13 with the README's snippet, then `net.double()(torch.tensor(x, dtype=torch.float64)
  // .reshape(2, 4)).flatten().tolist()`.
  // The float32 PyTorch output agreed with ours to 6e-8.
  const net = new MLP({ sizes: [4, 8, 3], activation: "tanh", rng: new Random(0) });
  const x = [0.5, -1, 0.25, 2, -0.3, 0.1, 1.5, -2];
  const torchFloat64 = [
    -0.14625585606119024,
    0.6512140498612125,
    -0.27003008035105647,
    -0.16065396204764615,
    0.3263220749381984,
    -0.11340882785565365,
  ];
  // Pins the default init for seed 0 too: the first weights and the last bias.
  assert.equal(net.params[0], Math.fround(0.10504335165023804));
  assert.equal(net.params[1], Math.fround(-0.29681289196014404));
  assert.equal(net.params.at(-1), Math.fround(-0.33433669805526733));
  const f64 = MLP.fromStateDict(net.stateDict(), { activation: "tanh", dtype: "float64" });
  const y64 = f64.forward(x, 2);
  const y32 = net.forward(x, 2);
  for (let k = 0; k < 6; k++) {
    assert.ok(Math.abs(y64[k] - torchFloat64[k]) < 1e-14, `${y64[k]} vs ${torchFloat64[k]}`);
    assert.ok(Math.abs(y32[k] - torchFloat64[k]) < 1e-6);
  }
});

Deno.test("MLP PyTorch-default init: U(−1/√fan_in, 1/√fan_in) for weights and biases", () => {
  const net = new MLP({ sizes: [64, 256, 4], activation: "relu", rng: new Random(8) });
  for (let l = 0; l < 2; l++) {
    const bound = 1 / Math.sqrt(net.sizes[l]);
    for (const values of [net.weight(l), net.bias(l)]) {
      assert.ok(values.every((v) => Math.abs(v) <= bound));
    }
  }
  // 16384 draws of U(−k, k), k = 1/8: mean 0 (sd k/√(3·16384) ≈ 5.6e-4), variance k²/3 ≈ 5.21e-3.
  const w = Array.from(net.weight(0));
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length;
  assert.ok(Math.abs(mean) < 4 * 5.6e-4, `mean ${mean}`);
  assert.ok(Math.abs(variance / (1 / 64 / 3) - 1) < 0.03, `variance ${variance}`);
  // The bias uses the whole range too (not zero): 256 draws, max |b| close to 1/8.
  assert.ok(Math.max(...Array.from(net.bias(0), Math.abs)) > 0.12);
});

Deno.test("MLP init is deterministic for a given rng and differs across seeds", () => {
  for (
    const init of [{ kind: "pytorch" as const }, { kind: "orthogonal" as const, gains: [1, 1] }]
  ) {
    const make = (seed: number) =>
      new MLP({ sizes: [5, 7, 3], activation: "tanh", init, rng: new Random(seed) });
    assert.deepEqual(make(1).params, make(1).params);
    assert.notDeepEqual(make(1).params, make(2).params);
  }
});

Deno.test("MLP orthogonal init equals PyTorch's orthogonal_ on the same Gaussian draws", () => {
  // Reference: the 30 draws of new Random("orthogonal-ref").normal() were given to
  // torch.nn.init.orthogonal_'s algorithm (torch.linalg.qr, q *= sign(diag r), transposed for
  // a wide matrix) in float64 with PyTorch 1.13: a 3×5 weight (gain 1) then a 5×3 (gain 2).
  const torchW0 = [
    -0.09846352596867969,
    0.8679937842453284,
    -0.01569153691687429,
    -0.31684116155233083,
    -0.3691303002743687,
    -0.42217907882919326,
    -0.2873947717604907,
    0.7196553341376157,
    -0.1909157678517749,
    -0.4299028264579249,
    -0.016588749738945082,
    -0.36664784202185413,
    -0.4607149774770912,
    -0.7925339593801918,
    -0.15787908689961377,
  ];
  const torchW1 = [
    0.5464714565969473,
    0.7271670560931826,
    -0.04909794847981382,
    -0.31529401461272305,
    1.3411409397075122,
    -0.504935683242671,
    0.5004068821754641,
    -1.0153737354251393,
    0.5778352343609313,
    1.4440131215723373,
    -0.2287201672273349,
    -1.3076479576551137,
    -1.125334478487418,
    -0.7676407459779117,
    -1.3033773851094659,
  ];
  const net = new MLP({
    sizes: [5, 3, 5],
    activation: "tanh",
    init: { kind: "orthogonal", gains: [1, 2] },
    rng: new Random("orthogonal-ref"),
    dtype: "float64",
  });
  net.weight(0).forEach((v, k) => assert.ok(Math.abs(v - torchW0[k]) < 1e-14, `w0[${k}] ${v}`));
  net.weight(1).forEach((v, k) => assert.ok(Math.abs(v - torchW1[k]) < 1e-14, `w1[${k}] ${v}`));
  assert.ok(net.bias(0).every((v) => v === 0) && net.bias(1).every((v) => v === 0));
});

Deno.test("MLP orthogonal init: orthonormal rows or columns times the layer's gain", async (t) => {
  const gains = [Math.SQRT2, Math.SQRT2, 0.01];
  for (const dtype of ["float64", "float32"] as const) {
    await t.step(dtype, () => {
      const net = new MLP({
        sizes: [4, 64, 64, 2],
        activation: "tanh",
        init: { kind: "orthogonal", gains },
        rng: new Random(9),
        dtype,
      });
      const tol = dtype === "float64" ? 1e-12 : 1e-6;
      for (let l = 0; l < 3; l++) {
        const [nIn, nOut] = [net.sizes[l], net.sizes[l + 1]];
        const w = net.weight(l);
        // Gram matrix of the shorter side: columns when tall (out ≥ in), rows when wide.
        const tall = nOut >= nIn;
        const n = tall ? nIn : nOut;
        const at = (a: number, k: number) => (tall ? w[k * nIn + a] : w[a * nIn + k]);
        for (let a = 0; a < n; a++) {
          for (let c = 0; c < n; c++) {
            let dot = 0;
            for (let k = 0; k < (tall ? nOut : nIn); k++) dot += at(a, k) * at(c, k);
            const expected = a === c ? gains[l] ** 2 : 0;
            assert.ok(
              Math.abs(dot - expected) < tol * Math.max(1, gains[l] ** 2),
              `${l} ${a} ${c}`,
            );
          }
        }
        assert.ok(net.bias(l).every((v) => v === 0));
      }
    });
  }
});

Deno.test("MLP.copyFrom, lerpFrom and clone", () => {
  const a = new MLP({
    sizes: [3, 4, 2],
    activation: "relu",
    rng: new Random(10),
    dtype: "float64",
  });
  const b = new MLP({
    sizes: [3, 4, 2],
    activation: "relu",
    rng: new Random(11),
    dtype: "float64",
  });
  const before = Array.from(b.params);
  b.lerpFrom(a, 0.25); // 0.25·a + 0.75·b, element by element
  b.params.forEach((v, k) =>
    assert.ok(Math.abs(v - (0.25 * a.params[k] + 0.75 * before[k])) < 1e-16)
  );
  // Hand value: target 1, online 3, τ = 0.25 → 0.25·3 + 0.75·1 = 1.5
  a.params[0] = 3;
  b.params[0] = 1;
  b.lerpFrom(a, 0.25);
  assert.equal(b.params[0], 1.5);
  b.lerpFrom(a, 0);
  assert.equal(b.params[0], 1.5);
  b.lerpFrom(a, 1);
  assert.deepEqual(b.params, a.params);

  const c = a.clone();
  assert.deepEqual(c.params, a.params);
  assert.equal(c.dtype, "float64");
  assert.equal(c.activation, "relu");
  c.params[0] = 42;
  assert.equal(a.params[0], 3, "a clone does not share storage");
  a.copyFrom(c);
  assert.equal(a.params[0], 42);

  const other = new MLP({ sizes: [3, 5, 2], activation: "relu", rng: new Random(0) });
  assert.throws(() => a.copyFrom(other), {
    name: "RangeError",
    message: "Cannot copy MLP: sizes [3,4,2] do not match the other network's [3,5,2]",
  });
  assert.throws(() => a.lerpFrom(c, 1.5), {
    name: "RangeError",
    message: /tau must be in \[0, 1\], got 1.5/,
  });
});

Deno.test("MLP.stateDict round-trips through JSON and matches the documented layout", async (t) => {
  for (const dtype of ["float32", "float64"] as const) {
    await t.step(dtype, () => {
      const net = new MLP({ sizes: [3, 5, 2], activation: "tanh", rng: new Random(12), dtype });
      const state = JSON.parse(JSON.stringify(net.stateDict()));
      assert.deepEqual(Object.keys(state), [
        "layers.0.weight",
        "layers.0.bias",
        "layers.1.weight",
        "layers.1.bias",
      ]);
      assert.deepEqual(state["layers.0.weight"].shape, [5, 3]);
      assert.deepEqual(state["layers.1.bias"].shape, [2]);
      // weight[o][i] is params[o·in + i]; the bias follows the weight.
      assert.equal(state["layers.0.weight"].data[1 * 3 + 2], net.params[5]);
      assert.equal(state["layers.0.bias"].data[0], net.params[15]);
      const loaded = new MLP({ sizes: [3, 5, 2], activation: "tanh", rng: new Random(99), dtype });
      loaded.loadStateDict(state);
      assert.deepEqual(loaded.params, net.params); // exact: JSON numbers round-trip
      const built = MLP.fromStateDict(state, { activation: "tanh", dtype });
      assert.deepEqual(built.sizes, [3, 5, 2]);
      assert.deepEqual(built.params, net.params);
    });
  }
});

Deno.test("MLP.loadStateDict rejects bad states without writing anything", () => {
  const net = new MLP({ sizes: [2, 3, 1], activation: "tanh", rng: new Random(13) });
  const good = net.stateDict();
  const before = Array.from(net.params);
  const bad = (edit: (s: Record<string, { shape: number[]; data: number[] }>) => void) => {
    const s = structuredClone(good);
    edit(s);
    return s;
  };
  assert.throws(() => net.loadStateDict(bad((s) => delete s["layers.1.bias"])), {
    name: "TypeError",
    message: 'Cannot load MLP state: missing "layers.1.bias"',
  });
  assert.throws(
    () =>
      net.loadStateDict(
        bad((s) => (s["layers.0.weight"] = { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] })),
      ),
    {
      name: "TypeError",
      message: 'Cannot load MLP state: "layers.0.weight" must have shape [3,2], got [2,3]',
    },
  );
  assert.throws(
    () => net.loadStateDict(bad((s) => (s["layers.2.weight"] = { shape: [1], data: [0] }))),
    {
      name: "TypeError",
      message: 'Cannot load MLP state: unexpected key "layers.2.weight" for sizes [2,3,1]',
    },
  );
  assert.throws(() => net.loadStateDict(bad((s) => s["layers.1.bias"].data.push(1))), {
    name: "TypeError",
    message: 'Cannot load MLP state: "layers.1.bias".data must be 1 numbers, got 2 values',
  });
  // A valid first tensor and an invalid last one: nothing was written.
  assert.throws(() =>
    net.loadStateDict(bad((s) => {
      s["layers.0.weight"].data.fill(7);
      s["layers.1.bias"].shape = [2];
    }))
  );
  assert.deepEqual(Array.from(net.params), before);
  assert.throws(() => MLP.fromStateDict({}, { activation: "tanh" }), {
    name: "TypeError",
    message:
      'Cannot load MLP state: "layers.0.weight" must be a tensor of shape [out, in], got undefined',
  });
});

Deno.test("MLP errors name the offending value", () => {
  const rng = new Random(0);
  assert.throws(() => new MLP({ sizes: [4], activation: "tanh", rng }), {
    name: "RangeError",
    message: "Cannot create MLP: sizes must be at least two positive integers, got [4]",
  });
  assert.throws(() => new MLP({ sizes: [4, 0, 2], activation: "tanh", rng }), /got \[4,0,2\]/);
  assert.throws(() => new MLP({ sizes: [4, 2], activation: "sigmoid" as Activation, rng }), {
    name: "RangeError",
    message: 'Cannot create MLP: activation must be "identity", "tanh" or "relu", got "sigmoid"',
  });
  assert.throws(
    () =>
      new MLP({
        sizes: [4, 8, 2],
        activation: "tanh",
        init: { kind: "orthogonal", gains: [1] },
        rng,
      }),
    {
      name: "RangeError",
      message: "Cannot create MLP: init.gains must be 2 finite numbers (one per layer), got [1]",
    },
  );
  assert.throws(() => new MLP({ sizes: [4, 2], activation: "tanh" }), {
    name: "TypeError",
    message: 'Cannot create MLP: rng (a Random) is required for init "pytorch"',
  });
  assert.throws(
    () => new MLP({ sizes: [4, 2], activation: "tanh", dtype: "float16" as "float32", rng }),
    /dtype must be "float32" or "float64", got "float16"/,
  );
  const net = new MLP({ sizes: [4, 2], activation: "tanh", rng });
  assert.throws(() => net.backward([1, 1]), {
    name: "TypeError",
    message: "Cannot run MLP.backward: forward() has not been called",
  });
  assert.throws(() => net.forward(new Float32Array(4), 0), {
    name: "RangeError",
    message: "Cannot run MLP.forward: batchSize must be a positive integer, got 0",
  });
  assert.throws(() => net.forward(new Float32Array(7), 2), {
    name: "TypeError",
    message: "Cannot run MLP.forward: input must hold batchSize × 4 = 8 values, got 7",
  });
  net.forward(new Float32Array(8), 2);
  assert.throws(() => net.backward(new Float32Array(3)), {
    name: "TypeError",
    message: "Cannot run MLP.backward: gradOutput must hold batch 2 × 2 = 4 values, got 3",
  });
  assert.throws(() => net.weight(1), /layer must be an integer in \[0, 1\), got 1/);
});

Deno.test("MLP.weight and MLP.bias are views of params in PyTorch's Linear layout", () => {
  const net = new MLP({ sizes: [3, 2, 4], activation: "tanh", init: { kind: "zeros" } });
  net.params.forEach((_, k) => (net.params[k] = k));
  // layer 0: weight 2×3 at 0..5, bias 2 at 6..7; layer 1: weight 4×2 at 8..15, bias 4 at 16..19
  assert.deepEqual(Array.from(net.weight(0)), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(net.bias(0)), [6, 7]);
  assert.deepEqual(Array.from(net.weight(1)), [8, 9, 10, 11, 12, 13, 14, 15]);
  assert.deepEqual(Array.from(net.bias(1)), [16, 17, 18, 19]);
  net.bias(1)[0] = -1;
  assert.equal(net.params[16], -1);
  assert.equal(net.params.length, 20);
  assert.deepEqual(net.parameters(), [{ params: net.params, grads: net.grads }]);
});
