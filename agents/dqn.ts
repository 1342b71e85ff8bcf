/**
 * DQN (Mnih et al. 2015) as CleanRL's `dqn.py` and SB3 write it, with Double DQN (van Hasselt et
 * al. 2016) and a dueling head (Wang et al. 2016) as options, a typed-array replay buffer, and the
 * shared {@linkcode RMSprop} optimizer.
 *
 * @example
 * ```ts
 * import { DQN, evaluate } from "@seeded/rl";
 * const agent = new DQN({ env: "CartPole-v1", seed: 1, learningStarts: 500 });
 * const report = agent.learn(1000); // finished episodes and losses
 * const { mean } = evaluate(agent, { episodes: 5, seed: 100 }); // greedy policy, separate env
 * ```
 *
 * @module
 */
import { assertFinite } from "./common/finite.ts";
import { make } from "../envs/registry.ts";
import {
  type AgentConfigSpec,
  ENV_FIELD,
  GAMMA_FIELD,
  resolveAgentConfig,
  SEED_FIELD,
} from "./common/config.ts";
import type { AgentDefinition } from "./common/agent_definition.ts";
import { type ConfigOf, defaultsOf } from "../core/config.ts";
import type {
  ActOptions,
  Agent,
  AgentState,
  EpisodeRecord,
  LearnReport,
  UpdateRecord,
} from "./common/agent.ts";
import { type ReplayBatch, ReplayBuffer, type ReplayBufferState } from "../core/buffers/replay.ts";
import { NStepAccumulator, type NStepAccumulatorState } from "../core/buffers/n_step.ts";
import { PrioritizedReplayBuffer } from "../core/buffers/prioritized_replay.ts";
import { huberLoss, mseLoss } from "../core/nn/losses.ts";
import { MLP } from "../core/nn/mlp.ts";
import { clipGradNorm } from "../core/optim/clip.ts";
import { type FloatArray, RMSprop, type RMSpropState } from "../core/optim/rmsprop.ts";
import { type RmspropConfig, rmspropOptionsFromConfig } from "../core/optim/rmsprop_config.ts";
import { constantSchedule, linearSchedule, type Schedule } from "../core/optim/schedule.ts";
import { Random, type RandomState } from "../core/random.ts";
import { saveAgent } from "../core/save_agent.ts";
import { describe } from "../core/text.ts";
import { SyncVectorEnv, type SyncVectorEnvSnapshot } from "../env/vector_env.ts";

/**
 * The configuration of {@linkcode DQN}, declared once: CleanRL's `dqn.py` arguments in camelCase
 * with CleanRL's defaults (deviations are noted), SB3's `gradientSteps`, `maxGradNorm` and `loss`,
 * and the two variants (its TypeScript type is {@linkcode DQNConfig}; the CLI flags, `--help` and
 * the docs come from here too).
 */
