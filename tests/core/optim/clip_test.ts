import assert from "node:assert/strict";
import { clipGradNorm } from "../../../core/optim/clip.ts";
import { scaleInPlace, sumOfSquares } from "../../../core/optim/_clip_kernels.ts";
import { Float32Arena, float32Block, useWasmRmsprop } from "../../../core/optim/float32_arena.ts";
import { Random } from "../../../core/random.ts";

Deno.test("clipGradNorm scales all groups by maxNorm / (norm + 1e-6) and returns the norm", () => {
  // norm = sqrt(9 + 16 + 144) = 13; factor = 2.6 / (13 + 1e-6)
  const a = new Float64Array([3, 4]);
  const b = new Float32Array([12]);
  const norm = clipGradNorm([{ grads: a }, { grads: b }], 2.6);
  assert.equal(norm, 13);
  const f = 2.6 / (13 + 1e-6);
  assert.deepEqual([...a], [3 * f, 4 * f]);
  assert.equal(b[0], Math.fround(12 * f));
  assert.ok(Math.abs(Math.hypot(a[0], a[1], b[0]) - 2.6) < 1e-6);
});

Deno.test("clipGradNorm leaves gradients below the limit unchanged", () => {
  const a = new Float64Array([3, 4]);
  assert.equal(clipGradNorm([{ grads: a }], 5), 5); // factor 5 / (5 + 1e-6) < 1: scaled slightly
  assert.ok(a[0] < 3 && a[0] > 3 - 1e-5);
  const b = new Float64Array([0.3, 0.4]);
  assert.equal(clipGradNorm([{ grads: b }], 0.5 + 1e-6), 0.5);
  assert.deepEqual([...b], [0.3, 0.4]);
  const z = new Float64Array(3);
  assert.equal(clipGradNorm([{ grads: z }], 1), 0);
  assert.deepEqual([...z], [0, 0, 0]);
});

Deno.test("clipGradNorm returns a non-finite norm and leaves the gradients alone", () => {
  const a = new Float64Array([1, Infinity]);
  assert.equal(clipGradNorm([{ grads: a }], 1), Infinity);
  assert.deepEqual([...a], [1, Infinity]);
  const b = new Float64Array([1, NaN]);
  assert.ok(Number.isNaN(clipGradNorm([{ grads: b }], 1)));
  assert.equal(b[0], 1);
});

Deno.test("clipGradNorm rejects a bad maxNorm or bad gradients", () => {
  const grads = new Float64Array(2);
  for (const maxNorm of [0, -1, NaN, Infinity]) {
    assert.throws(() => clipGradNorm([{ grads }], maxNorm), {
      name: "RangeError",
      message: new RegExp(`maxNorm must be a finite number > 0, got ${maxNorm}`),
    });
  }
  assert.throws(
    () => clipGradNorm([{ grads: [1, 2] as unknown as Float64Array }], 1),
    { name: "TypeError", message: /parameters\[0\]\.grads/ },
  );
});

Deno.test("clipGradNorm sums squares in 8 lanes by index mod 8, combined in a fixed tree", () => {
  // g = [2^27, 1 × 9]: s0 = 2^54 + 1 → 2^54 (ulp 4), s1 = 1 + 1 = 2, s2..s7 = 1;
  // (s0 + s2) + (s4 + s6) = (2^54 + 1 → 2^54) + 2 → 2^54 (tie to even); (s1 + s3) + (s5 + s7) = 5;
  // 2^54 + 5 → 2^54 + 4. One sequential chain would lose every 1: 2^54.
  const g = [2 ** 27, 1, 1, 1, 1, 1, 1, 1, 1, 1];
  assert.equal(sumOfSquares(new Float64Array(g)), 2 ** 54 + 4);
  assert.equal(sumOfSquares(new Float32Array(g)), 2 ** 54 + 4);
  const [arenaG] = float32Block(g.length, 1, 0);
  arenaG.set(g);
  assert.equal(sumOfSquares(arenaG), 2 ** 54 + 4);
  assert.equal(clipGradNorm([{ grads: new Float64Array(g) }], 2 ** 40), Math.sqrt(2 ** 54 + 4));
  // the arrays' sums are added in order: (+0 + 2^54) + 1 → 2^54
  assert.equal(
    clipGradNorm([{ grads: new Float64Array([2 ** 27]) }, { grads: new Float64Array([1]) }], 1e30),
    2 ** 27,
  );
});

/** The documented order, written out plainly. */
function referenceSum(g: ArrayLike<number>): number {
  const s = new Float64Array(8);
  for (let i = 0; i < g.length; i++) s[i % 8] += g[i] * g[i];
  return ((s[0] + s[2]) + (s[4] + s[6])) + ((s[1] + s[3]) + (s[5] + s[7]));
}

Deno.test("clip's WebAssembly sum of squares and scaling give the JavaScript bits", () => {
  const rng = new Random(7);
  const specials = [0, -0, 1e-45, -1e-45, 3.4028234663852886e38, Infinity, -Infinity, NaN, 1, -1];
  try {
    for (let n = 0; n <= 41; n++) {
      for (const withSpecial of [false, true]) {
        const values = Array.from(
          { length: n },
          () => (rng.float() - 0.5) * 10 ** (rng.int(16) - 8),
        );
        if (withSpecial && n > 0) values[rng.int(n)] = specials[n % specials.length];
        const [a] = float32Block(n, 1, 0);
        a.set(values);
        const plain = Float32Array.from(a);
        useWasmRmsprop(true);
        assert.ok(Float32Arena.of(a)?.kernels, "the arena path is tested");
        const wasmSum = sumOfSquares(a);
        useWasmRmsprop(false);
        const jsSum = sumOfSquares(a);
        assert.ok(Object.is(wasmSum, jsSum), `n ${n}: ${wasmSum} vs ${jsSum}`);
        assert.ok(Object.is(jsSum, referenceSum(plain)), `n ${n}`);
        assert.ok(Object.is(sumOfSquares(plain), jsSum));
        for (const factor of [0.3, 1 / 3, 1e-30, 7.5e-39]) {
          const b = Float32Array.from(a);
          useWasmRmsprop(true);
          scaleInPlace(a, factor);
          useWasmRmsprop(false);
          scaleInPlace(b, factor);
          for (let i = 0; i < n; i++) {
            assert.ok(
              Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i])),
              `n ${n} i ${i}`,
            );
            assert.ok(Object.is(b[i], Math.fround(plain[i] * factor)) || Number.isNaN(b[i]));
            plain[i] = b[i];
          }
        }
      }
    }
  } finally {
    useWasmRmsprop(true);
  }
});
