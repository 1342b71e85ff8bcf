/**
 * RMSprop over flat typed arrays: the one optimizer every agent trains with, with every variant
 * the common frameworks use as an option and named presets that reproduce them.
 *
 * @example
 * ```ts
 * import { RMSprop } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const params = new Float64Array([0.2, 0.4, 0.6]);
 * const grads = new Float64Array([-0.5, 0.3, 0.24]);
 * const opt = new RMSprop([{ params, grads }], { lr: 0.01, rho: 0.9, eps: 1e-8 });
 * opt.step();
 * assert.equal(params[0].toFixed(8), "0.23162277");
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
  unitInterval,
} from "./_common.ts";

import { Float32Arena } from "./float32_arena.ts";

export type { FloatArray, ParameterGroup } from "./_common.ts";

/** Caller-owned state arrays for {@linkcode RMSprop}, one per parameter group (see `buffers`). */
export interface RMSpropBuffers {
  /** Running mean of g² per group (torch `square_avg`, TF `ms`/`rms`, Keras `velocity`). */
  squareAvg: FloatArray[];
  /** Running mean of g per group; required when `centered`. */
  gradAvg?: FloatArray[];
  /** Momentum buffer per group; required when `momentum > 0`. */
  momentumBuffer?: FloatArray[];
}

/** Options of {@linkcode RMSprop}; every field is optional. */
export interface RMSpropOptions {
  /** Learning rate, > 0. @default {0.01} */
  lr?: number;
  /** Decay of the running averages (torch `alpha`, TF/Keras `rho`, optax `decay`), in [0, 1). @default {0.9} */
  rho?: number;
  /** Added to the mean square (`"inside"`) or to its root (`"outside"`), >= 0. @default {1e-8} */
  eps?: number;
  /** `"inside"`: `sqrt(v + eps)` (TF, Keras, tfjs, optax); `"outside"`: `sqrt(v) + eps` (PyTorch). @default {"inside"} */
  epsPlacement?: "inside" | "outside";
  /** Divide by the running standard deviation `sqrt(v - m²)` instead of the RMS. @default {false} */
  centered?: boolean;
  /** Momentum coefficient in [0, 1); 0 disables the momentum buffer. @default {0} */
  momentum?: number;
  /** `"torch"`: `b = μb + g/d; p -= lr·b`. `"tf"`: `b = μb + lr·g/d; p -= b`. @default {"torch"} */
  momentumStyle?: "torch" | "tf";
  /** Initial value of the mean square (TF1 and SB3's RMSpropTFLike use 1), >= 0. @default {0} */
  initialAccumulator?: number;
  /** Weight decay, >= 0: coupled L2 `g += wd·p` (PyTorch) unless `decoupledWeightDecay`. @default {0} */
  weightDecay?: number;
  /** Apply weight decay as `p -= lr·wd·p` before the update (Keras 3) instead of through g. @default {false} */
  decoupledWeightDecay?: boolean;
  /** Ascend instead of descend (`g = -g`, PyTorch's `maximize`). @default {false} */
  maximize?: boolean;
  /**
   * State arrays to use instead of allocating them (for example views of a `SharedArrayBuffer`,
   * so several learners share one set of statistics as in A3C). They are used as they are, not
   * reset: fill `squareAvg` with `initialAccumulator` and the others with 0 before the first step.
   */
  buffers?: RMSpropBuffers;
}

/** The complete state of an {@linkcode RMSprop}: counters and copies of the state arrays. */
export interface RMSpropState {
  /** Number of `step()` calls so far. */
  iterations: number;
  /** The learning rate at the time of saving. */
  lr: number;
  /** Mean square per group. */
  squareAvg: FloatArray[];
  /** Mean gradient per group (empty unless centered). */
  gradAvg: FloatArray[];
  /** Momentum buffer per group (empty unless momentum > 0). */
  momentumBuffer: FloatArray[];
}

