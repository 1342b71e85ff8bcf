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
  readonly #stats: EpisodeTotals = {
    runningReturn: new Float64Array(1),
    runningLength: new Int32Array(1),
    episodeReturn: new Float64Array([NaN]),
    episodeLength: new Int32Array(1),
    episodeCount: 0,
  };

  /** Sum of rewards since the last reset. */
  get episodeReturn(): number {
    return this.#stats.runningReturn[0];
  }

  /** Sets the running return. */
  set episodeReturn(value: number) {
    this.#stats.runningReturn[0] = value;
  }

  /** Steps since the last reset. */
  get episodeLength(): number {
    return this.#stats.runningLength[0];
  }

  /** Sets the running length. */
  set episodeLength(value: number) {
    this.#stats.runningLength[0] = value;
  }

  /** Return of the last finished episode (`NaN` before the first one ends). */
  get lastEpisodeReturn(): number {
    return this.#stats.episodeReturn[0];
  }

  /** Sets the last finished episode's return. */
  set lastEpisodeReturn(value: number) {
    this.#stats.episodeReturn[0] = value;
  }

  /** Length of the last finished episode (0 before the first one ends). */
  get lastEpisodeLength(): number {
    return this.#stats.episodeLength[0];
  }

  /** Sets the last finished episode's length. */
  set lastEpisodeLength(value: number) {
    this.#stats.episodeLength[0] = value;
  }

  /** Episodes finished so far. */
  get episodeCount(): number {
    return this.#stats.episodeCount;
  }

  /** Sets the number of finished episodes. */
  set episodeCount(value: number) {
    this.#stats.episodeCount = value;
  }

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
    if (!recordEpisodeStep(this.#stats, 0, reward, terminated || truncated)) return;
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

/**
 * Running and finished episode totals of one or more envs (row i for env i), as
 * {@linkcode recordEpisodeStep} keeps them.
 */
export interface EpisodeTotals {
  /** Return of each current episode so far. */
  runningReturn: Float64Array;
  /** Length of each current episode so far. */
  runningLength: Int32Array;
  /** Return of each env's last finished episode. */
  episodeReturn: Float64Array;
  /** Length of each env's last finished episode. */
  episodeLength: Int32Array;
  /** Episodes finished so far, over all rows. */
  episodeCount: number;
}

/**
 * Adds one step to row `i` of the running totals; when `done`, copies them to the finished
 * totals and counts the episode. The running totals are left for the caller to restart (at the
 * next reset, or at once on an autoreset). The one implementation behind
 * {@linkcode RecordEpisodeStatistics} and `SyncVectorEnv`'s episode statistics.
 *
 * @returns `done`.
 * @example
 * ```ts
 * import { recordEpisodeStep } from "@seeded/rl";
 * const totals = {
 *   runningReturn: new Float64Array(1),
 *   runningLength: new Int32Array(1),
 *   episodeReturn: new Float64Array(1),
 *   episodeLength: new Int32Array(1),
 *   episodeCount: 0,
 * };
 * recordEpisodeStep(totals, 0, 1, false);
 * recordEpisodeStep(totals, 0, 1, true); // totals.episodeReturn[0] === 2, episodeCount === 1
 * ```
 */
export function recordEpisodeStep(
  totals: EpisodeTotals,
  i: number,
  reward: number,
  done: boolean,
): boolean {
  totals.runningReturn[i] += reward;
  totals.runningLength[i]++;
  if (done) {
    totals.episodeReturn[i] = totals.runningReturn[i];
    totals.episodeLength[i] = totals.runningLength[i];
    totals.episodeCount++;
  }
  return done;
}
