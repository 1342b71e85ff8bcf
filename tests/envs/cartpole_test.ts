import assert from "node:assert/strict";
import { CartPole } from "../../envs/cartpole.ts";
import { ResetNeededError } from "../../env/env.ts";

function close(got: ArrayLike<number>, want: number[], tol = 1e-12): void {
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= tol, `[${i}] ${got[i]} vs ${want[i]}`);
  }
}

Deno.test("CartPole.step() from rest matches the hand-derived Euler step", () => {
  // θ = 0, F = +10: temp = 10/1.1 = 100/11; θ̈ = -temp / (0.5·(4/3 − 0.1/1.1)) = -(100/11)/(41/66)
  // = -600/41; ẍ = temp − 0.05·θ̈/1.1 = 100/11 + 300/451 = 400/41.
  // Euler (old velocities): x = 0, ẋ = 0.02·400/41 = 8/41, θ = 0, θ̇ = 0.02·(-600/41) = -12/41.
  const env = new CartPole();
  env.reset({ seed: 0 });
  env.state = [0, 0, 0, 0];
  const r = env.step(1);
  close(env.state, [0, 8 / 41, 0, -12 / 41]);
  close(r.observation, [0, 8 / 41, 0, -12 / 41], 1e-7);
  assert.deepEqual([r.reward, r.terminated, r.truncated], [1, false, false]);
  // Action 0 mirrors it.
  env.state = [0, 0, 0, 0];
  env.step(0);
  close(env.state, [0, -8 / 41, 0, 12 / 41]);
});

Deno.test("CartPole semi-implicit Euler uses the new velocities", () => {
  // Same accelerations as above; ẋ = 8/41 first, then x = 0.02·8/41; θ̇ = -12/41, θ = 0.02·(-12/41).
  const env = new CartPole({ kinematicsIntegrator: "semi-implicit" });
  env.reset({ seed: 0 });
  env.state = [0, 0, 0, 0];
  env.step(1);
  close(env.state, [0.02 * 8 / 41, 8 / 41, 0.02 * -12 / 41, -12 / 41]);
});

Deno.test("CartPole terminates strictly outside ±12° and ±2.4", () => {
  const env = new CartPole();
  env.reset({ seed: 0 });
  const thr = 12 * 2 * Math.PI / 360;
  // θ exactly at the threshold with θ̇ = 0 stays (Euler moves θ by τ·θ̇ = 0).
  env.state = [0, 0, thr, 0];
  assert.equal(env.step(1).terminated, false);
  env.state = [2.4, 0, 0, 0];
  assert.equal(env.step(1).terminated, false);
  env.state = [2.4, 1, 0, 0];
  assert.equal(env.step(1).terminated, true);
  env.state = [0, 0, -thr, -1];
  assert.equal(env.step(0).terminated, true);
});

Deno.test("CartPole after termination: throws by default, Gymnasium's rewards when allowed", () => {
  const strict = new CartPole();
  strict.reset({ seed: 0 });
  strict.state = [0, 0, 0.2, 2];
  assert.equal(strict.step(1).terminated, true);
  assert.throws(() => strict.step(1), ResetNeededError);
  assert.throws(() => strict.stepInto([1], 0, new Float32Array(4), 0), ResetNeededError);

  for (const [suttonBartoReward, rewards] of [[false, [1, 0, 0]], [true, [-1, -1, -1]]] as const) {
    const env = new CartPole({ allowStepAfterTerminated: true, suttonBartoReward });
    env.reset({ seed: 0 });
    env.state = [0, 0, 0.2, 2];
    const got = [env.step(1), env.step(1), env.step(1)];
    assert.deepEqual(got.map((r) => r.terminated), [true, true, true]);
    assert.deepEqual(got.map((r) => r.reward), rewards);
    // Only reset() clears Gymnasium's steps_beyond_terminated.
    env.state = [0, 0, 0.2, 2];
    assert.equal(env.step(1).reward, suttonBartoReward ? -1 : 0);
    env.reset();
    env.state = [0, 0, 0.2, 2];
    assert.equal(env.step(1).reward, suttonBartoReward ? -1 : 1);
  }
});

Deno.test("CartPole rejects actions outside Discrete(2) with a RangeError naming env, action, space", () => {
  const env = new CartPole();
  env.reset({ seed: 0 });
  for (const a of [2, -1, 0.5, NaN, "1", [1]]) {
    // deno-lint-ignore no-explicit-any
    assert.throws(() => env.step(a as any), (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, /^Cannot step CartPole-v1: .*Discrete\(2\).*got /);
      assert.ok(e.message.endsWith(typeof a === "string" ? '"1"' : String(a)), e.message);
      return true;
    });
  }
  assert.throws(() => env.stepInto([3], 0, new Float32Array(4), 0), RangeError);
  env.step(1); // still usable
});

Deno.test("CartPole.reset() draws from the bounds, which options.low/high change", () => {
  const env = new CartPole();
  for (let seed = 0; seed < 20; seed++) {
    const s = env.reset({ seed }) && env.state;
    assert.ok(s.every((v) => v >= -0.05 && v < 0.05));
    const w = env.reset({ low: 0.3, high: 0.4 }) && env.state;
    assert.ok(w.every((v) => v >= 0.3 && v < 0.4));
  }
  assert.throws(() => env.reset({ low: 1, high: 0 }), RangeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => env.reset({ low: "a" as any }), TypeError);
});
