import assert from "node:assert/strict";
import {
  categoricalEntropy,
  categoricalGrad,
  categoricalLogProb,
  categoricalMode,
  categoricalSample,
  gaussianEntropy,
  gaussianGrad,
  gaussianLogProb,
  gaussianSample,
  logSoftmax,
} from "../../../core/nn/distributions.ts";
import { Random } from "../../../core/random.ts";

const H = 1e-6;

/** Central-difference gradient of f with respect to every coordinate of x (x is restored). */
function numericGrad(f: () => number, x: Float64Array): number[] {
  return Array.from(x, (old, k) => {
    x[k] = old + H;
    const up = f();
    x[k] = old - H;
    const down = f();
    x[k] = old;
    return (up - down) / (2 * H);
  });
}

/** Relative error below 1e-6, with the denominator floored at 1e-3 (absolute 1e-9 near zero). */
function assertGradClose(analytic: ArrayLike<number>, numeric: ArrayLike<number>, what: string) {
  assert.equal(analytic.length, numeric.length);
  for (let k = 0; k < numeric.length; k++) {
    const [a, n] = [analytic[k], numeric[k]];
    const rel = Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), 1e-3);
    assert.ok(rel < 1e-6, `${what}[${k}]: analytic ${a} vs numeric ${n} (relative error ${rel})`);
  }
}

function close(a: number, b: number, tol = 1e-15): void {
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k];
  return s;
}

// --- categorical ------------------------------------------------------------------------------

Deno.test("logSoftmax: hand-computed values, stable for huge logits", () => {
  // log Σ exp([1, 2, 3]) = 3 + log(1 + e⁻¹ + e⁻²) = 3.4076059644443806
  const out = new Float64Array(6);
  logSoftmax([1, 2, 3, -1000, 0, 1000], 2, 3, out);
  close(out[0], 1 - 3.4076059644443806);
  close(out[1], 2 - 3.4076059644443806);
  close(out[2], 3 - 3.4076059644443806);
  // Row 2: the max 1000 dominates: [−2000, −1000, 0] exactly (exp(−1000) underflows to 0).
  assert.deepEqual(Array.from(out.subarray(3)), [-2000, -1000, 0]);
  // In place on float32 logits.
  const z = new Float32Array([0, 0]);
  logSoftmax(z, 1, 2, z);
  assert.deepEqual(Array.from(z), [Math.fround(-Math.LN2), Math.fround(-Math.LN2)]);
});

Deno.test("categoricalLogProb, categoricalEntropy: hand-computed values", () => {
  // Row [0, ln 3]: p = [1/4, 3/4]; log p(1) = ln 0.75; H = −(¼ ln ¼ + ¾ ln ¾) = 0.5623351446188083
  // Row [5, 5, 5, 5]: uniform, log p = −ln 4, H = ln 4.
  const logits = [0, Math.log(3), 0, 0, 5, 5, 5, 5];
  const lp = new Float64Array(2);
  categoricalLogProb(logits.slice(0, 2), 1, 2, [1], lp);
  close(lp[0], Math.log(0.75));
  categoricalLogProb(logits.slice(4), 1, 4, [3], lp);
  close(lp[0], -Math.log(4));
  const h = new Float64Array(1);
  categoricalEntropy(logits.slice(0, 2), 1, 2, h);
  close(h[0], 0.5623351446188083);
  categoricalEntropy(logits.slice(4), 1, 4, h);
  close(h[0], Math.log(4));
  // A −∞ logit (a masked action) has probability 0 and contributes 0, not NaN.
  categoricalEntropy([0, -Infinity], 1, 2, h);
  assert.equal(h[0], 0);
  categoricalEntropy([1, -Infinity, 1], 1, 3, h);
  close(h[0], Math.LN2);
  // One action: log p = 0, H = 0.
  categoricalLogProb([3.7], 1, 1, [0], lp);
  categoricalEntropy([3.7], 1, 1, h);
  assert.deepEqual([lp[0], h[0]], [0, 0]);
});

Deno.test("categoricalLogProb equals logSoftmax at the taken action", () => {
  const rng = new Random("lp");
  const [batch, n] = [5, 4];
  const logits = Float64Array.from({ length: batch * n }, () => 3 * rng.normal());
  const actions = Int32Array.from({ length: batch }, () => rng.int(n));
  const all = new Float64Array(batch * n);
  logSoftmax(logits, batch, n, all);
  const lp = new Float64Array(batch);
  categoricalLogProb(logits, batch, n, actions, lp);
  for (let b = 0; b < batch; b++) assert.equal(lp[b], all[b * n + actions[b]]);
});

