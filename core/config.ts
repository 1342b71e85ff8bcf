/**
 * Config declarations: each field of a configuration is declared once, as data — its type,
 * default, range or choices and one doc line — and the TypeScript type ({@linkcode ConfigOf}),
 * the defaults ({@linkcode defaultsOf}) and the validation ({@linkcode resolveConfig}, with
 * messages that name the field, the value and what is allowed) all come from that declaration.
 * The CLI derives its flags, `--help` and the README's flag list from the same tables.
 *
 * A table is a plain object literal with `as const` (so its type stays exact and JSR's fast type
 * check can read it without inference), checked with `satisfies ConfigFields`.
 *
 * @example
 * ```ts
 * import { type ConfigFields, type ConfigOf, resolveConfig } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const FIELDS = {
 *   gamma: { type: "number", default: 0.99, min: 0, max: 1, doc: "The discount γ." },
 *   activation: { type: "choice", choices: ["tanh", "relu"], default: "tanh", doc: "Hidden activation." },
 * } as const satisfies ConfigFields;
 * type Config = ConfigOf<typeof FIELDS>; // { gamma: number; activation: "tanh" | "relu" }
 *
 * const config: Config = resolveConfig("Demo", FIELDS, { gamma: 0.9 });
 * assert.deepEqual(config, { gamma: 0.9, activation: "tanh" });
 * assert.throws(() => resolveConfig("Demo", FIELDS, { gama: 0.9 }), /did you mean "gamma"/);
 * ```
 *
 * @module
 */
import { closest, describe } from "./text.ts";

/** A number field: finite, optionally an integer, within bounds, or `null` when `nullable`. */
export interface NumberRule {
  /** The field kind. */
  readonly type: "number";
  /** One line for docs and `--help`. */
  readonly doc: string;
  /** Smallest allowed value (inclusive unless `minExclusive`). */
  readonly min?: number;
  /** Largest allowed value (inclusive unless `maxExclusive`). */
  readonly max?: number;
  /** Exclude `min` itself. @default {false} */
  readonly minExclusive?: boolean;
  /** Exclude `max` itself. @default {false} */
  readonly maxExclusive?: boolean;
  /** Require a (safe) integer. @default {false} */
  readonly integer?: boolean;
  /** Also accept `null` (the feature is off). @default {false} */
  readonly nullable?: boolean;
}

/** A boolean field. */
export interface BooleanRule {
  /** The field kind. */
  readonly type: "boolean";
  /** One line for docs and `--help`. */
  readonly doc: string;
}

/** A field whose value is one of a few strings. */
export interface ChoiceRule {
  /** The field kind. */
  readonly type: "choice";
  /** One line for docs and `--help`. */
  readonly doc: string;
  /** The allowed values. */
  readonly choices: readonly string[];
}

/** Hidden layer widths: an array of positive integers. */
export interface SizesRule {
  /** The field kind. */
  readonly type: "sizes";
  /** One line for docs and `--help`. */
  readonly doc: string;
  /** Accept `[]` (no hidden layer). @default {false} */
  readonly allowEmpty?: boolean;
}

/** An environment: a registered id (see `make`), or (from code) a function returning new envs. */
export interface EnvRule {
  /** The field kind. */
  readonly type: "env";
  /** One line for docs and `--help`. */
  readonly doc: string;
}

/** What a field allows, without its default (fields whose default comes from elsewhere). */
export type FieldRule = NumberRule | BooleanRule | ChoiceRule | SizesRule | EnvRule;

/** One declared field: its rule plus its default. */
export type ConfigField =
  | (NumberRule & { readonly default: number | null })
  | (BooleanRule & { readonly default: boolean })
  | (ChoiceRule & { readonly default: string })
  | (SizesRule & { readonly default: readonly number[] })
  | (EnvRule & { readonly default: string });

/** A table of declared fields, by name (declaration order is the order of docs and flags). */
export type ConfigFields = { readonly [name: string]: ConfigField };

/** A table of rules without defaults. */
export type FieldRules = { readonly [name: string]: FieldRule };

/**
 * The value type of one field rule.
 *
 * @example
 * ```ts
 * import type { FieldValue } from "@seeded/rl";
 * const v: FieldValue<{ type: "choice"; doc: ""; choices: readonly ["a", "b"] }> = "a";
 * ```
 */
export type FieldValue<F extends FieldRule> = F extends NumberRule
  ? (F extends { readonly nullable: true } ? number | null : number)
  : F extends BooleanRule ? boolean
  : F extends ChoiceRule ? F["choices"][number]
  : F extends SizesRule ? number[]
  : string | (() => object);

/**
 * The configuration type of a table of fields (or rules): one property per field.
 *
 * @example
 * ```ts
 * import type { ConfigOf } from "@seeded/rl";
 * const FIELDS = { seed: { type: "number", default: 1, integer: true, doc: "The seed." } } as const;
 * const config: ConfigOf<typeof FIELDS> = { seed: 3 };
 * ```
 */
export type ConfigOf<T extends FieldRules> = { -readonly [K in keyof T]: FieldValue<T[K]> };

/**
 * The defaults of a table of fields, as a fresh object in declaration order (arrays copied).
 *
 * @example
 * ```ts
 * import { defaultsOf } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const FIELDS = { seed: { type: "number", default: 1, doc: "The seed." } } as const;
 * assert.deepEqual(defaultsOf(FIELDS), { seed: 1 });
 * ```
 */
export function defaultsOf<T extends ConfigFields>(fields: T): ConfigOf<T> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    out[name] = Array.isArray(field.default) ? field.default.slice() : field.default;
  }
  return out as ConfigOf<T>;
}

