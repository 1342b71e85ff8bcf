import assert from "node:assert/strict";
import {
  linearBackward,
  linearForward,
  linearInputGrad,
  linearParamGrad,
  NO_ACTIVATION,
  RELU,
  TANH,
  useWasm,
} from "../../../core/nn/_kernels.ts";
import { wasmKernels } from "../../../core/nn/_kernels_wasm.ts";
import { KERNELS_WASM_BASE64 } from "../../../core/nn/_kernels_wasm_bytes.ts";
import { BYTES_PATH, compileWat, WAT_PATH } from "../../../cli/gen_kernels_wasm.ts";
import { MLP } from "../../../core/nn/mlp.ts";
import { PPO } from "../../../agents/ppo.ts";
import { DQN } from "../../../agents/dqn.ts";
import { Random } from "../../../core/random.ts";

const ROOT = new URL("../../../", import.meta.url);

/** Asserts two float32 arrays hold the same bits, naming the first index that differs. */
function assertSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const at = a.findIndex((v, i) => v !== e[i]);
  assert.equal(at, -1, `${what}: index ${at} is ${actual[at]}, expected ${expected[at]}`);
}

/** Values of mixed magnitude and sign, with exact zeros, -0, tiny and huge entries. */
function values(rng: Random, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = i % 11;
    a[i] = r === 0
      ? 0
      : r === 1
      ? -0
      : r === 2
      ? rng.normal() * 1e-30
      : r === 3
      ? rng.normal() * 1e20
      : rng.normal();
  }
  return a;
}

/**
 * The three kernels on one problem: the WebAssembly kernels called directly (whatever the size,
 * so that every shape reaches them) or the float32 JavaScript loops.
 */
function runKernels(
  on: boolean,
  p: Float32Array,
  x: Float32Array,
  dy: Float32Array,
  g0: Float32Array,
  batch: number,
  nIn: number,
  nOut: number,
  bias = 3 + nIn * nOut,
): { y: Float32Array; g: Float32Array; dx: Float32Array } {
  const w = 3; // weights start at an offset, as in a multi-layer net
  const y = new Float32Array(batch * nOut);
  const g = g0.slice();
  const dx = new Float32Array(batch * nIn).fill(7); // overwritten, not added to
  if (on) {
    const k = wasmKernels!;
    k.forward(p, w, bias, x, y, batch, nIn, nOut);
    k.paramGrad(g, w, bias, x, dy, batch, nIn, nOut);
    k.inputGrad(p, w, dy, dx, batch, nIn, nOut);
    return { y, g, dx };
  }
  useWasm(false);
  try {
    linearForward(p, w, bias, x, y, batch, nIn, nOut);
    linearParamGrad(g, w, bias, x, dy, batch, nIn, nOut);
    linearInputGrad(p, w, dy, dx, batch, nIn, nOut);
    return { y, g, dx };
  } finally {
    useWasm(true);
  }
}

/**
 * The documented float32 sums, written as plainly as possible (one output at a time, `Math.fround`
 * after every operation), as an independent reference for both paths.
 */
function reference(
  p: Float32Array,
  x: Float32Array,
  dy: Float32Array,
  g0: Float32Array,
  batch: number,
  nIn: number,
  nOut: number,
  bias = 3 + nIn * nOut,
): { y: Float32Array; g: Float32Array; dx: Float32Array } {
  const f = Math.fround, w = 3;
  const y = new Float32Array(batch * nOut), g = g0.slice(), dx = new Float32Array(batch * nIn);
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < nOut; o++) {
      let acc = 0;
      for (let i = 0; i < nIn; i++) acc = f(acc + f(p[w + o * nIn + i] * x[b * nIn + i]));
      y[b * nOut + o] = f(p[bias + o] + acc);
    }
  }
  for (let o = 0; o < nOut; o++) {
    for (let i = 0; i < nIn; i++) {
      let acc = 0;
      for (let b = 0; b < batch; b++) acc = f(acc + f(dy[b * nOut + o] * x[b * nIn + i]));
      g[w + o * nIn + i] = f(g[w + o * nIn + i] + acc);
    }
    let acc = 0;
    for (let b = 0; b < batch; b++) acc = f(acc + dy[b * nOut + o]);
    g[bias + o] = f(g[bias + o] + acc);
  }
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < nIn; i++) {
      let acc = 0;
      for (let o = 0; o < nOut; o++) acc = f(acc + f(dy[b * nOut + o] * p[w + o * nIn + i]));
      dx[b * nIn + i] = acc;
    }
  }
  return { y, g, dx };
}

