/**
 * {@linkcode OnPolicyKit}: the plumbing the policy-gradient agents (REINFORCE, A2C, PPO) share —
 * training envs with optional observation and reward normalisation, the actor-critic and its
 * optimizer, the named random streams, the counters, acting on one observation, the lr schedule,
 * the `learn(steps)` loop over rollouts, and the saved state — so that each agent file holds its
 * config and its update. Plus two pure helpers of the updates: {@linkcode normalizeAdvantages} and
 * {@linkcode explainedVariance}. Internal: not re-exported.
 *
 * @module
 */
import type { ActOptions, AgentState, EpisodeRecord, LearnReport, UpdateRecord } from "./agent.ts";
import { checkAgentState, loadRngs, saveRngs } from "./agent_state.ts";
import { ActorCritic, type ActorCriticState } from "./policy.ts";
import { RewardNormalizer, type RewardNormalizerState } from "./reward_normalizer.ts";
import { RolloutCollector } from "./rollout_collector.ts";
import {
  checkObservation,
  makeTrainingEnvs,
  OBS_NORMALIZATION,
  vectorSteps,
} from "./training_envs.ts";
import { RolloutBuffer } from "../../core/buffers/rollout.ts";
import { RMSprop, type RMSpropState } from "../../core/optim/rmsprop.ts";
import { type RmspropConfig, rmspropOptionsFromConfig } from "../../core/optim/rmsprop_config.ts";
import { linearSchedule, type Schedule } from "../../core/optim/schedule.ts";
import { Random } from "../../core/random.ts";
import type { SyncVectorEnv, SyncVectorEnvSnapshot } from "../../env/vector_env.ts";
import type { WrappableEnv } from "../../env/wrappers/wrapper.ts";

export { OBS_NORMALIZATION } from "./training_envs.ts";

/** The config fields of a policy-gradient agent that {@linkcode OnPolicyKit} reads. */
export interface OnPolicyConfig extends RmspropConfig {
  /** The run seed. */
  seed: number;
  /** Number of sub-envs. */
  numEnvs: number;
  /** The (initial) learning rate. */
  learningRate: number;
  /** Anneal the learning rate linearly to 0. */
  annealLr: boolean;
  /** The discount (also of the reward normaliser's running return). */
  gamma: number;
  /** Hidden layer widths. */
  hiddenSizes: readonly number[];
  /** Hidden activation. */
  activation: "tanh" | "relu";
  /** Normalise observations with running statistics. */
  normalizeObservation: boolean;
  /** Scale rewards by the running std of the discounted return (absent: no). */
  normalizeReward?: boolean;
  /** Initial log-std of a Gaussian policy. */
  logStdInit: number;
}

/** What else {@linkcode OnPolicyKit} needs to know of its agent. */
export interface OnPolicyKitOptions {
  /** The algorithm's short name, saved in the state (`"ppo"`). */
  algorithm: string;
  /** Makes one training env (from `makeEnvSource` of the agent's `env` option). */
  createEnv: () => WrappableEnv;
  /** The agent's name in messages (`"PPO"`). */
  who: string;
  /** Whether the policy has a value network. */
  critic: boolean;
  /** The named random streams besides `init` (the weights), for example `["agent", "act"]`. */
  streams: readonly string[];
  /** With `annealLr`, the lr reaches 0 after this much progress (see `setLearningRate`). */
  annealSteps: number;
}

/** Anything with an exact state round-trip (a rollout buffer, an episode store). */
export interface Stateful {
  /** A copy of the contents. */
  state(): object;
  /** Restores a copy. */
  loadState(state: never): void;
}

/**
 * The training envs, networks, optimizer, streams and counters of a policy-gradient agent, built
 * in this order from one run seed: envs seeded `seed + i`, then the policy from the `init` stream,
 * then the optimizer over its parameters; the other streams are `new Random(seed).child(name)`.
 *
 * @example
 * ```ts
 * import { OnPolicyKit } from "./on_policy.ts";
 * import { resolveRmspropConfig } from "../../core/optim/rmsprop_config.ts";
 * const kit = new OnPolicyKit({
 *   env: "CartPole-v1", seed: 1, numEnvs: 2, learningRate: 1e-3, annealLr: false, gamma: 0.99,
 *   hiddenSizes: [8], activation: "tanh", normalizeObservation: false, logStdInit: 0,
 *   ...resolveRmspropConfig({}),
 * }, { algorithm: "x", who: "X", critic: true, streams: ["agent", "act"], annealSteps: 1 });
 * const action = kit.act(new Float32Array(4), { deterministic: true }); // 0 or 1
 * ```
 */
