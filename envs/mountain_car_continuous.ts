/**
 * MountainCarContinuous-v0, Gymnasium's `Continuous_MountainCarEnv` ported exactly, including the
 * float32 arithmetic NumPy 2 applies once the state is a float32 array.
 *
 * @example
 * ```ts
 * import { MountainCarContinuous } from "@seeded/rl";
 * const env = new MountainCarContinuous();
 * env.reset({ seed: 1 });
 * const { observation, reward } = env.step([0.5]);
 * ```
 *
 * @module
 */
import type { EnvSnapshot } from "../env/env.ts";
import { Box } from "../core/spaces.ts";
import { PhysicsEnv } from "./physics_env.ts";
import { carSvg, carText } from "./_mountain_car_render.ts";
import { cos } from "../core/math/cos.ts";

/** Options of {@linkcode MountainCarContinuous}. */
export interface MountainCarContinuousOptions {
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

const ID = "MountainCarContinuous-v0";
const f = Math.fround;
const F_POWER = f(0.0015), F_MAX_SPEED = f(0.07), F_MAX_POS = f(0.6), F_MIN_POS = f(-1.2);
const F_GOAL = f(0.45);

/**
 * ## Description
 * The mountain car of {@linkcode MountainCar} with a continuous engine force, after Olivier
 * Sigaud's merge of the FAReinforcement version (Gymnasium's `continuous_mountain_car.py`).
 *
 * v ← v + force·0.0015 − 0.0025·cos(3p), clipped to ±0.07; p ← p + v, clipped to [−1.2, 0.6]; at
 * the left wall (p = −1.2 with v < 0) v ← 0.
 *
 * **Float32 parity.** Gymnasium stores the state as a float32 array after each step, so under
 * NumPy 2 every later step runs in float32 while the first step after `reset` (or after assigning a
 * float64 state) runs in float64. This port reproduces both paths bit for bit: assigning a
 * `Float32Array` to `state` selects the float32 path, like assigning an `np.float32` array.
 * Actions are taken as float32 values (as `action_space.sample()` gives them).
 *
 * ## Action Space
 * `Box(-1, 1, (1,))`: the engine force, a `Float32Array` or `number[]` of length 1. Values outside
 * [-1, 1] are clipped for the push but penalised unclipped, as in Gymnasium.
 *
 * ## Observation Space
 * `Float32Array(2)`:
 *
 * | Num | Observation                          | Min   | Max  | Unit          |
 * |-----|--------------------------------------|-------|------|---------------|
 * | 0   | position of the car along the x-axis | -1.2  | 0.6  | position (m)  |
 * | 1   | velocity of the car                  | -0.07 | 0.07 | velocity (v)  |
 *
 * ## Rewards
 * −0.1·action² each step (the unclipped action), plus 100 on a step that reaches the goal.
 *
 * ## Starting State
 * Position uniform in [-0.6, -0.4) (`reset({ low, high })` changes it), velocity 0, drawn from the
 * env's {@linkcode Random} (`new Random(0)` before the first `reset({ seed })`).
 *
 * ## Episode End
 * 1. Termination: position ≥ 0.45 and velocity ≥ `goalVelocity`.
 * 2. Truncation (through `make`'s `TimeLimit`): 999 steps.
 *
 * `step()` after termination throws `ResetNeededError` unless `allowStepAfterTerminated` is set
 * (then, as in Gymnasium, the +100 is paid again on every step still at the goal).
 *
 * ## Arguments
 * {@linkcode MountainCarContinuousOptions}: `goalVelocity`, `allowStepAfterTerminated`.
 *
 * ## Version History
 * - v0: Gymnasium's only version (999 steps, reward threshold 90).
 *
 * @example
 * ```ts
 * import { MountainCarContinuous } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const env = new MountainCarContinuous();
 * env.reset({ seed: 0 });
 * env.state = [0.44, 0.07];
 * const { terminated, reward } = env.step([0]);
 * assert.equal(terminated, true);
 * assert.equal(reward, 100);
 * ```
 */
export class MountainCarContinuous extends PhysicsEnv<Float32Array | number[]> {
  /** Smallest engine force. */
  readonly minAction: number = -1.0;
  /** Largest engine force. */
  readonly maxAction: number = 1.0;
  /** Left end of the track (m). */
  readonly minPosition: number = -1.2;
  /** Right end of the track (m). */
  readonly maxPosition: number = 0.6;
  /** Speed limit (m/step). */
  readonly maxSpeed: number = 0.07;
  /** Position of the flag (m); 0.45, not MountainCar's 0.5. */
  readonly goalPosition: number = 0.45;
  /** Minimum velocity at the goal for termination (m/step). */
  readonly goalVelocity: number;
  /** Velocity change per step per unit of force (m/step²). */
  readonly power: number = 0.0015;
  /** Whether `step()` after termination continues (Gymnasium) instead of throwing. */
  readonly allowStepAfterTerminated: boolean;
  /** `Box([-1], [1])`. */
  readonly actionSpace: Box = new Box([-1], [1]);
  /** `Box([-1.2, -0.07], [0.6, 0.07])`. */
  readonly observationSpace: Box = new Box([-1.2, -0.07], [0.6, 0.07]);
  #s32 = false; // the state is a float32 array (NumPy dtype), see the class doc
  readonly #goalVelocity32: number;

