/**
 * Discounted returns and generalised advantage estimation (GAE) over time-major rollouts, with
 * truncation handled correctly: an episode cut by a time limit bootstraps from the value of its
 * final observation; a terminated one does not.
 *
 * Layout: index `t * numEnvs + e` is step `t` of sub-env `e`. For each step, `dones[i]` is 1 when
 * the episode of that sub-env ended at that step (terminated or truncated), and `terminalValues[i]`
 * is the value to bootstrap from in that case: `V(finalObservation)` when it was truncated (and not
 * terminated), 0 when it terminated.
 *
 * @example
 * ```ts
 * import { computeGae } from "@seeded/rl";
 * // one env, three steps, the episode terminates at the last one
 * const adv = new Float32Array(3), ret = new Float32Array(3);
 * computeGae({
 *   rewards: new Float32Array([1, 1, 1]), values: new Float32Array([0.5, 0.5, 0.5]),
 *   dones: new Uint8Array([0, 0, 1]), terminalValues: new Float32Array(3),
 *   lastValues: new Float32Array([9]), numSteps: 3, numEnvs: 1, gamma: 0.9, gaeLambda: 1,
 * }, adv, ret);
 * ```
 *
 * @module
 */

import type { FloatArray } from "../optim/rmsprop.ts";

/** Inputs of {@linkcode computeGae} (time-major, `numSteps × numEnvs`). */
export interface GaeInput {
  /** Rewards r_t. */
  rewards: FloatArray;
  /** Value estimates V(s_t) of the observations the actions were taken in. */
  values: FloatArray;
  /** 1 where the episode ended at step t (terminated or truncated). */
  dones: Uint8Array;
  /** Where `dones`: V(final observation) if truncated, 0 if terminated. Ignored elsewhere. */
  terminalValues: FloatArray;
  /** V(s_T) of the observation after the last step, one per sub-env. */
  lastValues: FloatArray;
  /** Steps per sub-env in the rollout. */
  numSteps: number;
  /** Number of sub-envs. */
  numEnvs: number;
  /** Discount γ. */
  gamma: number;
  /** GAE λ (1 gives Monte-Carlo returns minus values, 0 gives one-step TD errors). */
  gaeLambda: number;
}

/**
 * Computes GAE(λ) advantages and the value targets `returns = advantages + values`, in place into
 * the two outputs (no allocation).
 *
 * δ_t = r_t + γ·(done_t ? terminalValue_t : V(s_{t+1})) − V(s_t);
 * A_t = δ_t + γ·λ·(1 − done_t)·A_{t+1}.
 *
 * @example
 * ```ts
 * import { computeGae } from "@seeded/rl";
 * const adv = new Float64Array(1), ret = new Float64Array(1);
 * computeGae({
 *   rewards: new Float64Array([1]), values: new Float64Array([0]), dones: new Uint8Array([0]),
 *   terminalValues: new Float64Array(1), lastValues: new Float64Array([2]),
 *   numSteps: 1, numEnvs: 1, gamma: 0.5, gaeLambda: 0.95,
 * }, adv, ret);
 * // adv[0] === 1 + 0.5 * 2 - 0 === 2
 * ```
 */
export function computeGae(input: GaeInput, advantages: FloatArray, returns: FloatArray): void {
  const {
    rewards,
    values,
    dones,
    terminalValues,
    lastValues,
    numSteps,
    numEnvs,
    gamma,
    gaeLambda,
  } = input;
  for (let e = 0; e < numEnvs; e++) {
    let nextAdvantage = 0;
    let nextValue = lastValues[e];
    for (let t = numSteps - 1; t >= 0; t--) {
      const i = t * numEnvs + e;
      const done = dones[i] !== 0;
      const bootstrap = done ? terminalValues[i] : nextValue;
      const delta = rewards[i] + gamma * bootstrap - values[i];
      nextAdvantage = delta + (done ? 0 : gamma * gaeLambda * nextAdvantage);
      advantages[i] = nextAdvantage;
      returns[i] = nextAdvantage + values[i];
      nextValue = values[i];
    }
  }
}

/** Inputs of {@linkcode discountedReturns} (time-major, `numSteps × numEnvs`). */
export interface ReturnsInput {
  /** Rewards r_t. */
  rewards: FloatArray;
  /** 1 where the episode ended at step t (terminated or truncated). */
  dones: Uint8Array;
  /** Where `dones`: the value to bootstrap from (V(final observation) if truncated, else 0). */
  terminalValues: FloatArray;
  /** The return estimate after the last step, one per sub-env (0 when every episode is complete). */
  lastValues: FloatArray;
  /** Steps per sub-env. */
  numSteps: number;
  /** Number of sub-envs. */
  numEnvs: number;
  /** Discount γ. */
  gamma: number;
}

/**
 * Discounted returns G_t = r_t + γ·(done_t ? terminalValue_t : G_{t+1}), in place (no allocation).
 *
 * @example
 * ```ts
 * import { discountedReturns } from "@seeded/rl";
 * const g = new Float64Array(3);
 * discountedReturns({
 *   rewards: new Float64Array([1, 1, 1]), dones: new Uint8Array([0, 0, 1]),
 *   terminalValues: new Float64Array(3), lastValues: new Float64Array(1),
 *   numSteps: 3, numEnvs: 1, gamma: 0.5,
 * }, g);
 * // g = [1.75, 1.5, 1]
 * ```
 */
export function discountedReturns(input: ReturnsInput, out: FloatArray): void {
  const { rewards, dones, terminalValues, lastValues, numSteps, numEnvs, gamma } = input;
  for (let e = 0; e < numEnvs; e++) {
    let next = lastValues[e];
    for (let t = numSteps - 1; t >= 0; t--) {
      const i = t * numEnvs + e;
      next = rewards[i] + gamma * (dones[i] !== 0 ? terminalValues[i] : next);
      out[i] = next;
    }
  }
}
