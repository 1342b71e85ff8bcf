/**
 * Your own environment, in one file: two small envs written only against the documented `Env`
 * contract and registered with `register`, so `make`, every agent that fits the action space and
 * the CLI (`--env-module`) take them like the built-in ones.
 *
 * - `Corridor-v0` (discrete): walk left or right along a corridor of 8 cells; the exit is at the
 *   left end. It has `snapshot()`/`restore()`, so a resumed run is bit-exact.
 * - `CorridorContinuous-v0` (continuous): push a point along [-1, 1] towards 0. It has no
 *   snapshot, so resuming resets its envs (with a warning that the run is not bit-exact).
 *
 * ```sh
 * deno task train --env-module ./examples/corridor.ts --env Corridor-v0 --agent ppo
 * deno task eval --run runs/Corridor-v0__ppo__1__...   # no --env-module: the run recorded it
 * ```
 *
 * @example
 * ```ts
 * import "./examples/corridor.ts"; // registers Corridor-v0 and CorridorContinuous-v0
 * import { PPO } from "@seeded/rl";
 * const agent = new PPO({ env: "Corridor-v0", seed: 1, numEnvs: 2, numSteps: 32 });
 * agent.learn(64);
 * ```
 *
 * @module
 */
import {
  Box,
  Discrete,
  type Env,
  type EnvSnapshot,
  Random,
  type RandomState,
  register,
  type ResetResult,
  type StepResult,
} from "@seeded/rl";

/** A corridor of `length` cells; the agent starts at a random cell and must reach cell 0. */
export class Corridor implements Env<Float32Array, number> {
  /** Number of cells. */
  readonly length: number = 8;
  /** One number: the position scaled to [0, 1]. */
  readonly observationSpace: Box = new Box([0], [1]);
  /** 0 steps left, 1 steps right. */
  readonly actionSpace: Discrete = new Discrete(2);
  #position = 0;
  #rng = new Random(0);

  /** Starts at a random cell in 1..length-1; `{ seed }` re-seeds. */
  reset(options?: { seed?: number }): ResetResult<Float32Array> {
    if (options?.seed !== undefined) this.#rng = new Random(options.seed);
    this.#position = 1 + this.#rng.int(this.length - 1);
    return { observation: this.#observe(), info: {} };
  }

  /** Moves one cell; reaching cell 0 ends the episode with reward 1, every other step costs 0.01. */
  step(action: number): StepResult<Float32Array> {
    this.#position = Math.min(this.length - 1, this.#position + (action === 1 ? 1 : -1));
    const terminated = this.#position === 0;
    const reward = terminated ? 1 : -0.01;
    return { observation: this.#observe(), reward, terminated, truncated: false, info: {} };
  }

  /** The corridor as text, the agent as `@`. */
  render(): string {
    return `<svg xmlns="http://www.w3.org/2000/svg"><text y="20">${
      Array.from({ length: this.length }, (_, i) => (i === this.#position ? "@" : "_")).join("")
    }</text></svg>`;
  }

  /** Everything that changes: the position and the generator (for bit-exact resume). */
  snapshot(): EnvSnapshot {
    return { position: this.#position, rng: this.#rng.state() };
  }

  /** Restores what `snapshot` returned. */
  restore(snapshot: EnvSnapshot): void {
    this.#position = snapshot.position as number;
    this.#rng = Random.fromState(snapshot.rng as RandomState);
  }

  #observe(): Float32Array {
    return Float32Array.of(this.#position / (this.length - 1));
  }
}

/** A point on [-1, 1] pushed by a force in [-1, 1]; reach |x| < 0.1. No snapshot (on purpose). */
export class CorridorContinuous implements Env<Float32Array, Float32Array> {
  /** The position. */
  readonly observationSpace: Box = new Box([-1], [1]);
  /** The push, clipped to [-1, 1]. */
  readonly actionSpace: Box = new Box([-1], [1]);
  #x = 0;
  #rng = new Random(0);

  /** Starts at a random position with |x| >= 0.5; `{ seed }` re-seeds. */
  reset(options?: { seed?: number }): ResetResult<Float32Array> {
    if (options?.seed !== undefined) this.#rng = new Random(options.seed);
    const side = this.#rng.float() < 0.5 ? -1 : 1;
    this.#x = side * this.#rng.uniform(0.5, 1);
    return { observation: Float32Array.of(this.#x), info: {} };
  }

  /** Moves by 0.2 × the clipped push; costs |x| per step, +1 and the end on reaching the goal. */
  step(action: Float32Array): StepResult<Float32Array> {
    const push = Math.max(-1, Math.min(1, action[0]));
    this.#x = Math.max(-1, Math.min(1, this.#x + 0.2 * push));
    const terminated = Math.abs(this.#x) < 0.1;
    const reward = terminated ? 1 : -Math.abs(this.#x);
    return {
      observation: Float32Array.of(this.#x),
      reward,
      terminated,
      truncated: false,
      info: {},
    };
  }
}

register({
  id: "Corridor-v0",
  create: () => new Corridor(),
  maxEpisodeSteps: 50,
  rewardThreshold: 0.9,
});
register({
  id: "CorridorContinuous-v0",
  create: () => new CorridorContinuous(),
  maxEpisodeSteps: 50,
  rewardThreshold: 0,
});
