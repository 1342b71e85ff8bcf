/**
 * Parity with Gymnasium 1.4.0 (NumPy 2.4.6): replays every case of the recorded trajectories in
 * tests/fixtures/gym_reference_public.json (schema in reference/classic_control.md §10).
 *
 * Two modes per case:
 * - rollout through `make(id)` + `env.unwrapped.state = initial_state`: observations within
 *   1e-6·max(1, |b|), rewards within 1e-9, `terminated`/`truncated` exactly, same episode length;
 * - on the raw env with Gymnasium's post-termination stepping allowed (`allowStepAfterTerminated`)
 *   and TimeLimit's count emulated (`truncated` once `k + 1 >= maxEpisodeSteps`, steps continue):
 *   the mode the fixture's variants (make kwargs, unwrapped attributes, steps past the end) need;
 * - one step at a time from each recorded pre-step state (MountainCarContinuous: float64 for the
 *   first step, a `Float32Array` after, as Gymnasium holds it): the same checks plus the
 *   post-step internal state to a relative 1e-12.
 */
import assert from "node:assert/strict";
import { make } from "../../envs/registry.ts";
import type { Box, Discrete } from "../../core/spaces.ts";

interface Step {
  action: number | number[];
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  state: number[];
}
interface Case {
  case_index: number;
  reset_seed: number;
  env_id?: string;
  make_kwargs?: Record<string, unknown>;
  unwrapped_attrs?: Record<string, unknown>;
  description: string;
  initial_state: number[];
  num_steps: number;
  end: "terminated" | "truncated";
  steps: Step[];
}
interface Fixture {
  envs: Record<
    string,
    {
      max_episode_steps: number;
      reward_threshold: number | null;
      observation_space: { low: (number | string)[]; high: (number | string)[] };
      action_space: {
        type: string;
        n?: number;
        low?: (number | string)[];
        high?: (number | string)[];
      };
      cases: Case[];
    }
  >;
  /** Present in the full recorded set only (variants 100–112); the public sample has none. */
  variants?: Case[];
}

const fixture: Fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/gym_reference_public.json", import.meta.url)),
);

function act(a: number | number[]): number | number[] {
  return typeof a === "number" ? a : a.slice();
}

function checkObs(got: ArrayLike<number>, want: number[], where: string): void {
  assert.equal(got.length, want.length, `${where}: observation length`);
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-6 * Math.max(1, Math.abs(want[i]));
    if (!(Math.abs(got[i] - want[i]) <= tol)) {
      assert.fail(`${where}: obs[${i}] = ${got[i]}, Gymnasium ${want[i]}`);
    }
  }
}

function checkStep(
  r: { observation: Float32Array; reward: number; terminated: boolean; truncated: boolean },
  s: Step,
  where: string,
): void {
  checkObs(r.observation, s.obs, where);
  if (!(Math.abs(r.reward - s.reward) <= 1e-9)) {
    assert.fail(`${where}: reward ${r.reward}, Gymnasium ${s.reward}`);
  }
  assert.equal(r.terminated, s.terminated, `${where}: terminated`);
  assert.equal(r.truncated, s.truncated, `${where}: truncated`);
}

const ids = [
  "CartPole-v1",
  "MountainCar-v0",
  "MountainCarContinuous-v0",
  "Acrobot-v1",
  "Pendulum-v1",
];

const num = (x: number | string) => typeof x === "number" ? x : Number(x); // "Infinity" strings

