/**
 * AdaGrad over flat typed arrays: per-coordinate steps scaled by the root of the sum of all past
 * squared gradients, so they only ever shrink (the behaviour RMSprop's moving average fixes).
 *
 * @example
 * ```ts
 * import { AdaGrad } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const params = new Float64Array([1]);
 * const grads = new Float64Array([2]);
 * new AdaGrad([{ params, grads }], { lr: 0.1 }).step(); // sum = 4, p = 1 - 0.1·2/2
 * assert.ok(Math.abs(params[0] - 0.9) < 1e-9);
 * ```
 *
 * @module
 */
import {
  checkBoolean,
  checkChoice,
  checkIterations,
  checkKeys,
  checkLr,
  checkNumber,
  checkParameters,
  copyArrays,
  type FloatArray,
  nonNegative,
  type ParameterGroup,
  positive,
  restoreArrays,
  slotArrays,
} from "./_common.ts";

/** Options of {@linkcode AdaGrad}; every field is optional. */
export interface AdaGradOptions {
  /** Learning rate, > 0. @default {0.01} */
  lr?: number;
  /** Added to the root of the sum (`"outside"`, PyTorch) or to the sum (`"inside"`, Keras), >= 0. @default {1e-10} */
  eps?: number;
  /** Where `eps` is added. @default {"outside"} */
  epsPlacement?: "inside" | "outside";
  /** Initial value of the sum of squares (Keras uses 0.1), >= 0. @default {0} */
  initialAccumulator?: number;
  /** Coupled L2 weight decay, >= 0: `g += wd·p`. @default {0} */
  weightDecay?: number;
  /** Ascend instead of descend (`g = -g`). @default {false} */
  maximize?: boolean;
}

/** The complete state of an {@linkcode AdaGrad}. */
export interface AdaGradState {
  /** Number of `step()` calls so far. */
  iterations: number;
  /** The learning rate at the time of saving. */
  lr: number;
  /** Sum of squared gradients per group. */
  sum: FloatArray[];
}

const WHO = "AdaGrad";
const KEYS = [
  "lr",
  "eps",
  "epsPlacement",
  "initialAccumulator",
  "weightDecay",
  "maximize",
] as const;

/**
 * AdaGrad (Duchi, Hazan & Singer 2011) as in PyTorch (without `lr_decay`): `g = ±grads[i] + wd·p`;
 * `s += g²`; `p -= lr·g / (sqrt(s) + eps)` (or `/ sqrt(s + eps)` with eps inside). With
 * `Float32Array`s the new sum is rounded to float32 before the square root.
 *
 * @example Usage
 * ```ts
 * import { AdaGrad } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const params = new Float64Array([0]);
 * const grads = new Float64Array([1]);
 * const opt = new AdaGrad([{ params, grads }], { lr: 1, eps: 0 });
 * opt.step(); // s = 1, p = -1
 * opt.step(); // s = 2, p = -1 - 1/sqrt(2): the steps shrink
 * assert.ok(Math.abs(params[0] + 1 + Math.SQRT1_2) < 1e-15);
 * ```
 */
export class AdaGrad {
  /** Epsilon, added inside or outside the square root. */
  readonly eps: number;
  /** Where `eps` is added. */
  readonly epsPlacement: "inside" | "outside";
  /** Initial value of the sum of squares. */
  readonly initialAccumulator: number;
  /** Coupled weight decay coefficient. */
  readonly weightDecay: number;
  /** Whether the optimizer ascends. */
  readonly maximize: boolean;
  #lr: number;
  #iterations = 0;
  #params: FloatArray[];
  #grads: FloatArray[];
  #sum: FloatArray[];

