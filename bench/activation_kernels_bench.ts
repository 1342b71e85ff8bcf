/**
 * A/B of the WebAssembly SIMD activations (core/nn/_activation_kernels.ts) against the JavaScript
 * loops they replace, alternating old and new in one process and timing CPU time (the machine is
 * shared): the kernels alone in ns per value (with their copies in and out), then PPO on
 * CartPole-v1 with CleanRL's defaults, where "old" swaps the kernels' methods for the loops.
 *
 *     deno run -A bench/activation_kernels_bench.ts [kernels|ppo]
 *
 * @module
 */
import process from "node:process";
import { activationKernels } from "../core/nn/_activation_kernels.ts";
import { tanhFloat32 } from "../core/math/tanh_float32.ts";
import { PPO } from "../agents/ppo.ts";

const kernels = activationKernels!;
const wasmTanh = kernels.tanh, wasmRelu = kernels.relu, wasmReluBackward = kernels.reluBackward;

/** The JavaScript loops of `_kernels.ts` (the old path). */
function jsTanh(y: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) y[k] = tanhFloat32(y[k]);
}
function jsTanhBackward(y: Float32Array, d: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const t = y[k];
    d[k] *= 1 - t * t;
  }
}
function jsRelu(y: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) if (y[k] < 0) y[k] = 0;
}
function jsReluBackward(y: Float32Array, d: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) if (!(y[k] > 0)) d[k] = 0;
}

/** Routes the kernels' methods to the JavaScript loops (old) or back to WebAssembly (new). */
function useKernels(on: boolean): void {
  kernels.tanh = on ? wasmTanh : jsTanh;
  kernels.relu = on ? wasmRelu : jsRelu;
  kernels.reluBackward = on ? wasmReluBackward : jsReluBackward;
}

/** CPU seconds of `fn`. */
function cpu(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1e6;
}

function kernelsAB(): void {
  for (const n of [4, 8, 16, 64, 128, 256, 1024, 8192]) {
    const src = new Float32Array(n).map((_, i) => Math.sin(i) * 3);
    const y = src.slice(), d0 = src.map((v) => v * 0.1), d = d0.slice();
    const reps = Math.ceil(4e6 / n);
    const ns = (f: () => void): number => {
      f();
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        best = Math.min(
          best,
          cpu(() => {
            for (let i = 0; i < reps; i++) f();
          }),
        );
      }
      return (best / reps / n) * 1e9;
    };
    const row = [
      [
        "tanh",
        ns(() => (y.set(src), jsTanh(y, n))),
        ns(() => (y.set(src), wasmTanh.call(kernels, y, n))),
      ],
      [
        "tanh'",
        ns(() => (d.set(d0), jsTanhBackward(src, d, n))),
        ns(() => (d.set(d0), kernels.tanhBackward(src, d, n))),
      ],
      [
        "relu",
        ns(() => (y.set(src), jsRelu(y, n))),
        ns(() => (y.set(src), wasmRelu.call(kernels, y, n))),
      ],
      [
        "relu'",
        ns(() => (d.set(d0), jsReluBackward(src, d, n))),
        ns(() => (d.set(d0), wasmReluBackward.call(kernels, src, d, n))),
      ],
    ] as [string, number, number][];
    console.log(
      `n ${n}: ` +
        row.map(([k, js, w]) =>
          `${k} ${js.toFixed(2)} → ${w.toFixed(2)} ns (${(js / w).toFixed(2)}×)`
        ).join(", "),
    );
  }
}

function ppoAB(): void {
  const steps = 49152, rounds = 3;
  const times: Record<string, number[]> = { old: [], new: [] };
  for (let r = 0; r < rounds; r++) {
    for (const on of [false, true]) {
      useKernels(on);
      const agent = new PPO({ env: "CartPole-v1", seed: 1 });
      times[on ? "new" : "old"].push(cpu(() => agent.learn(steps)));
    }
  }
  useKernels(true);
  const best = (a: number[]): number => Math.min(...a);
  console.log(
    `PPO CartPole-v1, ${steps} steps, best of ${rounds} (CPU time): old ${
      (steps / best(times.old)).toFixed(0)
    } steps/s, new ${(steps / best(times.new)).toFixed(0)} steps/s, ${
      (best(times.old) / best(times.new)).toFixed(3)
    }×`,
  );
}

if (import.meta.main) {
  const only = Deno.args[0];
  if (only === undefined || only === "kernels") kernelsAB();
  if (only === undefined || only === "ppo") ppoAB();
}
