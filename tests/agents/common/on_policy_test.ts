import assert from "node:assert/strict";
import {
  explainedVariance,
  normalizeAdvantages,
  OnPolicyKit,
  type OnPolicyKitOptions,
} from "../../../agents/common/on_policy.ts";
import { resolveRmspropConfig } from "../../../core/optim/rmsprop_config.ts";
import { make } from "../../../envs/registry.ts";

const CONFIG = {
  seed: 1,
  numEnvs: 2,
  learningRate: 1e-3,
  annealLr: true,
  gamma: 0.99,
  hiddenSizes: [8],
  activation: "tanh" as const,
  normalizeObservation: true,
  normalizeReward: true,
  logStdInit: 0,
  ...resolveRmspropConfig({}),
};
const OPTIONS: OnPolicyKitOptions = {
  algorithm: "x",
  createEnv: () => make("Pendulum-v1"),
  who: "X",
  critic: true,
  streams: ["agent", "act"],
  annealSteps: 10,
};

Deno.test("OnPolicyKit builds reset envs, the policy, its optimizer and the named streams", () => {
  const kit = new OnPolicyKit(CONFIG, OPTIONS);
  assert.equal(kit.envs.numEnvs, 2);
  assert.notEqual(kit.envs.obsRms, null);
  assert.notEqual(kit.rewardNormalizer, null);
  assert.notEqual(kit.policy.critic, null);
  assert.deepEqual(Object.keys(kit.rngs), ["agent", "act"]);
  const plain = new OnPolicyKit({ ...CONFIG, normalizeReward: undefined }, OPTIONS);
  assert.equal(plain.rewardNormalizer, null);
});

Deno.test("OnPolicyKit.setLearningRate() anneals linearly to 0 over annealSteps", () => {
  const kit = new OnPolicyKit(CONFIG, OPTIONS);
  assert.equal(kit.setLearningRate(0), 1e-3);
  assert.ok(Math.abs(kit.setLearningRate(5) - 5e-4) < 1e-15);
  assert.equal(kit.optimizer.lr, kit.setLearningRate(5));
  assert.equal(kit.setLearningRate(12), 0);
  const constant = new OnPolicyKit({ ...CONFIG, annealLr: false }, OPTIONS);
  assert.equal(constant.setLearningRate(5), 1e-3);
});

Deno.test("OnPolicyKit.act() checks the observation and clips a Gaussian action", () => {
  const kit = new OnPolicyKit(CONFIG, OPTIONS);
  assert.throws(
    () => kit.act(new Float32Array(4), {}),
    /Cannot act with X: observation must be a Float32Array of length 3, got Float32Array\(4\)/,
  );
  for (let k = 0; k < 20; k++) {
    const a = kit.act(new Float32Array([1, 0, 8]), {}) as Float32Array;
    assert.ok(a instanceof Float32Array && a[0] >= -2 && a[0] <= 2);
  }
});

Deno.test("OnPolicyKit state round-trips into a kit built alike", () => {
  const a = new OnPolicyKit(CONFIG, OPTIONS);
  const buffer = { state: () => ({ n: 1 }), loadState: (_: never) => {} };
  a.act(new Float32Array(3), {});
  a.globalStep = 6;
  a.numUpdates = 2;
  const b = new OnPolicyKit(CONFIG, OPTIONS);
  b.loadState(a.state(buffer), buffer);
  assert.deepEqual(b.state(buffer), a.state(buffer));
  const noNorm = new OnPolicyKit({ ...CONFIG, normalizeReward: false }, OPTIONS);
  assert.throws(() => noNorm.loadState(a.state(buffer), buffer), /reward normalisation is off/);
});

Deno.test("normalizeAdvantages() and explainedVariance() by hand", () => {
  const adv = new Float64Array([1, 3, 99]);
  normalizeAdvantages(adv, 2); // mean 2, unbiased std √2
  assert.ok(Math.abs(adv[0] + 1 / Math.SQRT2) < 1e-7 && Math.abs(adv[1] - 1 / Math.SQRT2) < 1e-7);
  assert.equal(adv[2], 99);
  assert.equal(explainedVariance([1, 2, 3], [1, 2, 3], 3), 1);
  assert.equal(explainedVariance([0, 0], [1, 1], 2), NaN);
  // returns − values = [1, 1, 1]: no variance left
  assert.equal(explainedVariance([0, 1, 2], [1, 2, 3], 3), 1);
});
