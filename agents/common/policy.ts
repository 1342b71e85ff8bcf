/**
 * {@linkcode ActorCritic}: the networks of the policy-gradient agents (REINFORCE, A2C, PPO) and
 * their action distribution — a categorical over logits for a `Discrete` action space, a diagonal
 * Gaussian with a state-independent learned log-std for a `Box` — with batched, allocation-free
 * sampling, log-probabilities, entropies and the policy-loss backward pass.
 *
 * Separate actor and critic MLPs (CleanRL's `Agent`): hidden layers with orthogonal init of gain
 * √2, the policy head with gain 0.01 and the value head with gain 1, zero biases; the log-std
 * starts at 0 (σ = 1), as CleanRL's `actor_logstd`.
 *
 * @example
 * ```ts
 * import { ActorCritic, Discrete, Random } from "@seeded/rl";
 * const policy = new ActorCritic({
 *   obsDim: 4, actionSpace: new Discrete(2), hiddenSizes: [64, 64], activation: "tanh",
 *   critic: true, rng: new Random(1),
 * });
 * const actions = new Float32Array(1), logProbs = new Float32Array(1);
 * policy.sample(new Float32Array(4), 1, new Random(2), actions, logProbs);
 * ```
 *
 * @module
 */
import { MLP } from "../../core/nn/mlp.ts";
import type { ParameterGroup } from "../../core/optim/rmsprop.ts";
import {
  categoricalEntropy,
  categoricalGrad,
  categoricalLogProb,
  categoricalMode,
  categoricalSample,
  gaussianEntropy,
  gaussianGrad,
  gaussianLogProb,
  gaussianSample,
} from "../../core/nn/distributions.ts";
import type { Random } from "../../core/random.ts";
import type { Space } from "../../core/spaces.ts";

/** Options of {@linkcode ActorCritic}. */
export interface ActorCriticOptions {
  /** Length of an observation. */
  obsDim: number;
  /** The action space: `Discrete` (categorical policy) or `Box` (Gaussian policy). */
  actionSpace: Space;
  /** Hidden layer widths of both networks, for example `[64, 64]`. */
  hiddenSizes: readonly number[];
  /** Hidden activation of both networks. */
  activation: "tanh" | "relu";
  /** Whether to build the value network (REINFORCE without a baseline has none). */
  critic: boolean;
  /** The generator the initial weights are drawn from (the run's `init` stream). */
  rng: Random;
  /** Initial log-std of a Gaussian policy. @default {0} */
  logStdInit?: number;
}

/** The saved state of an {@linkcode ActorCritic}: parameter copies. */
export interface ActorCriticState {
  /** The actor's flat parameters. */
  actor: Float32Array;
  /** The critic's flat parameters (empty without a critic). */
  critic: Float32Array;
  /** The log-std (empty for a discrete policy). */
  logStd: Float32Array;
}

/**
 * Actor (policy) and critic (value) networks with the action distribution that fits the action
 * space. Batch methods read row-major `n × obsDim` observations and write into caller arrays.
 *
 * Actions are `Float32Array`s of `n × actDim` numbers (a discrete action is its index as a float).
 * Gaussian samples are the raw, unclipped draws (their log-probabilities are exact);
 * {@linkcode ActorCritic.toEnvActions} clips them to the box for the env.
 *
 * @example
 * ```ts
 * import { ActorCritic, Box, Random } from "@seeded/rl";
 * const policy = new ActorCritic({
 *   obsDim: 3, actionSpace: new Box([-2], [2]), hiddenSizes: [64, 64], activation: "tanh",
 *   critic: true, rng: new Random(1),
 * });
 * const mean = new Float32Array(1);
 * policy.mode(new Float32Array([1, 0, 0]), 1, mean);
 * ```
 */
export class ActorCritic {
  /** Whether the policy is categorical (else Gaussian). */
  readonly discrete: boolean;
  /** Length of an observation. */
  readonly obsDim: number;
  /** Numbers per action: 1 for discrete, the box dimension for continuous. */
  readonly actDim: number;
  /** Outputs of the actor: the number of actions (logits) or the box dimension (means). */
  readonly nOut: number;
  /** The policy network: logits or Gaussian means. */
  readonly actor: MLP;
  /** The value network, or `null`. */
  readonly critic: MLP | null;
  /** The log-std of a Gaussian policy (empty for a discrete one). */
  readonly logStd: Float32Array;
  /** The gradient of the log-std. */
  readonly logStdGrad: Float32Array;
  /** Lower bounds of a box action space (empty for discrete). */
  readonly low: Float32Array;
  /** Upper bounds of a box action space (empty for discrete). */
  readonly high: Float32Array;
  #out: ArrayLike<number> = new Float32Array(0);
  #gradOut = new Float32Array(0);
  #rowLogProb = new Float64Array(1);
  #row = new Float32Array(0);
  #groups: ParameterGroup[];

