import assert from "node:assert/strict";
import { Acrobot } from "../../envs/acrobot.ts";
import { ResetNeededError } from "../../env/env.ts";

/** Total energy of the book model: ½·q̇ᵀM(θ2)q̇ − (m1·lc1 + m2·l1)·g·cos θ1 − m2·lc2·g·cos(θ1 + θ2). */
function energy(s: Float64Array): number {
  const [t1, t2, w1, w2] = s;
  const d1 = 0.25 + (1 + 0.25 + Math.cos(t2)) + 2, d2 = 0.25 + 0.5 * Math.cos(t2) + 1;
  const kinetic = 0.5 * (d1 * w1 * w1 + 2 * d2 * w1 * w2 + 1.25 * w2 * w2);
  return kinetic - 1.5 * 9.8 * Math.cos(t1) - 0.5 * 9.8 * Math.cos(t1 + t2);
}

function env(options = {}): Acrobot {
  const e = new Acrobot(options);
  e.reset({ seed: 0 });
  return e;
}

Deno.test("Acrobot at rest hanging down stays put with zero torque", () => {
  // All forces vanish except through cos(θ − π/2) = 6.1e-17 (not exactly 0, as in Gymnasium).
  const e = env();
  e.state = [0, 0, 0, 0];
  const r = e.step(1);
  for (const v of e.state) assert.ok(Math.abs(v) < 1e-15, `${v}`);
  assert.deepEqual(Array.from(r.observation, (v) => Math.round(v * 1e6) / 1e6 + 0), [
    1,
    0,
    1,
    0,
    0,
    0,
  ]);
  assert.deepEqual([r.reward, r.terminated], [-1, false]);
});

Deno.test("Acrobot's book dynamics conserve energy without torque (RK4, dt = 0.2)", () => {
  // The book equations are Lagrangian, so with τ = 0 only the RK4 error (≈0.7% here) changes the
  // energy; the NIPS equations drop a term and are not conservative (drift > 3 J from this state).
  const drift = (bookOrNips: "book" | "nips") => {
    const e = env({ bookOrNips });
    e.state = [1, 0.5, 0, 0];
    const e0 = energy(e.state);
    let max = 0;
    for (let i = 0; i < 25; i++) {
      e.step(1);
      max = Math.max(max, Math.abs(energy(e.state) - e0));
    }
    return max;
  };
  assert.ok(drift("book") < 0.1, `book drift ${drift("book")}`);
  assert.ok(drift("nips") > 1, `nips drift ${drift("nips")}`);
  // The torque does work: pushing along θ̇2 adds energy.
  const e = env();
  e.state = [0, 0, 0, 1];
  const before = energy(e.state);
  e.step(2);
  assert.ok(energy(e.state) > before + 0.05);
});

Deno.test("Acrobot wraps angles into [−π, π] and bounds velocities after the RK4 step", () => {
  const e = env();
  e.state = [Math.PI - 1e-3, -Math.PI + 1e-3, 1, -1];
  e.step(1);
  const [t1, t2] = e.state;
  assert.ok(t1 < 0 && t1 >= -Math.PI, `θ1 wrapped to ${t1}`);
  assert.ok(t2 > 0 && t2 <= Math.PI, `θ2 wrapped to ${t2}`);
  e.state = [0, 0, 4 * Math.PI, 9 * Math.PI];
  e.step(2);
  assert.ok(Math.abs(e.state[2]) <= 4 * Math.PI && Math.abs(e.state[3]) <= 9 * Math.PI);
  assert.equal(e.state[3], 9 * Math.PI);
});

Deno.test("Acrobot terminates with reward 0 when the tip is above the line", () => {
  const e = env();
  e.state = [Math.PI, 0, 0, 0]; // upright: −cos π − cos π = 2 > 1
  const r = e.step(1);
  assert.deepEqual([r.terminated, r.reward], [true, 0]);
  assert.throws(() => e.step(1), ResetNeededError);
  for (const a of [3, -1, 0.5]) assert.throws(() => env().step(a), /Discrete\(3\)/);
});

Deno.test("Acrobot.reset() rounds the drawn state to float32; torque noise uses the generator", () => {
  const e = new Acrobot();
  e.reset({ seed: 3, low: -0.2, high: 0.2 });
  for (const v of e.state) assert.ok(v === Math.fround(v) && Math.abs(v) <= 0.2);
  const a = env({ torqueNoiseMax: 0.5 }), b = env({ torqueNoiseMax: 0.5 }), c = env();
  a.state = b.state = c.state = [0, 0, 0, 0];
  a.step(1);
  b.step(1);
  c.step(1);
  assert.deepEqual(a.state, b.state);
  assert.notDeepEqual(a.state, c.state);
});
