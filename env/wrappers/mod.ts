/**
 * Env wrappers with Gymnasium's semantics: {@linkcode TimeLimit} (the only source of truncation),
 * {@linkcode RecordEpisodeStatistics}, {@linkcode NormalizeObservation} and
 * {@linkcode ClipAction}, on the forwarding base {@linkcode Wrapper}. Every wrapper implements both
 * the Gymnasium-style `Env` API and the allocation-free `FastEnv` API; `unwrapped` is the innermost
 * env (whose `state` is the physical state).
 *
 * @example
 * ```ts
 * import { make, NormalizeObservation, RecordEpisodeStatistics } from "@seeded/rl";
 * const env = new RecordEpisodeStatistics(new NormalizeObservation(make("MountainCar-v0")));
 * env.reset({ seed: 1 });
 * env.step(2);
 * ```
 *
 * @module
 */
export * from "./wrapper.ts";
export * from "./time_limit.ts";
export * from "./record_episode_statistics.ts";
export * from "./normalize_observation.ts";
export * from "./clip_action.ts";
