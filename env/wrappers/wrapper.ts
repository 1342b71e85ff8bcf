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
  Info,
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
 * wrapped env, through both APIs alike. A subclass overrides hooks rather than the four stepping
 * methods: {@linkcode Wrapper.started} (after a reset), {@linkcode Wrapper.checkStep} (before a
 * step), {@linkcode Wrapper.stepped} (after a step), {@linkcode Wrapper.transformObservation}
 * (in place), and {@linkcode Wrapper.snapshotOwn} / {@linkcode Wrapper.readSnapshotOwn} for its
 * own state in snapshots.
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

  /**
   * Starts an episode (see {@linkcode Env.reset}): the wrapped env's reset, then
   * {@linkcode Wrapper.started}, then {@linkcode Wrapper.transformObservation} on a copy.
   */
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    const result = this.env.reset(options);
    this.started();
    if (!this.transformObservation) return result;
    return { observation: this.#transformed(result.observation), info: result.info };
  }

  /**
   * Advances the episode by one action (see {@linkcode Env.step}):
   * {@linkcode Wrapper.checkStep}, the wrapped env's step, {@linkcode Wrapper.stepped}, then
   * `truncated` is this wrapper's `lastTruncated` and the observation is transformed (a copy).
   */
  step(action: Action): StepResult<Float32Array> {
    this.checkStep();
    const result = this.env.step(action);
    this.stepped(result.reward, result.terminated, result.truncated, result.info);
    result.truncated = this.lastTruncated;
    if (this.transformObservation) result.observation = this.#transformed(result.observation);
    return result;
  }

  /** Like `reset`, writing the observation into `observations` at `offset` (transformed in place). */
  resetInto(observations: Float32Array, offset: number, options?: ResetOptions): void {
    this.env.resetInto(observations, offset, options);
    this.started();
    this.transformObservation?.(observations, offset);
  }

  /** Like `step`, reading the action from `actions`; returns the reward (the same hooks as `step`). */
  stepInto(
    actions: ArrayLike<number>,
    actionOffset: number,
    observations: Float32Array,
    offset: number,
  ): number {
    this.checkStep();
    const reward = this.env.stepInto(actions, actionOffset, observations, offset);
    this.stepped(reward, this.env.lastTerminated, this.env.lastTruncated, null);
    this.transformObservation?.(observations, offset);
    return reward;
  }

  /** Hook: the wrapped env has just been reset (both APIs). */
  protected started(): void {}

  /** Hook: called before the wrapped env steps (both APIs); throw to refuse the step. */
  protected checkStep(): void {}

  /**
   * Hook: the wrapped env has just stepped (both APIs), with its reward and flags; `info` is the
   * step result's info on the `step` path (to add entries to), `null` on the `stepInto` path.
   */
  protected stepped(
    _reward: number,
    _terminated: boolean,
    _truncated: boolean,
    _info: Info | null,
  ): void {}

  /** Hook: transforms an observation in place (`reset`/`step` pass a copy). */
  protected transformObservation?(observations: Float32Array, offset: number): void;

  /** Hook: this wrapper's own snapshot fields (stored before the wrapped env's under `env`). */
  protected snapshotOwn(): EnvSnapshot {
    return {};
  }

  /**
   * Hook: validates this wrapper's own fields of a snapshot, before anything changes, and returns
   * the function that applies them after the wrapped env is restored.
   */
  protected readSnapshotOwn(_snapshot: EnvSnapshot): () => void {
    return () => {};
  }

  #transformed(observation: Float32Array): Float32Array {
    const out = Float32Array.from(observation);
    this.transformObservation!(out, 0);
    return out;
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

  /** This wrapper's own state, then the wrapped env's snapshot under `env`. */
  snapshot(): EnvSnapshot {
    return { ...this.snapshotOwn(), env: this.env.snapshot() };
  }

  /** Restores what {@linkcode Wrapper.snapshot} returned (validating before changing anything). */
  restore(snapshot: EnvSnapshot): void {
    const apply = this.readSnapshotOwn(snapshot);
    this.env.restore(innerSnapshot(snapshot, this));
    apply();
  }
}
