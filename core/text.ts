/**
 * The two text helpers every error message of the library uses: {@linkcode describe} (a value as
 * a short text: `"adam"`, `Float32Array(4)`, `[0.5, 1]`, `Map`) and {@linkcode didYouMean} (the
 * closest known name, for unknown ids, flags and config keys, found by {@linkcode closest}).
 *
 * @example
 * ```ts
 * import { describe, didYouMean } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.equal(describe(new Float32Array(3)), "Float32Array(3)");
 * assert.equal(didYouMean("cartpole-v1", ["CartPole-v1", "Acrobot-v1"]), ' (did you mean "CartPole-v1"?)');
 * ```
 *
 * @module
 */

/** Arrays up to this length with only primitive items are shown with their items. */
const SHOWN_ITEMS = 6;

/**
 * A value as a short text for an error message: strings quoted (`"adam"`), numbers as JavaScript
 * prints them (`-0` kept), typed arrays and long arrays as `Float32Array(4)` / `Array(100)`, short
 * arrays of primitives with their items (`[0.5, 1]`), class instances by class name (`Map`,
 * `Random`), plain objects as `object`, functions by name. Never throws and never prints more than
 * a short line, whatever the value (a 1 GB array, an object with a throwing getter, a cycle).
 *
 * @param value Anything.
 * @returns The text.
 * @example
 * ```ts
 * import { describe } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.equal(describe("fast"), '"fast"');
 * assert.equal(describe(-0), "-0");
 * assert.equal(describe([0.5, 1]), "[0.5, 1]");
 * assert.equal(describe(new Array(100).fill(0)), "Array(100)");
 * assert.equal(describe(new Float64Array(2)), "Float64Array(2)");
 * assert.equal(describe(new Map()), "Map");
 * assert.equal(describe({ a: 1 }), "object");
 * assert.equal(describe(undefined), "undefined");
 * ```
 */
export function describe(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "function":
      return value.name ? `function ${value.name}` : "a function";
    case "symbol":
      return value.toString();
    case "object":
      break;
    default:
      return String(value); // boolean, undefined
  }
  if (value === null) return "null";
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor?.name ?? "ArrayBufferView";
    return value instanceof DataView
      ? `DataView(${value.byteLength} bytes)`
      : `${name}(${(value as Uint8Array).length})`;
  }
  if (Array.isArray(value)) {
    const primitive = (x: unknown): boolean =>
      x === null || (typeof x !== "object" && typeof x !== "function");
    return value.length <= SHOWN_ITEMS && value.every(primitive)
      ? `[${value.map(describe).join(", ")}]`
      : `Array(${value.length})`;
  }
  let name: unknown;
  try {
    name = Object.getPrototypeOf(value)?.constructor?.name;
  } catch {
    name = undefined; // a Proxy whose trap throws
  }
  return typeof name === "string" && name !== "" && name !== "Object" ? name : "object";
}

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(up + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * The candidate closest to `name` by case-insensitive edit distance (Levenshtein), if it is
 * within `max(2, floor(name.length / 3))` edits; the first one on ties. For messages that want the
 * name itself; {@linkcode didYouMean} gives the usual suffix.
 *
 * @param name What the user wrote.
 * @param candidates The known names.
 * @returns The closest known name, or `undefined` if none is close.
 * @example
 * ```ts
 * import { closest } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.equal(closest("lerningRate", ["learningRate", "gamma"]), "learningRate");
 * assert.equal(closest("zzz", ["learningRate", "gamma"]), undefined);
 * ```
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * `' (did you mean "x"?)'` for the {@linkcode closest} candidate, or `""` when none is close:
 * append it to an "unknown name" message.
 *
 * @param name What the user wrote.
 * @param candidates The known names.
 * @param prefix Written before the suggestion, for example `"--"` for a flag.
 * @returns The suffix, or `""`.
 * @example
 * ```ts
 * import { didYouMean } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   `Unknown agent "ppp"${didYouMean("ppp", ["ppo", "dqn"])}`,
 *   'Unknown agent "ppp" (did you mean "ppo"?)',
 * );
 * assert.equal(didYouMean("lerning-rate", ["learning-rate"], "--"), ' (did you mean "--learning-rate"?)');
 * assert.equal(didYouMean("xyzzy", ["ppo"]), "");
 * ```
 */
export function didYouMean(
  name: string,
  candidates: Iterable<string>,
  prefix: string = "",
): string {
  const best = closest(name, candidates);
  return best === undefined ? "" : ` (did you mean "${prefix}${best}"?)`;
}
