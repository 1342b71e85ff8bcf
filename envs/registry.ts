/**
 * The environment registry and {@linkcode make}: Gymnasium's ids, time limits and reward
 * thresholds for the five classic-control environments.
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
import type { EnvSpec } from "../env/env.ts";
import { TimeLimit } from "../env/wrappers/mod.ts";
import { SyncVectorEnv, type SyncVectorEnvOptions } from "../env/vector_env.ts";
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

interface Entry {
  spec: EnvSpec;
  create(options: Record<string, unknown>): ClassicControlEnv;
}

const entries: Record<EnvId, Entry> = {
  "CartPole-v1": {
    spec: { id: "CartPole-v1", maxEpisodeSteps: 500, rewardThreshold: 475 },
    create: (o) => new CartPole(o as CartPoleOptions),
  },
  "MountainCar-v0": {
    spec: { id: "MountainCar-v0", maxEpisodeSteps: 200, rewardThreshold: -110 },
    create: (o) => new MountainCar(o as MountainCarOptions),
  },
  "MountainCarContinuous-v0": {
    spec: { id: "MountainCarContinuous-v0", maxEpisodeSteps: 999, rewardThreshold: 90 },
    create: (o) => new MountainCarContinuous(o as MountainCarContinuousOptions),
  },
  "Acrobot-v1": {
    spec: { id: "Acrobot-v1", maxEpisodeSteps: 500, rewardThreshold: -100 },
    create: (o) => new Acrobot(o as AcrobotOptions),
  },
  "Pendulum-v1": {
    spec: { id: "Pendulum-v1", maxEpisodeSteps: 200, rewardThreshold: null },
    create: (o) => new Pendulum(o as PendulumOptions),
  },
};

/**
 * The registered specs, in Gymnasium's order (`id`, `maxEpisodeSteps`, `rewardThreshold`).
 *
 * @example
 * ```ts
 * import { registry } from "@seeded/rl";
 * for (const spec of registry) console.log(spec.id, spec.maxEpisodeSteps);
 * ```
 */
export const registry: readonly EnvSpec[] = Object.freeze(
  Object.values(entries).map((e) => Object.freeze({ ...e.spec })),
);

/**
 * Creates a registered env inside `TimeLimit(maxEpisodeSteps)`, with `spec` set on both.
 *
 * To replay from a given physical state (as the Gymnasium parity tests do): `env.reset()` (which
 * also starts the time-limit count at 0), then assign `env.unwrapped.state`.
 *
 * @param id A registered id, for example `"CartPole-v1"`.
 * @param options The env's constructor options, and `maxEpisodeSteps` to override the limit.
 * @returns The wrapped env; `env.unwrapped` is the env itself (with its `state`).
 * @throws {RangeError} if the id is not registered (the message lists the known ids).
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
 * Creates a registered env from a dynamic id string (see the typed overload).
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
  const entry = Object.hasOwn(entries, id) ? entries[id as EnvId] : undefined;
  if (!entry) {
    throw new RangeError(
      `Cannot make ${JSON.stringify(id)}: unknown env id, known ids are ${
        Object.keys(entries).join(", ")
      }`,
    );
  }
  const { maxEpisodeSteps, ...envOptions } = options;
  const steps = maxEpisodeSteps ?? entry.spec.maxEpisodeSteps;
  const spec: EnvSpec = { ...entry.spec, maxEpisodeSteps: steps as number };
  const env = entry.create(envOptions);
  env.spec = spec;
  const wrapped = new TimeLimit(env, steps as number);
  wrapped.spec = spec;
  return wrapped;
}

/**
 * Options of {@linkcode makeVec}: `make`'s options (`maxEpisodeSteps` overrides the limit) plus
 * the vector env's seed and observation normalisation.
 */
export type MakeVecOptions =
  & Record<string, unknown>
  & Omit<SyncVectorEnvOptions, "maxEpisodeSteps">
  & { maxEpisodeSteps?: number };

/**
 * `numEnvs` copies of `make(id, options)` in a {@linkcode SyncVectorEnv} (sub-env i seeded
 * `seed + i` on the first reset).
 *
 * @example
 * ```ts
 * import { makeVec } from "@seeded/rl";
 * const venv = makeVec("CartPole-v1", 8, { seed: 1 });
 * venv.reset();
 * venv.step(new Int32Array(8));
 * ```
 */
export function makeVec(id: string, numEnvs: number, options: MakeVecOptions = {}): SyncVectorEnv {
  const { seed, normalizeObservations, ...makeOptions } = options;
  make(id, makeOptions); // fail fast on a bad id or option
  return new SyncVectorEnv(() => make(id, makeOptions), numEnvs, {
    seed,
    normalizeObservations,
  } as SyncVectorEnvOptions);
}
