/**
 * Pendulum-v1, Gymnasium's `PendulumEnv` (the inverted-pendulum swing-up) ported exactly,
 * including NumPy 2's float32 torque terms and the floored modulo of the angle normalisation.
 *
 * @example
 * ```ts
 * import { Pendulum } from "@seeded/rl";
 * const env = new Pendulum();
 * env.reset({ seed: 1 });
 * const { observation, reward } = env.step([1.5]);
 * ```
 *
 * @module
 */
import type { EnvSnapshot, ResetOptions } from "../env/env.ts";
import { Box } from "../core/spaces.ts";
import { PhysicsEnv } from "./physics_env.ts";
import * as u from "./_util.ts";
import { cos } from "../core/math/cos.ts";
import { sin } from "../core/math/sin.ts";
import { sincos } from "../core/math/sincos.ts";

/** Options of {@linkcode Pendulum}. */
export interface PendulumOptions {
  /** Gravitational acceleration (m/s²), Gymnasium's `g`. @default {10.0} */
  g?: number;
}

/** Options of {@linkcode Pendulum.reset}: Gymnasium's `x_init`/`y_init` (symmetric bounds). */
export interface PendulumResetOptions extends ResetOptions {
  /** θ is drawn uniformly from [−xInit, xInit) (Gymnasium's `x_init`). @default {Math.PI} */
  xInit?: number;
  /** θ̇ is drawn uniformly from [−yInit, yInit) (Gymnasium's `y_init`). @default {1.0} */
  yInit?: number;
}

const ID = "Pendulum-v1";
const f = Math.fround;
const F_0001 = f(0.001);

/** Gymnasium's `angle_normalize`: `((x + π) % 2π) − π` with Python's floored modulo. */
function angleNormalize(x: number): number {
  const b = 2 * Math.PI, y = x + Math.PI;
  let r: number;
  // y % b without the slow floating-point remainder where it is plain: y itself for 0 ≤ y < b
  // (+0 for −0), y − b (exact, Sterbenz) for b ≤ y < 2b, y then + b for −b < y < 0
  if (y >= 0 && y < b) r = y + 0;
  else if (y >= b && y < 2 * b) r = y - b;
  else if (y < 0 && y > -b) r = y + b;
  else {
    r = y % b;
    if (r < 0) r += b;
    else if (r === 0) r = 0; // +0, as NumPy's divmod gives for b > 0
  }
  return r - Math.PI;
}

/**
 * ## Description
 * The inverted pendulum swing-up problem from classic control theory: a pendulum attached at one
 * end to a fixed point starts at a random angle; applying torque to it, swing it upright and keep
 * it there. Semi-implicit Euler with dt = 0.05 s (Gymnasium's `pendulum.py`, float64 state; the
 * torque terms are float32, as NumPy 2 computes them for a float32 action). θ = 0 is upright,
 * torque is positive counter-clockwise, and θ is never wrapped (only the cost normalises it).
 *
 * ## Action Space
 * `Box(-2, 2, (1,))`: the torque (N·m), a `Float32Array` or `number[]` of length 1, taken as a
 * float32 value and clipped to [−2, 2].
 *
 * ## Observation Space
 * `Float32Array(3)`:
 *
 * | Num | Observation      | Min  | Max |
 * |-----|------------------|------|-----|
 * | 0   | x = cos(theta)   | -1.0 | 1.0 |
 * | 1   | y = sin(theta)   | -1.0 | 1.0 |
 * | 2   | Angular Velocity | -8.0 | 8.0 |
 *
 * ## Rewards
 * −(θₙ² + 0.1·θ̇² + 0.001·torque²), with θₙ the angle normalised to [−π, π), computed from the state
 * before the step and the clipped torque. The minimum is about −16.2736, the maximum 0.
 *
 * ## Starting State
 * θ uniform in [−π, π) and θ̇ in [−1, 1), drawn in that order from the env's {@linkcode Random}
 * (`new Random(0)` before the first `reset({ seed })`). `reset({ xInit, yInit })` changes the bounds
 * (Gymnasium's `x_init`/`y_init`; `low`/`high` are not accepted).
 *
 * ## Episode End
 * Never terminates. Truncation (through `make`'s `TimeLimit`): 200 steps.
 *
 * ## Arguments
 * {@linkcode PendulumOptions}: `g`.
 *
 * ## Version History
 * - v1: simplified equations, same behaviour as v0 (200 steps, no reward threshold).
 *
 * @example
 * ```ts
 * import { Pendulum } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const env = new Pendulum();
 * env.reset({ seed: 0 });
 * env.state = [Math.PI, 0]; // hanging straight down, still, no torque: cost π²
 * assert.equal(env.step([0]).reward, -Math.PI * Math.PI);
 * ```
 */