/**
 * Asserts two float32 arrays hold the same values bit for bit, except that any NaN equals any
 * NaN (WebAssembly and JavaScript may give NaNs different payloads).
 */
function assertSameValues(actual: Float32Array, expected: Float32Array, what: string): void {
  const canon = (a: Float32Array) => a.map((v) => Number.isNaN(v) ? NaN : v);
  assertSameBits(canon(actual), canon(expected), what);
}

/** The shapes compared: every remainder mod 4 and mod 8 in batch, nIn and nOut, 1, and large. */
const SHAPES = [
  [1, 1, 1],
  [1, 4, 64],
  [1, 64, 64],
  [2, 3, 5],
  [3, 7, 9],
  [4, 64, 64],
  [4, 32, 2],
  [5, 1, 130],
  [6, 130, 1],
  [8, 1, 1],
  [9, 5, 7],
  [10, 6, 2],
  [11, 3, 1],
  [12, 9, 15],
  [13, 17, 6],
  [64, 4, 64],
  [64, 64, 64],
  [64, 64, 2],
  [128, 64, 1],
  [128, 2, 64],
  [17, 13, 9],
  [200, 70, 65],
  [33, 64, 3],
  [257, 129, 67],
  [63, 255, 31],
];
Deno.test("WebAssembly kernels are available here (else the speed figures do not apply)", () => {
  assert.ok(wasmKernels !== null);
  assert.equal(useWasm(true), true);
});

Deno.test("the embedded WebAssembly is compiled from core/nn/_kernels.wat", async () => {
  const fresh = await compileWat(Deno.readTextFileSync(new URL(WAT_PATH, ROOT)));
  const embedded = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
  assert.deepEqual(embedded, fresh, `run \`deno task gen:wasm\` to refresh ${BYTES_PATH}`);
});

Deno.test("WebAssembly and JavaScript kernels return the same bits as the documented sums", async (t) => {
  const rng = new Random(17);
  for (const [batch, nIn, nOut] of SHAPES) {
    await t.step(`batch ${batch}, ${nIn} → ${nOut}`, () => {
      const p = values(rng, 3 + nIn * nOut + nOut + 2);
      const x = values(rng, batch * nIn);
      const dy = values(rng, batch * nOut);
      const g0 = values(rng, p.length);
      const js = runKernels(false, p, x, dy, g0, batch, nIn, nOut);
      const wasm = runKernels(true, p, x, dy, g0, batch, nIn, nOut);
      const ref = reference(p, x, dy, g0, batch, nIn, nOut);
      for (const [name, out] of [["JS", js], ["WebAssembly", wasm]] as const) {
        assertSameBits(out.y, ref.y, `${name} forward`);
        assertSameBits(out.g, ref.g, `${name} parameter gradient`);
        assertSameBits(out.dx, ref.dx, `${name} input gradient`);
      }
    });
  }
  await t.step("the bias stored apart from the weight", () => {
    const [batch, nIn, nOut] = [19, 11, 6];
    const p = values(rng, 3 + nIn * nOut + nOut + 9);
    const x = values(rng, batch * nIn), dy = values(rng, batch * nOut);
    const g0 = values(rng, p.length), bias = 3 + nIn * nOut + 7;
    const ref = reference(p, x, dy, g0, batch, nIn, nOut, bias);
    for (const on of [false, true]) {
      const out = runKernels(on, p, x, dy, g0, batch, nIn, nOut, bias);
      assertSameBits(out.y, ref.y, "forward");
      assertSameBits(out.g, ref.g, "parameter gradient");
    }
  });
});

