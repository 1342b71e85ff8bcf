/**
 * Up-front size checks: a network, replay buffer, rollout buffer or vector env whose memory would
 * exceed {@linkcode MEMORY_LIMIT_BYTES} is rejected with a `RangeError` naming the value and an
 * estimate of what it needs, before anything is allocated (instead of an out-of-memory abort of
 * the whole runtime).
 *
 * @example
 * ```ts
 * import { assertAffordable } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assertAffordable("ReplayBuffer", "capacity 1000", 1000 * 40);
 * assert.throws(() => assertAffordable("MLP", "sizes [4,100000,100000,2]", 1.6e11), RangeError);
 * ```
 *
 * @module
 */

/** The most one structure (a network with its gradients and optimizer state, a buffer, a vector env) may need: 4 GiB. */
export const MEMORY_LIMIT_BYTES: number = 2 ** 32;

/**
 * A rough upper estimate of one sub-env of a vector env (the env object, its wrappers, its slice
 * of the batched arrays), used by {@linkcode assertAffordable}'s callers.
 */
export const BYTES_PER_SUB_ENV: number = 4096;

function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let x = bytes, u = 0;
  while (x >= 1024 && u < units.length - 1) (x /= 1024, u++);
  return `${x < 10 && u > 0 ? x.toFixed(1) : Math.round(x)} ${units[u]}`;
}

/**
 * Throws a `RangeError` if `bytes` (an estimate of what `who` would allocate for `what`) exceeds
 * `limit`.
 *
 * @param who What is being created, e.g. `MLP`.
 * @param what The size that decides it, with its value, e.g. `numEnvs 1000000000`.
 * @param bytes The estimated memory.
 * @param limit The limit. @default {MEMORY_LIMIT_BYTES}
 * @throws {RangeError} naming the value, the estimate and the limit.
 * @example
 * ```ts
 * import { assertAffordable } from "@seeded/rl";
 * assertAffordable("SyncVectorEnv", "numEnvs 8", 8 * 4096);
 * ```
 */
export function assertAffordable(
  who: string,
  what: string,
  bytes: number,
  limit: number = MEMORY_LIMIT_BYTES,
): void {
  if (!(bytes <= limit)) {
    throw new RangeError(
      `Cannot create ${who}: ${what} would need about ${formatBytes(bytes)} of memory, over the ${
        formatBytes(limit)
      } limit`,
    );
  }
}