  /**
   * Builds both networks (actor first, then critic, from `rng`).
   *
   * @throws {TypeError} for an action space that is neither `Discrete` nor `Box`.
   */
  constructor(options: ActorCriticOptions) {
    const { obsDim, actionSpace, hiddenSizes, activation, rng } = options;
    if (actionSpace?.kind === "discrete") {
      this.discrete = true;
      this.actDim = 1;
      this.nOut = actionSpace.n;
      this.low = new Float32Array(0);
      this.high = new Float32Array(0);
    } else if (actionSpace?.kind === "box") {
      this.discrete = false;
      this.actDim = actionSpace.low.length;
      this.nOut = this.actDim;
      this.low = actionSpace.low.slice();
      this.high = actionSpace.high.slice();
    } else {
      throw new TypeError(
        `Cannot create ActorCritic: the action space must be Discrete or Box, got ${actionSpace}`,
      );
    }
    this.obsDim = obsDim;
    const gains = (head: number) => [...hiddenSizes.map(() => Math.SQRT2), head];
    this.actor = new MLP({
      sizes: [obsDim, ...hiddenSizes, this.nOut],
      activation,
      init: { kind: "orthogonal", gains: gains(0.01) },
      rng,
    });
    this.critic = options.critic
      ? new MLP({
        sizes: [obsDim, ...hiddenSizes, 1],
        activation,
        init: { kind: "orthogonal", gains: gains(1) },
        rng,
      })
      : null;
    const nStd = this.discrete ? 0 : this.actDim;
    this.logStd = new Float32Array(nStd).fill(options.logStdInit ?? 0);
    this.logStdGrad = new Float32Array(nStd);
    this.#row = new Float32Array(obsDim);
    this.#groups = [{ params: this.actor.params, grads: this.actor.grads }];
    if (this.critic !== null) {
      this.#groups.push({ params: this.critic.params, grads: this.critic.grads });
    }
    if (nStd > 0) this.#groups.push({ params: this.logStd, grads: this.logStdGrad });
  }

  /**
   * The parameter groups for the optimizer: actor, critic (if any), log-std (if continuous).
   *
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random, RMSprop } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 4, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: true, rng: new Random(0),
   * });
   * const opt = new RMSprop(policy.parameters(), { lr: 1e-3 });
   * ```
   */
  parameters(): ParameterGroup[] {
    return this.#groups;
  }

