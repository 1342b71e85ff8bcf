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
import type { ActOptions, Agent, AgentState, LearnReport, UpdateRecord } from "./common/agent.ts";
import {
  checkBooleanField,
  checkChoiceField,
  checkNumberField,
  checkSizesField,
  resolveAgentRmsprop,
  withDefaults,
} from "./common/config.ts";
import { computeGae } from "../core/buffers/gae.ts";
import { RolloutBuffer } from "../core/buffers/rollout.ts";
import { clipGradNorm } from "../core/optim/clip.ts";
import { RMSprop } from "../core/optim/rmsprop.ts";
import { type RmspropConfig, rmspropOptionsFromConfig } from "../core/optim/rmsprop_config.ts";
import { linearSchedule, type Schedule } from "../core/optim/schedule.ts";
import { ActorCritic } from "./common/policy.ts";
import { Random } from "../core/random.ts";
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
import { exp } from "../core/math/exp.ts";

/**
 * The configuration of {@linkcode PPO}: CleanRL's `ppo.py` arguments in camelCase with its
 * defaults, plus the optimizer and normalisation options.
 */
export interface PPOConfig extends RmspropConfig {
  /** The training environment id (see `make`). @default {"CartPole-v1"} */
  env: string;
  /** The run seed: networks, sampling, shuffles and sub-env i (seeded `seed + i`). @default {1} */
  seed: number;
  /** The training length the lr annealing is planned over (`learn` may run longer or shorter). @default {500000} */
  totalTimesteps: number;
  /** The learning rate (annealed linearly to 0 over `totalTimesteps` if `annealLr`). @default {2.5e-4} */
  learningRate: number;
  /** Number of parallel sub-envs. @default {4} */
  numEnvs: number;
  /** Steps per sub-env per rollout; the batch is `numEnvs × numSteps`. @default {128} */
  numSteps: number;
  /** Anneal the learning rate linearly to 0 at `totalTimesteps` (CleanRL `anneal_lr`). @default {true} */
  annealLr: boolean;
  /** The discount γ. @default {0.99} */
  gamma: number;
  /** GAE λ. @default {0.95} */
  gaeLambda: number;
  /** Minibatches per epoch; must divide `numEnvs × numSteps`. @default {4} */
  numMinibatches: number;
  /** Passes over the batch per update (K epochs). @default {4} */
  updateEpochs: number;
  /** Normalise advantages per minibatch (mean 0, unbiased std 1). @default {true} */
  normAdv: boolean;
  /** The surrogate clipping ε (also the value clipping range). @default {0.2} */
  clipCoef: number;
  /** Clip the value loss around the old values (CleanRL `clip_vloss`). @default {true} */
  clipVloss: boolean;
  /** Entropy bonus coefficient. @default {0.01} */
  entCoef: number;
  /** Value loss coefficient. @default {0.5} */
  vfCoef: number;
  /** Global gradient-norm clipping threshold. @default {0.5} */
  maxGradNorm: number;
  /** Stop the epochs of an update once the minibatch approx-KL exceeds this; `null` never stops. @default {null} */
  targetKl: number | null;
  /** Hidden layer widths of the actor and of the critic (separate networks). @default {[64, 64]} */
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
   * RMSprop preset: PyTorch's RMSprop (alpha 0.99, eps outside the square root) with eps 1e-5,
   * SB3's A2C optimizer, in place of CleanRL's Adam(eps 1e-5): RMSprop is Adam without momentum
   * and bias correction. The other `rmsprop*` fields default to the preset's values.
   * @default {"pytorch"}
   */
  rmspropPreset: RmspropConfig["rmspropPreset"];
  /** RMSprop epsilon (1e-5 when no preset is given, as CleanRL's Adam and SB3's A2C). @default {1e-5} */
  rmspropEps: number;
}

/** Options of the {@linkcode PPO} constructor: any subset of {@linkcode PPOConfig}. */
export type PPOOptions = Partial<PPOConfig>;