Deno.test("WebAssembly and JavaScript kernels agree on ±0, NaN, ±Infinity, subnormals, overflow", async (t) => {
  const rng = new Random(23);
  const special = [
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    1.4e-45, // the smallest subnormal
    -3e-42,
    1.1754942e-38, // the largest subnormal
    3.4e38, // products overflow to ±Infinity
    -2.5e38,
    1e-30, // products underflow into the subnormals
    1,
    -1,
  ];
  for (const [batch, nIn, nOut] of [[9, 5, 7], [64, 64, 64], [13, 17, 6], [4, 3, 10]]) {
    await t.step(`batch ${batch}, ${nIn} → ${nOut}`, () => {
      const pick = (n: number, rate: number) => {
        const a = values(rng, n);
        for (let k = 0; k < n; k++) {
          if (rng.float() < rate) a[k] = special[rng.int(special.length)];
        }
        return a;
      };
      // few NaNs and infinities, so that most outputs stay finite and the rest still matters
      const p = pick(3 + nIn * nOut + nOut + 2, 0.05), x = pick(batch * nIn, 0.05);
      const dy = pick(batch * nOut, 0.05), g0 = pick(p.length, 0.02);
      const js = runKernels(false, p, x, dy, g0, batch, nIn, nOut);
      const wasm = runKernels(true, p, x, dy, g0, batch, nIn, nOut);
      const ref = reference(p, x, dy, g0, batch, nIn, nOut);
      for (const [name, out] of [["JS", js], ["WebAssembly", wasm]] as const) {
        assertSameValues(out.y, ref.y, `${name} forward`);
        assertSameValues(out.g, ref.g, `${name} parameter gradient`);
        assertSameValues(out.dx, ref.dx, `${name} input gradient`);
      }
    });
  }
});

Deno.test("float32 kernels round every product and every sum to float32 (hand-computed)", async (t) => {
  // With e = 2^-24 (half an ulp of 1 in float32):
  // - sums: 1 + e + e is 1 in float32 (each + e ties to even, back to 1), 1 + 2^-23 in float64;
  // - products: (1 + 2^-12)² = 1 + 2^-11 + e rounds (ties to even) to 1 + 2^-11 in float32, so
  //   (1 + 2^-12)·(1 + 2^-12) − 1·(1 + 2^-11) is +0 in float32, e in float64.
  const e = 2 ** -24, u = 1 + 2 ** -12, v = 1 + 2 ** -11;
  for (const on of [false, true]) {
    await t.step(on ? "WebAssembly" : "JavaScript", () => {
      // forward, batch 2, 3 → 2: W = [[1, 1, 1], [u, -1, 0]], bias [0, 0] (offset 3, as above)
      const p = new Float32Array([9, 9, 9, 1, 1, 1, u, -1, 0, 0, 0]);
      const x = new Float32Array([1, e, e, u, v, 5]);
      const dy = new Float32Array([1, 0, e, 0]);
      const g0 = new Float32Array(p.length);
      const out = runKernels(on, p, x, dy, g0, 2, 3, 2);
      // y[0] = [1 + e + e, u - e] → [1, u]; y[1] = [u + v + 5, u·u − v + 0] → [.., +0]
      assert.equal(out.y[0], 1); // float64 would give 1 + 2^-23
      assert.ok(Object.is(out.y[3], 0), `y[1, 1] = ${out.y[3]}, expected +0`); // float64: e
      // gBias[0] = 1 + e → 1 (ties to even); dx[b, i] = Σ_o dy[b, o]·W[o, i]
      assert.equal(out.g[9], 1);
      assert.deepEqual(Array.from(out.dx), [1, 1, 1, e, e, e]);
      // the weight gradient, batch 3, 1 → 1: gW = Σ_b dy[b]·x[b]
      const one = new Float32Array([9, 9, 9, 1, 0]), g = new Float32Array(5);
      const sum = runKernels(
        on,
        one,
        new Float32Array([1, e, e]),
        new Float32Array([1, 1, 1]),
        g,
        3,
        1,
        1,
      );
      assert.equal(sum.g[3], 1); // float64 would give 1 + 2^-23
      const prod = runKernels(
        on,
        one,
        new Float32Array([u, v]),
        new Float32Array([u, -1]),
        g,
        2,
        1,
        1,
      );
      assert.ok(Object.is(prod.g[3], 0), `gW = ${prod.g[3]}, expected +0`); // float64: e
    });
  }
  await t.step("a long sum: 1 then 4096 terms of 2^-24", () => {
    // float32: every + e ties back to 1, so y = 1; float64 would give 1 + 2^-12
    const nIn = 4097, batch = 8;
    const p = new Float32Array(3 + nIn + 1).fill(1);
    p[3 + nIn] = 0; // bias
    const x = new Float32Array(batch * nIn).fill(e);
    for (let b = 0; b < batch; b++) x[b * nIn] = 1;
    for (const on of [false, true]) {
      const out = runKernels(
        on,
        p,
        x,
        new Float32Array(batch),
        new Float32Array(p.length),
        batch,
        nIn,
        1,
      );
      assert.deepEqual(Array.from(out.y), new Array(batch).fill(1));
    }
  });
});

