/**
 * Acrobot-v1, Gymnasium's `AcrobotEnv` (Sutton's two-link acrobot, RLPy's implementation) ported
 * exactly: one RK4 step of the "book" dynamics per action, angle wrapping, velocity bounding.
 *
 * @example
 * ```ts
 * import { Acrobot } from "@seeded/rl";
 * const env = new Acrobot();
 * env.reset({ seed: 1 });
 * const { observation, reward } = env.step(2);
 * ```
 *
 * @module
 */

import { Box, Discrete } from "../core/spaces.ts";
import { PhysicsEnv } from "./physics_env.ts";
import * as u from "./_util.ts";
import { cos } from "../core/math/cos.ts";
import { sin } from "../core/math/sin.ts";
import { sincos } from "../core/math/sincos.ts";

/** Options of {@linkcode Acrobot}. */
export interface AcrobotOptions {
  /** The dynamics: Sutton & Barto's `"book"` (Gymnasium's default) or the NeurIPS paper's `"nips"`. @default {"book"} */
  bookOrNips?: "book" | "nips";
  /** Uniform noise U(−n, n) added to the torque, drawn from the env's generator. @default {0} */
  torqueNoiseMax?: number;
  /**
   * Allow `step()` after termination with Gymnasium's behaviour instead of
   * throwing `ResetNeededError` (for replaying Gymnasium's post-termination steps on the raw env;
   * the `TimeLimit` of `make()` still requires a reset after an episode ended).
   * @default {false}
   */
  allowStepAfterTerminated?: boolean;
}

const ID = "Acrobot-v1";
const PI = Math.PI;

/**
 * ## Description
 * Two links hang from a fixed joint; the joint between them is actuated. The goal is to swing the
 * free end above the line one link length above the fixed joint. From Sutton, ["Generalization in
 * Reinforcement Learning: Successful Examples Using Sparse Coarse Coding"](https://papers.nips.cc/paper/1995/hash/8f1d43620bc6bb580df6e80b0dc05c48-Abstract.html)
 * (NIPS 1995) and Sutton & Barto's book. Each step integrates the book's equations with one
 * classic RK4 step of dt = 0.2 s (torque held constant), then wraps both angles into [−π, π] and
 * bounds the velocities to ±4π and ±9π (Gymnasium's `acrobot.py`, in float64).
 *
 * ## Action Space
 * `Discrete(3)`, an integer: the torque on the middle joint is −1, 0 or +1 (N·m) for 0, 1, 2.
 *
 * ## Observation Space
 * `Float32Array(6)`:
 *
 * | Num | Observation                  | Min                 | Max               |
 * |-----|------------------------------|---------------------|-------------------|
 * | 0   | Cosine of `theta1`           | -1                  | 1                 |
 * | 1   | Sine of `theta1`             | -1                  | 1                 |
 * | 2   | Cosine of `theta2`           | -1                  | 1                 |
 * | 3   | Sine of `theta2`             | -1                  | 1                 |
 * | 4   | Angular velocity of `theta1` | ~ -12.567 (-4 * pi) | ~ 12.567 (4 * pi) |
 * | 5   | Angular velocity of `theta2` | ~ -28.274 (-9 * pi) | ~ 28.274 (9 * pi) |
 *
 * `theta1` = 0 means link 1 points straight down; `theta2` is relative to link 1. The internal
 * `state` is `[theta1, theta2, dtheta1, dtheta2]`.
 *
 * ## Rewards
 * −1 on every step that does not reach the target height, 0 on the one that does.
 *
 * ## Starting State
 * All four state variables uniform in [−0.1, 0.1) (`reset({ low, high })` changes the bounds), then
 * rounded to float32 as Gymnasium does; drawn from the env's {@linkcode Random} (`new Random(0)`
 * before the first `reset({ seed })`).
 *
 * ## Episode End
 * 1. Termination: the free end is above the line, `−cos(θ1) − cos(θ2 + θ1) > 1`.
 * 2. Truncation (through `make`'s `TimeLimit`): 500 steps.
 *
 * `step()` after termination throws `ResetNeededError` unless `allowStepAfterTerminated` is set
 * (then the dynamics continue, as in Gymnasium).
 *
 * ## Arguments
 * {@linkcode AcrobotOptions}: `bookOrNips`, `torqueNoiseMax`, `allowStepAfterTerminated`.
 *
 * ## Version History
 * - v1: 500 steps; observations are the sines and cosines of the angles (reward threshold -100).
 *
 * @example
 * ```ts
 * import { Acrobot } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const env = new Acrobot();
 * env.reset({ seed: 0 });
 * const { reward, observation } = env.step(1);
 * assert.equal(reward, -1);
 * assert.equal(observation.length, 6);
 * ```
 */
