/**
 * {@linkcode TimeLimit}: the only source of `truncated`.
 *
 * @example
 * ```ts
 * import { make, TimeLimit } from "@seeded/rl";
 * const env = new TimeLimit(make("CartPole-v1"), 50);
 * env.reset({ seed: 0 });
 * ```
 *
 * @module
 */
import type { EnvSnapshot } from "../env.ts";
import { ResetNeededError } from "../env.ts";
import { type WrappableEnv, Wrapper } from "./wrapper.ts";
import { envName, snapshotCount } from "./_util.ts";

/**
 * Truncates episodes after `maxEpisodeSteps` steps: the only source of `truncated` (Gymnasium's
 * `TimeLimit`). `reset` sets the elapsed count to 0, each step adds 1, and the step that brings it
 * to `maxEpisodeSteps` reports `truncated = true` (it may also be `terminated`).
 *
 * Unlike Gymnasium (which keeps stepping and reporting `truncated`), stepping before the first
 * reset or after an episode ended (terminated or truncated) without a reset throws
 * {@linkcode ResetNeededError}, which is what Gymnasium's `OrderEnforcing` does for the first case.
 *
 * @typeParam E The wrapped env's type.
 * @example
 * ```ts
 * import { make, TimeLimit } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const env = new TimeLimit(make("Pendulum-v1"), 3);
 * env.reset({ seed: 0 });
 * env.step([0]);
 * env.step([0]);
 * assert.equal(env.step([0]).truncated, true);
 * ```
 */
export class TimeLimit<E extends WrappableEnv = WrappableEnv> extends Wrapper<E> {
  /** The step count at which an episode is truncated. */
  readonly maxEpisodeSteps: number;
  #elapsed = 0;
  #needsReset = true;
  #truncated = false;

  /**
   * Wraps `env` with a step limit.
   *
   * @param env The env to wrap.
   * @param maxEpisodeSteps The limit, a positive integer.
   * @throws {RangeError} if `maxEpisodeSteps` is not a positive integer.
   */
  constructor(env: E, maxEpisodeSteps: number) {
    super(env);
    if (!(Number.isInteger(maxEpisodeSteps) && maxEpisodeSteps > 0)) {
      throw new RangeError(
        `Cannot create TimeLimit for ${
          envName(env)
        }: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`,
      );
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.#elapsed;
  }

  /** Whether `step` would throw {@linkcode ResetNeededError}. */
  get needsReset(): boolean {
    return this.#needsReset;
  }

  /** `truncated` of the last step. */
  override get lastTruncated(): boolean {
    return this.#truncated;
  }

  /** The elapsed count, the reset flag and `truncated` (before the wrapped env's snapshot). */
  protected override snapshotOwn(): EnvSnapshot {
    return { elapsed: this.#elapsed, needsReset: this.#needsReset, truncated: this.#truncated };
  }

  /** Validates the elapsed count; the flags are applied after the wrapped env is restored. */
  protected override readSnapshotOwn(snapshot: EnvSnapshot): () => void {
    const elapsed = snapshotCount(snapshot?.elapsed, "elapsed", this);
    return () => {
      this.#elapsed = elapsed;
      this.#needsReset = snapshot.needsReset === true;
      this.#truncated = snapshot.truncated === true;
    };
  }

  /** Sets the elapsed count to 0. */
  protected override started(): void {
    this.#elapsed = 0;
    this.#needsReset = false;
    this.#truncated = false;
  }

  /**
   * Refuses a step before the first reset or after an episode ended.
   *
   * @throws {ResetNeededError} before the first reset or after an episode ended.
   */
  protected override checkStep(): void {
    if (this.#needsReset) {
      throw new ResetNeededError(
        this.#elapsed === 0 && !this.#truncated
          ? `Cannot step ${envName(this)}: reset() was not called`
          : `Cannot step ${
            envName(this)
          }: the episode ended (terminated or truncated), call reset()`,
      );
    }
  }

  /** Counts the step; the `maxEpisodeSteps`-th is truncated. */
  protected override stepped(_reward: number, terminated: boolean, innerTruncated: boolean): void {
    this.#elapsed++;
    this.#truncated = innerTruncated || this.#elapsed >= this.maxEpisodeSteps;
    if (terminated || this.#truncated) this.#needsReset = true;
  }
}
