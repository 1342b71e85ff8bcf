import assert from "node:assert/strict";
import { make, registry } from "../../envs/registry.ts";
import { ResetNeededError } from "../../env/env.ts";
import { Random } from "../../core/random.ts";
import { type Box, Discrete } from "../../core/spaces.ts";
import { TimeLimit } from "../../env/wrappers/mod.ts";

const ids = registry.map((s) => s.id);

/** A valid random action for `id` (continuous actions sometimes outside the bounds). */
function randomAction(id: string, rng: Random): number | number[] {
  const env = make(id);
  const space = env.actionSpace;
  if (space instanceof Discrete) return rng.int(space.n);
  return [rng.uniform(2 * (space as Box).low[0], 2 * (space as Box).high[0])];
}

Deno.test("registry lists Gymnasium's ids, limits and thresholds (the built-ins, registered first)", () => {
  assert.deepEqual(registry.map((s) => [s.id, s.maxEpisodeSteps, s.rewardThreshold]), [
    ["CartPole-v1", 500, 475],
    ["MountainCar-v0", 200, -110],
    ["MountainCarContinuous-v0", 999, 90],
    ["Acrobot-v1", 500, -100],
    ["Pendulum-v1", 200, null],
  ]);
  for (const spec of registry) assert.ok(Object.isFrozen(spec));
});

Deno.test("make() wraps the env in TimeLimit with spec, spaces and unwrapped", () => {
  for (const spec of registry) {
    const env = make(spec.id);
    assert.ok(env instanceof TimeLimit);
    assert.deepEqual(env.spec, spec);
    assert.deepEqual(env.unwrapped.spec, spec);
    assert.equal(env.maxEpisodeSteps, spec.maxEpisodeSteps);
    assert.equal(env.unwrapped.unwrapped, env.unwrapped);
    assert.equal(env.observationSpace, env.unwrapped.observationSpace);
    assert.equal(env.obsDim, env.observationSpace.shape[0]);
  }
});

Deno.test("make() throws for an unknown id, listing the known ids", () => {
  assert.throws(() => make("CartPole-v0"), (e: Error) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /"CartPole-v0"/);
    for (const id of ids) assert.ok(e.message.includes(id), e.message);
    return true;
  });
  assert.throws(() => make("toString"), RangeError);
});

Deno.test("make() passes constructor options and overrides maxEpisodeSteps", () => {
  const env = make("CartPole-v1", { maxEpisodeSteps: 3, suttonBartoReward: true });
  assert.equal(env.spec?.maxEpisodeSteps, 3);
  assert.equal(env.unwrapped.suttonBartoReward, true);
  env.reset({ seed: 0 });
  env.unwrapped.state = [0, 0, 0, 0];
  const r = [env.step(0), env.step(1), env.step(0)];
  assert.deepEqual(r.map((x) => [x.reward, x.terminated, x.truncated]), [
    [0, false, false],
    [0, false, false],
    [0, false, true],
  ]);
  assert.throws(() => env.step(0), ResetNeededError);
  assert.equal(make("Pendulum-v1", { g: 9.81 }).unwrapped.g, 9.81);
  assert.equal(make("MountainCar-v0", { goalVelocity: 0.02 }).unwrapped.goalVelocity, 0.02);
  assert.throws(() => make("Pendulum-v1", { maxEpisodeSteps: 0 }), RangeError);
});

