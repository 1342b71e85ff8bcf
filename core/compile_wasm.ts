/**
 * Compiling the library's embedded WebAssembly modules.
 *
 * @module
 */

/**
 * Compiles a WebAssembly module given as base64 (as the `*_bytes.ts` files that
 * `deno task gen:wasm` writes hold it), or returns `null` where WebAssembly or one of the features
 * the module uses (SIMD) is missing: the callers then use their JavaScript loops. Compiling is
 * synchronous, which browsers allow on the main thread for modules under 4 kB.
 *
 * @param base64 The module's bytes in base64.
 * @returns The compiled module, or `null`.
 *
 * @example Usage
 * ```ts
 * import { compileWasm } from "./compile_wasm.ts";
 * import assert from "node:assert/strict";
 * // the smallest valid module: the magic number and version 1
 * assert.ok(compileWasm("AGFzbQEAAAA=") instanceof WebAssembly.Module);
 * assert.equal(compileWasm("AAAA"), null);
 * ```
 */
export function compileWasm(base64: string): WebAssembly.Module | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    return new WebAssembly.Module(bytes);
  } catch {
    return null;
  }
}