export class OnPolicyKit {
  /** The algorithm's short name. */
  readonly algorithm: string;
  /** The agent's name in messages. */
  readonly who: string;
  /** The config the kit was built from. */
  readonly config: Readonly<OnPolicyConfig>;
  /** The training envs (reset). */
  readonly envs: SyncVectorEnv;
  /** Actor (and critic). */
  readonly policy: ActorCritic;
  /** The optimizer over every parameter of the policy. */
  readonly optimizer: RMSprop;
  /** Reward scaling, or `null`. */
  readonly rewardNormalizer: RewardNormalizer | null;
  /** The named generators (`agent` samples training actions, `act` serves `act()`...). */
  readonly rngs: Readonly<Record<string, Random>>;
  /** Environment steps so far (all sub-envs). */
  globalStep = 0;
  /** Updates so far. */
  numUpdates = 0;
  #lrSchedule: Schedule;
  #obs: Float32Array;
  #action: Float32Array;
  #logProb = new Float32Array(1);

  /** Builds and resets the envs, then builds the policy and the optimizer. */
  constructor(config: Readonly<OnPolicyConfig>, options: OnPolicyKitOptions) {
    this.algorithm = options.algorithm;
    this.who = options.who;
    this.config = config;
    const root = new Random(config.seed);
    this.envs = makeTrainingEnvs(
      options.createEnv,
      config.numEnvs,
      config.seed,
      config.normalizeObservation,
    );
    this.policy = new ActorCritic({
      obsDim: this.envs.obsDim,
      actionSpace: this.envs.singleActionSpace,
      hiddenSizes: config.hiddenSizes,
      activation: config.activation,
      critic: options.critic,
      rng: root.child("init"),
      logStdInit: config.logStdInit,
    });
    this.optimizer = new RMSprop(
      this.policy.parameters(),
      rmspropOptionsFromConfig(config, config.learningRate),
    );
    this.rewardNormalizer = config.normalizeReward === true
      ? new RewardNormalizer(config.numEnvs, { gamma: config.gamma })
      : null;
    const rngs: Record<string, Random> = {};
    for (const name of options.streams) rngs[name] = root.child(name);
    this.rngs = rngs;
    // lr(progress) = learningRate · (1 − progress / annealSteps), clamped at 0.
    this.#lrSchedule = linearSchedule(config.learningRate, 0, options.annealSteps);
    this.#obs = new Float32Array(this.policy.obsDim);
    this.#action = new Float32Array(this.policy.actDim);
  }

  /**
   * A rollout buffer of `numSteps` vector steps and the collector that fills it from these envs
   * with this policy, sampling from the `agent` stream.
   */
  rolloutCollector(numSteps: number): RolloutCollector {
    const buffer = new RolloutBuffer({
      numSteps,
      numEnvs: this.config.numEnvs,
      obsDim: this.envs.obsDim,
      actDim: this.policy.actDim,
    });
    return new RolloutCollector({
      envs: this.envs,
      policy: this.policy,
      buffer,
      rng: this.rngs.agent,
      rewardNormalizer: this.rewardNormalizer,
    });
  }

  /** Sets and returns the lr: annealed at `progress` if `annealLr`, else `learningRate`. */
  setLearningRate(progress: number): number {
    const c = this.config;
    const lr = c.annealLr ? this.#lrSchedule(progress) : c.learningRate;
    this.optimizer.lr = lr;
    return lr;
  }

