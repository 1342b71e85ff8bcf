/**
 * The five classic-control environments registered with Gymnasium's ids, time limits and reward
 * thresholds (through the env layer's open `register`, as a user's env is), and the typed
 * {@linkcode make}.
 *
 * @example
 * ```ts
 * import { make } from "@seeded/rl";
 * const env = make("CartPole-v1");
 * const { observation } = env.reset({ seed: 1 });
 * const { reward, terminated, truncated } = env.step(1);
 * ```
 *
 * @module
 */
import type { TimeLimit } from "../env/wrappers/mod.ts";
import { type EnvRegistration, make as makeRegistered, register } from "../env/registry.ts";
import { CartPole, type CartPoleOptions } from "./cartpole.ts";
import { MountainCar, type MountainCarOptions } from "./mountain_car.ts";
import {
  MountainCarContinuous,
  type MountainCarContinuousOptions,
} from "./mountain_car_continuous.ts";
import { Acrobot, type AcrobotOptions } from "./acrobot.ts";
import { Pendulum, type PendulumOptions } from "./pendulum.ts";

/**
 * The env class behind each registered id.
 *
 * @example
 * ```ts
 * import type { EnvById } from "@seeded/rl";
 * type C = EnvById["CartPole-v1"]; // CartPole
 * ```
 */
export interface EnvById {
  /** {@linkcode CartPole}. */
  "CartPole-v1": CartPole;
  /** {@linkcode MountainCar}. */
  "MountainCar-v0": MountainCar;
  /** {@linkcode MountainCarContinuous}. */
  "MountainCarContinuous-v0": MountainCarContinuous;
  /** {@linkcode Acrobot}. */
  "Acrobot-v1": Acrobot;
  /** {@linkcode Pendulum}. */
  "Pendulum-v1": Pendulum;
}

/**
 * The constructor options of each registered id.
 *
 * @example
 * ```ts
 * import type { EnvOptionsById } from "@seeded/rl";
 * const o: EnvOptionsById["CartPole-v1"] = { suttonBartoReward: true };
 * ```
 */
export interface EnvOptionsById {
  /** {@linkcode CartPoleOptions}. */
  "CartPole-v1": CartPoleOptions;
  /** {@linkcode MountainCarOptions}. */
  "MountainCar-v0": MountainCarOptions;
  /** {@linkcode MountainCarContinuousOptions}. */
  "MountainCarContinuous-v0": MountainCarContinuousOptions;
  /** {@linkcode AcrobotOptions}. */
  "Acrobot-v1": AcrobotOptions;
  /** {@linkcode PendulumOptions}. */
  "Pendulum-v1": PendulumOptions;
}

/**
 * A registered id.
 *
 * @example
 * ```ts
 * import type { EnvId } from "@seeded/rl";
 * const id: EnvId = "CartPole-v1";
 * ```
 */
export type EnvId = keyof EnvById;

/**
 * Any classic-control env.
 *
 * @example
 * ```ts
 * import { make, type ClassicControlEnv } from "@seeded/rl";
 * const env: ClassicControlEnv = make("CartPole-v1").unwrapped;
 * ```
 */
export type ClassicControlEnv = EnvById[EnvId];

/**
 * Options of {@linkcode make}: the env's constructor options plus a time-limit override.
 *
 * @example
 * ```ts
 * import { make } from "@seeded/rl";
 * const env = make("CartPole-v1", { maxEpisodeSteps: 200, suttonBartoReward: true });
 * ```
 */
export type MakeOptions<Id extends EnvId = EnvId> = EnvOptionsById[Id] & {
  /** Overrides the registered `maxEpisodeSteps` (a positive integer). */
  maxEpisodeSteps?: number;
};

/** The built-in envs, registered exactly as a user's env would be (Gymnasium's order). */
const BUILT_IN: EnvRegistration[] = [
  {
    id: "CartPole-v1",
    create: (o) => new CartPole(o as CartPoleOptions),
    maxEpisodeSteps: 500,
    rewardThreshold: 475,
  },
  {
    id: "MountainCar-v0",
    create: (o) => new MountainCar(o as MountainCarOptions),
    maxEpisodeSteps: 200,
    rewardThreshold: -110,
  },
  {
    id: "MountainCarContinuous-v0",
    create: (o) => new MountainCarContinuous(o as MountainCarContinuousOptions),
    maxEpisodeSteps: 999,
    rewardThreshold: 90,
  },
  {
    id: "Acrobot-v1",
    create: (o) => new Acrobot(o as AcrobotOptions),
    maxEpisodeSteps: 500,
    rewardThreshold: -100,
  },
  {
    id: "Pendulum-v1",
    create: (o) => new Pendulum(o as PendulumOptions),
    maxEpisodeSteps: 200,
    rewardThreshold: null,
  },
];
for (const entry of BUILT_IN) register(entry);

/**
 * Creates a registered env inside `TimeLimit(maxEpisodeSteps)`, with `spec` set on both.
 *
 * To replay from a given physical state (as the Gymnasium parity tests do): `env.reset()` (which
 * also starts the time-limit count at 0), then assign `env.unwrapped.state`.
 *
 * @param id A registered id, for example `"CartPole-v1"`.
 * @param options The env's constructor options, and `maxEpisodeSteps` to override the limit.
 * @returns The wrapped env; `env.unwrapped` is the env itself (with its `state`).
 * @throws {RangeError} if the id is not registered (the message suggests the closest id).
 * @example
 * ```ts
 * import { make } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const env = make("CartPole-v1");
 * assert.equal(env.spec?.maxEpisodeSteps, 500);
 * env.reset({ seed: 0 });
 * env.unwrapped.state = [0, 0, 0, 0];
 * env.step(1);
 * ```
 */
export function make<Id extends EnvId>(id: Id, options?: MakeOptions<Id>): TimeLimit<EnvById[Id]>;
/**
 * Creates a registered env from a dynamic id string (see the typed overload). Typed for the
 * built-in envs; for a user's id registered with `register`, the env is the user's adapted to the
 * fast path (in a `TimeLimit` when the registration has a limit) and `unwrapped` is the user's
 * env: cast it to the user's class.
 *
 * @example
 * ```ts
 * import { make } from "@seeded/rl";
 * const env = make(String("CartPole-v1"));
 * ```
 */
export function make(id: string, options?: Record<string, unknown>): TimeLimit<ClassicControlEnv>;
export function make(
  id: string,
  options: Record<string, unknown> = {},
): TimeLimit<ClassicControlEnv> {
  return makeRegistered(id, options) as TimeLimit<ClassicControlEnv>;
}

export {
  type EnvSource,
  makeEnvSource,
  makeVec,
  type MakeVecOptions,
  register,
  registry,
} from "../env/registry.ts";
