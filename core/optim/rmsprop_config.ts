/**
 * The RMSprop part of an agent's configuration: flat `rmsprop*` fields (one CLI flag each),
 * declared once in {@linkcode RMSPROP_FIELDS} and resolved from a named preset, so every agent
 * exposes the optimizer the same way.
 *
 * @example
 * ```ts
 * import { resolveRmspropConfig, rmspropOptionsFromConfig } from "@seeded/rl";
 * const cfg = resolveRmspropConfig({ rmspropPreset: "pytorch", rmspropEps: 1e-5 });
 * const options = rmspropOptionsFromConfig(cfg, 7e-4); // { lr: 7e-4, rho: 0.99, eps: 1e-5, ... }
 * ```
 *
 * @module
 */
import type { ConfigOf, FieldRules } from "../config.ts";
import { type RMSpropOptions, rmspropPreset, type RMSpropPresetName } from "./rmsprop.ts";

/**
 * The `rmsprop*` fields of every agent config: type, range and doc line (no defaults: they come
 * from `rmspropPreset`, see {@linkcode resolveRmspropConfig}).
 *
 * @example
 * ```ts
 * import { RMSPROP_FIELDS } from "@seeded/rl";
 * console.log(RMSPROP_FIELDS.rmspropRho.doc);
 * ```
 */
export const RMSPROP_FIELDS = {
  rmspropPreset: {
    type: "choice",
    choices: ["pytorch", "keras", "tf1", "tfjs", "optax", "sb3TfLike", "natureDqn", "a3c"],
    doc: "Named RMSprop preset the other `rmsprop*` fields default to.",
  },
  rmspropRho: {
    type: "number",
    min: 0,
    max: 1,
    maxExclusive: true,
    doc: "Decay of the running averages (torch `alpha`, TF `rho`).",
  },
  rmspropEps: { type: "number", min: 0, doc: "Epsilon of the denominator." },
  rmspropEpsPlacement: {
    type: "choice",
    choices: ["inside", "outside"],
    doc: '`"inside"`: sqrt(v + eps) (TF); `"outside"`: sqrt(v) + eps (PyTorch).',
  },
  rmspropCentered: {
    type: "boolean",
    doc: "Centered RMSprop (divide by the running standard deviation).",
  },
  rmspropMomentum: {
    type: "number",
    min: 0,
    max: 1,
    maxExclusive: true,
    doc: "Momentum coefficient (0 disables it).",
  },
  rmspropMomentumStyle: {
    type: "choice",
    choices: ["torch", "tf"],
    doc: "Where lr sits relative to the momentum buffer.",
  },
  rmspropInitialAccumulator: {
    type: "number",
    min: 0,
    doc: "Initial value of the mean-square accumulator (1 for TF1 and SB3's RMSpropTFLike).",
  },
} as const satisfies FieldRules;

/** The optimizer fields of every agent config (all resolved, see {@linkcode resolveRmspropConfig}). */
export interface RmspropConfig extends ConfigOf<typeof RMSPROP_FIELDS> {}

// The preset choices above are exactly the preset names (a compile-time check).
const _presetNamesMatch: [RMSpropPresetName, RmspropConfig["rmspropPreset"]] extends [
  RmspropConfig["rmspropPreset"],
  RMSpropPresetName,
] ? true
  : never = true;

/**
 * Fills every missing `rmsprop*` field from `rmspropPreset` (or `defaultPreset` when no preset is
 * given). Explicit fields win over the preset. Values are not validated here.
 *
 * @throws {RangeError} for an unknown preset name.
 * @example
 * ```ts
 * import { resolveRmspropConfig } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const cfg = resolveRmspropConfig({}, "natureDqn");
 * assert.equal(cfg.rmspropCentered, true);
 * assert.equal(cfg.rmspropRho, 0.95);
 * ```
 */
export function resolveRmspropConfig(
  partial: Partial<RmspropConfig>,
  defaultPreset: RMSpropPresetName = "pytorch",
): RmspropConfig {
  const name = partial.rmspropPreset ?? defaultPreset;
  const p = rmspropPreset(name);
  return {
    rmspropPreset: name,
    rmspropRho: partial.rmspropRho ?? p.rho ?? 0.9,
    rmspropEps: partial.rmspropEps ?? p.eps ?? 1e-8,
    rmspropEpsPlacement: partial.rmspropEpsPlacement ?? p.epsPlacement ?? "inside",
    rmspropCentered: partial.rmspropCentered ?? p.centered ?? false,
    rmspropMomentum: partial.rmspropMomentum ?? p.momentum ?? 0,
    rmspropMomentumStyle: partial.rmspropMomentumStyle ?? p.momentumStyle ?? "torch",
    rmspropInitialAccumulator: partial.rmspropInitialAccumulator ?? p.initialAccumulator ?? 0,
  };
}

/**
 * The {@linkcode RMSprop} options for a resolved config and learning rate.
 *
 * @example
 * ```ts
 * import { resolveRmspropConfig, rmspropOptionsFromConfig, RMSprop } from "@seeded/rl";
 * const params = new Float32Array(3), grads = new Float32Array(3);
 * const opt = new RMSprop(
 *   [{ params, grads }],
 *   rmspropOptionsFromConfig(resolveRmspropConfig({}), 7e-4),
 * );
 * ```
 */
export function rmspropOptionsFromConfig(config: RmspropConfig, lr: number): RMSpropOptions {
  return {
    lr,
    rho: config.rmspropRho,
    eps: config.rmspropEps,
    epsPlacement: config.rmspropEpsPlacement,
    centered: config.rmspropCentered,
    momentum: config.rmspropMomentum,
    momentumStyle: config.rmspropMomentumStyle,
    initialAccumulator: config.rmspropInitialAccumulator,
  };
}
