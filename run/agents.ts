/**
 * The agents by name, for code that picks one at run time (the CLI, sweeps, checkpoints).
 *
 * @example
 * ```ts
 * import { createAgent } from "@seeded/rl";
 * const agent = createAgent("ppo", { env: "CartPole-v1", seed: 1 });
 * ```
 *
 * @module
 */
import type { Agent } from "../agents/common/agent.ts";
import { Reinforce } from "../agents/reinforce.ts";
import { A2C } from "../agents/a2c.ts";
import { PPO } from "../agents/ppo.ts";
import { DQN } from "../agents/dqn.ts";

/** The agent names, simplest first. */
export const AGENT_NAMES: readonly string[] = Object.freeze(["reinforce", "a2c", "ppo", "dqn"]);

/**
 * Builds the named agent from a config object (`env` required; everything else optional).
 *
 * @throws {RangeError} for an unknown agent name, or whatever the agent's constructor throws for
 * a bad config.
 * @example
 * ```ts
 * import { createAgent } from "@seeded/rl";
 * const dqn = createAgent("dqn", { env: "CartPole-v1", seed: 2, learningStarts: 100 });
 * ```
 */
export function createAgent(name: string, config: Record<string, unknown>): Agent {
  const options = config as { env: string };
  switch (name) {
    case "reinforce":
      return new Reinforce(options);
    case "a2c":
      return new A2C(options);
    case "ppo":
      return new PPO(options);
    case "dqn":
      return new DQN(options);
    default:
      throw new RangeError(
        `Unknown agent "${name}": expected one of ${AGENT_NAMES.join(", ")}`,
      );
  }
}
