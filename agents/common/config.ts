/**
 * Validation of agent configurations: unknown keys (with a "did you mean"), numbers in range,
 * integers, booleans, choices, and the `rmsprop*` fields, with error messages that name the field,
 * the value and what is allowed. Shared by every agent's constructor.
 *
 * @example
 * ```ts
 * import { checkConfigKeys, checkNumberField } from "@seeded/rl";
 * const config = { learningRate: 3e-4, gamma: 0.99 };
 * checkConfigKeys("PPO", config, ["learningRate", "gamma"]);
 * checkNumberField("PPO", "gamma", config.gamma, { min: 0, max: 1 });
 * ```
 *
 * @module
 */
import { resolveRmspropConfig, type RmspropConfig } from "../../core/optim/rmsprop_config.ts";
import type { RMSpropPresetName } from "../../core/optim/rmsprop.ts";

/** Bounds of {@linkcode checkNumberField}. */
export interface NumberRule {
  /** Smallest allowed value (inclusive unless `minExclusive`). */
  min?: number;
  /** Largest allowed value (inclusive unless `maxExclusive`). */
  max?: number;
  /** Exclude `min` itself. @default {false} */
  minExclusive?: boolean;
  /** Exclude `max` itself. @default {false} */
  maxExclusive?: boolean;
  /** Require a (safe) integer. @default {false} */
  integer?: boolean;
}

/**
 * Throws a `TypeError` for a key of `config` that is not in `known`, suggesting the closest known
 * key (by edit distance, ignoring case) when there is a plausible one.
 *
 * @param who The agent name for the message, for example `"PPO"`.
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
 * Returns `value` if it is a finite number within `rule`, otherwise throws naming the field.
 *
 * @throws {TypeError} if `value` is not a number.
 * @throws {RangeError} if it is not finite, out of range, or not an integer when required.
 * @example
 * ```ts
 * import { checkNumberField } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.throws(
 *   () => checkNumberField("PPO", "learningRate", 0, { min: 0, minExclusive: true }),
 *   { name: "RangeError", message: "Cannot create PPO: learningRate must be > 0, got 0" },
 * );
 * ```
 */
export function checkNumberField(
  who: string,
  name: string,
  value: unknown,
  rule: NumberRule = {},
): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot create ${who}: ${name} must be a number, got ${describeValue(value)}`,
    );
  }
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = rule;
  const ok = Number.isFinite(value) &&
    (!integer || Number.isSafeInteger(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (!ok) {
    throw new RangeError(
      `Cannot create ${who}: ${name} must be ${describeRule(rule)}, got ${value}`,
    );
  }
  return value;
}

/**
 * Returns `value` if it is a boolean, otherwise throws naming the field.
 *
 * @throws {TypeError} if `value` is not a boolean.
 * @example
 * ```ts
 * import { checkBooleanField } from "@seeded/rl";
 * checkBooleanField("PPO", "normAdv", true);
 * ```
 */
export function checkBooleanField(who: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(
      `Cannot create ${who}: ${name} must be true or false, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * Returns `value` if it is one of `choices`, otherwise throws naming the field.
 *
 * @throws {RangeError} if `value` is not one of `choices`.
 * @example
 * ```ts
 * import { checkChoiceField } from "@seeded/rl";
 * checkChoiceField("PPO", "activation", "tanh", ["tanh", "relu"]);
 * ```
 */
export function checkChoiceField<T extends string>(
  who: string,
  name: string,
  value: unknown,
  choices: readonly T[],
): T {
  if (!choices.includes(value as T)) {
    throw new RangeError(
      `Cannot create ${who}: ${name} must be ${choices.map((c) => `"${c}"`).join(" or ")}, got ${
        describeValue(value)
      }`,
    );
  }
  return value as T;
}

/**
 * Returns a copy of `value` if it is a non-empty array of positive integers (hidden layer widths).
 *
 * @throws {RangeError} otherwise.
 * @example
 * ```ts
 * import { checkSizesField } from "@seeded/rl";
 * checkSizesField("PPO", "hiddenSizes", [64, 64]);
 * ```
 */
export function checkSizesField(who: string, name: string, value: unknown): number[] {
  if (
    !Array.isArray(value) || value.length === 0 ||
    !value.every((s) => Number.isSafeInteger(s) && s > 0)
  ) {
    throw new RangeError(
      `Cannot create ${who}: ${name} must be a non-empty array of positive integers, got ${
        describeValue(value)
      }`,
    );
  }
  return value.slice();
}

/**
 * Checks every resolved `rmsprop*` field (the same ranges as {@linkcode RMSprop}, but naming the
 * config field).
 *
 * @throws {RangeError} or {TypeError} for a field out of range or of the wrong type.
 * @example
 * ```ts
 * import { checkRmspropConfig, resolveRmspropConfig } from "@seeded/rl";
 * checkRmspropConfig("A2C", resolveRmspropConfig({ rmspropEps: 1e-5 }));
 * ```
 */