Deno.test("categoricalSample: same draw as Random.categorical, frequencies match softmax", () => {
  const logits = new Float64Array([0.5, -1, 2, 0]);
  const weights = Array.from(logits, (z) => Math.exp(z - 2));
  const [a, b] = [new Random("s"), new Random("s")];
  const one = new Int32Array(1);
  const counts = [0, 0, 0, 0];
  const draws = 20000;
  for (let k = 0; k < draws; k++) {
    categoricalSample(logits, 1, 4, a, one);
    assert.equal(one[0], b.categorical(weights));
    counts[one[0]]++;
  }
  const total = weights.reduce((x, y) => x + y, 0);
  weights.forEach((w, i) => {
    const p = w / total;
    const sd = Math.sqrt(p * (1 - p) / draws);
    assert.ok(
      Math.abs(counts[i] / draws - p) < 5 * sd,
      `action ${i}: ${counts[i] / draws} vs ${p}`,
    );
  });
  // Batched: one rng.float() per row, rows in order; deterministic for a seed.
  const batchLogits = new Float32Array([0, 0, 9, 9, 0, 0, 0, -9, 0]);
  const out = new Int32Array(3);
  categoricalSample(batchLogits, 3, 3, new Random(1), out);
  const again = new Float64Array(3);
  categoricalSample(batchLogits, 3, 3, new Random(1), again);
  assert.deepEqual(Array.from(again), Array.from(out));
  assert.ok(out[0] === 2 && out[1] === 0 && out[2] !== 1); // p ≥ 0.9998 / 0.9998 / 0.99988
});

Deno.test("categoricalMode: argmax per row, first on ties", () => {
  const out = new Int32Array(3);
  categoricalMode([1, 3, 2, 0, 0, 0, -5, -1, -1], 3, 3, out);
  assert.deepEqual(Array.from(out), [1, 0, 1]);
});

Deno.test("categoricalGrad matches central finite differences of Σ w·logπ + w_H·H", async (t) => {
  const cases = [
    { batch: 1, n: 2 },
    { batch: 1, n: 1 },
    { batch: 3, n: 5 },
    { batch: 4, n: 3 },
  ];
  for (const { batch, n } of cases) {
    for (const entropyWeight of [0, 0.37]) {
      await t.step(`batch ${batch}, ${n} actions, w_H ${entropyWeight}`, () => {
        const rng = new Random(`cat/${batch}/${n}/${entropyWeight}`);
        const logits = Float64Array.from({ length: batch * n }, () => 2 * rng.normal());
        const actions = Int32Array.from({ length: batch }, () => rng.int(n));
        const w = Float64Array.from({ length: batch }, () => rng.normal());
        const lp = new Float64Array(batch);
        const h = new Float64Array(batch);
        const objective = () => {
          categoricalLogProb(logits, batch, n, actions, lp);
          categoricalEntropy(logits, batch, n, h);
          let s = 0;
          for (let b = 0; b < batch; b++) s += w[b] * lp[b] + entropyWeight * h[b];
          return s;
        };
        const grad = new Float64Array(batch * n).fill(NaN);
        categoricalGrad(logits, batch, n, actions, w, entropyWeight, grad);
        assertGradClose(grad, numericGrad(objective, logits), "dL/dz");
        if (n > 1) assert.ok(grad.some((g) => Math.abs(g) > 1e-2));
        // Each row's gradient sums to 0 (softmax is shift-invariant).
        for (let b = 0; b < batch; b++) close(sum(grad.subarray(b * n, b * n + n)), 0, 1e-14);
      });
    }
  }
});

Deno.test("categorical functions reject bad actions and short arrays", () => {
  const out = new Float64Array(2);
  assert.throws(() => categoricalLogProb([0, 0, 0, 0], 2, 2, [0, 2], out), {
    name: "RangeError",
    message: "Cannot compute categoricalLogProb: actions[1] must be an integer in [0, 2), got 2",
  });
  assert.throws(() => categoricalGrad([0, 0], 1, 2, [0.5], [1], 0, out), {
    name: "RangeError",
    message: "Cannot compute categoricalGrad: actions[0] must be an integer in [0, 2), got 0.5",
  });
  assert.throws(() => logSoftmax([0, 0, 0], 2, 2, new Float64Array(4)), {
    name: "TypeError",
    message: "Cannot compute logSoftmax: logits must hold 4 values, got 3",
  });
  assert.throws(() => categoricalEntropy([0, 0], 1, 0, out), {
    name: "RangeError",
    message: "Cannot compute categoricalEntropy: nActions must be a positive integer, got 0",
  });
  assert.throws(
    () => categoricalSample([0, 0], 1, 2, new Random(0), new Int32Array(0)),
    /actions must hold 1 values, got 0/,
  );
});

// --- diagonal Gaussian ------------------------------------------------------------------------