for (const id of ids) {
  Deno.test(`${id}: step() before reset() and after the episode ended throws ResetNeededError`, () => {
    const rng = new Random(1);
    const raw = make(id).unwrapped;
    // deno-lint-ignore no-explicit-any
    assert.throws(() => raw.step(randomAction(id, rng) as any), ResetNeededError);
    assert.throws(() => make(id).step(randomAction(id, rng)), ResetNeededError);
    assert.throws(() => raw.stepInto([0], 0, new Float32Array(6), 0), ResetNeededError);
    assert.throws(() => raw.render(), ResetNeededError);
    const env = make(id, { maxEpisodeSteps: 5 });
    env.reset({ seed: 2 });
    for (let i = 0; i < 5 && !env.needsReset; i++) env.step(randomAction(id, rng));
    assert.throws(() => env.step(randomAction(id, rng)), ResetNeededError);
    env.reset();
    env.step(randomAction(id, rng));
  });

  Deno.test(`${id}: reset() is seeded, continues its stream, and starts from seed 0`, () => {
    const a = make(id), b = make(id);
    const first = a.reset({ seed: 7 }).observation;
    assert.deepEqual(b.reset({ seed: 7 }).observation, first);
    assert.notDeepEqual(b.reset({ seed: 8 }).observation, first);
    const second = a.reset().observation;
    assert.notDeepEqual(second, first);
    b.reset({ seed: 7 });
    assert.deepEqual(b.reset().observation, second);
    assert.deepEqual(make(id).reset().observation, make(id).reset({ seed: 0 }).observation);
    assert.ok(a.observationSpace.contains(first));
  });

  Deno.test(`${id}: step() and stepInto() agree and step() returns a new array each time`, () => {
    const rng = new Random(3), actions = Array.from({ length: 300 }, () => randomAction(id, rng));
    const a = make(id), b = make(id);
    a.reset({ seed: 4 });
    const obs = new Float32Array(2 * b.obsDim);
    b.resetInto(obs, b.obsDim, { seed: 4 });
    const kept: Float32Array[] = [], copies: number[][] = [];
    for (const action of actions) {
      if (a.needsReset) {
        const first = a.reset().observation;
        b.resetInto(obs, b.obsDim);
        assert.deepEqual(obs.subarray(b.obsDim), first);
      }
      const r = a.step(action);
      assert.notEqual(r.observation, kept.at(-1));
      kept.push(r.observation);
      copies.push(Array.from(r.observation));
      const flat = typeof action === "number" ? [0, action] : [0, action[0]];
      const reward = b.stepInto(flat, 1, obs, b.obsDim);
      assert.deepEqual(obs.subarray(b.obsDim), r.observation);
      assert.equal(reward, r.reward);
      assert.equal(b.lastTerminated, r.terminated);
      assert.equal(b.lastTruncated, r.truncated);
    }
    // Earlier observations are never overwritten by later steps.
    assert.deepEqual(kept.map((o) => Array.from(o)), copies);
  });

  Deno.test(`${id}: snapshot()/restore() resume bit-exactly mid-episode, generator included`, () => {
    const rng = new Random(5), actions = Array.from({ length: 30 }, () => randomAction(id, rng));
    const env = make(id, { maxEpisodeSteps: 1000 });
    env.reset({ seed: 6 });
    for (let i = 0; i < 10 && !env.needsReset; i++) env.step(actions[i]);
    const saved = JSON.parse(JSON.stringify(env.snapshot()));
    const run = (e: typeof env) => {
      const out: unknown[] = [];
      for (let i = 10; i < 30 && !e.needsReset; i++) out.push(e.step(actions[i]));
      out.push(e.reset().observation, e.unwrapped.state);
      return out;
    };
    const expected = run(env);
    const other = make(id, { maxEpisodeSteps: 1000 });
    other.restore(saved);
    assert.deepEqual(run(other), expected);
    assert.throws(() => other.restore({ env: { state: [1] } }), TypeError);
  });

  Deno.test(`${id}: the state is a copy, assignable, and validated`, () => {
    const env = make(id).unwrapped;
    env.reset({ seed: 0 });
    const s = env.state;
    assert.ok(s instanceof Float64Array);
    s[0] = 123;
    assert.notEqual(env.state[0], 123);
    env.state = s;
    assert.equal(env.state[0], 123);
    assert.throws(() => (env.state = [0]), TypeError);
    assert.throws(() => (env.state = Array.from(s, () => NaN)), RangeError);
  });

  Deno.test(`${id}: render() returns an SVG document and renderText() one line`, () => {
    const env = make(id);
    env.reset({ seed: 0 });
    for (const svg of [env.render(), env.unwrapped.render()]) {
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
      assert.match(svg, /<\/svg>$/);
      assert.ok(!/NaN|undefined|Infinity/.test(svg), svg);
    }
    const text = env.unwrapped.renderText();
    assert.ok(text.length > 10 && !text.includes("\n") && !text.includes("NaN"), text);
  });
}