export const DQN_CONFIG = {
  fields: {
    env: ENV_FIELD,
    seed: SEED_FIELD,
    totalTimesteps: {
      type: "number",
      default: 500_000,
      min: 1,
      integer: true,
      doc: "The training budget in env steps: sets the length of the ε schedule " +
        "(`explorationFraction × totalTimesteps`) and of the lr annealing.",
    },
    learningRate: {
      type: "number",
      default: 2.5e-4,
      min: 0,
      minExclusive: true,
      doc:
        "The RMSprop learning rate (annealed linearly to 0 over `totalTimesteps` if `annealLr`).",
    },
    annealLr: {
      type: "boolean",
      default: false,
      doc: "Anneal the learning rate linearly to 0 at `totalTimesteps` (CleanRL's DQN keeps it " +
        "constant).",
    },
    numEnvs: {
      type: "number",
      default: 1,
      min: 1,
      integer: true,
      doc:
        "The number of sub-envs stepped together (CleanRL asserts 1; every sub-env step counts).",
    },
    bufferSize: {
      type: "number",
      default: 10_000,
      min: 1,
      integer: true,
      doc: "The replay buffer's capacity in transitions.",
    },
    gamma: GAMMA_FIELD,
    tau: {
      type: "number",
      default: 1,
      min: 0,
      max: 1,
      minExclusive: true,
      doc: "The target network update rate: θ' ← τθ + (1 − τ)θ' (1 = hard copy).",
    },
    targetNetworkFrequency: {
      type: "number",
      default: 500,
      min: 1,
      integer: true,
      doc: "Update the target network after every this many env steps (once training has started).",
    },
    batchSize: {
      type: "number",
      default: 128,
      min: 1,
      integer: true,
      doc: "Transitions per gradient step, sampled uniformly with replacement.",
    },
    startE: { type: "number", default: 1, min: 0, max: 1, doc: "The exploration ε at step 0." },
    endE: { type: "number", default: 0.05, min: 0, max: 1, doc: "The final exploration ε." },
    explorationFraction: {
      type: "number",
      default: 0.5,
      min: 0,
      max: 1,
      doc: "The fraction of `totalTimesteps` over which ε goes linearly from `startE` to `endE`.",
    },
    learningStarts: {
      type: "number",
      default: 10_000,
      min: 0,
      integer: true,
      doc: "Env steps before training starts (ε-greedy acting fills the buffer meanwhile).",
    },
    trainFrequency: {
      type: "number",
      default: 10,
      min: 1,
      integer: true,
      doc: "Train after every this many env steps (once `learningStarts` is passed).",
    },
    gradientSteps: {
      type: "number",
      default: 1,
      min: 1,
      integer: true,
      doc: "Gradient steps per training round (SB3's `gradient_steps`; CleanRL does 1).",
    },
    // Unlike the policy-gradient agents, [] is allowed: a linear Q-function.
    hiddenSizes: {
      type: "sizes",
      default: [120, 84],
      allowEmpty: true,
      doc: "Widths of the Q-network's ReLU hidden layers (CleanRL's 120-84 MLP).",
    },
    maxGradNorm: {
      type: "number",
      default: null,
      nullable: true,
      min: 0,
      minExclusive: true,
      doc: "Clip the global gradient norm to this, or `null` for no clipping (CleanRL does not " +
        "clip; SB3 clips at 10).",
    },
    loss: {
      type: "choice",
      choices: ["mse", "huber"],
      default: "mse",
      doc: 'The TD loss: `"mse"` (CleanRL) or `"huber"` (SB3 and Nature DQN: smooth L1, δ = 1).',
    },
    doubleDqn: {
      type: "boolean",
      default: false,
      doc: "Double DQN: the online network picks argmax a' of Q(s', ·), the target network " +
        "evaluates it.",
    },
    dueling: {
      type: "boolean",
      default: false,
      doc: "Dueling head: Q(s, a) = V(s) + A(s, a) − mean_a' A(s, a'), one shared trunk.",
    },
    nStep: {
      type: "number",
      default: 1,
      min: 1,
      integer: true,
      doc: "n-step returns (CleanRL Rainbow's `n_step`): target Σ_{j<n} γ^j r_{t+j} + " +
        "γ^n max_a Q'(s_{t+n}, a), cut at an episode end (1 = plain DQN).",
    },
    prioritizedReplay: {
      type: "boolean",
      default: false,
      doc: "Prioritized experience replay (Schaul et al. 2016, proportional; Baselines' " +
        "`prioritized_replay`).",
    },
    prioritizedReplayAlpha: {
      type: "number",
      default: 0.6,
      min: 0,
      doc: "The priority exponent α of prioritized replay (Baselines' `prioritized_replay_alpha`).",
    },
    prioritizedReplayBeta0: {
      type: "number",
      default: 0.4,
      min: 0,
      max: 1,
      doc: "The importance-weight exponent β at step 0, annealed linearly to 1 at " +
        "`totalTimesteps` (Baselines' `prioritized_replay_beta0`).",
    },
    prioritizedReplayEps: {
      type: "number",
      default: 1e-6,
      min: 0,
      minExclusive: true,
      doc: "Added to |TD error| for the priority, > 0 so that every transition can be drawn " +
        "(Baselines' `prioritized_replay_eps`).",
    },
  },
  rmsprop: { rmspropPreset: "pytorch" },
} as const satisfies AgentConfigSpec;

/** The complete configuration of {@linkcode DQN} (see {@linkcode DQN_CONFIG}). */
export interface DQNConfig extends ConfigOf<typeof DQN_CONFIG.fields>, RmspropConfig {}

/**
 * What the {@linkcode DQN} constructor takes: any fields of {@linkcode DQNConfig} (the rest take
 * {@linkcode DQN_DEFAULTS}; `rmsprop*` fields default to the `rmspropPreset`, `"pytorch"`).
 */
export type DQNOptions = Partial<DQNConfig>;

/** CleanRL's `dqn.py` defaults (the `rmsprop*` fields are resolved from the preset, `"pytorch"`). */
export const DQN_DEFAULTS: Readonly<ConfigOf<typeof DQN_CONFIG.fields>> = Object.freeze(
  defaultsOf(DQN_CONFIG.fields),
);