Deno.test("WebAssembly forward matches an exact sum on a hand-checked case", () => {
  // 9 rows (the WebAssembly path starts at batch 8) of x = [b, 1, -2] through W = [[1, 2, 3],
  // [0.5, 0, -1]], bias [0.25, -4]: y[b] = [b + 2 - 6 + 0.25, 0.5b + 2 - 4] = [b - 3.75, 0.5b - 2].
  const batch = 9;
  const p = new Float32Array([1, 2, 3, 0.5, 0, -1, 0.25, -4]);
  const x = new Float32Array(batch * 3);
  for (let b = 0; b < batch; b++) x.set([b, 1, -2], b * 3);
  const y = new Float32Array(batch * 2);
  linearForward(p, 0, 6, x, y, batch, 3, 2);
  for (let b = 0; b < batch; b++) {
    assert.deepEqual([y[2 * b], y[2 * b + 1]], [b - 3.75, 0.5 * b - 2]);
  }
});

Deno.test("WebAssembly on or off, training gives identical parameters", async (t) => {
  function trainPPO(on: boolean): Float32Array {
    useWasm(on);
    try {
      const agent = new PPO({ env: "CartPole-v1", seed: 3 });
      agent.learn(1024);
      const critic = agent.policy.critic!.params as Float32Array;
      const actor = agent.policy.actor.params as Float32Array;
      return Float32Array.of(...actor, ...critic);
    } finally {
      useWasm(true);
    }
  }
  function trainDQN(on: boolean): Float32Array {
    useWasm(on);
    try {
      const agent = new DQN({ env: "CartPole-v1", seed: 3, learningStarts: 200 });
      agent.learn(800);
      return agent.qNetwork.params as Float32Array;
    } finally {
      useWasm(true);
    }
  }
  await t.step("PPO (tanh, batch 128 minibatches)", () => {
    assertSameBits(trainPPO(true), trainPPO(false), "PPO parameters");
  });
  await t.step("DQN (ReLU, batch 32)", () => {
    assertSameBits(trainDQN(true), trainDQN(false), "DQN parameters");
  });
  await t.step("an MLP at batch 64 with both paths", () => {
    const make = () => new MLP({ sizes: [5, 32, 3], activation: "tanh", rng: new Random(2) });
    const x = values(new Random(4), 64 * 5).map((v) => Math.max(-3, Math.min(3, v)));
    const outs = [false, true].map((on) => {
      useWasm(on);
      try {
        const net = make();
        const y = net.forward(x, 64).slice();
        net.backward(new Float32Array(64 * 3).fill(0.5));
        return [y as Float32Array, net.grads.slice() as Float32Array] as const;
      } finally {
        useWasm(true);
      }
    });
    assertSameBits(outs[1][0], outs[0][0], "MLP output");
    assertSameBits(outs[1][1], outs[0][1], "MLP gradients");
  });
});

