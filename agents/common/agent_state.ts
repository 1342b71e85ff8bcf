/**
 * The parts of an agent's saved state that every agent shares: the header (`algorithm` and the
 * counters), the named random streams under `rngs`, and {@linkcode upgradeAgentState}, which
 * renames the keys of states saved before the agents shared one vocabulary.
 *
 * Every agent saves `algorithm`, `globalStep`, its training envs' snapshot as `envs`, and its
 * generators as `rngs: { name: RandomState }`; on-policy agents add `numUpdates`, `policy`,
 * `optimizer`, `buffer`, `rewardNormalizer`; DQN `qNetwork`, `targetNetwork`, `optimizer`,
 * `replayBuffer`.
 *
 * @module
 */
import { type AgentState, upgradeAgentState } from "./agent.ts";
import type { Random, RandomState } from "../../core/random.ts";
import { describe } from "../../core/text.ts";

/**
 * Checks the header of a state to restore: it was saved by `algorithm`, its `counters` are
 * integers ≥ 0 and it holds every stream of `rngs`. Returns the state with legacy keys renamed
 * (see {@linkcode upgradeAgentState}).
 *
 * @throws {TypeError} naming what does not fit.
 * @example
 * ```ts
 * import { checkAgentState } from "./agent_state.ts";
 * import { Random } from "../../core/random.ts";
 * const rngs = { act: new Random(1) };
 * const state = { algorithm: "ppo", globalStep: 0, rngs: { act: rngs.act.state() } };
 * checkAgentState("PPO", "ppo", state, ["globalStep"], rngs);
 * ```
 */
export function checkAgentState(
  who: string,
  algorithm: string,
  state: AgentState,
  counters: readonly string[],
  rngs: Readonly<Record<string, Random>>,
): AgentState {
  if (state === null || typeof state !== "object" || state.algorithm !== algorithm) {
    throw new TypeError(
      `Cannot restore ${who}: expected a "${algorithm}" state, got ${
        state === null || typeof state !== "object" ? state : JSON.stringify(state.algorithm)
      }`,
    );
  }
  const s = upgradeAgentState(state);
  for (const name of counters) {
    const v = s[name];
    if (!(typeof v === "number" && Number.isSafeInteger(v) && v >= 0)) {
      throw new TypeError(`Cannot restore ${who}: state.${name} must be an integer >= 0, got ${v}`);
    }
  }
  const saved = s.rngs as Record<string, RandomState> | undefined;
  for (const name of Object.keys(rngs)) {
    if (saved?.[name] === undefined) {
      throw new TypeError(`Cannot restore ${who}: state.rngs.${name} is missing`);
    }
  }
  return s;
}

/**
 * The states of named streams, for the `rngs` entry of a saved state.
 *
 * @example
 * ```ts
 * import { saveRngs } from "./agent_state.ts";
 * import { Random } from "../../core/random.ts";
 * const saved = saveRngs({ act: new Random(1) }); // { act: RandomState }
 * ```
 */
export function saveRngs(rngs: Readonly<Record<string, Random>>): Record<string, RandomState> {
  const out: Record<string, RandomState> = {};
  for (const [name, rng] of Object.entries(rngs)) out[name] = rng.state();
  return out;
}

/**
 * Restores named streams from a state checked by {@linkcode checkAgentState}.
 *
 * @example
 * ```ts
 * import { loadRngs, saveRngs } from "./agent_state.ts";
 * import { Random } from "../../core/random.ts";
 * const rngs = { act: new Random(1) };
 * loadRngs(rngs, { rngs: saveRngs({ act: new Random(2) }) });
 * ```
 */
export function loadRngs(rngs: Readonly<Record<string, Random>>, state: AgentState): void {
  const saved = state.rngs as Record<string, RandomState>;
  for (const [name, rng] of Object.entries(rngs)) rng.loadState(saved[name]);
}

/**
 * Checks a saved parameter array.
 *
 * @throws {TypeError} if `value` is not a `Float32Array` of `length` numbers.
 * @example
 * ```ts
 * import { checkFloat32Array } from "./agent_state.ts";
 * checkFloat32Array("DQN", "qNetwork", new Float32Array(3), 3);
 * ```
 */
export function checkFloat32Array(who: string, name: string, value: unknown, length: number): void {
  if (!(value instanceof Float32Array) || value.length !== length) {
    throw new TypeError(
      `Cannot restore ${who}: ${name} must be a Float32Array(${length}), got ${describe(value)}`,
    );
  }
}