Deno.test("gaussianLogProb and gaussianEntropy: hand-computed values", () => {
  // μ = 1, log σ = 0.5, a = 2: z = (2 − 1)·e^−0.5 = 0.6065306597126334
  // log p = −z²/2 − 0.5 − ln(2π)/2 = −0.18393972058572117 − 0.5 − 0.9189385332046727
  //       = −1.6028782537903938
  const out = new Float64Array(2);
  gaussianLogProb([1], [0.5], 1, 1, [2], out);
  close(out[0], -1.6028782537903938);
  // Two dims add: row [μ = (1, 0)], log σ = (0.5, 0), a = (2, 0): −1.6028782537903938 − 0.918938…
  // Row 2: μ = (0, 3), a = (0, 3): −0.5 − 0.9189385332046727 − 0 − 0.9189385332046727
  gaussianLogProb([1, 0, 0, 3], [0.5, 0], 2, 2, [2, 0, 0, 3], out);
  close(out[0], -1.6028782537903938 - 0.9189385332046727);
  close(out[1], -0.5 - 2 * 0.9189385332046727);
  // H = Σ_j (½ + ln(2π)/2 + log σ_j): (0.5 + 0.9189385332046727 + 0.5) + (0.5 + 0.918… − 1)
  close(gaussianEntropy([0.5, -1], 2), 2 * 1.4189385332046727 - 0.5, 1e-15);
});

Deno.test("gaussianSample: mean + exp(logStd)·rng.normal(), row by row", () => {
  const mean = [1, -2, 0.5, 3];
  const logStd = [Math.log(0.1), Math.log(2)];
  const out = new Float64Array(4);
  gaussianSample(mean, logStd, 2, 2, new Random("g"), out);
  const r = new Random("g");
  for (let k = 0; k < 4; k++) close(out[k], mean[k] + Math.exp(logStd[k % 2]) * r.normal(), 1e-15);
  // Statistics: 20000 draws of N(0.5, 0.3²): mean within 5 sd/√n, std within 3%.
  const draws = 20000;
  const many = new Float64Array(draws);
  gaussianSample(new Float64Array(draws).fill(0.5), [Math.log(0.3)], draws, 1, new Random(2), many);
  const m = sum(many) / draws;
  const sd = Math.sqrt(many.reduce((a, x) => a + (x - m) ** 2, 0) / draws);
  assert.ok(Math.abs(m - 0.5) < 5 * 0.3 / Math.sqrt(draws), `mean ${m}`);
  assert.ok(Math.abs(sd / 0.3 - 1) < 0.03, `sd ${sd}`);
});

Deno.test("gaussianGrad matches central finite differences for the mean and the log-std", async (t) => {
  for (const [batch, dim] of [[1, 1], [1, 3], [4, 2], [5, 1]]) {
    for (const entropyWeight of [0, -0.01]) {
      await t.step(`batch ${batch}, dim ${dim}, w_H ${entropyWeight}`, () => {
        const rng = new Random(`gauss/${batch}/${dim}/${entropyWeight}`);
        const mean = Float64Array.from({ length: batch * dim }, () => rng.normal());
        const logStd = Float64Array.from({ length: dim }, () => 0.5 * rng.normal());
        const actions = Float64Array.from({ length: batch * dim }, () => 1.5 * rng.normal());
        const w = Float64Array.from({ length: batch }, () => rng.normal());
        const lp = new Float64Array(batch);
        const objective = () => {
          gaussianLogProb(mean, logStd, batch, dim, actions, lp);
          let s = 0;
          for (let b = 0; b < batch; b++) s += w[b] * lp[b];
          return s + entropyWeight * batch * gaussianEntropy(logStd, dim);
        };
        const gMean = new Float64Array(batch * dim).fill(NaN);
        const gLogStd = new Float64Array(dim).fill(NaN);
        gaussianGrad(mean, logStd, batch, dim, actions, w, entropyWeight, gMean, gLogStd);
        assertGradClose(gMean, numericGrad(objective, mean), "dL/dμ");
        assertGradClose(gLogStd, numericGrad(objective, logStd), "dL/dlogσ");
        assert.ok(gMean.some((g) => Math.abs(g) > 1e-2));
      });
    }
  }
});

Deno.test("gaussian functions reject short arrays with the offending length", () => {
  const out = new Float64Array(1);
  assert.throws(() => gaussianLogProb([0, 0], [0], 2, 1, [0], out), {
    name: "TypeError",
    message: "Cannot compute gaussianLogProb: actions must hold 2 values, got 1",
  });
  assert.throws(() => gaussianSample([0], [], 1, 1, new Random(0), out), {
    name: "TypeError",
    message: "Cannot compute gaussianSample: logStd must hold 1 values, got 0",
  });
  assert.throws(() => gaussianEntropy([0], 0), {
    name: "RangeError",
    message: "Cannot compute gaussianEntropy: actDim must be a positive integer, got 0",
  });
});
