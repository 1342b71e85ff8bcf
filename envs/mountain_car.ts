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
import type {
  Env,
  EnvSnapshot,
  EnvSpec,
  FastEnv,
  ResetOptions,
  ResetResult,
  StepResult,
} from "../env/env.ts";
import { Box, Discrete } from "../core/spaces.ts";
import { Random } from "../core/random.ts";
import * as u from "./_util.ts";
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
export class MountainCar implements Env<Float32Array, number>, FastEnv {
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
  /** 2. */
  readonly obsDim: number = 2;
  /** The registry spec, set by `make`. */
  spec: EnvSpec | undefined = undefined;
  #s = new Float64Array(2);
  #rng = new Random(u.DEFAULT_SEED);
  #obs = new u.ObservationSlab(2);
  #phase = u.NEEDS_RESET;
  #terminated = false;
  #act = new Float64Array(1);

  /**
   * Creates the env (call `reset` before stepping).
   *
   * @param options Goal velocity and post-termination behaviour.
   * @throws {TypeError} if `goalVelocity` is not a finite number.
   */
  constructor(options: MountainCarOptions = {}) {
    this.goalVelocity = options.goalVelocity ?? 0;
    if (!Number.isFinite(this.goalVelocity)) {
      throw new TypeError(
        `Cannot create ${ID}: goalVelocity must be finite, got ${this.goalVelocity}`,
      );
    }
    this.allowStepAfterTerminated = options.allowStepAfterTerminated ?? false;
  }

  /** This env (wrappers forward `unwrapped` to it). */
  get unwrapped(): this {
    return this;
  }

  /** A copy of the physical state `[position, velocity]` (Gymnasium's `env.unwrapped.state`). */
  get state(): Float64Array {
    return this.#s.slice();
  }

  /** Assigns `[position, velocity]` (copied as float64); the env may then step from it. */
  set state(value: ArrayLike<number>) {
    u.checkState(ID, value, 2);
    this.#s.set(value);
    this.#phase = u.READY;
    this.#terminated = false;
  }

  /** `terminated` of the last step. */
  get lastTerminated(): boolean {
    return this.#terminated;
  }

  /** Always `false`: only `TimeLimit` truncates. */
  get lastTruncated(): boolean {
    return false;
  }

  /** Starts an episode; `{ seed }` re-seeds, `{ low, high }` change the position bounds. */
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    const observation = this.#obs.next();
    this.resetInto(observation, 0, options);
    return { observation, info: {} };
  }

  /** Like `reset`, writing the observation into `observations` at `offset`. */
  resetInto(observations: Float32Array, offset: number, options?: ResetOptions): void {
    const low = options?.low ?? -0.6, high = options?.high ?? -0.4;
    if (options?.low !== undefined || options?.high !== undefined) u.checkBounds(ID, low, high);
    if (options?.seed !== undefined) this.#rng = new Random(options.seed);
    this.#s[0] = this.#rng.uniform(low, high);
    this.#s[1] = 0;
    this.#phase = u.READY;
    this.#terminated = false;
    observations[offset] = this.#s[0];
    observations[offset + 1] = 0;
  }

  /**
   * Accelerates: 0 left, 1 none, 2 right. Returns a new observation array.
   *
   * @throws {RangeError} if the action is not 0, 1 or 2.
   * @throws {ResetNeededError} before `reset()`, or after termination.
   */
  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1 && action !== 2) throw u.badDiscrete(ID, action, 3);
    this.#act[0] = action;
    const observation = this.#obs.next();
    const reward = this.stepInto(this.#act, 0, observation, 0);
    return { observation, reward, terminated: this.#terminated, truncated: false, info: {} };
  }

  /** Like `step`, reading the action at `actions[actionOffset]`; returns the reward. */
  stepInto(
    actions: ArrayLike<number>,
    actionOffset: number,
    observations: Float32Array,
    offset: number,
  ): number {
    if (this.#phase !== u.READY) throw u.notReady(ID, this.#phase);
    const action = actions[actionOffset];
    if (action !== 0 && action !== 1 && action !== 2) throw u.badDiscrete(ID, action, 3);
    let position = this.#s[0], velocity = this.#s[1];
    velocity += (action - 1) * this.force + cos(3 * position) * (-this.gravity);
    if (velocity < -this.maxSpeed) velocity = -this.maxSpeed;
    else if (velocity > this.maxSpeed) velocity = this.maxSpeed;
    position += velocity;
    if (position < this.minPosition) position = this.minPosition;
    else if (position > this.maxPosition) position = this.maxPosition;
    if (position === this.minPosition && velocity < 0) velocity = 0;
    const terminated = position >= this.goalPosition && velocity >= this.goalVelocity;
    this.#s[0] = position;
    this.#s[1] = velocity;
    this.#terminated = terminated;
    if (terminated && !this.allowStepAfterTerminated) this.#phase = u.ENDED;
    observations[offset] = position;
    observations[offset + 1] = velocity;
    return -1.0;
  }

  /** State, generator and flags, JSON-able. */
  snapshot(): EnvSnapshot {
    return {
      state: Array.from(this.#s),
      rng: this.#rng.state(),
      phase: this.#phase,
      terminated: this.#terminated,
    };
  }

  /** Restores what {@linkcode MountainCar.snapshot} returned; later steps are bit-identical. */
  restore(snapshot: EnvSnapshot): void {
    const r = u.readSnapshot(ID, snapshot, 2);
    this.#s.set(r.state);
    this.#rng = r.rng;
    this.#phase = r.phase;
    this.#terminated = r.terminated;
  }

  /** The current frame as a 600×400 SVG document (Gymnasium's drawing: hill, car, flag). */
  render(): string {
    if (this.#phase === u.NEEDS_RESET) throw u.notReady(ID, this.#phase, "render");
    return carSvg(this.#s[0], this.goalPosition);
  }

  /** One line for terminals: the track with the car (`C`) and flag (`F`), and the state. */
  renderText(): string {
    return carText(this.#s[0], this.#s[1], this.goalPosition);
  }
}
