/**
 * The agent contract shared by every algorithm (REINFORCE, A2C, PPO, DQN).
 *
 * Agents own their training environments. `learn(steps)` advances training by exactly `steps`
 * environment steps (every sub-env step counts), and all progress — partial rollouts, schedules,
 * counters, generators, replay buffer, optimizer — lives in the agent, so `learn(a); learn(b)` is
 * bit-identical to `learn(a + b)`, and `state()` / `loadState()` resume exactly.
 *
 * @example
 * ```ts
 * import type { Agent, LearnReport } from "@seeded/rl";
 * function train(agent: Agent, steps: number): LearnReport {
 *   return agent.learn(steps);
 * }
 * ```
 *
 * @module
 */

/** One finished training episode. */
export interface EpisodeRecord {
  /** The global step (environment steps so far, all sub-envs) at which the episode ended. */
  step: number;
  /** The undiscounted return of the episode (raw rewards, before any normalisation). */
  return: number;
  /** The number of steps in the episode. */
  length: number;
}

/** One gradient update (or one batch of updates) and what it measured. */
export interface UpdateRecord {
  /** The global step at which the update happened. */
  step: number;
  /** Losses and diagnostics with CleanRL's key names, e.g. `losses/value_loss`, `charts/learning_rate`. */
  values: Record<string, number>;
}

/** What {@linkcode Agent.learn} returns. */
export interface LearnReport {
  /** Episodes that finished during this call, in order. */
  episodes: EpisodeRecord[];
  /** Updates made during this call, in order. */
  updates: UpdateRecord[];
  /** The global step after this call. */
  globalStep: number;
}

/** Options of {@linkcode Agent.act}. */
export interface ActOptions {
  /** Take the most likely action (greedy / the mean) instead of sampling. Default `false`. */
  deterministic?: boolean;
}

/**
 * The saved state of an agent: a JSON-able tree whose leaves may be typed arrays
 * (see `encodeCheckpoint`).
 *
 * @example
 * ```ts
 * import type { AgentState } from "@seeded/rl";
 * const s: AgentState = { globalStep: 0, policy: new Float32Array(4) };
 * ```
 */
export type AgentState = { [key: string]: unknown };

/**
 * What every agent implements.
 *
 * @example
 * ```ts
 * import type { Agent } from "@seeded/rl";
 * function greedy(agent: Agent, obs: Float32Array): number | Float32Array {
 *   return agent.act(obs, { deterministic: true });
 * }
 * ```
 */
export interface Agent {
  /** The algorithm's short name: `"reinforce"`, `"a2c"`, `"ppo"` or `"dqn"`. */
  readonly algorithm: string;
  /** The id of the training environment. */
  readonly envId: string;
  /** Environment steps taken so far (all sub-envs). */
  readonly globalStep: number;
  /** The fully resolved configuration (every default filled in), JSON-able. */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * The action for one raw observation (the agent applies its own observation normalisation).
   * Discrete agents return an integer, continuous ones a new `Float32Array` clipped to the space.
   */
  act(observation: Float32Array, options?: ActOptions): number | Float32Array;
  /** Advances training by exactly `steps` environment steps. */
  learn(steps: number): LearnReport;
  /** The complete training state. */
  state(): AgentState;
  /** Restores a state from {@linkcode Agent.state} of an agent built with the same config. */
  loadState(state: AgentState): void;
  /** The agent as checkpoint bytes (the CLI's `.ckpt` format); `loadAgent(bytes)` restores it. */
  save(): Uint8Array;
}
