/**
 * The training envs of every agent and the checks around them: {@linkcode makeTrainingEnvs}
 * (a reset {@linkcode SyncVectorEnv}, sub-env i seeded `seed + i`), the step count of
 * `learn(steps)`, the observation check of `act`, and the record of a finished episode. Internal:
 * not re-exported.
 *
 * @module
 */
import type { EpisodeRecord } from "./agent.ts";
import { describe } from "../../core/text.ts";
import { SyncVectorEnv } from "../../env/vector_env.ts";
import type { WrappableEnv } from "../../env/wrappers/wrapper.ts";

/** Observation normalisation of the agents that normalise (SB3 `VecNormalize`, clip 10). */
export const OBS_NORMALIZATION: { clip: number; epsilon: number } = Object.freeze({
  clip: 10,
  epsilon: 1e-8,
});

/**
 * `numEnvs` envs made by `create` (sub-env i seeded `seed + i`), with running observation
 * normalisation if asked, already reset.
 *
 * @example
 * ```ts
 * import { makeTrainingEnvs } from "./training_envs.ts";
 * import { make } from "../../envs/registry.ts";
 * const envs = makeTrainingEnvs(() => make("CartPole-v1"), 2, 1, false); // 2 × 4 observations
 * ```
 */
export function makeTrainingEnvs(
  create: () => WrappableEnv,
  numEnvs: number,
  seed: number,
  normalizeObservation: boolean,
): SyncVectorEnv {
  const envs = new SyncVectorEnv(create, numEnvs, {
    seed,
    normalizeObservations: normalizeObservation ? OBS_NORMALIZATION : false,
  });
  envs.reset();
  return envs;
}

/**
 * Checks `learn(steps)`'s argument and returns the number of vector steps, `steps / numEnvs`.
 *
 * @throws {RangeError} if `steps` is not a non-negative integer multiple of `numEnvs`.
 * @example
 * ```ts
 * import { vectorSteps } from "./training_envs.ts";
 * vectorSteps("PPO", 64, 4); // 16
 * ```
 */
export function vectorSteps(who: string, steps: number, numEnvs: number): number {
  if (!(Number.isSafeInteger(steps) && steps >= 0 && steps % numEnvs === 0)) {
    throw new RangeError(
      `Cannot learn with ${who}: steps must be a non-negative multiple of numEnvs (${numEnvs}), got ${steps}`,
    );
  }
  return steps / numEnvs;
}

/**
 * Checks the observation given to `act` (or another per-observation method).
 *
 * @throws {TypeError} if it is not a `Float32Array` of length `obsDim`.
 * @example
 * ```ts
 * import { checkObservation } from "./training_envs.ts";
 * checkObservation("act with DQN", new Float32Array(4), 4);
 * ```
 */
export function checkObservation(what: string, observation: unknown, obsDim: number): void {
  if (!(observation instanceof Float32Array) || observation.length !== obsDim) {
    throw new TypeError(
      `Cannot ${what}: observation must be a Float32Array of length ${obsDim}, got ${
        describe(observation)
      }`,
    );
  }
}

/**
 * The record of the episode that sub-env `i` finished in the last vector step (raw return).
 *
 * @example
 * ```ts
 * import { episodeRecord, makeTrainingEnvs } from "./training_envs.ts";
 * import { make } from "../../envs/registry.ts";
 * const envs = makeTrainingEnvs(() => make("CartPole-v1"), 1, 1, false);
 * const record = episodeRecord(envs, 0, 1); // { step: 1, return: 0, length: 0 } before any end
 * ```
 */
export function episodeRecord(envs: SyncVectorEnv, i: number, step: number): EpisodeRecord {
  return { step, return: envs.episodeReturn[i], length: envs.episodeLength[i] };
}
