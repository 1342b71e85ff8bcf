/**
 * {@linkcode saveAgent}: an agent as checkpoint bytes, the same `.ckpt` format the CLI writes
 * (see `core/checkpoint.ts`); every agent's `save()` calls it, and `loadAgent(bytes)` (run layer)
 * turns the bytes back into an agent of the right class.
 *
 * @example
 * ```ts
 * import { decodeCheckpoint, PPO, saveAgent } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const agent = new PPO({ env: "CartPole-v1", seed: 1, numSteps: 16 });
 * agent.learn(64);
 * const { counters } = decodeCheckpoint(saveAgent(agent), { agent: "ppo" });
 * assert.deepEqual(counters, { globalStep: 64 });
 * ```
 *
 * @module
 */
import { type Checkpoint, encodeCheckpoint } from "./checkpoint.ts";

/** What {@linkcode saveAgent} reads of an agent: the members every `Agent` has. */
export interface SaveableAgent {
  /** The algorithm's registry name, stored as the checkpoint's `agent`. */
  readonly algorithm: string;
  /** The environment id, stored as the checkpoint's `env`. */
  readonly envId: string;
  /** Environment steps so far, the default `counters.globalStep`. */
  readonly globalStep: number;
  /** The resolved config (plain data), from which the agent is rebuilt on load. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The complete training state. */
  state(): { [key: string]: unknown };
}

/** Options of {@linkcode agentCheckpoint} and {@linkcode saveAgent}. */
export interface SaveAgentOptions {
  /** The checkpoint's counters. @default {{ globalStep: agent.globalStep }} */
  counters?: Record<string, unknown>;
  /** Free-form extra information (versions, time...). @default {null} */
  meta?: unknown;
}

/**
 * The checkpoint of an agent: its algorithm, env id, config, counters and `state()` (whose
 * typed arrays are the agent's own memory or copies of it, as `state()` returns them: encode before
 * training on).
 *
 * @param agent The agent.
 * @param options Counters and meta.
 * @returns The checkpoint, for {@linkcode encodeCheckpoint} or a file writer.
 * @example
 * ```ts
 * import { agentCheckpoint, DQN } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const checkpoint = agentCheckpoint(new DQN({ env: "CartPole-v1" }), { meta: { note: "fresh" } });
 * assert.equal(checkpoint.agent, "dqn");
 * assert.deepEqual(checkpoint.counters, { globalStep: 0 });
 * ```
 */
export function agentCheckpoint(agent: SaveableAgent, options: SaveAgentOptions = {}): Checkpoint {
  return {
    agent: agent.algorithm,
    env: agent.envId,
    config: agent.config,
    counters: options.counters ?? { globalStep: agent.globalStep },
    state: agent.state(),
    meta: options.meta ?? null,
  };
}

/**
 * The agent as the bytes of a `.ckpt` checkpoint file: config, counters and the complete training
 * state (networks, optimizer, generators, buffers, partial rollouts), so that `loadAgent(bytes)`
 * continues training bit for bit as the agent would have.
 *
 * @param agent The agent.
 * @param options Counters and meta.
 * @returns The checkpoint bytes.
 * @throws {TypeError} if the config or state is not plain data (for example an env factory
 *   function as `config.env`).
 * @example
 * ```ts
 * import { A2C, loadAgent, saveAgent } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const agent = new A2C({ env: "CartPole-v1", seed: 2 });
 * agent.learn(160);
 * const copy = loadAgent(saveAgent(agent));
 * assert.deepEqual(copy.learn(160), agent.learn(160));
 * ```
 */
export function saveAgent(agent: SaveableAgent, options: SaveAgentOptions = {}): Uint8Array {
  return encodeCheckpoint(agentCheckpoint(agent, options));
}