  /**
   * Creates an optimizer over the given parameter groups.
   *
   * @param parameters Groups of `{ params, grads }`; each pair has the same type and length.
   * @param options See {@linkcode AdaGradOptions}.
   * @throws {TypeError} for a wrong array type, an unknown option or a non-number option.
   * @throws {RangeError} for mismatched lengths or an option out of range.
   */
  constructor(parameters: readonly ParameterGroup[], options: AdaGradOptions = {}) {
    checkParameters(WHO, parameters);
    checkKeys(WHO, options, KEYS);
    const o = options;
    this.#lr = checkNumber(
      WHO,
      "lr",
      o.lr === undefined ? 0.01 : o.lr,
      positive,
      "a finite number > 0",
    );
    this.eps = checkNumber(
      WHO,
      "eps",
      o.eps === undefined ? 1e-10 : o.eps,
      nonNegative,
      "a finite number >= 0",
    );
    this.epsPlacement = checkChoice(
      WHO,
      "epsPlacement",
      o.epsPlacement === undefined ? "outside" : o.epsPlacement,
      ["inside", "outside"],
    );
    this.initialAccumulator = checkNumber(
      WHO,
      "initialAccumulator",
      o.initialAccumulator === undefined ? 0 : o.initialAccumulator,
      nonNegative,
      "a finite number >= 0",
    );
    this.weightDecay = checkNumber(
      WHO,
      "weightDecay",
      o.weightDecay === undefined ? 0 : o.weightDecay,
      nonNegative,
      "a finite number >= 0",
    );
    this.maximize = checkBoolean(WHO, "maximize", o.maximize === undefined ? false : o.maximize);
    this.#params = parameters.map((group) => group.params);
    this.#grads = parameters.map((group) => group.grads);
    this.#sum = slotArrays(WHO, "sum", parameters, undefined, false, this.initialAccumulator);
  }

  /** The learning rate; assign to anneal it (>= 0). */
  get lr(): number {
    return this.#lr;
  }

  set lr(value: number) {
    this.#lr = checkLr(WHO, value);
  }

  /** Number of `step()` calls so far. */
  get iterations(): number {
    return this.#iterations;
  }

  /**
   * Applies one update to every parameter group (one pass, no allocation).
   *
   * @example
   * ```ts
   * import { AdaGrad } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const params = new Float32Array([1]);
   * const opt = new AdaGrad([{ params, grads: new Float32Array([3]) }], { lr: 0.5, eps: 0 });
   * opt.step(); // p = 1 - 0.5·3/3
   * assert.equal(params[0], 0.5);
   * ```
   */
  step(): void {
    const inside = this.epsPlacement === "inside";
    for (let k = 0; k < this.#params.length; k++) {
      adagradStep(
        this.#params[k],
        this.#grads[k],
        this.#sum[k],
        this.#lr,
        this.maximize ? -1 : 1,
        this.weightDecay,
        inside ? this.eps : 0,
        inside ? 0 : this.eps,
      );
    }
    this.#iterations++;
  }

  /**
   * Sets every gradient to 0.
   *
   * @example
   * ```ts
   * import { AdaGrad } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const grads = new Float64Array([3]);
   * new AdaGrad([{ params: new Float64Array(1), grads }]).zeroGrad();
   * assert.equal(grads[0], 0);
   * ```
   */
  zeroGrad(): void {
    for (let k = 0; k < this.#grads.length; k++) this.#grads[k].fill(0);
  }

  /**
   * Returns a copy of the optimizer state.
   *
   * @example
   * ```ts
   * import { AdaGrad } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const opt = new AdaGrad([{ params: new Float64Array(1), grads: new Float64Array([3]) }]);
   * opt.step();
   * assert.equal(opt.state().sum[0][0], 9);
   * ```
   */
  state(): AdaGradState {
    return { iterations: this.#iterations, lr: this.#lr, sum: copyArrays(this.#sum) };
  }

  /**
   * Restores a state saved by `state()` from an optimizer with the same options and shapes.
   *
   * @throws {TypeError} if the state does not match.
   * @example
   * ```ts
   * import { AdaGrad } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const make = () => new AdaGrad([{ params: new Float64Array(1), grads: new Float64Array([1]) }]);
   * const a = make();
   * a.step();
   * const b = make();
   * b.loadState(a.state());
   * assert.deepEqual(b.state(), a.state());
   * ```
   */
  loadState(state: AdaGradState): void {
    if (state === null || typeof state !== "object") {
      throw new TypeError(`Cannot restore ${WHO}: state must be an object, got ${state}`);
    }
    const iterations = checkIterations(WHO, state.iterations);
    const lr = checkLr(WHO, state.lr);
    restoreArrays(WHO, "sum", this.#sum, state.sum);
    this.#iterations = iterations;
    this.#lr = lr;
  }
}

/** One AdaGrad pass. */
function adagradStep(
  p: FloatArray,
  g: FloatArray,
  s: FloatArray,
  lr: number,
  sign: number,
  wd: number,
  epsIn: number,
  epsOut: number,
): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let gi = sign * g[i];
    if (wd !== 0) gi += wd * p[i];
    s[i] += gi * gi;
    p[i] -= lr * gi / (Math.sqrt(s[i] + epsIn) + epsOut);
  }
}
