import assert from "node:assert/strict";
import { compileWasm } from "../../core/compile_wasm.ts";
import { KERNELS_WASM_BASE64 } from "../../core/nn/_kernels_wasm_bytes.ts";

Deno.test("compileWasm compiles an embedded module and returns null for bytes that are not one", () => {
  assert.ok(compileWasm(KERNELS_WASM_BASE64) instanceof WebAssembly.Module);
  assert.ok(compileWasm("AGFzbQEAAAA=") instanceof WebAssembly.Module); // empty module
  assert.equal(compileWasm("AAAA"), null); // not a module
  assert.equal(compileWasm("not base64!"), null);
});
