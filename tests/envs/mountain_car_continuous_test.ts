import assert from "node:assert/strict";
import { MountainCarContinuous } from "../../envs/mountain_car_continuous.ts";
import { ResetNeededError } from "../../env/env.ts";

const f = Math.fround;

function env(options = {}): MountainCarContinuous {
  const e = new MountainCarContinuous(options);
  e.reset({ seed: 0 });
  return e;
}

Deno.test("MountainCarContinuous: the first step after a float64 state takes NumPy 2's mixed path", () => {
  // p = −0.5 (float64), a = 1 (float32): force·power = f(1·f(0.0015)); the cosine term is the double
  // 0.0025·cos(−1.5) = 0.000176843004169257, rounded to float32 before the float32 subtraction;
  // v = 0 + inc and p = −0.5 + v in float64, then both are stored as float32.
  const e = env();
  e.state = [-0.5, 0];
  assert.equal(e.stateIsFloat32, false);
  const r = e.step([1]);
  const inc = f(f(0.0015) - f(0.0025 * Math.cos(-1.5)));
  assert.deepEqual(Array.from(e.state), [f(-0.5 + inc), inc]);
  assert.equal(e.stateIsFloat32, true);
  assert.ok(Math.abs(inc - (0.0015 - 0.000176843004169257)) < 1e-9);
  assert.equal(r.reward, -0.1); // 0 − (1·1)·0.1
  assert.deepEqual(r.observation, Float32Array.from(e.state));
});

Deno.test("MountainCarContinuous: a Float32Array state selects the float32 path", () => {
  // p = f(−0.52): 3p is rounded to float32 before the cosine, and v, p are float32 sums.
  const e = env();
  e.state = Float32Array.from([-0.52, 0.01]);
  assert.equal(e.stateIsFloat32, true);
  e.step([0.5]);
  const p = f(-0.52), v0 = f(0.01);
  const inc = f(f(0.5 * f(0.0015)) - f(0.0025 * Math.cos(f(3 * p))));
  const v = f(v0 + inc);
  assert.deepEqual(Array.from(e.state), [f(p + v), v]);
  e.state = [-0.52, 0.01];
  assert.equal(e.stateIsFloat32, false);
});

Deno.test("MountainCarContinuous clips the force but charges the unclipped action", () => {
  const a = env(), b = env();
  a.state = [-0.5, 0];
  b.state = [-0.5, 0];
  const big = a.step([5]), one = b.step([1]);
  assert.ok(Math.abs(big.reward - -2.5) < 1e-12); // 0 − (5·5)·0.1
  assert.equal(one.reward, -0.1);
  // Same push (the clipped force is the double 1.0, so the arithmetic is float64, not float32).
  assert.ok(Math.abs(a.state[1] - b.state[1]) < 1e-9);
  assert.throws(() => a.step([NaN]), RangeError);
  // deno-lint-ignore no-explicit-any
  for (const bad of [0.5, [0.1, 0.2], [], "1", null] as any[]) {
    assert.throws(() => a.step(bad), TypeError);
  }
});

Deno.test("MountainCarContinuous terminates at 0.45 with the +100 bonus; walls as MountainCar", () => {
  const e = env();
  e.state = [0.44, 0.07];
  const r = e.step([0]);
  assert.deepEqual([r.terminated, r.reward], [true, 100]);
  assert.throws(() => e.step([0]), ResetNeededError);
  e.state = [-1.19, -0.07];
  e.step([-1]);
  assert.deepEqual(Array.from(e.state), [f(-1.2), 0]);
  const loose = env({ allowStepAfterTerminated: true });
  loose.state = [0.5, 0.05];
  const rewards = [loose.step([1]).reward, loose.step([1]).reward]; // the bonus is paid again
  assert.deepEqual(rewards.map((x) => Math.round(x * 10) / 10), [99.9, 99.9]);
  const slow = env({ goalVelocity: 0.02 });
  slow.state = [0.44, 0.01];
  assert.equal(slow.step([0]).terminated, false);
});
