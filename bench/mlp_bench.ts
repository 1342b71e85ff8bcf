/**
 * Speed of {@linkcode MLP}: forward+backward on 4→64→64→2 and 4→256→256→2 (tanh) at batch 1, 32,
 * 64 and 256, and batch-1 forward (the cost of acting). The FLOP count is 6 · batch · Σ in·out
 * (2 FLOPs per multiply-add; one matrix product forward, two backward).
 *
 * `deno bench bench/mlp_bench.ts` times each case (the FLOPs are in the names), with the
 * WebAssembly kernels and, in the `… (JS loops)` cases, without them;
 * `deno run bench/mlp_bench.ts` prints GFLOP/s and the batch-1 forward time directly, both ways.
 *
 * @module
 */
import { useWasm } from "../core/nn/_kernels.ts";
import { MLP } from "../core/nn/mlp.ts";
import { Random } from "../core/random.ts";

const NETS = [[4, 64, 64, 2], [4, 256, 256, 2]];
const BATCHES = [1, 32, 64, 256];

function macsOf(sizes: number[]): number {
  let macs = 0;
  for (let l = 0; l + 1 < sizes.length; l++) macs += sizes[l] * sizes[l + 1];
  return macs;
}

for (const sizes of NETS) {
  const net = new MLP({ sizes, activation: "tanh", rng: new Random(0) });
  const rng = new Random(1);
  const input = new Float32Array(256 * sizes[0]).map(() => rng.normal());
  const gradOut = new Float32Array(256 * sizes.at(-1)!).map(() => rng.normal());
  const macs = macsOf(sizes);
  for (const batch of BATCHES) {
    const name = `forward+backward ${sizes.join("→")} batch ${batch} (${
      (6 * batch * macs / 1e6).toPrecision(3)
    } MFLOP)`;
    Deno.bench({ name, group: sizes.join("→") }, () => {
      net.forward(input, batch);
      net.backward(gradOut);
    });
    Deno.bench({ name: `${name} (JS loops)`, group: sizes.join("→") }, () => {
      useWasm(false);
      net.forward(input, batch);
      net.backward(gradOut);
      useWasm(true);
    });
  }
  Deno.bench({ name: `forward ${sizes.join("→")} batch 1`, group: "act" }, () => {
    net.forward(input, 1);
  });
}

// Alternating batch sizes on one network (acting at 1, training at 64) must not slow down.
const shared = new MLP({ sizes: [4, 64, 64, 2], activation: "tanh", rng: new Random(0) });
const obs = new Float32Array(64 * 4).fill(0.5);
const dOut = new Float32Array(64 * 2).fill(0.01);
Deno.bench(
  { name: "alternate: forward batch 1, then forward+backward batch 64", group: "act" },
  () => {
    shared.forward(obs, 1);
    shared.forward(obs, 64);
    shared.backward(dOut);
  },
);

// `deno run bench/mlp_bench.ts`: GFLOP/s (deno bench prints times, not rates).
if (import.meta.main) {
  const trainStep = (net: MLP, input: Float32Array, gradOut: Float32Array, batch: number) => {
    net.forward(input, batch);
    net.backward(gradOut);
  };
  for (const [sizes, wasm] of NETS.flatMap((s) => [[s, true], [s, false]] as const)) {
    const how = useWasm(wasm) ? "WebAssembly" : "JS loops";
    const net = new MLP({ sizes, activation: "tanh", rng: new Random(0) });
    const input = new Float32Array(256 * sizes[0]).fill(0.3);
    const gradOut = new Float32Array(256 * sizes.at(-1)!).fill(0.01);
    for (const batch of BATCHES) {
      const flops = 6 * batch * macsOf(sizes);
      const iters = Math.max(20, Math.round(2e9 / flops)); // about 1 s at 2 GFLOP/s
      for (let k = 0; k < iters / 4; k++) trainStep(net, input, gradOut, batch); // warm-up
      const t0 = performance.now();
      for (let k = 0; k < iters; k++) trainStep(net, input, gradOut, batch);
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `${sizes.join("→")} batch ${batch}, ${how}: ${
          (flops * iters / seconds / 1e9).toFixed(2)
        } GFLOP/s`,
      );
    }
    const iters = 200_000;
    for (let k = 0; k < iters / 4; k++) net.forward(input, 1);
    const t0 = performance.now();
    for (let k = 0; k < iters; k++) net.forward(input, 1);
    console.log(
      `${sizes.join("→")} forward batch 1, ${how}: ${
        ((performance.now() - t0) * 1000 / iters).toFixed(2)
      } µs`,
    );
  }
}
