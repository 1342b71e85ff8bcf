// RMSprop in float32: every operation rounded to float32 in PyTorch's order, checked against NumPy
// float32 arithmetic, and the WebAssembly SIMD kernel bit-identical to the JavaScript loops.
import assert from "node:assert/strict";
import { Float32Arena, useWasmRmsprop } from "../../../core/optim/float32_arena.ts";
import { RMSprop, type RMSpropOptions } from "../../../core/optim/rmsprop.ts";
import { MLP } from "../../../core/nn/mlp.ts";
import { Random } from "../../../core/random.ts";

function same(a: Float32Array, b: Float32Array, what: string): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue; // NaN payloads may differ
    assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} !== ${b[i]}`);
  }
}

// Reference values from NumPy float32 arithmetic (np.float32 scalars and arrays), torch's order:
// c = f32(1 - rho); v = (rho*v) + ((c*g)*g); d = sqrt(v + epsIn) + epsOut; p = p - (lr*g)/d.
const P0 = [0.2, 0.4, 0.6, -1.5, 3.0];
const G = [-0.5, 0.3, 0.24, 1e-3, -7.25];

for (const wasm of [true, false]) {
  Deno.test(`RMSprop float32 matches NumPy float32 bit for bit (${wasm ? "WebAssembly" : "JS"})`, () => {
    useWasmRmsprop(wasm);
    try {
      const arena = new Float32Arena(5 * 8);
      const params = arena.alloc(5), grads = arena.alloc(5);
      params.set(P0);
      grads.set(G);
      const opt = new RMSprop([{ params, grads }], {
        lr: 0.01,
        rho: 0.9,
        eps: 1e-8,
        epsPlacement: "outside",
      });
      assert.deepEqual(opt.accelerated, [wasm]);
      for (let k = 0; k < 3; k++) opt.step();
      assert.deepEqual(Array.from(params), [
        0.27377381920814514,
        0.32622620463371277,
        0.5262262225151062,
        -1.5737719535827637,
        3.0737738609313965,
      ]);
      assert.deepEqual(Array.from(opt.state().squareAvg[0]), [
        0.0677499994635582,
        0.024390000849962234,
        0.015609599649906158,
        2.7100000465907215e-07,
        14.244438171386719,
      ]);
      // Centered, torch momentum, eps inside (the Nature-DQN update plus momentum).
      const p2 = arena.alloc(5), g2 = arena.alloc(5);
      p2.set(P0);
      g2.set(G);
      const cm = new RMSprop([{ params: p2, grads: g2 }], {
        lr: 0.01,
        rho: 0.95,
        eps: 0.01,
        epsPlacement: "inside",
        centered: true,
        momentum: 0.9,
      });
      for (let k = 0; k < 3; k++) cm.step();
      assert.deepEqual(Array.from(p2), [
        0.36954614520072937,
        0.2686740458011627,
        0.486836701631546,
        -1.500560998916626,
        3.2166519165039062,
      ]);
      assert.deepEqual(Array.from(cm.state().momentumBuffer[0]), [
        -7.736289978027344,
        6.120753288269043,
        5.320569038391113,
        0.027099881321191788,
        -9.597299575805664,
      ]);
    } finally {
      useWasmRmsprop(true);
    }
  });
}

const VARIANTS: [string, RMSpropOptions][] = [
  ["plain outside", { lr: 1e-3, rho: 0.99, eps: 1e-8, epsPlacement: "outside" }],
  ["plain inside, accumulator 1", { lr: 7e-4, rho: 0.99, eps: 1e-5, initialAccumulator: 1 }],
  ["centered", { lr: 2.5e-4, rho: 0.95, eps: 0.01, centered: true }],
  ["torch momentum", { lr: 0.01, rho: 0.9, eps: 1e-8, momentum: 0.9 }],
  ["tf momentum", { lr: 0.01, rho: 0.9, eps: 1e-7, momentum: 0.5, momentumStyle: "tf" }],
  ["centered + momentum", { lr: 3e-3, centered: true, momentum: 0.8, epsPlacement: "outside" }],
  ["coupled weight decay", { lr: 0.01, weightDecay: 0.1 }],
  ["decoupled weight decay", { lr: 0.01, weightDecay: 0.05, decoupledWeightDecay: true }],
  ["maximize", { lr: 0.01, maximize: true, momentum: 0.3 }],
  ["eps 0", { lr: 0.01, eps: 0 }],
];

const EDGE = [0, -0, 1e-30, -1e-30, 1e-45, 1e20, -1e20, 3e38, Infinity, -Infinity, NaN, 1, -1];

function fill(a: Float32Array, rng: Random, edges: boolean): void {
  for (let i = 0; i < a.length; i++) {
    a[i] = edges && i % 3 === 0 ? EDGE[rng.int(EDGE.length)] : rng.normal() * 10 ** rng.int(4);
  }
}

Deno.test("RMSprop float32: the WebAssembly kernel equals the JS loops for every option, length and edge value", () => {
  const rng = new Random(7);
  for (const [name, options] of VARIANTS) {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 13, 64, 1001]) {
      for (const edges of [false, true]) {
        const p0 = new Float32Array(n), g0 = new Float32Array(n);
        fill(p0, rng, edges);
        fill(g0, rng, edges);
        const run = (wasm: boolean): [Float32Array, unknown] => {
          useWasmRmsprop(wasm);
          try {
            const arena = new Float32Arena(n * 5 + 16);
            const params = arena.alloc(n), grads = arena.alloc(n);
            params.set(p0);
            const opt = new RMSprop([{ params, grads }], options);
            assert.deepEqual(opt.accelerated, [wasm], name);
            for (let k = 0; k < 3; k++) {
              grads.set(g0.map((x) => x * (k + 1)));
              opt.step();
            }
            return [params.slice(), opt.state()];
          } finally {
            useWasmRmsprop(true);
          }
        };
        const [pw, sw] = run(true);
        const [pj, sj] = run(false);
        const what = `${name} n=${n}${edges ? " edges" : ""}`;
        same(pw, pj, `${what} params`);
        const a = sw as {
          squareAvg: Float32Array[];
          gradAvg: Float32Array[];
          momentumBuffer: Float32Array[];
        };
        const b = sj as typeof a;
        same(a.squareAvg[0], b.squareAvg[0], `${what} squareAvg`);
        if (a.gradAvg.length) same(a.gradAvg[0], b.gradAvg[0], `${what} gradAvg`);
        if (a.momentumBuffer.length) {
          same(a.momentumBuffer[0], b.momentumBuffer[0], `${what} momentumBuffer`);
        }
        // Plain Float32Arrays (no arena) take the JS loops: the same bits again.
        const params = p0.slice(), grads = new Float32Array(n);
        const opt = new RMSprop([{ params, grads }], options);
        assert.deepEqual(opt.accelerated, [false]);
        for (let k = 0; k < 3; k++) {
          grads.set(g0.map((x) => x * (k + 1)));
          opt.step();
        }
        same(params, pw, `${what} plain arrays`);
      }
    }
  }
});

Deno.test("networks allocate in an arena and their optimizer steps in place; state round-trips", () => {
  const net = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(1) });
  assert.ok(Float32Arena.of(net.params) !== undefined);
  const opt = new RMSprop(net.parameters(), { centered: true, momentum: 0.9 });
  assert.deepEqual(opt.accelerated, [true]);
  net.grads.fill(0.5);
  opt.step();
  const saved = opt.state();
  const net2 = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(1) });
  const opt2 = new RMSprop(net2.parameters(), { centered: true, momentum: 0.9 });
  net2.params.set(net.params);
  opt2.loadState(saved);
  net.grads.fill(-0.25);
  net2.grads.fill(-0.25);
  opt.step();
  opt2.step();
  same(net.params as Float32Array, net2.params as Float32Array, "after restore");
  // A full arena falls back to the JS loops with the same results.
  const full = new Float32Arena(8);
  const params = full.alloc(4), grads = full.alloc(4);
  full.alloc(full.free - 4); // leave no room for the 4 floats of state
  const js = new RMSprop([{ params, grads }]);
  assert.deepEqual(js.accelerated, [false]);
  params.set([1, 2, 3, 4]);
  grads.set([0.5, -1, 2, 0]);
  js.step();
  const refParams = new Float32Array([1, 2, 3, 4]);
  new RMSprop([{ params: refParams, grads: grads.slice() }]).step();
  same(params, refParams, "full arena");
});

Deno.test("the embedded RMSprop WebAssembly is compiled from core/optim/_rmsprop.wat", async () => {
  const { compileWat, WASM_MODULES } = await import("../../../cli/gen_kernels_wasm.ts");
  const { RMSPROP_WASM_BASE64 } = await import("../../../core/optim/_rmsprop_wasm_bytes.ts");
  const m = WASM_MODULES.find((x) => x.name === "RMSPROP_WASM_BASE64")!;
  const root = new URL("../../../", import.meta.url);
  const fresh = await compileWat(Deno.readTextFileSync(new URL(m.wat, root)));
  const embedded = Uint8Array.from(atob(RMSPROP_WASM_BASE64), (c) => c.charCodeAt(0));
  assert.deepEqual(embedded, fresh, `run \`deno task gen:wasm\` to refresh ${m.bytes}`);
  assert.equal(useWasmRmsprop(true), true, "WebAssembly SIMD is available here");
});
