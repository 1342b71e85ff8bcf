/**
 * "Did you mean ...?" for unknown names: the closest candidate within a small edit distance.
 *
 * @example
 * ```ts
 * import { didYouMean } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(didYouMean("cartpole-v1", ["CartPole-v1"]), ' (did you mean "CartPole-v1"?)');
 * ```
 *
 * @module
 */

/** Levenshtein distance between two short strings. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(up + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * The candidate closest to `name` (case-insensitive Levenshtein distance at most
 * `max(2, floor(name.length / 3))`; the first on ties), or `undefined`.
 *
 * @param name The unknown name.
 * @param candidates The known names.
 * @returns The closest known name, if one is close enough.
 * @example
 * ```ts
 * import { closest } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(closest("lerning-rate", ["learning-rate", "gamma"]), "learning-rate");
 * assert.equal(closest("xyz", ["learning-rate"]), undefined);
 * ```
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * `' (did you mean "x"?)'` for the {@linkcode closest} candidate, else `""`: append it to an
 * error message.
 *
 * @param name The unknown name.
 * @param candidates The known names.
 * @returns The hint, with a leading space, or `""`.
 * @example
 * ```ts
 * import { didYouMean } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(didYouMean("ppp", ["ppo", "a2c"]), ' (did you mean "ppo"?)');
 * ```
 */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const best = closest(name, candidates);
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}
