/**
 * Proximal Policy Optimization (Schulman et al. 2017, arXiv:1707.06347) as in CleanRL's `ppo.py`
 * and `ppo_continuous_action.py`: clipped surrogate objective, GAE(λ), minibatch epochs,
 * per-minibatch advantage normalisation, optional value clipping, optional target-KL early stop,
 * linear lr annealing — trained with the shared {@linkcode RMSprop} instead of Adam.
 *
 * @example
 * ```ts
 * import { evaluate, PPO } from "@seeded/rl";
 * const agent = new PPO({ env: "CartPole-v1", seed: 1, numSteps: 32 });
 * const report = agent.learn(256);
 * const action = agent.act(new Float32Array([0, 0, 0.01, 0]), { deterministic: true });
 * ```
 *
 * @module
 */
import { assertFinite } from "./common/finite.ts";
import type { ActOptions, Agent, AgentState, LearnReport, UpdateRecord } from "./common/agent.ts";
import { makeEnvSource } from "../envs/registry.ts";
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
import { explainedVariance, normalizeAdvantages, OnPolicyKit } from "./common/on_policy.ts";
import type { ActorCritic } from "./common/policy.ts";
import type { RolloutCollector } from "./common/rollout_collector.ts";
import { type ConfigOf, defaultsOf } from "../core/config.ts";
import type { RolloutBuffer } from "../core/buffers/rollout.ts";
import { clipGradNorm } from "../core/optim/clip.ts";
import type { RMSprop } from "../core/optim/rmsprop.ts";
import type { RmspropConfig } from "../core/optim/rmsprop_config.ts";
import { saveAgent } from "../core/save_agent.ts";
import type { SyncVectorEnv } from "../env/vector_env.ts";
import { exp } from "../core/math/exp.ts";

/**
 * The configuration of {@linkcode PPO}, declared once: CleanRL's `ppo.py` arguments in camelCase
 * with its defaults, plus the optimizer and normalisation options (its TypeScript type is
 * {@linkcode PPOConfig}; the CLI flags, `--help` and the docs come from here too).
 */
export const PPO_CONFIG = {
  fields: {
    env: ENV_FIELD,
    seed: SEED_FIELD,
    totalTimesteps: TOTAL_TIMESTEPS_FIELD,
    learningRate: {
      type: "number",
      default: 2.5e-4,
      min: 0,
      minExclusive: true,
      doc: "The learning rate (annealed linearly to 0 over `totalTimesteps` if `annealLr`).",
    },
    numEnvs: {
      type: "number",
      default: 4,
      min: 1,
      integer: true,
      doc: "Number of parallel sub-envs.",
    },
    numSteps: {
      type: "number",
      default: 128,
      min: 1,
      integer: true,
      doc: "Steps per sub-env per rollout; the batch is `numEnvs × numSteps`.",
    },
    annealLr: {
      type: "boolean",
      default: true,
      doc: "Anneal the learning rate linearly to 0 at `totalTimesteps` (CleanRL `anneal_lr`).",
    },
    gamma: GAMMA_FIELD,
    gaeLambda: { type: "number", default: 0.95, min: 0, max: 1, doc: "GAE λ." },
    numMinibatches: {
      type: "number",
      default: 4,
      min: 1,
      integer: true,
      doc: "Minibatches per epoch; must divide `numEnvs × numSteps`.",
    },
    updateEpochs: {
      type: "number",
      default: 4,
      min: 1,
      integer: true,
      doc: "Passes over the batch per update (K epochs).",
    },
    normAdv: {
      type: "boolean",
      default: true,
      doc: "Normalise advantages per minibatch (mean 0, unbiased std 1).",
    },
    clipCoef: {
      type: "number",
      default: 0.2,
      min: 0,
      minExclusive: true,
      doc: "The surrogate clipping ε (also the value clipping range).",
    },
    clipVloss: {
      type: "boolean",
      default: true,
      doc: "Clip the value loss around the old values (CleanRL `clip_vloss`).",
    },
    entCoef: { type: "number", default: 0.01, min: 0, doc: "Entropy bonus coefficient." },
    vfCoef: { type: "number", default: 0.5, min: 0, doc: "Value loss coefficient." },
    maxGradNorm: MAX_GRAD_NORM_FIELD,
    targetKl: {
      type: "number",
      default: null,
      nullable: true,
      min: 0,
      minExclusive: true,
      doc: "Stop the epochs of an update once the minibatch approx-KL exceeds this; `null` " +
        "never stops.",
    },
    hiddenSizes: {
      type: "sizes",
      default: [64, 64],
      doc: "Hidden layer widths of the actor and of the critic (separate networks).",
    },
    activation: ACTIVATION_FIELD,
    normalizeObservation: NORMALIZE_OBSERVATION_FIELD,
    normalizeReward: NORMALIZE_REWARD_FIELD,
    logStdInit: LOG_STD_INIT_FIELD,
  },
  // PyTorch's RMSprop (alpha 0.99, eps outside the square root) with eps 1e-5, SB3's A2C
  // optimizer, in place of CleanRL's Adam(eps 1e-5): RMSprop is Adam without momentum and bias
  // correction.
  rmsprop: { rmspropPreset: "pytorch", rmspropEps: 1e-5 },
} as const satisfies AgentConfigSpec;