export class Pendulum extends PhysicsEnv<Float32Array | number[]> {
  /** Bound on the angular velocity (rad/s). */
  readonly maxSpeed: number = 8;
  /** Bound on the torque (N·m). */
  readonly maxTorque: number = 2.0;
  /** Time step (s). */
  readonly dt: number = 0.05;
  /** Gravitational acceleration (m/s²). */
  readonly g: number;
  /** Mass (kg). */
  readonly m: number = 1.0;
  /** Length (m). */
  readonly l: number = 1.0;
  /** `Box([-2], [2])`. */
  readonly actionSpace: Box = new Box([-2], [2]);
  /** `Box([-1, -1, -8], [1, 1, 8])`. */
  readonly observationSpace: Box = new Box([-1, -1, -8], [1, 1, 8]);
  readonly #sc = new Float64Array(2); // sincos results
  readonly #last = new Float64Array([0, 0]); // [θ, sin θ] of the last observation
  #lastU = NaN; // NaN for none: a field that only ever holds numbers is stored unboxed

  /**
   * Creates the env (call `reset` before stepping).
   *
   * @param options Gravity.
   * @throws {TypeError} if `g` is not a finite number.
   */
  constructor(options: PendulumOptions = {}) {
    super(ID, 2, 3, null);
    this.g = options.g ?? 10.0;
    if (!Number.isFinite(this.g)) {
      throw new TypeError(`Cannot create ${ID}: g must be finite, got ${this.g}`);
    }
  }

  /** The clipped torque of the last step, or `null` after a reset (drawn by `render`). */
  get lastU(): number | null {
    return this.#lastU === this.#lastU ? this.#lastU : null;
  }

