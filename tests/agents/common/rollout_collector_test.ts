import assert from "node:assert/strict";
import { computeGae } from "../../../core/buffers/gae.ts";
import { RolloutBuffer } from "../../../core/buffers/rollout.ts";
import type { EnvSnapshot, ResetResult, StepResult } from "../../../env/env.ts";
import { ActorCritic } from "../../../agents/common/policy.ts";
import { Random } from "../../../core/random.ts";
import { RewardNormalizer } from "../../../agents/common/reward_normalizer.ts";
import { RolloutCollector } from "../../../agents/common/rollout_collector.ts";
import { Box, Discrete } from "../../../core/spaces.ts";
import { SyncVectorEnv } from "../../../env/vector_env.ts";
import type { EpisodeRecord } from "../../../agents/common/agent.ts";

/**
 * A 3-step episode: observation [t, 1], reward t + 1; the third step ends the episode, either
 * terminated or truncated (as a time limit would), and the final observation is [3, 1].
 */
class ThreeSteps {
  readonly observationSpace = new Box([-10, -10], [10, 10]);
  readonly actionSpace = new Discrete(2);
  readonly obsDim = 2;
  lastTerminated = false;
  lastTruncated = false;
  #t = 0;
  constructor(readonly terminate: boolean) {}
  reset(): ResetResult<Float32Array> {
    const o = new Float32Array(2);
    this.resetInto(o, 0);
    return { observation: o, info: {} };
  }
  step(action: number): StepResult<Float32Array> {
    const o = new Float32Array(2);
    const r = this.stepInto([action], 0, o, 0);
    return {
      observation: o,
      reward: r,
      terminated: this.lastTerminated,
      truncated: this.lastTruncated,
      info: {},
    };
  }
  resetInto(observations: Float32Array, offset: number): void {
    this.#t = 0;
    observations[offset] = 0;
    observations[offset + 1] = 1;
  }
  stepInto(_a: ArrayLike<number>, _ao: number, observations: Float32Array, offset: number): number {
    this.#t++;
    observations[offset] = this.#t;
    observations[offset + 1] = 1;
    const end = this.#t === 3;
    this.lastTerminated = end && this.terminate;
    this.lastTruncated = end && !this.terminate;
    return this.#t;
  }
  snapshot(): EnvSnapshot {
    return { t: this.#t };
  }
  restore(s: EnvSnapshot): void {
    this.#t = s.t as number;
  }
}

function collect(terminate: boolean) {
  const envs = new SyncVectorEnv(() => new ThreeSteps(terminate), 1);
  envs.reset();
  const policy = new ActorCritic({
    obsDim: 2,
    actionSpace: new Discrete(2),
    hiddenSizes: [8],
    activation: "tanh",
    critic: true,
    rng: new Random(4),
  });
  const buffer = new RolloutBuffer({ numSteps: 3, numEnvs: 1, obsDim: 2, actDim: 1 });
  const collector = new RolloutCollector({
    envs,
    policy,
    buffer,
    rng: new Random(5),
    rewardNormalizer: null,
  });
  const episodes: EpisodeRecord[] = [];
  for (let t = 0; t < 3; t++) collector.step(t + 1, episodes);
  collector.bootstrap();
  const gamma = 0.9, gaeLambda = 0.8;
  computeGae({ ...buffer.gaeInput(), gamma, gaeLambda }, buffer.advantages, buffer.returns);
  return { buffer, policy, episodes, gamma, gaeLambda };
}

Deno.test("RolloutCollector: truncated vs terminated changes the advantage by exactly γ·V(final)", () => {
  const term = collect(true);
  const trunc = collect(false);
  // Same seeds, same networks, same observations and rewards: only the ending differs.
  assert.deepEqual(term.buffer.observations, trunc.buffer.observations);
  assert.deepEqual(Array.from(term.buffer.rewards), [1, 2, 3]);
  assert.deepEqual(Array.from(term.buffer.dones), [0, 0, 1]);
  assert.deepEqual(term.buffer.dones, trunc.buffer.dones);
  assert.deepEqual(term.episodes, [{ step: 3, return: 6, length: 3 }]);
  assert.deepEqual(trunc.episodes, term.episodes);

  const vFinal = trunc.policy.valueOfRow(new Float32Array([3, 1]), 0);
  assert.notEqual(vFinal, 0);
  assert.equal(term.buffer.terminalValues[2], 0);
  assert.equal(trunc.buffer.terminalValues[2], Math.fround(vFinal));

  // δ_2 differs by γ·V(final); earlier steps see it through (γλ)^k.
  const { gamma, gaeLambda } = term;
  const v = Math.fround(vFinal);
  for (let t = 0; t < 3; t++) {
    const expected = gamma * v * (gamma * gaeLambda) ** (2 - t);
    const diff = trunc.buffer.advantages[t] - term.buffer.advantages[t];
    assert.ok(Math.abs(diff - expected) < 1e-6, `t=${t}: ${diff} vs ${expected}`);
  }
  // The terminated case by hand: δ_t = r_t + γ V(s_{t+1}) − V(s_t), δ_2 = 3 − V(s_2).
  const V = term.buffer.values;
  const d2 = 3 - V[2], d1 = 2 + gamma * V[2] - V[1], d0 = 1 + gamma * V[1] - V[0];
  const a2 = d2, a1 = d1 + gamma * gaeLambda * a2, a0 = d0 + gamma * gaeLambda * a1;
  const got = Array.from(term.buffer.advantages);
  [a0, a1, a2].forEach((a, t) => assert.ok(Math.abs(got[t] - a) < 1e-6, `t=${t}`));
});

Deno.test("RolloutCollector: stores raw actions and log-probs, and normalised rewards", () => {
  const envs = new SyncVectorEnv(() => new ThreeSteps(true), 2);
  envs.reset();
  const policy = new ActorCritic({
    obsDim: 2,
    actionSpace: new Discrete(2),
    hiddenSizes: [8],
    activation: "tanh",
    critic: true,
    rng: new Random(1),
  });
  const buffer = new RolloutBuffer({ numSteps: 4, numEnvs: 2, obsDim: 2, actDim: 1 });
  const norm = new RewardNormalizer(2, { gamma: 0.99 });
  const reference = new RewardNormalizer(2, { gamma: 0.99 });
  const c = new RolloutCollector({
    envs,
    policy,
    buffer,
    rng: new Random(2),
    rewardNormalizer: norm,
  });
  const out = new Float32Array(2);
  for (let t = 0; t < 4; t++) {
    c.step(2 * (t + 1), []);
    reference.normalize(envs.rewards, envs.terminated, envs.truncated, out, 0);
    assert.deepEqual(buffer.rewards.subarray(2 * t, 2 * t + 2), out);
  }
  assert.ok(buffer.full);
  assert.throws(() => c.step(10, []), RangeError);
  for (let i = 0; i < 8; i++) {
    const obs = buffer.observations.subarray(2 * i, 2 * i + 2);
    const lp = policy.logProb(obs, [buffer.actions[i]]);
    assert.ok(Math.abs(lp - buffer.logProbs[i]) < 1e-6);
  }
});
