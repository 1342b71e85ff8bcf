/**
 * {@linkcode RolloutCollector}: one vector step of on-policy data collection (A2C, PPO) — sample
 * actions, record log-probabilities and values, step the {@linkcode SyncVectorEnv}, normalise
 * rewards, and bootstrap truncated episodes from V(final observation) — with no allocation.
 *
 * @example
 * ```ts
 * import {
 *   ActorCritic, make, Random, RolloutBuffer, RolloutCollector, SyncVectorEnv,
 * } from "@seeded/rl";
 * const envs = new SyncVectorEnv(() => make("CartPole-v1"), 2, { seed: 1 });
 * envs.reset();
 * const policy = new ActorCritic({
 *   obsDim: 4, actionSpace: envs.singleActionSpace, hiddenSizes: [8], activation: "tanh",
 *   critic: true, rng: new Random(0),
 * });
 * const buffer = new RolloutBuffer({ numSteps: 4, numEnvs: 2, obsDim: 4, actDim: 1 });
 * const collector = new RolloutCollector({
 *   envs, policy, buffer, rng: new Random(1), rewardNormalizer: null,
 * });
 * collector.step(2, []);
 * ```
 *
 * @module
 */
import type { EpisodeRecord } from "./agent.ts";
import { episodeRecord } from "./training_envs.ts";
import { computeGae } from "../../core/buffers/gae.ts";
import type { RolloutBuffer } from "../../core/buffers/rollout.ts";
import type { ActorCritic } from "./policy.ts";
import type { Random } from "../../core/random.ts";
import type { RewardNormalizer } from "./reward_normalizer.ts";
import type { SyncVectorEnv } from "../../env/vector_env.ts";

/** Options of {@linkcode RolloutCollector}. */
export interface RolloutCollectorOptions {
  /** The training envs (already reset). */
  envs: SyncVectorEnv;
  /** The policy with a critic. */
  policy: ActorCritic;
  /** Where transitions go (row `buffer.pos`). */
  buffer: RolloutBuffer;
  /** The action-sampling stream (the run's `agent` stream). */
  rng: Random;
  /** Reward scaling, or `null` to store raw rewards. */
  rewardNormalizer: RewardNormalizer | null;
}

/**
 * Collects transitions into a {@linkcode RolloutBuffer}, one vector step per call.
 *
 * Per step: for the current (normalised) observations, sample `a ~ π(·|s)`, store `a` (unclipped),
 * `log π(a|s)` and `V(s)`; step the envs with the actions clipped to the action space; store the
 * (optionally normalised) rewards and `done = terminated || truncated`. Where an episode was
 * truncated and not terminated, `terminalValues = V(final observation)` (the observation is
 * normalised like every other one by the vector env); where it terminated, 0. Finished episodes
 * are appended to the caller's list with their raw return.
 *
 * @example
 * ```ts
 * import {
 *   ActorCritic, make, Random, RolloutBuffer, RolloutCollector, SyncVectorEnv,
 * } from "@seeded/rl";
 * const envs = new SyncVectorEnv(() => make("CartPole-v1"), 1, { seed: 1 });
 * envs.reset();
 * const policy = new ActorCritic({
 *   obsDim: 4, actionSpace: envs.singleActionSpace, hiddenSizes: [8], activation: "tanh",
 *   critic: true, rng: new Random(0),
 * });
 * const buffer = new RolloutBuffer({ numSteps: 8, numEnvs: 1, obsDim: 4, actDim: 1 });
 * const rng = new Random(1);
 * const c = new RolloutCollector({ envs, policy, buffer, rng, rewardNormalizer: null });
 * while (!buffer.full) c.step(buffer.pos + 1, []);
 * c.bootstrap(); // buffer.lastValues = V(current observations)
 * ```
 */
export class RolloutCollector {
  /** The training envs. */
  readonly envs: SyncVectorEnv;
  /** The policy. */
  readonly policy: ActorCritic;
  /** The storage. */
  readonly buffer: RolloutBuffer;
  /** The action-sampling stream. */
  readonly rng: Random;
  /** Reward scaling, or `null`. */
  readonly rewardNormalizer: RewardNormalizer | null;
  #actions: Float32Array;
  #logProbs: Float32Array;
  #envActions: Float32Array;

