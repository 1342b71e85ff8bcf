/**
 * Checks the WebAssembly SIMD tanh (`tanh_f32` of core/nn/_activation_kernels.wat) against
 * `tanhFloat32` on every float32 bit pattern (2^32 inputs, in blocks of 2^20; a few minutes), or
 * on the blocks `[from, to)` given, and counts how many values the kernel handed to the scalar
 * path. Both must give the same bits (NaN: both NaN).
 *
 *     deno run bench/math/tanh_float32_wasm_exhaustive.ts [from = 0] [to = 4096]
 *
 * @module
 */
import { ACTIVATION_KERNELS_WASM_BASE64 } from "../../core/nn/_activation_kernels_bytes.ts";
import { tanhFloat32 } from "../../core/math/tanh_float32.ts";

if (import.meta.main) {
  const from = Number(Deno.args[0] ?? 0), to = Number(Deno.args[1] ?? 4096);
  const BLOCK = 1 << 20;
  const bytes = Uint8Array.from(atob(ACTIVATION_KERNELS_WASM_BASE64), (ch) => ch.charCodeAt(0));
  const memory = new WebAssembly.Memory({ initial: (BLOCK * 4) / 65536 });
  let fallbacks = 0, nanFallbacks = 0;
  const scalar = (x: number): number => {
    if (x === x) fallbacks++;
    else nanFallbacks++;
    return tanhFloat32(x);
  };
  const kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: { memory, tanh: scalar },
  }).exports as unknown as { tanh_f32(p: number, n: number): void };
  const got = new Float32Array(memory.buffer, 0, BLOCK);
  const gotBits = new Uint32Array(memory.buffer, 0, BLOCK);
  const want = new Float32Array(BLOCK), wantBits = new Uint32Array(want.buffer);
  let bad = 0;
  const t0 = performance.now();
  for (let b = from; b < to; b++) {
    const base = b * BLOCK;
    for (let i = 0; i < BLOCK; i++) wantBits[i] = (base + i) >>> 0;
    gotBits.set(wantBits);
    kernel.tanh_f32(0, BLOCK);
    for (let i = 0; i < BLOCK; i++) want[i] = tanhFloat32(want[i]);
    for (let i = 0; i < BLOCK; i++) {
      if (gotBits[i] !== wantBits[i] && !(got[i] !== got[i] && want[i] !== want[i])) {
        if (++bad <= 10) {
          const x = new Float32Array(new Uint32Array([(base + i) >>> 0]).buffer)[0];
          console.error(`x = ${x}: kernel ${got[i]}, tanhFloat32 ${want[i]}`);
        }
      }
    }
    if ((b + 1) % 256 === 0) {
      const s = ((performance.now() - t0) / 1000).toFixed(0);
      console.log(`${b + 1 - from} blocks, ${bad} differ, ${fallbacks} scalar fallbacks, ${s} s`);
    }
  }
  const n = (to - from) * BLOCK;
  console.log(
    `tanh_f32: ${n} float32 inputs, ${bad} differ from tanhFloat32; ${fallbacks} non-NaN ` +
      `inputs (1 in ${Math.round(n / Math.max(fallbacks, 1))}) and ${nanFallbacks} NaNs took ` +
      `the scalar path`,
  );
}
