/**
 * The agent registry: every agent by name, with its config declaration, the action spaces it
 * supports and a one-line description. The CLI (train, eval, play, sweep, benchmark), the presets
 * and checkpoint loading take everything from here. The built-in agents are registered below, one
 * line each; user code adds its own with {@linkcode registerAgent}.
 *
 * @example
 * ```ts
 * import { agentNames, createAgent } from "@seeded/rl";
 * console.log(agentNames()); // ["reinforce", "a2c", "ppo", "dqn"]
 * const agent = createAgent("ppo", { env: "CartPole-v1", seed: 1 });
 * ```
 *
 * @module
 */
import type { Agent } from "../agents/common/agent.ts";
import type { ActionSpaceKind, AgentDefinition } from "../agents/common/agent_definition.ts";
import { REINFORCE_DEFINITION } from "../agents/reinforce.ts";
import { A2C_DEFINITION } from "../agents/a2c.ts";
import { PPO_DEFINITION } from "../agents/ppo.ts";
import { DQN_DEFINITION } from "../agents/dqn.ts";
import { make } from "../envs/registry.ts";

const REGISTRY = new Map<string, AgentDefinition>();

/**
 * Adds an agent to the registry, after which `createAgent`, presets, `deno task train --agent`
 * and checkpoint loading know it by `definition.name`.
 *
 * @throws {TypeError} for a malformed definition.
 * @throws {RangeError} if the name is taken.
 * @example
 * ```ts
 * import { PPO, PPO_CONFIG, registerAgent } from "@seeded/rl";
 * registerAgent({
 *   name: "ppo-alias",
 *   description: "PPO under another name.",
 *   actionSpaces: ["discrete", "box"],
 *   config: PPO_CONFIG,
 *   create: (options) => new PPO(options),
 * });
 * ```
 */
export function registerAgent(definition: AgentDefinition): void {
  const { name, create, config, actionSpaces } = definition ?? {};
  if (typeof name !== "string" || !/^[a-z][a-z0-9_-]*$/.test(name)) {
    throw new TypeError(
      `Cannot register agent: name must be lower case letters, digits, "-" or "_", got ${name}`,
    );
  }
  if (typeof create !== "function" || typeof config?.fields !== "object") {
    throw new TypeError(`Cannot register agent "${name}": it needs create() and config.fields`);
  }
  if (!Array.isArray(actionSpaces) || actionSpaces.length === 0) {
    throw new TypeError(`Cannot register agent "${name}": actionSpaces must list "discrete"/"box"`);
  }
  if (REGISTRY.has(name)) {
    throw new RangeError(`Cannot register agent "${name}": the name is already registered`);
  }
  REGISTRY.set(name, definition);
}

// The built-in agents, simplest first (one line each).
registerAgent(REINFORCE_DEFINITION);
registerAgent(A2C_DEFINITION);
registerAgent(PPO_DEFINITION);
registerAgent(DQN_DEFINITION);

/**
 * The registered agent names, in registration order (the built-in ones simplest first).
 *
 * @example
 * ```ts
 * import { agentNames } from "@seeded/rl";
 * console.log(agentNames().join(", "));
 * ```
 */
export function agentNames(): string[] {
  return [...REGISTRY.keys()];
}

/**
 * The registered definition of an agent.
 *
 * @throws {RangeError} for an unknown name, listing the known ones.
 * @example
 * ```ts
 * import { agentDefinition } from "@seeded/rl";
 * console.log(agentDefinition("dqn").actionSpaces); // ["discrete"]
 * ```
 */
export function agentDefinition(name: string): AgentDefinition {
  const definition = REGISTRY.get(name);
  if (definition === undefined) {
    throw new RangeError(
      `Unknown agent "${name}": expected one of ${agentNames().join(", ")}`,
    );
  }
  return definition;
}

/**
 * Whether the named agent can act in an action space of this kind.
 *
 * @throws {RangeError} for an unknown agent name.
 * @example
 * ```ts
 * import { agentSupports } from "@seeded/rl";
 * console.log(agentSupports("dqn", "box")); // false
 * ```
 */
export function agentSupports(name: string, kind: ActionSpaceKind): boolean {
  return agentDefinition(name).actionSpaces.includes(kind);
}

/**
 * Builds the named agent from a config object (every field optional; `env` defaults to
 * CartPole-v1). An env whose action space the agent does not support is refused before anything
 * is built.
 *
 * @throws {RangeError} for an unknown agent name, or whatever the agent's constructor throws for
 * a bad config.
 * @throws {TypeError} for an env whose action space the agent does not support.
 * @example
 * ```ts
 * import { createAgent } from "@seeded/rl";
 * const dqn = createAgent("dqn", { env: "CartPole-v1", seed: 2, learningStarts: 100 });
 * ```
 */
export function createAgent(name: string, config: Record<string, unknown>): Agent {
  const definition = agentDefinition(name);
  const env = config?.env;
  if (typeof env === "string") {
    const kind = make(env).actionSpace.kind;
    if (!definition.actionSpaces.includes(kind)) {
      throw new TypeError(
        `Cannot create ${name}: env "${env}" has a ${
          kind === "box" ? "continuous (Box)" : "Discrete"
        } action space; ${name} supports ${definition.actionSpaces.join(" and ")} actions only`,
      );
    }
  }
  return definition.create(config);
}
