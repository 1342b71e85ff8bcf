/**
 * Synchronous advantage actor-critic (A2C; Mnih et al. 2016, arXiv:1602.01783, synchronous
 * variant) as Stable-Baselines3 implements it: `numSteps`-step rollouts over `numEnvs` sub-envs,
 * GAE(λ) advantages (λ = 1: n-step returns), one gradient step per rollout on
 * `policy loss + entCoef · entropy loss + vfCoef · value loss`, global-norm clipping, and SB3's
 * default optimizer: PyTorch's RMSprop with alpha 0.99 and eps 1e-5.
 *
 * @example
 * ```ts
 * import { A2C } from "@seeded/rl";
 * const agent = new A2C({ env: "CartPole-v1", seed: 1 });
 * const { episodes, updates } = agent.learn(400); // 8 envs × 5 steps: 10 updates
 * ```
 *
 * @module
 */
import type { ActOptions, Agent, AgentState, LearnReport, UpdateRecord } from "./common/agent.ts";
import {
  checkBooleanField,
  checkChoiceField,
  checkNumberField,
  checkSizesField,
  resolveAgentRmsprop,
  withDefaults,
} from "./common/config.ts";
import { explainedVariance, normalizeAdvantages, OnPolicyKit } from "./common/on_policy.ts";
import type { ActorCritic } from "./common/policy.ts";
import type { RolloutCollector } from "./common/rollout_collector.ts";
import type { RolloutBuffer } from "../core/buffers/rollout.ts";
import { clipGradNorm } from "../core/optim/clip.ts";
import type { RMSprop } from "../core/optim/rmsprop.ts";
import type { RmspropConfig } from "../core/optim/rmsprop_config.ts";
import type { SyncVectorEnv } from "../env/vector_env.ts";

/**
 * The configuration of {@linkcode A2C}: SB3's `A2C` arguments in CleanRL-style camelCase with
 * SB3's defaults, plus the optimizer and normalisation options.
 */
export interface A2CConfig extends RmspropConfig {
  /** The training environment id (see `make`). @default {"CartPole-v1"} */
  env: string;
  /** The run seed: networks, sampling and sub-env i (seeded `seed + i`). @default {1} */
  seed: number;
  /** The training length the lr annealing is planned over (used only with `annealLr`). @default {500000} */
  totalTimesteps: number;
  /** The learning rate (SB3 `learning_rate`). @default {7e-4} */
  learningRate: number;
  /** Number of parallel sub-envs (rl-zoo's 8 for CartPole; SB3 takes it from the env). @default {8} */
  numEnvs: number;
  /** Steps per sub-env per rollout (SB3 `n_steps`). @default {5} */
  numSteps: number;
  /** Anneal the learning rate linearly to 0 at `totalTimesteps` (rl-zoo's `lin_7e-4`). @default {false} */
  annealLr: boolean;
  /** The discount γ. @default {0.99} */
  gamma: number;
  /** GAE λ; 1 gives SB3's classic n-step returns. @default {1} */
  gaeLambda: number;
  /** Normalise advantages over the batch (SB3 `normalize_advantage`). @default {false} */
  normAdv: boolean;
  /** Entropy bonus coefficient. @default {0} */
  entCoef: number;
  /** Value loss coefficient (the value loss is SB3's MSE, without ½). @default {0.5} */
  vfCoef: number;
  /** Global gradient-norm clipping threshold. @default {0.5} */
  maxGradNorm: number;
  /** Hidden layer widths of the actor and of the critic (separate networks, SB3's default). @default {[64, 64]} */
  hiddenSizes: number[];
  /** Hidden activation. @default {"tanh"} */
  activation: "tanh" | "relu";
  /** Normalise observations with running statistics (SB3 `VecNormalize`, clip 10). @default {false} */
  normalizeObservation: boolean;
  /** Scale rewards by the running std of the discounted return (SB3 `VecNormalize`, clip 10). @default {false} */
  normalizeReward: boolean;
  /** Initial log-std of the Gaussian policy (continuous actions only). @default {0} */
  logStdInit: number;
  /**
   * RMSprop preset: SB3's A2C optimizer is `torch.optim.RMSprop(alpha=0.99, eps=1e-5)`, the
   * PyTorch preset with eps 1e-5. The other `rmsprop*` fields default to the preset's values.
   * @default {"pytorch"}
   */
  rmspropPreset: RmspropConfig["rmspropPreset"];
  /** RMSprop epsilon (SB3 `rms_prop_eps`; 1e-5 when no preset is given). @default {1e-5} */
  rmspropEps: number;
}

/** Options of the {@linkcode A2C} constructor: any subset of {@linkcode A2CConfig}. */
export type A2COptions = Partial<A2CConfig>;

