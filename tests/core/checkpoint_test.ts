import assert from "node:assert/strict";
import zlib from "node:zlib";
import {
  CHECKPOINT_FORMAT_VERSION,
  CheckpointError,
  type CheckpointErrorReason,
  crc32,
  decodeCheckpoint,
  encodeCheckpoint,
  encodeCheckpointChunks,
  validateShapes,
} from "../../core/checkpoint.ts";
import { Random } from "../../core/random.ts";

const text = (s: string) => new TextEncoder().encode(s);

/** Bit-exact tree equality: typed arrays by dtype and bytes, numbers with Object.is. */
function assertSameTree(found: unknown, expected: unknown, path = "(root)"): void {
  if (ArrayBuffer.isView(expected)) {
    assert.ok(ArrayBuffer.isView(found), `${path}: not a typed array`);
    assert.equal(found.constructor, expected.constructor, `${path}: dtype`);
    assert.deepEqual(
      new Uint8Array(found.buffer, found.byteOffset, found.byteLength),
      new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength),
      `${path}: bytes`,
    );
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(found), `${path}: not an array`);
    assert.equal(found.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertSameTree(found[i], e, `${path}[${i}]`));
  } else if (typeof expected === "object" && expected !== null) {
    assert.ok(typeof found === "object" && found !== null, `${path}: not an object`);
    assert.deepEqual(Object.keys(found), Object.keys(expected), `${path}: keys`);
    assert.equal(Object.getPrototypeOf(found), Object.prototype, `${path}: prototype`);
    for (const k of Object.keys(expected)) {
      assertSameTree(
        (found as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
    }
  } else {
    assert.ok(Object.is(found, expected), `${path}: ${String(found)} vs ${String(expected)}`);
  }
}

function expectError(
  f: () => unknown,
  reason: CheckpointErrorReason,
  ...fragments: string[]
): CheckpointError {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof CheckpointError, `expected a CheckpointError, got ${error}`);
  assert.equal(error.reason, reason, error.message);
  for (const s of fragments) {
    assert.ok(error.message.includes(s), `"${error.message}" lacks "${s}"`);
  }
  return error;
}

/** A Float32 NaN with a non-default payload, and a Float64 one, as raw bits. */
const NAN32_BITS = 0x7fa00001;
const NAN64_BITS = [0x00000001, 0xfff80000]; // low word, high word: a negative quiet NaN, payload 1

/** A typed array whose element `at` has the given raw bits (set through an integer view, since
 * reading a NaN into a JS number may canonicalise its payload). */
function withBits<T extends Float32Array | Float64Array>(a: T, at: number, words: number[]): T {
  new Uint32Array(a.buffer, a.byteOffset + at * a.BYTES_PER_ELEMENT, words.length).set(words);
  return a;
}

function richState() {
  const shared = new Int32Array([7, -7]);
  return {
    f32: withBits(
      new Float32Array([1.5, -0, Infinity, -Infinity, 0, 1e-45, 3.4028234663852886e38]),
      4,
      [NAN32_BITS],
    ),
    f64: withBits(
      new Float64Array([Math.PI, -0, 0, Number.MIN_VALUE, -Number.MAX_VALUE]),
      2,
      NAN64_BITS,
    ),
    f16: new Float16Array([0.5, -0, 65504, Infinity]),
    i8: new Int8Array([-128, 127, 0]),
    u8: new Uint8Array([0, 255, 1]),
    u8c: new Uint8ClampedArray([0, 255]),
    i16: new Int16Array([-32768, 32767]),
    u16: new Uint16Array([65535, 1]),
    i32: new Int32Array([-2147483648, 2147483647]),
    u32: new Uint32Array([0xffffffff, 0]),
    i64: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
    u64: new BigUint64Array([2n ** 64n - 1n]),
    empty: new Float32Array(0),
    emptyList: [],
    emptyObject: {},
    nested: {
      layers: [{ w: new Float32Array([1, 2, 3]) }, { w: new Float32Array([4]) }],
      deeper: { list: [1, [2, [3, null]], "x", true, false] },
    },
    rng: new Random(3).state(),
    numbers: [NaN, -0, 0, Infinity, -Infinity, 5e-324, 2 ** 53 + 2, -1.25],
    bigint: -12345678901234567890n,
    text: 'héllo ✓ \u0000 "quoted"',
    dollarKeys: { $num: "NaN", $$array: 0, "$": 1, plain: { $array: 3 } },
    protoKey: JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}'),
    shared: [shared, shared],
    view: new Float64Array([9, 8, 7, 6]).subarray(1, 3),
  };
}

