/**
 * CartPole-v1, Gymnasium's `CartPoleEnv` (Barto, Sutton & Anderson's cart-pole) ported exactly.
 *
 * @example
 * ```ts
 * import { CartPole } from "@seeded/rl";
 * const env = new CartPole();
 * env.reset({ seed: 1 });
 * const { observation, reward } = env.step(1);
 * ```
 *
 * @module
 */
import type { EnvSnapshot } from "../env/env.ts";
import { Box, Discrete } from "../core/spaces.ts";
import { PhysicsEnv } from "./physics_env.ts";
import * as u from "./_util.ts";
import { sincos } from "../core/math/sincos.ts";

/** Options of {@linkcode CartPole}. */
export interface CartPoleOptions {
  /** Sutton & Barto's reward: 0 per step, -1 on the terminating step (Gymnasium's `sutton_barto_reward`). @default {false} */
  suttonBartoReward?: boolean;
  /** `"euler"` (Gymnasium's default) or `"semi-implicit"` Euler integration. @default {"euler"} */
  kinematicsIntegrator?: "euler" | "semi-implicit";
  /**
   * Allow `step()` after termination with Gymnasium's behaviour (physics continues, reward 0) instead of
   * throwing `ResetNeededError` (for replaying Gymnasium's post-termination steps on the raw env;
   * the `TimeLimit` of `make()` still requires a reset after an episode ended).
   * @default {false}
   */
  allowStepAfterTerminated?: boolean;
}

const ID = "CartPole-v1";

/**
 * ## Description
 * The cart-pole problem of Barto, Sutton and Anderson, ["Neuronlike Adaptive Elements That Can
 * Solve Difficult Learning Control Problems"](https://ieeexplore.ieee.org/document/6313077) (1983).
 * A pole is attached by an un-actuated joint to a cart moving along a frictionless track; the goal
 * is to keep the pole upright by pushing the cart left or right. Dynamics, constants, explicit
 * Euler integration and termination are Gymnasium's (`cartpole.py`), in float64.
 *
 * ## Action Space
 * `Discrete(2)`, an integer: 0 pushes the cart to the left (-10 N), 1 to the right (+10 N).
 *
 * ## Observation Space
 * `Float32Array(4)` (the float64 state rounded to float32):
 *
 * | Num | Observation           | Min                 | Max               |
 * |-----|-----------------------|---------------------|-------------------|
 * | 0   | Cart Position         | -4.8                | 4.8               |
 * | 1   | Cart Velocity         | -Inf                | Inf               |
 * | 2   | Pole Angle            | ~ -0.418 rad (-24°) | ~ 0.418 rad (24°) |
 * | 3   | Pole Angular Velocity | -Inf                | Inf               |
 *
 * ## Rewards
 * +1 for every step, including the terminating one. With `suttonBartoReward`: 0 per step and -1
 * on the terminating step.
 *
 * ## Starting State
 * All four state variables uniform in (-0.05, 0.05) (`reset({ low, high })` changes the bounds),
 * drawn in the order x, ẋ, θ, θ̇ from the env's {@linkcode Random} (so not Gymnasium's numbers
 * for the same seed). Before the first `reset({ seed })` the generator is `new Random(0)`.
 *
 * ## Episode End
 * 1. Termination: the pole angle leaves (-12°, 12°) (strict comparisons, on the float64 state).
 * 2. Termination: the cart position leaves (-2.4, 2.4).
 * 3. Truncation (through `make`'s `TimeLimit`): 500 steps.
 *
 * `step()` after termination throws `ResetNeededError` unless `allowStepAfterTerminated` is set;
 * then, like Gymnasium, the physics continues and further terminal steps give reward 0 (-1 with
 * `suttonBartoReward`).
 *
 * ## Arguments
 * {@linkcode CartPoleOptions}: `suttonBartoReward`, `kinematicsIntegrator`,
 * `allowStepAfterTerminated`.
 *
 * ## Version History
 * - v1: 500 steps, reward threshold 475 (Gymnasium 1.x; `sutton_barto_reward` since 1.0.0a2).
 *
 * @example
 * ```ts
 * import { CartPole } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const env = new CartPole();
 * env.reset({ seed: 0 });
 * env.state = [0, 0, 0.2, 1]; // θ + τ·θ̇ = 0.22 rad > 12°
 * assert.equal(env.step(0).terminated, true);
 * ```
 */
