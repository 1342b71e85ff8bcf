import assert from "node:assert/strict";
import { PPO } from "../../agents/ppo.ts";
import { make } from "../../envs/registry.ts";
import type { Agent } from "../../agents/common/agent.ts";
import { evaluate } from "../../run/evaluate.ts";

/** An agent that always pushes right, and counts its calls. */
function alwaysRight(envId = "CartPole-v1"): Agent & { calls: number; deterministic: boolean[] } {
  const agent = {
    algorithm: "test",
    envId,
    globalStep: 0,
    config: {},
    calls: 0,
    deterministic: [] as boolean[],
    act(_obs: Float32Array, options?: { deterministic?: boolean }): number {
      agent.calls++;
      agent.deterministic.push(options?.deterministic === true);
      return 1;
    },
    learn: () => ({ episodes: [], updates: [], globalStep: 0 }),
    state: () => ({}),
    loadState: () => {},
    save: () => new Uint8Array(),
  };
  return agent;
}

Deno.test("evaluate(): episodes on a separately seeded env, deterministic policy, mean and std", () => {
  const agent = alwaysRight();
  const result = evaluate(agent, { episodes: 4, seed: 21 });
  // The same episodes by hand: reset with the seed once, then continue the env's stream.
  const env = make("CartPole-v1");
  const expected: number[] = [];
  for (let e = 0; e < 4; e++) {
    env.reset(e === 0 ? { seed: 21 } : undefined);
    let total = 0;
    for (;;) {
      const s = env.step(1);
      total += s.reward;
      if (s.terminated || s.truncated) break;
    }
    expected.push(total);
  }
  assert.deepEqual(result.returns, expected);
  assert.deepEqual(result.lengths, expected); // CartPole: reward 1 per step
  const mean = expected.reduce((a, b) => a + b) / 4;
  assert.equal(result.mean, mean);
  const std = Math.sqrt(expected.reduce((a, r) => a + (r - mean) ** 2, 0) / 4);
  assert.ok(Math.abs(result.std - std) < 1e-12);
  assert.ok(agent.deterministic.every((d) => d));
  assert.equal(agent.calls, expected.reduce((a, b) => a + b));
  assert.deepEqual(evaluate(agent, { episodes: 4, seed: 21 }), result);
  assert.notDeepEqual(evaluate(agent, { episodes: 4, seed: 22 }).returns, result.returns);
});

Deno.test("evaluate(): env option, stochastic option, argument checks", () => {
  const agent = alwaysRight();
  const mc = evaluate(agent, { env: "MountainCar-v0", episodes: 1, seed: 0 });
  assert.deepEqual(mc.returns, [-200]); // never reaches the flag: truncated at 200
  const own = make("CartPole-v1", { maxEpisodeSteps: 5 });
  assert.deepEqual(
    evaluate(agent, { env: own, episodes: 2, seed: 0 }).lengths.every((l) => l <= 5),
    true,
  );
  evaluate(agent, { episodes: 1, seed: 0, stochastic: true });
  assert.equal(agent.deterministic.at(-1), false);
  assert.throws(() => evaluate(agent, { episodes: 0, seed: 0 }), RangeError);
  assert.throws(() => evaluate(agent, { episodes: 2, seed: 0.5 }), RangeError);
  assert.throws(() => evaluate(alwaysRight("Nope-v0"), { episodes: 1, seed: 0 }), RangeError);
});

Deno.test("evaluate() does not touch training", () => {
  const config = { seed: 4, numEnvs: 2, numSteps: 16, hiddenSizes: [8] };
  const a = new PPO(config), b = new PPO(config);
  a.learn(64);
  b.learn(64);
  evaluate(a, { episodes: 3, seed: 1 });
  assert.deepEqual(a.learn(64), b.learn(64));
  assert.deepEqual(a.state(), b.state());
});
