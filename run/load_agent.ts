/**
 * {@linkcode loadAgent}: checkpoint bytes (from `agent.save()` or a run directory's `.ckpt` files)
 * back into a trained agent of the right class, found in the agent registry.
 *
 * @example
 * ```ts
 * import { DQN, loadAgent } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const agent = new DQN({ env: "CartPole-v1", seed: 1, learningStarts: 50 });
 * agent.learn(100);
 * const copy = loadAgent(agent.save());
 * assert.ok(copy instanceof DQN);
 * assert.equal(copy.globalStep, 100);
 * ```
 *
 * @module
 */
import type { Agent, AgentState } from "../agents/common/agent.ts";
import {
  type Checkpoint,
  CheckpointError,
  decodeCheckpoint,
  validateShapes,
} from "../core/checkpoint.ts";
import { createAgent } from "./agents.ts";

/** Options of {@linkcode loadAgent}. */
export interface LoadAgentOptions {
  /** The agent name the checkpoint must have been written by (any if omitted). */
  agent?: string;
  /** The env id the checkpoint must have been written for (any if omitted). */
  env?: string;
  /** The file name for error messages. */
  file?: string;
}

/**
 * Rebuilds an agent from a checkpoint: builds the named agent from the checkpoint's config,
 * checks that the saved state fits it, and restores the state. Training then continues exactly as
 * the saved agent's would have.
 *
 * @param bytes The checkpoint bytes (`agent.save()`, `saveAgent(agent)`, a `.ckpt` file).
 * @param options What to expect, and the file name for messages.
 * @returns The agent, of the class named in the checkpoint (`PPO`, `DQN`...).
 * @throws {CheckpointError} if the bytes are not a valid checkpoint, not the expected agent or
 *   env, or their config or state does not build the agent (`malformed`, `shape-mismatch`).
 * @example
 * ```ts
 * import { loadAgent, PPO } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const agent = new PPO({ env: "CartPole-v1", seed: 1, numSteps: 16 });
 * agent.learn(64);
 * const copy = loadAgent(agent.save(), { agent: "ppo" });
 * assert.deepEqual(copy.learn(64), agent.learn(64)); // bit for bit
 * ```
 */
export function loadAgent(bytes: Uint8Array, options: LoadAgentOptions = {}): Agent {
  return restoreAgent(decodeCheckpoint(bytes, { ...options, copy: true }), options.file);
}

/**
 * The agent of an already decoded checkpoint (see {@linkcode loadAgent}); the state's typed arrays
 * are copied into the agent's own memory.
 *
 * @param checkpoint A decoded checkpoint.
 * @param file The file name for error messages.
 * @returns The agent with the checkpoint's state.
 * @throws {CheckpointError} as {@linkcode loadAgent} does.
 * @example
 * ```ts
 * import { agentCheckpoint, Reinforce, restoreAgent } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const agent = new Reinforce({ env: "CartPole-v1", seed: 1 });
 * agent.learn(200);
 * assert.equal(restoreAgent(agentCheckpoint(agent)).globalStep, 200);
 * ```
 */
export function restoreAgent(checkpoint: Checkpoint, file?: string): Agent {
  const at = file === undefined ? "" : ` ${file}`;
  let agent: Agent;
  try {
    agent = createAgent(checkpoint.agent, checkpoint.config as Record<string, unknown>);
  } catch (e) {
    throw new CheckpointError(
      "malformed",
      `Cannot load checkpoint${at}: its config does not build a ${
        JSON.stringify(checkpoint.agent)
      } agent: ${(e as Error).message}`,
      { file, cause: e },
    );
  }
  validateShapes(checkpoint.state, agent.state(), { file });
  agent.loadState(checkpoint.state as AgentState);
  return agent;
}