/** The configuration of {@linkcode PPO} (see {@linkcode PPO_CONFIG}). */
export interface PPOConfig extends ConfigOf<typeof PPO_CONFIG.fields>, RmspropConfig {}

/** Options of the {@linkcode PPO} constructor: any subset of {@linkcode PPOConfig}. */
export type PPOOptions = Partial<PPOConfig>;

/** CleanRL's `ppo.py` defaults (the `rmsprop*` fields are resolved from the preset). */
export const PPO_DEFAULTS: Readonly<ConfigOf<typeof PPO_CONFIG.fields>> = Object.freeze(
  defaultsOf(PPO_CONFIG.fields),
);

/** The registry entry of {@linkcode PPO}. */
export const PPO_DEFINITION: AgentDefinition = {
  name: "ppo",
  description: "PPO as CleanRL's ppo.py: clipped surrogate, GAE(λ), minibatch epochs, value " +
    "clipping, target-KL stop, lr annealing.",
  actionSpaces: ["discrete", "box"],
  config: PPO_CONFIG,
  create: (options) => new PPO(options as PPOOptions),
};

const WHO = "PPO";

/**
 * A PPO agent that owns its training envs (a {@linkcode SyncVectorEnv} of `numEnvs` copies of
 * `env`). Discrete action spaces get a categorical policy, `Box` spaces a diagonal Gaussian with a
 * learned state-independent log-std (samples stored unclipped, clipped to the box for the env).
 *
 * `learn(steps)` takes exactly `steps` env steps (a multiple of `numEnvs`, counting every sub-env
 * step) and updates whenever the rollout of `numSteps` vector steps fills, so `learn(a); learn(b)`
 * equals `learn(a + b)` bit for bit; `state()` / `loadState()` resume exactly.
 *
 * @example
 * ```ts
 * import { PPO } from "@seeded/rl";
 * const agent = new PPO({ env: "CartPole-v1", seed: 3, numEnvs: 2, numSteps: 16 });
 * const { episodes, updates } = agent.learn(64); // 2 updates
 * console.log(updates[0].values["losses/approx_kl"]);
 * const action = agent.act(new Float32Array(4), { deterministic: true }); // 0 or 1
 * new PPO(agent.config).loadState(agent.state()); // resumes exactly
 * ```
 */
export class PPO implements Agent {
  /** `"ppo"`. */
  readonly algorithm: string = "ppo";
  /** The fully resolved configuration. */
  readonly config: Readonly<PPOConfig>;
  /** The training env id. */
  readonly envId: string;
  /** The training envs. */
  readonly envs: SyncVectorEnv;
  /** Actor and critic. */
  readonly policy: ActorCritic;
  /** The optimizer over actor, critic and log-std. */
  readonly optimizer: RMSprop;
  /** The rollout storage (part of the state: a partial rollout survives a checkpoint). */
  readonly buffer: RolloutBuffer;
  #kit: OnPolicyKit;
  #collector: RolloutCollector;
  #mb: Minibatch;
  #stats: SurrogateStats = { loss: 0, approxKl: 0, oldApproxKl: 0, clipfrac: 0 };

