import assert from "node:assert/strict";
import { RewardNormalizer } from "../../../agents/common/reward_normalizer.ts";

Deno.test("RewardNormalizer: SB3 VecNormalize reward scaling by hand", () => {
  const norm = new RewardNormalizer(2, { gamma: 0.5 });
  const out = new Float32Array(4);
  // Step 1: rewards [1, 3]; returns R = [1, 3]. Batch mean 2, population var 1, count 2, merged
  // with the prior (mean 0, var 1, count 1e-4): total 2.0001,
  // var = (1e-4·1 + 2·1 + 2²·1e-4·2 / 2.0001) / 2.0001.
  norm.normalize([1, 3], [1, 0], [0, 0], out, 0);
  const v = (1e-4 + 2 + (4 * 1e-4 * 2) / 2.0001) / 2.0001;
  const std = Math.sqrt(v + 1e-8);
  assert.ok(Math.abs(out[0] - 1 / std) < 1e-6 && Math.abs(out[1] - 3 / std) < 1e-6);
  assert.ok(Math.abs(norm.rms.var[0] - v) < 1e-12);
  // Sub-env 0 terminated: its running return restarts at 0 after the step.
  assert.deepEqual(Array.from(norm.returns), [0, 3]);
  // Step 2 written at offset 2: R = [0·0.5 + 2, 3·0.5 + 2] = [2, 3.5]; sub-env 1 truncated.
  norm.normalize([2, 2], [0, 0], [0, 1], out, 2);
  assert.deepEqual(Array.from(norm.returns), [2, 0]);
  const s = Math.sqrt(norm.rms.var[0] + 1e-8);
  assert.ok(Math.abs(out[2] - 2 / s) < 1e-6 && Math.abs(out[3] - 2 / s) < 1e-6);
  // Clipping at ±clip.
  const tight = new RewardNormalizer(1, { gamma: 0.9, clip: 0.5 });
  const o = new Float32Array(1);
  tight.normalize([-100], [0], [0], o, 0);
  assert.equal(o[0], -0.5);
});

Deno.test("RewardNormalizer: state round-trip and validation", () => {
  const a = new RewardNormalizer(2, { gamma: 0.99 });
  const out = new Float32Array(2);
  a.normalize([1, -2], [0, 0], [0, 0], out, 0);
  const b = new RewardNormalizer(2, { gamma: 0.99 });
  b.loadState(a.state());
  const x = new Float32Array(2), y = new Float32Array(2);
  a.normalize([0.5, 4], [0, 1], [0, 0], x, 0);
  b.normalize([0.5, 4], [0, 1], [0, 0], y, 0);
  assert.deepEqual(x, y);
  assert.throws(() => new RewardNormalizer(0, { gamma: 0.99 }), RangeError);
  assert.throws(() => new RewardNormalizer(1, { gamma: 1.5 }), RangeError);
  assert.throws(() => b.loadState({ returns: new Float64Array(3), rms: a.state().rms }), TypeError);
});