const WHO = "RMSprop";
const KEYS = [
  "lr",
  "rho",
  "eps",
  "epsPlacement",
  "centered",
  "momentum",
  "momentumStyle",
  "initialAccumulator",
  "weightDecay",
  "decoupledWeightDecay",
  "maximize",
  "buffers",
] as const;

/**
 * RMSprop (Tieleman & Hinton 2012, lecture 6.5) over flat `Float32Array`/`Float64Array` groups.
 *
 * Per element, in this order: `g = grads[i]` (negated if `maximize`; plus `wd·p` for coupled weight
 * decay, or `p -= lr·wd·p` first if decoupled); `v = ρv + (1-ρ)g²`; if centered
 * `m = ρm + (1-ρ)g` and the variance is `v - m²`, else `v`; `d = sqrt(variance + eps)` (inside) or
 * `sqrt(variance) + eps` (outside); then `p -= lr·g/d`, or with momentum `b = μb + g/d; p -= lr·b`
 * (torch) / `b = μb + lr·g/d; p -= b` (tf).
 *
 * **Float32Array groups compute as a float32 framework does:** the hyperparameters are rounded to
 * float32 (`1 - ρ` computed in double first, as PyTorch and Keras 3 do) and every operation is one
 * float32 operation, in PyTorch's order: `v = ρv + ((1-ρ)g)g`, `d = sqrt(v + epsIn) + epsOut`,
 * `p = p - (lr·g)/d` (centered: `m = ρm + (1-ρ)g`, variance `v - m·m`; torch momentum
 * `b = μb + g/d, p = p - lr·b`; tf momentum `b = μb + (lr·g)/d, p = p - b`; coupled weight decay
 * `g = g + wd·p`, decoupled `p = p - p·(lr·wd)`). When the parameters, gradients and state live in
 * one {@linkcode Float32Arena} (networks allocate theirs there) a WebAssembly SIMD kernel does the
 * step in place, four values at a time; otherwise JavaScript loops round after each operation with
 * `Math.fround`, which for + − × ÷ √ is exactly float32 arithmetic: both give the same bits.
 * **Float64Array groups** compute every operation in doubles.
 *
 * Zero gradients with `eps > 0` leave the state at 0 and produce no NaN. Like every framework,
 * `eps = 0` with a zero gradient gives 0/0 = NaN, and nothing is clamped.
 *
 * @example Usage
 * ```ts
 * import { RMSprop } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * // The 100:1 gradient becomes a 1:1 step: both coordinates move by lr / sqrt(1 - rho).
 * const params = new Float64Array(2);
 * const grads = new Float64Array([100, 1]);
 * const opt = new RMSprop([{ params, grads }], { lr: 0.01, rho: 0.9, eps: 0 });
 * opt.step();
 * assert.ok(Math.abs(params[0] + 0.0316228) < 1e-7 && Math.abs(params[1] + 0.0316228) < 1e-7);
 * ```
 */
export class RMSprop {
  /** Decay of the running averages. */
  readonly rho: number;
  /** Epsilon, added inside or outside the square root. */
  readonly eps: number;
  /** Where `eps` is added. */
  readonly epsPlacement: "inside" | "outside";
  /** Whether the denominator uses the running variance. */
  readonly centered: boolean;
  /** Momentum coefficient (0: no buffer). */
  readonly momentum: number;
  /** Whether lr is outside (`"torch"`) or inside (`"tf"`) the momentum buffer. */
  readonly momentumStyle: "torch" | "tf";
  /** Initial value of the mean square. */
  readonly initialAccumulator: number;
  /** Weight decay coefficient. */
  readonly weightDecay: number;
  /** Whether weight decay is decoupled (Keras 3) rather than coupled L2 (PyTorch). */
  readonly decoupledWeightDecay: boolean;
  /** Whether the optimizer ascends. */
  readonly maximize: boolean;
  #lr: number;
  #iterations = 0;
  #params: FloatArray[];
  #grads: FloatArray[];
  #squareAvg: FloatArray[];
  #gradAvg: FloatArray[];
  #momentumBuffer: FloatArray[];
  #plain: boolean;
  /** Per group: the arena holding its parameters, gradients and state (WebAssembly path), or null. */
  #arenas: (Float32Arena | null)[];