/** SB3's A2C defaults (the `rmsprop*` fields are resolved from the preset). */
export const A2C_DEFAULTS: Readonly<Omit<A2CConfig, keyof RmspropConfig>> = Object.freeze({
  env: "CartPole-v1",
  seed: 1,
  totalTimesteps: 500000,
  learningRate: 7e-4,
  numEnvs: 8,
  numSteps: 5,
  annealLr: false,
  gamma: 0.99,
  gaeLambda: 1,
  normAdv: false,
  entCoef: 0,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  hiddenSizes: [64, 64],
  activation: "tanh",
  normalizeObservation: false,
  normalizeReward: false,
  logStdInit: 0,
});

const WHO = "A2C";

/**
 * An A2C agent that owns its training envs (a {@linkcode SyncVectorEnv} of `numEnvs` copies of
 * `env`); categorical policy for discrete actions, diagonal Gaussian with a learned log-std for a
 * `Box` (samples stored unclipped, clipped to the box for the env).
 *
 * `learn(steps)` takes exactly `steps` env steps (a multiple of `numEnvs`) and updates whenever a
 * rollout of `numSteps` vector steps fills, so `learn(a); learn(b)` equals `learn(a + b)` bit for
 * bit; `state()` / `loadState()` resume exactly.
 *
 * @example
 * ```ts
 * import { A2C } from "@seeded/rl";
 * const agent = new A2C({ env: "CartPole-v1", seed: 2, numEnvs: 4 });
 * agent.learn(200);
 * const action = agent.act(new Float32Array(4), { deterministic: true }); // 0 or 1
 * new A2C(agent.config).loadState(agent.state()); // resumes exactly
 * ```
 */
export class A2C implements Agent {
  /** `"a2c"`. */
  readonly algorithm: string = "a2c";
  /** The fully resolved configuration. */
  readonly config: Readonly<A2CConfig>;
  /** The training env id. */
  readonly envId: string;
  /** The training envs. */
  readonly envs: SyncVectorEnv;
  /** Actor and critic. */
  readonly policy: ActorCritic;
  /** The optimizer over actor, critic and log-std. */
  readonly optimizer: RMSprop;
  /** The rollout storage (part of the state). */
  readonly buffer: RolloutBuffer;
  #kit: OnPolicyKit;
  #collector: RolloutCollector;
  #advantages: Float64Array;
  #logProb: Float64Array;
  #entropy: Float64Array;
  #pgWeights: Float64Array;
  #vGrad: Float32Array;

