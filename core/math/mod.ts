/**
 * Portable math: the transcendental functions the library uses, built only from operations that
 * IEEE 754 specifies exactly (+ − × ÷, integer and bit manipulation), so a seeded run gives the
 * same bits in Deno, Node and browsers whatever their `Math.*` returns. Each is correctly rounded
 * except with a probability below about 2^-40 per input (measured by `bench/math/accuracy.ts`).
 *
 * @example
 * ```ts
 * import { exp, tanh } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(exp(0), 1);
 * assert.equal(tanh(0), 0);
 * ```
 *
 * @module
 */
export * from "./atan2.ts";
export * from "./cos.ts";
export * from "./exp.ts";
export * from "./expm1.ts";
export * from "./log.ts";
export * from "./log1p.ts";
export * from "./sin.ts";
export * from "./sincos.ts";
export * from "./tanh.ts";
export * from "./tanh_float32.ts";
export * from "./pow_positive.ts";
