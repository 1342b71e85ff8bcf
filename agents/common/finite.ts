/**
 * The divergence guard of every agent's update: one cheap check that a loss, or every parameter
 * after the optimizer step, is finite, and a typed error naming the step, the quantity and the
 * likely cause when it is not (instead of training on with NaN weights).
 *
 * @example
 * ```ts
 * import { assertFinite, NonFiniteError } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assertFinite(128, "losses/value_loss", 0.5); // fine
 * assert.throws(() => assertFinite(256, "losses/value_loss", NaN, 1e30), NonFiniteError);
 * ```
 *
 * @module
 */

/**
 * Training diverged: a loss or a parameter became NaN or ±Infinity. `step` is the agent's global
 * step at the update, `quantity` what was checked; the agent's state is no longer usable (resume
 * from a checkpoint taken before `step`).
 *
 * @example
 * ```ts
 * import { NonFiniteError } from "@seeded/rl";
 * const e = new NonFiniteError(4096, "losses/td_loss", NaN, 1e30);
 * console.log(e.message);
 * ```
 */
export class NonFiniteError extends Error {
  /** The agent's global step at the update that diverged. */
  readonly step: number;
  /** What was not finite, e.g. `losses/value_loss` or `parameters`. */
  readonly quantity: string;
  /** The offending value (for arrays, the first non-finite element). */
  readonly value: number;

  /**
   * Creates the error.
   *
   * @param step The global step.
   * @param quantity What was checked.
   * @param value The non-finite value.
   * @param learningRate The learning rate in use, for the message.
   */
  constructor(step: number, quantity: string, value: number, learningRate?: number) {
    super(
      `Training diverged at step ${step}: ${quantity} is ${value}. Likely cause: updates too ` +
        `large for this problem${
          learningRate === undefined ? "" : ` (learning rate ${learningRate})`
        }: lower the learning rate, or clip gradients (maxGradNorm)`,
    );
    this.name = "NonFiniteError";
    this.step = step;
    this.quantity = quantity;
    this.value = value;
  }
}

/** Parameter groups as the optimizers take them (`net.parameters()`). */
export type ParameterGroups = readonly { readonly params: ArrayLike<number> }[];

/**
 * Throws a {@linkcode NonFiniteError} if `value` (a loss) or any parameter of `value` (parameter
 * groups) is NaN or ±Infinity. One pass with no allocation: call it once per update.
 *
 * @param step The agent's global step.
 * @param name What is checked, for the message.
 * @param value A number, or parameter groups.
 * @param learningRate The learning rate in use, for the message.
 * @throws {NonFiniteError} naming the step, the quantity and the likely cause.
 * @example
 * ```ts
 * import { assertFinite } from "@seeded/rl";
 * assertFinite(10, "parameters", [{ params: new Float32Array([1, 2]) }]);
 * ```
 */
export function assertFinite(
  step: number,
  name: string,
  value: number | ParameterGroups,
  learningRate?: number,
): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new NonFiniteError(step, name, value, learningRate);
    return;
  }
  for (const group of value) {
    const p = group.params;
    // NaN iff some element is not finite; four independent chains (one is latency-bound)
    const n = p.length, n4 = n - (n & 3);
    let p0 = 0, p1 = 0, p2 = 0, p3 = 0, i = 0;
    for (; i < n4; i += 4) {
      p0 += p[i] * 0;
      p1 += p[i + 1] * 0;
      p2 += p[i + 2] * 0;
      p3 += p[i + 3] * 0;
    }
    for (; i < n; i++) p0 += p[i] * 0;
    if (p0 + p1 + p2 + p3 !== 0) {
      let i = 0;
      while (Number.isFinite(p[i])) i++;
      throw new NonFiniteError(step, `${name} (element ${i})`, p[i], learningRate);
    }
  }
}
