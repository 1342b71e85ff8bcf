import assert from "node:assert/strict";
import { Reinforce, REINFORCE_DEFAULTS, type ReinforceOptions } from "../../agents/reinforce.ts";
import { make } from "../../envs/registry.ts";
import { contractTests } from "./_contract.ts";

const SMALL: ReinforceOptions = {
  env: "CartPole-v1",
  seed: 3,
  numEnvs: 2,
  episodesPerBatch: 2,
  hiddenSizes: [16],
};

Deno.test("REINFORCE contract on CartPole-v1 (baseline)", async (t) => {
  await contractTests(t, (c) => new Reinforce(c), SMALL as Record<string, unknown>, 50, 150);
});

Deno.test("REINFORCE contract on CartPole-v1 (no baseline, one env)", async (t) => {
  const config = { ...SMALL, numEnvs: 1, baseline: false, entCoef: 0.01 };
  await contractTests(t, (c) => new Reinforce(c), config, 51, 150);
});

Deno.test("REINFORCE contract on Pendulum-v1 (Gaussian, normalised observations)", async (t) => {
  const config = { ...SMALL, env: "Pendulum-v1", normalizeObservation: true, annealLr: true };
  // Both sub-envs finish an episode every 200 steps: updates at global steps 400 and 800.
  await contractTests(t, (c) => new Reinforce(c), config, 300, 500);
});

Deno.test("REINFORCE returns: Monte-Carlo for terminated episodes", () => {
  const agent = new Reinforce({ ...SMALL, numEnvs: 1, episodesPerBatch: 1000 });
  const { episodes, updates } = agent.learn(300);
  assert.equal(updates.length, 0);
  const g = agent.buffer.batchReturns;
  let at = 0;
  for (const e of episodes) {
    // CartPole terminates: G_{T−1} = 1, G_t = 1 + 0.99·G_{t+1}, i.e. (1 − 0.99^(T−t)) / 0.01.
    for (let t = 0; t < e.length; t++) {
      const expected = (1 - 0.99 ** (e.length - t)) / 0.01;
      assert.ok(Math.abs(g[at + t] - expected) < 1e-4, `${g[at + t]} vs ${expected}`);
    }
    at += e.length;
  }
  assert.equal(agent.buffer.batchSteps, at);
  assert.equal(agent.buffer.batchEpisodes, episodes.length);
});

Deno.test("REINFORCE bootstraps a truncated episode from V(final observation)", () => {
  // MountainCar-v0 under a fresh policy never reaches the flag: truncated at 200 steps.
  const agent = new Reinforce({ env: "MountainCar-v0", seed: 4, episodesPerBatch: 2 });
  const { episodes, updates } = agent.learn(200);
  assert.deepEqual(episodes, [{ step: 200, return: -200, length: 200 }]);
  assert.equal(updates.length, 0);
  const env = make("MountainCar-v0");
  let obs = env.reset({ seed: 4 }).observation;
  for (let t = 0; t < 200; t++) obs = env.step(agent.buffer.batchActions[t]).observation;
  const vFinal = Math.fround(agent.policy.valueOfRow(obs, 0));
  assert.notEqual(vFinal, 0);
  // G_199 = −1 + γ·V(s_final); G_198 = −1 + γ·G_199.
  const g = agent.buffer.batchReturns;
  assert.equal(g[199], Math.fround(-1 + 0.99 * vFinal));
  assert.equal(g[198], Math.fround(-1 + 0.99 * g[199]));
  // Without a baseline there is no value to bootstrap from: the return ends at the last reward.
  const plain = new Reinforce({
    env: "MountainCar-v0",
    seed: 4,
    episodesPerBatch: 2,
    baseline: false,
  });
  plain.learn(200);
  assert.equal(plain.buffer.batchReturns[199], -1);
});

Deno.test("REINFORCE updates once per batch of episodes, with the right records", () => {
  const agent = new Reinforce({ ...SMALL, numEnvs: 1, episodesPerBatch: 3 });
  const { episodes, updates } = agent.learn(400);
  assert.ok(updates.length >= 2);
  // An update happens at the step the 3rd, 6th... episode ends.
  updates.forEach((u, k) => assert.equal(u.step, episodes[3 * k + 2].step));
  const batch = episodes.slice(0, 3).reduce((s, e) => s + e.length, 0);
  assert.equal(updates[0].values["charts/batch_steps"], batch);
  assert.deepEqual(Object.keys(updates[0].values).sort(), [
    "charts/batch_steps",
    "charts/learning_rate",
    "losses/entropy",
    "losses/explained_variance",
    "losses/policy_loss",
    "losses/value_loss",
  ]);
  const noBaseline = new Reinforce({ ...SMALL, numEnvs: 1, baseline: false });
  const keys = Object.keys(noBaseline.learn(300).updates[0].values);
  assert.ok(!keys.includes("losses/value_loss"));
  assert.equal(noBaseline.policy.critic, null);
});

Deno.test("REINFORCE config: defaults and validation", async (t) => {
  await t.step("defaults", () => {
    const c = new Reinforce().config;
    for (const [k, v] of Object.entries(REINFORCE_DEFAULTS)) {
      assert.deepEqual(c[k as keyof typeof c], v);
    }
    assert.equal(c.rmspropEps, 1e-5);
  });
  const cases: [ReinforceOptions, RegExp][] = [
    [{ learningRate: 0 }, /learningRate must be > 0, got 0/],
    [{ gamma: 2 }, /gamma must be in \[0, 1\], got 2/],
    [{ episodesPerBatch: 0 }, /episodesPerBatch must be an integer >= 1, got 0/],
    [{ numEnvs: -1 }, /numEnvs must be an integer >= 1, got -1/],
  ];
  for (const [options, message] of cases) {
    await t.step(`RangeError for ${JSON.stringify(options)}`, () => {
      assert.throws(
        () => new Reinforce(options),
        (e: Error) => e instanceof RangeError && message.test(e.message),
      );
    });
  }
  await t.step("unknown key", () => {
    assert.throws(
      () => new Reinforce({ episodesPerBach: 2 } as ReinforceOptions),
      /unknown config key "episodesPerBach" \(did you mean "episodesPerBatch"\?\)/,
    );
  });
});