Deno.test("the fixture covers all five envs with their Gymnasium registrations and spaces", () => {
  assert.deepEqual(Object.keys(fixture.envs).sort(), [...ids].sort());
  for (const id of ids) {
    const env = make(id), want = fixture.envs[id];
    assert.equal(env.spec?.maxEpisodeSteps, want.max_episode_steps);
    assert.equal(env.spec?.rewardThreshold, want.reward_threshold);
    const obs = env.observationSpace as Box;
    assert.deepEqual(Array.from(obs.low), want.observation_space.low.map(num));
    assert.deepEqual(Array.from(obs.high), want.observation_space.high.map(num));
    const act = want.action_space;
    if (act.type === "Discrete") assert.equal((env.actionSpace as Discrete).n, act.n);
    else {
      assert.deepEqual(Array.from((env.actionSpace as Box).low), act.low?.map(num));
      assert.deepEqual(Array.from((env.actionSpace as Box).high), act.high?.map(num));
    }
  }
});

for (const id of ids) {
  Deno.test(`${id} replays every Gymnasium case step by step through make()`, async (t) => {
    for (const c of fixture.envs[id].cases) {
      await t.step(`case ${c.case_index}: ${c.description}`, () => {
        const env = make(id);
        env.reset({ seed: c.case_index });
        env.unwrapped.state = c.initial_state;
        for (let k = 0; k < c.steps.length; k++) {
          const s = c.steps[k];
          // deno-lint-ignore no-explicit-any
          const r = env.step(act(s.action) as any);
          checkStep(r, s, `case ${c.case_index} step ${k}`);
        }
        assert.equal(c.steps.length, c.num_steps);
        assert.equal(env.needsReset, true, "the episode ended where Gymnasium's did");
      });
    }
  });

  Deno.test(`${id} matches every recorded transition from its recorded state`, () => {
    const env = make(id).unwrapped;
    for (const c of fixture.envs[id].cases) {
      env.reset({ seed: c.case_index }); // clears CartPole's steps-beyond-terminated, as Gymnasium's
      for (let k = 0; k < c.steps.length; k++) {
        const before = k === 0 ? c.initial_state : c.steps[k - 1].state;
        const float32 = id === "MountainCarContinuous-v0" && k > 0;
        env.state = float32 ? Float32Array.from(before) : before;
        const s = c.steps[k];
        // deno-lint-ignore no-explicit-any
        const r = env.step(act(s.action) as any);
        const where = `case ${c.case_index} step ${k}`;
        checkStep(r, { ...s, truncated: false }, where);
        const state = env.state;
        for (let i = 0; i < s.state.length; i++) {
          const tol = 1e-12 * Math.max(1, Math.abs(s.state[i]));
          if (!(Math.abs(state[i] - s.state[i]) <= tol)) {
            assert.fail(`${where}: state[${i}] = ${state[i]}, Gymnasium ${s.state[i]}`);
          }
        }
      }
    }
  });
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Replays `c` on the raw env, emulating Gymnasium's TimeLimit (which never blocks). */
function replayRaw(id: string, c: Case): void {
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.make_kwargs ?? {})) kwargs[camel(k)] = v;
  const limit = (kwargs.maxEpisodeSteps as number | undefined) ??
    fixture.envs[id].max_episode_steps;
  const env = make(id, { ...kwargs, allowStepAfterTerminated: true }).unwrapped;
  env.reset({ seed: c.reset_seed });
  for (const [k, v] of Object.entries(c.unwrapped_attrs ?? {})) {
    (env as unknown as Record<string, unknown>)[camel(k)] = v;
  }
  env.state = c.initial_state;
  for (let k = 0; k < c.steps.length; k++) {
    // deno-lint-ignore no-explicit-any
    const r = env.step(act(c.steps[k].action) as any);
    checkStep({ ...r, truncated: k + 1 >= limit }, c.steps[k], `case ${c.case_index} step ${k}`);
  }
}

Deno.test("every case replays on the raw env with Gymnasium's unguarded stepping", async (t) => {
  for (const id of ids) {
    await t.step(id, () => {
      for (const c of fixture.envs[id].cases) replayRaw(id, c);
    });
  }
  for (const v of fixture.variants ?? []) {
    await t.step(`variant ${v.case_index} (${v.env_id}): ${v.description}`, () => {
      replayRaw(v.env_id as string, v);
    });
  }
});
