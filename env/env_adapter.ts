/**
 * {@linkcode EnvAdapter} and {@linkcode toFastEnv}: a user's env, written against the small
 * {@linkcode Env} contract only, on the library's fast path (vector env, agents, checkpoints).
 *
 * @example
 * ```ts
 * import { Box, Discrete, toFastEnv, type Env } from "@seeded/rl";
 * class Coin implements Env<Float32Array, number> {
 *   observationSpace = new Box([0], [1]);
 *   actionSpace = new Discrete(2);
 *   reset() {
 *     return { observation: new Float32Array(1), info: {} };
 *   }
 *   step(action: number) {
 *     return { observation: new Float32Array(1), reward: action, terminated: true, truncated: false, info: {} };
 *   }
 * }
 * const env = toFastEnv(new Coin());
 * env.reset({ seed: 1 });
 * env.step(1);
 * ```
 *
 * @module
 */
import {
  type Env,
  type EnvSnapshot,
  type EnvSpec,
  type FastEnv,
  ResetNeededError,
  type ResetOptions,
  type ResetResult,
  type StepResult,
} from "./env.ts";
import type { Box, Discrete, Space } from "../core/spaces.ts";
import type { Action, WrappableEnv } from "./wrappers/wrapper.ts";
import { describe } from "../core/text.ts";

const READY = 0, NEEDS_RESET = 1, ENDED = 2;

/** The members that make an env a {@linkcode FastEnv} already. */
const FAST_MEMBERS = ["resetInto", "stepInto", "snapshot", "restore"] as const;

/** A readable name for messages: the spec id, else the class name. */
function nameOf(env: unknown): string {
  const e = env as { spec?: EnvSpec; constructor?: { name?: string } } | null;
  return e?.spec?.id ??
    (e?.constructor?.name && e.constructor.name !== "Object" ? e.constructor.name : "the env");
}

/** {@linkcode describe}, plus the keys of a plain object (what a user's result looked like). */
function show(x: unknown): string {
  const plain = x !== null && typeof x === "object" && !Array.isArray(x) && !ArrayBuffer.isView(x);
  return plain ? `an object with keys ${Object.keys(x).join(", ") || "(none)"}` : describe(x);
}

/**
 * Whether `env` already has the allocation-free {@linkcode FastEnv} members (built-in envs and
 * wrappers do; a user's env written against {@linkcode Env} does not).
 *
 * @example
 * ```ts
 * import { isFastEnv, make } from "@seeded/rl";
 * isFastEnv(make("CartPole-v1")); // true
 * ```
 */
export function isFastEnv(env: unknown): env is WrappableEnv {
  const e = env as Record<string, unknown> | null;
  return e !== null && typeof e === "object" && typeof e.obsDim === "number" &&
    FAST_MEMBERS.every((m) => typeof e[m] === "function");
}

/**
 * `env` itself when it is already a {@linkcode FastEnv}, else an {@linkcode EnvAdapter} around it.
 *
 * @param env An env that keeps the {@linkcode Env} contract.
 * @returns An env with both APIs, ready for wrappers and {@linkcode SyncVectorEnv}.
 * @throws {TypeError} if the env's spaces are missing or not a `Box` observation space and a
 * `Box` or `Discrete` action space.
 * @example
 * ```ts
 * import { make, toFastEnv } from "@seeded/rl";
 * const env = toFastEnv(make("CartPole-v1")); // unchanged
 * ```
 */
export function toFastEnv(env: Env<Float32Array, never>): WrappableEnv {
  return isFastEnv(env) ? env : new EnvAdapter(env);
}

/**
 * Adapts an env that implements only {@linkcode Env} (spaces, `reset`, `step`, optionally
 * `render`, `close`, `snapshot`/`restore`) to the allocation-free {@linkcode FastEnv} path, so
 * wrappers, {@linkcode SyncVectorEnv}, every agent, checkpoints and evaluation work with it.
 *
 * The adapter also keeps the contract for the user's env: stepping before `reset()` or after the
 * episode ended throws {@linkcode ResetNeededError}; actions are checked against the action space
 * (`RangeError`/`TypeError`) before they reach the env; each result is checked (a `Float32Array`
 * observation of the space's length, a number reward, boolean flags) with a `TypeError` that says
 * what to return instead. A discrete action reaches the env as an integer, a continuous one as a
 * new `Float32Array`.
 *
 * Snapshots: with the env's own `snapshot()`/`restore()` (JSON-able), a restored run continues bit
 * for bit. Without them {@linkcode EnvAdapter.snapshotIsExact} is false: `restore` leaves the env
 * needing a reset, and {@linkcode SyncVectorEnv.restore} resets it (with a one-line warning that
 * the resumed run is not bit-exact).
 *
 * @example
 * ```ts
 * import { Box, EnvAdapter, SyncVectorEnv, type Env } from "@seeded/rl";
 * class Still implements Env<Float32Array, Float32Array> {
 *   observationSpace = new Box([-1], [1]);
 *   actionSpace = new Box([-1], [1]);
 *   reset() {
 *     return { observation: new Float32Array(1), info: {} };
 *   }
 *   step(action: Float32Array) {
 *     return { observation: new Float32Array(1), reward: -Math.abs(action[0]), terminated: false, truncated: false, info: {} };
 *   }
 * }
 * const venv = new SyncVectorEnv(() => new EnvAdapter(new Still()), 2);
 * venv.reset();
 * venv.step(new Float32Array([0.5, -0.5]));
 * ```
 */
