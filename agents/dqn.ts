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
import { makeEnvSource } from "../envs/registry.ts";
import {
  type AgentConfigSpec,
  ENV_FIELD,
  GAMMA_FIELD,
  resolveAgentConfig,
  SEED_FIELD,
} from "./common/config.ts";
import type { AgentDefinition } from "./common/agent_definition.ts";
import type {
  ActOptions,
  Agent,
  AgentState,
  EpisodeRecord,
  LearnReport,
  UpdateRecord,
} from "./common/agent.ts";
import { checkFloat32Array } from "./common/agent_state.ts";
import { duelingBackward, duelingCombine } from "./common/dueling.ts";
import {
  explorationSchedule,
  multiplesIn,
  OffPolicyKit,
  updateTargetNetwork,
} from "./common/off_policy.ts";
import { checkObservation, vectorSteps } from "./common/training_envs.ts";
import { type ConfigOf, defaultsOf } from "../core/config.ts";
import { type ReplayBatch, ReplayBuffer } from "../core/buffers/replay.ts";
import { PrioritizedReplayBuffer } from "../core/buffers/prioritized_replay.ts";
import { huberLoss, mseLoss } from "../core/nn/losses.ts";
import { MLP } from "../core/nn/mlp.ts";
import { clipGradNorm } from "../core/optim/clip.ts";
import {
  type FloatArray,
  type ParameterGroup,
  RMSprop,
  type RMSpropState,
} from "../core/optim/rmsprop.ts";
import { type RmspropConfig, rmspropOptionsFromConfig } from "../core/optim/rmsprop_config.ts";
import { linearSchedule, type Schedule } from "../core/optim/schedule.ts";
import { Random } from "../core/random.ts";
import { saveAgent } from "../core/save_agent.ts";
import type { SyncVectorEnv } from "../env/vector_env.ts";