/** The registry entry of {@linkcode DQN}. */
export const DQN_DEFINITION: AgentDefinition = {
  name: "dqn",
  description: "DQN as CleanRL's dqn.py: ε-greedy, replay buffer, target network; Double DQN " +
    "and dueling head as options.",
  actionSpaces: ["discrete"],
  config: DQN_CONFIG,
  create: (options) => new DQN(options as DQNOptions),
};

const WHO = "DQN";

/** The inputs of {@linkcode tdTargets}, one row per transition. */
export interface TdTargetInputs {
  /** The rewards r. */
  rewards: ArrayLike<number>;
  /** 1 where s' is terminal (no bootstrap), 0 otherwise (including time-limit truncation). */
  terminated: ArrayLike<number>;
  /** Q_target(s', ·), `batchSize × nActions`. */
  nextQTarget: ArrayLike<number>;
  /** Q_online(s', ·) for Double DQN (it picks the action the target net evaluates), or `null`. */
  nextQOnline: ArrayLike<number> | null;
  /** The discount factor γ. */
  gamma: number;
  /** Per-transition bootstrap factors (`γ^k` of n-step transitions) used instead of `gamma`, or `null`. */
  discounts?: ArrayLike<number> | null;
  /** The number of transitions. */
  batchSize: number;
  /** The number of actions. */
  nActions: number;
}

/**
 * Writes the TD targets `y = r + γ · Q_target(s', a*)` (or `y = r` when terminated) into `out`,
 * with `a* = argmax_a Q_target(s', a)` (DQN) or `argmax_a Q_online(s', a)` (Double DQN); ties go
 * to the lowest action, as `torch.argmax`. With `discounts` (n-step transitions), row b uses
 * `discounts[b]` (γ^k) in place of γ.
 *
 * @example
 * ```ts
 * import { tdTargets } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const out = new Float64Array(2);
 * tdTargets({
 *   rewards: [1, 1], terminated: [0, 1], nextQTarget: [2, 4, 2, 4], nextQOnline: null,
 *   gamma: 0.5, batchSize: 2, nActions: 2,
 * }, out);
 * assert.deepEqual([...out], [3, 1]); // 1 + 0.5 · max(2, 4); terminated: 1
 * ```
 */
export function tdTargets(inputs: TdTargetInputs, out: Float64Array): void {
  const { rewards, terminated, nextQTarget, nextQOnline, gamma, batchSize, nActions } = inputs;
  const discounts = inputs.discounts ?? null;
  for (let b = 0; b < batchSize; b++) {
    const row = b * nActions;
    const picker = nextQOnline ?? nextQTarget;
    let best = 0;
    for (let a = 1; a < nActions; a++) if (picker[row + a] > picker[row + best]) best = a;
    const discount = discounts === null ? gamma : discounts[b];
    out[b] = terminated[b] ? rewards[b] : rewards[b] + discount * nextQTarget[row + best];
  }
}

/**
 * The dueling head: from rows `[V, A_0, …, A_{n−1}]` (`batchSize × (1 + nActions)`) writes
 * `Q_a = V + A_a − (1/n) Σ_a' A_a'` (`batchSize × nActions`) into `q`.
 *
 * @example
 * ```ts
 * import { duelingCombine } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const q = new Float64Array(2);
 * duelingCombine([10, 1, 3], 1, 2, q); // mean A = 2
 * assert.deepEqual([...q], [9, 11]);
 * ```
 */
export function duelingCombine(
  raw: ArrayLike<number>,
  batchSize: number,
  nActions: number,
  q: FloatArray,
): void {
  const w = nActions + 1;
  for (let b = 0; b < batchSize; b++) {
    const r = b * w;
    let mean = 0;
    for (let a = 0; a < nActions; a++) mean += raw[r + 1 + a];
    mean /= nActions;
    const v = raw[r];
    for (let a = 0; a < nActions; a++) q[b * nActions + a] = v + raw[r + 1 + a] - mean;
  }
}

/**
 * The backward pass of {@linkcode duelingCombine}: from dL/dQ writes dL/d[V, A] with
 * `dV = Σ_a dQ_a` and `dA_k = dQ_k − (1/n) Σ_a dQ_a`.
 *
 * @example
 * ```ts
 * import { duelingBackward } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const grad = new Float64Array(3);
 * duelingBackward([1, 0], 1, 2, grad);
 * assert.deepEqual([...grad], [1, 0.5, -0.5]);
 * ```
 */
