import assert from "node:assert/strict";
import { EpisodeBuffer } from "../../../core/buffers/episode_buffer.ts";

Deno.test("EpisodeBuffer: interleaved sub-envs, returns with and without bootstrap, growth", () => {
  const buf = new EpisodeBuffer({ numEnvs: 2, obsDim: 1, actDim: 1, initialCapacity: 2 });
  const obs = new Float32Array([10, 20]), act = new Float32Array([0, 1]);
  // env 0: rewards 1, 2, 3 then terminated; env 1: rewards 4, 4 then truncated with V = 8.
  buf.add(0, obs, 0, act, 0, 1);
  buf.add(1, obs, 1, act, 1, 4);
  buf.add(0, obs, 0, act, 0, 2);
  buf.add(1, obs, 1, act, 1, 4);
  buf.finish(1, 8, 0.5); // G = [4 + 0.5·(4 + 0.5·8), 4 + 0.5·8] = [8, 8]
  buf.add(0, obs, 0, act, 0, 3); // grows past the initial capacity of 2
  buf.finish(0, 0, 0.5); // G2 = 3, G1 = 2 + 0.5·3 = 3.5, G0 = 1 + 0.5·3.5 = 2.75
  assert.equal(buf.batchEpisodes, 2);
  assert.equal(buf.batchSteps, 5);
  assert.deepEqual(Array.from(buf.batchReturns.subarray(0, 5)), [8, 8, 2.75, 3.5, 3]);
  assert.deepEqual(Array.from(buf.batchObservations.subarray(0, 5)), [20, 20, 10, 10, 10]);
  assert.deepEqual(Array.from(buf.batchActions.subarray(0, 5)), [1, 1, 0, 0, 0]);
  buf.add(1, obs, 1, act, 1, 7);
  const saved = buf.state();
  const copy = new EpisodeBuffer({ numEnvs: 2, obsDim: 1, actDim: 1, initialCapacity: 1 });
  copy.loadState(saved);
  assert.deepEqual(copy.state(), saved);
  assert.equal(copy.openLength(1), 1);
  buf.clearBatch();
  assert.equal(buf.batchSteps, 0);
  assert.equal(buf.openLength(1), 1);
  assert.throws(() => copy.loadState({ ...saved, openLengths: new Int32Array(3) }), TypeError);
});