export function checkRmspropConfig(who: string, config: RmspropConfig): void {
  checkNumberField(who, "rmspropRho", config.rmspropRho, { min: 0, max: 1, maxExclusive: true });
  checkNumberField(who, "rmspropEps", config.rmspropEps, { min: 0 });
  checkChoiceField(who, "rmspropEpsPlacement", config.rmspropEpsPlacement, ["inside", "outside"]);
  checkBooleanField(who, "rmspropCentered", config.rmspropCentered);
  checkNumberField(who, "rmspropMomentum", config.rmspropMomentum, {
    min: 0,
    max: 1,
    maxExclusive: true,
  });
  checkChoiceField(who, "rmspropMomentumStyle", config.rmspropMomentumStyle, ["torch", "tf"]);
  checkNumberField(who, "rmspropInitialAccumulator", config.rmspropInitialAccumulator, {
    min: 0,
  });
}

/** The field names of {@linkcode RmspropConfig}, for key checks. */
export const RMSPROP_CONFIG_KEYS: readonly string[] = Object.freeze([
  "rmspropPreset",
  "rmspropRho",
  "rmspropEps",
  "rmspropEpsPlacement",
  "rmspropCentered",
  "rmspropMomentum",
  "rmspropMomentumStyle",
  "rmspropInitialAccumulator",
]);

/**
 * Checks the keys of `options` against `defaults` plus the `rmsprop*` fields, and returns the
 * defaults overridden by every given (not `undefined`) field. Values are not validated here.
 *
 * @throws {TypeError} for an unknown key (with a "did you mean").
 * @example
 * ```ts
 * import { withDefaults } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const config = withDefaults("PPO", { gamma: 0.99, numEnvs: 4 }, { numEnvs: 8 });
 * assert.deepEqual(config, { gamma: 0.99, numEnvs: 8 });
 * ```
 */
export function withDefaults<T extends object>(
  who: string,
  defaults: T,
  options: Partial<T> | Partial<RmspropConfig> | undefined,
): T {
  const given = (options ?? {}) as Record<string, unknown>;
  checkConfigKeys(who, given, [...Object.keys(defaults), ...RMSPROP_CONFIG_KEYS]);
  const out = { ...defaults } as Record<string, unknown>;
  for (const key of Object.keys(defaults)) {
    if (given[key] !== undefined) out[key] = given[key];
  }
  return out as T;
}

/**
 * Resolves and validates the `rmsprop*` fields of an agent config: without `rmspropPreset`, the
 * agent's `defaultPreset` is used with `presetOverrides` applied (for example SB3's A2C eps 1e-5
 * on the PyTorch preset); with an explicit preset, that preset's values fill the gaps. Explicit
 * fields always win.
 *
 * @throws {RangeError} or {TypeError} for an unknown preset or a field out of range.
 * @example
 * ```ts
 * import { resolveAgentRmsprop } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const r = resolveAgentRmsprop("A2C", {}, "pytorch", { rmspropEps: 1e-5 });
 * assert.equal(r.rmspropEps, 1e-5);
 * assert.equal(resolveAgentRmsprop("A2C", { rmspropPreset: "tf1" }, "pytorch", { rmspropEps: 1e-5 })
 *   .rmspropEps, 1e-10);
 * ```
 */
export function resolveAgentRmsprop(
  who: string,
  options: Partial<RmspropConfig> | undefined,
  defaultPreset: RMSpropPresetName,
  presetOverrides: Partial<RmspropConfig> = {},
): RmspropConfig {
  const given: Partial<RmspropConfig> = {};
  for (const key of RMSPROP_CONFIG_KEYS) {
    const v = (options as Record<string, unknown> | undefined)?.[key];
    if (v !== undefined) (given as Record<string, unknown>)[key] = v;
  }
  const partial = given.rmspropPreset === undefined
    ? { ...presetOverrides, ...given, rmspropPreset: defaultPreset }
    : given;
  let resolved: RmspropConfig;
  try {
    resolved = resolveRmspropConfig(partial);
  } catch (error) {
    throw new RangeError(
      `Cannot create ${who}: rmspropPreset must be a known preset, got ${
        describeValue(partial.rmspropPreset)
      } (${(error as Error).message})`,
    );
  }
  checkRmspropConfig(who, resolved);
  return resolved;
}

function describeRule(rule: NumberRule): string {
  const parts: string[] = [];
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = rule;
  if (min !== undefined && max !== undefined) {
    parts.push(`in ${minExclusive ? "(" : "["}${min}, ${max}${maxExclusive ? ")" : "]"}`);
  } else if (min !== undefined) {
    parts.push(`${minExclusive ? ">" : ">="} ${min}`);
  } else if (max !== undefined) {
    parts.push(`${maxExclusive ? "<" : "<="} ${max}`);
  } else {
    return integer ? "an integer" : "finite";
  }
  return integer ? `an integer ${parts[0]}` : parts[0];
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return `"${value}"`;
  if (Array.isArray(value)) return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  return value.constructor?.name ?? "object";
}

/** The known key closest to `key` (case-insensitive Levenshtein ≤ max(2, len/3)), if any. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const k = key.toLowerCase();
  for (const candidate of known) {
    const d = editDistance(k, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j] + 1,
        cur[j - 1] + 1,
        prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length];
}
