/**
 * {@linkcode RolloutBuffer}: on-policy storage for A2C and PPO over preallocated typed arrays,
 * time-major (`numSteps × numEnvs`, index `t * numEnvs + e`), with the GAE inputs
 * ({@linkcode computeGae}) laid out as that function reads them.
 *
 * @example
 * ```ts
 * import { RolloutBuffer } from "@seeded/rl";
 * const buffer = new RolloutBuffer({ numSteps: 128, numEnvs: 4, obsDim: 4, actDim: 1 });
 * buffer.observations.length; // 128 × 4 × 4
 * ```
 *
 * @module
 */
import { describe } from "../text.ts";
import { assertAffordable } from "../memory_limit.ts";

/** Sizes of a {@linkcode RolloutBuffer}. */
export interface RolloutBufferOptions {
  /** Steps per sub-env in one rollout. */
  numSteps: number;
  /** Number of sub-envs. */
  numEnvs: number;
  /** Length of an observation. */
  obsDim: number;
  /** Numbers per action (1 for discrete). */
  actDim: number;
}

/** The saved contents of a {@linkcode RolloutBuffer} (copies; derived advantages are not kept). */
export interface RolloutBufferState {
  /** Number of steps stored so far in the current rollout. */
  pos: number;
  /** Observations the actions were taken in. */
  observations: Float32Array;
  /** The actions taken (raw samples). */
  actions: Float32Array;
  /** log π(a|s) at collection time. */
  logProbs: Float32Array;
  /** V(s) at collection time. */
  values: Float32Array;
  /** Rewards (after any reward normalisation). */
  rewards: Float32Array;
  /** 1 where the episode ended at that step. */
  dones: Uint8Array;
  /** V(final observation) where truncated, 0 where terminated. */
  terminalValues: Float32Array;
}

const SAVED = [
  "observations",
  "actions",
  "logProbs",
  "values",
  "rewards",
  "dones",
  "terminalValues",
] as const;

/**
 * Fixed-size on-policy storage. Writers fill row `pos` (`numEnvs` entries) of every array and
 * then increment `pos`; when `pos === numSteps` the rollout is full, and `advantages` / `returns`
 * are filled by {@linkcode computeGae} before the update. Nothing is allocated after construction.
 *
 * @example
 * ```ts
 * import { computeGae, RolloutBuffer } from "@seeded/rl";
 * const b = new RolloutBuffer({ numSteps: 2, numEnvs: 1, obsDim: 1, actDim: 1 });
 * b.rewards.set([1, 1]);
 * b.values.set([0.5, 0.5]);
 * b.pos = 2;
 * computeGae({ ...b.gaeInput(), gamma: 0.99, gaeLambda: 0.95 }, b.advantages, b.returns);
 * ```
 */
export class RolloutBuffer {
  /** Steps per sub-env in one rollout. */
  readonly numSteps: number;
  /** Number of sub-envs. */
  readonly numEnvs: number;
  /** Length of an observation. */
  readonly obsDim: number;
  /** Numbers per action. */
  readonly actDim: number;
  /** `numSteps × numEnvs`: the number of transitions in a full rollout. */
  readonly size: number;
  /** Observations, `size × obsDim`. */
  readonly observations: Float32Array;
  /** Actions, `size × actDim` (discrete actions as float indices, continuous ones unclipped). */
  readonly actions: Float32Array;
  /** log π(a|s) when the action was sampled. */
  readonly logProbs: Float32Array;
  /** V(s) when the action was sampled. */
  readonly values: Float32Array;
  /** Rewards. */
  readonly rewards: Float32Array;
  /** 1 where the episode ended at that step (terminated or truncated). */
  readonly dones: Uint8Array;
  /** Where `dones`: V(final observation) if truncated, 0 if terminated. */
  readonly terminalValues: Float32Array;
  /** V of the observations after the last step, one per sub-env. */
  readonly lastValues: Float32Array;
  /** GAE advantages (filled before an update). */
  readonly advantages: Float32Array;
  /** Value targets `advantages + values` (filled before an update). */
  readonly returns: Float32Array;
  /** Steps stored in the current rollout, in [0, numSteps]. */
  pos: number = 0;

