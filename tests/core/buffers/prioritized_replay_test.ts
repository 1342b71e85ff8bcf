import assert from "node:assert/strict";
import { PrioritizedReplayBuffer } from "../../../core/buffers/prioritized_replay.ts";
import { Random } from "../../../core/random.ts";
import { chiSquare } from "./_chi_square.ts";

function filled(
  alpha: number,
  eps: number,
  capacity: number,
  count: number,
): PrioritizedReplayBuffer {
  const buffer = new PrioritizedReplayBuffer({ capacity, obsDim: 1, alpha, eps });
  for (let t = 0; t < count; t++) buffer.add([t], [t + 1], t % 2, t, false);
  return buffer;
}

Deno.test("PrioritizedReplayBuffer: new transitions at the largest priority, tree sums through wrap-around", () => {
  const buffer = filled(0.5, 0, 3, 2);
  assert.deepEqual([0, 1, 2].map((i) => buffer.tree.get(i)), [1, 1, 0]); // max priority 1 at first
  // |δ| = 16 and 4 → p^α = 4 and 2; the largest priority is now 16.
  buffer.updatePriorities(Int32Array.from([0, 1]), [16, 0], [0, 4]);
  assert.equal(buffer.maxPriority, 16);
  assert.equal(buffer.tree.total, 6);
  buffer.add([2], [3], 0, 2, false); // slot 2 at 16^0.5 = 4
  buffer.add([3], [4], 0, 3, false); // wraps: slot 0 (was 4) gets 4 again
  buffer.updatePriorities(Int32Array.from([1]), [1], [0]); // slot 1: 1^0.5 = 1
  buffer.add([4], [5], 0, 4, false); // slot 1 overwritten at 4
  assert.deepEqual([0, 1, 2].map((i) => buffer.tree.get(i)), [4, 4, 4]);
  assert.equal(buffer.tree.total, 12);
  assert.deepEqual([...buffer.rewards], [3, 4, 2]);
  // a smaller TD error lowers a priority but not the maximum
  buffer.updatePriorities(Int32Array.from([2]), [0.25], [0]);
  assert.equal(buffer.tree.get(2), 0.5);
  assert.equal(buffer.tree.total, 8.5);
  assert.equal(buffer.maxPriority, 16);
  assert.throws(() => buffer.updatePriorities(Int32Array.from([3]), [1], [0]), RangeError);
  assert.throws(() => buffer.updatePriorities(Int32Array.from([0]), [NaN], [0]), RangeError);
});

Deno.test("PrioritizedReplayBuffer: importance weights by hand", () => {
  // α = 0.5, ε = 0.5: |δ| = 0.5, 3.5, 8.5 → p = 1, 4, 9 → p^α = 1, 2, 3; P = 1/6, 2/6, 3/6; N = 3.
  const buffer = filled(0.5, 0.5, 4, 3);
  buffer.updatePriorities(Int32Array.from([0, 1, 2]), [0.5, 3.5, 8.5], [0, 0, 0]);
  const batch = buffer.createBatch(64);
  for (const beta of [0.4, 1]) {
    buffer.beta = beta;
    buffer.sample(new Random(5), batch);
    // w_i = (N·P_i)^−β / max w, max w = (3 · 1/6)^−β: w = 1, (2/1)^−β, (3/1)^−β.
    const expected = [1, 2 ** -beta, 3 ** -beta];
    for (let b = 0; b < 64; b++) {
      const w = batch.weights![b];
      assert.ok(Math.abs(w - expected[batch.indices[b]]) < 1e-12, `w = ${w}`);
      assert.equal(batch.rewards[b], batch.indices[b]); // slot t holds reward t
    }
  }
  assert.throws(() => (buffer.beta = 1.5), RangeError);
});

Deno.test("PrioritizedReplayBuffer: sampling frequencies follow p^α / Σ p^α (χ² at a fixed seed)", () => {
  const buffer = filled(0.6, 1e-6, 16, 12); // 12 of 16 slots filled: never draws an empty slot
  const errors = [0.1, 2, 0.5, 1, 3, 0.05, 1.5, 0.7, 4, 0.2, 2.5, 1.2];
  buffer.updatePriorities(Int32Array.from(errors.keys()), errors, new Float64Array(12));
  const p = errors.map((e) => (e + 1e-6) ** 0.6);
  const total = p.reduce((a, b) => a + b);
  const counts = new Float64Array(12);
  const batch = buffer.createBatch(32);
  const rng = new Random(3);
  for (let k = 0; k < 2000; k++) {
    buffer.sample(rng, batch);
    for (let b = 0; b < 32; b++) counts[batch.indices[b]]++;
  }
  const chi = chiSquare(counts, p.map((x) => x / total));
  // 11 degrees of freedom: P(χ² > 31.26) = 0.001 (stratified draws only lower the spread).
  assert.ok(chi < 31.26, `χ² = ${chi}`);
});

Deno.test("PrioritizedReplayBuffer: state() / loadState() round-trip, then identical samples", () => {
  const a = filled(0.6, 1e-6, 8, 11);
  a.updatePriorities(Int32Array.from([1, 5, 7]), [3, 0.2, 9], [0, 0, 1]);
  const b = new PrioritizedReplayBuffer({ capacity: 8, obsDim: 1, alpha: 0.6, eps: 1e-6 });
  b.loadState(structuredClone(a.state()));
  assert.deepEqual(b.state(), a.state());
  assert.equal(b.maxPriority, 8 + 1e-6);
  a.beta = b.beta = 0.7;
  const ba = a.createBatch(16);
  const bb = b.createBatch(16);
  a.sample(new Random(9), ba);
  b.sample(new Random(9), bb);
  assert.deepEqual(bb, ba);
  const bad = a.state();
  bad.maxPriority = 0;
  assert.throws(() => b.loadState(bad), TypeError);
  const c = filled(0.6, 1e-6, 8, 3);
  const partial = c.state();
  partial.tree.priorities[5] = 1; // an empty slot with a priority
  assert.throws(() => b.loadState(partial), TypeError);
});
