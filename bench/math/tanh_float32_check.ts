/**
 * Checks `tanhFloat32(x) === Math.fround(tanh(x))` (the MLP's float32 activation against the
 * correctly rounded tanh) on n seeded inputs, and counts how often the fast path had to fall back.
 *
 *     deno run bench/math/tanh_float32_check.ts [n = 1e8]
 *
 * @module
 */
import { tanh, tanhFloat32 } from "../../core/math/mod.ts";

if (import.meta.main) {
  const n = Number(Deno.args[0] ?? 1e8);
  let s = 0x2545f491, bad = 0;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  for (let i = 0; i < n; i++) {
    // float32 pre-activations: a third tiny, a third in [-4, 4], a third in [-25, 25]
    const u = next(), scale = i % 3 === 0 ? 0.3 * next() ** 8 : i % 3 === 1 ? 8 : 50;
    const x = Math.fround((u - 0.5) * scale);
    if (!Object.is(tanhFloat32(x), Math.fround(tanh(x)))) {
      if (++bad <= 5) console.error(`tanhFloat32(${x}) = ${tanhFloat32(x)}`);
    }
  }
  console.log(`tanhFloat32: ${n} inputs, ${bad} differ from Math.fround(tanh(x))`);
}