export class EnvAdapter implements Env<Float32Array, Action>, FastEnv {
  /** The user's env. */
  readonly env: Env<Float32Array, never>;
  /** The user's observation space (a `Box`). */
  readonly observationSpace: Box;
  /** The user's action space. */
  readonly actionSpace: Box | Discrete;
  /** Length of an observation. */
  readonly obsDim: number;
  #spec: EnvSpec | undefined = undefined;
  #phase = NEEDS_RESET;
  #terminated = false;
  #truncated = false;
  readonly #name: string;

  /**
   * Adapts `env`.
   *
   * @param env The user's env.
   * @throws {TypeError} if its spaces are missing or of the wrong kind.
   */
  constructor(env: Env<Float32Array, never>) {
    const name = nameOf(env);
    if (env === null || typeof env !== "object") {
      throw new TypeError(
        `Cannot adapt ${show(env)}: an env must be an object with reset() and step()`,
      );
    }
    for (const m of ["reset", "step"] as const) {
      if (typeof env[m] !== "function") {
        throw new TypeError(`Cannot adapt ${name}: it has no ${m}() method`);
      }
    }
    const obs = env.observationSpace as Space | undefined,
      act = env.actionSpace as Space | undefined;
    if (obs?.kind !== "box") {
      throw new TypeError(
        `Cannot adapt ${name}: observationSpace must be a Box (new Box(low, high) from @seeded/rl), got ${
          show(obs)
        }`,
      );
    }
    if (act?.kind !== "box" && act?.kind !== "discrete") {
      throw new TypeError(
        `Cannot adapt ${name}: actionSpace must be a Discrete or a Box from @seeded/rl, got ${
          show(act)
        }`,
      );
    }
    this.env = env;
    this.observationSpace = obs;
    this.actionSpace = act;
    this.obsDim = obs.shape[0];
    this.#name = name;
  }

  /** The user's env (wrappers forward `unwrapped` to it). */
  get unwrapped(): Env<Float32Array, never> {
    return this.env;
  }

  /** The registry spec: the one assigned here (by `make`), else the user's env's. */
  get spec(): EnvSpec | undefined {
    return this.#spec ?? this.env.spec;
  }

  /** Assigns the registry spec (done by `make`). */
  set spec(spec: EnvSpec | undefined) {
    this.#spec = spec;
  }

  /** Whether `snapshot`/`restore` continue bit for bit: the user's env has both methods. */
  get snapshotIsExact(): boolean {
    const e = this.env as Partial<FastEnv>;
    return typeof e.snapshot === "function" && typeof e.restore === "function";
  }

  /** `terminated` of the last step. */
  get lastTerminated(): boolean {
    return this.#terminated;
  }

  /** `truncated` of the last step. */
  get lastTruncated(): boolean {
    return this.#truncated;
  }

