/**
 * REINFORCE (Williams 1992): Monte-Carlo policy gradient on batches of complete episodes, with an
 * optional learned value baseline (`G_t − V(s_t)`) and normalisation of the returns/advantages
 * over the batch, as in PyTorch's `reinforcement_learning/reinforce.py` and Spinning Up's VPG —
 * trained with the shared {@linkcode RMSprop}.
 *
 * @example
 * ```ts
 * import { Reinforce } from "@seeded/rl";
 * const agent = new Reinforce({ env: "CartPole-v1", seed: 1 });
 * const { episodes, updates } = agent.learn(1000);
 * ```
 *
 * @module
 */
import { assertFinite } from "./common/finite.ts";
import type {
  ActOptions,
  Agent,
  AgentState,
  EpisodeRecord,
  LearnReport,
  UpdateRecord,
} from "./common/agent.ts";
import {
  ACTIVATION_FIELD,
  type AgentConfigSpec,
  ENV_FIELD,
  GAMMA_FIELD,
  LOG_STD_INIT_FIELD,
  MAX_GRAD_NORM_FIELD,
  NORMALIZE_OBSERVATION_FIELD,
  resolveAgentConfig,
  SEED_FIELD,
  TOTAL_TIMESTEPS_FIELD,
} from "./common/config.ts";
import type { AgentDefinition } from "./common/agent_definition.ts";
import { type ConfigOf, defaultsOf } from "../core/config.ts";
import { EpisodeBuffer } from "../core/buffers/episode_buffer.ts";
import { clipGradNorm } from "../core/optim/clip.ts";
import { RMSprop } from "../core/optim/rmsprop.ts";
import { type RmspropConfig, rmspropOptionsFromConfig } from "../core/optim/rmsprop_config.ts";
import { linearSchedule, type Schedule } from "../core/optim/schedule.ts";
import { ActorCritic } from "./common/policy.ts";
import { Random } from "../core/random.ts";
import { saveAgent } from "../core/save_agent.ts";
import { SyncVectorEnv } from "../env/vector_env.ts";
import { make } from "../envs/registry.ts";
import {
  actOne,
  type ActScratch,
  explainedVariance,
  loadAgentState,
  makeActScratch,
  normalizeAdvantages,
  OBS_NORMALIZATION,
  type OnPolicyParts,
  saveAgentState,
  stepCount,
} from "./common/on_policy.ts";

/**
 * The configuration of {@linkcode Reinforce}, declared once: each field's type, default, range
 * and doc line (its TypeScript type is {@linkcode ReinforceConfig}; the CLI flags, `--help` and
 * the docs come from here too).
 */
export const REINFORCE_CONFIG = {
  fields: {
    env: ENV_FIELD,
    seed: SEED_FIELD,
    totalTimesteps: TOTAL_TIMESTEPS_FIELD,
    learningRate: {
      type: "number",
      default: 1e-3,
      min: 0,
      minExclusive: true,
      doc: "The learning rate.",
    },
    numEnvs: {
      type: "number",
      default: 1,
      min: 1,
      integer: true,
      doc: "Number of parallel sub-envs; their complete episodes fill the batches.",
    },
    episodesPerBatch: {
      type: "number",
      default: 4,
      min: 1,
      integer: true,
      doc: "Complete episodes per update: an update happens at the first vector step where at " +
        "least this many episodes have finished since the last one.",
    },
    annealLr: {
      type: "boolean",
      default: false,
      doc: "Anneal the learning rate linearly to 0 at `totalTimesteps`.",
    },
    gamma: GAMMA_FIELD,
    baseline: {
      type: "boolean",
      default: true,
      doc: "Learn a value function V(s) and weight log π by `G_t − V(s_t)`; truncated episodes " +
        "then bootstrap their returns from V(final observation) (without it they end with G = r).",
    },
    normAdv: {
      type: "boolean",
      default: true,
      doc:
        "Normalise the weights of log π (returns or advantages) over the batch to mean 0, std 1.",
    },
    entCoef: { type: "number", default: 0, min: 0, doc: "Entropy bonus coefficient." },
    vfCoef: { type: "number", default: 0.5, min: 0, doc: "Value loss coefficient (MSE, as A2C)." },
    maxGradNorm: MAX_GRAD_NORM_FIELD,
    hiddenSizes: {
      type: "sizes",
      default: [64, 64],
      doc: "Hidden layer widths of the policy (and of the value network).",
    },
    activation: ACTIVATION_FIELD,
    normalizeObservation: NORMALIZE_OBSERVATION_FIELD,
    logStdInit: LOG_STD_INIT_FIELD,
  },
  // PyTorch's RMSprop (alpha 0.99, eps outside the square root) with eps 1e-5, as the other
  // policy-gradient agents.
  rmsprop: { rmspropPreset: "pytorch", rmspropEps: 1e-5 },
} as const satisfies AgentConfigSpec;

