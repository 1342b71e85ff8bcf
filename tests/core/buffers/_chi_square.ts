/** Test helper: Pearson's χ² statistic. @module */

/** Pearson's χ² statistic of `counts` against `probabilities` (sum 1) over `draws` draws. */
export function chiSquare(counts: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  let draws = 0;
  for (let i = 0; i < counts.length; i++) draws += counts[i];
  let chi = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = draws * probabilities[i];
    chi += (counts[i] - expected) ** 2 / expected;
  }
  return chi;
}
