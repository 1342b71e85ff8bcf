import assert from "node:assert/strict";
import {
  clippedSurrogate,
  clippedValueLoss,
  PPO,
  PPO_DEFAULTS,
  type PPOOptions,
  type SurrogateStats,
} from "../../agents/ppo.ts";
import { make } from "../../envs/registry.ts";
import { contractTests } from "./_contract.ts";

const SMALL: PPOOptions = {
  env: "CartPole-v1",
  seed: 3,
  numEnvs: 2,
  numSteps: 16,
  numMinibatches: 2,
  updateEpochs: 2,
  hiddenSizes: [16],
  totalTimesteps: 1000,
};

const CONTINUOUS: PPOOptions = {
  env: "Pendulum-v1",
  seed: 5,
  numEnvs: 2,
  numSteps: 32,
  numMinibatches: 4,
  updateEpochs: 2,
  hiddenSizes: [16],
  normalizeObservation: true,
  normalizeReward: true,
  totalTimesteps: 2000,
};

function stats(): SurrogateStats {
  return { loss: 0, approxKl: 0, oldApproxKl: 0, clipfrac: 0 };
}

Deno.test("PPO contract on CartPole-v1 (discrete)", async (t) => {
  await contractTests(t, (c) => new PPO(c), SMALL as Record<string, unknown>, 40, 60);
});

Deno.test("PPO contract on Pendulum-v1 (Gaussian, normalised observations and rewards)", async (t) => {
  await contractTests(t, (c) => new PPO(c), CONTINUOUS as Record<string, unknown>, 250, 250);
});

Deno.test("clippedSurrogate(): the clip zeroes the gradient outside [1 − ε, 1 + ε]", () => {
  const eps = 0.2;
  const ratios = [1.5, 0.5, 1.5, 0.5, 1.1, 0.9];
  const adv = [1, -1, -1, 1, 2, -3];
  const newLogProb = ratios.map(Math.log);
  const old = new Array(6).fill(0);
  const grad = new Float64Array(6);
  const s = stats();
  clippedSurrogate(newLogProb, old, adv, 6, eps, grad, s);
  // Rows 0, 1: the ratio left the range in the direction A favours: max picks the clipped term,
  // whose derivative is 0. Rows 2, 3: it left against A: the unclipped term −A·r is larger (the
  // pessimistic bound), gradient −A·r/6. Rows 4, 5: inside, −A·r/6.
  const expected = [0, 0, 1.5 / 6, -0.5 / 6, -2 * 1.1 / 6, 3 * 0.9 / 6];
  for (let k = 0; k < 6; k++) assert.ok(Math.abs(grad[k] - expected[k]) < 1e-12, `row ${k}`);
  // loss = mean(max(−A·r, −A·clip(r))): row 0: max(−1.5, −1.2) = −1.2; row 1: max(0.5, 0.8)
  // = 0.8; row 2: max(1.5, 1.2) = 1.5; row 3: max(−0.5, −0.8) = −0.5; row 4: −2.2; row 5: 2.7
  assert.ok(Math.abs(s.loss - (-1.2 + 0.8 + 1.5 - 0.5 - 2.2 + 2.7) / 6) < 1e-12);
  assert.equal(s.clipfrac, 4 / 6);
  // approx_kl = mean(r − 1 − log r)
  const kl = ratios.reduce((acc, r) => acc + r - 1 - Math.log(r), 0) / 6;
  assert.ok(Math.abs(s.approxKl - kl) < 1e-12);
  assert.ok(Math.abs(s.oldApproxKl - ratios.reduce((acc, r) => acc - Math.log(r), 0) / 6) < 1e-12);
});

Deno.test("clippedSurrogate() gradient matches finite differences away from the kinks", () => {
  const newLogProb = [0.1, -0.3, 0.05, 0.25, -0.02];
  const old = [0, 0, 0.1, -0.1, 0];
  const adv = [1.3, -0.7, 0.4, -2, 0.9];
  const grad = new Float64Array(5);
  clippedSurrogate(newLogProb, old, adv, 5, 0.2, grad, stats());
  const h = 1e-6;
  for (let k = 0; k < 5; k++) {
    const plus = newLogProb.slice(), minus = newLogProb.slice();
    plus[k] += h;
    minus[k] -= h;
    const sp = stats(), sm = stats();
    clippedSurrogate(plus, old, adv, 5, 0.2, new Float64Array(5), sp);
    clippedSurrogate(minus, old, adv, 5, 0.2, new Float64Array(5), sm);
    const fd = (sp.loss - sm.loss) / (2 * h);
    assert.ok(Math.abs(fd - grad[k]) < 1e-8, `row ${k}: ${fd} vs ${grad[k]}`);
  }
});