  /**
   * Creates a collector over existing envs, policy and buffer.
   *
   * @throws {RangeError} if the sizes of the envs, policy and buffer disagree.
   */
  constructor(options: RolloutCollectorOptions) {
    const { envs, policy, buffer } = options;
    if (
      envs.numEnvs !== buffer.numEnvs || envs.obsDim !== buffer.obsDim ||
      policy.actDim !== buffer.actDim || policy.obsDim !== envs.obsDim
    ) {
      throw new RangeError(
        `Cannot create RolloutCollector: env (${envs.numEnvs} × obs ${envs.obsDim}), policy (obs ${policy.obsDim}, act ${policy.actDim}) and buffer (${buffer.numEnvs} × obs ${buffer.obsDim}, act ${buffer.actDim}) must agree`,
      );
    }
    this.envs = envs;
    this.policy = policy;
    this.buffer = buffer;
    this.rng = options.rng;
    this.rewardNormalizer = options.rewardNormalizer;
    const n = envs.numEnvs;
    this.#actions = new Float32Array(n * policy.actDim);
    this.#logProbs = new Float32Array(n);
    this.#envActions = new Float32Array(n * policy.actDim);
  }

  /**
   * Collects one vector step into row `buffer.pos` and increments it.
   *
   * @param stepAfter The global step after this vector step (recorded on finished episodes).
   * @param episodes Finished episodes are appended here.
   * @throws {RangeError} if the buffer is already full.
   */
  step(stepAfter: number, episodes: EpisodeRecord[]): void {
    const envs = this.envs, buf = this.buffer, policy = this.policy;
    if (buf.pos >= buf.numSteps) {
      throw new RangeError(
        `Cannot collect: the rollout buffer is full (${buf.numSteps} steps); update first`,
      );
    }
    const n = envs.numEnvs;
    const base = buf.pos * n;
    const obs = envs.observations;
    buf.observations.set(obs, base * envs.obsDim);
    policy.sample(obs, n, this.rng, this.#actions, this.#logProbs);
    buf.actions.set(this.#actions, base * policy.actDim);
    buf.logProbs.set(this.#logProbs, base);
    policy.values(obs, n, buf.values, base);
    policy.toEnvActions(this.#actions, n, this.#envActions);

    envs.step(this.#envActions);

    if (this.rewardNormalizer !== null) {
      this.rewardNormalizer.normalize(
        envs.rewards,
        envs.terminated,
        envs.truncated,
        buf.rewards,
        base,
      );
    } else {
      for (let i = 0; i < n; i++) buf.rewards[base + i] = envs.rewards[i];
    }
    for (let i = 0; i < n; i++) {
      if (envs.hasFinalObservation[i] !== 0) {
        buf.dones[base + i] = 1;
        // Truncation is not termination: a time-limited episode bootstraps from V(s_final).
        buf.terminalValues[base + i] = envs.terminated[i] !== 0
          ? 0
          : policy.valueOfRow(envs.finalObservation, i);
        episodes.push(episodeRecord(envs, i, stepAfter));
      } else {
        buf.dones[base + i] = 0;
        buf.terminalValues[base + i] = 0;
      }
    }
    buf.pos++;
  }

  /**
   * Writes V(current observations) into `buffer.lastValues`: the bootstrap of the unfinished
   * episodes at the end of a rollout.
   */
  bootstrap(): void {
    this.policy.values(this.envs.observations, this.envs.numEnvs, this.buffer.lastValues, 0);
  }

  /**
   * Ends a full rollout: {@linkcode RolloutCollector.bootstrap}, then GAE(λ) advantages and the
   * value targets `returns = advantages + values` into the buffer.
   */
  computeAdvantages(gamma: number, gaeLambda: number): void {
    const buf = this.buffer;
    this.bootstrap();
    computeGae({ ...buf.gaeInput(), gamma, gaeLambda }, buf.advantages, buf.returns);
  }
}
