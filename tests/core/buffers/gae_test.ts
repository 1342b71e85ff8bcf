import assert from "node:assert/strict";
import { computeGae, discountedReturns } from "../../../core/buffers/gae.ts";

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `index ${i}: ${actual[i]} vs ${expected[i]}`,
    );
  }
}

Deno.test("discountedReturns: a terminated 3-step episode does not bootstrap", () => {
  // gamma 0.9, rewards 1, 2, 3, terminated at t=2, lastValue 100 must be ignored:
  // G2 = 3; G1 = 2 + 0.9*3 = 4.7; G0 = 1 + 0.9*4.7 = 5.23
  const out = new Float64Array(3);
  discountedReturns({
    rewards: new Float64Array([1, 2, 3]),
    dones: new Uint8Array([0, 0, 1]),
    terminalValues: new Float64Array([0, 0, 0]),
    lastValues: new Float64Array([100]),
    numSteps: 3,
    numEnvs: 1,
    gamma: 0.9,
  }, out);
  close(out, [5.23, 4.7, 3]);
});

Deno.test("discountedReturns: a truncated episode bootstraps from V(final observation)", () => {
  // truncated at t=2 with V(final) = 10: G2 = 3 + 0.9*10 = 12; G1 = 2 + 0.9*12 = 12.8;
  // G0 = 1 + 0.9*12.8 = 12.52
  const out = new Float64Array(3);
  discountedReturns({
    rewards: new Float64Array([1, 2, 3]),
    dones: new Uint8Array([0, 0, 1]),
    terminalValues: new Float64Array([0, 0, 10]),
    lastValues: new Float64Array([100]),
    numSteps: 3,
    numEnvs: 1,
    gamma: 0.9,
  }, out);
  close(out, [12.52, 12.8, 12]);
});

Deno.test("discountedReturns: an unfinished rollout bootstraps from lastValues, per sub-env", () => {
  // two envs interleaved (time-major). env0: rewards 1,1 not done, lastValue 5:
  // G1 = 1 + 0.5*5 = 3.5, G0 = 1 + 0.5*3.5 = 2.75.
  // env1: rewards 2 (done, terminated), 4 (new episode, not done), lastValue 6:
  // G1 = 4 + 0.5*6 = 7, G0 = 2 (terminated).
  const out = new Float64Array(4);
  discountedReturns({
    rewards: new Float64Array([1, 2, 1, 4]),
    dones: new Uint8Array([0, 1, 0, 0]),
    terminalValues: new Float64Array(4),
    lastValues: new Float64Array([5, 6]),
    numSteps: 2,
    numEnvs: 2,
    gamma: 0.5,
  }, out);
  close(out, [2.75, 2, 3.5, 7]);
});

Deno.test("computeGae: hand-computed 3-step trajectories, terminated and truncated", async (t) => {
  const base = {
    rewards: new Float64Array([1, 2, 3]),
    values: new Float64Array([0.5, 1, 1.5]),
    dones: new Uint8Array([0, 0, 1]),
    lastValues: new Float64Array([100]),
    numSteps: 3,
    numEnvs: 1,
    gamma: 0.9,
    gaeLambda: 0.8,
  };
  await t.step("terminated: no bootstrap at the end", () => {
    // d2 = 3 - 1.5 = 1.5; d1 = 2 + 0.9*1.5 - 1 = 2.35; d0 = 1 + 0.9*1 - 0.5 = 1.4
    // A2 = 1.5; A1 = 2.35 + 0.72*1.5 = 3.43; A0 = 1.4 + 0.72*3.43 = 3.8696
    const adv = new Float64Array(3), ret = new Float64Array(3);
    computeGae({ ...base, terminalValues: new Float64Array(3) }, adv, ret);
    close(adv, [3.8696, 3.43, 1.5]);
    close(ret, [4.3696, 4.43, 3.0]);
  });
  await t.step("truncated: bootstrap from V(final) = 10", () => {
    // d2 = 3 + 0.9*10 - 1.5 = 10.5; A1 = 2.35 + 0.72*10.5 = 9.91; A0 = 1.4 + 0.72*9.91 = 8.5352
    const adv = new Float64Array(3), ret = new Float64Array(3);
    computeGae({ ...base, terminalValues: new Float64Array([0, 0, 10]) }, adv, ret);
    close(adv, [8.5352, 9.91, 10.5]);
  });
  await t.step("unfinished: bootstrap from lastValues", () => {
    // d2 = 3 + 0.9*100 - 1.5 = 91.5; A1 = 2.35 + 0.72*91.5 = 68.23; A0 = 1.4 + 0.72*68.23 = 50.5256
    const adv = new Float64Array(3), ret = new Float64Array(3);
    computeGae(
      { ...base, dones: new Uint8Array(3), terminalValues: new Float64Array(3) },
      adv,
      ret,
    );
    close(adv, [50.5256, 68.23, 91.5], 1e-10);
  });
  await t.step("lambda 1 and zero values equal discounted returns", () => {
    const adv = new Float64Array(3), ret = new Float64Array(3), g = new Float64Array(3);
    const common = {
      rewards: base.rewards,
      dones: base.dones,
      terminalValues: new Float64Array([0, 0, 10]),
      lastValues: base.lastValues,
      numSteps: 3,
      numEnvs: 1,
      gamma: 0.9,
    };
    computeGae({ ...common, values: new Float64Array(3), gaeLambda: 1 }, adv, ret);
    discountedReturns(common, g);
    close(adv, Array.from(g));
  });
});
