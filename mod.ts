/**
 * seeded-rl: Gymnasium-faithful classic-control environments, policy-gradient and DQN agents, one
 * shared RMSprop optimizer over typed arrays, and seeded runs that reproduce bit for bit.
 *
 * @example
 * ```ts
 * import { Random } from "@seeded/rl";
 * const rng = new Random(1);
 * ```
 *
 * @module
 */
export * from "./src/random.ts";
export * from "./src/spaces.ts";
export * from "./src/env.ts";
export * from "./src/agent.ts";
export * from "./src/buffers/gae.ts";
export * from "./src/train/curves.ts";
export * from "./src/train/checkpoint.ts";
export * from "./src/running_mean_std.ts";
export * from "./src/wrappers.ts";
export * from "./src/vector_env.ts";
export * from "./src/env_checker.ts";
export * from "./envs/mod.ts";
export * from "./src/optim/rmsprop.ts";
export * from "./src/optim/rmsprop_config.ts";
export * from "./src/optim/sgd.ts";
export * from "./src/optim/adagrad.ts";
export * from "./src/optim/clip.ts";
export * from "./src/optim/schedule.ts";
export * from "./src/nn/mlp.ts";
export * from "./src/nn/losses.ts";
export * from "./src/nn/distributions.ts";
export * from "./agents/mod.ts";
export * from "./src/presets.ts";
export * from "./src/train/evaluate.ts";
export * from "./src/train/runner.ts";
export * from "./src/train/agents.ts";
export * from "./src/train/sweep_plan.ts";
export * from "./src/buffers/replay.ts";
export * from "./src/buffers/rollout.ts";
export * from "./src/policy.ts";
export * from "./src/buffers/episode_buffer.ts";
export * from "./src/agent_config.ts";
export * from "./src/reward_normalizer.ts";
export * from "./src/rollout_collector.ts";
