import assert from "node:assert/strict";
import { type Agent, upgradeAgentState } from "../../../agents/common/agent.ts";
import {
  checkAgentState,
  checkFloat32Array,
  loadRngs,
  saveRngs,
} from "../../../agents/common/agent_state.ts";
import { DQN } from "../../../agents/dqn.ts";
import { PPO } from "../../../agents/ppo.ts";
import { validateShapes } from "../../../core/checkpoint.ts";
import { Random } from "../../../core/random.ts";

/** `state` with `from` renamed back to its pre-unification name `to` (a checkpoint of before). */
function legacy(state: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) out[k === from ? to : k] = v;
  return out;
}

Deno.test("every agent saves its env snapshot as `envs` and its streams as `rngs`", () => {
  const ppo = new PPO({ numSteps: 8, numEnvs: 2 }).state();
  const dqn = new DQN({ learningStarts: 10 }).state();
  for (const s of [ppo, dqn]) {
    assert.ok("envs" in s && "rngs" in s && !("env" in s) && !("rng" in s));
  }
  assert.deepEqual(Object.keys(ppo.rngs as object).sort(), ["act", "agent", "minibatch"]);
  assert.deepEqual(Object.keys(dqn.rngs as object).sort(), ["act", "exploration", "replay"]);
});

Deno.test("upgradeAgentState() renames the keys of states saved with the old names", () => {
  const current = { algorithm: "ppo", envs: 1, rngs: 2 };
  assert.equal(upgradeAgentState(current), current); // nothing to do: the same object
  assert.deepEqual(upgradeAgentState({ algorithm: "ppo", env: 1, rngs: 2 }), current);
  assert.deepEqual(upgradeAgentState({ algorithm: "dqn", rng: 2, envs: 1 }), {
    algorithm: "dqn",
    rngs: 2,
    envs: 1,
  });
  assert.equal(upgradeAgentState(null), null);
  const other = { algorithm: "tiny", rng: 1, env: 2 }; // another agent's names are its own
  assert.equal(upgradeAgentState(other), other);
});

const LEGACY: [string, () => Agent, number, number, string, string][] = [
  [
    "a PPO state with the old `env` key",
    () => new PPO({ numEnvs: 2, numSteps: 8, seed: 4 }),
    20,
    40,
    "envs",
    "env",
  ],
  [
    "a DQN state with the old `rng` key",
    () => new DQN({ learningStarts: 20, bufferSize: 100, seed: 2 }),
    50,
    60,
    "rngs",
    "rng",
  ],
];

Deno.test("states saved with the old names pass the shape check and resume exactly", async (t) => {
  for (const [name, make, a, b, now, before] of LEGACY) {
    await t.step(name, () => {
      const first = make();
      first.learn(a); // mid-rollout, or a part-full replay buffer
      const old = legacy(first.state(), now, before);
      const resumed = make();
      validateShapes(upgradeAgentState(old), resumed.state());
      resumed.loadState(old);
      assert.deepEqual(resumed.learn(b), first.learn(b));
    });
  }
});

Deno.test("checkAgentState() names what does not fit", () => {
  const rngs = { act: new Random(1) };
  const ok = { algorithm: "ppo", globalStep: 3, rngs: saveRngs(rngs) };
  assert.equal(checkAgentState("PPO", "ppo", ok, ["globalStep"], rngs), ok);
  assert.throws(
    () => checkAgentState("PPO", "ppo", { ...ok, algorithm: "dqn" }, [], rngs),
    /Cannot restore PPO: expected a "ppo" state, got "dqn"/,
  );
  assert.throws(
    () => checkAgentState("PPO", "ppo", { ...ok, globalStep: -1 }, ["globalStep"], rngs),
    /state\.globalStep must be an integer >= 0, got -1/,
  );
  assert.throws(
    () => checkAgentState("PPO", "ppo", { ...ok, rngs: {} }, [], rngs),
    /state\.rngs\.act is missing/,
  );
  assert.throws(
    () => checkFloat32Array("DQN", "qNetwork", new Float64Array(2), 2),
    /qNetwork must be a Float32Array\(2\), got Float64Array\(2\)/,
  );
});

Deno.test("saveRngs()/loadRngs() round-trip named streams", () => {
  const rngs = { a: new Random(1), b: new Random(2) };
  const saved = saveRngs(rngs);
  const next = [rngs.a.float(), rngs.b.float()];
  loadRngs(rngs, { rngs: saved });
  assert.deepEqual([rngs.a.float(), rngs.b.float()], next);
});
