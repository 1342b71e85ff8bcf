import assert from "node:assert/strict";
import zlib from "node:zlib";

type Zlib = { crc32: (data: Uint8Array, crc?: number) => number };
type Proc = { getBuiltinModule?: (id: string) => unknown };

Deno.test("checkpoints with empty arrays on zero-length buffers load back under Node 20's zlib.crc32", async () => {
  // Node 20's native crc32 returns 0 (not the running crc) for an empty array whose buffer has
  // length 0. Load a fresh copy of the checkpoint module with such a zlib in place.
  const proc = (globalThis as { process?: Proc }).process;
  assert.ok(proc?.getBuiltinModule, "this Deno has process.getBuiltinModule");
  const original = proc.getBuiltinModule;
  const buggy: Zlib = {
    crc32: (d, c = 0) => (d.length === 0 && d.buffer.byteLength === 0 ? 0 : zlib.crc32(d, c)),
  };
  proc.getBuiltinModule = (id: string) => (id === "node:zlib" ? buggy : original(id));
  const url = new URL("../../core/checkpoint.ts", import.meta.url).href + "?buggy-native-crc32";
  let mod: typeof import("../../core/checkpoint.ts");
  try {
    mod = await import(url);
  } finally {
    proc.getBuiltinModule = original;
  }
  const state = {
    weights: new Float32Array([1, -2, 3.5]), // first, so the running CRC is not 0
    logStd: new Float32Array(0), // a discrete policy's empty log-std
    other: new Float64Array(new ArrayBuffer(0)),
  };
  const bytes = mod.encodeCheckpoint({
    agent: "ppo",
    env: "CartPole-v1",
    config: {},
    counters: {},
    state,
    meta: {},
  });
  const back = mod.decodeCheckpoint(bytes, { agent: "ppo", env: "CartPole-v1" });
  const s = back.state as typeof state;
  assert.equal(s.logStd.length, 0);
  assert.equal(s.other.length, 0);
  assert.deepEqual(Array.from(s.weights), [1, -2, 3.5]);
});
