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
import type { EnvSnapshot, Info } from "../env.ts";
import { type WrappableEnv, Wrapper } from "./wrapper.ts";
import { snapshotCount, snapshotNumber } from "./_util.ts";

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

  /** Restarts the running return and length. */
  protected override started(): void {
    this.episodeReturn = 0;
    this.episodeLength = 0;
  }

  /** Adds the step; at the end of an episode records it (and `info.episode = { r, l }`). */
  protected override stepped(
    reward: number,
    terminated: boolean,
    truncated: boolean,
    info: Info | null,
  ): void {
    this.episodeReturn += reward;
    this.episodeLength++;
    if (!(terminated || truncated)) return;
    this.lastEpisodeReturn = this.episodeReturn;
    this.lastEpisodeLength = this.episodeLength;
    this.episodeCount++;
    if (info !== null) {
      const episode: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength };
      info.episode = episode;
    }
  }

  /** The counters (before the wrapped env's snapshot). */
  protected override snapshotOwn(): EnvSnapshot {
    return {
      episodeReturn: this.episodeReturn,
      episodeLength: this.episodeLength,
      // JSON has no NaN: null stands for "no episode finished yet".
      lastEpisodeReturn: this.episodeCount > 0 ? this.lastEpisodeReturn : null,
      lastEpisodeLength: this.lastEpisodeLength,
      episodeCount: this.episodeCount,
    };
  }

  /** Validates the counters; they are applied after the wrapped env is restored. */
  protected override readSnapshotOwn(snapshot: EnvSnapshot): () => void {
    const episodeReturn = snapshotNumber(snapshot?.episodeReturn, "episodeReturn", this);
    const episodeLength = snapshotCount(snapshot.episodeLength, "episodeLength", this);
    const lastLength = snapshotCount(snapshot.lastEpisodeLength, "lastEpisodeLength", this);
    const count = snapshotCount(snapshot.episodeCount, "episodeCount", this);
    const lastReturn = snapshot.lastEpisodeReturn === null
      ? NaN
      : snapshotNumber(snapshot.lastEpisodeReturn, "lastEpisodeReturn", this);
    return () => {
      this.episodeReturn = episodeReturn;
      this.episodeLength = episodeLength;
      this.lastEpisodeReturn = lastReturn;
      this.lastEpisodeLength = lastLength;
      this.episodeCount = count;
    };
  }
}