  /**
   * Creates the envs, networks and optimizer; resets the envs.
   *
   * @throws {TypeError} for an unknown config key (with a suggestion) or a value of the wrong type.
   * @throws {RangeError} for a value out of range (naming the field, the value and what is allowed),
   * or an unknown env id.
   */
  constructor(options: PPOOptions = {}) {
    const c = resolveAgentConfig(WHO, PPO_CONFIG, options);
    const batchSize = c.numEnvs * c.numSteps;
    if (batchSize % c.numMinibatches !== 0) {
      throw new RangeError(
        `Cannot create ${WHO}: numMinibatches must divide the batch size numEnvs × numSteps = ${batchSize}, got ${c.numMinibatches}`,
      );
    }
    this.config = Object.freeze(c);
    const env = makeEnvSource(c.env, WHO);
    this.envId = env.id;

    // One run seed: envs seeded seed + i, weights from the `init` stream, then named streams.
    const numIterations = Math.max(1, Math.floor(c.totalTimesteps / (c.numEnvs * c.numSteps)));
    this.#kit = new OnPolicyKit(this.config, {
      algorithm: "ppo",
      createEnv: env.create,
      who: WHO,
      critic: true,
      streams: ["agent", "minibatch", "act"],
      annealSteps: numIterations, // the lr reaches 0 after the last of CleanRL's iterations
    });
    this.envs = this.#kit.envs;
    this.policy = this.#kit.policy;
    this.optimizer = this.#kit.optimizer;
    this.#collector = this.#kit.rolloutCollector(c.numSteps);
    this.buffer = this.#collector.buffer;
    this.#mb = minibatch(this.buffer.size, c.numMinibatches, this.envs.obsDim, this.policy.actDim);
  }

  /** Env steps taken so far (all sub-envs). */
  get globalStep(): number {
    return this.#kit.globalStep;
  }

  /** PPO updates made so far. */
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
   * {@linkcode Agent.learn}: exactly `steps` env steps, one PPO update (`updateEpochs` epochs of
   * minibatches) whenever a rollout of `numSteps` vector steps fills.
   */
  learn(steps: number): LearnReport {
    return this.#kit.learnRollouts(steps, this.#collector, () => this.#update());
  }

  /** One PPO update on the full rollout: GAE, then `updateEpochs` passes of shuffled minibatches. */
  #update(): UpdateRecord {
    const c = this.config, buf = this.buffer, policy = this.policy, kit = this.#kit;
    const obsDim = buf.obsDim, actDim = buf.actDim;

    // Advantages: GAE(λ) with V(s_T) bootstrapping of unfinished episodes.
    this.#collector.computeAdvantages(c.gamma, c.gaeLambda);
    const lr = kit.setLearningRate(kit.numUpdates);

    const batchSize = buf.size;
    const { inds, obs: mbObs, actions: mbActions, advantages: mbAdv, size: mb } = this.#mb;
    const { logProbs: mbLogProb, returns: mbReturns, values: mbValues } = this.#mb;
    const { newLogProbs: newLogProb, entropy, pgWeights, vGrad } = this.#mb;
    for (let i = 0; i < batchSize; i++) inds[i] = i;
    const stats = this.#stats;

    let sumPg = 0, sumV = 0, sumEnt = 0, sumKl = 0, sumOldKl = 0, sumClipfrac = 0;
    let count = 0, approxKl = 0;
    for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
      kit.rngs.minibatch.shuffle(inds);
      for (let start = 0; start < batchSize; start += mb) {
        // Gather the minibatch.
        for (let k = 0; k < mb; k++) {
          const i = inds[start + k];
          for (let j = 0; j < obsDim; j++) mbObs[k * obsDim + j] = buf.observations[i * obsDim + j];
          for (let j = 0; j < actDim; j++) mbActions[k * actDim + j] = buf.actions[i * actDim + j];
          mbAdv[k] = buf.advantages[i];
          mbLogProb[k] = buf.logProbs[i];
          mbReturns[k] = buf.returns[i];
          mbValues[k] = buf.values[i];
        }
        if (c.normAdv) normalizeAdvantages(mbAdv, mb);

        // loss = L^CLIP − entCoef·mean(H) + vfCoef·L^V, one backward pass per network.
        policy.evaluateActions(mbObs, mb, mbActions, newLogProb, entropy);
        clippedSurrogate(newLogProb, mbLogProb, mbAdv, mb, c.clipCoef, pgWeights, stats);
        let entropyMean = 0;
        for (let k = 0; k < mb; k++) entropyMean += entropy[k];
        entropyMean /= mb;
        policy.zeroGrad();
        policy.backwardPolicy(mbActions, mb, pgWeights, -c.entCoef / mb);
        const newValue = policy.forwardValue(mbObs, mb);
        const vClip = c.clipVloss ? c.clipCoef : Infinity;
        const vLoss = clippedValueLoss(newValue, mbValues, mbReturns, mb, vClip, c.vfCoef, vGrad);
        policy.backwardValue(vGrad);

        clipGradNorm(policy.parameters(), c.maxGradNorm);
        this.optimizer.step();

        approxKl = stats.approxKl;
        sumPg += stats.loss;
        sumV += vLoss;
        sumEnt += entropyMean;
        sumKl += stats.approxKl;
        sumOldKl += stats.oldApproxKl;
        sumClipfrac += stats.clipfrac;
        count++;
      }
      if (c.targetKl !== null && approxKl > c.targetKl) break;
    }
    assertFinite(kit.globalStep, "losses/value_loss", sumV / count, lr);
    assertFinite(kit.globalStep, "the policy's parameters", policy.parameters(), lr);
    return kit.record({
      "losses/value_loss": sumV / count,
      "losses/policy_loss": sumPg / count,
      "losses/entropy": sumEnt / count,
      "losses/old_approx_kl": sumOldKl / count,
      "losses/approx_kl": sumKl / count,
      "losses/clipfrac": sumClipfrac / count,
      "losses/explained_variance": explainedVariance(buf.values, buf.returns, batchSize),
      "charts/learning_rate": lr,
    });
  }

  /**
   * The agent as checkpoint bytes, the CLI's `.ckpt` format ({@linkcode saveAgent});
   * `loadAgent(bytes)` gives back a `PPO` that trains on bit for bit as this one would.
   *
   * @example
   * ```ts
   * import { loadAgent, PPO } from "@seeded/rl";
   * const copy = loadAgent(new PPO({ env: "CartPole-v1" }).save());
   * ```
   */
  save(): Uint8Array {
    return saveAgent(this);
  }

  /** {@linkcode Agent.state}: parameters, optimizer, streams, partial rollout, envs, counters. */
  state(): AgentState {
    return this.#kit.state(this.buffer);
  }

  /** {@linkcode Agent.loadState}: restores a PPO state; a `TypeError` if it does not fit. */
  loadState(state: AgentState): void {
    this.#kit.loadState(state, this.buffer);
  }
}

