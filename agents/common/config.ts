/**
 * Agent configurations, declared once per field (see `core/config.ts`): an agent's
 * {@linkcode AgentConfigSpec} is its table of fields plus the defaults of its optimizer's
 * `rmsprop*` fields; {@linkcode resolveAgentConfig} turns the constructor's options into the
 * complete, validated config. The fields that mean the same thing in every agent are declared here
 * once (`ENV_FIELD`, `SEED_FIELD`, ...), so they have the same name, doc and range everywhere.
 *
 * @example
 * ```ts
 * import { type AgentConfigSpec, ENV_FIELD, resolveAgentConfig, SEED_FIELD } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const SPEC = {
 *   fields: {
 *     env: ENV_FIELD,
 *     seed: SEED_FIELD,
 *     learningRate: { type: "number", default: 1e-3, min: 0, minExclusive: true, doc: "The lr." },
 *   },
 *   rmsprop: { rmspropPreset: "pytorch", rmspropEps: 1e-5 },
 * } as const satisfies AgentConfigSpec;
 * const config = resolveAgentConfig("Mine", SPEC, { seed: 3 });
 * assert.equal(config.seed, 3);
 * assert.equal(config.rmspropEps, 1e-5);
 * ```
 *
 * @module
 */
import { checkField, type ConfigFields, type ConfigOf, resolveConfig } from "../../core/config.ts";
import {
  resolveRmspropConfig,
  RMSPROP_FIELDS,
  type RmspropConfig,
} from "../../core/optim/rmsprop_config.ts";

/**
 * The defaults of an agent's `rmsprop*` fields: a preset, and fields that differ from it (for
 * example SB3's A2C: the PyTorch preset with eps 1e-5). They apply when the user gives no
 * `rmspropPreset`; with one, that preset's values fill the fields the user did not give.
 */
export type RmspropDefaults =
  & Readonly<Partial<RmspropConfig>>
  & { readonly rmspropPreset: RmspropConfig["rmspropPreset"] };

/** Everything an agent declares about its configuration. */
export interface AgentConfigSpec {
  /** The agent's own fields, in the order of its docs, flags and resolved config. */
  readonly fields: ConfigFields;
  /** The defaults of the `rmsprop*` fields (see {@linkcode RMSPROP_FIELDS}). */
  readonly rmsprop: RmspropDefaults;
}

/**
 * The complete config type of an agent spec: its fields plus the `rmsprop*` fields.
 *
 * @example
 * ```ts
 * import type { AgentConfigOf, PPO_CONFIG } from "@seeded/rl";
 * type C = AgentConfigOf<typeof PPO_CONFIG>; // { env: string; ...; rmspropEps: number; ... }
 * ```
 */
export type AgentConfigOf<S extends AgentConfigSpec> = ConfigOf<S["fields"]> & RmspropConfig;

/** The training environment id, every agent's first field. */
export const ENV_FIELD = {
  type: "env",
  default: "CartPole-v1",
  doc: "The training environment id (see `make`).",
} as const;

/** The run seed, every agent's second field. */
export const SEED_FIELD = {
  type: "number",
  default: 1,
  integer: true,
  doc: "The run seed: networks, sampling and sub-env i (seeded `seed + i`).",
} as const;

/** The discount γ. */
export const GAMMA_FIELD = {
  type: "number",
  default: 0.99,
  min: 0,
  max: 1,
  doc: "The discount γ.",
} as const;

/** The training length of the policy-gradient agents (what lr annealing is planned over). */
export const TOTAL_TIMESTEPS_FIELD = {
  type: "number",
  default: 500000,
  min: 1,
  integer: true,
  doc: "The training length the lr annealing is planned over (used only with `annealLr`).",
} as const;

/** The global gradient-norm clipping of the policy-gradient agents. */
export const MAX_GRAD_NORM_FIELD = {
  type: "number",
  default: 0.5,
  min: 0,
  minExclusive: true,
  doc: "Global gradient-norm clipping threshold.",
} as const;

/** The hidden activation of the policy-gradient networks. */
export const ACTIVATION_FIELD = {
  type: "choice",
  choices: ["tanh", "relu"],
  default: "tanh",
  doc: "Hidden activation.",
} as const;

/** Observation normalisation (SB3 `VecNormalize`). */
export const NORMALIZE_OBSERVATION_FIELD = {
  type: "boolean",
  default: false,
  doc: "Normalise observations with running statistics (SB3 `VecNormalize`, clip 10).",
} as const;