export class Acrobot extends PhysicsEnv<number> {
  /** Integration step (s). */
  readonly dt: number = 0.2;
  /** Length of link 1 (m). */
  readonly linkLength1: number = 1.0;
  /** Length of link 2 (m). */
  readonly linkLength2: number = 1.0;
  /** Mass of link 1 (kg). */
  readonly linkMass1: number = 1.0;
  /** Mass of link 2 (kg). */
  readonly linkMass2: number = 1.0;
  /** Position of the centre of mass of link 1 (m). */
  readonly linkComPos1: number = 0.5;
  /** Position of the centre of mass of link 2 (m). */
  readonly linkComPos2: number = 0.5;
  /** Moment of inertia of both links (kg·m²). */
  readonly linkMoi: number = 1.0;
  /** Bound on `dtheta1` (rad/s). */
  readonly maxVel1: number = 4 * PI;
  /** Bound on `dtheta2` (rad/s). */
  readonly maxVel2: number = 9 * PI;
  /** The torque of each action (N·m). */
  readonly availTorque: readonly number[] = [-1.0, 0.0, 1];
  /** The dynamics equations: `"book"` (default) or `"nips"`; may be changed between steps. */
  bookOrNips: "book" | "nips";
  /** Torque noise bound; may be changed between steps. */
  torqueNoiseMax: number;
  /** Whether `step()` after termination continues (Gymnasium) instead of throwing. */
  readonly allowStepAfterTerminated: boolean;
  /** `Discrete(3)`. */
  readonly actionSpace: Discrete = new Discrete(3);
  /** `Box([-1, -1, -1, -1, -4π, -9π], [1, 1, 1, 1, 4π, 9π])`. */
  readonly observationSpace: Box = new Box(
    [-1, -1, -1, -1, -4 * PI, -9 * PI],
    [1, 1, 1, 1, 4 * PI, 9 * PI],
  );
  #k1 = new Float64Array(4);
  #k2 = new Float64Array(4);
  #k3 = new Float64Array(4);
  #k4 = new Float64Array(4);
  #y = new Float64Array(4);
  #sc = new Float64Array(2); // sincos results
  #sc2 = new Float64Array([0, 0, 1]); // [θ2, sin θ2, cos θ2] of the last observation (for k1)

  /**
   * Creates the env (call `reset` before stepping).
   *
   * @param options Dynamics variant, torque noise and post-termination behaviour.
   */
  constructor(options: AcrobotOptions = {}) {
    super(ID, 4, 6, [-0.1, 0.1], options.allowStepAfterTerminated ?? false);
    this.bookOrNips = options.bookOrNips ?? "book";
    this.torqueNoiseMax = options.torqueNoiseMax ?? 0;
    this.allowStepAfterTerminated = options.allowStepAfterTerminated ?? false;
  }

  /** The four state variables uniform in `(low, high)`, rounded to float32 (as Gymnasium). */
  protected resetState(low: number, high: number): void {
    for (let i = 0; i < 4; i++) this.s[i] = Math.fround(this.rng.uniform(low, high));
  }