  /** Starts an episode through the user's `reset` (its result checked). */
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    const r = this.env.reset(options) as unknown as ResetResult<Float32Array>;
    if (r === null || typeof r !== "object" || Array.isArray(r) || !("observation" in r)) {
      throw new TypeError(
        `Cannot reset ${this.#name}: reset() must return { observation, info }, got ${show(r)}`,
      );
    }
    this.#checkObservation(r.observation, "reset");
    this.#phase = READY;
    this.#terminated = this.#truncated = false;
    return { observation: r.observation, info: r.info ?? {} };
  }

  /**
   * Advances the episode through the user's `step` (action and result checked).
   *
   * @throws {ResetNeededError} before `reset()` or after the episode ended.
   * @throws {RangeError} for a discrete action outside the space or a NaN continuous action.
   * @throws {TypeError} for a continuous action of the wrong length, or a malformed result.
   */
  step(action: Action): StepResult<Float32Array> {
    if (this.#phase !== READY) {
      throw new ResetNeededError(
        this.#phase === NEEDS_RESET
          ? `Cannot step ${this.#name}: reset() was not called`
          : `Cannot step ${this.#name}: the episode ended, call reset() first`,
      );
    }
    const space = this.actionSpace;
    let a: number | Float32Array;
    if (space.kind === "discrete") {
      if (
        !(typeof action === "number" && Number.isInteger(action) && action >= 0 && action < space.n)
      ) {
        throw new RangeError(
          `Cannot step ${this.#name}: action must be an integer in ${space}, got ${show(action)}`,
        );
      }
      a = action;
    } else {
      const dim = space.shape[0];
      const ok = typeof action === "number" ? dim === 1 : action?.length === dim;
      if (!ok) {
        throw new TypeError(
          `Cannot step ${this.#name}: action must have length ${dim} (${space}), got ${
            show(action)
          }`,
        );
      }
      a = typeof action === "number" ? Float32Array.of(action) : Float32Array.from(action);
      for (let j = 0; j < dim; j++) {
        if (Number.isNaN(a[j])) {
          throw new RangeError(`Cannot step ${this.#name}: action[${j}] is NaN`);
        }
      }
    }
    const r = (this.env.step as (a: unknown) => unknown)(a) as StepResult<Float32Array>;
    if (r === null || typeof r !== "object" || Array.isArray(r) || !("observation" in r)) {
      throw new TypeError(
        `Cannot step ${this.#name}: step() must return { observation, reward, terminated, truncated, info }, got ${
          show(r)
        }`,
      );
    }
    this.#checkObservation(r.observation, "step");
    if (typeof r.reward !== "number" || Number.isNaN(r.reward)) {
      throw new TypeError(
        `Cannot step ${this.#name}: step() must return a number reward, got ${show(r.reward)}`,
      );
    }
    if (typeof r.terminated !== "boolean" || typeof r.truncated !== "boolean") {
      throw new TypeError(
        `Cannot step ${this.#name}: step() must return boolean terminated and truncated, got ${
          show(r.terminated)
        } and ${show(r.truncated)}`,
      );
    }
    this.#terminated = r.terminated;
    this.#truncated = r.truncated;
    if (r.terminated || r.truncated) this.#phase = ENDED;
    return {
      observation: r.observation,
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
      info: r.info ?? {},
    };
  }

  /** Like `reset`, copying the observation into `observations` at `offset`. */
  resetInto(observations: Float32Array, offset: number, options?: ResetOptions): void {
    observations.set(this.reset(options).observation, offset);
  }

  /** Like `step`, reading the action from `actions` and copying the observation; returns the reward. */
  stepInto(
    actions: ArrayLike<number>,
    actionOffset: number,
    observations: Float32Array,
    offset: number,
  ): number {
    const space = this.actionSpace;
    let action: Action;
    if (space.kind === "discrete") action = actions[actionOffset];
    else {
      const dim = space.shape[0];
      if (!(actionOffset >= 0 && actionOffset + dim <= actions.length)) {
        throw new TypeError(
          `Cannot step ${this.#name}: need ${dim} action values from index ${actionOffset}, got an array of ${actions.length}`,
        );
      }
      action = Array.prototype.slice.call(actions, actionOffset, actionOffset + dim) as number[];
    }
    const r = this.step(action);
    observations.set(r.observation, offset);
    return r.reward;
  }

  /** The user's frame, if it renders. */
  render(): string {
    if (typeof this.env.render !== "function") {
      throw new TypeError(`Cannot render ${this.#name}: the env has no render()`);
    }
    return this.env.render();
  }

  /** Calls the user's `close`, if any. */
  close(): void {
    this.env.close?.();
  }

  /** The user's snapshot (if it has one) and the episode flags, JSON-able. */
  snapshot(): EnvSnapshot {
    const flags = { phase: this.#phase, terminated: this.#terminated, truncated: this.#truncated };
    if (!this.snapshotIsExact) return { ...flags, exact: false };
    return { ...flags, env: (this.env as unknown as FastEnv).snapshot() };
  }

  /**
   * Restores what {@linkcode EnvAdapter.snapshot} returned. Without the user's `restore`, the env
   * is left needing a reset (see {@linkcode EnvAdapter.snapshotIsExact}).
   *
   * @throws {TypeError} if the snapshot is not one of this adapter.
   */
  restore(snapshot: EnvSnapshot): void {
    if (snapshot === null || typeof snapshot !== "object") {
      throw new TypeError(`Cannot restore ${this.#name}: not a snapshot, got ${show(snapshot)}`);
    }
    if (!this.snapshotIsExact || snapshot.exact === false) {
      this.#phase = NEEDS_RESET;
      this.#terminated = this.#truncated = false;
      return;
    }
    (this.env as unknown as FastEnv).restore(snapshot.env as EnvSnapshot);
    const p = snapshot.phase;
    this.#phase = p === READY || p === ENDED ? p : NEEDS_RESET;
    this.#terminated = snapshot.terminated === true;
    this.#truncated = snapshot.truncated === true;
  }

  #checkObservation(o: unknown, what: string): void {
    if (o instanceof Float32Array && o.length === this.obsDim) return;
    const hint = Array.isArray(o) || ArrayBuffer.isView(o)
      ? " (wrap it: Float32Array.from(values))"
      : "";
    throw new TypeError(
      `Cannot ${what} ${this.#name}: the observation must be a Float32Array of length ${this.obsDim} (${this.observationSpace}), got ${
        show(o)
      }${hint}`,
    );
  }
}