export function duelingBackward(
  gradQ: ArrayLike<number>,
  batchSize: number,
  nActions: number,
  gradRaw: FloatArray,
): void {
  const w = nActions + 1;
  for (let b = 0; b < batchSize; b++) {
    let sum = 0;
    for (let a = 0; a < nActions; a++) sum += gradQ[b * nActions + a];
    const mean = sum / nActions;
    gradRaw[b * w] = sum;
    for (let a = 0; a < nActions; a++) gradRaw[b * w + 1 + a] = gradQ[b * nActions + a] - mean;
  }
}

/**
 * Deep Q-learning on a discrete-action env, following CleanRL's `dqn.py` line by line where it
 * can: ε-greedy acting with a linear ε schedule, a replay buffer, a target network, and one
 * gradient step of the TD loss every `trainFrequency` env steps.
 *
 * Per env step (counting every sub-env): ε = schedule(globalStep); act; store `(s, a, r, s',
 * terminated)` where s' is the final observation when the episode ended (so a truncated episode
 * bootstraps from it and a terminated one does not); then, once `globalStep > learningStarts`,
 * do `gradientSteps` gradient steps whenever `globalStep` reaches a multiple of `trainFrequency`
 * and update the target network whenever it reaches a multiple of `targetNetworkFrequency`.
 * (CleanRL tests its 0-based step index, SB3 the count: this is SB3's count, one step later.)
 * With several sub-envs each one draws its own ε coin (CleanRL and SB3 draw one for all).
 *
 * Options (off by default): `nStep` > 1 stores n-step transitions through a per-sub-env
 * {@linkcode NStepAccumulator} (the sum cut at an episode end: no bootstrap after `terminated`,
 * a `γ^k` bootstrap from the final observation after truncation); `prioritizedReplay` samples
 * from a {@linkcode PrioritizedReplayBuffer} with β annealed linearly from
 * `prioritizedReplayBeta0` to 1 at `totalTimesteps`, weights the TD loss by the importance
 * weights and sets the sampled transitions' priorities to |δ| + `prioritizedReplayEps`.
 *
 * Randomness: `new Random(seed)` derives the streams `init` (weights), `exploration` (ε-greedy),
 * `replay` (sampling) and `act` (only for `act()` with `deterministic: false`, so calling it never
 * changes training). `learn(a); learn(b)` is bit-identical to `learn(a + b)`, and
 * `state()`/`loadState()` resume exactly, replay buffer included.
 *
 * `learn()` reports one update record per training round, keyed as CleanRL logs them:
 * `losses/td_loss` and `losses/q_values` (means over the round's gradient steps of the loss and
 * of Q(s, a) on the batch), `charts/epsilon`, `charts/learning_rate`.
 *
 * @example Usage
 * ```ts
 * import { DQN } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const agent = new DQN({ env: "CartPole-v1", seed: 3, learningStarts: 100, doubleDqn: true });
 * const report = agent.learn(200);
 * assert.equal(agent.globalStep, 200);
 * assert.ok(report.updates.length > 0);
 * const action = agent.act(new Float32Array([0, 0, 0.1, 0]), { deterministic: true });
 * assert.ok(action === 0 || action === 1);
 * ```
 */
export class DQN implements Agent {
  /** Always `"dqn"`. */
  readonly algorithm: "dqn" = "dqn";
  /** The training env's id. */
  readonly envId: string;
  /** The resolved configuration. */
  readonly config: Readonly<DQNConfig>;
  /** The training envs (`numEnvs` sub-envs). */
  readonly envs: SyncVectorEnv;
  /** The number of discrete actions. */
  readonly nActions: number;
  /** The online Q-network (CleanRL's `q_network`); with `dueling` it outputs `[V, A_0, …]`. */
  readonly qNetwork: MLP;
  /** The target network, same shape. */
  readonly targetNetwork: MLP;
  /** The optimizer of `qNetwork`. */
  readonly optimizer: RMSprop;
  /** The replay buffer (a {@linkcode PrioritizedReplayBuffer} with `prioritizedReplay`). */
  readonly replayBuffer: ReplayBuffer;
  #globalStep = 0;
  #lastMeanQ = 0;
  #epsilon: Schedule;
  #beta: Schedule;
  #nStep: NStepAccumulator;
  #explorationRng: Random;
  #replayRng: Random;
  #actRng: Random;
  #params: { params: FloatArray; grads: FloatArray }[];
  // Scratch arrays, allocated once.
  #actions: Int32Array;
  #prevObs: Float32Array;
  #batch: ReplayBatch;
  #tdTarget: Float64Array;
  #oldVal: Float64Array;
  #gradOldVal: Float64Array;
  #gradQ: Float32Array;
  #gradRaw: Float32Array;
  #qOnline: Float32Array;
  #qTarget: Float32Array;

