import assert from "node:assert/strict";
import { warningsOf } from "./_warnings.ts";
import { envSpec, make, makeEnvSource, makeVec, register, registry } from "../../env/registry.ts";
import { EnvAdapter, isFastEnv, toFastEnv } from "../../env/env_adapter.ts";
import { SyncVectorEnv } from "../../env/vector_env.ts";
import { TimeLimit } from "../../env/wrappers/time_limit.ts";
import { ResetNeededError } from "../../env/env.ts";
import { Box, Discrete } from "../../core/spaces.ts";
import "../../envs/registry.ts"; // the built-ins
import { Corridor, CorridorContinuous } from "../../examples/corridor.ts";

Deno.test("register() adds a spec; make() wraps the user's env in its TimeLimit", () => {
  register({ id: "TestCorridor-v0", create: () => new Corridor(), maxEpisodeSteps: 7 });
  assert.deepEqual(envSpec("TestCorridor-v0"), {
    id: "TestCorridor-v0",
    maxEpisodeSteps: 7,
    rewardThreshold: null,
  });
  assert.equal(registry.at(-1)?.id, "TestCorridor-v0");
  const env = make("TestCorridor-v0");
  assert.ok(env instanceof TimeLimit);
  assert.ok((env as TimeLimit).unwrapped instanceof Corridor);
  assert.equal(env.spec?.id, "TestCorridor-v0");
  env.reset({ seed: 0 });
  let r;
  for (let i = 0; i < 7; i++) r = env.step(1);
  assert.equal(r!.truncated, true); // always right: never terminates, cut at 7
  assert.throws(() => env.step(1), ResetNeededError);
  assert.throws(
    () => register({ id: "TestCorridor-v0", create: () => new Corridor() }),
    /already registered/,
  );
  assert.throws(() => register({ id: "", create: () => new Corridor() }), TypeError);
  assert.throws(
    () => register({ id: "X-v0", create: () => new Corridor(), maxEpisodeSteps: 0 }),
    RangeError,
  );
  register({ id: "TestCorridorNoLimit-v0", create: () => new Corridor() });
  assert.ok(make("TestCorridorNoLimit-v0") instanceof EnvAdapter);
});

Deno.test("make() and agents suggest the right id for a wrong one", () => {
  assert.throws(() => make("cartpole-v1"), (e: Error) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /did you mean "CartPole-v1"\?/);
    return true;
  });
  assert.throws(() => makeEnvSource("Acrobot-v2", "PPO"), /Cannot create PPO: .*"Acrobot-v1"/);
  assert.throws(() => makeEnvSource(42 as never, "PPO"), TypeError);
});

Deno.test("makeEnvSource() takes a factory; makeVec() a user's id", () => {
  const source = makeEnvSource(() => new Corridor(), "PPO");
  assert.equal(source.id, "Corridor");
  assert.ok(source.create() instanceof EnvAdapter);
  register({ id: "TestVecCorridor-v0", create: () => new Corridor(), maxEpisodeSteps: 20 });
  const venv = makeVec("TestVecCorridor-v0", 3, { seed: 4 });
  venv.reset();
  venv.step(new Int32Array([0, 0, 0]));
  assert.equal(venv.observations.length, 3);
});

Deno.test("EnvAdapter keeps the contract for a user's env and explains bad results", () => {
  const env = toFastEnv(new Corridor());
  assert.ok(!isFastEnv(new Corridor()) && isFastEnv(env));
  assert.equal(toFastEnv(env), env);
  assert.throws(() => env.step(0), /reset\(\) was not called/);
  env.reset({ seed: 1 });
  assert.throws(() => env.step(2), RangeError);
  assert.throws(() => env.step(0.5), RangeError);
  const bad = Object.assign(new Corridor(), {
    step: () => [Float32Array.of(0), 1, false, false, {}],
  });
  const a = new EnvAdapter(bad);
  a.reset();
  assert.throws(() => a.step(0), /step\(\) must return \{ observation, reward/);
  const list = Object.assign(new Corridor(), {
    reset: () => ({ observation: [0], info: {} }),
  });
  assert.throws(() => new EnvAdapter(list as never).reset(), /Float32Array\.from/);
  assert.throws(
    () => new EnvAdapter(Object.assign(new Corridor(), { observationSpace: new Discrete(3) })),
    /observationSpace must be a Box/,
  );
  const c = new EnvAdapter(new CorridorContinuous());
  c.reset({ seed: 0 });
  assert.throws(() => c.step([0, 1]), TypeError);
  assert.throws(() => c.step([NaN]), RangeError);
  assert.equal(c.snapshotIsExact, false);
  assert.ok(c.actionSpace instanceof Box);
});

Deno.test("SyncVectorEnv restores a user's env without snapshot by resetting it, with a warning", () => {
  const venv = new SyncVectorEnv(() => new CorridorContinuous(), 2, { seed: 3 });
  venv.reset();
  for (let t = 0; t < 5; t++) venv.step(new Float32Array([0.3, -0.3]));
  const saved = JSON.parse(JSON.stringify(venv.snapshot()));
  const again = new SyncVectorEnv(() => new CorridorContinuous(), 2, { seed: 3 });
  const warnings = warningsOf(() => again.restore(saved));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /not bit-exact/);
  assert.deepEqual(Array.from(again.runningLength), [0, 0]);
  again.step(new Float32Array([0.3, -0.3])); // steps without a ResetNeededError
  // An env with snapshot()/restore() continues bit for bit and does not warn.
  const exact = new SyncVectorEnv(() => new Corridor(), 2, { seed: 3 });
  exact.reset();
  exact.step(new Int32Array([0, 1]));
  const s = JSON.parse(JSON.stringify(exact.snapshot()));
  exact.step(new Int32Array([1, 0]));
  const want = exact.observations.slice();
  const copy = new SyncVectorEnv(() => new Corridor(), 2, { seed: 99 });
  copy.restore(s);
  copy.step(new Int32Array([1, 0]));
  assert.deepEqual(copy.observations, want);
});

Deno.test("SyncVectorEnv refuses a factory that returns one env for every sub-env", () => {
  const one = new Corridor();
  assert.throws(() => new SyncVectorEnv(() => one, 2), /the same env twice/);
});
