/**
 * RMSprop throughput: one `step()` over n float32 parameters, plain (momentum 0, not centered) and
 * centered + torch momentum, for n = 1e3, 1e5, 1e6, 1e7. Params/s = n × iter/s from the table
 * (for example 1e6 params at 3.4 ms/iter is 2.9e8 params/s). Target: ≥ 2e8 params/s plain at 1e6.
 *
 * Run with `deno bench bench/rmsprop_bench.ts`. Only Float32Array is benchmarked here, so the
 * update loops stay monomorphic as they are in a float32 training run.
 *
 * @module
 */
import { RMSprop, type RMSpropOptions } from "../core/optim/rmsprop.ts";

const SIZES: [string, number][] = [["1e3", 1e3], ["1e5", 1e5], ["1e6", 1e6], ["1e7", 1e7]];
const VARIANTS: [string, RMSpropOptions][] = [
  ["plain", { lr: 1e-3, rho: 0.99, eps: 1e-8 }],
  ["centered+momentum", { lr: 1e-3, rho: 0.99, eps: 1e-8, centered: true, momentum: 0.9 }],
];

/** An optimizer over n float32 params with fixed, varied gradients (built on first use). */
function lazyOptimizer(n: number, options: RMSpropOptions): () => RMSprop {
  let opt: RMSprop | undefined;
  return () => {
    if (opt === undefined) {
      const params = new Float32Array(n);
      const grads = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        params[i] = Math.sin(i);
        grads[i] = 0.01 * Math.cos(0.7 * i);
      }
      opt = new RMSprop([{ params, grads }], options);
    }
    return opt;
  };
}

for (const [label, n] of SIZES) {
  for (const [name, options] of VARIANTS) {
    const get = lazyOptimizer(n, options);
    Deno.bench({
      name: `RMSprop.step ${name} float32 n=${label}`,
      group: `n=${label}`,
      baseline: name === "plain",
      fn: (b) => {
        const opt = get();
        b.start();
        opt.step();
        b.end();
      },
    });
  }
}
