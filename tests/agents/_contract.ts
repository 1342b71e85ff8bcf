/**
 * The agent contract checks shared by the policy-gradient agent tests: chunk invariance,
 * checkpoint round-trip mid-rollout (through the binary checkpoint format), determinism, seeds,
 * `learn` argument checks, a JSON-able resolved config, and `act` not touching training.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Agent, LearnReport } from "../../agents/common/agent.ts";
import { decodeCheckpoint, encodeCheckpoint } from "../../core/checkpoint.ts";

/** Builds an agent from a config. */
export type Factory = (config: Record<string, unknown>) => Agent;

/** Concatenates reports (episodes and updates) for comparison. */
export function merge(...reports: LearnReport[]): Omit<LearnReport, "globalStep"> {
  return {
    episodes: reports.flatMap((r) => r.episodes),
    updates: reports.flatMap((r) => r.updates),
  };
}

/** Round-trips a state through the checkpoint format (copies, as a file load would give). */
export function throughCheckpoint(agent: Agent): unknown {
  const bytes = encodeCheckpoint({
    agent: agent.algorithm,
    env: agent.envId,
    config: agent.config,
    counters: { globalStep: agent.globalStep },
    state: agent.state(),
  });
  return decodeCheckpoint(bytes, { agent: agent.algorithm, env: agent.envId, copy: true }).state;
}

/**
 * Registers the contract tests of one agent. `a` and `b` are step counts (multiples of
 * `numEnvs`) chosen so that `a` ends in the middle of a rollout or batch and `a + b` spans
 * several updates.
 */
export async function contractTests(
  t: Deno.TestContext,
  factory: Factory,
  config: Record<string, unknown>,
  a: number,
  b: number,
): Promise<void> {
  await t.step("learn(a); learn(b) is bit-identical to learn(a + b)", () => {
    const chunked = factory(config);
    const r1 = chunked.learn(a);
    const r2 = chunked.learn(b);
    const whole = factory(config);
    const r = whole.learn(a + b);
    assert.ok(r.updates.length >= 2, `need several updates, got ${r.updates.length}`);
    assert.ok(r.episodes.length >= 2, `need several episodes, got ${r.episodes.length}`);
    assert.deepEqual(merge(r1, r2), merge(r));
    assert.equal(r2.globalStep, a + b);
    assert.deepEqual(chunked.state(), whole.state());
  });
  await t.step("save after a, restore into a new agent, learn(b) equals learn(a + b)", () => {
    const first = factory(config);
    first.learn(a);
    const saved = throughCheckpoint(first) as Record<string, unknown>;
    const resumed = factory(config);
    resumed.loadState(saved);
    assert.equal(resumed.globalStep, a);
    const rResumed = resumed.learn(b);
    const rFirst = first.learn(b);
    assert.deepEqual(rResumed, rFirst);
    const whole = factory(config);
    whole.learn(a + b);
    assert.deepEqual(resumed.state(), whole.state());
  });
  await t.step("same seed gives identical episodes; another seed differs", () => {
    const x = factory(config).learn(a + b);
    const y = factory(config).learn(a + b);
    const z = factory({ ...config, seed: (config.seed as number) + 1 }).learn(a + b);
    assert.deepEqual(x, y);
    assert.notDeepEqual(x.episodes.map((e) => e.return), z.episodes.map((e) => e.return));
  });
  await t.step("learn() rejects a step count that is not a multiple of numEnvs", () => {
    const agent = factory(config);
    const n = agent.config.numEnvs as number;
    for (const bad of [-n, n + 0.5, NaN]) {
      assert.throws(() => agent.learn(bad), RangeError);
    }
    if (n > 1) {
      assert.throws(
        () => agent.learn(n + 1),
        (e: Error) =>
          e instanceof RangeError && e.message.includes("multiple of numEnvs") &&
          e.message.includes(String(n + 1)),
      );
    }
    assert.equal(agent.learn(0).globalStep, 0);
  });
  await t.step("config is fully resolved and JSON-able; it rebuilds the same agent", () => {
    const agent = factory(config);
    const json = JSON.parse(JSON.stringify(agent.config));
    assert.deepEqual(json, { ...agent.config });
    for (const key of Object.keys(config)) assert.deepEqual(agent.config[key], config[key]);
    assert.ok(Object.keys(agent.config).length > Object.keys(config).length);
    assert.deepEqual(factory(json).learn(a), factory(config).learn(a));
  });
  await t.step("act() does not change training; deterministic act is repeatable", () => {
    const plain = factory(config);
    const acting = factory(config);
    const obs = new Float32Array(obsDimOf(plain));
    plain.learn(a);
    acting.learn(a);
    const d1 = acting.act(obs, { deterministic: true });
    for (let k = 0; k < 5; k++) acting.act(obs);
    assert.deepEqual(acting.act(obs, { deterministic: true }), d1);
    assert.deepEqual(acting.learn(b), plain.learn(b));
    assert.throws(() => acting.act(new Float32Array(obs.length + 1)), TypeError);
  });
}

/** Observation length of an agent's training env. */
function obsDimOf(agent: Agent): number {
  const envs = (agent as unknown as { envs: { obsDim: number } }).envs;
  return envs.obsDim;
}
