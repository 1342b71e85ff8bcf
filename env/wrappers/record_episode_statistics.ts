/**
 * {@linkcode RecordEpisodeStatistics}: episode return and length in `info.episode`.
 *
 * @example
 * ```ts
 * import { make, RecordEpisodeStatistics } from "@seeded/rl";
 * const env = new RecordEpisodeStatistics(make("CartPole-v1"));
 * env.reset({ seed: 0 });
 * ```
 *
 * @module
 */
import type { EnvSnapshot, ResetOptions, ResetResult, StepResult } from "../env.ts";
import { type Action, type WrappableEnv, Wrapper } from "./wrapper.ts";
import { innerSnapshot, snapshotCount, snapshotNumber } from "./_util.ts";

/** The `info.episode` entry of the last step of an episode (Gymnasium's key names). */
export interface EpisodeStatistics {
  /** The episode's return (sum of rewards). */
  r: number;
  /** The episode's length in steps. */
  l: number;
}

/**
 * Records each episode's return and length (Gymnasium's `RecordEpisodeStatistics`).
 *
 * On the step that ends an episode (terminated or truncated), `step` adds
 * `info.episode = { r, l }`. Gymnasium's wall-clock `t` is left out: the library reads no clock.
 * The same numbers are readable without allocation after `stepInto`: the running
 * {@linkcode RecordEpisodeStatistics.episodeReturn} / `episodeLength`, and the finished
 * {@linkcode RecordEpisodeStatistics.lastEpisodeReturn} / `lastEpisodeLength` /
 * `episodeCount`. The running counters restart at `reset`, as in Gymnasium.
 *
 * @typeParam E The wrapped env's type.
 * @example
 * ```ts
 * import { make, RecordEpisodeStatistics } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const env = new RecordEpisodeStatistics(make("CartPole-v1"));
 * env.reset({ seed: 0 });
 * for (;;) {
 *   const { terminated, truncated, info } = env.step(0);
 *   if (terminated || truncated) {
 *     assert.deepEqual(info.episode, { r: env.lastEpisodeReturn, l: env.lastEpisodeLength });
 *     break;
 *   }
 * }
 * ```
 */
export class RecordEpisodeStatistics<E extends WrappableEnv = WrappableEnv> extends Wrapper<E> {
  /** Sum of rewards since the last reset. */
  episodeReturn: number = 0;
  /** Steps since the last reset. */
  episodeLength: number = 0;
  /** Return of the last finished episode (`NaN` before the first one ends). */
  lastEpisodeReturn: number = NaN;
  /** Length of the last finished episode (0 before the first one ends). */
  lastEpisodeLength: number = 0;
  /** Episodes finished so far. */
  episodeCount: number = 0;

  /**
   * Wraps `env`.
   *
   * @param env The env to wrap.
   */
  constructor(env: E) {
    super(env);
  }

  /** Starts an episode and restarts the running return and length. */
  override reset(options?: ResetOptions): ResetResult<Float32Array> {
    const result = this.env.reset(options);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return result;
  }

  /** Advances the episode; at its end, `info.episode = { r, l }`. */
  override step(action: Action): StepResult<Float32Array> {
    const result = this.env.step(action);
    if (this.#record(result.reward, result.terminated || result.truncated)) {
      const episode: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength };
      result.info.episode = episode;
    }
    return result;
  }

  /** Like `reset`, writing the observation into `observations` at `offset`. */
  override resetInto(observations: Float32Array, offset: number, options?: ResetOptions): void {
    this.env.resetInto(observations, offset, options);
    this.episodeReturn = 0;
    this.episodeLength = 0;
  }

  /** Like `step`, reading the action from `actions`; returns the reward. */
  override stepInto(
    actions: ArrayLike<number>,
    actionOffset: number,
    observations: Float32Array,
    offset: number,
  ): number {
    const reward = this.env.stepInto(actions, actionOffset, observations, offset);
    this.#record(reward, this.env.lastTerminated || this.env.lastTruncated);
    return reward;
  }

  /** The counters, plus the wrapped env's snapshot. */
  override snapshot(): EnvSnapshot {
    return {
      episodeReturn: this.episodeReturn,
      episodeLength: this.episodeLength,
      // JSON has no NaN: null stands for "no episode finished yet".
      lastEpisodeReturn: this.episodeCount > 0 ? this.lastEpisodeReturn : null,
      lastEpisodeLength: this.lastEpisodeLength,
      episodeCount: this.episodeCount,
      env: this.env.snapshot(),
    };
  }

  /** Restores what {@linkcode RecordEpisodeStatistics.snapshot} returned. */
  override restore(snapshot: EnvSnapshot): void {
    const episodeReturn = snapshotNumber(snapshot?.episodeReturn, "episodeReturn", this);
    const episodeLength = snapshotCount(snapshot.episodeLength, "episodeLength", this);
    const lastLength = snapshotCount(snapshot.lastEpisodeLength, "lastEpisodeLength", this);
    const count = snapshotCount(snapshot.episodeCount, "episodeCount", this);
    const lastReturn = snapshot.lastEpisodeReturn === null
      ? NaN
      : snapshotNumber(snapshot.lastEpisodeReturn, "lastEpisodeReturn", this);
    this.env.restore(innerSnapshot(snapshot, this));
    this.episodeReturn = episodeReturn;
    this.episodeLength = episodeLength;
    this.lastEpisodeReturn = lastReturn;
    this.lastEpisodeLength = lastLength;
    this.episodeCount = count;
  }

  #record(reward: number, done: boolean): boolean {
    this.episodeReturn += reward;
    this.episodeLength++;
    if (done) {
      this.lastEpisodeReturn = this.episodeReturn;
      this.lastEpisodeLength = this.episodeLength;
      this.episodeCount++;
    }
    return done;
  }
}