  /**
   * Builds the envs, networks, optimizer and buffer, and resets the envs.
   *
   * @throws {TypeError} for an unknown option, a wrongly typed field, or an env whose action
   *   space is not discrete.
   * @throws {RangeError} for a field out of range (the message names it, its value and what is
   *   allowed) or an unknown env id.
   */
  constructor(options: DQNOptions = {}) {
    const c = resolveDqnConfig(options);
    this.config = Object.freeze({
      ...c,
      hiddenSizes: Object.freeze(c.hiddenSizes.slice()),
    }) as Readonly<DQNConfig>;
    this.envId = c.env;
    this.envs = new SyncVectorEnv(() => make(c.env), c.numEnvs, { seed: c.seed });
    const space = this.envs.singleActionSpace;
    if (space.kind !== "discrete") {
      throw new TypeError(
        `Cannot create DQN: env "${c.env}" has a continuous action space ${space}; DQN needs a ` +
          `Discrete action space (for example CartPole-v1, MountainCar-v0, Acrobot-v1)`,
      );
    }
    this.nActions = space.n;
    const obsDim = this.envs.obsDim;
    const nA = this.nActions;
    this.envs.reset();

    const rng = new Random(c.seed);
    // CleanRL's QNetwork: nn.Linear layers (PyTorch's default init) with ReLU in between.
    this.qNetwork = new MLP({
      sizes: [obsDim, ...c.hiddenSizes, c.dueling ? 1 + nA : nA],
      activation: "relu",
      rng: rng.child("init"),
    });
    this.targetNetwork = this.qNetwork.clone();
    this.#params = this.qNetwork.parameters();
    this.optimizer = new RMSprop(this.#params, rmspropOptionsFromConfig(c, c.learningRate));
    const bufferOptions = { capacity: c.bufferSize, obsDim, discounts: c.nStep > 1 };
    this.replayBuffer = c.prioritizedReplay
      ? new PrioritizedReplayBuffer({
        ...bufferOptions,
        alpha: c.prioritizedReplayAlpha,
        eps: c.prioritizedReplayEps,
      })
      : new ReplayBuffer(bufferOptions);
    this.#nStep = new NStepAccumulator({
      nStep: c.nStep,
      gamma: c.gamma,
      numEnvs: c.numEnvs,
      obsDim,
    });
    this.#beta = linearSchedule(c.prioritizedReplayBeta0, 1, c.totalTimesteps);
    this.#explorationRng = rng.child("exploration");
    this.#replayRng = rng.child("replay");
    this.#actRng = rng.child("act");
    const duration = c.explorationFraction * c.totalTimesteps;
    this.#epsilon = duration > 0
      ? linearSchedule(c.startE, c.endE, duration)
      : constantSchedule(c.endE);

