/**
 * The base {@linkcode Wrapper} that forwards both env APIs, and the env types wrappers accept.
 *
 * @example
 * ```ts
 * import { make, Wrapper } from "@seeded/rl";
 * const env = new Wrapper(make("CartPole-v1"));
 * env.reset({ seed: 0 });
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
} from "../env.ts";
import type { Space } from "../../core/spaces.ts";
import { envName, innerSnapshot } from "./_util.ts";

/** An action of any classic-control env: an integer, or a continuous vector. */
export type Action = number | Float32Array | number[];

/**
 * An env with both the Gymnasium-style API and the allocation-free {@linkcode FastEnv} API: what
 * wrappers, {@linkcode SyncVectorEnv} and the env checker accept.
 *
 * @example
 * ```ts
 * import { make, type WrappableEnv } from "@seeded/rl";
 * const env: WrappableEnv = make("CartPole-v1");
 * ```
 */
export type WrappableEnv = Env<Float32Array, Action> & FastEnv;

/**
 * The innermost env type of a wrapper chain: `E["unwrapped"]` when `E` has one, else `E`.
 *
 * @example
 * ```ts
 * import type { TimeLimit, Unwrapped, WrappableEnv } from "@seeded/rl";
 * type Inner = Unwrapped<TimeLimit<WrappableEnv>>; // WrappableEnv
 * ```
 */
export type Unwrapped<E> = E extends { readonly unwrapped: infer U } ? U : E;

/**
 * Base of all wrappers: forwards every member of {@linkcode Env} and {@linkcode FastEnv} to the
 * wrapped env. Subclasses override what they change.
 *
 * @typeParam E The wrapped env's type.
 * @example
 * ```ts
 * import { make, Wrapper } from "@seeded/rl";
 * class Passthrough extends Wrapper {}
 * const env = new Passthrough(make("CartPole-v1"));
 * env.reset({ seed: 0 });
 * ```
 */
export class Wrapper<E extends WrappableEnv = WrappableEnv>
  implements Env<Float32Array, Action>, FastEnv {
  /** The wrapped env. */
  readonly env: E;
  #unwrapped: Unwrapped<E>;
  #spec: EnvSpec | undefined = undefined;

  /**
   * Wraps `env`.
   *
   * @param env The env to wrap.
   */
  constructor(env: E) {
    this.env = env;
    const inner = env as unknown as { unwrapped?: unknown };
    this.#unwrapped = (inner.unwrapped ?? env) as Unwrapped<E>;
  }

  /** The innermost env (for classic-control envs, `unwrapped.state` is the physical state). */
  get unwrapped(): Unwrapped<E> {
    return this.#unwrapped;
  }

  /** The wrapped env's observation space. */
  get observationSpace(): Space {
    return this.env.observationSpace;
  }

  /** The wrapped env's action space. */
  get actionSpace(): Space {
    return this.env.actionSpace;
  }

  /** The registry spec: the one assigned to this wrapper, else the wrapped env's. */
  get spec(): EnvSpec | undefined {
    return this.#spec ?? this.env.spec;
  }

  /** Assigns the registry spec (done by `make`). */
  set spec(spec: EnvSpec | undefined) {
    this.#spec = spec;
  }

  /** Length of an observation. */
  get obsDim(): number {
    return this.env.obsDim;
  }

  /** `terminated` of the last step. */
  get lastTerminated(): boolean {
    return this.env.lastTerminated;
  }

  /** `truncated` of the last step. */
  get lastTruncated(): boolean {
    return this.env.lastTruncated;
  }

  /** Whether the wrapped env's `restore` continues bit for bit (see {@linkcode FastEnv}). */
  get snapshotIsExact(): boolean {
    return this.env.snapshotIsExact !== false;
  }

  /** Starts an episode (see {@linkcode Env.reset}). */
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    return this.env.reset(options);
  }

  /** Advances the episode by one action (see {@linkcode Env.step}). */
  step(action: Action): StepResult<Float32Array> {
    return this.env.step(action);
  }

  /** Like `reset`, writing the observation into `observations` at `offset`. */
  resetInto(observations: Float32Array, offset: number, options?: ResetOptions): void {
    this.env.resetInto(observations, offset, options);
  }

  /** Like `step`, reading the action from `actions`; returns the reward. */
  stepInto(
    actions: ArrayLike<number>,
    actionOffset: number,
    observations: Float32Array,
    offset: number,
  ): number {
    return this.env.stepInto(actions, actionOffset, observations, offset);
  }

  /**
   * The wrapped env's frame as an SVG string.
   *
   * @throws {TypeError} if the wrapped env cannot render.
   */
  render(): string {
    if (typeof this.env.render !== "function") {
      throw new TypeError(`Cannot render ${envName(this)}: the env has no render()`);
    }
    return this.env.render();
  }

  /** Releases the wrapped env's resources. */
  close(): void {
    this.env.close?.();
  }

  /** The wrapped env's snapshot under `env`, plus this wrapper's own state. */
  snapshot(): EnvSnapshot {
    return { env: this.env.snapshot() };
  }

  /** Restores what {@linkcode Wrapper.snapshot} returned. */
  restore(snapshot: EnvSnapshot): void {
    this.env.restore(innerSnapshot(snapshot, this));
  }
}
