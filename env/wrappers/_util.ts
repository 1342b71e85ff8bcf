/**
 * Internal helpers shared by the wrappers (messages and snapshot validation).
 *
 * @module
 */
import type { EnvSnapshot, EnvSpec } from "../env.ts";

/** A readable name for messages: the spec id, else the class name. */
export function envName(env: unknown): string {
  const e = env as { spec?: EnvSpec; constructor?: { name?: string } };
  return e.spec?.id ?? e.constructor?.name ?? "env";
}

/** The wrapped env's part of a wrapper snapshot, validated. */
export function innerSnapshot(snapshot: EnvSnapshot, wrapper: unknown): EnvSnapshot {
  const inner = snapshot?.env;
  if (inner === null || typeof inner !== "object") {
    throw new TypeError(
      `Cannot restore ${envName(wrapper)}: the snapshot has no wrapped env state, got ${
        JSON.stringify(snapshot)?.slice(0, 80)
      }`,
    );
  }
  return inner as EnvSnapshot;
}

/** A non-negative integer field of a snapshot, validated. */
export function snapshotCount(value: unknown, what: string, wrapper: unknown): number {
  if (!(typeof value === "number" && Number.isInteger(value) && value >= 0)) {
    throw new TypeError(
      `Cannot restore ${envName(wrapper)}: ${what} must be a non-negative integer, got ${value}`,
    );
  }
  return value;
}

/** A finite-number field of a snapshot, validated. */
export function snapshotNumber(value: unknown, what: string, wrapper: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot restore ${envName(wrapper)}: ${what} must be a number, got ${value}`,
    );
  }
  return value;
}
