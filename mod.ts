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
export * from "./core/random.ts";
export * from "./core/text.ts";
export * from "./core/spaces.ts";
export * from "./env/env.ts";
export * from "./env/env_adapter.ts";
export {
  type EnvRegistration,
  type EnvSource,
  envSpec,
  makeEnvSource,
  makeVec,
  type MakeVecOptions,
  register,
  registry,
  type ResolvedEnvSource,
} from "./env/registry.ts"; // the typed make() comes from envs/
export * from "./agents/common/agent.ts";
export * from "./agents/common/finite.ts";
export * from "./core/buffers/gae.ts";
export * from "./run/curves.ts";
export * from "./run/stats.ts";
export * from "./core/checkpoint.ts";
export * from "./core/save_agent.ts";
export * from "./core/memory_limit.ts";
export * from "./core/running_mean_std.ts";
export * from "./env/wrappers/mod.ts";
export * from "./env/vector_env.ts";
export * from "./env/env_checker.ts";
export * from "./envs/mod.ts";
export * from "./core/optim/rmsprop.ts";
export * from "./core/optim/float32_arena.ts";
export * from "./core/optim/rmsprop_config.ts";
export * from "./core/optim/sgd.ts";
export * from "./core/optim/adagrad.ts";
export * from "./core/optim/clip.ts";
export * from "./core/optim/schedule.ts";
export * from "./core/nn/mlp.ts";
export * from "./core/nn/losses.ts";
export * from "./core/nn/distributions.ts";
export * from "./agents/mod.ts";
export * from "./run/presets.ts";
export * from "./run/evaluate.ts";
export * from "./run/runner.ts";
export * from "./run/agents.ts";
export * from "./run/load_agent.ts";
export * from "./run/export_policy.ts";
export * from "./run/sweep_plan.ts";
export * from "./core/buffers/replay.ts";
export * from "./core/buffers/sum_tree.ts";
export * from "./core/buffers/prioritized_replay.ts";
export * from "./core/buffers/n_step.ts";
export * from "./core/buffers/rollout.ts";
export * from "./agents/common/policy.ts";
export * from "./core/buffers/episode_buffer.ts";
export * from "./core/config.ts";
export * from "./agents/common/config.ts";
export * from "./agents/common/agent_definition.ts";
export * from "./agents/common/reward_normalizer.ts";
export * from "./agents/common/rollout_collector.ts";
export * as math from "./core/math/mod.ts";
