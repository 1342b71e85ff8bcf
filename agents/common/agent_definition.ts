/**
 * What an agent file declares for the agent registry (`run/agents.ts`): its CLI name, a one-line
 * description, the action spaces it supports, its config declaration and how to build it. Adding
 * an agent is one file that exports an {@linkcode AgentDefinition} plus one line in the registry
 * (or one `registerAgent(definition)` call in user code).
 *
 * @example
 * ```ts
 * import type { AgentDefinition } from "@seeded/rl";
 * import { PPO, PPO_CONFIG } from "@seeded/rl";
 * const mine: AgentDefinition = {
 *   name: "my-ppo",
 *   description: "PPO under another name.",
 *   actionSpaces: ["discrete", "box"],
 *   config: PPO_CONFIG,
 *   create: (options) => new PPO(options),
 * };
 * ```
 *
 * @module
 */
import type { Agent } from "./agent.ts";
import type { AgentConfigSpec } from "./config.ts";

/** The kinds of action space (the `kind` of `Discrete` and `Box`). */
export type ActionSpaceKind = "discrete" | "box";

/** One agent as the registry, the CLI, sweeps, presets and checkpoint loading see it. */
export interface AgentDefinition {
  /** The name used by `--agent`, presets and run directories (lower case, e.g. `"ppo"`). */
  readonly name: string;
  /** One line for `--help` and the docs. */
  readonly description: string;
  /** The action spaces the agent can act in. */
  readonly actionSpaces: readonly ActionSpaceKind[];
  /** The agent's config declaration: every field, its default, range and doc line. */
  readonly config: AgentConfigSpec;
  /** Builds the agent from options (any subset of its config; the constructor validates them). */
  readonly create: (options: Record<string, unknown>) => Agent;
}
