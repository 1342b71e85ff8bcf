/**
 * The open environment registry: {@linkcode register} an id with a factory, its time limit and
 * reward threshold, then {@linkcode make} / {@linkcode makeVec} it, or pass the id to any agent.
 * The built-in envs are registered the same way (in `envs/registry.ts`).
 *
 * @example
 * ```ts
 * import { Box, Discrete, make, register, type Env } from "@seeded/rl";
 * class Coin implements Env<Float32Array, number> {
 *   observationSpace = new Box([0], [1]);
 *   actionSpace = new Discrete(2);
 *   reset() {
 *     return { observation: new Float32Array(1), info: {} };
 *   }
 *   step(action: number) {
 *     return { observation: new Float32Array(1), reward: action, terminated: true, truncated: false, info: {} };
 *   }
 * }
 * register({ id: "CoinDocs-v0", create: () => new Coin(), maxEpisodeSteps: 10 });
 * const env = make("CoinDocs-v0");
 * env.reset({ seed: 0 });
 * ```
 *
 * @module
 */
import type { Env, EnvSpec } from "./env.ts";
import { TimeLimit } from "./wrappers/time_limit.ts";
import type { WrappableEnv } from "./wrappers/wrapper.ts";
import { SyncVectorEnv, type SyncVectorEnvOptions } from "./vector_env.ts";
import { toFastEnv } from "./env_adapter.ts";
import { didYouMean } from "../core/text.ts";

/**
 * What {@linkcode register} takes: the id, a factory, and the registry's episode limits.
 *
 * @typeParam E The env type `create` returns.
 * @example
 * ```ts
 * import { make, type EnvRegistration } from "@seeded/rl";
 * const entry: EnvRegistration = { id: "ShortCartPole-v0", create: () => make("CartPole-v1").unwrapped, maxEpisodeSteps: 100 };
 * ```
 */
export interface EnvRegistration<E extends Env<Float32Array, never> = Env<Float32Array, never>> {
  /** The id, Gymnasium style `Name-vN`, unique in the registry. */
  id: string;
  /** Makes a new, independent env from `make`'s options (without `maxEpisodeSteps`). */
  create(options: Record<string, unknown>): E;
  /**
   * The `TimeLimit` that {@linkcode make} applies (a positive integer), or `null` for none.
   * @default {null}
   */
  maxEpisodeSteps?: number | null;
  /**
   * The average return that counts as solved, or `null`.
   * @default {null}
   */
  rewardThreshold?: number | null;
}

/**
 * Where an agent or {@linkcode makeEnvSource} gets its env: a registered id, or a factory of new,
 * independent envs (a user's {@linkcode Env} is adapted with {@linkcode toFastEnv}).
 *
 * @example
 * ```ts
 * import { make, type EnvSource } from "@seeded/rl";
 * const byId: EnvSource = "CartPole-v1";
 * const byFactory: EnvSource = () => make("CartPole-v1");
 * ```
 */
export type EnvSource = string | (() => Env<Float32Array, never>);

const entries = new Map<string, EnvRegistration>();
const specs: EnvSpec[] = [];

/**
 * The registered specs (`id`, `maxEpisodeSteps`, `rewardThreshold`) in registration order: the
 * built-in envs first, then the user's. A live, read-only view: {@linkcode register} adds to it.
 *
 * @example
 * ```ts
 * import { registry } from "@seeded/rl";
 * for (const spec of registry) console.log(spec.id, spec.maxEpisodeSteps);
 * ```
 */
export const registry: readonly EnvSpec[] = specs;

/**
 * Registers an env id, as Gymnasium's `register`: afterwards `make(id)`, `makeVec(id, n)`, agents
 * (`new PPO({ env: id })`) and the CLI (`--env id`, with `--env-module` to load the module that
 * registers it) accept the id. The env needs to implement only {@linkcode Env}.
 *
 * @param entry The id, factory, time limit and reward threshold.
 * @throws {TypeError} if the id is not a non-empty string or `create` is not a function.
 * @throws {RangeError} if the id is already registered, or `maxEpisodeSteps` is not a positive
 * integer or null.
 * @example
 * ```ts
 * import { make, register, registry } from "@seeded/rl";
 * register({
 *   id: "CartPoleShort-v0",
 *   create: (options) => make("CartPole-v1", options).unwrapped,
 *   maxEpisodeSteps: 100,
 *   rewardThreshold: 95,
 * });
 * registry.find((s) => s.id === "CartPoleShort-v0"); // { id, maxEpisodeSteps: 100, rewardThreshold: 95 }
 * ```
 */
export function register<E extends Env<Float32Array, never>>(entry: EnvRegistration<E>): void {
  const id = entry?.id;
  if (typeof id !== "string" || id.length === 0) {
    throw new TypeError(`Cannot register env: id must be a non-empty string, got ${id}`);
  }
  if (typeof entry.create !== "function") {
    throw new TypeError(`Cannot register ${id}: create must be a function, got ${entry.create}`);
  }
  if (entries.has(id)) throw new RangeError(`Cannot register ${id}: the id is already registered`);
  const steps = entry.maxEpisodeSteps ?? null;
  if (steps !== null && !(Number.isInteger(steps) && steps > 0)) {
    throw new RangeError(
      `Cannot register ${id}: maxEpisodeSteps must be a positive integer or null, got ${steps}`,
    );
  }
  const threshold = entry.rewardThreshold ?? null;
  if (threshold !== null && typeof threshold !== "number") {
    throw new TypeError(
      `Cannot register ${id}: rewardThreshold must be a number or null, got ${threshold}`,
    );
  }
  entries.set(id, entry as unknown as EnvRegistration);
  specs.push(Object.freeze({ id, maxEpisodeSteps: steps, rewardThreshold: threshold }));
}