/** CleanRL's `ppo.py` defaults (the `rmsprop*` fields are resolved from the preset). */
export const PPO_DEFAULTS: Readonly<Omit<PPOConfig, keyof RmspropConfig>> = Object.freeze({
  env: "CartPole-v1",
  seed: 1,
  totalTimesteps: 500000,
  learningRate: 2.5e-4,
  numEnvs: 4,
  numSteps: 128,
  annealLr: true,
  gamma: 0.99,
  gaeLambda: 0.95,
  numMinibatches: 4,
  updateEpochs: 4,
  normAdv: true,
  clipCoef: 0.2,
  clipVloss: true,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  targetKl: null,
  hiddenSizes: [64, 64],
  activation: "tanh",
  normalizeObservation: false,
  normalizeReward: false,
  logStdInit: 0,
});

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
  readonly venv: SyncVectorEnv;
  /** Actor and critic. */
  readonly policy: ActorCritic;
  /** The optimizer over actor, critic and log-std. */
  readonly optimizer: RMSprop;
  /** The rollout storage (part of the state: a partial rollout survives a checkpoint). */
  readonly buffer: RolloutBuffer;
  #parts: OnPolicyParts;
  #collector: RolloutCollector;
  #lrSchedule: Schedule;
  #act: ActScratch;
  // Minibatch scratch, allocated once.
  #bInds: Int32Array;
  #mbObs: Float32Array;
  #mbActions: Float32Array;
  #mbAdv: Float64Array;
  #mbLogProb: Float64Array;
  #mbReturns: Float64Array;
  #mbValues: Float64Array;
  #stats: SurrogateStats = { loss: 0, approxKl: 0, oldApproxKl: 0, clipfrac: 0 };
  #newLogProb: Float64Array;
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
  constructor(options: PPOOptions = {}) {
    const c = withDefaults(WHO, PPO_DEFAULTS, options) as PPOConfig;
    checkNumberField(WHO, "seed", c.seed, { integer: true });
    checkNumberField(WHO, "totalTimesteps", c.totalTimesteps, { min: 1, integer: true });
    checkNumberField(WHO, "learningRate", c.learningRate, { min: 0, minExclusive: true });
    checkNumberField(WHO, "numEnvs", c.numEnvs, { min: 1, integer: true });
    checkNumberField(WHO, "numSteps", c.numSteps, { min: 1, integer: true });
    checkBooleanField(WHO, "annealLr", c.annealLr);
    checkNumberField(WHO, "gamma", c.gamma, { min: 0, max: 1 });
    checkNumberField(WHO, "gaeLambda", c.gaeLambda, { min: 0, max: 1 });
    checkNumberField(WHO, "numMinibatches", c.numMinibatches, { min: 1, integer: true });
    const batchSize = c.numEnvs * c.numSteps;
    if (batchSize % c.numMinibatches !== 0) {
      throw new RangeError(
        `Cannot create ${WHO}: numMinibatches must divide the batch size numEnvs × numSteps = ${batchSize}, got ${c.numMinibatches}`,
      );
    }
    checkNumberField(WHO, "updateEpochs", c.updateEpochs, { min: 1, integer: true });
    checkBooleanField(WHO, "normAdv", c.normAdv);
    checkNumberField(WHO, "clipCoef", c.clipCoef, { min: 0, minExclusive: true });
    checkBooleanField(WHO, "clipVloss", c.clipVloss);
    checkNumberField(WHO, "entCoef", c.entCoef, { min: 0 });
    checkNumberField(WHO, "vfCoef", c.vfCoef, { min: 0 });
    checkNumberField(WHO, "maxGradNorm", c.maxGradNorm, { min: 0, minExclusive: true });
    if (c.targetKl !== null) {
      checkNumberField(WHO, "targetKl", c.targetKl, { min: 0, minExclusive: true });
    }
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
      rmspropOptionsFromConfig(rms, c.learningRate),
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
      algorithm: "ppo",
      venv: this.venv,
      policy: this.policy,
      optimizer: this.optimizer,
      buffer: this.buffer,
      rewardNormalizer,
      rngs: {
        agent: root.child("agent"),
        minibatch: root.child("minibatch"),
        act: root.child("act"),
      },
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
    const numIterations = Math.max(1, Math.floor(c.totalTimesteps / batchSize));
    this.#lrSchedule = linearSchedule(c.learningRate, 0, numIterations);
    this.#act = makeActScratch(this.policy);

    const mb = batchSize / c.numMinibatches;
    this.#bInds = new Int32Array(batchSize);
    this.#mbObs = new Float32Array(mb * this.venv.obsDim);
    this.#mbActions = new Float32Array(mb * this.policy.actDim);
    this.#mbAdv = new Float64Array(mb);
    this.#mbLogProb = new Float64Array(mb);
    this.#mbReturns = new Float64Array(mb);
    this.#mbValues = new Float64Array(mb);
    this.#newLogProb = new Float64Array(mb);
    this.#entropy = new Float64Array(mb);
    this.#pgWeights = new Float64Array(mb);
    this.#vGrad = new Float32Array(mb);
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
   * import { PPO } from "@seeded/rl";
   * const agent = new PPO({ env: "CartPole-v1" });
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
   * import { PPO } from "@seeded/rl";
   * const agent = new PPO({ numEnvs: 4, numSteps: 8 });
   * const report = agent.learn(64); // 16 vector steps, 2 updates
   * ```
   */
  learn(steps: number): LearnReport {
    return learnRollouts(WHO, this.#parts, this.#collector, steps, () => this.#update());
  }

  /** One PPO update on the full rollout: GAE, then `updateEpochs` passes of shuffled minibatches. */
  #update(): UpdateRecord {
    const c = this.config, buf = this.buffer, policy = this.policy, parts = this.#parts;
    const obsDim = buf.obsDim, actDim = buf.actDim;

    // Advantages: GAE(λ) with V(s_T) bootstrapping of unfinished episodes.
    this.#collector.bootstrap();
    computeGae(
      { ...buf.gaeInput(), gamma: c.gamma, gaeLambda: c.gaeLambda },
      buf.advantages,
      buf.returns,
    );

    const lr = c.annealLr ? this.#lrSchedule(parts.numUpdates) : c.learningRate;
    this.optimizer.lr = lr;

    const batchSize = buf.size;
    const mb = batchSize / c.numMinibatches;
    const bInds = this.#bInds;
    for (let i = 0; i < batchSize; i++) bInds[i] = i;
    const mbObs = this.#mbObs, mbActions = this.#mbActions, mbAdv = this.#mbAdv;
    const newLogProb = this.#newLogProb, entropy = this.#entropy;
    const pgWeights = this.#pgWeights, vGrad = this.#vGrad;
    const mbLogProb = this.#mbLogProb, mbReturns = this.#mbReturns, mbValues = this.#mbValues;
    const stats = this.#stats;

    let sumPg = 0, sumV = 0, sumEnt = 0, sumKl = 0, sumOldKl = 0, sumClipfrac = 0;
    let count = 0, approxKl = 0;
    for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
      parts.rngs.minibatch.shuffle(bInds);
      for (let start = 0; start < batchSize; start += mb) {
        // Gather the minibatch.
        for (let k = 0; k < mb; k++) {
          const i = bInds[start + k];
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
        const vLoss = clippedValueLoss(
          newValue,
          mbValues,
          mbReturns,
          mb,
          c.clipVloss ? c.clipCoef : Infinity,
          c.vfCoef,
          vGrad,
        );
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
    parts.numUpdates++;
    return {
      step: parts.globalStep,
      values: {
        "losses/value_loss": sumV / count,
        "losses/policy_loss": sumPg / count,
        "losses/entropy": sumEnt / count,
        "losses/old_approx_kl": sumOldKl / count,
        "losses/approx_kl": sumKl / count,
        "losses/clipfrac": sumClipfrac / count,
        "losses/explained_variance": explainedVariance(buf.values, buf.returns, batchSize),
        "charts/learning_rate": lr,
      },
    };
  }

  /**
   * The complete training state: parameters, optimizer, generators, partial rollout, env
   * snapshot, normaliser statistics and counters (a JSON-able tree with typed-array leaves).
   *
   * @example
   * ```ts
   * import { PPO } from "@seeded/rl";
   * const a = new PPO({ numSteps: 16 });
   * a.learn(40);
   * const b = new PPO({ numSteps: 16 });
   * b.loadState(a.state()); // b continues exactly as a would
   * ```
   */
  state(): AgentState {
    return saveAgentState(this.#parts);
  }

  /**
   * Restores a state from {@linkcode PPO.state} of an agent built with the same config.
   *
   * @throws {TypeError} if the state is not a PPO state of this shape.
   * @example
   * ```ts
   * import { PPO } from "@seeded/rl";
   * const agent = new PPO({ numSteps: 16 });
   * agent.loadState(new PPO({ numSteps: 16 }).state());
   * ```
   */
  loadState(state: AgentState): void {
    loadAgentState(WHO, this.#parts, state);
  }
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
