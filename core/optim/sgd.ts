/**
 * Stochastic gradient descent with optional momentum over flat typed arrays: the baseline the
 * adaptive optimizers are compared with.
 *
 * @example
 * ```ts
 * import { SGD } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const params = new Float64Array([1]);
 * const grads = new Float64Array([2]);
 * new SGD([{ params, grads }], { lr: 0.1 }).step();
 * assert.equal(params[0], 1 - 0.1 * 2);
 * ```
 *
 * @module
 */
import {
  checkBoolean,
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
  unitInterval,
} from "./_common.ts";

/** Options of {@linkcode SGD}; every field is optional. */
export interface SGDOptions {
  /** Learning rate, > 0. @default {0.01} */
  lr?: number;
  /** Momentum coefficient in [0, 1): `b = μb + g; p -= lr·b` (PyTorch, no dampening). @default {0} */
  momentum?: number;
  /** Nesterov momentum: `p -= lr·(g + μb)` with the updated `b`; needs `momentum > 0`. @default {false} */
  nesterov?: boolean;
  /** Coupled L2 weight decay, >= 0: `g += wd·p`. @default {0} */
  weightDecay?: number;
  /** Ascend instead of descend (`g = -g`). @default {false} */
  maximize?: boolean;
}

/** The complete state of an {@linkcode SGD}. */
export interface SGDState {
  /** Number of `step()` calls so far. */
  iterations: number;
  /** The learning rate at the time of saving. */
  lr: number;
  /** Momentum buffer per group (empty when momentum is 0). */
  momentumBuffer: FloatArray[];
}

const WHO = "SGD";
const KEYS = ["lr", "momentum", "nesterov", "weightDecay", "maximize"] as const;

/**
 * SGD with optional (Nesterov) momentum in PyTorch's formulation: `g = ±grads[i] + wd·p`;
 * `b = μb + g`; `p -= lr·b` (or `p -= lr·(g + μb)` for Nesterov); without momentum `p -= lr·g`.
 *
 * @example Usage
 * ```ts
 * import { SGD } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const params = new Float64Array([0]);
 * const grads = new Float64Array([1]);
 * const opt = new SGD([{ params, grads }], { lr: 0.1, momentum: 0.5 });
 * opt.step(); // b = 1, p = -0.1
 * opt.step(); // b = 0.5 + 1 = 1.5, p = -0.1 - 0.15
 * assert.ok(Math.abs(params[0] + 0.25) < 1e-15);
 * ```
 */
export class SGD {
  /** Momentum coefficient (0: no buffer). */
  readonly momentum: number;
  /** Whether the momentum is Nesterov's. */
  readonly nesterov: boolean;
  /** Coupled weight decay coefficient. */
  readonly weightDecay: number;
  /** Whether the optimizer ascends. */
  readonly maximize: boolean;
  #lr: number;
  #iterations = 0;
  #params: FloatArray[];
  #grads: FloatArray[];
  #momentumBuffer: FloatArray[];

  /**
   * Creates an optimizer over the given parameter groups.
   *
   * @param parameters Groups of `{ params, grads }`; each pair has the same type and length.
   * @param options See {@linkcode SGDOptions}.
   * @throws {TypeError} for a wrong array type, an unknown option or a non-number option.
   * @throws {RangeError} for mismatched lengths or an option out of range.
   */
  constructor(parameters: readonly ParameterGroup[], options: SGDOptions = {}) {
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
    this.momentum = checkNumber(
      WHO,
      "momentum",
      o.momentum === undefined ? 0 : o.momentum,
      unitInterval,
      "in [0, 1)",
    );
    this.nesterov = checkBoolean(WHO, "nesterov", o.nesterov === undefined ? false : o.nesterov);
    if (this.nesterov && this.momentum === 0) {
      throw new RangeError(`Cannot create ${WHO}: nesterov needs momentum > 0, got momentum 0`);
    }
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
    this.#momentumBuffer = this.momentum > 0
      ? slotArrays(WHO, "momentumBuffer", parameters, undefined, false, 0)
      : [];
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
   * import { SGD } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const params = new Float32Array([1]);
   * const opt = new SGD([{ params, grads: new Float32Array([1]) }], { lr: 0.5 });
   * opt.step();
   * assert.equal(params[0], 0.5);
   * ```
   */
  step(): void {
    const sign = this.maximize ? -1 : 1;
    for (let k = 0; k < this.#params.length; k++) {
      const p = this.#params[k];
      sgdStep(
        p,
        this.#grads[k],
        this.momentum > 0 ? this.#momentumBuffer[k] : p,
        this.#lr,
        sign,
        this.weightDecay,
        this.momentum,
        this.nesterov,
      );
    }
    this.#iterations++;
  }

  /**
   * Sets every gradient to 0.
   *
   * @example
   * ```ts
   * import { SGD } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const grads = new Float64Array([3]);
   * new SGD([{ params: new Float64Array(1), grads }]).zeroGrad();
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
   * import { SGD } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const opt = new SGD([{ params: new Float64Array(1), grads: new Float64Array([1]) }], {
   *   momentum: 0.9,
   * });
   * opt.step();
   * assert.equal(opt.state().momentumBuffer[0][0], 1);
   * ```
   */
  state(): SGDState {
    return {
      iterations: this.#iterations,
      lr: this.#lr,
      momentumBuffer: copyArrays(this.#momentumBuffer),
    };
  }

  /**
   * Restores a state saved by `state()` from an optimizer with the same options and shapes.
   *
   * @throws {TypeError} if the state does not match.
   * @example
   * ```ts
   * import { SGD } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const make = () => new SGD([{ params: new Float64Array(1), grads: new Float64Array([1]) }]);
   * const a = make();
   * a.step();
   * const b = make();
   * b.loadState(a.state());
   * assert.equal(b.iterations, 1);
   * ```
   */
  loadState(state: SGDState): void {
    if (state === null || typeof state !== "object") {
      throw new TypeError(`Cannot restore ${WHO}: state must be an object, got ${state}`);
    }
    const iterations = checkIterations(WHO, state.iterations);
    const lr = checkLr(WHO, state.lr);
    restoreArrays(WHO, "momentumBuffer", this.#momentumBuffer, state.momentumBuffer);
    this.#iterations = iterations;
    this.#lr = lr;
  }
}

/** One SGD pass; `b` aliases `p` (unused) when momentum is 0. */
function sgdStep(
  p: FloatArray,
  g: FloatArray,
  b: FloatArray,
  lr: number,
  sign: number,
  wd: number,
  momentum: number,
  nesterov: boolean,
): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let gi = sign * g[i];
    if (wd !== 0) gi += wd * p[i];
    if (momentum !== 0) {
      b[i] = momentum * b[i] + gi;
      gi = nesterov ? gi + momentum * b[i] : b[i];
    }
    p[i] -= lr * gi;
  }
}