Deno.test("clippedValueLoss(): clipped and unclipped branches, value and gradient", () => {
  const grad = new Float32Array(3);
  // ε = 0.5, old values 0, returns 3.
  // row 0: V = 2: unclipped 1, clipped (0.5 − 3)² = 6.25 → 6.25, V outside old ± ε → grad 0
  // row 1: V = 0.25: unclipped 7.5625, clipped V itself → 7.5625, grad scale·(0.25 − 3)/3
  // row 2: V = 4: unclipped 1, clipped 6.25 → 6.25, grad 0
  const loss = clippedValueLoss([2, 0.25, 4], [0, 0, 0], [3, 3, 3], 3, 0.5, 2, grad);
  assert.equal(loss, 0.5 * (6.25 + 7.5625 + 6.25) / 3);
  assert.deepEqual(Array.from(grad), [0, Math.fround(2 * (0.25 - 3) / 3), 0]);
  // Without clipping: ½·mean((V − R)²) and scale·(V − R)/n.
  const plain = clippedValueLoss([2, 0.25, 4], [0, 0, 0], [3, 3, 3], 3, Infinity, 1, grad);
  assert.equal(plain, 0.5 * (1 + 7.5625 + 1) / 3);
  assert.deepEqual(Array.from(grad), [-1 / 3, -2.75 / 3, 1 / 3].map(Math.fround));
});

Deno.test("PPO bootstraps a truncated episode from V(final observation), not a terminated one", async (t) => {
  await t.step("MountainCar-v0: the time limit truncates at step 200", () => {
    const agent = new PPO({ env: "MountainCar-v0", seed: 11, numEnvs: 1, numSteps: 256 });
    const report = agent.learn(200);
    assert.equal(report.updates.length, 0);
    assert.deepEqual(report.episodes, [{ step: 200, return: -200, length: 200 }]);
    const buf = agent.buffer;
    // Replay the episode to recover the final observation (sub-env 0 is seeded with seed + 0).
    const env = make("MountainCar-v0");
    let obs = env.reset({ seed: 11 }).observation;
    for (let t = 0; t < 200; t++) {
      assert.deepEqual(buf.observations.subarray(t * 2, t * 2 + 2), obs);
      const step = env.step(buf.actions[t]);
      obs = step.observation;
      assert.equal(step.truncated, t === 199);
      assert.equal(step.terminated, false);
    }
    assert.equal(buf.dones[199], 1);
    assert.equal(buf.dones.subarray(0, 199).reduce((x, y) => x + y, 0), 0);
    const vFinal = agent.policy.valueOfRow(obs, 0);
    assert.notEqual(vFinal, 0);
    assert.equal(buf.terminalValues[199], Math.fround(vFinal));
  });
  await t.step("CartPole-v1: terminated episodes bootstrap from 0", () => {
    const agent = new PPO({ env: "CartPole-v1", seed: 2, numEnvs: 2, numSteps: 128 });
    const report = agent.learn(200);
    assert.ok(report.episodes.length >= 4);
    let dones = 0;
    for (let i = 0; i < 200; i++) {
      if (agent.buffer.dones[i]) {
        dones++;
        assert.equal(agent.buffer.terminalValues[i], 0);
      }
    }
    assert.equal(dones, report.episodes.length);
  });
});

Deno.test("PPO lr annealing and target-KL early stopping", async (t) => {
  await t.step("lr = learningRate · (1 − update / numIterations)", () => {
    // batch 32, totalTimesteps 128: 4 iterations → lr 1e-3 · (1, 0.75, 0.5, 0.25), then 0.
    const agent = new PPO({ ...SMALL, learningRate: 1e-3, totalTimesteps: 128 });
    const lrs = agent.learn(160).updates.map((u) => u.values["charts/learning_rate"]);
    assert.deepEqual(lrs, [1e-3, 0.75e-3, 0.5e-3, 0.25e-3, 0]);
    const constant = new PPO({ ...SMALL, annealLr: false, learningRate: 1e-3 });
    assert.deepEqual(constant.learn(64).updates.map((u) => u.values["charts/learning_rate"]), [
      1e-3,
      1e-3,
    ]);
  });
  await t.step("a tiny targetKl stops after the first epoch", () => {
    const full = new PPO({ ...SMALL, updateEpochs: 4 });
    full.learn(32);
    assert.equal(full.optimizer.iterations, 8); // 4 epochs × 2 minibatches
    const early = new PPO({ ...SMALL, updateEpochs: 4, targetKl: 1e-12 });
    early.learn(32);
    assert.equal(early.optimizer.iterations, 2); // stopped after epoch 1
  });
});

