import assert from "node:assert/strict";
import { NStepAccumulator } from "../../../core/buffers/n_step.ts";
import { ReplayBuffer } from "../../../core/buffers/replay.ts";

const GAMMA = 0.5; // powers of 1/2 and small integer rewards: every sum below is exact

/** Every stored transition as [s, a, R, s', terminated, discount]. */
function rows(buffer: ReplayBuffer): number[][] {
  const out = [];
  for (let i = 0; i < buffer.size; i++) {
    out.push([
      buffer.observations[i],
      buffer.actions[i],
      buffer.rewards[i],
      buffer.nextObservations[i],
      buffer.terminated[i],
      buffer.discounts![i],
    ]);
  }
  return out;
}

Deno.test("NStepAccumulator: 3-step transitions of 3 sub-envs (no end, terminated, truncated), by hand", () => {
  const buffer = new ReplayBuffer({ capacity: 50, obsDim: 1, discounts: true });
  const acc = new NStepAccumulator({ nStep: 3, gamma: GAMMA, numEnvs: 3, obsDim: 1 });
  // Sub-env e at step t observes 100e + t, takes action t and gets reward t + 1 (rewards 1, 2, 3, …).
  // Sub-env 0 never ends; sub-env 1 terminates at t = 3 (after 4 rewards); sub-env 2 is truncated
  // at t = 1 (after 2 rewards, final observation 299), then starts again at 200 + 10.
  const obs = new Float32Array(3);
  const next = new Float32Array(3);
  for (let t = 0; t < 5; t++) {
    for (let e = 0; e < 3; e++) {
      obs[e] = e === 2 && t >= 2 ? 210 + (t - 2) : 100 * e + t;
      next[e] = e === 2 && t === 1 ? 299 : obs[e] + 1;
    }
    for (let e = 0; e < 3; e++) {
      const terminated = e === 1 && t === 3;
      const ended = terminated || (e === 2 && t === 1);
      if (e === 1 && t > 3) continue; // sub-env 1 stays idle after its episode
      acc.add(buffer, e, obs, next, t, t + 1, terminated, ended, e, e);
    }
  }
  const q = GAMMA, q2 = GAMMA ** 2, q3 = GAMMA ** 3;
  assert.deepEqual(rows(buffer), [
    // t = 1: sub-env 2 truncated with 2 pending steps: bootstrap from the final observation 299.
    [200, 0, 1 + q * 2, 299, 0, q2],
    [201, 1, 2, 299, 0, q],
    // t = 2: sub-env 0 and 1 emit their first full window: R = 1 + ½·2 + ¼·3, s' = s_3, γ³.
    [0, 0, 1 + q * 2 + q2 * 3, 3, 0, q3],
    [100, 0, 1 + q * 2 + q2 * 3, 103, 0, q3],
    // t = 3: sub-env 0 emits s_1; sub-env 1 terminates: s_1, s_2, s_3 cut at its last reward 4.
    [1, 1, 2 + q * 3 + q2 * 4, 4, 0, q3],
    [101, 1, 2 + q * 3 + q2 * 4, 104, 1, q3],
    [102, 2, 3 + q * 4, 104, 1, q2],
    [103, 3, 4, 104, 1, q],
    // t = 4: sub-env 0 emits s_2; sub-env 2 (new episode at 210) emits its first window.
    [2, 2, 3 + q * 4 + q2 * 5, 5, 0, q3],
    [210, 2, 3 + q * 4 + q2 * 5, 213, 0, q3],
  ]);
  assert.deepEqual([0, 1, 2].map((e) => acc.pending(e)), [2, 0, 2]);
});

Deno.test("NStepAccumulator with n = 1 stores exactly what ReplayBuffer.add stores", () => {
  const direct = new ReplayBuffer({ capacity: 10, obsDim: 2 });
  const through = new ReplayBuffer({ capacity: 10, obsDim: 2 });
  const acc = new NStepAccumulator({ nStep: 1, gamma: 0.99, numEnvs: 2, obsDim: 2 });
  const obs = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
  const next = Float32Array.from([1.1, 1.2, 1.3, 1.4]);
  for (let t = 0; t < 7; t++) {
    for (let e = 0; e < 2; e++) {
      const r = 0.1 * t - e / 3;
      direct.add(obs, next, t, r, t === 3, 2 * e, 2 * e);
      acc.add(through, e, obs, next, t, r, t === 3, t === 3 || t === 5, 2 * e, 2 * e);
    }
  }
  assert.deepEqual(through.state(), direct.state());
});

Deno.test("NStepAccumulator: state round-trip mid-window continues identically", () => {
  const options = { nStep: 4, gamma: 0.9, numEnvs: 2, obsDim: 1 };
  const run = (acc: NStepAccumulator, buffer: ReplayBuffer, from: number, to: number): void => {
    for (let t = from; t < to; t++) {
      for (let e = 0; e < 2; e++) {
        acc.add(buffer, e, [10 * e + t], [10 * e + t + 1], t % 3, t * 0.7 + e, false, t % 5 === 4);
      }
    }
  };
  const a = new NStepAccumulator(options);
  const bufA = new ReplayBuffer({ capacity: 100, obsDim: 1, discounts: true });
  run(a, bufA, 0, 7);
  const b = new NStepAccumulator(options);
  const bufB = new ReplayBuffer({ capacity: 100, obsDim: 1, discounts: true });
  b.loadState(structuredClone(a.state()));
  bufB.loadState(structuredClone(bufA.state()));
  run(a, bufA, 7, 20);
  run(b, bufB, 7, 20);
  assert.deepEqual(bufB.state(), bufA.state());
  assert.deepEqual(b.state(), a.state());
  assert.throws(
    () => new NStepAccumulator({ ...options, nStep: 3 }).loadState(a.state()),
    TypeError,
  );
  assert.throws(() => new NStepAccumulator({ ...options, nStep: 0 }), RangeError);
  assert.throws(() => a.add(bufA, 2, [0], [0], 0, 0, false, false), RangeError);
  // a buffer that stores discounts needs one per transition
  assert.throws(() => bufA.add([0], [0], 0, 0, false), TypeError);
});
