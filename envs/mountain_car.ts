/**
 * MountainCar-v0, Gymnasium's `MountainCarEnv` (Moore's mountain car, discrete actions) ported
 * exactly.
 *
 * @example
 * ```ts
 * import { MountainCar } from "@seeded/rl";
 * const env = new MountainCar();
 * env.reset({ seed: 1 });
 * const { observation, reward } = env.step(2);
 * ```
 *
 * @module
 */

import { Box, Discrete } from "../core/spaces.ts";
import { PhysicsEnv } from "./physics_env.ts";
import { carSvg, carText } from "./_mountain_car_render.ts";
import { cos } from "../core/math/cos.ts";

/** Options of {@linkcode MountainCar}. */
export interface MountainCarOptions {
  /** The minimum velocity at the goal for termination (Gymnasium's `goal_velocity`). @default {0} */
  goalVelocity?: number;
  /**
   * Allow `step()` after termination with Gymnasium's behaviour instead of
   * throwing `ResetNeededError` (for replaying Gymnasium's post-termination steps on the raw env;
   * the `TimeLimit` of `make()` still requires a reset after an episode ended).
   * @default {false}
   */
  allowStepAfterTerminated?: boolean;
}

const ID = "MountainCar-v0";

/**
 * ## Description
 * A car placed at the bottom of a sinusoidal valley must reach the flag on the right hill by
 * building momentum; its engine alone is too weak. From Andrew Moore's PhD thesis, ["Efficient
 * Memory-based Learning for Robot Control"](https://www.cl.cam.ac.uk/techreports/UCAM-CL-TR-209.pdf)
 * (1990). Dynamics and constants are Gymnasium's (`mountain_car.py`), in float64:
 *
 * v ← clip(v + ((a − 1)·force + cos(3p)·(−gravity)), −0.07, 0.07); p ← clip(p + v, −1.2, 0.6);
 * at the left wall (p = −1.2 with v < 0) v ← 0 (inelastic). There is no stop at the right end.
 *
 * ## Action Space
 * `Discrete(3)`, an integer: 0 accelerates left, 1 does nothing, 2 accelerates right.
 *
 * ## Observation Space
 * `Float32Array(2)`:
 *
 * | Num | Observation                          | Min   | Max  | Unit         |
 * |-----|--------------------------------------|-------|------|--------------|
 * | 0   | position of the car along the x-axis | -1.2  | 0.6  | position (m) |
 * | 1   | velocity of the car                  | -0.07 | 0.07 | velocity (v) |
 *
 * ## Rewards
 * -1 on every step, including the terminating one.
 *
 * ## Starting State
 * Position uniform in [-0.6, -0.4) (`reset({ low, high })` changes it), velocity 0, drawn from the
 * env's {@linkcode Random} (not Gymnasium's numbers for the same seed; `new Random(0)` before the
 * first `reset({ seed })`).
 *
 * ## Episode End
 * 1. Termination: position ≥ 0.5 and velocity ≥ `goalVelocity` (a car past the goal moving left
 *    does not terminate).
 * 2. Truncation (through `make`'s `TimeLimit`): 200 steps.
 *
 * `step()` after termination throws `ResetNeededError` unless `allowStepAfterTerminated` is set
 * (then the physics continues, as in Gymnasium).
 *
 * ## Arguments
 * {@linkcode MountainCarOptions}: `goalVelocity`, `allowStepAfterTerminated`.
 *
 * ## Version History
 * - v0: Gymnasium's only version (200 steps, reward threshold -110).
 *
 * @example
 * ```ts
 * import { MountainCar } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const env = new MountainCar();
 * env.reset({ seed: 0 });
 * env.state = [0.49, 0.07];
 * assert.equal(env.step(2).terminated, true);
 * ```
 */
export class MountainCar extends PhysicsEnv<number> {
  /** Left end of the track (m). */
  readonly minPosition: number = -1.2;
  /** Right end of the track (m). */
  readonly maxPosition: number = 0.6;
  /** Speed limit (m/step). */
  readonly maxSpeed: number = 0.07;
  /** Position of the flag (m). */
  readonly goalPosition: number = 0.5;
  /** Minimum velocity at the goal for termination (m/step). */
  readonly goalVelocity: number;
  /** Velocity change per step from the engine (m/step²). */
  readonly force: number = 0.001;
  /** Gravity factor of the slope term (m/step²). */
  readonly gravity: number = 0.0025;
  /** Whether `step()` after termination continues (Gymnasium) instead of throwing. */
  readonly allowStepAfterTerminated: boolean;
  /** `Discrete(3)`. */
  readonly actionSpace: Discrete = new Discrete(3);
  /** `Box([-1.2, -0.07], [0.6, 0.07])`. */
  readonly observationSpace: Box = new Box([-1.2, -0.07], [0.6, 0.07]);

  /**
   * Creates the env (call `reset` before stepping).
   *
   * @param options Goal velocity and post-termination behaviour.
   * @throws {TypeError} if `goalVelocity` is not a finite number.
   */
  constructor(options: MountainCarOptions = {}) {
    super(ID, 2, 2, [-0.6, -0.4], options.allowStepAfterTerminated ?? false);
    this.goalVelocity = options.goalVelocity ?? 0;
    if (!Number.isFinite(this.goalVelocity)) {
      throw new TypeError(
        `Cannot create ${ID}: goalVelocity must be finite, got ${this.goalVelocity}`,
      );
    }
    this.allowStepAfterTerminated = options.allowStepAfterTerminated ?? false;
  }

  /** Position uniform in `(low, high)`, velocity 0. */
  protected resetState(low: number, high: number): void {
    this.s[0] = this.rng.uniform(low, high);
    this.s[1] = 0;
  }

  /** Writes `[position, velocity]`. */
  protected observe(observations: Float32Array, offset: number): void {
    observations[offset] = this.s[0];
    observations[offset + 1] = this.s[1];
  }

  /** Accelerates (0 left, 1 none, 2 right) for one step; returns the reward, -1. */
  protected advance(action: number, observations: Float32Array, offset: number): number {
    let position = this.s[0], velocity = this.s[1];
    velocity += (action - 1) * this.force + cos(3 * position) * (-this.gravity);
    if (velocity < -this.maxSpeed) velocity = -this.maxSpeed;
    else if (velocity > this.maxSpeed) velocity = this.maxSpeed;
    position += velocity;
    if (position < this.minPosition) position = this.minPosition;
    else if (position > this.maxPosition) position = this.maxPosition;
    if (position === this.minPosition && velocity < 0) velocity = 0;
    const terminated = position >= this.goalPosition && velocity >= this.goalVelocity;
    this.s[0] = position;
    this.s[1] = velocity;
    this.terminated = terminated;
    observations[offset] = position;
    observations[offset + 1] = velocity;
    return -1.0;
  }

  /** The current frame as a 600×400 SVG document (Gymnasium's drawing: hill, car, flag). */
  protected frame(): string {
    return carSvg(this.s[0], this.goalPosition);
  }

  /** One line for terminals: the track with the car (`C`) and flag (`F`), and the state. */
  renderText(): string {
    return carText(this.s[0], this.s[1], this.goalPosition);
  }
}
