import assert from "node:assert/strict";
import {
  DQN,
  type DQNOptions,
  duelingBackward,
  duelingCombine,
  resolveDqnConfig,
  tdTargets,
} from "../../agents/dqn.ts";
import type { LearnReport } from "../../agents/common/agent.ts";
import { MLP } from "../../core/nn/mlp.ts";
import { Random } from "../../core/random.ts";
import { PrioritizedReplayBuffer } from "../../core/buffers/prioritized_replay.ts";
import { decodeCheckpoint, encodeCheckpoint } from "../../core/checkpoint.ts";

/** A small, fast configuration that trains from step 100 and wraps a 300-slot buffer. */
const SMALL: DQNOptions = {
  env: "CartPole-v1",
  seed: 7,
  hiddenSizes: [16],
  bufferSize: 300,
  batchSize: 16,
  learningStarts: 100,
  trainFrequency: 4,
  gradientSteps: 2,
  targetNetworkFrequency: 50,
  totalTimesteps: 1000,
  learningRate: 1e-3,
};

// A hand-built batch of 4 transitions (CartPole shapes: obsDim 4, 2 actions). With hiddenSizes
// [] the Q-network is linear, Q(s) = W s + b, so its values are set exactly below:
// target Q_t(s') = [s'0, s'1], online Q_o(s') = [s'2, s'3], gamma 0.5.
//   0 ordinary:   r = 1,   s' = [2, 4, 1, 0]:  DQN  1 + 0.5·max(2, 4) = 3
//                                               DDQN a* = argmax(1, 0) = 0: 1 + 0.5·2 = 2
//   1 terminated: r = −1,  s' = [8, 8, 0, 1]:  −1 (no bootstrap) for both
//   2 truncated:  r = 0.5, s' = final obs [−2, −6, 0, 3], terminated = 0, so it bootstraps:
//                                               DQN  0.5 + 0.5·max(−2, −6) = −0.5
//                                               DDQN a* = argmax(0, 3) = 1: 0.5 + 0.5·(−6) = −2.5
//   3 tie:        r = 0,   s' = [1, 3, 5, 5]:  DQN  0 + 0.5·3 = 1.5
//                                               DDQN tie → a* = 0 (first): 0 + 0.5·1 = 0.5
const NEXT = [2, 4, 1, 0, 8, 8, 0, 1, -2, -6, 0, 3, 1, 3, 5, 5];
const REWARDS = [1, -1, 0.5, 0];
const TERMINATED = [0, 1, 0, 0];
const DQN_TARGETS = [3, -1, -0.5, 1.5];
const DOUBLE_TARGETS = [2, -1, -2.5, 0.5];

Deno.test("tdTargets() on a hand-built batch: terminated, truncated, Double DQN", () => {
  // Q values as the networks above give them: target [s'0, s'1], online [s'2, s'3].
  const nextQTarget = [2, 4, 8, 8, -2, -6, 1, 3];
  const nextQOnline = [1, 0, 0, 1, 0, 3, 5, 5];
  const out = new Float64Array(4);
  const common = { rewards: REWARDS, terminated: TERMINATED, gamma: 0.5, batchSize: 4 };
  tdTargets({ ...common, nextQTarget, nextQOnline: null, nActions: 2 }, out);
  assert.deepEqual([...out], DQN_TARGETS);
  tdTargets({ ...common, nextQTarget, nextQOnline, nActions: 2 }, out);
  assert.deepEqual([...out], DOUBLE_TARGETS);
});

