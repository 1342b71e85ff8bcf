/**
 * {@linkcode PhysicsEnv}: the episode lifecycle shared by the classic-control envs, so that each
 * env file is its physics, its docs and its drawing.
 *
 * @example
 * ```ts
 * import { CartPole, PhysicsEnv } from "@seeded/rl";
 * const env: PhysicsEnv<number> = new CartPole();
 * env.reset({ seed: 0 });
 * env.step(1);
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
import type { Box, Discrete } from "../core/spaces.ts";
import { Random } from "../core/random.ts";
import * as u from "./_util.ts";

/**
 * The base of the built-in envs: both env APIs (`reset`/`step` returning new arrays,
 * `resetInto`/`stepInto` writing into batches), the episode phase (`step` before `reset` or after
 * termination throws `ResetNeededError`), the seeded generator, the physical `state`,
 * `snapshot`/`restore` and the render guard. A subclass supplies the physics: how a reset draws
 * the state ({@linkcode PhysicsEnv.resetState}), how a step advances it
 * ({@linkcode PhysicsEnv.advance}), the observation ({@linkcode PhysicsEnv.observe}) and the frame
 * ({@linkcode PhysicsEnv.frame}).
 *
 * @typeParam Act The action type: an integer, or a continuous vector.
 * @example
 * ```ts
 * import { MountainCar, type PhysicsEnv } from "@seeded/rl";
 * const env: PhysicsEnv<number> = new MountainCar();
 * env.reset({ seed: 1 });
 * env.state = [-0.5, 0];
 * ```
 */