Deno.test("crc32() matches the standard check values", () => {
  // The CRC-32 "check" value of "123456789" (Rocksoft catalogue, CRC-32/ISO-HDLC), and zlib values.
  assert.equal(crc32(text("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(crc32(text("a")), 0xe8b7be43);
  assert.equal(crc32(text("The quick brown fox jumps over the lazy dog")), 0x414fa339);
  assert.equal(crc32(new Uint8Array(32)), 0x190a55ad); // 32 zero bytes
});

Deno.test("crc32() agrees with zlib for every length 0..40 and 1 MB, also in pieces", () => {
  const rng = new Random("crc");
  const big = new Uint8Array(1 << 20);
  for (let i = 0; i < big.length; i++) big[i] = rng.int(256);
  for (let n = 0; n <= 40; n++) {
    const part = big.subarray(7, 7 + n); // odd offset: slicing must not assume alignment
    assert.equal(crc32(part), zlib.crc32(part), `length ${n}`);
  }
  assert.equal(crc32(big), zlib.crc32(big));
  assert.equal(crc32(big.subarray(12345), crc32(big.subarray(0, 12345))), crc32(big));
});

Deno.test("encodeCheckpoint() writes the documented byte layout", () => {
  const bytes = encodeCheckpoint({
    agent: "a",
    env: "e",
    config: {},
    counters: { step: -0 },
    state: { x: new Uint16Array([1, 258]) },
  });
  // Built by hand from the spec in the module doc.
  const data = new Uint8Array([1, 0, 2, 1]); // 1 and 258 = 0x0102 as little-endian u16
  const json = '{"formatVersion":1,"agent":"a","env":"e","config":{},' +
    '"counters":{"step":{"$num":"-0"}},"meta":null,"tree":{"x":{"$array":0}},' +
    '"arrays":[{"dtype":"Uint16Array","length":2,"byteOffset":0,"byteLength":4}],' +
    `"dataLength":4,"dataCrc32":${zlib.crc32(data)}}`;
  const h = text(json);
  const dataOffset = Math.ceil((24 + h.length) / 8) * 8;
  const expected = new Uint8Array(dataOffset + 4);
  expected.set(text("SRLCKPT\0"));
  expected.set(h, 24);
  expected.set(data, dataOffset);
  const v = new DataView(expected.buffer);
  v.setUint32(8, 1, true);
  v.setUint32(12, h.length, true);
  v.setUint32(16, zlib.crc32(expected.subarray(24, dataOffset)), true);
  v.setUint32(20, zlib.crc32(expected.subarray(0, 20)), true);
  assert.deepEqual(bytes, expected);
  assert.equal(CHECKPOINT_FORMAT_VERSION, 1);
});

Deno.test("decodeCheckpoint() round-trips every dtype and plain value bit-exactly", () => {
  const state = richState();
  const config = { lr: 3e-4, clip: Infinity, schedule: [1, NaN], name: "ppo" };
  const counters = { globalStep: 4096, episodes: 0, lastReturn: -0, best: -Infinity };
  const meta = { createdBy: "test", nothing: null };
  const bytes = encodeCheckpoint({
    agent: "ppo",
    env: "CartPole-v1",
    config,
    counters,
    state,
    meta,
  });
  for (const copy of [false, true]) {
    const back = decodeCheckpoint(bytes, { agent: "ppo", env: "CartPole-v1", copy });
    assert.equal(back.formatVersion, 1);
    assert.equal(back.agent, "ppo");
    assert.equal(back.env, "CartPole-v1");
    assertSameTree(back.config, config);
    assertSameTree(back.counters, counters);
    assertSameTree(back.meta, meta);
    const s = back.state as ReturnType<typeof richState>;
    assertSameTree(s, { ...state, view: new Float64Array([8, 7]) });
    // The NaN payloads survive (checked on the bits, since NaN === NaN is false anyway).
    assert.equal(new Uint32Array(s.f32.buffer, s.f32.byteOffset, 7)[4], NAN32_BITS);
    assert.deepEqual(Array.from(new Uint32Array(s.f64.buffer, s.f64.byteOffset, 10).slice(4, 6)), [
      NAN64_BITS[0],
      NAN64_BITS[1],
    ]);
    // The same typed array object referenced twice decodes to one object.
    assert.equal(s.shared[0], s.shared[1]);
    // "__proto__" stays an own key; nothing reaches a prototype.
    assert.equal(Object.getPrototypeOf(s.protoKey), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(s.protoKey, "__proto__")?.value, {
      polluted: true,
    });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    // A restored RNG continues the same stream.
    const original = new Random(3);
    assert.equal(Random.fromState(s.rng).float(), original.float());
    // Views share the input buffer; copies do not.
    assert.equal(s.f64.buffer === bytes.buffer, !copy);
  }
});

Deno.test("a __proto__ key round-trips as data where the __proto__ setter exists", () => {
  // Deno's Object.prototype.__proto__ setter stores an own key; in Node and browsers `obj[key] = v`
  // with key "__proto__" replaces the prototype instead. Emulate them.
  const original = Object.getOwnPropertyDescriptor(Object.prototype, "__proto__")!;
  Object.defineProperty(Object.prototype, "__proto__", {
    get(this: object) {
      return Object.getPrototypeOf(this);
    },
    set(this: object, proto: object | null) {
      Object.setPrototypeOf(this, proto);
    },
    configurable: true,
  });
  try {
    const evil = JSON.parse('{"__proto__": {"polluted": true}, "$x": {"__proto__": 1}}');
    const bytes = encodeCheckpoint({ agent: "a", env: "e", config: {}, counters: {}, state: evil });
    const s = decodeCheckpoint(bytes).state as Record<string, Record<string, unknown>>;
    assert.equal(Object.getPrototypeOf(s), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(s, "__proto__")?.value, { polluted: true });
    assert.equal(Object.getOwnPropertyDescriptor(s.$x, "__proto__")?.value, 1);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  } finally {
    Object.defineProperty(Object.prototype, "__proto__", original);
  }
});

Deno.test("decodeCheckpoint() of a re-encoded checkpoint gives the same bytes (deterministic)", () => {
  const input = {
    agent: "dqn",
    env: "Acrobot-v1",
    config: { x: 1 },
    counters: { step: 5 },
    state: richState(),
  };
  const bytes = encodeCheckpoint(input);
  assert.deepEqual(encodeCheckpoint(input), bytes);
  const back = decodeCheckpoint(bytes);
  assert.deepEqual(encodeCheckpoint({ ...back, meta: null }), bytes);
});

Deno.test("encodeCheckpointChunks() concatenates to the file, with arrays not copied", () => {
  const state = richState();
  const input = { agent: "a", env: "e", config: {}, counters: {}, state };
  const chunks = encodeCheckpointChunks(input);
  assert.ok(chunks.every((c) => c.length > 0));
  const joined = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (joined.set(c, at), at + c.length), 0);
  assert.deepEqual(joined, encodeCheckpoint(input));
  for (const a of [state.f64, state.u64, state.view]) {
    assert.ok(chunks.some((c) => c.buffer === a.buffer && c.byteOffset === a.byteOffset));
  }
});

Deno.test("decodeCheckpoint() copies arrays that are misaligned in the input", () => {
  const state = {
    a: new Float64Array([1, NaN, -0]),
    b: new Int16Array([-3]),
    c: new Uint8Array([9]),
  };
  const bytes = encodeCheckpoint({ agent: "a", env: "e", config: null, counters: null, state });
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  const back = decodeCheckpoint(shifted.subarray(3)).state as typeof state;
  assertSameTree(back, state);
  assert.notEqual(back.a.buffer, shifted.buffer); // a Float64Array at an odd address: copied
  assert.equal(back.c.buffer, shifted.buffer); // bytes need no alignment: still a view
});

Deno.test("decodeCheckpoint() round-trips large arrays, 8-byte aligned in the file", () => {
  const rng = new Random("big");
  const replay = new Float32Array(1 << 20);
  for (let i = 0; i < replay.length; i += 997) replay[i] = rng.normal();
  const state = { flags: new Uint8Array(3), replay, actions: new Int32Array(1001).fill(-1) };
  const bytes = encodeCheckpoint({ agent: "dqn", env: "e", config: {}, counters: {}, state });
  const back = decodeCheckpoint(bytes).state as typeof state;
  assertSameTree(back, state);
  for (const a of [back.flags, back.replay, back.actions]) assert.equal(a.byteOffset % 8, 0);
});

Deno.test("encodeCheckpoint() rejects data that cannot round-trip, naming the path", async (t) => {
  const cycle: Record<string, unknown> = { a: 1 };
  cycle.self = { back: cycle };
  const cases: [string, unknown, string][] = [
    ["a class instance", { rng: new Random(1) }, "state.rng is a Random, not plain data"],
    ["a Map", { m: new Map() }, "state.m is a Map"],
    ["a function", { f: () => 1 }, "state.f is a function"],
    ["a symbol", [Symbol("s")], "state[0] is a symbol"],
    ["undefined in an array", { list: [1, undefined] }, "state.list[1] is undefined"],
    ["a DataView", { d: new DataView(new ArrayBuffer(4)) }, "state.d is a DataView"],
    ["an ArrayBuffer", { b: new ArrayBuffer(4) }, "state.b is a ArrayBuffer"],
    ["a cycle", cycle, "state.self.back refers back to an enclosing object"],
    ["an odd key", { "a b": { c: () => 0 } }, 'state["a b"].c is a function'],
  ];
  for (const [name, state, message] of cases) {
    await t.step(name, () => {
      assert.throws(
        () => encodeCheckpoint({ agent: "a", env: "e", config: {}, counters: {}, state }),
        (e) =>
          e instanceof TypeError && e.message === `Cannot encode checkpoint: ${message}` ||
          (e instanceof TypeError && e.message.startsWith(`Cannot encode checkpoint: ${message}`)),
      );
    });
  }
  await t.step("undefined object properties are dropped, as in JSON", () => {
    const bytes = encodeCheckpoint({
      agent: "a",
      env: "e",
      config: {},
      counters: {},
      state: { a: undefined, b: 1 },
    });
    assert.deepEqual(decodeCheckpoint(bytes).state, { b: 1 });
  });
  await t.step("agent must be a string", () => {
    assert.throws(
      () =>
        encodeCheckpoint({
          agent: 3 as unknown as string,
          env: "e",
          config: 0,
          counters: 0,
          state: 0,
        }),
      TypeError,
    );
  });
});

const sample = () =>
  encodeCheckpoint({
    agent: "ppo",
    env: "CartPole-v1",
    config: { lr: 3e-4 },
    counters: { globalStep: 8 },
    state: { params: new Float32Array([1, 2, 3]), step: new Int32Array([5]), rng: { s: NaN } },
  });

Deno.test("decodeCheckpoint() rejects bytes that are not a checkpoint", () => {
  expectError(
    () => decodeCheckpoint(text('{"agent": "ppo"} and more text')),
    "bad-magic",
    "not a checkpoint",
    "7b 22 61",
  );
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  expectError(() => decodeCheckpoint(png, { file: "x.ckpt" }), "bad-magic", "checkpoint x.ckpt:");
  expectError(() => decodeCheckpoint(text("SRL")), "truncated", "3 bytes");
});

Deno.test("decodeCheckpoint() reports a file truncated anywhere as truncated", () => {
  const bytes = sample();
  const headerEnd = 24 + new DataView(bytes.buffer).getUint32(12, true);
  const points = [
    0,
    1,
    8,
    20,
    23,
    24,
    40,
    headerEnd - 1,
    headerEnd,
    bytes.length - 13,
    bytes.length - 1,
  ];
  for (const n of points) {
    const e = expectError(
      () => decodeCheckpoint(bytes.slice(0, n), { file: "run/checkpoint-8.ckpt" }),
      "truncated",
      "Cannot load checkpoint run/checkpoint-8.ckpt:",
      `the file is ${n} bytes`,
    );
    assert.equal(e.file, "run/checkpoint-8.ckpt");
  }
});

Deno.test("decodeCheckpoint() detects every single flipped byte", () => {
  const bytes = sample();
  const dataOffset = Math.ceil((24 + new DataView(bytes.buffer).getUint32(12, true)) / 8) * 8;
  assert.equal(bytes.length - dataOffset, 20); // 3 floats, 4 bytes of padding, 1 int
  for (let i = 0; i < bytes.length; i++) {
    for (const mask of [0x01, 0x80, 0xff]) {
      const bad = bytes.slice();
      bad[i] ^= mask;
      const where = i < 8 ? "" : i < 24 ? "prefix" : i < dataOffset ? "header" : "data";
      expectError(() => decodeCheckpoint(bad), i < 8 ? "bad-magic" : "checksum", where);
    }
  }
  // And in the data section of a larger file, which the header checksum does not cover.
  const big = encodeCheckpoint({
    agent: "a",
    env: "e",
    config: {},
    counters: {},
    state: new Float64Array(10000).fill(0.25),
  });
  for (const i of [big.length - 80000, big.length - 40001, big.length - 1]) {
    const bad = big.slice();
    bad[i] ^= 0x10;
    expectError(() => decodeCheckpoint(bad), "checksum", "the data section is corrupted");
  }
});

/** A checkpoint with a hand-made header (and valid checksums), to test the reader's own checks. */
function craft(header: string, data = new Uint8Array(0), version = 1): Uint8Array {
  const h = text(header);
  const dataOffset = Math.ceil((24 + h.length) / 8) * 8;
  const out = new Uint8Array(dataOffset + data.length);
  out.set(text("SRLCKPT\0"));
  out.set(h, 24);
  out.set(data, dataOffset);
  const v = new DataView(out.buffer);
  v.setUint32(8, version, true);
  v.setUint32(12, h.length, true);
  v.setUint32(16, crc32(out.subarray(24, dataOffset)), true);
  v.setUint32(20, crc32(out.subarray(0, 20)), true);
  return out;
}

function header(fields: Record<string, unknown>, data = new Uint8Array(0)): string {
  return JSON.stringify({
    formatVersion: 1,
    agent: "a",
    env: "e",
    config: {},
    counters: {},
    meta: null,
    tree: null,
    arrays: [],
    dataLength: data.length,
    dataCrc32: crc32(data),
    ...fields,
  });
}

Deno.test("decodeCheckpoint() rejects an unsupported or unexpected format version", () => {
  // The crafted file is otherwise valid: version 1 of it decodes.
  assert.equal(decodeCheckpoint(craft(header({}))).agent, "a");
  expectError(
    () => decodeCheckpoint(craft(header({ formatVersion: 2 }), undefined, 2), { file: "f.ckpt" }),
    "unsupported-version",
    "Cannot load checkpoint f.ckpt: format version 2 is not supported (this build reads 1)",
  );
  expectError(
    () => decodeCheckpoint(sample(), { formatVersion: 2 }),
    "unsupported-version",
    "format version 1, expected 2",
  );
  decodeCheckpoint(sample(), { formatVersion: 1 });
});

Deno.test("decodeCheckpoint() rejects a checkpoint of another agent or env", () => {
  expectError(
    () => decodeCheckpoint(sample(), { agent: "dqn", file: "runs/x/checkpoint-8.ckpt" }),
    "wrong-agent",
    'Cannot load checkpoint runs/x/checkpoint-8.ckpt: it was written by agent "ppo", expected "dqn"',
  );
  expectError(
    () => decodeCheckpoint(sample(), { agent: "ppo", env: "Acrobot-v1" }),
    "wrong-env",
    'it was written for env "CartPole-v1", expected "Acrobot-v1"',
  );
});

Deno.test("decodeCheckpoint() rejects inconsistent content behind valid checksums", async (t) => {
  const d8 = new Uint8Array(8);
  const cases: [string, Uint8Array, string][] = [
    [
      "trailing bytes",
      (() => {
        const b = sample();
        const longer = new Uint8Array(b.length + 5);
        longer.set(b);
        return longer;
      })(),
      "5 unexpected bytes after the data section",
    ],
    ["a header that is not JSON", craft("{not json"), "not valid UTF-8 JSON"],
    ["a header that is a list", craft("[1]"), "not a JSON object"],
    ["versions that disagree", craft(header({ formatVersion: 7 })), "formatVersion 7 differs"],
    ["no agent", craft(header({ agent: 5 })), "agent or env missing"],
    ["a bad data length", craft(header({ dataLength: -1 })), "dataLength -1"],
    [
      "an unknown dtype",
      craft(
        header({ arrays: [{ dtype: "Object", length: 1, byteOffset: 0, byteLength: 8 }] }, d8),
        d8,
      ),
      "arrays[0]",
    ],
    [
      "a dtype this runtime lacks",
      craft(
        header({ arrays: [{ dtype: "Float8Array", length: 8, byteOffset: 0, byteLength: 8 }] }, d8),
        d8,
      ),
      "arrays[0] has dtype Float8Array, which this runtime does not have",
    ],
    ["no tree", craft(header({ tree: undefined })), "tree missing"],
    [
      "an unaligned array",
      craft(
        header({ arrays: [{ dtype: "Uint8Array", length: 2, byteOffset: 3, byteLength: 2 }] }, d8),
        d8,
      ),
      "arrays[0]",
    ],
    [
      "an array past the data",
      craft(
        header(
          { arrays: [{ dtype: "Float64Array", length: 2, byteOffset: 0, byteLength: 16 }] },
          d8,
        ),
        d8,
      ),
      "arrays[0]",
    ],
    [
      "a dangling array reference",
      craft(header({ tree: { x: { $array: 0 } } })),
      "tree.x refers to array 0 of 0",
    ],
    [
      "a bad number marker",
      craft(header({ counters: [{ $num: "1e999" }] })),
      'counters[0] has a bad $num value "1e999"',
    ],
    [
      "a bad bigint marker",
      craft(header({ tree: { $bigint: "1.5" } })),
      'tree has a bad $bigint value "1.5"',
    ],
    ["a stray $ key", craft(header({ tree: { $x: 1, y: 2 } })), "tree has a stray key $x"],
  ];
  for (const [name, bytes, message] of cases) {
    await t.step(name, () => {
      expectError(() => decodeCheckpoint(bytes), "malformed", message);
    });
  }
});

Deno.test("validateShapes() names the first path that differs from the template", async (t) => {
  const template = {
    policy: { params: new Float32Array(4610), layers: [new Float32Array(2), new Float32Array(3)] },
    rng: { seed: "1", spareNormal: null },
    step: 0,
  };
  const ok = {
    policy: { params: new Float32Array(4610), layers: [new Float32Array(2), new Float32Array(3)] },
    rng: { seed: "1", spareNormal: 0.25 }, // a plain value may change value and type
    step: 12,
  };
  validateShapes(ok, template);
  const cases: [string, unknown, string][] = [
    [
      "length",
      { ...ok, policy: { ...ok.policy, params: new Float32Array(4546) } },
      "policy.params: expected Float32Array(4610), found Float32Array(4546)",
    ],
    [
      "dtype",
      { ...ok, policy: { ...ok.policy, params: new Float64Array(4610) } },
      "policy.params: expected Float32Array(4610), found Float64Array(4610)",
    ],
    [
      "missing key",
      { ...ok, rng: { seed: "1" } },
      "rng.spareNormal: expected a plain value like null, found undefined",
    ],
    [
      "extra key",
      { ...ok, extra: new Uint8Array(2) },
      "extra: unexpected Uint8Array(2), not in the template",
    ],
    [
      "list length",
      { ...ok, policy: { ...ok.policy, layers: [new Float32Array(2)] } },
      "policy.layers: expected Array(2), found Array(1)",
    ],
    ["list element", {
      ...ok,
      policy: { ...ok.policy, layers: [new Float32Array(2), new Float32Array(4)] },
    }, "policy.layers[1]: expected Float32Array(3), found Float32Array(4)"],
    [
      "typed array for a plain value",
      { ...ok, step: new Int32Array(1) },
      "step: expected a plain value like 0, found Int32Array(1)",
    ],
    [
      "object for a typed array",
      { ...ok, policy: { ...ok.policy, params: {} } },
      "policy.params: expected Float32Array(4610), found object",
    ],
    ["root", [1], "(root): expected object, found [1]"],
  ];
  for (const [name, state, message] of cases) {
    await t.step(name, () => {
      expectError(
        () => validateShapes(state, template, { file: "c.ckpt" }),
        "shape-mismatch",
        `Cannot load checkpoint c.ckpt: its state does not fit the agent: ${message}`,
      );
    });
  }
  await t.step("through decodeCheckpoint({ template })", () => {
    const bytes = encodeCheckpoint({ agent: "a", env: "e", config: {}, counters: {}, state: ok });
    decodeCheckpoint(bytes, { template });
    expectError(
      () => decodeCheckpoint(bytes, { template: { ...template, step: new Float64Array(1) } }),
      "shape-mismatch",
      "step: expected Float64Array(1), found 12",
    );
  });
});
