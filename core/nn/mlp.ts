/**
 * A multilayer perceptron over one flat typed array of parameters, with a hand-written backward
 * pass, PyTorch-compatible weight layout and initializers, and no allocation per call.
 *
 * @example
 * ```ts
 * import { MLP, Random } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const net = new MLP({ sizes: [4, 64, 64, 2], activation: "tanh", rng: new Random(1) });
 * const logits = net.forward(new Float32Array([0.1, 0, -0.2, 0.3]), 1);
 * assert.equal(logits.length, 2);
 * ```
 *
 * @module
 */
import { assertAffordable } from "../memory_limit.ts";
import type { FloatArray, ParameterGroup } from "../optim/rmsprop.ts";
import { float32Block } from "../optim/float32_arena.ts";
import type { Random } from "../random.ts";
import { initOrthogonal, initUniform } from "./_init.ts";
import {
  linearBackward,
  linearForward,
  networkBackward,
  networkForward,
  NO_ACTIVATION,
  RELU,
  TANH,
} from "./_kernels.ts";

/** An elementwise activation: `"identity"` (none), `"tanh"` or `"relu"` (`max(x, 0)`). */
export type Activation = "identity" | "tanh" | "relu";

/**
 * How {@linkcode MLP} initializes its weights and biases.
 *
 * - `{ kind: "pytorch" }`: PyTorch's `nn.Linear` default, weight and bias from
 *   U(−1/√fan_in, 1/√fan_in).
 * - `{ kind: "orthogonal", gains }`: `nn.init.orthogonal_(weight, gains[l])` for layer `l` and a
 *   zero bias, as CleanRL's `layer_init` and SB3 do for PPO/A2C: `gains: [Math.SQRT2,
 *   Math.SQRT2, 0.01]` for a policy with two hidden layers, `[Math.SQRT2, Math.SQRT2, 1]` for a
 *   value function. One gain per layer (`sizes.length - 1` of them).
 * - `{ kind: "zeros" }`: every parameter 0, no randomness (then `loadStateDict` or `copyFrom`).
 */
export type MLPInit =
  | { kind: "pytorch" }
  | { kind: "orthogonal"; gains: readonly number[] }
  | { kind: "zeros" };

/** Options of {@linkcode MLP}. */
export interface MLPOptions {
  /** Layer widths from input to output, for example `[4, 64, 64, 2]`; at least two. */
  sizes: readonly number[];
  /** The activation after every hidden layer. */
  activation: Activation;
  /** The activation after the last layer. @default {"identity"} */
  outputActivation?: Activation;
  /** The initialization scheme. @default {{ kind: "pytorch" }} */
  init?: MLPInit;
  /** The generator the initial weights are drawn from; required unless `init` is zeros. */
  rng?: Random;
  /** Storage type of parameters, gradients and activations. @default {"float32"} */
  dtype?: "float32" | "float64";
}

/** One tensor of a {@linkcode MLPStateDict}: its shape and its values in row-major order. */
export interface TensorData {
  /** `[out, in]` for a weight, `[out]` for a bias. */
  shape: number[];
  /** The values, row-major. */
  data: number[];
}

/**
 * The weights of an {@linkcode MLP} as plain JSON-able data, keyed like the `state_dict()` of a
 * PyTorch module whose `layers` is an `nn.ModuleList` of `nn.Linear`: `"layers.0.weight"`,
 * `"layers.0.bias"`, `"layers.1.weight"`, ...
 */
export type MLPStateDict = Record<string, TensorData>;

const ACTIVATIONS: readonly Activation[] = ["identity", "tanh", "relu"];
/** Batch-size views of the output kept at most (cleared beyond this; views are cheap to remake). */
const MAX_VIEWS = 16;