    const B = c.batchSize;
    const rows = Math.max(B, c.numEnvs);
    this.#actions = new Int32Array(c.numEnvs);
    this.#prevObs = new Float32Array(c.numEnvs * obsDim);
    this.#batch = this.replayBuffer.createBatch(B);
    this.#tdTarget = new Float64Array(B);
    this.#oldVal = new Float64Array(B);
    this.#gradOldVal = new Float64Array(B);
    this.#gradQ = new Float32Array(B * nA);
    this.#gradRaw = new Float32Array(B * (nA + 1));
    this.#qOnline = new Float32Array(rows * nA);
    this.#qTarget = new Float32Array(rows * nA);
  }

  /** Env steps taken so far (all sub-envs). */
  get globalStep(): number {
    return this.#globalStep;
  }

  /** The exploration ε the next training step acts with. */
  get epsilon(): number {
    return this.#epsilon(this.#globalStep);
  }

  /**
   * The greedy action for one observation (`deterministic: true`), or an ε-greedy one with the
   * current ε drawn from the agent's own `act` stream (never the training streams).
   *
   * @throws {TypeError} if the observation does not have the env's length.
   * @example
   * ```ts
   * import { DQN } from "@seeded/rl";
   * const agent = new DQN({ env: "Acrobot-v1" });
   * const a = agent.act(new Float32Array(6), { deterministic: true }); // 0, 1 or 2
   * ```
   */
  act(observation: Float32Array, options: ActOptions = {}): number {
    this.#checkObservation("act", observation);
    if (!options.deterministic && this.#actRng.float() < this.epsilon) {
      return this.#actRng.int(this.nActions);
    }
    return argmax(this.#q(this.qNetwork, observation, 1, this.#qOnline), 0, this.nActions);
  }

  /**
   * Q(s, ·) of the online network for one observation, as a new array.
   *
   * @throws {TypeError} if the observation does not have the env's length.
   * @example
   * ```ts
   * import { DQN } from "@seeded/rl";
   * const q = new DQN({ env: "CartPole-v1" }).qValues(new Float32Array(4)); // 2 values
   * ```
   */
  qValues(observation: Float32Array): Float32Array {
    this.#checkObservation("compute qValues", observation);
    return Float32Array.from(
      this.#q(this.qNetwork, observation, 1, this.#qOnline).subarray(0, this.nActions),
    );
  }

  /**
   * Advances training by exactly `steps` env steps (all sub-envs count).
   *
   * @param steps A non-negative multiple of `numEnvs`.
   * @throws {RangeError} if `steps` is not a non-negative integer multiple of `numEnvs`.
   * @example
   * ```ts
   * import { DQN } from "@seeded/rl";
   * const agent = new DQN({ env: "CartPole-v1", numEnvs: 2, learningStarts: 50 });
   * const { episodes, updates } = agent.learn(100);
   * ```
   */
  learn(steps: number): LearnReport {
    const c = this.config;
    const n = c.numEnvs;
    if (!(Number.isSafeInteger(steps) && steps >= 0 && steps % n === 0)) {
      throw new RangeError(
        `Cannot learn: steps must be a non-negative integer multiple of numEnvs (${n}), got ${steps}`,
      );
    }
    const episodes: EpisodeRecord[] = [];
    const updates: UpdateRecord[] = [];
    const envs = this.envs;
    const d = envs.obsDim;
    for (let done = 0; done < steps; done += n) {
      const before = this.#globalStep;
      const after = before + n;
      const epsilon = this.#epsilon(before);
      this.#selectActions(epsilon);
      this.#prevObs.set(envs.observations);
      envs.step(this.#actions);
      // Store s' = the final observation when the episode ended, and `terminated` (not done).
      for (let i = 0; i < n; i++) {
        const ended = envs.hasFinalObservation[i] === 1;
        const next = ended ? envs.finalObservation : envs.observations;
        this.#nStep.add(
          this.replayBuffer,
          i,
          this.#prevObs,
          next,
          this.#actions[i],
          envs.rewards[i],
          envs.terminated[i],
          ended,
          i * d,
          i * d,
        );
        if (ended) {
          episodes.push({
            step: after,
            return: envs.episodeReturn[i],
            length: envs.episodeLength[i],
          });
        }
      }
      this.#globalStep = after;

      const rounds = multiplesIn(before, after, c.trainFrequency, c.learningStarts);
      if (rounds > 0) {
        if (this.replayBuffer instanceof PrioritizedReplayBuffer) {
          this.replayBuffer.beta = this.#beta(before);
        }
        if (c.annealLr) {
          this.optimizer.lr = c.learningRate * Math.max(0, 1 - before / c.totalTimesteps);
        }
        let lossSum = 0;
        let qSum = 0;
        const total = rounds * c.gradientSteps;
        for (let g = 0; g < total; g++) {
          lossSum += this.#update();
          qSum += this.#lastMeanQ;
        }
        assertFinite(after, "losses/td_loss", lossSum / total, this.optimizer.lr);
        assertFinite(after, "the Q-network's parameters", this.#params, this.optimizer.lr);
        updates.push({
          step: after,
          values: {
            "losses/td_loss": lossSum / total,
            "losses/q_values": qSum / total,
            "charts/epsilon": epsilon,
            "charts/learning_rate": this.optimizer.lr,
          },
        });
      }
      const targetUpdates = multiplesIn(before, after, c.targetNetworkFrequency, c.learningStarts);
      for (let k = 0; k < targetUpdates; k++) {
        if (c.tau === 1) this.targetNetwork.copyFrom(this.qNetwork);
        else this.targetNetwork.lerpFrom(this.qNetwork, c.tau);
      }
    }
    return { episodes, updates, globalStep: this.#globalStep };
  }

  /**
   * Writes the TD targets of `batch` into `out` with the agent's networks (target network, and
   * the online one for Double DQN): see {@linkcode tdTargets}.
   *
   * @example
   * ```ts
   * import { DQN } from "@seeded/rl";
   * const agent = new DQN({ env: "CartPole-v1" });
   * const batch = agent.replayBuffer.createBatch(1);
   * const out = new Float64Array(1);
   * agent.computeTdTargets(batch, out);
   * ```
   */
  computeTdTargets(batch: ReplayBatch, out: Float64Array): void {
    const B = batch.size;
    const nA = this.nActions;
    const nextQTarget = this.#q(this.targetNetwork, batch.nextObservations, B, this.#qTarget);
    const nextQOnline = this.config.doubleDqn
      ? this.#q(this.qNetwork, batch.nextObservations, B, this.#qOnline)
      : null;
    tdTargets({
      rewards: batch.rewards,
      terminated: batch.terminated,
      nextQTarget,
      nextQOnline,
      gamma: this.config.gamma,
      discounts: batch.discounts ?? null,
      batchSize: B,
      nActions: nA,
    }, out);
  }

  /**
   * The agent as checkpoint bytes, the CLI's `.ckpt` format ({@linkcode saveAgent});
   * `loadAgent(bytes)` gives back a `DQN` that trains on bit for bit as this one would.
   *
   * @example
   * ```ts
   * import { loadAgent, DQN } from "@seeded/rl";
   * const copy = loadAgent(new DQN({ env: "CartPole-v1" }).save());
   * ```
   */
  save(): Uint8Array {
    return saveAgent(this);
  }

  /**
   * The complete training state: networks, optimizer, replay buffer, generators, envs, counters.
   *
   * @example
   * ```ts
   * import { DQN } from "@seeded/rl";
   * const agent = new DQN({ env: "CartPole-v1", learningStarts: 10 });
   * agent.learn(20);
   * const saved = agent.state();
   * const copy = new DQN({ env: "CartPole-v1", learningStarts: 10 });
   * copy.loadState(saved); // copy.learn(n) now equals agent.learn(n)
   * ```
   */
  state(): AgentState {
    return {
      algorithm: "dqn",
      globalStep: this.#globalStep,
      qNetwork: this.qNetwork.params.slice(),
      targetNetwork: this.targetNetwork.params.slice(),
      optimizer: this.optimizer.state(),
      replayBuffer: this.replayBuffer.state(),
      rng: {
        exploration: this.#explorationRng.state(),
        replay: this.#replayRng.state(),
        act: this.#actRng.state(),
      },
      envs: this.envs.snapshot(),
      ...(this.config.nStep > 1 ? { nStep: this.#nStep.state() } : {}),
    };
  }

  /**
   * Restores {@linkcode DQN.state} of an agent built with the same config.
   *
   * @throws {TypeError} if the state does not fit this agent.
   * @example
   * ```ts
   * import { DQN } from "@seeded/rl";
   * const agent = new DQN({ env: "CartPole-v1" });
   * agent.loadState(new DQN({ env: "CartPole-v1" }).state());
   * ```
   */
  loadState(state: AgentState): void {
    const bad = (what: string): never => {
      throw new TypeError(`Cannot restore DQN: ${what}`);
    };
    if (state === null || typeof state !== "object" || state.algorithm !== "dqn") {
      bad(`expected a state saved by DQN, got ${describe(state?.algorithm)}`);
    }
    const step = state.globalStep as number;
    if (!(Number.isSafeInteger(step) && step >= 0)) {
      bad(`globalStep must be an integer >= 0, got ${step}`);
    }
    for (const name of ["qNetwork", "targetNetwork"] as const) {
      const p = state[name];
      if (!(p instanceof Float32Array) || p.length !== this[name].params.length) {
        bad(`${name} must be a Float32Array(${this[name].params.length}), got ${describe(p)}`);
      }
    }
    const rng = state.rng as Record<string, RandomState> | undefined;
    if (!rng || !rng.exploration || !rng.replay || !rng.act) {
      bad("rng must hold the exploration, replay and act streams");
    }
    this.optimizer.loadState(state.optimizer as RMSpropState);
    this.replayBuffer.loadState(state.replayBuffer as ReplayBufferState);
    if (this.config.nStep > 1) this.#nStep.loadState(state.nStep as NStepAccumulatorState);
    this.envs.restore(state.envs as SyncVectorEnvSnapshot);
    this.#explorationRng.loadState(rng!.exploration);
    this.#replayRng.loadState(rng!.replay);
    this.#actRng.loadState(rng!.act);
    this.qNetwork.params.set(state.qNetwork as Float32Array);
    this.targetNetwork.params.set(state.targetNetwork as Float32Array);
    this.#globalStep = step;
  }

  // --- algorithm logic ---

  /** One gradient step on a sampled batch; returns the TD loss. */
  #update(): number {
    const c = this.config;
    const batch = this.#batch;
    const B = batch.size;
    const nA = this.nActions;
    this.replayBuffer.sample(this.#replayRng, batch);
    // td_target = r + γ · max_a Q_target(s', a) · (1 − terminated), no gradient.
    this.computeTdTargets(batch, this.#tdTarget);
    // old_val = Q(s, a)
    const q = this.#q(this.qNetwork, batch.observations, B, this.#qOnline);
    const oldVal = this.#oldVal;
    let qSum = 0;
    for (let b = 0; b < B; b++) {
      oldVal[b] = q[b * nA + batch.actions[b]];
      qSum += oldVal[b];
    }
    this.#lastMeanQ = qSum / B;
    // Prioritized replay: importance weights in the loss, priorities |δ| + ε from this batch.
    const w = batch.weights;
    const loss = c.loss === "huber"
      ? huberLoss(oldVal, this.#tdTarget, B, this.#gradOldVal, 1, w)
      : mseLoss(oldVal, this.#tdTarget, B, this.#gradOldVal, w);
    if (this.replayBuffer instanceof PrioritizedReplayBuffer) {
      this.replayBuffer.updatePriorities(batch.indices, this.#tdTarget, oldVal);
    }
    // dL/dQ is zero except at the taken actions.
    const gradQ = this.#gradQ;
    gradQ.fill(0);
    for (let b = 0; b < B; b++) gradQ[b * nA + batch.actions[b]] = this.#gradOldVal[b];
    this.qNetwork.zeroGrad();
    if (c.dueling) {
      duelingBackward(gradQ, B, nA, this.#gradRaw);
      this.qNetwork.backward(this.#gradRaw);
    } else {
      this.qNetwork.backward(gradQ);
    }
    if (c.maxGradNorm !== null) clipGradNorm(this.#params, c.maxGradNorm);
    this.optimizer.step();
    return loss;
  }

  /** ε-greedy actions for every sub-env into `#actions` (one ε coin per sub-env). */
  #selectActions(epsilon: number): void {
    const n = this.config.numEnvs;
    const rng = this.#explorationRng;
    let greedy = false;
    for (let i = 0; i < n; i++) {
      if (rng.float() < epsilon) this.#actions[i] = rng.int(this.nActions);
      else {
        this.#actions[i] = -1;
        greedy = true;
      }
    }
    if (!greedy) return;
    const q = this.#q(this.qNetwork, this.envs.observations, n, this.#qOnline);
    for (let i = 0; i < n; i++) {
      if (this.#actions[i] === -1) this.#actions[i] = argmax(q, i * this.nActions, this.nActions);
    }
  }

  /** Q-values of `net` on a batch: its output, or the dueling combination of it into `out`. */
  #q(net: MLP, input: ArrayLike<number>, batch: number, out: Float32Array): FloatArray {
    const raw = net.forward(input, batch);
    if (!this.config.dueling) return raw;
    duelingCombine(raw, batch, this.nActions, out);
    return out;
  }

  #checkObservation(what: string, observation: Float32Array): void {
    if (!(observation instanceof Float32Array) || observation.length !== this.envs.obsDim) {
      throw new TypeError(
        `Cannot ${what}: observation must be a Float32Array of length ${this.envs.obsDim}, got ${
          describe(observation)
        }`,
      );
    }
  }
}

/** The index of the largest of `values[offset .. offset + n)` (the first on ties). */
function argmax(values: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let a = 1; a < n; a++) if (values[offset + a] > values[offset + best]) best = a;
  return best;
}

/** How many multiples of `every` lie in (max(before, after0), after], i.e. are > `start`. */
function multiplesIn(before: number, after: number, every: number, start: number): number {
  const from = Math.max(before, start);
  return after > from ? Math.floor(after / every) - Math.floor(from / every) : 0;
}

// --- configuration ---

/**
 * Fills every default of a {@linkcode DQNConfig} and validates every field.
 *
 * @throws {TypeError} for an unknown key (with a suggestion) or a field of the wrong type.
 * @throws {RangeError} for a field out of range (naming it, its value and what is allowed).
 * @example
 * ```ts
 * import { resolveDqnConfig } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const c = resolveDqnConfig({ rmspropPreset: "natureDqn" });
 * assert.equal(c.env, "CartPole-v1");
 * assert.equal(c.rmspropCentered, true);
 * ```
 */
export function resolveDqnConfig(options: DQNOptions = {}): DQNConfig {
  return resolveAgentConfig(WHO, DQN_CONFIG, options);
}