Deno.test("fused forward + activation and fused backward: WebAssembly gives the JavaScript bits", async (t) => {
  const rng = new Random(29);
  const special = [0, -0, NaN, Infinity, -Infinity, 1.4e-45, -3e-42, 3.4e38, 1e-30, 1, -1, 20];
  const pick = (n: number, rate: number) => {
    const a = values(rng, n);
    for (let k = 0; k < n; k++) if (rng.float() < rate) a[k] = special[rng.int(special.length)];
    return a;
  };
  const shapes = [...SHAPES, [9, 5, 7], [4, 3, 10]];
  for (const [batch, nIn, nOut] of shapes) {
    for (const [name, activation] of [["none", NO_ACTIVATION], ["tanh", TANH], ["relu", RELU]]) {
      await t.step(`batch ${batch}, ${nIn} → ${nOut}, ${name}`, () => {
        const rate = batch % 2 === 0 ? 0 : 0.03; // odd batches: some special values
        const w = 3, bias = 3 + nIn * nOut;
        const p = pick(bias + nOut + 2, rate), x = pick(batch * nIn, rate);
        const d0 = pick(batch * nOut, rate), g0 = pick(p.length, rate / 2);
        const run = (on: boolean) => {
          const y = new Float32Array(batch * nOut), g = g0.slice(), d = d0.slice();
          const dx = new Float32Array(batch * nIn).fill(7);
          if (on) {
            wasmKernels!.forward(p, w, bias, x, y, batch, nIn, nOut, activation as number);
            wasmKernels!.backward(
              p,
              g,
              w,
              bias,
              x,
              y,
              d,
              dx,
              batch,
              nIn,
              nOut,
              activation as number,
            );
          } else {
            useWasm(false);
            try {
              linearForward(p, w, bias, x, y, batch, nIn, nOut, activation as number);
              linearBackward(p, g, w, bias, x, y, d, dx, batch, nIn, nOut, activation as number);
            } finally {
              useWasm(true);
            }
          }
          return { y, g, dx };
        };
        const js = run(false),
          wasm = run(true),
          auto = (() => {
            const y = new Float32Array(batch * nOut), g = g0.slice(), d = d0.slice();
            const dx = new Float32Array(batch * nIn);
            linearForward(p, w, bias, x, y, batch, nIn, nOut, activation as number);
            linearBackward(p, g, w, bias, x, y, d, dx, batch, nIn, nOut, activation as number);
            return { y, g, dx };
          })();
        for (const [what, out] of [["WebAssembly", wasm], ["chosen path", auto]] as const) {
          assertSameValues(out.y, js.y, `${what} forward`);
          assertSameValues(out.g, js.g, `${what} parameter gradient`);
          assertSameValues(out.dx, js.dx, `${what} input gradient`);
        }
      });
    }
  }
});

Deno.test("whole-network passes: WebAssembly gives the JavaScript bits (shapes, batches, activations, special values)", async (t) => {
  const nets: [number[], "tanh" | "relu", "identity" | "tanh" | "relu"][] = [
    [[4, 64, 64, 2], "tanh", "identity"],
    [[4, 64, 64, 1], "tanh", "identity"],
    [[4, 120, 84, 2], "relu", "identity"],
    [[3, 5, 2], "tanh", "tanh"],
    [[7, 13, 9, 1], "relu", "relu"],
    [[9, 1, 6], "tanh", "relu"],
    [[130, 3], "relu", "tanh"],
  ];
  const special = [0, -0, NaN, Infinity, -Infinity, 1.4e-45, 3.4e38, 1e-30, 20];
  for (const [sizes, activation, outputActivation] of nets) {
    for (const batch of [1, 2, 3, 4, 5, 17, 128]) {
      await t.step(`${sizes.join("→")} ${activation}/${outputActivation}, batch ${batch}`, () => {
        const rng = new Random(batch * 31 + sizes.length);
        const x = values(rng, batch * sizes[0]);
        const dy = values(rng, batch * sizes.at(-1)!);
        if (batch % 2 === 1) {
          for (const a of [x, dy]) {
            for (let k = 0; k < a.length; k++) {
              if (rng.float() < 0.03) a[k] = special[rng.int(special.length)];
            }
          }
        }
        const run = (on: boolean) => {
          useWasm(on);
          try {
            const net = new MLP({ sizes, activation, outputActivation, rng: new Random(5) });
            net.grads.set(values(new Random(6), net.grads.length));
            const y = net.forward(x, batch).slice() as Float32Array;
            const dx = net.backward(dy).slice() as Float32Array;
            return { y, dx, g: net.grads.slice() as Float32Array };
          } finally {
            useWasm(true);
          }
        };
        const js = run(false), wasm = run(true);
        assertSameValues(wasm.y, js.y, "output");
        assertSameValues(wasm.g, js.g, "gradients");
        assertSameValues(wasm.dx, js.dx, "input gradient");
      });
    }
  }
});