/**
 * The spec of a registered id.
 *
 * @param id The id.
 * @returns Its spec.
 * @throws {RangeError} if the id is not registered (suggesting the closest one).
 * @example
 * ```ts
 * import { envSpec } from "@seeded/rl";
 * envSpec("CartPole-v1").rewardThreshold; // 475
 * ```
 */
export function envSpec(id: string): EnvSpec {
  const spec = specs.find((s) => s.id === id);
  if (!spec) throw unknownId(id, `make ${JSON.stringify(id)}`);
  return spec;
}

function unknownId(id: unknown, who: string): RangeError {
  const ids = specs.map((s) => s.id);
  return new RangeError(
    `Cannot ${who}: unknown env id ${JSON.stringify(id)}${
      typeof id === "string" ? didYouMean(id, ids) : ""
    }; registered ids are ${ids.join(", ")} (register your own with register({ id, create }))`,
  );
}

/**
 * Creates a registered env inside `TimeLimit(maxEpisodeSteps)` (when the registry has a limit),
 * with `spec` set. A user's env that implements only {@linkcode Env} is adapted with
 * {@linkcode toFastEnv} first. (The typed overloads for the built-in ids live in `envs/`.)
 *
 * @param id A registered id.
 * @param options The env's options, and `maxEpisodeSteps` to override the limit.
 * @returns The env, ready for wrappers and {@linkcode SyncVectorEnv}.
 * @throws {RangeError} if the id is not registered (the message suggests the closest id).
 * @example
 * ```ts
 * import { make } from "@seeded/rl";
 * const env = make("Acrobot-v1");
 * env.reset({ seed: 0 });
 * ```
 */
export function make(id: string, options: Record<string, unknown> = {}): WrappableEnv {
  const entry = typeof id === "string" ? entries.get(id) : undefined;
  if (!entry) throw unknownId(id, `make ${JSON.stringify(id)}`);
  const registered = envSpec(id);
  const { maxEpisodeSteps, ...envOptions } = options;
  const steps = (maxEpisodeSteps ?? registered.maxEpisodeSteps) as number | null;
  const spec: EnvSpec = { ...registered, maxEpisodeSteps: steps };
  const env = toFastEnv(entry.create(envOptions));
  try {
    (env as { spec?: EnvSpec }).spec = spec;
  } catch { /* a user's env with a read-only spec keeps its own */ }
  if (steps === null) return env;
  const wrapped = new TimeLimit(env, steps);
  wrapped.spec = spec;
  return wrapped;
}

/**
 * What {@linkcode makeEnvSource} returns: an id for messages and checkpoints, and a factory of
 * new envs on the fast path.
 */
export interface ResolvedEnvSource {
  /** The registered id, or for a factory the env's `spec.id` (else its class name). */
  id: string;
  /** Makes a new env (the same each call, independent of the others). */
  create: () => WrappableEnv;
}

/**
 * Resolves an agent's `env` option: a registered id (checked now, suggesting the closest id) or
 * a factory `() => Env` (its first env is made now, to check it and name it).
 *
 * @param source An id or a factory (an agent's declared `env` field: `string | (() => object)`;
 * the envs it makes are checked when adapted).
 * @param who Who asks, for messages (for example `"PPO"`).
 * @returns The id and a factory.
 * @throws {TypeError} if `source` is neither a string nor a function.
 * @throws {RangeError} for an unknown id.
 * @example
 * ```ts
 * import { make, makeEnvSource } from "@seeded/rl";
 * makeEnvSource("CartPole-v1", "PPO").id; // "CartPole-v1"
 * makeEnvSource(() => make("Acrobot-v1"), "PPO").id; // "Acrobot-v1"
 * ```
 */
export function makeEnvSource(
  source: EnvSource | (() => object),
  who: string,
): ResolvedEnvSource {
  if (typeof source === "string") {
    if (!entries.has(source)) throw unknownId(source, `create ${who}`);
    return { id: source, create: () => make(source) };
  }
  if (typeof source !== "function") {
    throw new TypeError(
      `Cannot create ${who}: env must be a registered env id or a function returning an env, got ${source}`,
    );
  }
  const factory = source as () => Env<Float32Array, never>;
  let first: WrappableEnv | undefined = toFastEnv(factory());
  const c = first as { spec?: EnvSpec; unwrapped?: { constructor?: { name?: string } } };
  const id = c.spec?.id ?? c.unwrapped?.constructor?.name ?? first.constructor.name;
  return {
    id,
    create: (): WrappableEnv => {
      const env = first ?? toFastEnv(factory());
      first = undefined;
      return env;
    },
  };
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
 * `seed + i` on the first reset). Works for every registered id, the user's included.
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
