/**
 * {@linkcode evaluate}: the deterministic policy of an agent on a separate, separately seeded
 * evaluation env; mean and standard deviation of the episode returns.
 *
 * @example
 * ```ts
 * import { evaluate, PPO } from "@seeded/rl";
 * const agent = new PPO({ env: "CartPole-v1", seed: 1 });
 * agent.learn(512);
 * const { mean, std } = evaluate(agent, { episodes: 5, seed: 100 });
 * ```
 *
 * @module
 */
import type { Agent } from "../agents/common/agent.ts";
import { makeEnvSource } from "../envs/registry.ts";
import type { Env } from "../env/env.ts";

/** Options of {@linkcode evaluate}. */
export interface EvaluateOptions {
  /**
   * The evaluation env: an env id for `make(id)` (with its registered time limit) or an env
   * instance the caller owns. @default {the agent's `config.env`: its env id or env factory}
   */
  env?: string | Env<Float32Array, number | Float32Array>;
  /** Number of episodes, a positive integer. */
  episodes: number;
  /** Seed of the first `reset`; later episodes continue the env's stream (Gymnasium's rule). */
  seed: number;
  /** Sample from the policy instead of taking its most likely action. @default {false} */
  stochastic?: boolean;
  /** Stop an episode after this many steps even without a time limit (counted as finished). @default {1000000} */
  maxEpisodeSteps?: number;
}

/** What {@linkcode evaluate} returns. */
export interface EvaluateResult {
  /** Mean episode return. */
  mean: number;
  /** Population standard deviation of the episode returns. */
  std: number;
  /** Every episode's undiscounted return, in order. */
  returns: number[];
  /** Every episode's length, in order. */
  lengths: number[];
}

/**
 * Runs `episodes` episodes of the agent's deterministic policy (`act(obs, { deterministic: true
 * })`) on a fresh env, reset with `seed` once and then continuing its stream. Training is not
 * touched: the agent's envs, generators and statistics are unchanged, and observations are
 * normalised with the agent's frozen training statistics inside `act`.
 *
 * @throws {RangeError} if `episodes` is not a positive integer or `seed` is not an integer.
 * @example
 * ```ts
 * import { evaluate, PPO } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const agent = new PPO({ env: "CartPole-v1", seed: 1 });
 * const result = evaluate(agent, { episodes: 3, seed: 7 });
 * assert.equal(result.returns.length, 3);
 * ```
 */
export function evaluate(agent: Agent, options: EvaluateOptions): EvaluateResult {
  const { episodes, seed, stochastic = false, maxEpisodeSteps = 1_000_000 } = options;
  if (!(Number.isSafeInteger(episodes) && episodes > 0)) {
    throw new RangeError(`Cannot evaluate: episodes must be a positive integer, got ${episodes}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`Cannot evaluate: seed must be an integer, got ${seed}`);
  }
  if (!(Number.isSafeInteger(maxEpisodeSteps) && maxEpisodeSteps > 0)) {
    throw new RangeError(
      `Cannot evaluate: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`,
    );
  }
  const envOption = options.env ?? agent.config.env ?? agent.envId;
  const env = typeof envOption === "object"
    ? envOption as Env<Float32Array, number | Float32Array>
    : makeEnvSource(envOption as string, "evaluate").create();
  const actOptions = { deterministic: !stochastic };
  const returns: number[] = [];
  const lengths: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let { observation } = env.reset(e === 0 ? { seed } : undefined);
    let total = 0, length = 0;
    for (;;) {
      const step = env.step(agent.act(observation, actOptions));
      total += step.reward;
      length++;
      observation = step.observation;
      if (step.terminated || step.truncated || length >= maxEpisodeSteps) break;
    }
    returns.push(total);
    lengths.push(length);
  }
  let mean = 0;
  for (const r of returns) mean += r;
  mean /= episodes;
  let v = 0;
  for (const r of returns) v += (r - mean) * (r - mean);
  return { mean, std: Math.sqrt(v / episodes), returns, lengths };
}
