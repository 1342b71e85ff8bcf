import assert from "node:assert/strict";
import {
  linearForward,
  linearInputGrad,
  linearParamGrad,
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

/** The three kernels on one problem, with the WebAssembly path on or off. */
function runKernels(
  on: boolean,
  p: Float32Array,
  x: Float32Array,
  dy: Float32Array,
  g0: Float32Array,
  batch: number,
  nIn: number,
  nOut: number,
): { y: Float32Array; g: Float32Array; dx: Float32Array } {
  const w = 3, bias = 3 + nIn * nOut; // weights start at an offset, as in a multi-layer net
  useWasm(on);
  try {
    const y = new Float32Array(batch * nOut);
    const g = g0.slice();
    const dx = new Float32Array(batch * nIn).fill(7); // overwritten, not added to
    linearForward(p, w, bias, x, y, batch, nIn, nOut);
    linearParamGrad(g, w, bias, x, dy, batch, nIn, nOut);
    linearInputGrad(p, w, dy, dx, batch, nIn, nOut);
    return { y, g, dx };
  } finally {
    useWasm(true);
  }
}

Deno.test("WebAssembly kernels are available here (else the speed figures do not apply)", () => {
  assert.ok(wasmKernels !== null);
  assert.equal(useWasm(true), true);
});

Deno.test("the embedded WebAssembly is compiled from core/nn/_kernels.wat", async () => {
  const fresh = await compileWat(Deno.readTextFileSync(new URL(WAT_PATH, ROOT)));
  const embedded = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
  assert.deepEqual(embedded, fresh, `run \`deno task gen:wasm\` to refresh ${BYTES_PATH}`);
});

Deno.test("WebAssembly and JavaScript kernels return the same bits", async (t) => {
  const rng = new Random(17);
  // Shapes with every remainder mod 4 in batch, nIn and nOut, the agents' shapes, batch 1, and
  // sums longer than one 32-term chunk (batch 200, nIn 70, nOut 65).
  const shapes = [
    [1, 1, 1],
    [4, 64, 64],
    [4, 32, 2],
    [8, 1, 1],
    [9, 5, 7],
    [10, 6, 2],
    [11, 3, 1],
    [64, 4, 64],
    [64, 64, 64],
    [64, 64, 2],
    [128, 64, 1],
    [128, 2, 64],
    [17, 13, 9],
    [200, 70, 65],
    [33, 64, 3],
  ];
  for (const [batch, nIn, nOut] of shapes) {
    await t.step(`batch ${batch}, ${nIn} → ${nOut}`, () => {
      const p = values(rng, 3 + nIn * nOut + nOut + 2);
      const x = values(rng, batch * nIn);
      const dy = values(rng, batch * nOut);
      const g0 = values(rng, p.length);
      const js = runKernels(false, p, x, dy, g0, batch, nIn, nOut);
      const wasm = runKernels(true, p, x, dy, g0, batch, nIn, nOut);
      assertSameBits(wasm.y, js.y, "forward");
      assertSameBits(wasm.g, js.g, "parameter gradient");
      assertSameBits(wasm.dx, js.dx, "input gradient");
    });
  }
});

Deno.test("WebAssembly forward matches a float64 reference sum on a hand-checked case", () => {
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