/**
 * A fully connected network: `Linear → activation → … → Linear → outputActivation`.
 *
 * All weights and biases live in one flat array `params` (with a same-length `grads`), laid out as
 * PyTorch's `nn.Linear` layers in order: weight [out, in] row-major, then bias [out]. So
 * `parameters()` is a single group for the optimizer, and weights exchange directly with PyTorch
 * or NumPy through {@linkcode MLP.stateDict}.
 *
 * `forward(input, batchSize)` keeps the activations that `backward` needs, in buffers that grow to
 * the largest batch seen and are then reused: alternating batch sizes (1 to act, 64 to train) does
 * not allocate in steady state. `backward(gradOutput)` uses the last forward's activations,
 * ADDS the parameter gradients into `grads` (so several losses can be summed; call `zeroGrad()`
 * before each update) and returns the gradient with respect to the input. The arrays returned by
 * `forward` and `backward` are views of internal buffers, valid until the next call of the same
 * method: copy what you keep, and do not write into them.
 *
 * With `"float32"` the layers compute as a float32 framework does: every product and every sum
 * is rounded to float32, each output one sum over its terms in ascending order (the exact order
 * is documented in `_kernels.ts`), on WebAssembly SIMD or JavaScript with the same bits. With
 * `"float64"` everything is computed in float64. For speed, use one `dtype` per
 * process: the kernels are shared, and running float32 and float64 networks in the same process
 * makes them polymorphic (measured 1.5–2× slower). `"float64"` is meant for gradient checks.
 *
 * @example Usage
 * ```ts
 * import { MLP, Random } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const net = new MLP({
 *   sizes: [3, 8, 1],
 *   activation: "relu",
 *   init: { kind: "orthogonal", gains: [Math.SQRT2, 1] },
 *   rng: new Random(0),
 * });
 * const y = net.forward(new Float32Array([1, 2, 3, 4, 5, 6]), 2); // batch of 2
 * assert.equal(y.length, 2);
 * net.zeroGrad();
 * net.backward(new Float32Array([1, 1])); // d(y0 + y1)/dθ, added into net.grads
 * assert.ok(net.grads.some((g) => g !== 0));
 * ```
 */
export class MLP {
  /** Layer widths from input to output. */
  readonly sizes: readonly number[];
  /** The activation after every hidden layer. */
  readonly activation: Activation;
  /** The activation after the last layer. */
  readonly outputActivation: Activation;
  /** Storage type of `params`, `grads` and the activations. */
  readonly dtype: "float32" | "float64";
  /** All weights and biases, layer by layer: weight [out, in] row-major, then bias [out]. */
  readonly params: FloatArray;
  /** Gradients of the loss with respect to `params`, same layout; `backward` adds into it. */
  readonly grads: FloatArray;
  #weightAt: number[] = [];
  #biasAt: number[] = [];
  /** The kernels' codes of `activation` and `outputActivation`. */
  readonly #hidden: number;
  readonly #output: number;
  #acts: FloatArray[] = [];
  #deltas: FloatArray[] = [];
  #capacity = 0;
  #batch = 0;
  #outputViews = new Map<number, FloatArray>();
  #inputGradViews = new Map<number, FloatArray>();