export class CartPole extends PhysicsEnv<number> {
  /** Gravity (m/s²). */
  readonly gravity: number = 9.8;
  /** Mass of the cart (kg). */
  readonly masscart: number = 1.0;
  /** Mass of the pole (kg). */
  readonly masspole: number = 0.1;
  /** masspole + masscart (kg). */
  readonly totalMass: number = this.masspole + this.masscart;
  /** Half the pole's length (m). */
  readonly length: number = 0.5;
  /** masspole · length (kg·m). */
  readonly polemassLength: number = this.masspole * this.length;
  /** Magnitude of the push (N). */
  readonly forceMag: number = 10.0;
  /** Seconds between state updates (s). */
  readonly tau: number = 0.02;
  /** Pole angle at which the episode terminates (rad, 12°). */
  readonly thetaThresholdRadians: number = 12 * 2 * Math.PI / 360;
  /** Cart position at which the episode terminates (m). */
  readonly xThreshold: number = 2.4;
  /** The integrator: `"euler"` (default) or `"semi-implicit"`; may be changed between steps. */
  kinematicsIntegrator: "euler" | "semi-implicit";
  /** Whether the Sutton & Barto reward is used. */
  readonly suttonBartoReward: boolean;
  /** Whether `step()` after termination continues (Gymnasium) instead of throwing. */
  readonly allowStepAfterTerminated: boolean;
  /** `Discrete(2)`. */
  readonly actionSpace: Discrete = new Discrete(2);
  /** Twice the termination thresholds; velocities unbounded. */
  readonly observationSpace: Box;
  #stepsBeyondTerminated = -1; // Gymnasium's None
  readonly #sc = new Float64Array(2); // sin θ, cos θ

  /**
   * Creates the env (call `reset` before stepping).
   *
   * @param options Reward variant, integrator and post-termination behaviour.
   */
  constructor(options: CartPoleOptions = {}) {
    super(ID, 4, 4, [-0.05, 0.05], options.allowStepAfterTerminated ?? false);
    this.suttonBartoReward = options.suttonBartoReward ?? false;
    this.kinematicsIntegrator = options.kinematicsIntegrator ?? "euler";
    this.allowStepAfterTerminated = options.allowStepAfterTerminated ?? false;
    const h = [this.xThreshold * 2, Infinity, this.thetaThresholdRadians * 2, Infinity];
    this.observationSpace = new Box(h.map((x) => -x), h);
  }

  /** All four state variables uniform in `(low, high)`, in the order x, ẋ, θ, θ̇. */
  protected resetState(low: number, high: number): void {
    for (let i = 0; i < 4; i++) this.s[i] = this.rng.uniform(low, high);
    this.#stepsBeyondTerminated = -1;
  }

  /** Writes `[x, ẋ, θ, θ̇]`. */
  protected observe(observations: Float32Array, offset: number): void {
    for (let i = 0; i < 4; i++) observations[offset + i] = this.s[i];
  }

