/**
 * RMSprop against every entry of the public reference vectors (tests/fixtures/
 * rmsprop_public_vectors.json; schema in shared/reference/rmsprop.md §5).
 *
 * How an entry maps to RMSprop:
 * - `options.lr` -> `lr`, and `lr_per_step[t]` is assigned to `opt.lr` before step t+1;
 * - `options.rho` (= `alpha`) -> `rho`; `eps` -> `eps`; `eps_placement` -> `epsPlacement`;
 * - `momentum` -> `momentum`; `momentum_formulation` ('torch' | 'tf') -> `momentumStyle`;
 * - `centered` -> `centered`; `weight_decay` (coupled) -> `weightDecay`; `maximize` -> `maximize`;
 * - `initial_scale` -> `initialAccumulator`; `bias_correction` must be false (not supported);
 * - `dtype` 'float64' -> Float64Array, 'float32' -> Float32Array (the `_f32` entries);
 * - `expected.params[t]` is compared with the params after step t+1;
 * - `expected.state[t]`: `square_avg` -> `state().squareAvg`, `grad_avg` -> `state().gradAvg`,
 *   `momentum_buffer` -> `state().momentumBuffer` when momentum > 0. With momentum 0 the 'tf'
 *   formulation's reference still holds the last increment there; RMSprop keeps no buffer then, so
 *   that field is checked against the params' own change instead (it must equal p[t-1] - p[t]).
 * Tolerance (from the reference): |a - b| <= tol * max(|b|, 1) with tol 1e-10 for float64 and
 * 1e-6 for float32; NaN / ±Infinity must be at the same positions.
 */
import assert from "node:assert/strict";
import { RMSprop } from "../../../core/optim/rmsprop.ts";

type Num = number | "NaN" | "Infinity" | "-Infinity";
interface Entry {
  name: string;
  dtype: "float64" | "float32";
  options: {
    lr: number;
    rho: number;
    alpha: number;
    eps: number;
    eps_placement: "inside" | "outside";
    momentum: number;
    momentum_formulation: "torch" | "tf";
    centered: boolean;
    weight_decay: number;
    maximize: boolean;
    initial_scale: number;
    bias_correction: boolean;
  };
  lr_per_step: number[];
  params0: Num[];
  grads: Num[][];
  expected: {
    params: Num[][];
    state: { square_avg: Num[]; grad_avg?: Num[]; momentum_buffer?: Num[] }[];
  };
}

const fixture = JSON.parse(
  await Deno.readTextFile(new URL("../../fixtures/rmsprop_public_vectors.json", import.meta.url)),
) as { entries: Entry[] };

function num(x: Num): number {
  return typeof x === "number" ? x : Number(x);
}

function assertClose(
  actual: ArrayLike<number>,
  expected: readonly Num[],
  tol: number,
  what: string,
  scale: readonly number[] = [],
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = num(expected[i]);
    if (!Number.isFinite(b)) {
      assert.ok(Object.is(a, b), `${what}[${i}]: expected ${b}, got ${a}`);
      continue;
    }
    const err = Math.abs(a - b);
    assert.ok(
      err <= tol * Math.max(Math.abs(b), 1, scale[i] ?? 0),
      `${what}[${i}]: expected ${b}, got ${a} (error ${err})`,
    );
  }
}

Deno.test("RMSprop matches every public reference vector", async (t) => {
  assert.equal(fixture.entries.length, 16);
  for (const e of fixture.entries) {
    await t.step(e.name, () => {
      const o = e.options;
      assert.equal(o.bias_correction, false);
      assert.equal(o.rho, o.alpha);
      const f32 = e.dtype === "float32";
      const Arr = f32 ? Float32Array : Float64Array;
      const tol = f32 ? 1e-6 : 1e-10;
      const params = new Arr(e.params0.map(num));
      const grads = new Arr(params.length);
      const opt = new RMSprop([{ params, grads }], {
        lr: o.lr,
        rho: o.rho,
        eps: o.eps,
        epsPlacement: o.eps_placement,
        momentum: o.momentum,
        momentumStyle: o.momentum_formulation,
        centered: o.centered,
        weightDecay: o.weight_decay,
        maximize: o.maximize,
        initialAccumulator: o.initial_scale,
      });
      let previous = params.slice();
      const bufferScale = new Array<number>(params.length).fill(0);
      for (let t = 0; t < e.grads.length; t++) {
        grads.set(e.grads[t].map(num));
        opt.lr = e.lr_per_step[t];
        opt.step();
        const at = `${e.name} step ${t + 1}`;
        assertClose(params, e.expected.params[t], tol, `${at} params`);
        const s = opt.state();
        const want = e.expected.state[t];
        assertClose(s.squareAvg[0], want.square_avg, tol, `${at} square_avg`);
        assert.equal(s.gradAvg.length, o.centered ? 1 : 0);
        if (o.centered) assertClose(s.gradAvg[0], want.grad_avg!, tol, `${at} grad_avg`);
        if (o.momentum > 0) {
          // b = μ·b_prev + g/d can cancel (torch_momentum step 2, coordinate 2: -9 + 8.953 =
          // -0.0468), and float32 rounds each summand of size 9 by up to 4.8e-7, an error that
          // then decays only as μ^k; so the error of b is measured relative to the largest |b|
          // this coordinate has held so far, as well as to |b|.
          for (let i = 0; i < bufferScale.length; i++) {
            bufferScale[i] = Math.max(bufferScale[i], Math.abs(num(want.momentum_buffer![i])));
          }
          assertClose(
            s.momentumBuffer[0],
            want.momentum_buffer!,
            tol,
            `${at} momentum_buffer`,
            bufferScale,
          );
        } else if (want.momentum_buffer !== undefined) {
          // tf formulation, momentum 0: the reference's buffer is the last increment p[t-1] - p[t].
          const increment = previous.map((p, i) => p - params[i]);
          assertClose(increment, want.momentum_buffer, f32 ? 1e-4 : 1e-8, `${at} increment`);
        }
        previous = params.slice();
      }
      assert.equal(opt.iterations, e.grads.length);
    });
  }
});
