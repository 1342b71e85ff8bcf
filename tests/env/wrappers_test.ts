import assert from "node:assert/strict";
import {
  type EnvSnapshot,
  type EnvSpec,
  ResetNeededError,
  type ResetOptions,
  type ResetResult,
  type StepResult,
} from "../../env/env.ts";
import { Random } from "../../core/random.ts";
import { RunningMeanStd } from "../../core/running_mean_std.ts";
import { Box, Discrete } from "../../core/spaces.ts";
import {
  type Action,
  ClipAction,
  NormalizeObservation,
  RecordEpisodeStatistics,
  TimeLimit,
  Wrapper,
} from "../../env/wrappers/mod.ts";
import { checkEnv } from "../../env/env_checker.ts";
import { make } from "../../envs/registry.ts";

/**
 * A tiny env for exact checks: observation [t, x] with t the step count and x = a uniform(-1, 1)
 * reset draw plus the sum of the actions' first components; reward t; terminates at step
 * `terminateAt`. It records the last action it received.
 */
class Counter {
  readonly observationSpace: Box = new Box([-Infinity, -Infinity], [Infinity, Infinity]);
  readonly actionSpace: Discrete | Box;
  readonly obsDim = 2;
  spec: EnvSpec | undefined = undefined;
  readonly lastAction: Float64Array;
  t = 0;
  x = 0;
  #rng = new Random(0);
  #ready = false;
  #terminated = false;
  readonly #terminateAt: number;

  constructor(terminateAt = Infinity, actionSpace: Discrete | Box = new Discrete(3)) {
    this.#terminateAt = terminateAt;
    this.actionSpace = actionSpace;
    this.lastAction = new Float64Array(actionSpace.kind === "box" ? actionSpace.shape[0] : 1);
  }