Deno.test("PPO update records use CleanRL's keys", () => {
  const { updates } = new PPO(SMALL).learn(32);
  assert.equal(updates.length, 1);
  assert.equal(updates[0].step, 32);
  assert.deepEqual(Object.keys(updates[0].values).sort(), [
    "charts/learning_rate",
    "losses/approx_kl",
    "losses/clipfrac",
    "losses/entropy",
    "losses/explained_variance",
    "losses/old_approx_kl",
    "losses/policy_loss",
    "losses/value_loss",
  ]);
  for (const v of Object.values(updates[0].values)) assert.ok(Number.isFinite(v));
});

Deno.test("PPO on a Box env: Gaussian actions clipped to the space by act()", () => {
  const agent = new PPO({ ...CONTINUOUS, logStdInit: 3 });
  for (let k = 0; k < 20; k++) {
    const a = agent.act(new Float32Array([1, 0, 0])) as Float32Array;
    assert.ok(a instanceof Float32Array && a.length === 1);
    assert.ok(a[0] >= -2 && a[0] <= 2);
  }
  agent.learn(64);
  // The rollout keeps the raw (unclipped) samples: with σ = e³ ≈ 20 some exceed the box.
  const raw = agent.buffer.actions.subarray(0, 64);
  assert.ok(raw.some((x) => Math.abs(x) > 2));
});

Deno.test("PPO config: defaults, validation errors name the field and value", async (t) => {
  await t.step("defaults are CleanRL's, optimizer is torch RMSprop with eps 1e-5", () => {
    const c = new PPO().config;
    for (const [k, v] of Object.entries(PPO_DEFAULTS)) assert.deepEqual(c[k as keyof typeof c], v);
    assert.equal(c.rmspropPreset, "pytorch");
    assert.equal(c.rmspropEps, 1e-5);
    assert.equal(c.rmspropRho, 0.99);
    assert.equal(c.rmspropEpsPlacement, "outside");
    assert.equal(new PPO({ rmspropPreset: "tf1" }).config.rmspropEps, 1e-10);
  });
  const cases: [PPOOptions, RegExp][] = [
    [{ learningRate: 0 }, /learningRate must be > 0, got 0/],
    [{ learningRate: -1 }, /learningRate must be > 0, got -1/],
    [{ gamma: 1.5 }, /gamma must be in \[0, 1\], got 1.5/],
    [{ gaeLambda: -0.1 }, /gaeLambda must be in \[0, 1\], got -0.1/],
    [{ numEnvs: 0 }, /numEnvs must be an integer >= 1, got 0/],
    [{ numSteps: 2.5 }, /numSteps must be an integer >= 1, got 2.5/],
    [{ numMinibatches: 3 }, /numMinibatches must divide the batch size .* 512, got 3/],
    [{ updateEpochs: 0 }, /updateEpochs must be an integer >= 1, got 0/],
    [{ clipCoef: 0 }, /clipCoef must be > 0, got 0/],
    [{ targetKl: -1 }, /targetKl must be > 0, got -1/],
    [{ maxGradNorm: 0 }, /maxGradNorm must be > 0, got 0/],
    [{ hiddenSizes: [64, 0] }, /hiddenSizes must be a non-empty array of positive integers/],
    [{ activation: "sigmoid" as "tanh" }, /activation must be "tanh" or "relu", got "sigmoid"/],
    [{ rmspropRho: 1 }, /rmspropRho must be in \[0, 1\), got 1/],
    [{ env: "CartPole-v9" }, /unknown env id/],
  ];
  for (const [options, message] of cases) {
    await t.step(`RangeError for ${JSON.stringify(options)}`, () => {
      assert.throws(
        () => new PPO(options),
        (e: Error) => e instanceof RangeError && message.test(e.message),
      );
    });
  }
  await t.step("TypeError with a suggestion for an unknown key or wrong type", () => {
    assert.throws(
      () => new PPO({ learning_rate: 1e-3 } as PPOOptions),
      (e: Error) =>
        e instanceof TypeError &&
        e.message ===
          'Cannot create PPO: unknown config key "learning_rate" (did you mean "learningRate"?)',
    );
    assert.throws(() => new PPO({ clipVLoss: true } as PPOOptions), /did you mean "clipVloss"/);
    assert.throws(() => new PPO({ normAdv: 1 as unknown as boolean }), TypeError);
    assert.throws(() => new PPO({ gamma: "0.9" as unknown as number }), TypeError);
  });
});
