/**
 * Internal helpers shared by the classic-control envs: argument checks with the project's error
 * messages, snapshot validation and SVG/text formatting. Not part of the public API.
 *
 * @module
 */
import { type EnvSnapshot, ResetNeededError } from "../env/env.ts";
import { Random, type RandomState } from "../core/random.ts";
import { describe } from "../core/text.ts";
import { cos } from "../core/math/cos.ts";
import { sin } from "../core/math/sin.ts";

/** The env may step. */
export const READY = 0;
/** `reset()` (or a state assignment) has not happened yet. */
export const NEEDS_RESET = 1;
/** The last step terminated the episode. */
export const ENDED = 2;

/** The seed of an env's generator until the first `reset({ seed })` (Gymnasium uses OS entropy). */
export const DEFAULT_SEED = 0;

/** The error thrown by `step` when the env is not ready (`phase` is not {@linkcode READY}). */
export function notReady(id: string, phase: number, what = "step"): ResetNeededError {
  return new ResetNeededError(
    phase === NEEDS_RESET
      ? `Cannot ${what} ${id}: reset() was not called`
      : `Cannot ${what} ${id}: the episode terminated, call reset() first`,
  );
}

/** The RangeError for a discrete action outside `Discrete(n)`. */
export function badDiscrete(id: string, action: unknown, n: number): RangeError {
  const list = Array.from({ length: n }, (_, i) => i).join(", ");
  return new RangeError(
    `Cannot step ${id}: action must be an integer in Discrete(${n}) (${list}), got ${
      typeof action === "string" ? JSON.stringify(action) : action
    }`,
  );
}

/** Checks a continuous action of dimension 1 (`Float32Array`, `Float64Array` or `number[]`). */
export function checkContinuous(id: string, action: unknown, space: string): void {
  const ok = (action instanceof Float32Array || action instanceof Float64Array ||
    Array.isArray(action)) && action.length === 1;
  if (!ok) {
    throw new TypeError(
      `Cannot step ${id}: action must be a Float32Array or number[] of length 1 in ${space}, got ${
        describe(action)
      }`,
    );
  }
  const a = (action as ArrayLike<unknown>)[0];
  if (typeof a !== "number" || Number.isNaN(a)) {
    throw new RangeError(`Cannot step ${id}: action must be a number in ${space}, got ${a}`);
  }
}

/** Checks Gymnasium's reset `options.low`/`options.high` (numbers, `low <= high`). */
export function checkBounds(id: string, low: unknown, high: unknown): void {
  for (const [name, v] of [["low", low], ["high", high]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new TypeError(`Cannot reset ${id}: options.${name} must be a finite number, got ${v}`);
    }
  }
  if ((low as number) > (high as number)) {
    throw new RangeError(
      `Cannot reset ${id}: options.low must be <= options.high, got ${low} > ${high}`,
    );
  }
}

/** Checks a state assigned to `env.state`: `n` finite numbers. */
export function checkState(id: string, value: ArrayLike<number>, n: number): void {
  if (value === null || typeof value !== "object" || value.length !== n) {
    throw new TypeError(
      `Cannot set ${id} state: expected ${n} numbers, got ${describe(value)}`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (typeof value[i] !== "number" || !Number.isFinite(value[i])) {
      throw new RangeError(`Cannot set ${id} state: state[${i}] must be finite, got ${value[i]}`);
    }
  }
}

/** The parts of a snapshot every classic-control env has. */
export interface BaseSnapshot {
  /** The physical state. */
  state: number[];
  /** The generator's state. */
  rng: RandomState;
  /** {@linkcode READY}, {@linkcode NEEDS_RESET} or {@linkcode ENDED}. */
  phase: number;
  /** `terminated` of the last step. */
  terminated: boolean;
}

/** Validates the common part of a snapshot and rebuilds its generator. */
export function readSnapshot(
  id: string,
  snapshot: EnvSnapshot,
  n: number,
): { state: number[]; rng: Random; phase: number; terminated: boolean } {
  const s = snapshot as unknown as Partial<BaseSnapshot>;
  if (!s || !Array.isArray(s.state) || s.state.length !== n || !s.rng) {
    throw new TypeError(
      `Cannot restore ${id}: not a ${id} snapshot, got ${JSON.stringify(snapshot)?.slice(0, 80)}`,
    );
  }
  checkState(id, s.state, n);
  const phase = s.phase === READY || s.phase === ENDED ? s.phase : NEEDS_RESET;
  return { state: s.state, rng: Random.fromState(s.rng), phase, terminated: s.terminated === true };
}

/** `Object.is(a, b)` for numbers (+0 and −0 differ, NaN is never equal): inlined, nothing boxed. */
export function sameNumber(a: number, b: number): boolean {
  return a === b && (a !== 0 || 1 / a === 1 / b);
}

/** A number with a sign and `digits` decimals, for text renderings. */
export function fmt(x: number, digits = 3): string {
  return (x >= 0 ? "+" : "") + x.toFixed(digits);
}

/** SVG points attribute from flat `[x0, y0, x1, y1, ...]` in a y-up frame of height `h`. */
export function points(xy: number[], h: number): string {
  let out = "";
  for (let i = 0; i < xy.length; i += 2) {
    out += `${i ? " " : ""}${xy[i].toFixed(2)},${(h - xy[i + 1]).toFixed(2)}`;
  }
  return out;
}

/** Rotates the flat corner list `xy` by `angle` (radians, counter-clockwise), then translates. */
export function rotate(xy: number[], angle: number, dx: number, dy: number): number[] {
  const c = cos(angle), s = sin(angle);
  const out: number[] = [];
  for (let i = 0; i < xy.length; i += 2) {
    out.push(xy[i] * c - xy[i + 1] * s + dx, xy[i] * s + xy[i + 1] * c + dy);
  }
  return out;
}

/** Wraps SVG shapes into a white `w`×`h` document. */
export function svgDoc(w: number, h: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<rect width="${w}" height="${h}" fill="#fff"/>${body}</svg>`;
}

/** Bytes per slab of {@linkcode ObservationSlab} (16 KiB: fewer ArrayBuffers for the GC to track). */
const SLAB_BYTES = 16384;

/**
 * Hands out fresh `Float32Array` observations as views into 16 KiB slabs. In V8 (Deno 2.9) a
 * `new Float32Array(4)` costs about 0.2 µs, `new Float32Array(buffer, offset, 4)` about 0.02 µs
 * (a third less than `subarray`), so `step()` stays fast while every call still returns new
 * memory that is never written again (Gymnasium's semantics). A view keeps its slab alive (so
 * keeping one observation in a thousand keeps up to 16 KiB each); `observation.buffer` is the
 * shared slab.
 */
export class ObservationSlab {
  readonly #dim: number;
  readonly #bytes: number;
  #slab = new ArrayBuffer(0);
  #offset = 0;

  constructor(dim: number) {
    this.#dim = dim;
    this.#bytes = 4 * dim;
  }

  /** A new zeroed array of `dim` floats. */
  next(): Float32Array {
    const offset = this.#offset, end = offset + this.#bytes;
    if (end > this.#slab.byteLength) { // also when the slab was transferred (detached: length 0)
      this.#slab = new ArrayBuffer(Math.max(SLAB_BYTES, this.#bytes));
      this.#offset = this.#bytes;
      return new Float32Array(this.#slab, 0, this.#dim);
    }
    this.#offset = end;
    return new Float32Array(this.#slab, offset, this.#dim);
  }
}