  /** Applies torque −1, 0 or +1 (actions 0, 1, 2) for one RK4 step; returns the reward. */
  protected advance(action: number, observations: Float32Array, offset: number): number {
    let torque = this.availTorque[action];
    if (this.torqueNoiseMax > 0) {
      torque += this.rng.uniform(-this.torqueNoiseMax, this.torqueNoiseMax);
    }
    // Gymnasium's rk4(self._dsdt, [*s, torque], [0, dt]): one step, torque has derivative 0.
    const s = this.s, y = this.#y, k1 = this.#k1, k2 = this.#k2, k3 = this.#k3, k4 = this.#k4;
    const dt = this.dt, dt2 = dt / 2.0;
    this.#dsdt(s, torque, k1);
    for (let i = 0; i < 4; i++) y[i] = s[i] + dt2 * k1[i];
    this.#dsdt(y, torque, k2);
    for (let i = 0; i < 4; i++) y[i] = s[i] + dt2 * k2[i];
    this.#dsdt(y, torque, k3);
    for (let i = 0; i < 4; i++) y[i] = s[i] + dt * k3[i];
    this.#dsdt(y, torque, k4);
    for (let i = 0; i < 4; i++) s[i] = s[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    for (let i = 0; i < 2; i++) {
      while (s[i] > PI) s[i] = s[i] - 2 * PI;
      while (s[i] < -PI) s[i] = s[i] + 2 * PI;
    }
    s[2] = Math.min(Math.max(s[2], -this.maxVel1), this.maxVel1);
    s[3] = Math.min(Math.max(s[3], -this.maxVel2), this.maxVel2);
    sincos(s[0], this.#sc); // cos θ1 is shared by the termination test and the observation
    // −cos θ1 − cos(θ2 + θ1) > 1 needs cos θ1 < 0: with −cos θ1 ≤ 0 and −cos(…) ≤ 1 the exact
    // difference is at most 1, so its rounding is too (NaN still goes through Gymnasium's test).
    const cos1 = this.#sc[1];
    const terminated = !(cos1 >= 0) && -cos1 - cos(s[1] + s[0]) > 1.0;
    this.terminated = terminated;
    this.#observe(observations, offset);
    return terminated ? 0.0 : -1.0;
  }

  /** Gymnasium's `_dsdt`, operation for operation (`x**2` written `x * x`). */
  #dsdt(y: Float64Array, a: number, out: Float64Array): void {
    const m1 = this.linkMass1, m2 = this.linkMass2, l1 = this.linkLength1;
    const lc1 = this.linkComPos1, lc2 = this.linkComPos2, I1 = this.linkMoi, I2 = this.linkMoi;
    const g = 9.8;
    const theta1 = y[0], theta2 = y[1], dtheta1 = y[2], dtheta2 = y[3];
    const sc = this.#sc, last = this.#sc2;
    let cos2: number, sin2: number;
    if (u.sameNumber(theta2, last[0])) { // k1 of a step: θ2 of the last observation
      sin2 = last[1];
      cos2 = last[2];
    } else {
      sincos(theta2, sc);
      sin2 = sc[0];
      cos2 = sc[1];
    }
    const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + I1 + I2;
    const d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + I2;
    const phi2 = m2 * lc2 * g * cos(theta1 + theta2 - PI / 2.0);
    const phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2 -
      2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2 +
      (m1 * lc1 + m2 * l1) * g * cos(theta1 - PI / 2) + phi2;
    const ddtheta2 = this.bookOrNips === "nips"
      ? (a + d2 / d1 * phi1 - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1)
      : (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2) /
        (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
    out[0] = dtheta1;
    out[1] = dtheta2;
    out[2] = -(d2 * ddtheta2 + phi1) / d1;
    out[3] = ddtheta2;
  }

  /** Writes `[cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2]`. */
  protected observe(o: Float32Array, offset: number): void {
    sincos(this.s[0], this.#sc);
    this.#observe(o, offset);
  }

  /** `observe` given sin θ1 and cos θ1 in `#sc`; keeps sin θ2 and cos θ2 for the next step's k1. */
  #observe(o: Float32Array, offset: number): void {
    const s = this.s, last = this.#sc2, sc = this.#sc;
    const sin1 = sc[0], cos1 = sc[1];
    sincos(s[1], sc);
    last[0] = s[1];
    last[1] = sc[0];
    last[2] = sc[1];
    o[offset] = cos1;
    o[offset + 1] = sin1;
    o[offset + 2] = last[2];
    o[offset + 3] = last[1];
    o[offset + 4] = s[2];
    o[offset + 5] = s[3];
  }

  /** The current frame as a 500×500 SVG document (Gymnasium's drawing: target line, links, joints). */
  protected frame(): string {
    const D = 500, s = this.s, scale = D / ((this.linkLength1 + this.linkLength2 + 0.2) * 2);
    const o = D / 2;
    const joints = [
      o,
      o,
      this.linkLength1 * sin(s[0]) * scale + o,
      -this.linkLength1 * cos(s[0]) * scale + o,
    ];
    const thetas = [s[0] - PI / 2, s[0] + s[1] - PI / 2];
    const lens = [this.linkLength1 * scale, this.linkLength2 * scale], w = 0.1 * scale;
    let body = `<line x1="${(o - 2.2 * scale).toFixed(2)}" y1="${(D - (o + scale)).toFixed(2)}" ` +
      `x2="${(o + 2.2 * scale).toFixed(2)}" y2="${(D - (o + scale)).toFixed(2)}" stroke="#000"/>`;
    for (let i = 0; i < 2; i++) {
      const x = joints[2 * i], y = joints[2 * i + 1];
      const link = u.rotate([0, -w, 0, w, lens[i], w, lens[i], -w], thetas[i], x, y);
      body += `<polygon points="${u.points(link, D)}" fill="rgb(0,204,204)"/>` +
        `<circle cx="${x.toFixed(2)}" cy="${(D - y).toFixed(2)}" r="${
          w.toFixed(2)
        }" fill="rgb(204,204,0)"/>`;
    }
    return u.svgDoc(D, D, body);
  }

  /** One line for terminals: the angles, velocities and the tip height against the target 1. */
  renderText(): string {
    const s = this.s, tip = -cos(s[0]) - cos(s[1] + s[0]);
    return `θ1=${u.fmt(s[0])} θ2=${u.fmt(s[1])} θ̇1=${u.fmt(s[2])} θ̇2=${u.fmt(s[3])} ` +
      `tip=${u.fmt(tip)} ${tip > 1 ? "above" : "below"} target +1`;
  }
}
