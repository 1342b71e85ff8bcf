/**
 * {@linkcode ClipAction}: continuous actions clipped to the action space.
 *
 * @example
 * ```ts
 * import { ClipAction, make } from "@seeded/rl";
 * const env = new ClipAction(make("Pendulum-v1"));
 * env.reset({ seed: 0 });
 * env.step([100]); // applied as [2]
 * ```
 *
 * @module
 */
import type { StepResult } from "../env.ts";
import type { Box } from "../../core/spaces.ts";
import { type Action, type WrappableEnv, Wrapper } from "./wrapper.ts";
import { envName } from "./_util.ts";

/**
 * Clips each component of a continuous action to the `Box` action space's bounds before passing
 * it on (Gymnasium's `ClipAction`, `np.clip(action, low, high)`; NaN passes through unchanged).
 * The caller's action array is never modified.
 *
 * @typeParam E The wrapped env's type.
 * @example
 * ```ts
 * import { ClipAction, make } from "@seeded/rl";
 * const env = new ClipAction(make("MountainCarContinuous-v0"));
 * env.reset({ seed: 0 });
 * env.step(new Float32Array([-5])); // applied as [-1]
 * ```
 */
export class ClipAction<E extends WrappableEnv = WrappableEnv> extends Wrapper<E> {
  readonly #low: Float32Array;
  readonly #high: Float32Array;
  readonly #clipped: Float64Array;

  /**
   * Wraps an env with a `Box` action space.
   *
   * @param env The env to wrap.
   * @throws {TypeError} if the action space is not a `Box`.
   */
  constructor(env: E) {
    super(env);
    const space = env.actionSpace;
    if (space.kind !== "box") {
      throw new TypeError(
        `Cannot create ClipAction for ${
          envName(env)
        }: the action space must be a Box, got ${space}`,
      );
    }
    this.#low = (space as Box).low;
    this.#high = (space as Box).high;
    this.#clipped = new Float64Array(this.#low.length);
  }

  /**
   * Advances the episode with the clipped action.
   *
   * @throws {TypeError} if the action does not have the action space's length.
   */
  override step(action: Action): StepResult<Float32Array> {
    const dim = this.#low.length;
    const out = new Float32Array(dim);
    if (typeof action === "number" && dim === 1) out[0] = this.#clip(action, 0);
    else if (typeof action !== "number" && action?.length === dim) {
      for (let j = 0; j < dim; j++) out[j] = this.#clip(action[j], j);
    } else {
      throw new TypeError(
        `Cannot step ${envName(this)}: action must have length ${dim}, got ${action}`,
      );
    }
    return super.step(out);
  }

  /**
   * Like `step`, reading the action from `actions` and clipping it; returns the reward.
   *
   * @throws {TypeError} if `actions` ends before the action does.
   */
  override stepInto(
    actions: ArrayLike<number>,
    actionOffset: number,
    observations: Float32Array,
    offset: number,
  ): number {
    const clipped = this.#clipped;
    if (!(actionOffset >= 0 && actionOffset + clipped.length <= actions.length)) {
      throw new TypeError(
        `Cannot step ${
          envName(this)
        }: need ${clipped.length} action values from index ${actionOffset}, got an array of ${actions.length}`,
      );
    }
    for (let j = 0; j < clipped.length; j++) clipped[j] = this.#clip(actions[actionOffset + j], j);
    return super.stepInto(clipped, 0, observations, offset);
  }

  #clip(v: number, j: number): number {
    const lo = this.#low[j], hi = this.#high[j];
    return v < lo ? lo : v > hi ? hi : v;
  }
}
