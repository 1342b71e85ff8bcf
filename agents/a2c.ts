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
import { assertFinite } from "./common/finite.ts";
import type { ActOptions, Agent, AgentState, LearnReport, UpdateRecord } from "./common/agent.ts";
import {
  ACTIVATION_FIELD,
  type AgentConfigSpec,
  ENV_FIELD,
  GAMMA_FIELD,
  LOG_STD_INIT_FIELD,
  MAX_GRAD_NORM_FIELD,
  NORMALIZE_OBSERVATION_FIELD,
  NORMALIZE_REWARD_FIELD,
  resolveAgentConfig,
  SEED_FIELD,
  TOTAL_TIMESTEPS_FIELD,
} from "./common/config.ts";
import type { AgentDefinition } from "./common/agent_definition.ts";
import { type ConfigOf, defaultsOf } from "../core/config.ts";
import { computeGae } from "../core/buffers/gae.ts";
import { RolloutBuffer } from "../core/buffers/rollout.ts";
import { clipGradNorm } from "../core/optim/clip.ts";
import { RMSprop } from "../core/optim/rmsprop.ts";
import { type RmspropConfig, rmspropOptionsFromConfig } from "../core/optim/rmsprop_config.ts";
import { linearSchedule, type Schedule } from "../core/optim/schedule.ts";
import { ActorCritic } from "./common/policy.ts";
import { Random } from "../core/random.ts";
import { saveAgent } from "../core/save_agent.ts";
import { RewardNormalizer } from "./common/reward_normalizer.ts";
import { RolloutCollector } from "./common/rollout_collector.ts";
import { SyncVectorEnv } from "../env/vector_env.ts";
import { make } from "../envs/registry.ts";
import {
  actOne,
  type ActScratch,
  explainedVariance,
  learnRollouts,
  loadAgentState,
  makeActScratch,
  normalizeAdvantages,
  OBS_NORMALIZATION,
  type OnPolicyParts,
  saveAgentState,
} from "./common/on_policy.ts";

/**
 * The configuration of {@linkcode A2C}, declared once: SB3's `A2C` arguments in CleanRL-style
 * camelCase with SB3's defaults, plus the optimizer and normalisation options (its TypeScript
 * type is {@linkcode A2CConfig}; the CLI flags, `--help` and the docs come from here too).
 */
export const A2C_CONFIG = {
  fields: {
    env: ENV_FIELD,
    seed: SEED_FIELD,
    totalTimesteps: TOTAL_TIMESTEPS_FIELD,
    learningRate: {
      type: "number",
      default: 7e-4,
      min: 0,
      minExclusive: true,
      doc: "The learning rate (SB3 `learning_rate`).",
    },
    numEnvs: {
      type: "number",
      default: 8,
      min: 1,
      integer: true,
      doc: "Number of parallel sub-envs (rl-zoo's 8 for CartPole; SB3 takes it from the env).",
    },
    numSteps: {
      type: "number",
      default: 5,
      min: 1,
      integer: true,
      doc: "Steps per sub-env per rollout (SB3 `n_steps`).",
    },
    annealLr: {
      type: "boolean",
      default: false,
      doc: "Anneal the learning rate linearly to 0 at `totalTimesteps` (rl-zoo's `lin_7e-4`).",
    },
    gamma: GAMMA_FIELD,
    gaeLambda: {
      type: "number",
      default: 1,
      min: 0,
      max: 1,
      doc: "GAE λ; 1 gives SB3's classic n-step returns.",
    },
    normAdv: {
      type: "boolean",
      default: false,
      doc: "Normalise advantages over the batch (SB3 `normalize_advantage`).",
    },
    entCoef: { type: "number", default: 0, min: 0, doc: "Entropy bonus coefficient." },
    vfCoef: {
      type: "number",
      default: 0.5,
      min: 0,
      doc: "Value loss coefficient (the value loss is SB3's MSE, without ½).",
    },
    maxGradNorm: MAX_GRAD_NORM_FIELD,
    hiddenSizes: {
      type: "sizes",
      default: [64, 64],
      doc: "Hidden layer widths of the actor and of the critic (separate networks, SB3's default).",
    },
    activation: ACTIVATION_FIELD,
    normalizeObservation: NORMALIZE_OBSERVATION_FIELD,
    normalizeReward: NORMALIZE_REWARD_FIELD,
    logStdInit: LOG_STD_INIT_FIELD,
  },
  // SB3's A2C optimizer is `torch.optim.RMSprop(alpha=0.99, eps=1e-5)`: the PyTorch preset with
  // eps 1e-5 (SB3 `rms_prop_eps`).
  rmsprop: { rmspropPreset: "pytorch", rmspropEps: 1e-5 },
} as const satisfies AgentConfigSpec;