export { duelingBackward, duelingCombine } from "./common/dueling.ts";

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
    const best = argmax(nextQOnline ?? nextQTarget, row, nActions);
    const discount = discounts === null ? gamma : discounts[b];
    out[b] = terminated[b] ? rewards[b] : rewards[b] + discount * nextQTarget[row + best];
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
  #kit: OffPolicyKit;
  #epsilon: Schedule;
  #beta: Schedule;
  #params: ParameterGroup[];
  #lastMeanQ = 0;
  // Scratch arrays, allocated once.
  #actions: Int32Array;
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
    const env = makeEnvSource(c.env, WHO);
    this.envId = env.id;

    this.#kit = new OffPolicyKit({
      algorithm: "dqn",
      who: WHO,
      createEnv: env.create,
      seed: c.seed,
      numEnvs: c.numEnvs,
      streams: ["exploration", "replay", "act"],
      replayBuffer: (obsDim) => {
        const options = { capacity: c.bufferSize, obsDim, discounts: c.nStep > 1 };
        return c.prioritizedReplay
          ? new PrioritizedReplayBuffer({
            ...options,
            alpha: c.prioritizedReplayAlpha,
            eps: c.prioritizedReplayEps,
          })
          : new ReplayBuffer(options);
      },
      nStep: c.nStep,
      gamma: c.gamma,
    });
    this.envs = this.#kit.envs;
    this.replayBuffer = this.#kit.replayBuffer;
    const space = this.envs.singleActionSpace;
    if (space.kind !== "discrete") {
      throw new TypeError(
        `Cannot create DQN: env "${this.envId}" has a continuous action space ${space}; DQN needs a ` +
          `Discrete action space (for example CartPole-v1, MountainCar-v0, Acrobot-v1)`,
      );
    }
    const nA = this.nActions = space.n;

    // CleanRL's QNetwork: nn.Linear layers (PyTorch's default init) with ReLU in between.
    this.qNetwork = new MLP({
      sizes: [this.envs.obsDim, ...c.hiddenSizes, c.dueling ? 1 + nA : nA],
      activation: "relu",
      rng: new Random(c.seed).child("init"),
    });
    this.targetNetwork = this.qNetwork.clone();
    this.#params = this.qNetwork.parameters();
    this.optimizer = new RMSprop(this.#params, rmspropOptionsFromConfig(c, c.learningRate));
    this.#epsilon = explorationSchedule(c.startE, c.endE, c.explorationFraction, c.totalTimesteps);
    this.#beta = linearSchedule(c.prioritizedReplayBeta0, 1, c.totalTimesteps);

    const B = c.batchSize, rows = Math.max(B, c.numEnvs);
    this.#actions = new Int32Array(c.numEnvs);
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
    return this.#kit.globalStep;
  }

  /** The exploration ε the next training step acts with. */
  get epsilon(): number {
    return this.#epsilon(this.#kit.globalStep);
  }

  /**
   * {@linkcode Agent.act}: argmax_a Q(s, a) when `deterministic`, else ε-greedy with the current
   * ε drawn from the agent's own `act` stream (never the training streams).
   *
   * @throws {TypeError} if the observation is not a `Float32Array` of the env's length.
   */
  act(observation: Float32Array, options: ActOptions = {}): number {
    checkObservation(`act with ${WHO}`, observation, this.envs.obsDim);
    const rng = this.#kit.rngs.act;
    if (!options.deterministic && rng.float() < this.epsilon) return rng.int(this.nActions);
    return argmax(this.#q(this.qNetwork, observation, 1, this.#qOnline), 0, this.nActions);
  }

  /**
   * Q(s, ·) of the online network for one observation, as a new array.
   *
   * @throws {TypeError} if the observation is not a `Float32Array` of the env's length.
   * @example
   * ```ts
   * import { DQN } from "@seeded/rl";
   * const q = new DQN({ env: "CartPole-v1" }).qValues(new Float32Array(4)); // 2 values
   * ```
   */
  qValues(observation: Float32Array): Float32Array {
    checkObservation("compute qValues", observation, this.envs.obsDim);
    const q = this.#q(this.qNetwork, observation, 1, this.#qOnline);
    return Float32Array.from(q.subarray(0, this.nActions));
  }

  /** {@linkcode Agent.learn}: exactly `steps` env steps (a multiple of `numEnvs`), as above. */
  learn(steps: number): LearnReport {
    const c = this.config, kit = this.#kit;
    const episodes: EpisodeRecord[] = [];
    const updates: UpdateRecord[] = [];
    for (let k = vectorSteps(WHO, steps, c.numEnvs); k > 0; k--) {
      const before = kit.globalStep;
      const epsilon = this.#epsilon(before);
      this.#selectActions(epsilon);
      kit.step(this.#actions, episodes); // store (s, a, r, s', terminated) in the replay buffer
      const after = kit.globalStep;

      const rounds = multiplesIn(before, after, c.trainFrequency, c.learningStarts);
      if (rounds > 0) {
        if (this.replayBuffer instanceof PrioritizedReplayBuffer) {
          this.replayBuffer.beta = this.#beta(before);
        }
        if (c.annealLr) {
          this.optimizer.lr = c.learningRate * Math.max(0, 1 - before / c.totalTimesteps);
        }
        let lossSum = 0, qSum = 0;
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
      updateTargetNetwork(this.targetNetwork, this.qNetwork, c.tau, targetUpdates);
    }
    return { episodes, updates, globalStep: kit.globalStep };
  }

  /** One gradient step on a sampled batch; returns the TD loss. */
  #update(): number {
    const c = this.config, batch = this.#batch, B = batch.size, nA = this.nActions;
    this.replayBuffer.sample(this.#kit.rngs.replay, batch);
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
      nActions: this.nActions,
    }, out);
  }

  /** ε-greedy actions for every sub-env into `#actions` (one ε coin per sub-env). */
  #selectActions(epsilon: number): void {
    const n = this.config.numEnvs, nA = this.nActions, rng = this.#kit.rngs.exploration;
    const actions = this.#actions;
    let greedy = false;
    for (let i = 0; i < n; i++) {
      if (rng.float() < epsilon) actions[i] = rng.int(nA);
      else {
        actions[i] = -1;
        greedy = true;
      }
    }
    if (!greedy) return;
    const q = this.#q(this.qNetwork, this.envs.observations, n, this.#qOnline);
    for (let i = 0; i < n; i++) if (actions[i] === -1) actions[i] = argmax(q, i * nA, nA);
  }

  /** Q-values of `net` on a batch: its output, or the dueling combination of it into `out`. */
  #q(net: MLP, input: ArrayLike<number>, batch: number, out: Float32Array): FloatArray {
    const raw = net.forward(input, batch);
    if (!this.config.dueling) return raw;
    duelingCombine(raw, batch, this.nActions, out);
    return out;
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

  /** {@linkcode Agent.state}: networks, optimizer, replay buffer, streams, envs, counter. */
  state(): AgentState {
    return this.#kit.state({
      qNetwork: this.qNetwork.params.slice(),
      targetNetwork: this.targetNetwork.params.slice(),
      optimizer: this.optimizer.state(),
    });
  }

  /** {@linkcode Agent.loadState}: restores a DQN state; a `TypeError` if it does not fit. */
  loadState(state: AgentState): void {
    const s = this.#kit.checkState(state);
    checkFloat32Array(WHO, "qNetwork", s.qNetwork, this.qNetwork.params.length);
    checkFloat32Array(WHO, "targetNetwork", s.targetNetwork, this.targetNetwork.params.length);
    this.optimizer.loadState(s.optimizer as RMSpropState);
    this.#kit.loadState(s);
    this.qNetwork.params.set(s.qNetwork as Float32Array);
    this.targetNetwork.params.set(s.targetNetwork as Float32Array);
  }
}

/** The index of the largest of `values[offset .. offset + n)` (the first on ties, as torch). */
function argmax(values: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let a = 1; a < n; a++) if (values[offset + a] > values[offset + best]) best = a;
  return best;
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