  /**
   * Creates the env (call `reset` before stepping).
   *
   * @param options Goal velocity and post-termination behaviour.
   * @throws {TypeError} if `goalVelocity` is not a finite number.
   */
  constructor(options: MountainCarContinuousOptions = {}) {
    super(ID, 2, 2, [-0.6, -0.4], options.allowStepAfterTerminated ?? false);
    this.goalVelocity = options.goalVelocity ?? 0;
    if (!Number.isFinite(this.goalVelocity)) {
      throw new TypeError(
        `Cannot create ${ID}: goalVelocity must be finite, got ${this.goalVelocity}`,
      );
    }
    this.#goalVelocity32 = f(this.goalVelocity);
    this.allowStepAfterTerminated = options.allowStepAfterTerminated ?? false;
  }

  /** Whether the state is held as float32 (true after any step, as in Gymnasium). */
  get stateIsFloat32(): boolean {
    return this.#s32;
  }

  /**
   * A `Float32Array` assigned to `state` makes the next step take Gymnasium's float32 path,
   * anything else the float64 path (see the class doc).
   */
  protected override stateAssigned(value: ArrayLike<number>): void {
    this.#s32 = value instanceof Float32Array;
  }

  /** Position uniform in `(low, high)`, velocity 0, held as float64. */
  protected resetState(low: number, high: number): void {
    this.s[0] = this.rng.uniform(low, high);
    this.s[1] = 0;
    this.#s32 = false;
  }

  /** Writes `[position, velocity]`. */
  protected observe(observations: Float32Array, offset: number): void {
    observations[offset] = this.s[0];
    observations[offset + 1] = this.s[1];
  }

  /** Pushes with force `action` (clipped to [-1, 1]) for one step; returns the reward. */
  protected advance(action: number, observations: Float32Array, offset: number): number {
    const a = f(action);
    if (a !== a) throw new RangeError(`Cannot step ${ID}: action must be a number, got NaN`);
    // NumPy 2 typing, traced by hand: `a32`: the clipped force is still the float32 a[0];
    // `s32`/`p32`/`v32`: the value is an np.float32 (a clip replaces it by a Python float).
    const a32 = a >= -1 && a <= 1, s32 = this.#s32;
    const force = a32 ? a : a < -1 ? -1 : 1;
    let p = this.s[0], v = this.s[1], p32 = s32, v32 = s32;
    const fp = a32 ? f(force * F_POWER) : force * this.power;
    const d = 0.0025 * cos(s32 ? f(3 * p) : 3 * p);
    const inc = a32 ? f(fp - f(d)) : fp - d;
    v = s32 ? f(v + f(inc)) : v + inc;
    if (v32 ? v > F_MAX_SPEED : v > this.maxSpeed) v = this.maxSpeed, v32 = false;
    if (v32 ? v < -F_MAX_SPEED : v < -this.maxSpeed) v = -this.maxSpeed, v32 = false;
    p = s32 ? f(p + f(v)) : p + v;
    if (p32 ? p > F_MAX_POS : p > this.maxPosition) p = this.maxPosition, p32 = false;
    if (p32 ? p < F_MIN_POS : p < this.minPosition) p = this.minPosition, p32 = false;
    if ((p32 ? p === F_MIN_POS : p === this.minPosition) && v < 0) v = 0, v32 = false;
    const terminated = (p32 ? p >= F_GOAL : p >= this.goalPosition) &&
      (v32 ? v >= this.#goalVelocity32 : v >= this.goalVelocity);
    const reward = (terminated ? 100.0 : 0) - a * a * 0.1;
    this.s[0] = observations[offset] = f(p); // Gymnasium stores np.float32([p, v])
    this.s[1] = observations[offset + 1] = f(v);
    this.#s32 = true;
    this.terminated = terminated;
    return reward;
  }

  /** State (with its float32 flag after it), generator and flags, JSON-able. */
  override snapshot(): EnvSnapshot {
    const { state, ...rest } = super.snapshot();
    return { state, stateIsFloat32: this.#s32, ...rest };
  }

  /** Reads the float32 flag of the state. */
  protected override restoreExtra(snapshot: EnvSnapshot): void {
    this.#s32 = snapshot.stateIsFloat32 === true;
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