/** The configuration of {@linkcode Reinforce} (see {@linkcode REINFORCE_CONFIG}). */
export interface ReinforceConfig extends ConfigOf<typeof REINFORCE_CONFIG.fields>, RmspropConfig {}

/** Options of the {@linkcode Reinforce} constructor: any subset of {@linkcode ReinforceConfig}. */
export type ReinforceOptions = Partial<ReinforceConfig>;

/** The defaults of {@linkcode Reinforce} (the `rmsprop*` fields are resolved from the preset). */
export const REINFORCE_DEFAULTS: Readonly<ConfigOf<typeof REINFORCE_CONFIG.fields>> = Object
  .freeze(defaultsOf(REINFORCE_CONFIG.fields));

/** The registry entry of {@linkcode Reinforce}. */
export const REINFORCE_DEFINITION: AgentDefinition = {
  name: "reinforce",
  description: "REINFORCE: Monte-Carlo policy gradient on complete episodes, optional learned " +
    "value baseline, normalised returns.",
  actionSpaces: ["discrete", "box"],
  config: REINFORCE_CONFIG,
  create: (options) => new Reinforce(options as ReinforceOptions),
};

const WHO = "Reinforce";

/**
 * A REINFORCE agent that owns its training envs (a {@linkcode SyncVectorEnv} of `numEnvs` copies
 * of `env`); categorical policy for discrete actions, diagonal Gaussian for a `Box`.
 *
 * Each sub-env's episode is recorded until it ends; its returns are then computed (bootstrapped
 * from V(final observation) if it was truncated and `baseline` is on) and it joins the batch. When
 * the batch holds `episodesPerBatch` episodes, one gradient step is taken on
 * `−mean(Â·log π) − entCoef·mean(H) + vfCoef·mean((V − G)²)`. With several sub-envs, episodes
 * still running at an update finish under the new policy (a common approximation).
 *
 * `learn(steps)` takes exactly `steps` env steps (a multiple of `numEnvs`), so `learn(a); learn(b)`
 * equals `learn(a + b)` bit for bit; `state()` / `loadState()` resume exactly (open episodes
 * included).
 *
 * @example
 * ```ts
 * import { Reinforce } from "@seeded/rl";
 * const agent = new Reinforce({ episodesPerBatch: 2 });
 * const report = agent.learn(500);
 * ```
 */
export class Reinforce implements Agent {
  /** `"reinforce"`. */
  readonly algorithm: string = "reinforce";
  /** The fully resolved configuration. */
  readonly config: Readonly<ReinforceConfig>;
  /** The training env id. */
  readonly envId: string;
  /** The training envs. */
  readonly venv: SyncVectorEnv;
  /** Policy (and value network if `baseline`). */
  readonly policy: ActorCritic;
  /** The optimizer. */
  readonly optimizer: RMSprop;
  /** Open episodes and the batch (part of the state). */
  readonly buffer: EpisodeBuffer;
  #parts: OnPolicyParts;
  #lrSchedule: Schedule;
  #act: ActScratch;
  #obs: Float32Array;
  #actions: Float32Array;
  #logProbs: Float32Array;
  #envActions: Float32Array;
  #adv = new Float64Array(0);
  #logProb = new Float64Array(0);
  #entropy = new Float64Array(0);
  #vGrad = new Float32Array(0);
  #values = new Float32Array(0);