/** Minibatch scratch, allocated once: `inds` shuffles the batch, the rest holds `size` rows. */
type Minibatch = ReturnType<typeof minibatch>;

function minibatch(batchSize: number, numMinibatches: number, obsDim: number, actDim: number) {
  const size = batchSize / numMinibatches, f64 = () => new Float64Array(size);
  return {
    size,
    inds: new Int32Array(batchSize),
    obs: new Float32Array(size * obsDim),
    actions: new Float32Array(size * actDim),
    advantages: f64(),
    logProbs: f64(),
    returns: f64(),
    values: f64(),
    newLogProbs: f64(),
    entropy: f64(),
    pgWeights: f64(),
    vGrad: new Float32Array(size),
  };
}

/** What {@linkcode clippedSurrogate} measures on a minibatch. */
export interface SurrogateStats {
  /** L^CLIP = mean(max(−A·ratio, −A·clip(ratio, 1 − ε, 1 + ε))). */
  loss: number;
  /** mean((ratio − 1) − log ratio), the low-variance KL estimator (CleanRL `approx_kl`). */
  approxKl: number;
  /** mean(−log ratio) (CleanRL `old_approx_kl`). */
  oldApproxKl: number;
  /** Fraction of rows with |ratio − 1| > ε. */
  clipfrac: number;
}

