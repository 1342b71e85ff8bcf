import assert from "node:assert/strict";
import { MountainCar } from "../../envs/mountain_car.ts";
import { ResetNeededError } from "../../env/env.ts";

function env(options = {}): MountainCar {
  const e = new MountainCar(options);
  e.reset({ seed: 0 });
  return e;
}

Deno.test("MountainCar.step() follows v += (a−1)·0.001 − 0.0025·cos(3p), p += v", () => {
  // p = −0.5, v = 0, push right: v = 0.001 + cos(−1.5)·(−0.0025) = 0.001 − 0.0025·0.0707372016677029
  // = 0.000823156995830743; p = −0.5 + v = −0.499176843004169.
  const e = env();
  e.state = [-0.5, 0];
  const r = e.step(2);
  assert.ok(Math.abs(e.state[1] - 0.000823156995830743) < 1e-15);
  assert.ok(Math.abs(e.state[0] - -0.499176843004169257) < 1e-15);
  assert.deepEqual([r.reward, r.terminated, r.truncated], [-1, false, false]);
  assert.deepEqual(r.observation, Float32Array.from(e.state));
});

Deno.test("MountainCar clips the speed, stops at the left wall only, and needs v ≥ goalVelocity", () => {
  const e = env();
  // Left wall: v = −0.07 − 0.001 + 0.0025·0.896758 ≈ −0.06876, p = −1.26876 → clipped to −1.2, v → 0.
  e.state = [-1.2, -0.07];
  e.step(0);
  assert.deepEqual(Array.from(e.state), [-1.2, 0]);
  // Right end: v = 0.07 + 0.001 + 0.0025·0.16840 > 0.07 → 0.07; p = 0.65 → 0.6 with v kept.
  e.state = [0.58, 0.07];
  const r = e.step(2);
  assert.deepEqual(Array.from(e.state), [0.6, 0.07]);
  assert.equal(r.terminated, true);
  // Past the goal but moving left: not terminated.
  e.state = [0.55, -0.02];
  assert.equal(e.step(1).terminated, false);
  // goalVelocity 0.02: reaching p ≥ 0.5 slowly does not count.
  const g = env({ goalVelocity: 0.02 });
  g.state = [0.499, 0.01];
  assert.equal(g.step(1).terminated, false);
  g.state = [0.499, 0.03];
  assert.equal(g.step(2).terminated, true);
});

Deno.test("MountainCar errors: bad actions, stepping after termination unless allowed", () => {
  const e = env();
  for (const a of [3, -1, 1.5]) {
    assert.throws(
      () => e.step(a),
      /Cannot step MountainCar-v0: action must be an integer in Discrete\(3\)/,
    );
  }
  e.state = [0.49, 0.07];
  e.step(2);
  assert.throws(() => e.step(2), ResetNeededError);
  const loose = env({ allowStepAfterTerminated: true });
  loose.state = [0.49, 0.07];
  assert.deepEqual([loose.step(2).terminated, loose.step(2).terminated], [true, true]);
  assert.throws(() => new MountainCar({ goalVelocity: NaN }), TypeError);
});

Deno.test("MountainCar.reset() puts the car in [-0.6, -0.4) at rest, or in options' bounds", () => {
  const e = new MountainCar();
  for (let seed = 0; seed < 20; seed++) {
    const { observation } = e.reset({ seed });
    assert.ok(observation[0] >= -0.6 && observation[0] <= -0.4 && observation[1] === 0);
    e.reset({ low: -1, high: -0.9 });
    assert.ok(e.state[0] >= -1 && e.state[0] < -0.9);
  }
});