  /**
   * Creates the envs, networks and optimizer; resets the envs.
   *
   * @throws {TypeError} for an unknown config key (with a suggestion) or a value of the wrong type.
   * @throws {RangeError} for a value out of range (naming the field, the value and what is allowed),
   * or an unknown env id.
   */
  constructor(options: ReinforceOptions = {}) {
    const c = resolveAgentConfig(WHO, REINFORCE_CONFIG, options);
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
      critic: c.baseline,
      rng: root.child("init"),
      logStdInit: c.logStdInit,
    });
    this.optimizer = new RMSprop(
      this.policy.parameters(),
      rmspropOptionsFromConfig(c, c.learningRate),
    );
    this.buffer = new EpisodeBuffer({
      numEnvs: c.numEnvs,
      obsDim: this.venv.obsDim,
      actDim: this.policy.actDim,
    });
    this.#parts = {
      algorithm: "reinforce",
      venv: this.venv,
      policy: this.policy,
      optimizer: this.optimizer,
      buffer: this.buffer,
      rewardNormalizer: null,
      rngs: { agent: root.child("agent"), act: root.child("act") },
      globalStep: 0,
      numUpdates: 0,
    };
    // lr(step) = learningRate · (1 − globalStep / totalTimesteps), clamped at 0.
    this.#lrSchedule = linearSchedule(c.learningRate, 0, c.totalTimesteps);
    this.#act = makeActScratch(this.policy);
    const n = c.numEnvs;
    this.#obs = new Float32Array(n * this.venv.obsDim);
    this.#actions = new Float32Array(n * this.policy.actDim);
    this.#logProbs = new Float32Array(n);
    this.#envActions = new Float32Array(n * this.policy.actDim);
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
   * import { Reinforce } from "@seeded/rl";
   * const agent = new Reinforce({ env: "CartPole-v1" });
   * const a = agent.act(new Float32Array(4), { deterministic: true }); // 0 or 1
   * ```
   */
  act(observation: Float32Array, options: ActOptions = {}): number | Float32Array {
    return actOne(WHO, this.#parts, this.#act, observation, options.deterministic === true);
  }

  /**
   * Trains for exactly `steps` environment steps, updating whenever the batch holds
   * `episodesPerBatch` complete episodes.
   *
   * @param steps A non-negative multiple of `numEnvs` (every sub-env step counts).
   * @returns The episodes that finished and the updates made during this call.
   * @throws {RangeError} if `steps` is not a non-negative integer multiple of `numEnvs`.
   * @example
   * ```ts
   * import { Reinforce } from "@seeded/rl";
   * const report = new Reinforce().learn(300);
   * ```
   */
  learn(steps: number): LearnReport {
    const c = this.config, n = c.numEnvs;
    const vectorSteps = stepCount(WHO, steps, n);
    const episodes: EpisodeRecord[] = [];
    const updates: UpdateRecord[] = [];
    const parts = this.#parts, venv = this.venv, policy = this.policy, buf = this.buffer;
    for (let k = 0; k < vectorSteps; k++) {
      // a ~ π(·|s) for every sub-env; keep s, since the step overwrites the observations.
      this.#obs.set(venv.observations);
      policy.sample(this.#obs, n, parts.rngs.agent, this.#actions, this.#logProbs);
      policy.toEnvActions(this.#actions, n, this.#envActions);
      venv.step(this.#envActions);
      parts.globalStep += n;
      for (let i = 0; i < n; i++) {
        buf.add(i, this.#obs, i, this.#actions, i, venv.rewards[i]);
        if (venv.hasFinalObservation[i] === 0) continue;
        // Truncation is not termination: bootstrap a time-limited episode from V(s_final).
        const bootstrap = venv.terminated[i] === 0 && policy.critic !== null
          ? policy.valueOfRow(venv.finalObservation, i)
          : 0;
        buf.finish(i, bootstrap, c.gamma);
        episodes.push({
          step: parts.globalStep,
          return: venv.episodeReturn[i],
          length: venv.episodeLength[i],
        });
      }
      if (buf.batchEpisodes >= c.episodesPerBatch) {
        updates.push(this.#update());
        buf.clearBatch();
      }
    }
    return { episodes, updates, globalStep: parts.globalStep };
  }

  /** One policy-gradient step on the batch of complete episodes. */
  #update(): UpdateRecord {
    const c = this.config, buf = this.buffer, policy = this.policy, parts = this.#parts;
    const m = buf.batchSteps;
    if (this.#adv.length < m) this.#grow(m);
    const obs = buf.batchObservations, actions = buf.batchActions, returns = buf.batchReturns;
    const adv = this.#adv, values = this.#values;

    const lr = c.annealLr ? this.#lrSchedule(parts.globalStep) : c.learningRate;
    this.optimizer.lr = lr;
    policy.zeroGrad();

    // Advantages Â_t = G_t − V(s_t) (or G_t without a baseline), optionally normalised.
    let valueLoss = NaN;
    if (policy.critic !== null) {
      const v = policy.forwardValue(obs, m);
      valueLoss = 0;
      for (let t = 0; t < m; t++) {
        values[t] = v[t];
        adv[t] = returns[t] - v[t];
        valueLoss += adv[t] * adv[t];
        this.#vGrad[t] = c.vfCoef * 2 * (v[t] - returns[t]) / m;
      }
      valueLoss /= m;
      policy.backwardValue(this.#vGrad);
    } else {
      for (let t = 0; t < m; t++) adv[t] = returns[t];
    }
    if (c.normAdv) normalizeAdvantages(adv, m);

    // Policy gradient: −mean(Â · log π(a|s)) − entCoef · mean(H).
    const logProb = this.#logProb, entropy = this.#entropy;
    policy.evaluateActions(obs, m, actions, logProb, entropy);
    let policyLoss = 0, entropyMean = 0;
    for (let t = 0; t < m; t++) {
      policyLoss -= adv[t] * logProb[t];
      entropyMean += entropy[t];
      adv[t] = -adv[t] / m; // reused as the weights of log π
    }
    policy.backwardPolicy(actions, m, adv, -c.entCoef / m);

    clipGradNorm(policy.parameters(), c.maxGradNorm);
    this.optimizer.step();
    assertFinite(parts.globalStep, "losses/policy_loss", policyLoss, lr);
    assertFinite(parts.globalStep, "the policy's parameters", policy.parameters(), lr);
    parts.numUpdates++;
    const record: Record<string, number> = {
      "losses/policy_loss": policyLoss / m,
      "losses/entropy": entropyMean / m,
      "charts/learning_rate": lr,
      "charts/batch_steps": m,
    };
    if (policy.critic !== null) {
      record["losses/value_loss"] = valueLoss;
      record["losses/explained_variance"] = explainedVariance(values, returns, m);
    }
    return { step: parts.globalStep, values: record };
  }

  /**
   * The agent as checkpoint bytes, the CLI's `.ckpt` format ({@linkcode saveAgent});
   * `loadAgent(bytes)` gives back a `Reinforce` that trains on bit for bit as this one would.
   *
   * @example
   * ```ts
   * import { loadAgent, Reinforce } from "@seeded/rl";
   * const copy = loadAgent(new Reinforce({ env: "CartPole-v1" }).save());
   * ```
   */
  save(): Uint8Array {
    return saveAgent(this);
  }

  /**
   * The complete training state: parameters, optimizer, generators, open episodes and batch, env
   * snapshot, normaliser statistics and counters (a JSON-able tree with typed-array leaves).
   *
   * @example
   * ```ts
   * import { Reinforce } from "@seeded/rl";
   * const a = new Reinforce();
   * a.learn(100);
   * new Reinforce().loadState(a.state());
   * ```
   */
  state(): AgentState {
    return saveAgentState(this.#parts);
  }

  /**
   * Restores a state from {@linkcode Reinforce.state} of an agent built with the same config.
   *
   * @throws {TypeError} if the state is not a REINFORCE state of this shape.
   * @example
   * ```ts
   * import { Reinforce } from "@seeded/rl";
   * const agent = new Reinforce();
   * agent.loadState(new Reinforce().state());
   * ```
   */
  loadState(state: AgentState): void {
    loadAgentState(WHO, this.#parts, state);
  }

  #grow(m: number): void {
    const size = Math.max(m, 2 * this.#adv.length);
    this.#adv = new Float64Array(size);
    this.#logProb = new Float64Array(size);
    this.#entropy = new Float64Array(size);
    this.#vGrad = new Float32Array(size);
    this.#values = new Float32Array(size);
  }
}