/**
 * PPO's clipped surrogate loss on `n` rows (Schulman et al. 2017, eq. 7, as a loss to minimise):
 * `L = mean(max(−A·r, −A·clip(r, 1 − ε, 1 + ε)))` with `r = exp(log π_new − log π_old)`, and its
 * gradient with respect to each `log π_new`: `−A·r / n` where the unclipped term is the max, and
 * 0 where the clipped one is — the ratio has then left [1 − ε, 1 + ε] in the direction the
 * advantage favours, and the clip is flat there.
 *
 * @param grad Overwritten with dL/dlog π_new (`n` values); pass it to the policy's backward.
 * @param stats Overwritten with the loss, the KL estimates and the clip fraction.
 * @example
 * ```ts
 * import { clippedSurrogate, type SurrogateStats } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const grad = new Float64Array(2);
 * const stats: SurrogateStats = { loss: 0, approxKl: 0, oldApproxKl: 0, clipfrac: 0 };
 * // row 0: r = 1.5 > 1.2 with A = 1: clipped, no gradient; row 1: r = 1, A = 1: −A·r/n = −0.5
 * clippedSurrogate([Math.log(1.5), 0], [0, 0], [1, 1], 2, 0.2, grad, stats);
 * assert.deepEqual(Array.from(grad), [0, -0.5]);
 * assert.equal(stats.clipfrac, 0.5);
 * ```
 */
export function clippedSurrogate(
  newLogProb: ArrayLike<number>,
  oldLogProb: ArrayLike<number>,
  advantages: ArrayLike<number>,
  n: number,
  clipCoef: number,
  grad: Float64Array,
  stats: SurrogateStats,
): void {
  let loss = 0, kl = 0, oldKl = 0, clipped = 0;
  for (let k = 0; k < n; k++) {
    const logratio = newLogProb[k] - oldLogProb[k];
    const ratio = exp(logratio);
    oldKl += -logratio;
    kl += ratio - 1 - logratio; // http://joschu.net/blog/kl-approx.html
    if (Math.abs(ratio - 1) > clipCoef) clipped++;
    const a = advantages[k];
    const clippedRatio = ratio < 1 - clipCoef
      ? 1 - clipCoef
      : ratio > 1 + clipCoef
      ? 1 + clipCoef
      : ratio;
    const pg1 = -a * ratio, pg2 = -a * clippedRatio;
    loss += pg1 > pg2 ? pg1 : pg2;
    grad[k] = pg1 >= pg2 ? -a * ratio / n : 0;
  }
  stats.loss = loss / n;
  stats.approxKl = kl / n;
  stats.oldApproxKl = oldKl / n;
  stats.clipfrac = clipped / n;
}

/**
 * PPO's value loss on `n` rows: `½·mean(max((V − R)², (V_old + clip(V − V_old, −ε, ε) − R)²))`
 * (CleanRL `clip_vloss`; pass `clipCoef = Infinity` for the plain `½·mean((V − R)²)`), and
 * `scale` times its gradient with respect to each V.
 *
 * @param grad Overwritten with `scale · dL/dV` (`n` values); pass it to the critic's backward.
 * @returns The loss (unscaled).
 * @example
 * ```ts
 * import { clippedValueLoss } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const grad = new Float32Array(1);
 * // V = 2, V_old = 0, R = 3, ε = 0.5: unclipped (2 − 3)² = 1 < clipped (0.5 − 3)² = 6.25, and
 * // the clipped value does not move with V: loss ½·6.25 = 3.125, gradient 0
 * assert.equal(clippedValueLoss([2], [0], [3], 1, 0.5, 1, grad), 3.125);
 * assert.equal(grad[0], 0);
 * ```
 */
export function clippedValueLoss(
  newValues: ArrayLike<number>,
  oldValues: ArrayLike<number>,
  returns: ArrayLike<number>,
  n: number,
  clipCoef: number,
  scale: number,
  grad: Float32Array,
): number {
  let loss = 0;
  if (clipCoef === Infinity) {
    for (let k = 0; k < n; k++) {
      const d = newValues[k] - returns[k];
      loss += d * d;
      grad[k] = scale * d / n;
    }
    return 0.5 * loss / n;
  }
  for (let k = 0; k < n; k++) {
    const v = newValues[k], ret = returns[k], old = oldValues[k];
    const unclipped = (v - ret) * (v - ret);
    const diff = v - old;
    const vClipped = old + (diff < -clipCoef ? -clipCoef : diff > clipCoef ? clipCoef : diff);
    const clippedLoss = (vClipped - ret) * (vClipped - ret);
    if (unclipped >= clippedLoss) {
      loss += unclipped;
      grad[k] = scale * (v - ret) / n;
    } else {
      loss += clippedLoss;
      grad[k] = Math.abs(diff) <= clipCoef ? scale * (vClipped - ret) / n : 0;
    }
  }
  return 0.5 * loss / n;
}