  /**
   * Creates an optimizer over the given parameter groups.
   *
   * @param parameters Groups of `{ params, grads }`; each pair has the same type and length.
   * @param options See {@linkcode RMSpropOptions}; {@linkcode rmspropPreset} gives framework presets.
   * @throws {TypeError} for a wrong array type, an unknown option or a non-number option.
   * @throws {RangeError} for mismatched lengths or an option out of range (naming it and its value).
   */
  constructor(parameters: readonly ParameterGroup[], options: RMSpropOptions = {}) {
    checkParameters(WHO, parameters);
    checkKeys(WHO, options, KEYS);
    const o = options;
    this.#lr = checkNumber(WHO, "lr", def(o.lr, 0.01), positive, "a finite number > 0");
    this.rho = checkNumber(WHO, "rho", def(o.rho, 0.9), unitInterval, "in [0, 1)");
    this.eps = checkNumber(WHO, "eps", def(o.eps, 1e-8), nonNegative, "a finite number >= 0");
    this.epsPlacement = checkChoice(WHO, "epsPlacement", def(o.epsPlacement, "inside"), [
      "inside",
      "outside",
    ]);
    this.centered = checkBoolean(WHO, "centered", def(o.centered, false));
    this.momentum = checkNumber(WHO, "momentum", def(o.momentum, 0), unitInterval, "in [0, 1)");
    this.momentumStyle = checkChoice(WHO, "momentumStyle", def(o.momentumStyle, "torch"), [
      "torch",
      "tf",
    ]);
    this.initialAccumulator = checkNumber(
      WHO,
      "initialAccumulator",
      def(o.initialAccumulator, 0),
      nonNegative,
      "a finite number >= 0",
    );
    this.weightDecay = checkNumber(
      WHO,
      "weightDecay",
      def(o.weightDecay, 0),
      nonNegative,
      "a finite number >= 0",
    );
    this.decoupledWeightDecay = checkBoolean(
      WHO,
      "decoupledWeightDecay",
      def(o.decoupledWeightDecay, false),
    );
    this.maximize = checkBoolean(WHO, "maximize", def(o.maximize, false));

    this.#params = parameters.map((group) => group.params);
    this.#grads = parameters.map((group) => group.grads);
    const b = o.buffers;
    if (b !== undefined && (b === null || typeof b !== "object")) {
      throw new TypeError(`Cannot create ${WHO}: buffers must be an object, got ${b}`);
    }
    this.#squareAvg = slotArrays(
      WHO,
      "buffers.squareAvg",
      parameters,
      b?.squareAvg,
      b !== undefined,
      this.initialAccumulator,
    );
    this.#gradAvg = this.centered
      ? slotArrays(WHO, "buffers.gradAvg", parameters, b?.gradAvg, b !== undefined, 0)
      : [];
    this.#momentumBuffer = this.momentum > 0
      ? slotArrays(WHO, "buffers.momentumBuffer", parameters, b?.momentumBuffer, b !== undefined, 0)
      : [];
    this.#plain = !this.centered && this.momentum === 0 && this.weightDecay === 0 &&
      !this.maximize;
    this.#arenas = parameters.map((_, k) => b === undefined ? this.#moveStateToArena(k) : null);
  }

  /**
   * Moves group k's state into the arena of its parameters and gradients, when both are views of
   * the same {@linkcode Float32Arena} with room for it; returns the arena, or null.
   */
  #moveStateToArena(k: number): Float32Arena | null {
    const p = this.#params[k], g = this.#grads[k];
    if (!(p instanceof Float32Array)) return null;
    const arena = Float32Arena.of(p);
    if (arena === undefined || Float32Arena.of(g) !== arena) return null;
    const slots = [this.#squareAvg, this.#gradAvg, this.#momentumBuffer].filter((s) => s.length);
    if (!arena.fits(slots.length * (p.length + 4))) return null;
    for (const slot of slots) {
      const moved = arena.alloc(p.length);
      moved.set(slot[k]);
      slot[k] = moved;
    }
    return arena;
  }

  /** The learning rate; assign to anneal it (>= 0; 0 freezes the parameters). */
  get lr(): number {
    return this.#lr;
  }

  set lr(value: number) {
    this.#lr = checkLr(WHO, value);
  }

  /**
   * Per parameter group, whether `step()` runs the WebAssembly SIMD kernel in place (the group
   * and its state live in one {@linkcode Float32Arena}) rather than the JavaScript loops.
   *
   * @example
   * ```ts
   * import { MLP, RMSprop } from "@seeded/rl";
   * const net = new MLP({ sizes: [4, 8, 2], activation: "tanh", init: { kind: "zeros" } });
   * console.log(new RMSprop(net.parameters()).accelerated); // [true] where WebAssembly SIMD runs
   * ```
   */
  get accelerated(): boolean[] {
    return this.#arenas.map((a) => a?.kernels != null);
  }

  /** Number of `step()` calls so far (restored by `loadState`). */
  get iterations(): number {
    return this.#iterations;
  }

  /**
   * Applies one update to every parameter group from its current gradients (one pass, no
   * allocation).
   *
   * @example
   * ```ts
   * import { RMSprop } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const params = new Float32Array([1]);
   * const grads = new Float32Array([2]);
   * const opt = new RMSprop([{ params, grads }]);
   * opt.step();
   * assert.ok(params[0] < 1);
   * assert.equal(opt.iterations, 1);
   * ```
   */
  step(): void {
    for (let k = 0; k < this.#params.length; k++) {
      const p = this.#params[k];
      if (p instanceof Float32Array) this.#step32(k, p);
      else this.#step64(k, p as Float64Array);
    }
    this.#iterations++;
  }

  /** One group in float64: every operation in doubles. */
  #step64(k: number, p: Float64Array): void {
    const lr = this.#lr, rho = this.rho, c = 1 - rho;
    const epsIn = this.epsPlacement === "inside" ? this.eps : 0;
    const epsOut = this.epsPlacement === "inside" ? 0 : this.eps;
    const g = this.#grads[k] as Float64Array, sq = this.#squareAvg[k] as Float64Array;
    if (this.#plain) {
      plainStep64(p, g, sq, lr, rho, c, epsIn, epsOut);
      return;
    }
    const wd = this.weightDecay;
    generalStep64(
      p,
      g,
      sq,
      (this.centered ? this.#gradAvg[k] : sq) as Float64Array,
      (this.momentum > 0 ? this.#momentumBuffer[k] : sq) as Float64Array,
      lr,
      rho,
      c,
      epsIn,
      epsOut,
      this.maximize ? -1 : 1,
      this.decoupledWeightDecay ? 0 : wd,
      this.decoupledWeightDecay ? lr * wd : 0,
      this.centered,
      this.momentum,
      this.momentumStyle === "tf",
    );
  }

  /**
   * One group in float32: every hyperparameter rounded to float32 and every operation rounded to
   * float32, in the WebAssembly SIMD kernel when the group lives in an arena, else in the
   * JavaScript loops (Math.fround after each operation: the same bits).
   */
  #step32(k: number, p: Float32Array): void {
    const f = Math.fround;
    const lr = f(this.#lr), rho = f(this.rho), c = f(1 - this.rho);
    const epsIn = this.epsPlacement === "inside" ? f(this.eps) : 0;
    const epsOut = this.epsPlacement === "inside" ? 0 : f(this.eps);
    const g = this.#grads[k] as Float32Array, sq = this.#squareAvg[k] as Float32Array;
    const ga = (this.centered ? this.#gradAvg[k] : sq) as Float32Array;
    const mb = (this.momentum > 0 ? this.#momentumBuffer[k] : sq) as Float32Array;
    const wasm = this.#arenas[k]?.kernels ?? null;
    if (this.#plain) {
      if (wasm !== null) {
        wasm.plain(p.byteOffset, g.byteOffset, sq.byteOffset, p.length, lr, rho, c, epsIn, epsOut);
      } else plainStep32(p, g, sq, lr, rho, c, epsIn, epsOut);
      return;
    }
    const wd = f(this.weightDecay), momentum = f(this.momentum);
    const flags = (this.centered ? 1 : 0) | (this.momentum > 0 ? 2 : 0) |
      (this.momentumStyle === "tf" ? 4 : 0) |
      (wd !== 0 && !this.decoupledWeightDecay ? 8 : 0) |
      (wd !== 0 && this.decoupledWeightDecay ? 16 : 0) | (this.maximize ? 32 : 0);
    const lrWd = f(lr * wd);
    if (wasm !== null) {
      // The common variants have branch-free kernels (the same bits as `general`).
      const kernel = flags === 1
        ? wasm.centered
        : flags === 2
        ? wasm.momentum
        : flags === 3
        ? wasm.centeredMomentum
        : wasm.general;
      kernel(
        p.byteOffset,
        g.byteOffset,
        sq.byteOffset,
        ga.byteOffset,
        mb.byteOffset,
        p.length,
        flags,
        this.#arenas[k]!.scratch,
        lr,
        rho,
        c,
        epsIn,
        epsOut,
        momentum,
        wd,
        lrWd,
      );
    } else generalStep32(p, g, sq, ga, mb, flags, lr, rho, c, epsIn, epsOut, momentum, wd, lrWd);
  }

  /**
   * Sets every gradient to 0.
   *
   * @example
   * ```ts
   * import { RMSprop } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const grads = new Float64Array([1, 2]);
   * new RMSprop([{ params: new Float64Array(2), grads }]).zeroGrad();
   * assert.deepEqual([...grads], [0, 0]);
   * ```
   */
  zeroGrad(): void {
    for (let k = 0; k < this.#grads.length; k++) this.#grads[k].fill(0);
  }

  /**
   * Returns a copy of the optimizer state (typed-array copies, exact).
   *
   * @example
   * ```ts
   * import { RMSprop } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const opt = new RMSprop([{ params: new Float64Array(1), grads: new Float64Array([1]) }]);
   * opt.step();
   * const s = opt.state();
   * assert.equal(s.iterations, 1);
   * assert.equal(s.squareAvg[0][0], 1 - 0.9);
   * ```
   */
  state(): RMSpropState {
    return {
      iterations: this.#iterations,
      lr: this.#lr,
      squareAvg: copyArrays(this.#squareAvg),
      gradAvg: copyArrays(this.#gradAvg),
      momentumBuffer: copyArrays(this.#momentumBuffer),
    };
  }

  /**
   * Restores a state saved by `state()` from an optimizer with the same options and shapes; the
   * next `step()` continues exactly as the saved optimizer would have.
   *
   * @throws {TypeError} if the state does not match this optimizer's groups or options.
   * @example
   * ```ts
   * import { RMSprop } from "@seeded/rl";
   * import assert from "node:assert/strict";
   *
   * const a = new RMSprop([{ params: new Float64Array(1), grads: new Float64Array([1]) }]);
   * a.step();
   * const b = new RMSprop([{ params: new Float64Array(1), grads: new Float64Array([1]) }]);
   * b.loadState(a.state());
   * assert.deepEqual(b.state(), a.state());
   * ```
   */
  loadState(state: RMSpropState): void {
    if (state === null || typeof state !== "object") {
      throw new TypeError(`Cannot restore ${WHO}: state must be an object, got ${state}`);
    }
    const iterations = checkIterations(WHO, state.iterations);
    const lr = checkLr(WHO, state.lr);
    restoreArrays(WHO, "squareAvg", this.#squareAvg, state.squareAvg);
    restoreArrays(WHO, "gradAvg", this.#gradAvg, state.gradAvg);
    restoreArrays(WHO, "momentumBuffer", this.#momentumBuffer, state.momentumBuffer);
    this.#iterations = iterations;
    this.#lr = lr;
  }
}

/** `value`, or `fallback` when it is undefined (null is kept, so validation rejects it). */
function def<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** The float64 fast path: no momentum, not centered, no weight decay, not maximizing. */
function plainStep64(
  p: Float64Array,
  g: Float64Array,
  sq: Float64Array,
  lr: number,
  rho: number,
  c: number,
  epsIn: number,
  epsOut: number,
): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    sq[i] = rho * sq[i] + c * gi * gi;
    p[i] -= lr * gi / (Math.sqrt(sq[i] + epsIn) + epsOut);
  }
}

/** Every option in float64; `ga`/`mb` alias `sq` when unused. */
function generalStep64(
  p: Float64Array,
  g: Float64Array,
  sq: Float64Array,
  ga: Float64Array,
  mb: Float64Array,
  lr: number,
  rho: number,
  c: number,
  epsIn: number,
  epsOut: number,
  sign: number,
  coupledWd: number,
  decoupledLrWd: number,
  centered: boolean,
  momentum: number,
  tfMomentum: boolean,
): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let pi = p[i];
    let gi = sign * g[i];
    if (coupledWd !== 0) gi += coupledWd * pi;
    if (decoupledLrWd !== 0) pi -= pi * decoupledLrWd;
    sq[i] = rho * sq[i] + c * gi * gi;
    let variance = sq[i];
    if (centered) {
      ga[i] = rho * ga[i] + c * gi;
      const m = ga[i];
      variance -= m * m;
    }
    const d = Math.sqrt(variance + epsIn) + epsOut;
    if (momentum === 0) {
      pi -= lr * gi / d;
    } else if (tfMomentum) {
      mb[i] = momentum * mb[i] + lr * gi / d;
      pi -= mb[i];
    } else {
      mb[i] = momentum * mb[i] + gi / d;
      pi -= lr * mb[i];
    }
    p[i] = pi;
  }
}

/**
 * The float32 fast path: `v = ρv + ((1-ρ)g)g; p = p - (lr·g)/(sqrt(v + epsIn) + epsOut)`, each
 * operation rounded to float32 (as `_rmsprop.wat`'s `plain`).
 */
function plainStep32(
  p: Float32Array,
  g: Float32Array,
  sq: Float32Array,
  lr: number,
  rho: number,
  c: number,
  epsIn: number,
  epsOut: number,
): void {
  const f = Math.fround;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const v = f(f(rho * sq[i]) + f(f(c * gi) * gi));
    sq[i] = v;
    p[i] = f(p[i] - f(f(lr * gi) / f(f(Math.sqrt(f(v + epsIn))) + epsOut)));
  }
}

/**
 * Every option in float32, each operation rounded to float32 (as `_rmsprop.wat`'s `general`);
 * `flags`: 1 centered, 2 momentum, 4 tf-style momentum, 8 coupled and 16 decoupled weight decay,
 * 32 maximize. `ga`/`mb` alias `sq` when unused.
 */
function generalStep32(
  p: Float32Array,
  g: Float32Array,
  sq: Float32Array,
  ga: Float32Array,
  mb: Float32Array,
  flags: number,
  lr: number,
  rho: number,
  c: number,
  epsIn: number,
  epsOut: number,
  momentum: number,
  wd: number,
  lrWd: number,
): void {
  const f = Math.fround;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let pi = p[i];
    let gi = g[i];
    if (flags & 32) gi = -gi;
    if (flags & 8) gi = f(gi + f(wd * pi));
    if (flags & 16) pi = f(pi - f(pi * lrWd));
    const v = f(f(rho * sq[i]) + f(f(c * gi) * gi));
    sq[i] = v;
    let variance = v;
    if (flags & 1) {
      const m = f(f(rho * ga[i]) + f(c * gi));
      ga[i] = m;
      variance = f(v - f(m * m));
    }
    const d = f(f(Math.sqrt(f(variance + epsIn))) + epsOut);
    if (flags & 2) {
      let b: number;
      if (flags & 4) {
        b = f(f(momentum * mb[i]) + f(f(lr * gi) / d));
        pi = f(pi - b);
      } else {
        b = f(f(momentum * mb[i]) + f(gi / d));
        pi = f(pi - f(lr * b));
      }
      mb[i] = b;
    } else {
      pi = f(pi - f(f(lr * gi) / d));
    }
    p[i] = pi;
  }
}

/** The names accepted by {@linkcode rmspropPreset}. */
export type RMSpropPresetName =
  | "pytorch"
  | "keras"
  | "tf1"
  | "tfjs"
  | "optax"
  | "sb3TfLike"
  | "natureDqn"
  | "a3c";

const PRESETS: Record<RMSpropPresetName, RMSpropOptions> = {
  // torch.optim.RMSprop defaults (torch/optim/rmsprop.py): lr=1e-2, alpha=0.99, eps=1e-8,
  // avg = sqrt(square_avg) + eps; momentum buf = m*buf + g/avg, p -= lr*buf. Coupled weight_decay
  // (grad += wd*p) and maximize are options there too: set weightDecay / maximize.
  pytorch: { lr: 0.01, rho: 0.99, eps: 1e-8, epsPlacement: "outside", momentumStyle: "torch" },
  // keras.optimizers.RMSprop (Keras 3, keras/src/optimizers/rmsprop.py): learning_rate=0.001,
  // rho=0.9, epsilon=1e-7, velocity starts at 0, increment = lr*g/sqrt(velocity + eps), momentum
  // with lr inside; weight_decay is decoupled (base_optimizer._apply_weight_decay: p -= p*wd*lr).
  keras: {
    lr: 0.001,
    rho: 0.9,
    eps: 1e-7,
    epsPlacement: "inside",
    momentumStyle: "tf",
    decoupledWeightDecay: true,
  },
  // tf.compat.v1.train.RMSPropOptimizer (tensorflow/python/training/rmsprop.py): decay=0.9,
  // epsilon=1e-10, the "rms" slot initialised to ones, ApplyRMSProp kernel
  // mom = m*mom + lr*g/sqrt(ms + eps). TF1 has no default lr: the project default 0.01 is kept.
  tf1: {
    lr: 0.01,
    rho: 0.9,
    eps: 1e-10,
    epsPlacement: "inside",
    initialAccumulator: 1,
    momentumStyle: "tf",
  },
  // tf.train.rmsprop (tfjs-core rmsprop_optimizer.ts 4.22): decay=0.9, epsilon=null -> backend
  // epsilon 1e-7, accumulators start at 0, tf momentum. No default lr: the project default 0.01.
  // tfjs's centered branch computes sqrt(ms - mg² - eps) (eps subtracted), a bug not copied here:
  // centered: true gives the TF1/Keras sqrt(ms - mg² + eps).
  tfjs: { lr: 0.01, rho: 0.9, eps: 1e-7, epsPlacement: "inside", momentumStyle: "tf" },
  // optax.rmsprop (optax/_src/alias.py): decay=0.9, eps=1e-8, initial_scale=0, eps_in_sqrt=True,
  // chain(scale_by_rms, scale_by_learning_rate, trace(momentum)) so lr is inside the momentum.
  // optax has no default lr: the project default 0.01.
  optax: { lr: 0.01, rho: 0.9, eps: 1e-8, epsPlacement: "inside", momentumStyle: "tf" },
  // stable_baselines3 sb2_compat RMSpropTFLike as the rl-zoo's A2C on Atari uses it
  // (optimizer_kwargs=dict(eps=1e-5)): alpha=0.99, square_avg initialised to ones,
  // avg = sqrt(square_avg + eps), torch momentum; lr = A2C's default 7e-4.
  sb3TfLike: {
    lr: 7e-4,
    rho: 0.99,
    eps: 1e-5,
    epsPlacement: "inside",
    initialAccumulator: 1,
    momentumStyle: "torch",
  },
  // Nature DQN (Mnih et al. 2015, Extended Data Table 1; google-deepmind/dqn NeuralQLearner.lua):
  // lr 2.5e-4, g = 0.95g + 0.05dw, g2 = 0.95g2 + 0.05dw², w -= lr*dw/sqrt(g2 - g² + 0.01): centered,
  // eps 0.01 inside, no momentum.
  natureDqn: { lr: 2.5e-4, rho: 0.95, eps: 0.01, epsPlacement: "inside", centered: true },
  // A3C (Mnih et al. 2016, section 4 and supplementary 8): RMSProp with shared statistics,
  // g = αg + (1-α)Δθ², θ -= ηΔθ/sqrt(g + ε), α = 0.99, ε = 0.1. The paper samples η log-uniformly
  // in [1e-4, 1e-2]; 7e-4 is the value of OpenAI baselines' A2C. Share the statistics across
  // learners with `buffers`.
  a3c: { lr: 7e-4, rho: 0.99, eps: 0.1, epsPlacement: "inside" },
};

/**
 * Returns the {@linkcode RMSprop} options (a fresh object) that reproduce a framework or paper.
 *
 * | preset | lr | rho | eps | placement | initial accumulator | momentum style | other |
 * |---|---|---|---|---|---|---|---|
 * | `pytorch` | 0.01 | 0.99 | 1e-8 | outside | 0 | torch | coupled `weightDecay`, `maximize` as options |
 * | `keras` | 0.001 | 0.9 | 1e-7 | inside | 0 | tf | decoupled weight decay (Keras 3) |
 * | `tf1` | 0.01* | 0.9 | 1e-10 | inside | 1 | tf | |
 * | `tfjs` | 0.01* | 0.9 | 1e-7 | inside | 0 | tf | tfjs 4.22's centered branch subtracts eps: not copied |
 * | `optax` | 0.01* | 0.9 | 1e-8 | inside | 0 | tf | |
 * | `sb3TfLike` | 7e-4 | 0.99 | 1e-5 | inside | 1 | torch | SB3's RMSpropTFLike as A2C uses it on Atari |
 * | `natureDqn` | 2.5e-4 | 0.95 | 0.01 | inside | 0 | none | centered (Mnih et al. 2015) |
 * | `a3c` | 7e-4 | 0.99 | 0.1 | inside | 0 | none | shared statistics (Mnih et al. 2016) |
 *
 * (*) the framework has no default learning rate; the project default is used. Override any
 * field by spreading: `{ ...rmspropPreset("keras"), lr: 3e-4 }`.
 *
 * @param name One of {@linkcode RMSpropPresetName}.
 * @returns The complete options (all fields but `buffers` set).
 * @throws {RangeError} for an unknown name.
 * @example Usage
 * ```ts
 * import { RMSprop, rmspropPreset } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const opts = rmspropPreset("pytorch");
 * assert.equal(opts.epsPlacement, "outside");
 * const opt = new RMSprop(
 *   [{ params: new Float32Array(4), grads: new Float32Array(4) }],
 *   { ...opts, lr: 1e-3 },
 * );
 * assert.equal(opt.rho, 0.99);
 * ```
 */
export function rmspropPreset(name: RMSpropPresetName): RMSpropOptions {
  if (!Object.hasOwn(PRESETS, name)) {
    throw new RangeError(
      `Cannot make RMSprop preset: name must be one of ${Object.keys(PRESETS).join(", ")}, got ${
        typeof name === "string" ? `"${name}"` : name
      }`,
    );
  }
  return {
    lr: 0.01,
    rho: 0.9,
    eps: 1e-8,
    epsPlacement: "inside",
    centered: false,
    momentum: 0,
    momentumStyle: "torch",
    initialAccumulator: 0,
    weightDecay: 0,
    decoupledWeightDecay: false,
    maximize: false,
    ...PRESETS[name],
  };
}