  /**
   * Allocates every array.
   *
   * @throws {RangeError} if a size is not a positive integer.
   */
  constructor(options: RolloutBufferOptions) {
    const { numSteps, numEnvs, obsDim, actDim } = options;
    for (const [name, v] of Object.entries({ numSteps, numEnvs, obsDim, actDim })) {
      if (!(Number.isSafeInteger(v) && v > 0)) {
        throw new RangeError(
          `Cannot create RolloutBuffer: ${name} must be a positive integer, got ${v}`,
        );
      }
    }
    assertAffordable(
      "RolloutBuffer",
      `numSteps ${numSteps} × numEnvs ${numEnvs}`,
      numSteps * numEnvs * 4 * (obsDim + actDim + 8),
    );
    this.numSteps = numSteps;
    this.numEnvs = numEnvs;
    this.obsDim = obsDim;
    this.actDim = actDim;
    const n = numSteps * numEnvs;
    this.size = n;
    this.observations = new Float32Array(n * obsDim);
    this.actions = new Float32Array(n * actDim);
    this.logProbs = new Float32Array(n);
    this.values = new Float32Array(n);
    this.rewards = new Float32Array(n);
    this.dones = new Uint8Array(n);
    this.terminalValues = new Float32Array(n);
    this.lastValues = new Float32Array(numEnvs);
    this.advantages = new Float32Array(n);
    this.returns = new Float32Array(n);
  }

  /** Whether the rollout is complete (`pos === numSteps`). */
  get full(): boolean {
    return this.pos === this.numSteps;
  }

  /**
   * The arrays and sizes {@linkcode computeGae} needs (add `gamma` and `gaeLambda`).
   *
   * @example
   * ```ts
   * import { RolloutBuffer } from "@seeded/rl";
   * const b = new RolloutBuffer({ numSteps: 4, numEnvs: 2, obsDim: 3, actDim: 1 });
   * const { numSteps, numEnvs } = b.gaeInput(); // 4, 2
   * ```
   */
  gaeInput(): {
    rewards: Float32Array;
    values: Float32Array;
    dones: Uint8Array;
    terminalValues: Float32Array;
    lastValues: Float32Array;
    numSteps: number;
    numEnvs: number;
  } {
    return {
      rewards: this.rewards,
      values: this.values,
      dones: this.dones,
      terminalValues: this.terminalValues,
      lastValues: this.lastValues,
      numSteps: this.numSteps,
      numEnvs: this.numEnvs,
    };
  }

  /**
   * Copies of the stored transitions and `pos`.
   *
   * @example
   * ```ts
   * import { RolloutBuffer } from "@seeded/rl";
   * const b = new RolloutBuffer({ numSteps: 4, numEnvs: 2, obsDim: 3, actDim: 1 });
   * const saved = b.state();
   * ```
   */
  state(): RolloutBufferState {
    return {
      pos: this.pos,
      observations: this.observations.slice(),
      actions: this.actions.slice(),
      logProbs: this.logProbs.slice(),
      values: this.values.slice(),
      rewards: this.rewards.slice(),
      dones: this.dones.slice(),
      terminalValues: this.terminalValues.slice(),
    };
  }

  /**
   * Restores what {@linkcode RolloutBuffer.state} returned, into a buffer of the same sizes.
   *
   * @throws {TypeError} if an array has the wrong type or length, or `pos` is out of range.
   * @example
   * ```ts
   * import { RolloutBuffer } from "@seeded/rl";
   * const sizes = { numSteps: 4, numEnvs: 2, obsDim: 3, actDim: 1 };
   * new RolloutBuffer(sizes).loadState(new RolloutBuffer(sizes).state());
   * ```
   */
  loadState(state: RolloutBufferState): void {
    if (
      state === null || typeof state !== "object" ||
      !(Number.isInteger(state.pos) && state.pos >= 0 && state.pos < this.numSteps)
    ) {
      throw new TypeError(
        `Cannot restore RolloutBuffer: state.pos must be an integer in [0, ${this.numSteps}), got ${state?.pos}`,
      );
    }
    for (const name of SAVED) {
      const a = state[name];
      const target = this[name];
      if (!(a instanceof target.constructor) || a.length !== target.length) {
        throw new TypeError(
          `Cannot restore RolloutBuffer: state.${name} must be a ${describe(target)}, got ${
            describe(a)
          }`,
        );
      }
    }
    for (const name of SAVED) (this[name] as Float32Array).set(state[name] as Float32Array);
    this.pos = state.pos;
  }
}
