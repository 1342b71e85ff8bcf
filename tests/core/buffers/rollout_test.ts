import assert from "node:assert/strict";
import { computeGae } from "../../../core/buffers/gae.ts";
import { RolloutBuffer } from "../../../core/buffers/rollout.ts";

Deno.test("RolloutBuffer: sizes, time-major GAE input, state round-trip", () => {
  const b = new RolloutBuffer({ numSteps: 3, numEnvs: 2, obsDim: 4, actDim: 1 });
  assert.equal(b.size, 6);
  assert.equal(b.observations.length, 24);
  assert.equal(b.full, false);
  // env 0: rewards 1, 1, 1 (no ends), values 0, last value 2; env 1: terminated at t = 1.
  b.rewards.set([1, 5, 1, 5, 1, 5]);
  b.dones.set([0, 0, 0, 1, 0, 0]);
  b.lastValues.set([2, 0]);
  b.pos = 3;
  assert.equal(b.full, true);
  computeGae({ ...b.gaeInput(), gamma: 0.5, gaeLambda: 1 }, b.advantages, b.returns);
  // env 0: R2 = 1 + 0.5·2 = 2, R1 = 1 + 0.5·2 = 2, R0 = 2; env 1: R1 = 5 (terminated),
  // R0 = 5 + 0.5·5 = 7.5, R2 = 5 + 0 (lastValue 0) = 5.
  assert.deepEqual(Array.from(b.returns), [2, 7.5, 2, 5, 2, 5]);
  b.pos = 2;
  b.observations[5] = 0.25;
  const saved = b.state();
  const c = new RolloutBuffer({ numSteps: 3, numEnvs: 2, obsDim: 4, actDim: 1 });
  c.loadState(saved);
  assert.deepEqual(c.state(), saved);
  assert.equal(c.pos, 2);
  assert.throws(() => c.loadState({ ...saved, pos: 3 }), TypeError);
  assert.throws(() => c.loadState({ ...saved, values: new Float32Array(5) }), TypeError);
  assert.throws(
    () => new RolloutBuffer({ numSteps: 0, numEnvs: 1, obsDim: 1, actDim: 1 }),
    RangeError,
  );
});