  /**
   * Creates the envs, networks and optimizer; resets the envs.
   *
   * @throws {TypeError} for an unknown config key (with a suggestion) or a value of the wrong type.
   * @throws {RangeError} for a value out of range (naming the field, the value and what is allowed),
   * or an unknown env id.
   */
  constructor(options: A2COptions = {}) {
    const c = withDefaults(WHO, A2C_DEFAULTS, options) as A2CConfig;
    checkNumberField(WHO, "seed", c.seed, { integer: true });
    checkNumberField(WHO, "totalTimesteps", c.totalTimesteps, { min: 1, integer: true });
    checkNumberField(WHO, "learningRate", c.learningRate, { min: 0, minExclusive: true });
    checkNumberField(WHO, "numEnvs", c.numEnvs, { min: 1, integer: true });
    checkNumberField(WHO, "numSteps", c.numSteps, { min: 1, integer: true });
    checkBooleanField(WHO, "annealLr", c.annealLr);
    checkNumberField(WHO, "gamma", c.gamma, { min: 0, max: 1 });
    checkNumberField(WHO, "gaeLambda", c.gaeLambda, { min: 0, max: 1 });
    checkBooleanField(WHO, "normAdv", c.normAdv);
    checkNumberField(WHO, "entCoef", c.entCoef, { min: 0 });
    checkNumberField(WHO, "vfCoef", c.vfCoef, { min: 0 });
    checkNumberField(WHO, "maxGradNorm", c.maxGradNorm, { min: 0, minExclusive: true });
    c.hiddenSizes = checkSizesField(WHO, "hiddenSizes", c.hiddenSizes);
    checkChoiceField(WHO, "activation", c.activation, ["tanh", "relu"]);
    checkBooleanField(WHO, "normalizeObservation", c.normalizeObservation);
    checkBooleanField(WHO, "normalizeReward", c.normalizeReward);
    checkNumberField(WHO, "logStdInit", c.logStdInit);
    if (typeof c.env !== "string") {
      throw new TypeError(`Cannot create ${WHO}: env must be an env id string, got ${c.env}`);
    }
    const rms = resolveAgentRmsprop(WHO, options, "pytorch", { rmspropEps: 1e-5 });
    this.config = Object.freeze({ ...c, ...rms });
    this.envId = c.env;

    // One run seed: envs seeded seed + i, weights from the `init` stream, then named streams.
    const batchSize = c.numEnvs * c.numSteps;
    this.#kit = new OnPolicyKit(this.config, {
      algorithm: "a2c",
      who: WHO,
      critic: true,
      streams: ["agent", "act"],
      annealSteps: Math.max(1, Math.floor(c.totalTimesteps / batchSize)), // the run's updates
    });
    this.envs = this.#kit.envs;
    this.policy = this.#kit.policy;
    this.optimizer = this.#kit.optimizer;
    this.#collector = this.#kit.rolloutCollector(c.numSteps);
    this.buffer = this.#collector.buffer;
    this.#advantages = new Float64Array(batchSize);
    this.#logProb = new Float64Array(batchSize);
    this.#entropy = new Float64Array(batchSize);
    this.#pgWeights = new Float64Array(batchSize);
    this.#vGrad = new Float32Array(batchSize);
  }

  /** Env steps taken so far (all sub-envs). */
  get globalStep(): number {
    return this.#kit.globalStep;
  }

  /** A2C updates (one per rollout) made so far. */
  get numUpdates(): number {
    return this.#kit.numUpdates;
  }

  /**
   * {@linkcode Agent.act}: the mode (`deterministic`) or a sample of π(·|s) for one raw
   * observation, normalised with the training statistics; an integer for `Discrete`, a new clipped
   * `Float32Array` for `Box`. Samples come from the `act` stream: acting never changes training.
   */
  act(observation: Float32Array, options: ActOptions = {}): number | Float32Array {
    return this.#kit.act(observation, options);
  }

  /**
   * {@linkcode Agent.learn}: exactly `steps` env steps, one A2C gradient step whenever a rollout
   * of `numSteps` vector steps fills.
   */
  learn(steps: number): LearnReport {
    return this.#kit.learnRollouts(steps, this.#collector, () => this.#update());
  }

  /** One A2C gradient step on the full rollout. */
  #update(): UpdateRecord {
    const c = this.config, buf = this.buffer, policy = this.policy, kit = this.#kit;
    const batchSize = buf.size;

    // Advantages: GAE(λ) with V(s_T) bootstrapping of unfinished episodes.
    this.#collector.computeAdvantages(c.gamma, c.gaeLambda);
    const advantages = this.#advantages;
    for (let i = 0; i < batchSize; i++) advantages[i] = buf.advantages[i];
    if (c.normAdv) normalizeAdvantages(advantages, batchSize);
    const lr = kit.setLearningRate(kit.numUpdates);

    // Policy gradient loss: −mean(A · log π(a|s)); entropy loss: −mean(H).
    const logProb = this.#logProb, entropy = this.#entropy, pgWeights = this.#pgWeights;
    policy.evaluateActions(buf.observations, batchSize, buf.actions, logProb, entropy);
    let policyLoss = 0, entropyMean = 0;
    for (let i = 0; i < batchSize; i++) {
      policyLoss -= advantages[i] * logProb[i];
      entropyMean += entropy[i];
      pgWeights[i] = -advantages[i] / batchSize;
    }
    policyLoss /= batchSize;
    entropyMean /= batchSize;
    policy.zeroGrad();
    policy.backwardPolicy(buf.actions, batchSize, pgWeights, -c.entCoef / batchSize);

    // Value loss: mean((R − V)²) (F.mse_loss), weighted by vfCoef.
    const values = policy.forwardValue(buf.observations, batchSize);
    const vGrad = this.#vGrad;
    let valueLoss = 0;
    for (let i = 0; i < batchSize; i++) {
      const d = values[i] - buf.returns[i];
      valueLoss += d * d;
      vGrad[i] = c.vfCoef * 2 * d / batchSize;
    }
    valueLoss /= batchSize;
    policy.backwardValue(vGrad);

    clipGradNorm(policy.parameters(), c.maxGradNorm);
    this.optimizer.step();
    return kit.record({
      "losses/value_loss": valueLoss,
      "losses/policy_loss": policyLoss,
      "losses/entropy": entropyMean,
      "losses/explained_variance": explainedVariance(buf.values, buf.returns, batchSize),
      "charts/learning_rate": lr,
    });
  }

  /** {@linkcode Agent.state}: parameters, optimizer, streams, partial rollout, envs, counters. */
  state(): AgentState {
    return this.#kit.state(this.buffer);
  }

  /** {@linkcode Agent.loadState}: restores a A2C state; a `TypeError` if it does not fit. */
  loadState(state: AgentState): void {
    this.#kit.loadState(state, this.buffer);
  }
}
