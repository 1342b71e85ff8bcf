import assert from "node:assert/strict";
import {
  A2C,
  type Agent,
  CheckpointError,
  createAgent,
  decodeCheckpoint,
  DQN,
  encodeCheckpoint,
  loadAgent,
  PPO,
  Reinforce,
  saveAgent,
} from "../../mod.ts";

const CASES: { name: string; agent: string; config: Record<string, unknown>; cls: unknown }[] = [
  { name: "reinforce", agent: "reinforce", config: { env: "CartPole-v1" }, cls: Reinforce },
  { name: "a2c", agent: "a2c", config: { env: "CartPole-v1", numEnvs: 2 }, cls: A2C },
  {
    name: "ppo (observation and reward normalisation)",
    agent: "ppo",
    config: { env: "CartPole-v1", numSteps: 32, normalizeObservation: true, normalizeReward: true },
    cls: PPO,
  },
  { name: "ppo (Pendulum)", agent: "ppo", config: { env: "Pendulum-v1", numSteps: 32 }, cls: PPO },
  {
    name: "dqn (dueling, part-full buffer)",
    agent: "dqn",
    config: { env: "CartPole-v1", learningStarts: 100, bufferSize: 1000, dueling: true },
    cls: DQN,
  },
];

Deno.test("loadAgent(agent.save()) continues training bit for bit, for every agent", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const original = createAgent(c.agent, { ...c.config, seed: 3 });
      original.learn(204); // mid-rollout / mid-episode
      const bytes = original.save();
      assert.deepEqual(bytes, saveAgent(original));
      const copy = loadAgent(bytes);
      assert.ok(copy instanceof (c.cls as new (...a: never[]) => Agent));
      assert.equal(copy.globalStep, 204);
      assert.deepEqual(copy.config, original.config);
      // Both continue: identical reports, identical actions, identical complete state.
      assert.deepEqual(copy.learn(300), original.learn(300));
      const obs = new Float32Array(original.config.env === "Pendulum-v1" ? 3 : 4).fill(0.05);
      assert.deepEqual(copy.act(obs), original.act(obs));
      assert.deepEqual(copy.save(), original.save());
    });
  }
});

Deno.test("agent.save() is the CLI's .ckpt format with globalStep counters", () => {
  const agent = new PPO({ env: "CartPole-v1", seed: 1, numSteps: 16 });
  agent.learn(48);
  const decoded = decodeCheckpoint(agent.save(), { agent: "ppo", env: "CartPole-v1" });
  assert.deepEqual(decoded.counters, { globalStep: 48 });
  assert.deepEqual(decoded.config, agent.config);
  assert.equal(decoded.meta, null);
  const withMeta = decodeCheckpoint(saveAgent(agent, { counters: { x: 1 }, meta: { note: "a" } }));
  assert.deepEqual([withMeta.counters, withMeta.meta], [{ x: 1 }, { note: "a" }]);
});

Deno.test("loadAgent() rejects bytes that do not give the expected agent", async (t) => {
  const bytes = new DQN({ env: "CartPole-v1", seed: 1 }).save();
  const rejects = (f: () => unknown, reason: string, text: RegExp) =>
    assert.throws(
      f,
      (e) => e instanceof CheckpointError && e.reason === reason && text.test(e.message),
    );
  await t.step("wrong agent or env", () => {
    rejects(() => loadAgent(bytes, { agent: "ppo" }), "wrong-agent", /written by agent "dqn"/);
    rejects(() => loadAgent(bytes, { env: "Acrobot-v1" }), "wrong-env", /"CartPole-v1"/);
  });
  await t.step("corrupted bytes, named by file", () => {
    const bad = bytes.slice();
    bad[bad.length - 1] ^= 1;
    rejects(() => loadAgent(bad, { file: "x.ckpt" }), "checksum", /Cannot load checkpoint x\.ckpt/);
  });
  const decoded = decodeCheckpoint(bytes, { copy: true });
  await t.step("an unknown agent name or a config that does not build the agent", () => {
    const unknown = encodeCheckpoint({ ...decoded, agent: "sac" });
    rejects(() => loadAgent(unknown), "malformed", /does not build a "sac" agent: Unknown agent/);
    const config = { ...(decoded.config as Record<string, unknown>), gamma: 2 };
    rejects(() => loadAgent(encodeCheckpoint({ ...decoded, config })), "malformed", /gamma/);
  });
  await t.step("a state that does not fit the config", () => {
    const config = { ...(decoded.config as Record<string, unknown>), hiddenSizes: [8] };
    rejects(
      () => loadAgent(encodeCheckpoint({ ...decoded, config })),
      "shape-mismatch",
      /qNetwork|params/,
    );
  });
});