/**
 * Checks the keys of `options` (unknown keys are a `TypeError` with a "did you mean"), fills the
 * defaults of `fields` for every key not given (or `undefined`), and validates every field.
 * Keys in `extraKeys` are allowed but neither filled nor validated (they belong to another table).
 *
 * @param who The name for messages, for example `"PPO"`: `Cannot create PPO: ...`.
 * @returns A fresh config in declaration order.
 * @throws {TypeError} for an unknown key, a non-object `options` or a value of the wrong type.
 * @throws {RangeError} for a value out of range or not among the choices.
 * @example
 * ```ts
 * import { resolveConfig } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const FIELDS = {
 *   numEnvs: { type: "number", default: 4, min: 1, integer: true, doc: "Sub-envs." },
 * } as const;
 * assert.throws(() => resolveConfig("PPO", FIELDS, { numEnvs: 0 }), {
 *   name: "RangeError",
 *   message: "Cannot create PPO: numEnvs must be an integer >= 1, got 0",
 * });
 * ```
 */
export function resolveConfig<T extends ConfigFields>(
  who: string,
  fields: T,
  options: object | undefined,
  extraKeys: readonly string[] = [],
): ConfigOf<T> {
  const given = (options ?? {}) as Record<string, unknown>;
  checkConfigKeys(who, given, [...Object.keys(fields), ...extraKeys]);
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = given[name] === undefined ? field.default : given[name];
    out[name] = checkField(who, name, field, value);
  }
  return out as ConfigOf<T>;
}

/**
 * Throws a `TypeError` for a key of `config` that is not in `known`, suggesting the closest known
 * key (by edit distance, ignoring case) when there is a plausible one.
 *
 * @param who The name for messages, for example `"PPO"`.
 * @throws {TypeError} for an unknown key, or if `config` is not an object.
 * @example
 * ```ts
 * import { checkConfigKeys } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.throws(
 *   () => checkConfigKeys("PPO", { learningrate: 1 }, ["learningRate"]),
 *   /did you mean "learningRate"/,
 * );
 * ```
 */
export function checkConfigKeys(who: string, config: object, known: readonly string[]): void {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new TypeError(`Cannot create ${who}: config must be an object, got ${config}`);
  }
  for (const key of Object.keys(config)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    throw new TypeError(
      `Cannot create ${who}: unknown config key "${key}"${
        guess === undefined ? ` (known keys: ${known.join(", ")})` : ` (did you mean "${guess}"?)`
      }`,
    );
  }
}

/**
 * Returns `value` if `rule` allows it (a copy for an array), otherwise throws naming the field,
 * the value and what is allowed.
 *
 * @throws {TypeError} for a value of the wrong type.
 * @throws {RangeError} for a value out of range or not among the choices.
 * @example
 * ```ts
 * import { checkField } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const gamma = { type: "number", min: 0, max: 1, doc: "The discount." } as const;
 * assert.throws(() => checkField("PPO", "gamma", gamma, 1.5), {
 *   name: "RangeError",
 *   message: "Cannot create PPO: gamma must be in [0, 1], got 1.5",
 * });
 * ```
 */
export function checkField(who: string, name: string, rule: FieldRule, value: unknown): unknown {
  const fail = (Error: typeof TypeError, allowed: string, shown: string): never => {
    throw new Error(`Cannot create ${who}: ${name} must be ${allowed}, got ${shown}`);
  };
  switch (rule.type) {
    case "number": {
      if (value === null && rule.nullable) return null;
      if (typeof value !== "number") return fail(TypeError, "a number", describe(value));
      const { min, max, minExclusive = false, maxExclusive = false, integer = false } = rule;
      const ok = Number.isFinite(value) &&
        (!integer || Number.isSafeInteger(value)) &&
        (min === undefined || (minExclusive ? value > min : value >= min)) &&
        (max === undefined || (maxExclusive ? value < max : value <= max));
      if (!ok) {
        fail(
          RangeError,
          describeRule(rule),
          `${value}${rule.nullable ? " (null turns it off)" : ""}`,
        );
      }
      return value;
    }
    case "boolean":
      if (typeof value !== "boolean") fail(TypeError, "true or false", describe(value));
      return value;
    case "choice":
      if (typeof value !== "string" || !rule.choices.includes(value)) {
        fail(RangeError, rule.choices.map((c) => `"${c}"`).join(" or "), describe(value));
      }
      return value;
    case "sizes": {
      const empty = rule.allowEmpty === true;
      if (
        !Array.isArray(value) || (!empty && value.length === 0) ||
        !value.every((s) => Number.isSafeInteger(s) && s > 0)
      ) {
        fail(
          RangeError,
          `${empty ? "an" : "a non-empty"} array of positive integers`,
          describe(value),
        );
      }
      return (value as number[]).slice();
    }
    case "env":
      if (typeof value !== "string" && typeof value !== "function") {
        fail(TypeError, "an env id string or a function returning an env", String(value));
      }
      return value;
  }
}

/**
 * What a number rule allows, in words: `in [0, 1)`, `> 0`, `an integer >= 1`, `finite`.
 *
 * @example
 * ```ts
 * import { describeRule } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(describeRule({ type: "number", doc: "", min: 0, max: 1, maxExclusive: true }), "in [0, 1)");
 * ```
 */
export function describeRule(rule: NumberRule): string {
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = rule;
  let range: string;
  if (min !== undefined && max !== undefined) {
    range = `in ${minExclusive ? "(" : "["}${min}, ${max}${maxExclusive ? ")" : "]"}`;
  } else if (min !== undefined) {
    range = `${minExclusive ? ">" : ">="} ${min}`;
  } else if (max !== undefined) {
    range = `${maxExclusive ? "<" : "<="} ${max}`;
  } else {
    return integer ? "an integer" : "finite";
  }
  return integer ? `an integer ${range}` : range;
}