export abstract class PhysicsEnv<Act extends number | Float32Array | number[]>
  implements Env<Float32Array, Act>, FastEnv {
  /** The space of valid actions. */
  abstract readonly actionSpace: Discrete | Box;
  /** The space observations belong to. */
  abstract readonly observationSpace: Box;
  /** Length of an observation. */
  readonly obsDim: number;
  /** The registry spec, set by `make`. */
  spec: EnvSpec | undefined = undefined;
  /** The id used in messages, for example `"CartPole-v1"`. */
  protected readonly id: string;
  /** The physical state (float64). */
  protected readonly s: Float64Array;
  /** The env's generator; `reset({ seed })` replaces it. */
  protected rng: Random = new Random(u.DEFAULT_SEED);
  /** `READY`, `NEEDS_RESET` or `ENDED` (see `_util.ts`). */
  protected phase: number = u.NEEDS_RESET;
  /** `terminated` of the last step. */
  protected terminated: boolean = false;
  /** Allow `step()` after termination (Gymnasium's behaviour) instead of throwing. */
  protected readonly continueAfterTermination: boolean;
  readonly #bounds: readonly [number, number] | null;
  readonly #obs: u.ObservationSlab;
  #spaceText: string | undefined = undefined; // the action space for messages, made once

  /**
   * Sets up the lifecycle.
   *
   * @param id The id used in messages.
   * @param stateDim Length of the physical state.
   * @param obsDim Length of an observation.
   * @param resetBounds Default `[low, high]` of `reset({ low, high })`, or `null` where the env
   * takes other reset options.
   * @param continueAfterTermination Gymnasium's post-termination stepping instead of throwing.
   */
  protected constructor(
    id: string,
    stateDim: number,
    obsDim: number,
    resetBounds: readonly [number, number] | null,
    continueAfterTermination = false,
  ) {
    this.id = id;
    this.s = new Float64Array(stateDim);
    this.obsDim = obsDim;
    this.#obs = new u.ObservationSlab(obsDim);
    this.#bounds = resetBounds;
    this.continueAfterTermination = continueAfterTermination;
  }

  /** Draws the initial state from {@linkcode PhysicsEnv.rng} (after any re-seeding). */
  protected abstract resetState(low: number, high: number, options?: ResetOptions): void;
  /**
   * One step of the physics from `action` (a discrete action, already checked, or the value of a
   * one-dimensional continuous action): updates the state and {@linkcode PhysicsEnv.terminated},
   * writes the observation at `offset`, returns the reward.
   */
  protected abstract advance(action: number, observations: Float32Array, offset: number): number;
  /** Writes the observation of the current state into `observations` at `offset`. */
  protected abstract observe(observations: Float32Array, offset: number): void;
  /** The current frame as an SVG document (the env has been reset). */
  protected abstract frame(): string;

  /** Checks reset options for an env without `low`/`high` bounds (before any re-seeding). */
  protected checkResetOptions(_options?: ResetOptions): void {}

  /** Called when `state` is assigned, after the copy. */
  protected stateAssigned(_value: ArrayLike<number>): void {}

  /** Reads the env's own snapshot fields (after the common part is restored). */
  protected restoreExtra(_snapshot: EnvSnapshot): void {}

  /** The env's own snapshot fields, after the common ones. */
  protected snapshotExtra(): EnvSnapshot {
    return {};
  }

  /** This env (wrappers forward `unwrapped` to it). */
  get unwrapped(): this {
    return this;
  }

  /** A copy of the physical state (Gymnasium's `env.unwrapped.state`; see the class doc). */
  get state(): Float64Array {
    return this.s.slice();
  }

  /** Assigns the physical state (copied as float64); the env may then step from it. */
  set state(value: ArrayLike<number>) {
    u.checkState(this.id, value, this.s.length);
    this.s.set(value);
    this.phase = u.READY;
    this.terminated = false;
    this.stateAssigned(value);
  }

  /** `terminated` of the last step. */
  get lastTerminated(): boolean {
    return this.terminated;
  }

  /** Always `false`: only `TimeLimit` truncates. */
  get lastTruncated(): boolean {
    return false;
  }

  /** Starts an episode; `{ seed }` re-seeds (see the class doc for the other options). */
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    const observation = this.#obs.next();
    this.resetInto(observation, 0, options);
    return { observation, info: {} };
  }

  /** Like `reset`, writing the observation into `observations` at `offset`. */
  resetInto(observations: Float32Array, offset: number, options?: ResetOptions): void {
    let low = 0, high = 0;
    const b = this.#bounds;
    if (b === null) this.checkResetOptions(options);
    else {
      low = options?.low ?? b[0], high = options?.high ?? b[1];
      if (options?.low !== undefined || options?.high !== undefined) {
        u.checkBounds(this.id, low, high);
      }
    }
    if (options?.seed !== undefined) this.rng = new Random(options.seed);
    this.resetState(low, high, options);
    this.phase = u.READY;
    this.terminated = false;
    this.observe(observations, offset);
  }

  /**
   * Advances the episode by one action. Returns a new observation array.
   *
   * @throws {RangeError} for a discrete action outside the space, or a NaN continuous action.
   * @throws {TypeError} for a continuous action that is not an array of the space's length.
   * @throws {ResetNeededError} before `reset()`, or after termination.
   */
  step(action: Act): StepResult<Float32Array> {
    const space = this.actionSpace;
    let a: number;
    if (space.kind === "discrete") {
      if (!isAction(action, space.n)) throw u.badDiscrete(this.id, action, space.n);
      a = action as number;
    } else {
      u.checkContinuous(this.id, action, this.#spaceText ??= String(space));
      a = (action as ArrayLike<number>)[0];
    }
    // stepInto's work, the action already checked
    if (this.phase !== u.READY) throw u.notReady(this.id, this.phase);
    const observation = this.#obs.next();
    const reward = this.advance(a, observation, 0);
    const terminated = this.terminated;
    if (terminated && !this.continueAfterTermination) this.phase = u.ENDED;
    return { observation, reward, terminated, truncated: false, info: {} };
  }

  /** Like `step`, reading the action at `actions[actionOffset]`; returns the reward. */
  stepInto(
    actions: ArrayLike<number>,
    actionOffset: number,
    observations: Float32Array,
    offset: number,
  ): number {
    if (this.phase !== u.READY) throw u.notReady(this.id, this.phase);
    const space = this.actionSpace, action = actions[actionOffset];
    if (space.kind === "discrete" && !isAction(action, space.n)) {
      throw u.badDiscrete(this.id, action, space.n);
    }
    const reward = this.advance(action, observations, offset);
    if (this.terminated && !this.continueAfterTermination) this.phase = u.ENDED;
    return reward;
  }

  /** State, generator and flags (and the env's own fields), JSON-able. */
  snapshot(): EnvSnapshot {
    return {
      state: Array.from(this.s),
      rng: this.rng.state(),
      phase: this.phase,
      terminated: this.terminated,
      ...this.snapshotExtra(),
    };
  }

  /** Restores what `snapshot` returned; later steps are bit-identical. */
  restore(snapshot: EnvSnapshot): void {
    const r = u.readSnapshot(this.id, snapshot, this.s.length);
    this.s.set(r.state);
    this.rng = r.rng;
    this.phase = r.phase;
    this.terminated = r.terminated;
    this.restoreExtra(snapshot);
  }

  /**
   * The current frame as an SVG document string.
   *
   * @throws {ResetNeededError} before the first `reset()`.
   */
  render(): string {
    if (this.phase === u.NEEDS_RESET) throw u.notReady(this.id, this.phase, "render");
    return this.frame();
  }
}

/** An integer action of `Discrete(n)`. */
function isAction(a: unknown, n: number): boolean {
  return typeof a === "number" && Number.isInteger(a) && a >= 0 && a < n;
}