  /** Pushes the cart (0 left, 1 right) for one Euler step; returns the reward. */
  protected advance(action: number, observations: Float32Array, offset: number): number {
    const s = this.s;
    let x = s[0], xDot = s[1], theta = s[2], thetaDot = s[3];
    const force = action === 1 ? this.forceMag : -this.forceMag;
    const sc = this.#sc;
    sincos(theta, sc);
    const sinTheta = sc[0], cosTheta = sc[1];
    // Gymnasium's order of operations, left to right (np.square(v) is v * v exactly).
    const temp = (force + this.polemassLength * (thetaDot * thetaDot) * sinTheta) / this.totalMass;
    const thetaAcc = (this.gravity * sinTheta - cosTheta * temp) /
      (this.length * (4.0 / 3.0 - this.masspole * (cosTheta * cosTheta) / this.totalMass));
    const xAcc = temp - this.polemassLength * thetaAcc * cosTheta / this.totalMass;
    if (this.kinematicsIntegrator === "euler") {
      x = x + this.tau * xDot;
      xDot = xDot + this.tau * xAcc;
      theta = theta + this.tau * thetaDot;
      thetaDot = thetaDot + this.tau * thetaAcc;
    } else {
      xDot = xDot + this.tau * xAcc;
      x = x + this.tau * xDot;
      thetaDot = thetaDot + this.tau * thetaAcc;
      theta = theta + this.tau * thetaDot;
    }
    s[0] = x, s[1] = xDot, s[2] = theta, s[3] = thetaDot;
    const thr = this.thetaThresholdRadians;
    const terminated = x < -this.xThreshold || x > this.xThreshold || theta < -thr || theta > thr;
    let reward: number;
    if (!terminated) reward = this.suttonBartoReward ? 0.0 : 1.0;
    else if (this.#stepsBeyondTerminated < 0) {
      this.#stepsBeyondTerminated = 0;
      reward = this.suttonBartoReward ? -1.0 : 1.0;
    } else {
      this.#stepsBeyondTerminated++;
      reward = this.suttonBartoReward ? -1.0 : 0.0;
    }
    this.terminated = terminated;
    observations[offset] = x;
    observations[offset + 1] = xDot;
    observations[offset + 2] = theta;
    observations[offset + 3] = thetaDot;
    return reward;
  }

  /** Gymnasium's `steps_beyond_terminated`, after the common snapshot fields. */
  protected override snapshotExtra(): EnvSnapshot {
    return { stepsBeyondTerminated: this.#stepsBeyondTerminated };
  }

  /** Reads `stepsBeyondTerminated`. */
  protected override restoreExtra(snapshot: EnvSnapshot): void {
    const b = snapshot.stepsBeyondTerminated;
    this.#stepsBeyondTerminated = typeof b === "number" && Number.isInteger(b) ? b : -1;
  }

  /** The current frame as a 600×400 SVG document (Gymnasium's drawing: cart, pole, axle, track). */
  protected frame(): string {
    const W = 600, H = 400, scale = W / (this.xThreshold * 2), poleW = 10;
    const poleLen = scale * (2 * this.length), cartX = this.s[0] * scale + W / 2, cartY = 100;
    const axleY = cartY + 30 / 4;
    const cart = [-25, -15, -25, 15, 25, 15, 25, -15].map((v, i) => v + (i % 2 ? cartY : cartX));
    const pole = u.rotate(
      [
        -poleW / 2,
        -poleW / 2,
        -poleW / 2,
        poleLen - poleW / 2,
        poleW / 2,
        poleLen - poleW / 2,
        poleW / 2,
        -poleW / 2,
      ],
      -this.s[2],
      cartX,
      axleY,
    );
    return u.svgDoc(
      W,
      H,
      `<line x1="0" y1="${H - cartY}" x2="${W}" y2="${H - cartY}" stroke="#000"/>` +
        `<polygon points="${u.points(cart, H)}" fill="#000"/>` +
        `<polygon points="${u.points(pole, H)}" fill="rgb(202,152,101)"/>` +
        `<circle cx="${cartX.toFixed(2)}" cy="${H - axleY}" r="${
          poleW / 2
        }" fill="rgb(129,132,203)"/>`,
    );
  }

  /** One line for terminals: a track with the cart (`/`, `|`, `\` for the pole) and the state. */
  renderText(): string {
    const [x, xDot, theta, thetaDot] = this.s;
    const cells = 41, i = Math.round((x + this.xThreshold) / (2 * this.xThreshold) * (cells - 1));
    const track = Array.from({ length: cells }, () => "-");
    const pole = theta > 0.02 ? "/" : theta < -0.02 ? "\\" : "|";
    if (i >= 0 && i < cells) track[i] = pole;
    return `[${track.join("")}] x=${u.fmt(x)} ẋ=${u.fmt(xDot)} θ=${u.fmt(theta)} θ̇=${
      u.fmt(thetaDot)
    }`;
  }
}
