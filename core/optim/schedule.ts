/**
 * Schedules: a value as a function of the step count, for learning-rate annealing, DQN's
 * exploration epsilon and PPO's clip range. They are pure functions of the step, so they need no
 * state of their own to save or restore.
 *
 * @example
 * ```ts
 * import { linearSchedule } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * // DQN exploration: 1 → 0.05 over the first 50% of 10 000 steps, then constant.
 * const epsilon = linearSchedule(1, 0.05, 5000);
 * assert.equal(epsilon(0), 1);
 * assert.equal(epsilon(2500), 0.525);
 * assert.equal(epsilon(9000), 0.05);
 * ```
 *
 * @module
 */

/** A value as a function of the (non-negative) step count. */
export type Schedule = (step: number) => number;

/**
 * A schedule that always returns `value`.
 *
 * @param value Any finite number.
 * @returns The schedule.
 * @throws {RangeError} if `value` is not finite.
 * @example Usage
 * ```ts
 * import { constantSchedule } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.equal(constantSchedule(3e-4)(123), 3e-4);
 * ```
 */
export function constantSchedule(value: number): Schedule {
  checkFinite("constantSchedule", "value", value);
  return () => value;
}

/**
 * A schedule that goes linearly from `start` at step 0 to `end` at step `duration`, and stays at
 * `end` afterwards (CleanRL's `linear_schedule`, in either direction). Steps before 0 give `start`.
 *
 * For PPO/A2C's learning-rate annealing (`frac = 1 - (iteration - 1) / numIterations`), use
 * `linearSchedule(lr, 0, numIterations)(iteration - 1)`.
 *
 * @param start The value at step 0.
 * @param end The value from step `duration` on.
 * @param duration The number of steps of the ramp, > 0.
 * @returns The schedule.
 * @throws {RangeError} if a value is not finite or `duration` is not > 0.
 * @example Usage
 * ```ts
 * import { linearSchedule } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const lr = linearSchedule(2.5e-4, 0, 100);
 * assert.equal(lr(0), 2.5e-4);
 * assert.equal(lr(50), 1.25e-4);
 * assert.equal(lr(100), 0);
 * ```
 */
export function linearSchedule(start: number, end: number, duration: number): Schedule {
  checkFinite("linearSchedule", "start", start);
  checkFinite("linearSchedule", "end", end);
  checkFinite("linearSchedule", "duration", duration);
  if (duration <= 0) {
    throw new RangeError(`Cannot make linearSchedule: duration must be > 0, got ${duration}`);
  }
  return (step: number): number => {
    if (step >= duration) return end;
    if (step <= 0) return start;
    return start + (step / duration) * (end - start);
  };
}

function checkFinite(who: string, name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`Cannot make ${who}: ${name} must be a finite number, got ${value}`);
  }
}
