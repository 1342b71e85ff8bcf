import assert from "node:assert/strict";
import { constantSchedule, linearSchedule } from "../../../core/optim/schedule.ts";

Deno.test("linearSchedule ramps from start to end over duration, then holds end", () => {
  // CleanRL DQN: linear_schedule(1, 0.05, 500) at t = 0, 100, 500, 1000 → 1, 0.81, 0.05, 0.05
  const epsilon = linearSchedule(1, 0.05, 500);
  assert.equal(epsilon(0), 1);
  assert.ok(Math.abs(epsilon(100) - 0.81) < 1e-15);
  assert.equal(epsilon(500), 0.05);
  assert.equal(epsilon(1000), 0.05);
  assert.equal(epsilon(-5), 1);
  // Increasing works too.
  const up = linearSchedule(0, 10, 4);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(up), [0, 2.5, 5, 7.5, 10, 10]);
});

Deno.test("linearSchedule reproduces PPO's lr annealing frac = 1 - (iteration - 1) / numIterations", () => {
  const lr = 2.5e-4;
  const numIterations = 7;
  const schedule = linearSchedule(lr, 0, numIterations);
  for (let iteration = 1; iteration <= numIterations; iteration++) {
    const frac = 1 - (iteration - 1) / numIterations;
    assert.ok(Math.abs(schedule(iteration - 1) - frac * lr) < 1e-18);
  }
});

Deno.test("constantSchedule returns its value", () => {
  const s = constantSchedule(0.1);
  assert.deepEqual([0, 10, 1e9].map(s), [0.1, 0.1, 0.1]);
});

Deno.test("schedules reject non-finite values and a non-positive duration", () => {
  assert.throws(() => linearSchedule(1, 0, 0), {
    name: "RangeError",
    message: /duration must be > 0, got 0/,
  });
  assert.throws(() => linearSchedule(NaN, 0, 10), {
    name: "RangeError",
    message: /start .* got NaN/,
  });
  assert.throws(() => linearSchedule(1, Infinity, 10), RangeError);
  assert.throws(() => constantSchedule(NaN), RangeError);
});
