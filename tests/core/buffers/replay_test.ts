import assert from "node:assert/strict";
import { ReplayBuffer } from "../../../core/buffers/replay.ts";
import { Random } from "../../../core/random.ts";

/** Adds transition t: s = [t, -t], s' = [t + 0.5, -t - 0.5], a = t % 3, r = t, terminated = odd. */
function addNumbered(buffer: ReplayBuffer, t: number): void {
  buffer.add([t, -t], [t + 0.5, -t - 0.5], t % 3, t, t % 2 === 1);
}

Deno.test("ReplayBuffer.add() wraps around and overwrites the oldest transition", () => {
  const buffer = new ReplayBuffer({ capacity: 3, obsDim: 2 });
  assert.equal(buffer.size, 0);
  for (let t = 0; t < 5; t++) addNumbered(buffer, t);
  // 5 adds into 3 slots: slot 0 ← t=3, slot 1 ← t=4, slot 2 ← t=2; next write goes to slot 2.
  assert.equal(buffer.size, 3);
  assert.equal(buffer.full, true);
  assert.equal(buffer.position, 2);
  assert.deepEqual([...buffer.rewards], [3, 4, 2]);
  assert.deepEqual([...buffer.actions], [0, 1, 2]);
  assert.deepEqual([...buffer.terminated], [1, 0, 0]);
  assert.deepEqual([...buffer.observations], [3, -3, 4, -4, 2, -2]);
  assert.deepEqual([...buffer.nextObservations], [3.5, -3.5, 4.5, -4.5, 2.5, -2.5]);
});

Deno.test("ReplayBuffer.add() reads rows at offsets (vector-env layout)", () => {
  const buffer = new ReplayBuffer({ capacity: 4, obsDim: 2 });
  buffer.add(new Float32Array([0, 1, 2, 3]), new Float32Array([4, 5, 6, 7]), 1, 0.5, 0, 2, 2);
  assert.deepEqual([...buffer.observations.subarray(0, 2)], [2, 3]);
  assert.deepEqual([...buffer.nextObservations.subarray(0, 2)], [6, 7]);
  assert.equal(buffer.rewards[0], 0.5);
  assert.equal(buffer.terminated[0], 0);
  assert.throws(
    () => buffer.add(new Float32Array(3), new Float32Array(4), 0, 0, false, 2, 0),
    TypeError,
  );
});

Deno.test("ReplayBuffer.sample() copies whole transitions from the filled slots only", () => {
  const buffer = new ReplayBuffer({ capacity: 10, obsDim: 2 });
  for (let t = 0; t < 3; t++) addNumbered(buffer, t);
  const batch = buffer.createBatch(50);
  buffer.sample(new Random(0), batch);
  for (let b = 0; b < 50; b++) {
    const t = batch.indices[b]; // slot t holds transition t
    assert.ok(t >= 0 && t < 3, `slot ${t} is not filled`);
    assert.deepEqual([...batch.observations.subarray(2 * b, 2 * b + 2)], [t, -t]);
    assert.deepEqual([...batch.nextObservations.subarray(2 * b, 2 * b + 2)], [t + 0.5, -t - 0.5]);
    assert.equal(batch.actions[b], t % 3);
    assert.equal(batch.rewards[b], t);
    assert.equal(batch.terminated[b], t % 2);
  }
});

Deno.test("ReplayBuffer.sample() is uniform over the slots (chi-square bound)", () => {
  const buffer = new ReplayBuffer({ capacity: 10, obsDim: 1 });
  for (let t = 0; t < 25; t++) buffer.add([t], [t], 0, t, false); // wrapped, full
  const counts = new Array(10).fill(0);
  const batch = buffer.createBatch(1000);
  const rng = new Random(42);
  for (let k = 0; k < 100; k++) {
    buffer.sample(rng, batch);
    for (const i of batch.indices) counts[i]++;
  }
  // 100 000 draws, 10 000 expected per slot; chi-square with 9 degrees of freedom has
  // P(X > 27.88) = 0.001. A sampler that never picked one slot would give >= 10 000.
  const expected = 10_000;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 27.88, `chi-square ${chi2.toFixed(2)} for counts ${counts}`);
  assert.ok(counts.every((c) => c > 9_000 && c < 11_000), `counts ${counts}`);
});

Deno.test("ReplayBuffer.sample() is determined by the generator", () => {
  const buffer = new ReplayBuffer({ capacity: 100, obsDim: 1 });
  for (let t = 0; t < 100; t++) buffer.add([t], [t], 0, t, false);
  const a = buffer.createBatch(16);
  const b = buffer.createBatch(16);
  buffer.sample(new Random(5), a);
  buffer.sample(new Random(5), b);
  assert.deepEqual(a.indices, b.indices);
  buffer.sample(new Random(6), b);
  assert.notDeepEqual(a.indices, b.indices);
});

Deno.test("ReplayBuffer.state() saves only the filled part and round-trips exactly", async (t) => {
  for (const adds of [4, 10, 23]) {
    await t.step(`after ${adds} adds into 10 slots`, () => {
      const a = new ReplayBuffer({ capacity: 10, obsDim: 2 });
      for (let k = 0; k < adds; k++) addNumbered(a, k);
      const saved = a.state();
      const filled = Math.min(adds, 10);
      assert.equal(saved.size, filled);
      assert.equal(saved.observations.length, 2 * filled);
      assert.equal(saved.rewards.length, filled);
      const b = new ReplayBuffer({ capacity: 10, obsDim: 2 });
      for (let k = 0; k < 13; k++) addNumbered(b, 100 + k); // stale contents must go
      b.loadState(saved);
      assert.deepEqual(b.observations, a.observations);
      assert.deepEqual(b.nextObservations, a.nextObservations);
      assert.deepEqual(b.rewards, a.rewards);
      assert.deepEqual(b.actions, a.actions);
      assert.deepEqual(b.terminated, a.terminated);
      assert.equal(b.position, a.position);
      assert.equal(b.size, a.size);
      // Both continue identically.
      addNumbered(a, 50);
      addNumbered(b, 50);
      const ba = a.createBatch(8);
      const bb = b.createBatch(8);
      a.sample(new Random(1), ba);
      b.sample(new Random(1), bb);
      assert.deepEqual(ba, bb);
    });
  }
});

Deno.test("ReplayBuffer rejects bad arguments with clear errors", () => {
  assert.throws(() => new ReplayBuffer({ capacity: 0, obsDim: 2 }), RangeError);
  assert.throws(
    () => new ReplayBuffer({ capacity: 10, obsDim: 1.5 }),
    /obsDim must be a positive integer, got 1.5/,
  );
  const buffer = new ReplayBuffer({ capacity: 10, obsDim: 2 });
  assert.throws(() => buffer.sample(new Random(0), buffer.createBatch(4)), /buffer is empty/);
  assert.throws(() => buffer.createBatch(0), RangeError);
  addNumbered(buffer, 0);
  const other = new ReplayBuffer({ capacity: 10, obsDim: 3 });
  assert.throws(() => buffer.sample(new Random(0), other.createBatch(4)), TypeError);
  assert.throws(() => other.loadState(buffer.state()), /capacity 10 and obsDim 2/);
  const bad = { ...buffer.state(), rewards: new Float64Array(1) };
  assert.throws(() => buffer.loadState(bad as never), /rewards must be a Float32Array/);
});