  /**
   * Creates a network and initializes its parameters.
   *
   * @throws {RangeError} for bad sizes, an unknown activation, dtype or init, or wrong gains.
   * @throws {TypeError} if `rng` is missing for a random init.
   */
  constructor(options: MLPOptions) {
    const { sizes, activation, outputActivation = "identity", dtype = "float32" } = options;
    const init = options.init ?? { kind: "pytorch" };
    if (
      !Array.isArray(sizes) || sizes.length < 2 ||
      !sizes.every((s) => Number.isInteger(s) && s > 0)
    ) {
      throw new RangeError(
        `Cannot create MLP: sizes must be at least two positive integers, got ${
          JSON.stringify(sizes)
        }`,
      );
    }
    for (
      const [name, value] of [["activation", activation], ["outputActivation", outputActivation]]
    ) {
      if (!ACTIVATIONS.includes(value as Activation)) {
        throw new RangeError(
          `Cannot create MLP: ${name} must be "identity", "tanh" or "relu", got ${
            JSON.stringify(value)
          }`,
        );
      }
    }
    if (dtype !== "float32" && dtype !== "float64") {
      throw new RangeError(
        `Cannot create MLP: dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`,
      );
    }
    this.sizes = sizes.slice();
    this.activation = activation;
    this.outputActivation = outputActivation;
    this.#hidden = code(activation);
    this.#output = code(outputActivation);
    this.dtype = dtype;
    let n = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.#weightAt.push(n);
      n += sizes[l] * sizes[l + 1];
      this.#biasAt.push(n);
      n += sizes[l + 1];
    }
    // Parameters, gradients and up to three optimizer arrays of the same size.
    assertAffordable(
      "MLP",
      `sizes ${JSON.stringify(sizes)} (${n} parameters)`,
      n * 5 * (dtype === "float64" ? 8 : 4),
    );
    if (dtype === "float32") {
      // In a WebAssembly arena with room for an optimizer's state: RMSprop then steps in place.
      [this.params, this.grads] = float32Block(n, 2, 3);
    } else {
      this.params = new Float64Array(n);
      this.grads = new Float64Array(n);
    }
    this.#initialize(init, options.rng);
  }

  /**
   * Builds a network from a {@linkcode MLPStateDict}, taking the sizes from its shapes.
   *
   * @throws {TypeError} if the dict is not a chain of `layers.i.weight` / `layers.i.bias` tensors.
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const net = new MLP({ sizes: [2, 3, 1], activation: "tanh", rng: new Random(0) });
   * const copy = MLP.fromStateDict(JSON.parse(JSON.stringify(net.stateDict())), {
   *   activation: "tanh",
   * });
   * assert.deepEqual(copy.params, net.params);
   * ```
   */
  static fromStateDict(
    state: MLPStateDict,
    options: Omit<MLPOptions, "sizes" | "init" | "rng">,
  ): MLP {
    const sizes: number[] = [];
    for (let l = 0; l === 0 || `layers.${l}.weight` in state; l++) {
      const shape = state?.[`layers.${l}.weight`]?.shape;
      if (!Array.isArray(shape) || shape.length !== 2) {
        throw new TypeError(
          `Cannot load MLP state: "layers.${l}.weight" must be a tensor of shape [out, in], got ${
            JSON.stringify(shape)
          }`,
        );
      }
      if (l === 0) sizes.push(shape[1]);
      sizes.push(shape[0]);
    }
    const net = new MLP({ ...options, sizes, init: { kind: "zeros" } });
    net.loadStateDict(state);
    return net;
  }

  /** Number of `Linear` layers (`sizes.length - 1`). */
  get layerCount(): number {
    return this.sizes.length - 1;
  }

  /**
   * The single parameter group `[{ params, grads }]`, for an optimizer.
   *
   * @example
   * ```ts
   * import { MLP, Random, RMSprop } from "@seeded/rl";
   * const net = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(0) });
   * const opt = new RMSprop(net.parameters(), { lr: 1e-3 });
   * ```
   */
  parameters(): ParameterGroup[] {
    return [{ params: this.params, grads: this.grads }];
  }

  /**
   * A view of layer `layer`'s weight [out, in] (row-major) inside `params`.
   *
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * const net = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(0) });
   * net.weight(1).fill(0); // zero the output layer's weight
   * ```
   */
  weight(layer: number): FloatArray {
    this.#checkLayer(layer);
    const at = this.#weightAt[layer];
    return this.params.subarray(at, at + this.sizes[layer] * this.sizes[layer + 1]);
  }

  /**
   * A view of layer `layer`'s bias [out] inside `params`.
   *
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * const net = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(0) });
   * const b = net.bias(0); // 16 values
   * ```
   */
  bias(layer: number): FloatArray {
    this.#checkLayer(layer);
    const at = this.#biasAt[layer];
    return this.params.subarray(at, at + this.sizes[layer + 1]);
  }

  /**
   * Runs the network on a batch and keeps the activations for {@linkcode MLP.backward}.
   *
   * @param input Row-major batch × `sizes[0]` values (its first `batchSize · sizes[0]` are read;
   *   they are copied, so the caller may reuse the array before `backward`).
   * @param batchSize Number of rows, a positive integer.
   * @returns The batch × `sizes.at(-1)` outputs, a view valid until the next `forward`.
   * @throws {RangeError} if `batchSize` is not a positive integer.
   * @throws {TypeError} if `input` is too short.
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * const net = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(0) });
   * const act = net.forward(new Float32Array(4), 1); // 2 values
   * const batch = net.forward(new Float32Array(4 * 32), 32); // 64 values
   * ```
   */
  forward(input: ArrayLike<number>, batchSize: number): FloatArray {
    const sizes = this.sizes;
    const nIn = sizes[0];
    if (!(Number.isInteger(batchSize) && batchSize > 0)) {
      throw new RangeError(
        `Cannot run MLP.forward: batchSize must be a positive integer, got ${batchSize}`,
      );
    }
    if (!(input?.length >= batchSize * nIn)) {
      throw new TypeError(
        `Cannot run MLP.forward: input must hold batchSize × ${nIn} = ${
          batchSize * nIn
        } values, got ${input?.length}`,
      );
    }
    if (batchSize > this.#capacity) this.#grow(batchSize);
    const acts = this.#acts;
    const x = acts[0];
    for (let k = 0, n = batchSize * nIn; k < n; k++) x[k] = input[k];
    const last = sizes.length - 2;
    const hidden = this.#hidden, output = this.#output;
    const done = networkForward(
      this.params,
      sizes,
      this.#weightAt,
      acts,
      batchSize,
      hidden,
      output,
    );
    for (let l = 0; !done && l <= last; l++) {
      const y = acts[l + 1];
      linearForward(
        this.params,
        this.#weightAt[l],
        this.#biasAt[l],
        acts[l],
        y,
        batchSize,
        sizes[l],
        sizes[l + 1],
        l === last ? output : hidden,
      );
    }
    this.#batch = batchSize;
    return view(this.#outputViews, acts[last + 1], batchSize * sizes[last + 1]);
  }

  /**
   * Backpropagates through the last {@linkcode MLP.forward}: ADDS dLoss/dθ into `grads` and
   * returns dLoss/dinput.
   *
   * @param gradOutput dLoss/doutput, row-major batch × `sizes.at(-1)` (its first values are read).
   * @returns dLoss/dinput (batch × `sizes[0]`), a view valid until the next `backward`.
   * @throws {TypeError} before any forward, or if `gradOutput` is too short.
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * const net = new MLP({ sizes: [4, 16, 1], activation: "tanh", rng: new Random(0) });
   * net.forward(new Float32Array(4 * 8), 8);
   * net.zeroGrad();
   * const dInput = net.backward(new Float32Array(8).fill(1 / 8)); // gradient of the mean output
   * ```
   */
  backward(gradOutput: ArrayLike<number>): FloatArray {
    const batch = this.#batch;
    const sizes = this.sizes;
    const last = sizes.length - 2;
    const nOut = sizes[last + 1];
    if (batch === 0) throw new TypeError("Cannot run MLP.backward: forward() has not been called");
    if (!(gradOutput?.length >= batch * nOut)) {
      throw new TypeError(
        `Cannot run MLP.backward: gradOutput must hold batch ${batch} × ${nOut} = ${
          batch * nOut
        } values, got ${gradOutput?.length}`,
      );
    }
    const acts = this.#acts;
    const deltas = this.#deltas;
    const d = deltas[last + 1];
    for (let k = 0, n = batch * nOut; k < n; k++) d[k] = gradOutput[k];
    const hidden = this.#hidden, output = this.#output;
    const params = this.params, grads = this.grads, at = this.#weightAt;
    const done = networkBackward(params, grads, sizes, at, acts, deltas, batch, hidden, output);
    for (let l = last; !done && l >= 0; l--) {
      linearBackward(
        params,
        grads,
        at[l],
        this.#biasAt[l],
        acts[l],
        acts[l + 1],
        deltas[l + 1],
        deltas[l],
        batch,
        sizes[l],
        sizes[l + 1],
        l === last ? output : hidden,
      );
    }
    return view(this.#inputGradViews, deltas[0], batch * sizes[0]);
  }

  /**
   * Sets every gradient to 0.
   *
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * const net = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(0) });
   * net.zeroGrad();
   * ```
   */
  zeroGrad(): void {
    this.grads.fill(0);
  }

  /**
   * Copies the parameters of `other` (same sizes) into this network: a hard target update.
   *
   * @throws {RangeError} if the sizes differ.
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const q = new MLP({ sizes: [4, 16, 2], activation: "relu", rng: new Random(0) });
   * const target = new MLP({ sizes: [4, 16, 2], activation: "relu", rng: new Random(1) });
   * target.copyFrom(q);
   * assert.deepEqual(target.params, q.params);
   * ```
   */
  copyFrom(other: MLP): void {
    this.#checkSameSizes("copy", other);
    this.params.set(other.params);
  }

  /**
   * Soft (Polyak) update toward `other`: θ ← τ·θ_other + (1 − τ)·θ, CleanRL's
   * `tau * q_param + (1 - tau) * target_param`. τ = 1 copies.
   *
   * @param tau In [0, 1].
   * @throws {RangeError} if the sizes differ or `tau` is outside [0, 1].
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * const q = new MLP({ sizes: [4, 16, 2], activation: "relu", rng: new Random(0) });
   * const target = q.clone();
   * target.lerpFrom(q, 0.005);
   * ```
   */
  lerpFrom(other: MLP, tau: number): void {
    this.#checkSameSizes("update", other);
    if (!(tau >= 0 && tau <= 1)) {
      throw new RangeError(`Cannot update MLP: tau must be in [0, 1], got ${tau}`);
    }
    const p = this.params;
    const q = other.params;
    const keep = 1 - tau;
    for (let k = 0; k < p.length; k++) p[k] = tau * q[k] + keep * p[k];
  }

  /**
   * A new network with the same structure and a copy of the parameters (gradients start at 0).
   *
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const net = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(0) });
   * const target = net.clone();
   * assert.deepEqual(target.params, net.params);
   * assert.notEqual(target.params, net.params);
   * ```
   */
  clone(): MLP {
    const copy = new MLP({
      sizes: this.sizes,
      activation: this.activation,
      outputActivation: this.outputActivation,
      dtype: this.dtype,
      init: { kind: "zeros" },
    });
    copy.params.set(this.params);
    return copy;
  }

  /**
   * The weights as plain JSON-able data keyed by layer (`"layers.0.weight"`: `{ shape: [out, in],
   * data }`, `"layers.0.bias"`: `{ shape: [out], data }`, ...), loadable by PyTorch's
   * `load_state_dict` (see the README).
   *
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const net = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(0) });
   * const state = net.stateDict();
   * assert.deepEqual(state["layers.1.weight"].shape, [2, 16]);
   * const json = JSON.stringify(state);
   * ```
   */
  stateDict(): MLPStateDict {
    const state: MLPStateDict = {};
    for (let l = 0; l < this.layerCount; l++) {
      const nIn = this.sizes[l];
      const nOut = this.sizes[l + 1];
      state[`layers.${l}.weight`] = { shape: [nOut, nIn], data: Array.from(this.weight(l)) };
      state[`layers.${l}.bias`] = { shape: [nOut], data: Array.from(this.bias(l)) };
    }
    return state;
  }

  /**
   * Loads weights saved by {@linkcode MLP.stateDict} (or exported from PyTorch in that shape).
   * Every key and shape is checked before anything is written; extra keys are an error too.
   *
   * @throws {TypeError} for a missing or extra key, a wrong shape, or non-numeric data.
   * @example
   * ```ts
   * import { MLP, Random } from "@seeded/rl";
   * import assert from "node:assert/strict";
   * const a = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(0) });
   * const b = new MLP({ sizes: [4, 16, 2], activation: "tanh", rng: new Random(1) });
   * b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
   * assert.deepEqual(b.params, a.params);
   * ```
   */
  loadStateDict(state: MLPStateDict): void {
    if (state === null || typeof state !== "object") {
      throw new TypeError(`Cannot load MLP state: expected an object, got ${state}`);
    }
    const expected: [string, number[], number][] = [];
    for (let l = 0; l < this.layerCount; l++) {
      const nIn = this.sizes[l];
      const nOut = this.sizes[l + 1];
      expected.push([`layers.${l}.weight`, [nOut, nIn], this.#weightAt[l]]);
      expected.push([`layers.${l}.bias`, [nOut], this.#biasAt[l]]);
    }
    const names = new Set(expected.map(([name]) => name));
    for (const key of Object.keys(state)) {
      if (!names.has(key)) {
        throw new TypeError(
          `Cannot load MLP state: unexpected key "${key}" for sizes ${JSON.stringify(this.sizes)}`,
        );
      }
    }
    for (const [name, shape] of expected) {
      const t = state[name];
      if (t === undefined) throw new TypeError(`Cannot load MLP state: missing "${name}"`);
      if (JSON.stringify(t.shape) !== JSON.stringify(shape)) {
        throw new TypeError(
          `Cannot load MLP state: "${name}" must have shape ${JSON.stringify(shape)}, got ${
            JSON.stringify(t.shape)
          }`,
        );
      }
      const size = shape.reduce((a, b) => a * b, 1);
      if (!(t.data?.length === size) || !Array.from(t.data).every((v) => typeof v === "number")) {
        throw new TypeError(
          `Cannot load MLP state: "${name}".data must be ${size} numbers, got ${
            t.data?.length ?? t.data
          } values`,
        );
      }
    }
    for (const [name, , at] of expected) this.params.set(state[name].data, at);
  }

  #array(n: number): FloatArray {
    return this.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
  }

  #initialize(init: MLPInit, rng: Random | undefined): void {
    const kind = init?.kind;
    if (kind === "zeros") return;
    if (kind !== "pytorch" && kind !== "orthogonal") {
      throw new RangeError(
        `Cannot create MLP: init.kind must be "pytorch", "orthogonal" or "zeros", got ${
          JSON.stringify(kind)
        }`,
      );
    }
    if (rng === undefined || typeof rng.normal !== "function") {
      throw new TypeError(`Cannot create MLP: rng (a Random) is required for init "${kind}"`);
    }
    const layers = this.layerCount;
    const gains = kind === "orthogonal" ? (init as { gains: readonly number[] }).gains : [];
    if (
      kind === "orthogonal" &&
      !(Array.isArray(gains) && gains.length === layers && gains.every(Number.isFinite))
    ) {
      throw new RangeError(
        `Cannot create MLP: init.gains must be ${layers} finite numbers (one per layer), got ${
          JSON.stringify(gains)
        }`,
      );
    }
    for (let l = 0; l < layers; l++) {
      const [w, b, nIn, nOut] = [
        this.#weightAt[l],
        this.#biasAt[l],
        this.sizes[l],
        this.sizes[l + 1],
      ];
      if (kind === "pytorch") initUniform(this.params, w, b, nIn, nOut, rng);
      else initOrthogonal(this.params, w, b, nIn, nOut, gains[l], rng);
    }
  }

  #grow(batchSize: number): void {
    this.#acts = this.sizes.map((s) => this.#array(batchSize * s));
    this.#deltas = this.sizes.map((s) => this.#array(batchSize * s));
    this.#capacity = batchSize;
    this.#outputViews.clear();
    this.#inputGradViews.clear();
  }

  #checkLayer(layer: number): void {
    if (!(Number.isInteger(layer) && layer >= 0 && layer < this.layerCount)) {
      throw new RangeError(
        `Cannot index MLP layer: layer must be an integer in [0, ${this.layerCount}), got ${layer}`,
      );
    }
  }

  #checkSameSizes(what: string, other: MLP): void {
    const a = this.sizes;
    const b = other?.sizes;
    let same = b !== undefined && a.length === b.length;
    for (let l = 0; same && l < a.length; l++) same = a[l] === b[l];
    if (!same) {
      throw new RangeError(
        `Cannot ${what} MLP: sizes ${JSON.stringify(a)} do not match the other network's ${
          JSON.stringify(b)
        }`,
      );
    }
  }
}

/** The first `n` values of `buffer`, as a view cached per length (so repeated calls allocate nothing). */
function view(cache: Map<number, FloatArray>, buffer: FloatArray, n: number): FloatArray {
  let v = cache.get(n);
  if (v === undefined) {
    if (cache.size >= MAX_VIEWS) cache.clear();
    v = buffer.subarray(0, n);
    cache.set(n, v);
  }
  return v;
}

/** The kernels' code of an activation. */
function code(activation: Activation): number {
  return activation === "tanh" ? TANH : activation === "relu" ? RELU : NO_ACTIVATION;
}
