import assert from "node:assert/strict";
import { A2C, A2C_DEFAULTS, type A2COptions } from "../../agents/a2c.ts";
import { discountedReturns } from "../../core/buffers/gae.ts";
import { contractTests } from "./_contract.ts";

const SMALL: A2COptions = {
  env: "CartPole-v1",
  seed: 3,
  numEnvs: 4,
  numSteps: 5,
  hiddenSizes: [16],
};

Deno.test("A2C contract on CartPole-v1 (discrete)", async (t) => {
  await contractTests(t, (c) => new A2C(c), SMALL as Record<string, unknown>, 48, 72);
});

Deno.test("A2C contract on Pendulum-v1 (Gaussian, normalised, GAE λ < 1, annealed lr)", async (t) => {
  const config = {
    env: "Pendulum-v1",
    seed: 8,
    numEnvs: 2,
    numSteps: 8,
    hiddenSizes: [16],
    gaeLambda: 0.9,
    normAdv: true,
    annealLr: true,
    totalTimesteps: 1000,
    normalizeObservation: true,
    normalizeReward: true,
  };
  await contractTests(t, (c) => new A2C(c), config, 250, 250);
});

Deno.test("A2C update: n-step returns, losses as SB3 computes them", () => {
  // One env, one rollout of 6 steps, no update before it: the networks at update time are the
  // ones that collected the data, so the losses can be recomputed from the buffer.
  const agent = new A2C({ ...SMALL, numEnvs: 1, numSteps: 6, entCoef: 0.01 });
  const { updates } = agent.learn(6);
  assert.equal(updates.length, 1);
  const buf = agent.buffer;
  // gaeLambda 1: advantages + values are the n-step returns R_t = r_t + γ·R_{t+1}, bootstrapped
  // from V(s_6) (or V(final) / 0 at episode ends).
  const returns = new Float64Array(6);
  discountedReturns({ ...buf.gaeInput(), gamma: 0.99 }, returns);
  for (let t = 0; t < 6; t++) assert.ok(Math.abs(buf.returns[t] - returns[t]) < 1e-5);
  const v = updates[0].values;
  let valueLoss = 0, policyLoss = 0;
  for (let t = 0; t < 6; t++) {
    valueLoss += (buf.returns[t] - buf.values[t]) ** 2 / 6; // F.mse_loss, no ½
    policyLoss -= buf.advantages[t] * buf.logProbs[t] / 6;
  }
  assert.ok(Math.abs(v["losses/value_loss"] - valueLoss) < 1e-5);
  assert.ok(Math.abs(v["losses/policy_loss"] - policyLoss) < 1e-5);
  assert.ok(v["losses/entropy"] > 0.6 && v["losses/entropy"] <= Math.LN2);
  assert.deepEqual(Object.keys(v).sort(), [
    "charts/learning_rate",
    "losses/entropy",
    "losses/explained_variance",
    "losses/policy_loss",
    "losses/value_loss",
  ]);
  assert.equal(agent.optimizer.iterations, 1);
});

Deno.test("A2C config: SB3 defaults with torch RMSprop(alpha 0.99, eps 1e-5); validation", async (t) => {
  await t.step("defaults", () => {
    const c = new A2C().config;
    for (const [k, v] of Object.entries(A2C_DEFAULTS)) assert.deepEqual(c[k as keyof typeof c], v);
    assert.equal(c.learningRate, 7e-4);
    assert.equal(c.numSteps, 5);
    assert.equal(c.gaeLambda, 1);
    assert.equal(c.rmspropPreset, "pytorch");
    assert.equal(c.rmspropRho, 0.99);
    assert.equal(c.rmspropEps, 1e-5);
    assert.equal(c.rmspropEpsPlacement, "outside");
    assert.equal(c.rmspropInitialAccumulator, 0);
  });
  const cases: [A2COptions, RegExp][] = [
    [{ learningRate: 0 }, /learningRate must be > 0, got 0/],
    [{ gamma: -0.5 }, /gamma must be in \[0, 1\], got -0.5/],
    [{ numEnvs: 1.5 }, /numEnvs must be an integer >= 1, got 1.5/],
    [{ numSteps: 0 }, /numSteps must be an integer >= 1, got 0/],
    [{ entCoef: -1 }, /entCoef must be >= 0, got -1/],
    [{ rmspropEps: -1 }, /rmspropEps must be >= 0, got -1/],
  ];
  for (const [options, message] of cases) {
    await t.step(`RangeError for ${JSON.stringify(options)}`, () => {
      assert.throws(
        () => new A2C(options),
        (e: Error) => e instanceof RangeError && message.test(e.message),
      );
    });
  }
  await t.step("unknown key", () => {
    assert.throws(
      () => new A2C({ nSteps: 5 } as A2COptions),
      /Cannot create A2C: unknown config key "nSteps" \(did you mean "numSteps"\?\)/,
    );
  });
});
