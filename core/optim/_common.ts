/**
 * Internal helpers shared by the optimizers: the parameter-group type and option validation.
 * Not re-exported as such; the public types are re-exported from the optimizer files.
 *
 * @module
 */

import { describe } from "../text.ts";

/** A flat floating-point array: the storage of parameters, gradients and optimizer state. */
export type FloatArray = Float32Array | Float64Array;

/**
 * One block of parameters and its gradient, same array type and length (a network keeps all its
 * weights in one flat array, so usually there is a single group).
 */
export interface ParameterGroup {
  /** The parameters, updated in place by `step()`. */
  params: FloatArray;
  /** The gradients of the loss with respect to `params`, read by `step()`. */
  grads: FloatArray;
}

/** Throws unless `parameters` is a non-empty list of matching Float32/Float64 array pairs. */
export function checkParameters(who: string, parameters: readonly ParameterGroup[]): void {
  if (!Array.isArray(parameters)) {
    throw new TypeError(`Cannot create ${who}: parameters must be an array, got ${parameters}`);
  }
  if (parameters.length === 0) {
    throw new RangeError(`Cannot create ${who}: parameters must not be empty, got 0 groups`);
  }
  for (let k = 0; k < parameters.length; k++) {
    const group = parameters[k];
    const { params, grads } = group ?? {};
    if (!isFloatArray(params) || !isFloatArray(grads)) {
      throw new TypeError(
        `Cannot create ${who}: parameters[${k}].params and .grads must be Float32Array or ` +
          `Float64Array, got ${describe(params)} and ${describe(grads)}`,
      );
    }
    if (params.constructor !== grads.constructor) {
      throw new TypeError(
        `Cannot create ${who}: parameters[${k}].params and .grads must have the same type, got ` +
          `${describe(params)} and ${describe(grads)}`,
      );
    }
    if (params.length !== grads.length) {
      throw new RangeError(
        `Cannot create ${who}: parameters[${k}].grads must have the length of .params ` +
          `(${params.length}), got ${grads.length}`,
      );
    }
  }
}

/** Whether `x` is a Float32Array or a Float64Array. */
export function isFloatArray(x: unknown): x is FloatArray {
  return x instanceof Float32Array || x instanceof Float64Array;
}

/** Throws a TypeError for an option key that is not in `known` (catches `alpha` for `rho`, ...). */
export function checkKeys(who: string, options: object, known: readonly string[]): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Cannot create ${who}: options must be an object, got ${options}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `Cannot create ${who}: unknown option "${key}" (known: ${known.join(", ")})`,
      );
    }
  }
}

/** Returns `value` if it is a finite number for which `ok` holds, otherwise throws naming it. */
export function checkNumber(
  who: string,
  name: string,
  value: unknown,
  ok: (x: number) => boolean,
  range: string,
): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot create ${who}: ${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isFinite(value) || !ok(value)) {
    throw new RangeError(`Cannot create ${who}: ${name} must be ${range}, got ${value}`);
  }
  return value;
}

/** `x > 0`. */
export function positive(x: number): boolean {
  return x > 0;
}

/** `x >= 0`. */
export function nonNegative(x: number): boolean {
  return x >= 0;
}

/** `0 <= x < 1`. */
export function unitInterval(x: number): boolean {
  return x >= 0 && x < 1;
}

/** Returns `value` if it is a boolean, otherwise throws naming the option. */
export function checkBoolean(who: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot create ${who}: ${name} must be a boolean, got ${describe(value)}`);
  }
  return value;
}

/** Returns `value` if it is one of `choices`, otherwise throws naming the option. */
export function checkChoice<T extends string>(
  who: string,
  name: string,
  value: unknown,
  choices: readonly T[],
): T {
  if (!choices.includes(value as T)) {
    throw new RangeError(
      `Cannot create ${who}: ${name} must be "${choices.join('" or "')}", got ${describe(value)}`,
    );
  }
  return value as T;
}

/** Throws unless `lr` is a finite number ≥ 0 (the setter allows 0 so a schedule can anneal to 0). */
export function checkLr(who: string, lr: unknown): number {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) {
    throw new RangeError(`Cannot set ${who}.lr: lr must be a finite number >= 0, got ${lr}`);
  }
  return lr;
}

/**
 * Returns state arrays for `parameters`: the caller's `supplied` arrays (checked, used as they are;
 * required when `required`) or new arrays of the parameters' type filled with `fill`.
 */
export function slotArrays(
  who: string,
  name: string,
  parameters: readonly ParameterGroup[],
  supplied: readonly FloatArray[] | undefined,
  required: boolean,
  fill: number,
): FloatArray[] {
  if (supplied === undefined && required) {
    throw new TypeError(
      `Cannot create ${who}: ${name} is required with these options, got undefined`,
    );
  }
  if (supplied === undefined) {
    return parameters.map(({ params }) =>
      params instanceof Float32Array
        ? new Float32Array(params.length).fill(fill)
        : new Float64Array(params.length).fill(fill)
    );
  }
  if (!Array.isArray(supplied) || supplied.length !== parameters.length) {
    throw new RangeError(
      `Cannot create ${who}: ${name} must be an array of ${parameters.length} arrays, got ` +
        `${Array.isArray(supplied) ? supplied.length + " arrays" : describe(supplied)}`,
    );
  }
  for (let k = 0; k < supplied.length; k++) {
    const a = supplied[k];
    const p = parameters[k].params;
    if (!isFloatArray(a) || a.constructor !== p.constructor || a.length !== p.length) {
      throw new TypeError(
        `Cannot create ${who}: ${name}[${k}] must be a ${
          describe(p)
        } like parameters[${k}].params, ` +
          `got ${describe(a)}`,
      );
    }
  }
  return supplied.slice();
}

/** Copies saved state arrays into live ones, checking count, type and lengths. */
export function restoreArrays(
  who: string,
  name: string,
  target: readonly FloatArray[],
  saved: unknown,
): void {
  if (!Array.isArray(saved) || saved.length !== target.length) {
    throw new TypeError(
      `Cannot restore ${who}: state.${name} must hold ${target.length} arrays, got ${
        Array.isArray(saved) ? saved.length : describe(saved)
      }`,
    );
  }
  for (let k = 0; k < target.length; k++) {
    const a = saved[k];
    if (
      !isFloatArray(a) || a.constructor !== target[k].constructor || a.length !== target[k].length
    ) {
      throw new TypeError(
        `Cannot restore ${who}: state.${name}[${k}] must be a ${describe(target[k])}, got ${
          describe(a)
        }`,
      );
    }
  }
  for (let k = 0; k < target.length; k++) target[k].set(saved[k] as FloatArray);
}

/** Copies state arrays (same types) for `state()`. */
export function copyArrays(arrays: readonly FloatArray[]): FloatArray[] {
  return arrays.map((a) => a.slice());
}

/** Throws unless `n` is a non-negative safe integer (the iteration counter). */
export function checkIterations(who: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new TypeError(
      `Cannot restore ${who}: state.iterations must be an integer >= 0, got ${n}`,
    );
  }
  return n;
}
