/**
 * RMSprop throughput: one `step()` over n float32 parameters, plain (momentum 0, not centered) and
 * centered + torch momentum, for n = 1e4, 1e5, 1e6 — with the parameters in a `Float32Arena`
 * (the WebAssembly SIMD kernel, in place; networks allocate there) and in ordinary
 * `Float32Array`s (the JavaScript loops, the same bits). Params/s = n × iter/s from the table (for
 * example 1e6 params at 1 ms/iter is 1e9 params/s). `bench/side_by_side.ts` prints the same
 * figures as params/s next to PyTorch's.
 *
 * Run with `deno bench bench/rmsprop_bench.ts`.
 *
 * @module
 */
import { Float32Arena } from "../core/optim/float32_arena.ts";
import { RMSprop, type RMSpropOptions } from "../core/optim/rmsprop.ts";

const SIZES: [string, number][] = [["1e4", 1e4], ["1e5", 1e5], ["1e6", 1e6]];
/** The variants measured. */
export const VARIANTS: [string, RMSpropOptions][] = [
  ["plain", { lr: 1e-3, rho: 0.99, eps: 1e-8, epsPlacement: "outside" }],
  ["centered", { lr: 1e-3, rho: 0.99, eps: 1e-8, epsPlacement: "outside", centered: true }],
  ["momentum", { lr: 1e-3, rho: 0.99, eps: 1e-8, epsPlacement: "outside", momentum: 0.9 }],
  ["centered+momentum", {
    lr: 1e-3,
    rho: 0.99,
    eps: 1e-8,
    epsPlacement: "outside",
    centered: true,
    momentum: 0.9,
  }],
];

/** An optimizer over n float32 params with fixed, varied gradients. */
export function optimizerOf(n: number, options: RMSpropOptions, arena: boolean): RMSprop {
  let params: Float32Array, grads: Float32Array;
  if (arena) {
    const a = new Float32Arena(5 * n + 64);
    params = a.alloc(n);
    grads = a.alloc(n);
  } else {
    params = new Float32Array(n);
    grads = new Float32Array(n);
  }
  for (let i = 0; i < n; i++) {
    params[i] = Math.sin(i);
    grads[i] = 0.01 * Math.cos(0.7 * i);
  }
  return new RMSprop([{ params, grads }], options);
}

if (import.meta.main || Deno.args.length === 0) {
  for (const [label, n] of SIZES) {
    for (const [name, options] of VARIANTS) {
      for (const arena of [true, false]) {
        let opt: RMSprop | undefined;
        Deno.bench({
          name: `RMSprop.step ${name} float32 n=${label} ${arena ? "WebAssembly" : "JS"}`,
          group: `n=${label}`,
          baseline: name === "plain" && arena,
          fn: (b) => {
            opt ??= optimizerOf(n, options, arena);
            b.start();
            opt.step();
            b.end();
          },
        });
      }
    }
  }
}
