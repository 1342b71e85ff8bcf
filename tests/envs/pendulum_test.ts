import assert from "node:assert/strict";
import { Pendulum, type PendulumResetOptions } from "../../envs/pendulum.ts";
import { make } from "../../envs/registry.ts";

const f = Math.fround;

function env(options = {}): Pendulum {
  const e = new Pendulum(options);
  e.reset({ seed: 0 });
  return e;
}

Deno.test("Pendulum.step() matches the hand-computed semi-implicit Euler step", () => {
  // θ = 0.5, θ̇ = 1, u = 2: cost = 0.5² + 0.1·1² + f(f(0.001)·4) ≈ 0.35 + 0.004;
  // θ̇' = 1 + (15·sin 0.5 + 3·2)·0.05 = 1 + (7.19138…+ 6)·0.05 ≈ 1.65957; θ' = 0.5 + θ̇'·0.05.
  const e = env();
  e.state = [0.5, 1];
  const r = e.step([2]);
  const thdot = 1 + (15 * Math.sin(0.5) + 6) * 0.05;
  assert.ok(Math.abs(thdot - 1.6595691) < 1e-6);
  assert.deepEqual(Array.from(e.state), [0.5 + thdot * 0.05, thdot]);
  assert.equal(r.reward, -(0.25 + 0.1 + f(f(0.001) * 4)));
  assert.deepEqual(
    r.observation,
    Float32Array.from([Math.cos(0.5 + thdot * 0.05), Math.sin(0.5 + thdot * 0.05), thdot]),
  );
  assert.deepEqual([r.terminated, r.truncated, e.lastU], [false, false, 2]);
});

Deno.test("Pendulum's cost normalises θ with a floored modulo; θ itself is never wrapped", () => {
  // angle_normalize(−7.5) = ((−7.5 + π) mod 2π) − π with Python's floored mod:
  // −4.358407… mod 6.283185… = 1.924778…, minus π = −1.216814… (JS % would give −7.5).
  const e = env();
  e.state = [-7.5, 0];
  const r = e.step([0]);
  const an = (-7.5 + Math.PI) + 2 * Math.PI - Math.PI;
  assert.ok(Math.abs(an - -1.2168146928204138) < 1e-12);
  assert.ok(Math.abs(r.reward - -(an * an)) < 1e-12);
  assert.ok(e.state[0] < -7.4);
  e.state = [Math.PI, 0]; // hanging straight down: cost π²
  assert.equal(e.step([0]).reward, -(((Math.PI + Math.PI) % (2 * Math.PI) - Math.PI) ** 2));
});

Deno.test("Pendulum's cost gives the bits of the floored-modulo formula on every branch", () => {
  const b = 2 * Math.PI;
  const reference = (x: number): number => { // the formula before the fast branches
    let r = (x + Math.PI) % b;
    if (r < 0) r += b;
    else if (r === 0) r = 0;
    return r - Math.PI;
  };
  const thetas = [0, -0, Math.PI, -Math.PI, 3 * Math.PI, -3 * Math.PI, 5 * Math.PI, -5 * Math.PI];
  for (let i = 0; i < 4000; i++) thetas.push((i - 2000) * 0.0137, (i - 2000) * 0.1234567);
  for (const base of [Math.PI, -Math.PI, 3 * Math.PI, -3 * Math.PI]) {
    for (let k = -3; k <= 3; k++) thetas.push(base + k * 4.440892098500626e-16);
  }
  const e = env();
  for (const theta of thetas) {
    e.state = [theta, 0];
    const an = reference(theta);
    assert.equal(e.step([0]).reward, -(an * an), `θ = ${theta}`);
  }
});

Deno.test("Pendulum clips the torque to ±2 (before the cost) and the speed to ±8", () => {
  const a = env(), b = env();
  a.state = b.state = [1, 2];
  assert.deepEqual(a.step([4]), b.step([2]));
  assert.equal(a.lastU, 2);
  a.state = [0, 7.99];
  a.step([2]);
  assert.equal(a.state[1], 8);
  assert.equal(a.state[0], 8 * 0.05);
  a.state = [0, -7.99];
  a.step([-2]);
  assert.equal(a.state[1], -8);
  // The torque is taken as float32: 0.1 and f(0.1) act identically.
  a.state = b.state = [1, 0];
  assert.deepEqual(a.step([0.1]), b.step(Float32Array.from([0.1])));
});

Deno.test("Pendulum g changes the dynamics; reset uses xInit/yInit and rejects low/high", () => {
  const a = env(), b = env({ g: 9.81 });
  a.state = b.state = [1, 0];
  a.step([0]);
  b.step([0]);
  assert.ok(Math.abs(b.state[1] - (3 * 9.81 / 2) * Math.sin(1) * 0.05) < 1e-15);
  assert.notEqual(a.state[1], b.state[1]);
  const e = new Pendulum();
  for (let seed = 0; seed < 20; seed++) {
    e.reset({ seed });
    assert.ok(Math.abs(e.state[0]) <= Math.PI && Math.abs(e.state[1]) <= 1);
    e.reset({ xInit: 0.1, yInit: 0.01 });
    assert.ok(Math.abs(e.state[0]) <= 0.1 && Math.abs(e.state[1]) <= 0.01);
    assert.equal(e.lastU, null);
  }
  assert.throws(() => e.reset({ low: -1, high: 1 }), TypeError);
  assert.throws(() => e.reset({ xInit: NaN }), TypeError);
  // Through make(): the TimeLimit forwards the options.
  const m = make("Pendulum-v1");
  m.reset({ seed: 1, xInit: 0.01, yInit: 0 } as PendulumResetOptions);
  assert.ok(Math.abs(m.unwrapped.state[0]) <= 0.01 && m.unwrapped.state[1] === 0);
});