Deno.test("DQN.computeTdTargets() uses the target network (and the online one for Double DQN)", async (t) => {
  for (const [doubleDqn, expected] of [[false, DQN_TARGETS], [true, DOUBLE_TARGETS]] as const) {
    await t.step(doubleDqn ? "Double DQN" : "DQN", () => {
      const agent = new DQN({ env: "CartPole-v1", hiddenSizes: [], gamma: 0.5, doubleDqn });
      // Layout of a 4→2 linear layer: weight [2, 4] row-major, then bias [2].
      agent.targetNetwork.params.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
      agent.qNetwork.params.set([0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
      const batch = agent.replayBuffer.createBatch(4);
      batch.nextObservations.set(NEXT);
      batch.rewards.set(REWARDS);
      batch.terminated.set(TERMINATED);
      const out = new Float64Array(4);
      agent.computeTdTargets(batch, out);
      assert.deepEqual([...out], expected);
    });
  }
});

Deno.test("DQN stores the final observation and `terminated` (not done) in the buffer", async (t) => {
  await t.step("MountainCar-v0 truncates at 200 steps: terminated = 0, s' = final obs", () => {
    const agent = new DQN({ env: "MountainCar-v0", learningStarts: 10_000, bufferSize: 1000 });
    const report = agent.learn(200); // ε = 1: random actions never reach the goal in 200 steps
    assert.deepEqual(report.episodes, [{ step: 200, return: -200, length: 200 }]);
    const buffer = agent.replayBuffer;
    assert.equal(buffer.terminated[199], 0);
    const final = [...agent.envs.finalObservation];
    assert.deepEqual([...buffer.nextObservations.subarray(2 * 199, 2 * 200)], final);
    // ...and not the first observation of the next episode (velocity 0 after a reset).
    assert.notDeepEqual(final, [...agent.envs.observations]);
    assert.equal(agent.envs.observations[1], 0);
    // Within the episode, s' of step t is s of step t + 1.
    assert.deepEqual(
      [...buffer.nextObservations.subarray(2 * 10, 2 * 11)],
      [...buffer.observations.subarray(2 * 11, 2 * 12)],
    );
  });
  await t.step("CartPole-v1 terminates: terminated = 1, s' is the out-of-bounds state", () => {
    const agent = new DQN({ env: "CartPole-v1", learningStarts: 10_000, bufferSize: 1000 });
    const { episodes } = agent.learn(100);
    const last = episodes[0].length - 1; // slot of the first episode's last step
    const buffer = agent.replayBuffer;
    assert.equal(buffer.terminated[last], 1);
    assert.equal(buffer.terminated[last - 1], 0);
    const [x, , theta] = buffer.nextObservations.subarray(4 * last, 4 * last + 4);
    assert.ok(Math.abs(x) > 2.4 || Math.abs(theta) > 0.2094, `final state ${x}, ${theta}`);
    // The next transition starts from a fresh reset state (all |values| <= 0.05).
    assert.ok(
      buffer.observations.subarray(4 * (last + 1), 4 * (last + 2)).every((v) =>
        Math.abs(v) <= 0.05
      ),
    );
  });
});

Deno.test("DQN trains every trainFrequency steps after learningStarts, gradientSteps each", () => {
  const agent = new DQN({
    ...SMALL,
    learningStarts: 10,
    trainFrequency: 3,
    gradientSteps: 2,
  });
  const report = agent.learn(30);
  // Multiples of 3 above 10 up to 30: 12, 15, ..., 30 → 7 rounds of 2 gradient steps.
  assert.deepEqual(report.updates.map((u) => u.step), [12, 15, 18, 21, 24, 27, 30]);
  assert.equal(agent.optimizer.iterations, 14);
  assert.deepEqual(Object.keys(report.updates[0].values).sort(), [
    "charts/epsilon",
    "charts/learning_rate",
    "losses/q_values",
    "losses/td_loss",
  ]);
  assert.equal(report.updates[0].values["charts/learning_rate"], 1e-3);
});

/** The counts after which the target network changed, stepping one vector step at a time. */
function targetChanges(
  agent: DQN,
  steps: number,
  check: (before: ArrayLike<number>) => void,
): number[] {
  const changes: number[] = [];
  const n = agent.config.numEnvs;
  for (let s = 0; s < steps; s += n) {
    const before = agent.targetNetwork.params.slice();
    agent.learn(n);
    if (agent.targetNetwork.params.some((v, k) => v !== before[k])) {
      changes.push(agent.globalStep);
      check(before);
    }
  }
  return changes;
}

Deno.test("the target network update schedule", async (t) => {
  const base = { ...SMALL, learningStarts: 10, trainFrequency: 1, targetNetworkFrequency: 5 };
  await t.step("hard (tau = 1): a copy at every multiple of 5 above 10", () => {
    const agent = new DQN({ ...base, learningRate: 1e-2 });
    const changes = targetChanges(agent, 30, () => {
      assert.deepEqual(agent.targetNetwork.params, agent.qNetwork.params);
    });
    assert.deepEqual(changes, [15, 20, 25, 30]);
    // In between, the online network has moved on (trained every step).
    agent.learn(1);
    assert.notDeepEqual(agent.targetNetwork.params, agent.qNetwork.params);
  });
  await t.step("soft (tau = 0.25): θ' ← 0.25 θ + 0.75 θ', rounded to float32", () => {
    const agent = new DQN({ ...base, tau: 0.25, learningRate: 1e-2 });
    const changes = targetChanges(agent, 30, (before) => {
      const q = agent.qNetwork.params;
      const expected = Float32Array.from(before, (v, k) => 0.25 * q[k] + 0.75 * v);
      assert.deepEqual(agent.targetNetwork.params, expected);
    });
    assert.deepEqual(changes, [15, 20, 25, 30]);
  });
  await t.step("two sub-envs: the first count at or past each multiple", () => {
    // Counts 2, 4, ...: 15 is crossed at 16, 20 at 20, 25 at 26, 30 at 30.
    const agent = new DQN({ ...base, numEnvs: 2, learningRate: 1e-2 });
    assert.deepEqual(targetChanges(agent, 30, () => {}), [16, 20, 26, 30]);
  });
});

Deno.test("the ε schedule is linear from startE to endE over explorationFraction × totalTimesteps", () => {
  // duration 0.5 · 1000 = 500: ε(t) = 1 + (t / 500)(0.1 − 1) for t < 500, then 0.1.
  const eps = (t: number): number => t >= 500 ? 0.1 : 1 + (t / 500) * (0.1 - 1);
  const agent = new DQN({
    ...SMALL,
    startE: 1,
    endE: 0.1,
    explorationFraction: 0.5,
    totalTimesteps: 1000,
    learningStarts: 0,
    trainFrequency: 100,
    gradientSteps: 1,
  });
  assert.equal(agent.epsilon, 1);
  const report = agent.learn(800);
  // The round at count c reports the ε its last step acted with, ε(c − 1).
  for (const u of report.updates) {
    assert.ok(Math.abs(u.values["charts/epsilon"] - eps(u.step - 1)) < 1e-12);
  }
  assert.deepEqual(report.updates.map((u) => u.step), [100, 200, 300, 400, 500, 600, 700, 800]);
  assert.ok(Math.abs(report.updates[1].values["charts/epsilon"] - 0.6418) < 1e-12); // ε(199)
  assert.equal(agent.epsilon, 0.1);
  const half = new DQN({ ...SMALL, startE: 1, endE: 0.1, totalTimesteps: 1000 });
  half.learn(250);
  assert.ok(Math.abs(half.epsilon - 0.55) < 1e-12);
  assert.equal(new DQN({ ...SMALL, explorationFraction: 0, endE: 0.2 }).epsilon, 0.2);
});

Deno.test("annealLr: lr = learningRate · (1 − step / totalTimesteps) at each training round", () => {
  const agent = new DQN({
    ...SMALL,
    annealLr: true,
    learningRate: 1e-3,
    totalTimesteps: 1000,
    learningStarts: 0,
    trainFrequency: 250,
  });
  const { updates } = agent.learn(1000);
  // Rounds at counts 250, 500, 750, 1000 use the step before: 1e-3 · (1 − 249/1000) = 7.51e-4...
  const expected = [249, 499, 749, 999].map((t) => 1e-3 * (1 - t / 1000));
  assert.deepEqual(updates.map((u) => u.values["charts/learning_rate"]), expected);
  assert.equal(agent.optimizer.lr, expected[3]);
  const constant = new DQN({ ...SMALL, learningRate: 1e-3, learningStarts: 0 }).learn(300);
  assert.ok(constant.updates.every((u) => u.values["charts/learning_rate"] === 1e-3));
});

Deno.test("duelingCombine/duelingBackward: by hand and by finite differences", () => {
  // raw [V, A0, A1, A2] = [1, 2, 4, 9]: mean A = 5, Q = 1 + A − 5 = [−2, 0, 5].
  const q = new Float64Array(3);
  duelingCombine([1, 2, 4, 9], 1, 3, q);
  assert.deepEqual([...q], [-2, 0, 5]);
  // dQ = [1, 2, 3]: dV = 6, dA = dQ − 2 = [−1, 0, 1].
  const g = new Float64Array(4);
  duelingBackward([1, 2, 3], 1, 3, g);
  assert.deepEqual([...g], [6, -1, 0, 1]);

  // f(θ) = Σ_b,a c[b, a] · Q(s_b)[a] through an MLP; its gradient from duelingBackward +
  // MLP.backward must match central differences.
  const nA = 3;
  const batch = 2;
  const net = new MLP({
    sizes: [3, 5, 1 + nA],
    activation: "tanh",
    dtype: "float64",
    rng: new Random(1),
  });
  const rng = new Random(2);
  const input = Float64Array.from({ length: batch * 3 }, () => rng.normal());
  const c = Float64Array.from({ length: batch * nA }, () => rng.normal());
  const qOut = new Float64Array(batch * nA);
  const f = (): number => {
    duelingCombine(net.forward(input, batch), batch, nA, qOut);
    return qOut.reduce((s, v, k) => s + v * c[k], 0);
  };
  f();
  const gradRaw = new Float64Array(batch * (1 + nA));
  duelingBackward(c, batch, nA, gradRaw);
  net.zeroGrad();
  net.backward(gradRaw);
  const h = 1e-6;
  for (let k = 0; k < net.params.length; k++) {
    const p0 = net.params[k];
    net.params[k] = p0 + h;
    const up = f();
    net.params[k] = p0 - h;
    const down = f();
    net.params[k] = p0;
    const numeric = (up - down) / (2 * h);
    assert.ok(
      Math.abs(numeric - net.grads[k]) <= 1e-7 * Math.max(1, Math.abs(numeric)),
      `param ${k}: numeric ${numeric}, analytic ${net.grads[k]}`,
    );
  }
});

Deno.test("a dueling DQN's Q-values are V + A − mean(A) of its network's output", () => {
  const agent = new DQN({ env: "Acrobot-v1", dueling: true, hiddenSizes: [8] });
  assert.deepEqual(agent.qNetwork.sizes, [6, 8, 4]);
  const obs = new Float32Array([0.1, 0.2, -0.3, 0.4, 0.5, -0.6]);
  const [v, a0, a1, a2] = agent.qNetwork.forward(obs, 1);
  const mean = (a0 + a1 + a2) / 3;
  const q = agent.qValues(obs);
  const expected = [a0, a1, a2].map((a) => Math.fround(v + a - mean));
  assert.deepEqual([...q], expected);
  agent.learn(300); // the dueling path trains without error
});

/** Learns in the given chunks and returns the concatenated reports. */
function learnInChunks(agent: DQN, chunks: number[]): LearnReport {
  const all: LearnReport = { episodes: [], updates: [], globalStep: 0 };
  for (const steps of chunks) {
    const r = agent.learn(steps);
    all.episodes.push(...r.episodes);
    all.updates.push(...r.updates);
    all.globalStep = r.globalStep;
  }
  return all;
}

const VARIANTS: [string, DQNOptions][] = [
  ["DQN", SMALL],
  ["Double + dueling + Huber + clipping, 2 sub-envs, soft target", {
    ...SMALL,
    doubleDqn: true,
    dueling: true,
    loss: "huber",
    maxGradNorm: 0.5,
    numEnvs: 2,
    tau: 0.5,
  }],
  ["natureDqn RMSprop", { ...SMALL, rmspropPreset: "natureDqn" }],
  ["3-step returns + prioritized replay + Double DQN, 2 sub-envs", {
    ...SMALL,
    nStep: 3,
    prioritizedReplay: true,
    doubleDqn: true,
    numEnvs: 2,
  }],
  ["prioritized replay + Huber", { ...SMALL, prioritizedReplay: true, loss: "huber" }],
];

Deno.test("learn(a); learn(b) is bit-identical to learn(a + b)", async (t) => {
  for (const [name, options] of VARIANTS) {
    await t.step(name, () => {
      const whole = new DQN(options);
      const reportWhole = learnInChunks(whole, [1000]);
      const chunked = new DQN(options);
      const reportChunked = learnInChunks(chunked, [2, 298, 100, 600]);
      assert.deepEqual(reportChunked, reportWhole);
      assert.deepEqual(chunked.state(), whole.state());
      assert.ok(reportWhole.updates.length > 100 && reportWhole.episodes.length > 10);
    });
  }
});

Deno.test("state() → checkpoint bytes → loadState() resumes exactly, with a half-full buffer", async (t) => {
  for (const [name, options] of VARIANTS) {
    await t.step(name, () => {
      const config = { ...options, bufferSize: 1000 };
      const reference = new DQN(config);
      reference.learn(400);
      const bytes = encodeCheckpoint({
        agent: "dqn",
        env: reference.envId,
        config: reference.config,
        counters: { globalStep: reference.globalStep },
        state: reference.state(),
      });
      // half full (of 1000) at the save; n-step keeps up to n − 1 steps per sub-env pending
      const pending = ((options.nStep ?? 1) - 1) * (options.numEnvs ?? 1);
      const size = reference.replayBuffer.size;
      assert.ok(size <= 400 && size >= 400 - pending, `buffer size ${size}`);
      const afterSave = learnInChunks(reference, [800]); // wraps the buffer after the restore

      const decoded = decodeCheckpoint(bytes, { agent: "dqn", env: "CartPole-v1", copy: true });
      assert.deepEqual(decoded.config, reference.config);
      const resumed = new DQN(decoded.config as DQNOptions);
      resumed.loadState(decoded.state as Record<string, unknown>);
      assert.equal(resumed.globalStep, 400);
      const afterRestore = learnInChunks(resumed, [800]);
      assert.deepEqual(afterRestore, afterSave);
      assert.deepEqual(resumed.state(), reference.state());
    });
  }
});

Deno.test("the same seed gives the same run, another seed a different one", () => {
  const a = new DQN(SMALL).learn(600);
  const b = new DQN(SMALL).learn(600);
  const c = new DQN({ ...SMALL, seed: 8 }).learn(600);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.episodes, c.episodes);
});

Deno.test("act(): greedy when deterministic, and never touches the training streams", () => {
  const a = new DQN(SMALL);
  const b = new DQN(SMALL);
  const obs = new Float32Array([0.01, -0.02, 0.03, 0.04]);
  const q = a.qValues(obs);
  assert.equal(a.act(obs, { deterministic: true }), q[1] > q[0] ? 1 : 0);
  for (let k = 0; k < 50; k++) a.act(obs); // ε = 1: random actions from the `act` stream
  assert.deepEqual(a.learn(300), b.learn(300));
  assert.throws(() => a.act(new Float32Array(3)), /observation must be a Float32Array of length 4/);
});

Deno.test("config: fully resolved, JSON-able, CleanRL defaults, RMSprop preset fields", () => {
  const agent = new DQN(); // CleanRL's env_id default
  assert.equal(agent.envId, "CartPole-v1");
  const c = agent.config;
  assert.deepEqual(JSON.parse(JSON.stringify(c)), c);
  assert.equal(c.seed, 1);
  assert.equal(c.learningRate, 2.5e-4);
  assert.equal(c.bufferSize, 10_000);
  assert.equal(c.targetNetworkFrequency, 500);
  assert.equal(c.batchSize, 128);
  assert.equal(c.learningStarts, 10_000);
  assert.equal(c.trainFrequency, 10);
  assert.deepEqual(c.hiddenSizes, [120, 84]);
  assert.equal(c.loss, "mse");
  assert.equal(c.rmspropPreset, "pytorch");
  assert.equal(c.rmspropRho, 0.99);
  assert.equal(c.rmspropEpsPlacement, "outside");
  const nature = resolveDqnConfig({ env: "CartPole-v1", rmspropPreset: "natureDqn" });
  assert.equal(nature.rmspropCentered, true);
  assert.equal(nature.rmspropEps, 0.01);
  assert.equal(nature.rmspropEpsPlacement, "inside");
  assert.equal(
    resolveDqnConfig({ env: "x", rmspropPreset: "natureDqn", rmspropRho: 0.9 }).rmspropRho,
    0.9,
  );
  const nature2 = new DQN({ env: "CartPole-v1", rmspropPreset: "natureDqn" });
  assert.equal(nature2.optimizer.centered, true);
  assert.equal(nature2.optimizer.rho, 0.95);
  assert.equal(nature2.optimizer.lr, 2.5e-4);
});

Deno.test("bad options fail with errors naming the field, the value and what is allowed", () => {
  const cases: [Record<string, unknown>, ErrorConstructor, RegExp][] = [
    [{ learning_rate: 1e-3 }, TypeError, /unknown config key "learning_rate".*"learningRate"/],
    [{ bufferSize: 0 }, RangeError, /bufferSize must be an integer >= 1, got 0/],
    [{ batchSize: 2.5 }, RangeError, /batchSize must be an integer >= 1, got 2.5/],
    [{ gamma: 1.5 }, RangeError, /gamma must be in \[0, 1\], got 1.5/],
    [{ tau: 0 }, RangeError, /tau must be in \(0, 1\], got 0/],
    [{ learningRate: -1 }, RangeError, /learningRate must be > 0, got -1/],
    [{ learningRate: "fast" }, TypeError, /learningRate must be a number, got "fast"/],
    [{ loss: "l1" }, RangeError, /loss must be "mse" or "huber", got "l1"/],
    [{ doubleDqn: 1 }, TypeError, /doubleDqn must be true or false, got 1/],
    [{ hiddenSizes: [64, 0] }, RangeError, /hiddenSizes must be an array of positive integers/],
    [{ maxGradNorm: 0 }, RangeError, /maxGradNorm must be > 0, got 0 \(null turns it off\)/],
    [{ rmspropPreset: "adam" }, RangeError, /rmspropPreset.*got "adam"/],
    [{ rmspropRho: 1 }, RangeError, /rmspropRho must be in \[0, 1\), got 1/],
    [{ env: "Pong-v5" }, RangeError, /unknown env id/],
    [{ nStep: 0 }, RangeError, /nStep must be an integer >= 1, got 0/],
    [{ prioritizedReplay: "yes" }, TypeError, /prioritizedReplay must be true or false/],
    [{ prioritizedReplayAlpha: -1 }, RangeError, /prioritizedReplayAlpha must be >= 0, got -1/],
    [
      { prioritizedReplayBeta0: 2 },
      RangeError,
      /prioritizedReplayBeta0 must be in \[0, 1\], got 2/,
    ],
    [{ prioritizedReplayEps: 0 }, RangeError, /prioritizedReplayEps must be > 0, got 0/],
  ];
  for (const [options, type, message] of cases) {
    assert.throws(
      () => new DQN({ env: "CartPole-v1", ...options } as DQNOptions),
      (e: Error) => e instanceof type && message.test(e.message),
      JSON.stringify(options),
    );
  }
  assert.throws(
    () => new DQN({ env: "Pendulum-v1" }),
    (e: Error) =>
      e instanceof TypeError && /"Pendulum-v1" has a continuous action space/.test(e.message) &&
      /needs a Discrete action space/.test(e.message),
  );
  const agent = new DQN({ env: "CartPole-v1", numEnvs: 2 });
  assert.throws(() => agent.learn(3), /multiple of numEnvs \(2\), got 3/);
  assert.throws(() => agent.loadState({ algorithm: "ppo" }), TypeError);
});

Deno.test("tdTargets() with per-transition discounts γ^k (n-step), DQN and Double DQN, by hand", () => {
  // The batch above as n-step transitions: row 0 after 3 rewards (γ³ = 0.125), row 1 terminated
  // (no bootstrap whatever k), row 2 truncated after 2 rewards (γ² = 0.25), row 3 after 1 (γ = 0.5).
  const nextQTarget = [2, 4, 8, 8, -2, -6, 1, 3];
  const nextQOnline = [1, 0, 0, 1, 0, 3, 5, 5];
  const common = {
    rewards: REWARDS,
    terminated: TERMINATED,
    gamma: 0.99, // ignored when discounts are given
    discounts: [0.125, 0.125, 0.25, 0.5],
    batchSize: 4,
    nActions: 2,
    nextQTarget,
  };
  const out = new Float64Array(4);
  tdTargets({ ...common, nextQOnline: null }, out);
  // 1 + 0.125·4, −1, 0.5 + 0.25·(−2), 0 + 0.5·3
  assert.deepEqual([...out], [1.5, -1, 0, 1.5]);
  tdTargets({ ...common, nextQOnline }, out);
  // a* from the online values: 1 + 0.125·2, −1, 0.5 + 0.25·(−6), 0 + 0.5·1
  assert.deepEqual([...out], [1.25, -1, -1, 0.5]);
});

/** One-step transitions of a run, per sub-env in time order, with whether the episode ended. */
interface Step {
  s: number[];
  a: number;
  r: number;
  next: number[];
  terminated: number;
  ended: boolean;
}

/** Slot i of an agent's buffer as plain numbers (with its discount when stored, else NaN). */
function transitionAt(agent: DQN, i: number): Step & { discount: number } {
  const b = agent.replayBuffer;
  const d = agent.envs.obsDim;
  return {
    s: [...b.observations.subarray(i * d, i * d + d)],
    a: b.actions[i],
    r: b.rewards[i],
    next: [...b.nextObservations.subarray(i * d, i * d + d)],
    terminated: b.terminated[i],
    ended: false,
    discount: b.discounts?.[i] ?? NaN,
  };
}

/** The one-step transitions of sub-env `env` from a `nStep: 1` agent's (unwrapped) buffer. */
function stepsOf(agent: DQN, env: number, numEnvs: number): Step[] {
  const steps: Step[] = [];
  for (let i = env; i < agent.replayBuffer.size; i += numEnvs) steps.push(transitionAt(agent, i));
  // An episode ended where the next step does not start from s' (the vector env reset it).
  for (let t = 0; t + 1 < steps.length; t++) {
    steps[t].ended = steps[t].terminated === 1 ||
      steps[t].next.some((v, j) => v !== steps[t + 1].s[j]);
  }
  return steps;
}

/** The n-step transitions by their definition, from the first `count` one-step ones. */
function nStepReference(steps: Step[], count: number, n: number, gamma: number): Step[] & {
  k?: number;
}[] {
  const out = [];
  for (let t = 0; t < count; t++) {
    let ret = 0;
    let g = 1;
    let k = 0;
    let last = t;
    for (; k < n && t + k < count; k++) {
      last = t + k;
      ret += g * steps[last].r;
      g *= gamma;
      if (steps[last].ended) {
        k++;
        break;
      }
    }
    if (!steps[last].ended && k < n) continue; // still pending at the end of the run
    out.push({ ...steps[last], s: steps[t].s, a: steps[t].a, r: Math.fround(ret), k });
  }
  return out;
}

Deno.test("DQN nStep: the buffer holds the n-step transitions of each sub-env, and their TD targets", async (t) => {
  const cases = [
    ["CartPole-v1 (terminated inside the window), DQN", "CartPole-v1", false, 600],
    [
      "MountainCar-v0 (truncated at 200 inside the window), Double DQN",
      "MountainCar-v0",
      true,
      630,
    ],
  ] as const;
  for (const [name, env, doubleDqn, steps] of cases) {
    await t.step(name, () => {
      const numEnvs = 3;
      const n = 3;
      const gamma = 0.9;
      // No training (learningStarts beyond the run): both agents take the same ε = 1 actions.
      const base = { env, numEnvs, gamma, learningStarts: 100_000, bufferSize: 2000, doubleDqn };
      const one = new DQN({ ...base, nStep: 1 });
      one.learn(steps + numEnvs); // one more step per sub-env tells whether the last one ended
      const agent = new DQN({ ...base, nStep: n });
      agent.learn(steps);
      const buffer = agent.replayBuffer;
      const d = agent.envs.obsDim;
      const got = [];
      for (let i = 0; i < buffer.size; i++) {
        const { ended: _, ...x } = transitionAt(agent, i);
        got.push(x);
      }
      const expected = [];
      let ends = 0;
      for (let e = 0; e < numEnvs; e++) {
        const s = stepsOf(one, e, numEnvs);
        ends += s.slice(0, steps / numEnvs).filter((x) => x.ended).length;
        for (const x of nStepReference(s, steps / numEnvs, n, gamma)) {
          const { s: obs, a, r, next, terminated, k } = x as Step & { k: number };
          expected.push({ s: obs, a, r, next, terminated, discount: gamma ** k });
        }
      }
      assert.ok(ends >= 2, `the run must end episodes inside windows, got ${ends}`);
      const key = (x: { s: number[]; a: number }): string => JSON.stringify([x.s, x.a]);
      const sort = <T extends { s: number[]; a: number }>(xs: T[]): T[] =>
        xs.sort((p, q) => (key(p) < key(q) ? -1 : 1));
      assert.equal(got.length, expected.length);
      const gotSorted = sort(got);
      const expSorted = sort(expected);
      for (let i = 0; i < got.length; i++) {
        const { discount, ...rest } = gotSorted[i];
        const { discount: dExp, ...restExp } = expSorted[i];
        assert.deepEqual(rest, restExp);
        assert.ok(Math.abs(discount - dExp) < 1e-15);
      }
      if (env === "MountainCar-v0") {
        assert.ok(got.every((x) => x.terminated === 0)); // truncation: every transition bootstraps
        assert.ok(got.some((x) => x.discount > gamma ** n + 1e-12)); // cut windows: γ² or γ
      } else {
        assert.ok(got.some((x) => x.terminated === 1 && x.discount > gamma ** n + 1e-12));
      }

      // TD targets of the stored transitions: R + γ^k Q'(s', a*) with a* from Q (Double DQN) or
      // Q', R alone when terminated; the target network made different from the online one.
      const tp = agent.targetNetwork.params;
      for (let i = 0; i < tp.length; i++) tp[i] += 0.05 * Math.sin(i);
      const batch = buffer.createBatch(buffer.size);
      for (let i = 0; i < buffer.size; i++) batch.indices[i] = i;
      buffer.gather(batch);
      const out = new Float64Array(buffer.size);
      agent.computeTdTargets(batch, out);
      for (let i = 0; i < buffer.size; i++) {
        const next = buffer.nextObservations.slice(i * d, i * d + d);
        const qT = agent.targetNetwork.forward(next, 1).slice(0, agent.nActions);
        const qO = doubleDqn ? agent.qValues(next) : qT;
        let best = 0;
        for (let a = 1; a < agent.nActions; a++) if (qO[a] > qO[best]) best = a;
        const y = buffer.terminated[i]
          ? buffer.rewards[i]
          : buffer.rewards[i] + buffer.discounts![i] * qT[best];
        assert.ok(Math.abs(out[i] - y) < 1e-5 * (1 + Math.abs(y)), `row ${i}: ${out[i]} vs ${y}`);
      }
    });
  }
});

Deno.test("DQN prioritizedReplay: β annealed from β0 to 1, priorities from the TD errors", () => {
  const agent = new DQN({ ...SMALL, prioritizedReplay: true, totalTimesteps: 1000 });
  agent.learn(500);
  const buffer = agent.replayBuffer as PrioritizedReplayBuffer;
  assert.ok(buffer instanceof PrioritizedReplayBuffer);
  // β at the last training round (the step from 499 to 500): 0.4 + (499 / 1000) · 0.6
  assert.equal(buffer.beta, 0.4 + (499 / 1000) * (1 - 0.4));
  const leaves = buffer.tree.state().priorities.slice(0, buffer.size);
  assert.ok(new Set(leaves).size > 50, "sampled transitions got their own priorities");
  assert.ok(buffer.maxPriority > 1);
  agent.learn(600);
  assert.equal(buffer.beta, 1);
  // With the options off the buffer is a plain uniform one.
  assert.ok(!(new DQN(SMALL).replayBuffer instanceof PrioritizedReplayBuffer));
});
