import assert from "node:assert/strict";
import { copyF32 } from "../../../core/nn/_copy_f32.ts";

Deno.test("copyF32 copies a range, short (loop) and long (memcpy), whole or in part", () => {
  for (const n of [0, 1, 63, 64, 200]) {
    const from = Float32Array.from({ length: n + 5 }, (_, k) => k + 0.5);
    const to = new Float32Array(n + 9).fill(-1);
    copyF32(from, 3, n, to, 2);
    for (let k = 0; k < to.length; k++) {
      assert.equal(to[k], k >= 2 && k < 2 + n ? from[3 + k - 2] : -1, `n ${n}, index ${k}`);
    }
    const whole = new Float32Array(n).fill(7);
    const out = new Float32Array(n + 1);
    copyF32(whole, 0, n, out, 1);
    assert.deepEqual([...out], [0, ...whole]);
  }
});