  /**
   * The action for one raw observation: normalised with the training envs' statistics (read, not
   * updated), then the mode or a sample from the `act` stream; continuous actions are clipped.
   *
   * @throws {TypeError} if the observation is not a `Float32Array` of the env's length.
   */
  act(observation: Float32Array, options: ActOptions): number | Float32Array {
    const policy = this.policy, obs = this.#obs, action = this.#action;
    checkObservation(`act with ${this.who}`, observation, policy.obsDim);
    const rms = this.envs.obsRms;
    if (rms !== null) rms.normalize(observation, obs, 1, OBS_NORMALIZATION);
    else obs.set(observation);
    if (options.deterministic === true) policy.mode(obs, 1, action);
    else policy.sample(obs, 1, this.rngs.act, action, this.#logProb);
    if (policy.discrete) return action[0];
    const out = new Float32Array(policy.actDim);
    policy.toEnvActions(action, 1, out);
    return out;
  }

  /**
   * `learn(steps)` of a rollout agent (A2C, PPO): `steps / numEnvs` vector steps of collection,
   * calling `update` (then emptying the buffer) whenever the rollout fills.
   *
   * @throws {RangeError} if `steps` is not a non-negative multiple of `numEnvs`.
   */
  learnRollouts(
    steps: number,
    collector: RolloutCollector,
    update: () => UpdateRecord,
  ): LearnReport {
    const n = this.config.numEnvs, buffer = collector.buffer;
    const count = vectorSteps(this.who, steps, n);
    const episodes: EpisodeRecord[] = [];
    const updates: UpdateRecord[] = [];
    for (let k = 0; k < count; k++) {
      this.globalStep += n;
      collector.step(this.globalStep, episodes);
      if (buffer.full) {
        updates.push(update());
        buffer.pos = 0;
      }
    }
    return { episodes, updates, globalStep: this.globalStep };
  }

  /** Counts an update made now and returns its record: `{ step: globalStep, values }`. */
  record(values: Record<string, number>): UpdateRecord {
    this.numUpdates++;
    return { step: this.globalStep, values };
  }

  /** The agent's state: counters, policy, optimizer, streams, `buffer`, envs, reward scaling. */
  state(buffer: Stateful): AgentState {
    return {
      algorithm: this.algorithm,
      globalStep: this.globalStep,
      numUpdates: this.numUpdates,
      policy: this.policy.state(),
      optimizer: this.optimizer.state(),
      rngs: saveRngs(this.rngs),
      buffer: buffer.state(),
      envs: this.envs.snapshot(),
      rewardNormalizer: this.rewardNormalizer?.state() ?? null,
    };
  }

  /**
   * Restores {@linkcode OnPolicyKit.state}'s tree (or one saved before the names were unified).
   *
   * @throws {TypeError} if the state is not one of this agent or does not fit it.
   */
  loadState(state: AgentState, buffer: Stateful): void {
    const who = this.who;
    const s = checkAgentState(who, this.algorithm, state, ["globalStep", "numUpdates"], this.rngs);
    if ((s.rewardNormalizer === null) !== (this.rewardNormalizer === null)) {
      throw new TypeError(
        `Cannot restore ${who}: reward normalisation is ${
          this.rewardNormalizer === null ? "off" : "on"
        } here but not in the state`,
      );
    }
    this.policy.loadState(s.policy as ActorCriticState);
    this.optimizer.loadState(s.optimizer as RMSpropState);
    buffer.loadState(s.buffer as never);
    this.envs.restore(s.envs as SyncVectorEnvSnapshot);
    this.rewardNormalizer?.loadState(s.rewardNormalizer as RewardNormalizerState);
    loadRngs(this.rngs, s);
    this.globalStep = s.globalStep as number;
    this.numUpdates = s.numUpdates as number;
  }
}

/**
 * `1 − Var(returns − values) / Var(returns)` (population variances, NaN when Var(returns) = 0),
 * CleanRL's `explained_var`.
 *
 * @example
 * ```ts
 * import { explainedVariance } from "./on_policy.ts";
 * explainedVariance([1, 2], [1, 2], 2); // 1
 * ```
 */
export function explainedVariance(
  values: ArrayLike<number>,
  returns: ArrayLike<number>,
  n: number,
): number {
  let my = 0, md = 0;
  for (let i = 0; i < n; i++) {
    my += returns[i];
    md += returns[i] - values[i];
  }
  my /= n;
  md /= n;
  let vy = 0, vd = 0;
  for (let i = 0; i < n; i++) {
    const y = returns[i] - my, d = returns[i] - values[i] - md;
    vy += y * y;
    vd += d * d;
  }
  return vy === 0 ? NaN : 1 - vd / vy;
}

/**
 * In place: (x − mean) / (std + 1e-8) with torch's unbiased std, over the first `n` values.
 *
 * @example
 * ```ts
 * import { normalizeAdvantages } from "./on_policy.ts";
 * const adv = new Float64Array([1, 3]);
 * normalizeAdvantages(adv, 2); // ≈ [−0.707, 0.707]
 * ```
 */
export function normalizeAdvantages(x: Float64Array, n: number): void {
  let mean = 0;
  for (let k = 0; k < n; k++) mean += x[k];
  mean /= n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (x[k] - mean) * (x[k] - mean);
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  for (let k = 0; k < n; k++) x[k] = (x[k] - mean) / (std + 1e-8);
}