  get unwrapped(): this {
    return this;
  }
  get lastTerminated(): boolean {
    return this.#terminated;
  }
  get lastTruncated(): boolean {
    return false;
  }
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    const observation = new Float32Array(2);
    this.resetInto(observation, 0, options);
    return { observation, info: {} };
  }
  step(action: Action): StepResult<Float32Array> {
    const a = typeof action === "number" ? [action] : action;
    const observation = new Float32Array(2);
    const reward = this.stepInto(a, 0, observation, 0);
    return { observation, reward, terminated: this.#terminated, truncated: false, info: {} };
  }
  resetInto(obs: Float32Array, offset: number, options?: ResetOptions): void {
    if (options?.seed !== undefined) this.#rng = new Random(options.seed);
    this.t = 0;
    this.x = this.#rng.uniform(-1, 1);
    this.#ready = true;
    this.#terminated = false;
    obs[offset] = this.t;
    obs[offset + 1] = this.x;
  }
  stepInto(actions: ArrayLike<number>, ao: number, obs: Float32Array, offset: number): number {
    if (!this.#ready) throw new ResetNeededError("Cannot step Counter: reset() was not called");
    for (let j = 0; j < this.lastAction.length; j++) this.lastAction[j] = actions[ao + j];
    this.t++;
    this.x += actions[ao];
    this.#terminated = this.t >= this.#terminateAt;
    if (this.#terminated) this.#ready = false;
    obs[offset] = this.t;
    obs[offset + 1] = this.x;
    return this.t;
  }
  snapshot(): EnvSnapshot {
    return { t: this.t, x: this.x, rng: this.#rng.state(), ready: this.#ready };
  }
  restore(s: EnvSnapshot): void {
    this.t = s.t as number;
    this.x = s.x as number;
    this.#rng = Random.fromState(s.rng as ReturnType<Random["state"]>);
    this.#ready = s.ready as boolean;
  }
}

Deno.test("TimeLimit truncates on the maxEpisodeSteps-th step, then needs a reset", () => {
  const env = new TimeLimit(new Counter(), 3);
  assert.throws(() => env.step(0), ResetNeededError);
  env.reset({ seed: 1 });
  for (let t = 1; t <= 3; t++) {
    const r = env.step(1);
    assert.equal(r.truncated, t === 3, `step ${t}`);
    assert.equal(env.lastTruncated, t === 3);
    assert.equal(env.elapsedSteps, t);
  }
  assert.throws(() => env.step(0), /episode ended/);
  assert.throws(() => env.stepInto([0], 0, new Float32Array(2), 0), ResetNeededError);
  env.reset();
  assert.equal(env.elapsedSteps, 0);
  assert.equal(env.step(0).truncated, false);
});

Deno.test("TimeLimit reports terminated and truncated together on the last step", () => {
  const env = new TimeLimit(new Counter(2), 2);
  env.reset({ seed: 0 });
  env.step(0);
  const r = env.step(0);
  assert.equal(r.terminated, true);
  assert.equal(r.truncated, true);
  assert.throws(() => env.step(0), ResetNeededError);
});

Deno.test("TimeLimit needs a reset after termination before the limit", () => {
  const env = new TimeLimit(new Counter(2), 10);
  const obs = new Float32Array(2);
  env.resetInto(obs, 0, { seed: 0 });
  env.stepInto([0], 0, obs, 0);
  env.stepInto([0], 0, obs, 0);
  assert.equal(env.lastTerminated, true);
  assert.equal(env.lastTruncated, false);
  assert.equal(env.needsReset, true);
  assert.throws(() => env.stepInto([0], 0, obs, 0), ResetNeededError);
});

Deno.test("TimeLimit: the stepInto path gives the same flags as step", () => {
  const a = new TimeLimit(new Counter(), 4), b = new TimeLimit(new Counter(), 4);
  a.reset({ seed: 2 });
  const obs = new Float32Array(2);
  b.resetInto(obs, 0, { seed: 2 });
  for (let t = 0; t < 4; t++) {
    const r = a.step(2);
    const reward = b.stepInto([2], 0, obs, 0);
    assert.deepEqual(Array.from(obs), Array.from(r.observation));
    assert.equal(reward, r.reward);
    assert.equal(b.lastTruncated, r.truncated);
  }
});

Deno.test("TimeLimit snapshot/restore keeps the elapsed count and the wrapped env", () => {
  const env = new TimeLimit(new Counter(), 5);
  env.reset({ seed: 3 });
  env.step(1);
  env.step(1);
  const saved = JSON.parse(JSON.stringify(env.snapshot()));
  const rest = [env.step(1), env.step(1), env.step(1)];
  assert.equal(rest[2].truncated, true);
  const fresh = new TimeLimit(new Counter(), 5);
  fresh.restore(saved);
  assert.equal(fresh.elapsedSteps, 2);
  for (const want of rest) assert.deepEqual(fresh.step(1), want);
  assert.throws(() => fresh.step(1), ResetNeededError);
  // A plain reset continues the restored generator identically.
  fresh.restore(saved);
  env.restore(saved);
  assert.deepEqual(fresh.reset(), env.reset());
  assert.throws(() => fresh.restore({ elapsed: -1, env: {} }), TypeError);
  assert.throws(() => fresh.restore({ elapsed: 1 }), TypeError);
});

Deno.test("TimeLimit rejects a bad limit", () => {
  for (const bad of [0, -1, 1.5, NaN, Infinity]) {
    assert.throws(() => new TimeLimit(new Counter(), bad), RangeError);
  }
});

Deno.test("wrappers forward spaces, obsDim, spec, render and unwrapped", () => {
  const inner = new Counter();
  const env = new RecordEpisodeStatistics(new NormalizeObservation(new TimeLimit(inner, 7)));
  assert.equal(env.unwrapped, inner);
  assert.equal(env.obsDim, 2);
  assert.equal(env.actionSpace, inner.actionSpace);
  assert.equal(env.spec, undefined);
  const spec = { id: "Counter-v0", maxEpisodeSteps: 7, rewardThreshold: null };
  inner.spec = spec;
  assert.equal(env.spec, spec);
  const own = { ...spec, id: "Other" };
  env.spec = own;
  assert.equal(env.spec, own);
  assert.throws(() => env.render(), /Cannot render Counter-v0: the env has no render/);
  const cart = new Wrapper(make("CartPole-v1"));
  cart.reset({ seed: 0 });
  assert.match(cart.render(), /<svg/);
  assert.equal(cart.spec?.id, "CartPole-v1");
  assert.equal(cart.unwrapped, cart.env.unwrapped);
  assert.equal(cart.unwrapped.state.length, 4);
});

Deno.test("RecordEpisodeStatistics puts { r, l } in info at the end of an episode", async (t) => {
  await t.step("terminated", () => {
    const env = new RecordEpisodeStatistics(new Counter(4));
    env.reset({ seed: 0 });
    for (let k = 1; k <= 3; k++) assert.equal(env.step(0).info.episode, undefined);
    const last = env.step(0);
    assert.equal(last.terminated, true);
    assert.deepEqual(last.info.episode, { r: 1 + 2 + 3 + 4, l: 4 });
    assert.equal(env.lastEpisodeReturn, 10);
    assert.equal(env.lastEpisodeLength, 4);
    assert.equal(env.episodeCount, 1);
  });
  await t.step("truncated by an inner TimeLimit, through stepInto", () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(new Counter(), 3));
    const obs = new Float32Array(2);
    assert.ok(Number.isNaN(env.lastEpisodeReturn));
    for (let episode = 1; episode <= 2; episode++) {
      env.resetInto(obs, 0, episode === 1 ? { seed: 0 } : undefined);
      assert.equal(env.episodeReturn, 0);
      for (let k = 0; k < 3; k++) env.stepInto([1], 0, obs, 0);
      assert.equal(env.lastTruncated, true);
      assert.equal(env.lastEpisodeReturn, 6); // 1 + 2 + 3
      assert.equal(env.lastEpisodeLength, 3);
      assert.equal(env.episodeCount, episode);
    }
  });
  await t.step("snapshot/restore", () => {
    const env = new RecordEpisodeStatistics(new Counter(3));
    env.reset({ seed: 0 });
    env.step(0);
    const saved = JSON.parse(JSON.stringify(env.snapshot()));
    const fresh = new RecordEpisodeStatistics(new Counter(3));
    fresh.restore(saved);
    assert.equal(fresh.episodeReturn, 1);
    assert.ok(Number.isNaN(fresh.lastEpisodeReturn));
    fresh.step(0);
    assert.deepEqual(fresh.step(0).info.episode, { r: 6, l: 3 });
  });
});

Deno.test("NormalizeObservation updates the statistics, then normalises (hand-computed)", () => {
  const raw = new Counter();
  raw.reset({ seed: 4 });
  const x0 = Math.fround(raw.x);
  const env = new NormalizeObservation(new Counter(), { clip: Infinity });
  const { observation } = env.reset({ seed: 4 });
  // One sample v after the prior (count 1e-4, mean 0, var 1):
  //   mean = v / 1.0001,  var = (1e-4 + v^2 * 1e-4 / 1.0001) / 1.0001
  // t = 0: mean 0, var = 1e-4 / 1.0001 -> (0 - 0) / sqrt(var + 1e-8) = 0
  const mean = x0 / 1.0001, variance = (1e-4 + x0 * x0 * 1e-4 / 1.0001) / 1.0001;
  assert.equal(observation[0], 0);
  assert.equal(observation[1], Math.fround((x0 - mean) / Math.sqrt(variance + 1e-8)));
  assert.equal(env.obsRms.count, 1.0001);
  // The same numbers through an explicit RunningMeanStd over the raw observations, for 20 steps.
  const rms = new RunningMeanStd(2);
  const rawObs = Float32Array.of(0, x0);
  rms.update(rawObs, 1);
  for (let t = 1; t <= 20; t++) {
    const want = raw.step(t % 3).observation;
    rms.update(want, 1);
    rms.normalize(want, want, 1, { clip: Infinity });
    assert.deepEqual(env.step(t % 3).observation, want);
  }
});

Deno.test("NormalizeObservation clips to ±10 by default and its space is Box(-10, 10)", () => {
  const env = new NormalizeObservation(new Counter());
  env.reset({ seed: 0 });
  for (let t = 0; t < 3; t++) env.step(0);
  env.frozen = true;
  // x jumps by 1e6: far outside the statistics.
  const obs = env.step(1e6 as number).observation;
  assert.equal(obs[1], 10);
  assert.deepEqual(Array.from((env.observationSpace as Box).high), [10, 10]);
  assert.ok(env.observationSpace.contains(obs));
});

Deno.test("NormalizeObservation: frozen statistics, sharing, snapshot/restore", () => {
  const train = new NormalizeObservation(new Counter());
  train.reset({ seed: 1 });
  for (let t = 0; t < 5; t++) train.step(1);
  const before = train.obsRms.state();
  const evaluation = new NormalizeObservation(new Counter(), { frozen: true });
  evaluation.obsRms = train.obsRms;
  evaluation.reset({ seed: 9 });
  evaluation.step(2);
  assert.deepEqual(train.obsRms.state(), before, "frozen env must not update shared stats");
  assert.throws(() => (evaluation.obsRms = new RunningMeanStd(3)), TypeError);
  const saved = JSON.parse(JSON.stringify(train.snapshot()));
  const want = [train.step(0), train.step(2)];
  const fresh = new NormalizeObservation(new Counter());
  fresh.restore(saved);
  assert.deepEqual(fresh.obsRms.state(), before);
  assert.deepEqual([fresh.step(0), fresh.step(2)], want);
});

Deno.test("NormalizeObservation: stepInto normalises in place like step", () => {
  const a = new NormalizeObservation(new Counter()), b = new NormalizeObservation(new Counter());
  a.reset({ seed: 5 });
  const obs = new Float32Array(5).fill(-7);
  b.resetInto(obs, 3 - 1, { seed: 5 });
  for (let t = 0; t < 10; t++) {
    const r = a.step(t % 2);
    b.stepInto([9, t % 2], 1, obs, 2);
    assert.deepEqual(obs.slice(2, 4), r.observation);
    assert.deepEqual(Array.from(obs.slice(0, 2)), [-7, -7]);
    assert.equal(obs[4], -7);
  }
});

Deno.test("ClipAction clips continuous actions to the box, without touching the caller's", () => {
  const inner = new Counter(Infinity, new Box([-1, -2], [1, 2]));
  const env = new ClipAction(inner);
  env.reset({ seed: 0 });
  const action = [5, -5];
  env.step(action);
  assert.deepEqual(Array.from(inner.lastAction), [1, -2]);
  assert.deepEqual(action, [5, -5]);
  env.step(new Float32Array([0.25, 1.5]));
  assert.deepEqual(Array.from(inner.lastAction), [0.25, 1.5]);
  const actions = new Float64Array([9, -3, 3, NaN]);
  env.stepInto(actions, 1, new Float32Array(2), 0);
  assert.deepEqual(Array.from(inner.lastAction), [-1, 2]);
  env.stepInto(actions, 2, new Float32Array(2), 0);
  assert.equal(inner.lastAction[0], 1);
  assert.ok(Number.isNaN(inner.lastAction[1]));
  assert.throws(() => env.step([1]), TypeError);
  assert.throws(() => env.stepInto([1], 0, new Float32Array(2), 0), TypeError);
  assert.throws(() => new ClipAction(new Counter()), /action space must be a Box/);
});

Deno.test("ClipAction accepts a number for a one-dimensional box", () => {
  const inner = new Counter(Infinity, new Box([-2], [2]));
  const env = new ClipAction(inner);
  env.reset({ seed: 0 });
  env.step(-3);
  assert.deepEqual(Array.from(inner.lastAction), [-2]);
});

Deno.test("wrapper stacks around CartPole-v1 pass checkEnv", () => {
  checkEnv(() => new RecordEpisodeStatistics(make("CartPole-v1")), { steps: 300 });
  // Unfrozen normalisation depends on every observation seen, so it is not reset-deterministic.
  checkEnv(() => new NormalizeObservation(make("CartPole-v1"), { frozen: true }), { steps: 300 });
  assert.throws(
    () => checkEnv(() => new NormalizeObservation(make("CartPole-v1")), { steps: 300 }),
    /reset determinism/,
  );
  checkEnv(() => new TimeLimit(make("CartPole-v1"), 20), { steps: 300 });
});
