/**
 * The agents, simplest first: REINFORCE, A2C, PPO, DQN. Each file reads top to bottom (config,
 * networks, `act`, the update).
 *
 * @example
 * ```ts
 * import { DQN } from "@seeded/rl";
 * const agent = new DQN({ env: "CartPole-v1", seed: 1 });
 * ```
 *
 * @module
 */
export * from "./reinforce.ts";
export * from "./a2c.ts";
export * from "./ppo.ts";
export * from "./dqn.ts";
