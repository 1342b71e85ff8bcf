/**
 * Named, known-good training configurations: the ones the learning tests and the README results
 * use, so anyone can rerun exactly what is claimed, with any seed.
 *
 * @example
 * ```ts
 * import { presets } from "@seeded/rl";
 * const p = presets["cartpole-ppo"];
 * // new PPO({ env: p.env, seed: 3, ...p.config }).learn(p.totalTimesteps)
 * ```
 *
 * @module
 */

/** One named configuration. */
export interface Preset {
  /** The algorithm: `"reinforce"`, `"a2c"`, `"ppo"` or `"dqn"`. */
  agent: "reinforce" | "a2c" | "ppo" | "dqn";
  /** The environment id. */
  env: string;
  /** Agent config fields (anything not given takes the agent's default). */
  config: Record<string, unknown>;
  /** The training budget in environment steps. */
  totalTimesteps: number;
  /** One line: where the numbers come from and what the preset reaches. */
  description: string;
}

/**
 * Every preset by name (`{env}-{agent}` in lower case, for example `cartpole-ppo`).
 *
 * @example
 * ```ts
 * import { presets } from "@seeded/rl";
 * console.log(Object.keys(presets));
 * ```
 */
export const presets: Readonly<Record<string, Preset>> = Object.freeze({
  // --- policy-gradient presets (REINFORCE, A2C, PPO) ---
  // --- end of policy-gradient presets ---
  // --- DQN presets ---
  // --- end of DQN presets ---
});
