/**
 * The environment contract, Gymnasium's semantics with named results.
 *
 * @example
 * ```ts
 * import { make } from "@seeded/rl";
 * const env = make("CartPole-v1");
 * let { observation } = env.reset({ seed: 1 });
 * const { reward, terminated, truncated } = env.step(0);
 * ```
 *
 * @module
 */
import type { Space } from "../core/spaces.ts";

/** Options of {@linkcode Env.reset}. */
export interface ResetOptions {
  /** Re-seeds the environment's generator; without it, `reset()` continues the current stream. */
  seed?: number;
  /** Lower bound of the uniform reset distribution, where the env supports it (Gymnasium's `low`). */
  low?: number;
  /** Upper bound of the uniform reset distribution, where the env supports it (Gymnasium's `high`). */
  high?: number;
  /** Pendulum only: half-width of the initial angle range (Gymnasium's `x_init`). */
  xInit?: number;
  /** Pendulum only: half-width of the initial angular velocity range (Gymnasium's `y_init`). */
  yInit?: number;
}

/** Extra information returned by `reset` and `step` (episode statistics, for example). */
export type Info = Record<string, unknown>;

/** What {@linkcode Env.reset} returns. */
export interface ResetResult<Obs> {
  /** The first observation of the episode. */
  observation: Obs;
  /** Extra information. */
  info: Info;
}

/** What {@linkcode Env.step} returns. */
export interface StepResult<Obs> {
  /** The observation after the action. */
  observation: Obs;
  /** The reward for the transition. */
  reward: number;
  /** The MDP reached a terminal state: do not bootstrap. */
  terminated: boolean;
  /** The episode was cut by a time limit: bootstrap from `observation`. */
  truncated: boolean;
  /** Extra information. */
  info: Info;
}

/** The registry entry of an environment id. */
export interface EnvSpec {
  /** The id, for example `"CartPole-v1"`. */
  id: string;
  /** The `TimeLimit` applied by `make`, or `null` for none. */
  maxEpisodeSteps: number | null;
  /** The average return that counts as solved, or `null` where none is defined. */
  rewardThreshold: number | null;
}

/**
 * A Gymnasium-style environment.
 *
 * @example
 * ```ts
 * import { make, type Env } from "@seeded/rl";
 * const env: Env<Float32Array, number> = make("CartPole-v1") as Env<Float32Array, number>;
 * ```
 */
export interface Env<Obs = Float32Array, Act = number | Float32Array | number[]> {
  /** The space observations belong to. */
  readonly observationSpace: Space;
  /** The space of valid actions. */
  readonly actionSpace: Space;
  /** The registry spec, when made through `make`. */
  readonly spec?: EnvSpec;
  /** Starts an episode. */
  reset(options?: ResetOptions): ResetResult<Obs>;
  /** Advances the episode by one action. */
  step(action: Act): StepResult<Obs>;
  /** A frame of the current state as an SVG document string. */
  render?(): string;
  /** Releases resources. */
  close?(): void;
  /**
   * The complete mutable state (including the generator) as JSON-able data, for bit-exact resume
   * from checkpoints. Optional: without it, a resumed run resets the env (and is not bit-exact).
   */
  snapshot?(): EnvSnapshot;
  /** Restores what `snapshot` returned; later steps must be bit-identical. */
  restore?(snapshot: EnvSnapshot): void;
}

/**
 * Thrown when `step()` is called before `reset()` or after an episode ended without a new reset.
 *
 * @example
 * ```ts
 * import { ResetNeededError } from "@seeded/rl";
 * const e = new ResetNeededError("Cannot step CartPole-v1: reset() was not called");
 * ```
 */
export class ResetNeededError extends Error {
  /**
   * Creates the error.
   *
   * @param message What was called and why a reset is needed.
   */
  constructor(message: string) {
    super(message);
    this.name = "ResetNeededError";
  }
}

/**
 * The allocation-free stepping interface that every classic-control env (and every wrapper around
 * one) implements, so `SyncVectorEnv` and agents can step without creating objects.
 *
 * `stepInto` reads the action at `actions[actionOffset]` (a discrete action is an integer there; a
 * continuous action of dimension d is `actions[actionOffset .. actionOffset + d)`), writes the
 * observation into `observations[offset .. offset + obsDim)`, returns the reward, and leaves the
 * episode flags in `lastTerminated` / `lastTruncated`.
 *
 * @example
 * ```ts
 * import { make } from "@seeded/rl";
 * const env = make("CartPole-v1");
 * const obs = new Float32Array(4);
 * env.resetInto(obs, 0, { seed: 1 });
 * const reward = env.stepInto(new Float64Array([1]), 0, obs, 0);
 * ```
 */
export interface FastEnv {
  /** Length of an observation. */
  readonly obsDim: number;
  /** Like `reset`, writing the observation into `observations` at `offset`. */
  resetInto(observations: Float32Array, offset: number, options?: ResetOptions): void;
  /** Like `step`, reading the action from `actions` and writing the observation; returns the reward. */
  stepInto(
    actions: ArrayLike<number>,
    actionOffset: number,
    observations: Float32Array,
    offset: number,
  ): number;
  /** `terminated` of the last step. */
  readonly lastTerminated: boolean;
  /** `truncated` of the last step. */
  readonly lastTruncated: boolean;
  /** The complete mutable state (physics, generator, counters) as JSON-able data, for checkpoints. */
  snapshot(): EnvSnapshot;
  /** Restores what {@linkcode FastEnv.snapshot} returned; later steps are bit-identical. */
  restore(snapshot: EnvSnapshot): void;
  /**
   * `false` when `restore` cannot continue bit for bit (a user's env without its own
   * `snapshot()`/`restore()`): the env must be reset after `restore`. Absent means `true`.
   */
  readonly snapshotIsExact?: boolean;
}

/**
 * JSON-able saved state of an env or wrapper (its exact shape is the env's own business).
 *
 * @example
 * ```ts
 * import type { EnvSnapshot } from "@seeded/rl";
 * const s: EnvSnapshot = { state: [0, 0, 0, 0] };
 * ```
 */
export type EnvSnapshot = Record<string, unknown>;