  /**
   * Checks `{ xInit, yInit }` (Pendulum takes no `low`/`high`).
   *
   * @throws {TypeError} if `low`/`high` are given or `xInit`/`yInit` are not finite numbers.
   */
  protected override checkResetOptions(options?: PendulumResetOptions): void {
    if (options?.low !== undefined || options?.high !== undefined) {
      throw new TypeError(`Cannot reset ${ID}: use options.xInit/yInit, got low/high`);
    }
    const x = options?.xInit ?? Math.PI, y = options?.yInit ?? 1.0;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new TypeError(
        `Cannot reset ${ID}: xInit and yInit must be finite numbers, got ${x}, ${y}`,
      );
    }
  }

  /** θ uniform in (-xInit, xInit), θ̇ in (-yInit, yInit); no torque yet. */
  protected resetState(_low: number, _high: number, options?: PendulumResetOptions): void {
    const x = options?.xInit ?? Math.PI, y = options?.yInit ?? 1.0;
    this.s[0] = this.rng.uniform(-x, x);
    this.s[1] = this.rng.uniform(-y, y);
    this.#lastU = NaN;
  }

  /** Applies torque `action` (clipped to [-2, 2]) for one step; returns the reward. */
  protected advance(action: number, observations: Float32Array, offset: number): number {
    const a = f(action);
    if (a !== a) throw new RangeError(`Cannot step ${ID}: action must be a number, got NaN`);
    const torque = a < -this.maxTorque ? -this.maxTorque : a > this.maxTorque ? this.maxTorque : a;
    this.#lastU = torque;
    const th = this.s[0], thdot = this.s[1], g = this.g, m = this.m, l = this.l, dt = this.dt;
    const an = angleNormalize(th);
    // The torque terms are np.float32 under NumPy 2: f(0.001)·f(u²) and f(3.0/(m·l²))·u, rounded.
    const costs = an * an + 0.1 * (thdot * thdot) + f(F_0001 * f(torque * torque));
    const last = this.#last; // θ of the last observation: its sine was computed there
    const sinTh = u.sameNumber(th, last[0]) ? last[1] : sin(th);
    let newthdot = thdot +
      (3 * g / (2 * l) * sinTh + f(f(3.0 / (m * (l * l))) * torque)) * dt;
    if (newthdot < -this.maxSpeed) newthdot = -this.maxSpeed;
    else if (newthdot > this.maxSpeed) newthdot = this.maxSpeed;
    this.s[0] = th + newthdot * dt;
    this.s[1] = newthdot;
    this.observe(observations, offset);
    return -costs;
  }

  /** Writes `[cos θ, sin θ, θ̇]`. */
  protected observe(o: Float32Array, offset: number): void {
    const last = this.#last, sc = this.#sc;
    sincos(this.s[0], sc);
    last[0] = this.s[0];
    last[1] = sc[0];
    o[offset] = sc[1];
    o[offset + 1] = sc[0];
    o[offset + 2] = this.s[1];
  }

  /** The last torque, after the common snapshot fields. */
  protected override snapshotExtra(): EnvSnapshot {
    return { lastU: this.lastU };
  }

  /** Reads the last torque; a pendulum never ends, so a stored `ENDED` phase means ready. */
  protected override restoreExtra(snapshot: EnvSnapshot): void {
    if (this.phase === u.ENDED) this.phase = u.READY;
    this.#lastU = typeof snapshot.lastU === "number" ? snapshot.lastU : NaN;
  }

  /** The current frame as a 500×500 SVG document (rod, pivot, and an arrow for the last torque). */
  protected frame(): string {
    const D = 500, scale = D / (2.2 * 2), o = D / 2, len = scale, w = 0.2 * scale;
    const angle = this.s[0] + Math.PI / 2;
    const rod = u.rotate([0, -w / 2, 0, w / 2, len, w / 2, len, -w / 2], angle, o, o);
    const end = u.rotate([len, 0], angle, o, o);
    const red = "rgb(204,77,77)";
    let body = `<polygon points="${u.points(rod, D)}" fill="${red}"/>` +
      `<circle cx="${o}" cy="${o}" r="${w / 2}" fill="${red}"/>` +
      `<circle cx="${end[0].toFixed(2)}" cy="${(D - end[1]).toFixed(2)}" r="${
        w / 2
      }" fill="${red}"/>`;
    const t = this.lastU;
    if (t !== null && t !== 0) {
      // An arc of 270° around the pivot, counter-clockwise for positive torque, sized by |torque|.
      const r = scale * Math.abs(t) / 4, ccw = t > 0, a0 = ccw ? -0.25 * Math.PI : 1.25 * Math.PI;
      const a1 = ccw ? 1.25 * Math.PI : -0.25 * Math.PI;
      const p = (a: number) => `${(o + r * cos(a)).toFixed(2)},${(o - r * sin(a)).toFixed(2)}`;
      body += `<defs><marker id="head" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="4" ` +
        `markerHeight="4" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>` +
        `<path d="M${p(a0)} A${r.toFixed(2)},${r.toFixed(2)} 0 1 ${ccw ? 0 : 1} ${p(a1)}" ` +
        `fill="none" stroke="#000" stroke-width="${(r / 8).toFixed(2)}" marker-end="url(#head)"/>`;
    }
    body += `<circle cx="${o}" cy="${o}" r="${(0.05 * scale).toFixed(2)}" fill="#000"/>`;
    return u.svgDoc(D, D, body);
  }

  /** One line for terminals: the normalised angle (0 = upright), velocity and last torque. */
  renderText(): string {
    const t = this.lastU;
    return `θ=${u.fmt(angleNormalize(this.s[0]))} (unwrapped ${u.fmt(this.s[0])}) ` +
      `θ̇=${u.fmt(this.s[1])} torque=${t === null ? "none" : u.fmt(t)}`;
  }
}