/** The configuration of {@linkcode A2C} (see {@linkcode A2C_CONFIG}). */
export interface A2CConfig extends ConfigOf<typeof A2C_CONFIG.fields>, RmspropConfig {}

/** Options of the {@linkcode A2C} constructor: any subset of {@linkcode A2CConfig}. */
export type A2COptions = Partial<A2CConfig>;

/** SB3's A2C defaults (the `rmsprop*` fields are resolved from the preset). */
export const A2C_DEFAULTS: Readonly<ConfigOf<typeof A2C_CONFIG.fields>> = Object.freeze(
  defaultsOf(A2C_CONFIG.fields),
);

/** The registry entry of {@linkcode A2C}. */
export const A2C_DEFINITION: AgentDefinition = {
  name: "a2c",
  description: "A2C as SB3 writes it: n-step rollouts over parallel envs, GAE(λ), entropy " +
    "bonus, SB3's RMSprop.",
  actionSpaces: ["discrete", "box"],
  config: A2C_CONFIG,
  create: (options) => new A2C(options as A2COptions),
};

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
  readonly venv: SyncVectorEnv;
  /** Actor and critic. */
  readonly policy: ActorCritic;
  /** The optimizer over actor, critic and log-std. */
  readonly optimizer: RMSprop;
  /** The rollout storage (part of the state). */
  readonly buffer: RolloutBuffer;
  #parts: OnPolicyParts;
  #collector: RolloutCollector;
  #lrSchedule: Schedule;
  #act: ActScratch;
  #adv: Float64Array;
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
    const c = resolveAgentConfig(WHO, A2C_CONFIG, options);
    this.config = Object.freeze(c);
    this.envId = c.env;

    // --- plumbing: one run seed, named streams, envs seeded seed + i ---
    const root = new Random(c.seed);
    this.venv = new SyncVectorEnv(() => make(c.env), c.numEnvs, {
      seed: c.seed,
      normalizeObservations: c.normalizeObservation ? OBS_NORMALIZATION : false,
    });
    this.venv.reset();
    this.policy = new ActorCritic({
      obsDim: this.venv.obsDim,
      actionSpace: this.venv.singleActionSpace,
      hiddenSizes: c.hiddenSizes,
      activation: c.activation,
      critic: true,
      rng: root.child("init"),
      logStdInit: c.logStdInit,
    });
    this.optimizer = new RMSprop(
      this.policy.parameters(),
      rmspropOptionsFromConfig(c, c.learningRate),
    );
    this.buffer = new RolloutBuffer({
      numSteps: c.numSteps,
      numEnvs: c.numEnvs,
      obsDim: this.venv.obsDim,
      actDim: this.policy.actDim,
    });
    const rewardNormalizer = c.normalizeReward
      ? new RewardNormalizer(c.numEnvs, { gamma: c.gamma })
      : null;
    this.#parts = {
      algorithm: "a2c",
      venv: this.venv,
      policy: this.policy,
      optimizer: this.optimizer,
      buffer: this.buffer,
      rewardNormalizer,
      rngs: { agent: root.child("agent"), act: root.child("act") },
      globalStep: 0,
      numUpdates: 0,
    };
    this.#collector = new RolloutCollector({
      venv: this.venv,
      policy: this.policy,
      buffer: this.buffer,
      rng: this.#parts.rngs.agent,
      rewardNormalizer,
    });
    const batchSize = c.numEnvs * c.numSteps;
    this.#lrSchedule = linearSchedule(
      c.learningRate,
      0,
      Math.max(1, Math.floor(c.totalTimesteps / batchSize)),
    );
    this.#act = makeActScratch(this.policy);
    this.#adv = new Float64Array(batchSize);
    this.#logProb = new Float64Array(batchSize);
    this.#entropy = new Float64Array(batchSize);
    this.#pgWeights = new Float64Array(batchSize);
    this.#vGrad = new Float32Array(batchSize);
  }

  /** Environment steps taken so far (all sub-envs). */
  get globalStep(): number {
    return this.#parts.globalStep;
  }

  /** Updates made so far. */
  get numUpdates(): number {
    return this.#parts.numUpdates;
  }

  /**
   * The action for one raw observation, normalised with the training statistics (not updated).
   * Sampling uses the agent's own `act` stream, so calling it never changes training.
   *
   * @returns An integer for a discrete space; a new `Float32Array` clipped to the box otherwise.
   * @throws {TypeError} if the observation has the wrong length.
   * @example
   * ```ts
   * import { A2C } from "@seeded/rl";
   * const agent = new A2C({ env: "CartPole-v1" });
   * const a = agent.act(new Float32Array(4), { deterministic: true }); // 0 or 1
   * ```
   */
  act(observation: Float32Array, options: ActOptions = {}): number | Float32Array {
    return actOne(WHO, this.#parts, this.#act, observation, options.deterministic === true);
  }

  /**
   * Trains for exactly `steps` environment steps, updating whenever a rollout fills.
   *
   * @param steps A non-negative multiple of `numEnvs` (every sub-env step counts).
   * @returns The episodes that finished and the updates made during this call.
   * @throws {RangeError} if `steps` is not a non-negative integer multiple of `numEnvs`.
   * @example
   * ```ts
   * import { A2C } from "@seeded/rl";
   * const report = new A2C({ numEnvs: 8, numSteps: 5 }).learn(80); // 2 updates
   * ```
   */
  learn(steps: number): LearnReport {
    return learnRollouts(WHO, this.#parts, this.#collector, steps, () => this.#update());
  }

  /** One A2C gradient step on the full rollout. */
  #update(): UpdateRecord {
    const c = this.config, buf = this.buffer, policy = this.policy, parts = this.#parts;
    const batchSize = buf.size;

    // Advantages: GAE(λ) with V(s_T) bootstrapping of unfinished episodes.
    this.#collector.bootstrap();
    computeGae(
      { ...buf.gaeInput(), gamma: c.gamma, gaeLambda: c.gaeLambda },
      buf.advantages,
      buf.returns,
    );
    const advantages = this.#adv;
    for (let i = 0; i < batchSize; i++) advantages[i] = buf.advantages[i];
    if (c.normAdv) normalizeAdvantages(advantages, batchSize);

    const lr = c.annealLr ? this.#lrSchedule(parts.numUpdates) : c.learningRate;
    this.optimizer.lr = lr;

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
    assertFinite(parts.globalStep, "losses/value_loss", valueLoss, lr);
    assertFinite(parts.globalStep, "the policy's parameters", policy.parameters(), lr);
    parts.numUpdates++;
    return {
      step: parts.globalStep,
      values: {
        "losses/value_loss": valueLoss,
        "losses/policy_loss": policyLoss,
        "losses/entropy": entropyMean,
        "losses/explained_variance": explainedVariance(buf.values, buf.returns, batchSize),
        "charts/learning_rate": lr,
      },
    };
  }

  /**
   * The agent as checkpoint bytes, the CLI's `.ckpt` format ({@linkcode saveAgent});
   * `loadAgent(bytes)` gives back a `A2C` that trains on bit for bit as this one would.
   *
   * @example
   * ```ts
   * import { loadAgent, A2C } from "@seeded/rl";
   * const copy = loadAgent(new A2C({ env: "CartPole-v1" }).save());
   * ```
   */
  save(): Uint8Array {
    return saveAgent(this);
  }

  /**
   * The complete training state: parameters, optimizer, generators, partial rollout, env
   * snapshot, normaliser statistics and counters (a JSON-able tree with typed-array leaves).
   *
   * @example
   * ```ts
   * import { A2C } from "@seeded/rl";
   * const a = new A2C();
   * a.learn(64);
   * const b = new A2C();
   * b.loadState(a.state());
   * ```
   */
  state(): AgentState {
    return saveAgentState(this.#parts);
  }

  /**
   * Restores a state from {@linkcode A2C.state} of an agent built with the same config.
   *
   * @throws {TypeError} if the state is not an A2C state of this shape.
   * @example
   * ```ts
   * import { A2C } from "@seeded/rl";
   * const agent = new A2C();
   * agent.loadState(new A2C().state());
   * ```
   */
  loadState(state: AgentState): void {
    loadAgentState(WHO, this.#parts, state);
  }
}