/** Reward scaling (SB3 `VecNormalize`). */
export const NORMALIZE_REWARD_FIELD = {
  type: "boolean",
  default: false,
  doc: "Scale rewards by the running std of the discounted return (SB3 `VecNormalize`, clip 10).",
} as const;

/** The initial log-std of a Gaussian policy. */
export const LOG_STD_INIT_FIELD = {
  type: "number",
  default: 0,
  doc: "Initial log-std of the Gaussian policy (continuous actions only).",
} as const;

const RMSPROP_KEYS = Object.keys(RMSPROP_FIELDS);

/**
 * Resolves an agent's options: unknown keys are a `TypeError` with a "did you mean"; every field
 * not given takes its default; every field is validated; the `rmsprop*` fields are resolved from
 * the preset (see {@linkcode resolveAgentRmsprop}). The result lists the agent's fields in
 * declaration order, then the `rmsprop*` fields.
 *
 * @param who The agent's name for messages, for example `"PPO"`.
 * @throws {TypeError} for an unknown key or a value of the wrong type.
 * @throws {RangeError} for a value out of range, an unknown choice or an unknown preset.
 * @example
 * ```ts
 * import { PPO_CONFIG, resolveAgentConfig } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.throws(() => resolveAgentConfig("PPO", PPO_CONFIG, { gamma: 2 }), {
 *   name: "RangeError",
 *   message: "Cannot create PPO: gamma must be in [0, 1], got 2",
 * });
 * ```
 */
export function resolveAgentConfig<S extends AgentConfigSpec>(
  who: string,
  spec: S,
  options: object | undefined,
): AgentConfigOf<S> {
  const own = resolveConfig(who, spec.fields, options, RMSPROP_KEYS);
  const rms = resolveAgentRmsprop(who, options as Partial<RmspropConfig>, spec.rmsprop);
  return { ...own, ...rms } as AgentConfigOf<S>;
}

/**
 * Resolves and validates the `rmsprop*` fields of an agent's options: without `rmspropPreset`,
 * the agent's `defaults` apply (its preset with its overrides); with an explicit preset, that
 * preset's values fill the gaps. Explicit fields always win.
 *
 * @throws {RangeError} or {TypeError} for an unknown preset or a field out of range.
 * @example
 * ```ts
 * import { resolveAgentRmsprop } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const sb3 = { rmspropPreset: "pytorch", rmspropEps: 1e-5 } as const;
 * assert.equal(resolveAgentRmsprop("A2C", {}, sb3).rmspropEps, 1e-5);
 * assert.equal(resolveAgentRmsprop("A2C", { rmspropPreset: "tf1" }, sb3).rmspropEps, 1e-10);
 * ```
 */
export function resolveAgentRmsprop(
  who: string,
  options: Partial<RmspropConfig> | undefined,
  defaults: RmspropDefaults,
): RmspropConfig {
  const given: Record<string, unknown> = {};
  for (const key of RMSPROP_KEYS) {
    const v = (options as Record<string, unknown> | undefined)?.[key];
    if (v !== undefined) given[key] = v;
  }
  const partial = given.rmspropPreset === undefined ? { ...defaults, ...given } : given;
  let resolved: RmspropConfig;
  try {
    resolved = resolveRmspropConfig(partial as Partial<RmspropConfig>);
  } catch (error) {
    const shown = typeof partial.rmspropPreset === "string"
      ? `"${partial.rmspropPreset}"`
      : String(partial.rmspropPreset);
    throw new RangeError(
      `Cannot create ${who}: rmspropPreset must be a known preset, got ${shown} (${
        (error as Error).message
      })`,
    );
  }
  for (const [name, rule] of Object.entries(RMSPROP_FIELDS)) {
    checkField(who, name, rule, resolved[name as keyof RmspropConfig]);
  }
  return resolved;
}

/**
 * The resolved defaults of an agent spec (its fields' defaults and the `rmsprop*` fields from
 * its preset), without building the agent: what `--help` and the docs show.
 *
 * @example
 * ```ts
 * import { A2C_CONFIG, agentDefaults } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(agentDefaults(A2C_CONFIG).rmspropEps, 1e-5);
 * ```
 */
export function agentDefaults<S extends AgentConfigSpec>(spec: S): AgentConfigOf<S> {
  return resolveAgentConfig("agent", spec, {});
}