  /**
   * Sets every gradient to 0.
   *
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 4, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: false, rng: new Random(0),
   * });
   * policy.zeroGrad();
   * ```
   */
  zeroGrad(): void {
    for (let k = 0; k < this.#groups.length; k++) this.#groups[k].grads.fill(0);
  }

  /**
   * Samples one action per observation and writes its log-probability.
   *
   * @param actions Receives `n × actDim` actions (unclipped for a Gaussian).
   * @param logProbs Receives `n` log-probabilities.
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(3), hiddenSizes: [8], activation: "tanh",
   *   critic: false, rng: new Random(0),
   * });
   * const a = new Float32Array(2), lp = new Float32Array(2);
   * policy.sample(new Float32Array(4), 2, new Random(1), a, lp);
   * ```
   */
  sample(
    observations: ArrayLike<number>,
    n: number,
    rng: Random,
    actions: Float32Array,
    logProbs: Float32Array,
  ): void {
    const out = this.actor.forward(observations, n);
    if (this.discrete) {
      categoricalSample(out, n, this.nOut, rng, actions);
      categoricalLogProb(out, n, this.nOut, actions, logProbs);
    } else {
      gaussianSample(out, this.logStd, n, this.actDim, rng, actions);
      gaussianLogProb(out, this.logStd, n, this.actDim, actions, logProbs);
    }
  }

  /**
   * The deterministic policy: the most likely action (argmax of the logits, or the Gaussian mean,
   * unclipped).
   *
   * @param actions Receives `n × actDim` actions.
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(3), hiddenSizes: [8], activation: "tanh",
   *   critic: false, rng: new Random(0),
   * });
   * const a = new Float32Array(1);
   * policy.mode(new Float32Array(2), 1, a);
   * ```
   */
  mode(observations: ArrayLike<number>, n: number, actions: Float32Array): void {
    const out = this.actor.forward(observations, n);
    if (this.discrete) categoricalMode(out, n, this.nOut, actions);
    else for (let k = 0, m = n * this.actDim; k < m; k++) actions[k] = out[k];
  }

  /**
   * Writes the critic's values V(s) of `n` observations into `out` at `offset`.
   *
   * @throws {TypeError} without a critic.
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: true, rng: new Random(0),
   * });
   * const v = new Float32Array(3);
   * policy.values(new Float32Array(6), 3, v);
   * ```
   */
  values(observations: ArrayLike<number>, n: number, out: Float32Array, offset = 0): void {
    const v = this.#critic().forward(observations, n);
    for (let i = 0; i < n; i++) out[offset + i] = v[i];
  }

  /**
   * V(s) of row `row` of a row-major observation array (copied first, so no view is allocated).
   *
   * @throws {TypeError} without a critic.
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: true, rng: new Random(0),
   * });
   * const v = policy.valueOfRow(new Float32Array([0, 0, 1, 1]), 1); // V([1, 1])
   * ```
   */
  valueOfRow(observations: ArrayLike<number>, row: number): number {
    const d = this.obsDim, x = this.#row;
    for (let j = 0; j < d; j++) x[j] = observations[row * d + j];
    return this.#critic().forward(x, 1)[0];
  }

  /**
   * Runs the actor on a training batch and writes log π(a|s) of the given actions and the
   * entropy of each row; keeps the activations for {@linkcode ActorCritic.backwardPolicy}.
   *
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: false, rng: new Random(0),
   * });
   * const lp = new Float64Array(1), h = new Float64Array(1);
   * policy.evaluateActions(new Float32Array(2), 1, new Float32Array([1]), lp, h);
   * ```
   */
  evaluateActions(
    observations: ArrayLike<number>,
    n: number,
    actions: ArrayLike<number>,
    logProbs: Float64Array,
    entropies: Float64Array,
  ): void {
    const out = this.actor.forward(observations, n);
    this.#out = out;
    if (this.discrete) {
      categoricalLogProb(out, n, this.nOut, actions, logProbs);
      categoricalEntropy(out, n, this.nOut, entropies);
    } else {
      gaussianLogProb(out, this.logStd, n, this.actDim, actions, logProbs);
      entropies.fill(gaussianEntropy(this.logStd, this.actDim), 0, n);
    }
  }

  /**
   * ADDS into the actor's (and log-std's) gradients the gradient of
   * `L = Σ_b (w_b · log π(a_b|s_b) + w_H · H_b)` over the batch of the last
   * {@linkcode ActorCritic.evaluateActions} (the log-std gradient is overwritten).
   *
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: false, rng: new Random(0),
   * });
   * const a = new Float32Array([1]);
   * policy.evaluateActions(new Float32Array(2), 1, a, new Float64Array(1), new Float64Array(1));
   * policy.zeroGrad();
   * policy.backwardPolicy(a, 1, new Float64Array([-1]), 0); // ascend log π(1|s)
   * ```
   */
  backwardPolicy(
    actions: ArrayLike<number>,
    n: number,
    logProbWeights: ArrayLike<number>,
    entropyWeight: number,
  ): void {
    const m = n * this.nOut;
    if (this.#gradOut.length < m) this.#gradOut = new Float32Array(m);
    const g = this.#gradOut;
    if (this.discrete) {
      categoricalGrad(this.#out, n, this.nOut, actions, logProbWeights, entropyWeight, g);
    } else {
      gaussianGrad(
        this.#out,
        this.logStd,
        n,
        this.actDim,
        actions,
        logProbWeights,
        entropyWeight,
        g,
        this.logStdGrad,
      );
    }
    this.actor.backward(g);
  }

  /**
   * Runs the critic on a training batch; the returned view is valid until its next forward.
   *
   * @throws {TypeError} without a critic.
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: true, rng: new Random(0),
   * });
   * const v = policy.forwardValue(new Float32Array(4), 2);
   * policy.zeroGrad();
   * policy.backwardValue(new Float32Array([v[0], v[1]])); // d(½Σv²)/dθ
   * ```
   */
  forwardValue(observations: ArrayLike<number>, n: number): ArrayLike<number> {
    return this.#critic().forward(observations, n);
  }

  /**
   * ADDS dLoss/dθ_critic into the critic's gradients, given dLoss/dV for the batch of the last
   * {@linkcode ActorCritic.forwardValue}.
   *
   * @throws {TypeError} without a critic.
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: true, rng: new Random(0),
   * });
   * policy.forwardValue(new Float32Array(2), 1);
   * policy.backwardValue(new Float32Array([1]));
   * ```
   */
  backwardValue(gradValues: ArrayLike<number>): void {
    this.#critic().backward(gradValues);
  }

  /**
   * Copies actions into `out` for the env, clipping a Gaussian's to the box (CleanRL's and SB3's
   * `np.clip(actions, low, high)`); discrete actions are copied as they are.
   *
   * @example
   * ```ts
   * import { ActorCritic, Box, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 3, actionSpace: new Box([-2], [2]), hiddenSizes: [8], activation: "tanh",
   *   critic: false, rng: new Random(0),
   * });
   * const out = new Float32Array(2);
   * policy.toEnvActions(new Float32Array([3, -0.5]), 2, out); // [2, -0.5]
   * ```
   */
  toEnvActions(actions: ArrayLike<number>, n: number, out: Float32Array): void {
    const d = this.actDim;
    if (this.discrete) {
      for (let i = 0; i < n; i++) out[i] = actions[i];
      return;
    }
    const low = this.low, high = this.high;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const a = actions[i * d + j];
        out[i * d + j] = a < low[j] ? low[j] : a > high[j] ? high[j] : a;
      }
    }
  }

  /**
   * log π(a|s) of one observation and action (allocation-free; for tests and analysis).
   *
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: false, rng: new Random(0),
   * });
   * const lp = policy.logProb(new Float32Array(2), new Float32Array([0]));
   * ```
   */
  logProb(observation: ArrayLike<number>, action: ArrayLike<number>): number {
    const out = this.actor.forward(observation, 1);
    if (this.discrete) categoricalLogProb(out, 1, this.nOut, action, this.#rowLogProb);
    else gaussianLogProb(out, this.logStd, 1, this.actDim, action, this.#rowLogProb);
    return this.#rowLogProb[0];
  }

  /**
   * Copies of the parameters.
   *
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const policy = new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: true, rng: new Random(0),
   * });
   * const saved = policy.state();
   * ```
   */
  state(): ActorCriticState {
    return {
      actor: (this.actor.params as Float32Array).slice(),
      critic: this.critic === null
        ? new Float32Array(0)
        : (this.critic.params as Float32Array).slice(),
      logStd: this.logStd.slice(),
    };
  }

  /**
   * Restores parameters saved by {@linkcode ActorCritic.state} of a same-shaped policy.
   *
   * @throws {TypeError} for a wrong shape.
   * @example
   * ```ts
   * import { ActorCritic, Discrete, Random } from "@seeded/rl";
   * const make = (seed: number) => new ActorCritic({
   *   obsDim: 2, actionSpace: new Discrete(2), hiddenSizes: [8], activation: "tanh",
   *   critic: true, rng: new Random(seed),
   * });
   * make(1).loadState(make(0).state());
   * ```
   */
  loadState(state: ActorCriticState): void {
    const check = (name: keyof ActorCriticState, target: ArrayLike<number>) => {
      const a = state?.[name];
      if (!(a instanceof Float32Array) || a.length !== target.length) {
        throw new TypeError(
          `Cannot restore ActorCritic: state.${name} must be a Float32Array(${target.length}), got ${
            a instanceof Float32Array ? `Float32Array(${a.length})` : a
          }`,
        );
      }
    };
    check("actor", this.actor.params);
    check("critic", this.critic?.params ?? []);
    check("logStd", this.logStd);
    this.actor.params.set(state.actor);
    this.critic?.params.set(state.critic);
    this.logStd.set(state.logStd);
  }

  #critic(): MLP {
    if (this.critic === null) {
      throw new TypeError("Cannot compute values: this ActorCritic has no critic");
    }
    return this.critic;
  }
}
