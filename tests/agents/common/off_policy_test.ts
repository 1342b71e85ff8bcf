import assert from "node:assert/strict";
import {
  explorationSchedule,
  multiplesIn,
  OffPolicyKit,
  updateTargetNetwork,
} from "../../../agents/common/off_policy.ts";
import type { EpisodeRecord } from "../../../agents/common/agent.ts";
import { ReplayBuffer } from "../../../core/buffers/replay.ts";
import { MLP } from "../../../core/nn/mlp.ts";
import { Random } from "../../../core/random.ts";
import { make } from "../../../envs/registry.ts";

const KIT = {
  algorithm: "x",
  who: "X",
  createEnv: () => make("CartPole-v1"),
  seed: 1,
  numEnvs: 2,
  streams: ["replay"],
  replayBuffer: (obsDim: number) => new ReplayBuffer({ capacity: 50, obsDim }),
  nStep: 1,
  gamma: 0.99,
};

Deno.test("multiplesIn() counts the multiples of `every` in (max(before, start), after]", () => {
  assert.equal(multiplesIn(8, 12, 10, 0), 1); // 10
  assert.equal(multiplesIn(10, 12, 10, 0), 0); // 10 was the step before
  assert.equal(multiplesIn(0, 40, 10, 0), 4); // 10, 20, 30, 40
  assert.equal(multiplesIn(0, 40, 10, 20), 2); // only past learningStarts: 30, 40
  assert.equal(multiplesIn(18, 22, 10, 25), 0);
});

Deno.test("explorationSchedule() is linear over explorationFraction × totalTimesteps", () => {
  const eps = explorationSchedule(1, 0.05, 0.5, 1000);
  assert.equal(eps(0), 1);
  assert.ok(Math.abs(eps(250) - 0.525) < 1e-12);
  assert.equal(eps(500), 0.05);
  assert.equal(eps(10_000), 0.05);
  assert.equal(explorationSchedule(1, 0.2, 0, 1000)(0), 0.2); // no ramp: endE throughout
});

Deno.test("updateTargetNetwork(): a hard copy at τ = 1, k Polyak steps otherwise", () => {
  const online = new MLP({ sizes: [2, 3], activation: "relu", rng: new Random(1) });
  const target = new MLP({ sizes: [2, 3], activation: "relu", init: { kind: "zeros" } });
  updateTargetNetwork(target, online, 0.5, 2); // θ' = (1 − 0.5²) θ
  for (let i = 0; i < online.params.length; i++) {
    assert.ok(Math.abs(target.params[i] - 0.75 * online.params[i]) < 1e-6);
  }
  updateTargetNetwork(target, online, 1, 1);
  assert.deepEqual(target.params, online.params);
  updateTargetNetwork(target, online, 0.5, 0); // no update due: unchanged
  assert.deepEqual(target.params, online.params);
});

Deno.test("OffPolicyKit.step() stores one transition per sub-env and counts every env step", () => {
  const kit = new OffPolicyKit(KIT);
  const episodes: EpisodeRecord[] = [];
  const s0 = kit.envs.observations.slice();
  kit.step(new Int32Array([0, 1]), episodes);
  assert.equal(kit.globalStep, 2);
  assert.equal(kit.replayBuffer.size, 2);
  assert.deepEqual([...kit.replayBuffer.actions.subarray(0, 2)], [0, 1]);
  assert.deepEqual(kit.replayBuffer.observations.subarray(0, 8), s0);
  assert.deepEqual(kit.replayBuffer.nextObservations.subarray(0, 8), kit.envs.observations);
  for (let k = 0; k < 30; k++) kit.step(new Int32Array([1, 1]), episodes); // always right: falls
  assert.ok(episodes.length >= 2 && episodes.every((e) => e.step % 2 === 0));
  const saved = kit.state({});
  const other = new OffPolicyKit(KIT);
  other.loadState(other.checkState(saved));
  assert.deepEqual(other.state({}), saved);
});
