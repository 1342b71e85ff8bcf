import assert from "node:assert/strict";
import { ActivationKernels, activationKernels } from "../../../core/nn/_activation_kernels.ts";
import { ACTIVATION_KERNELS_WASM_BASE64 } from "../../../core/nn/_activation_kernels_bytes.ts";
import {
  reluBackward,
  reluForward,
  tanhBackward,
  tanhForward,
  useWasm,
} from "../../../core/nn/_kernels.ts";
import { tanhFloat32 } from "../../../core/math/tanh_float32.ts";

const kernels = activationKernels!;

/** Asserts the same bits (any two NaNs count as equal), naming the first index that differs. */
function sameBits(actual: Float32Array, expected: Float32Array, what: string, x?: Float32Array) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i] && !(actual[i] !== actual[i] && expected[i] !== expected[i])) {
      assert.fail(
        `${what}: index ${i}${x ? ` (x = ${x[i]})` : ""} is ${actual[i]}, expected ${expected[i]}`,
      );
    }
  }
}

/** Float32 values from bit patterns. */
function fromBits(bits: number[] | Uint32Array): Float32Array {
  return new Float32Array(Uint32Array.from(bits).buffer);
}

/** The bits of a float32. */
function bitsOf(x: number): number {
  return new Uint32Array(new Float32Array([x]).buffer)[0];
}

/** The kernel's tanh and tanhFloat32 on the same values (in blocks, to bound memory). */
function checkTanh(x: Float32Array, what: string): void {
  const got = x.slice();
  kernels.tanh(got, got.length);
  const want = x.map(tanhFloat32);
  sameBits(got, want, what, x);
}

/** Inputs where tanhFloat32 or the kernel change regime, with their neighbours. */
const EDGES = [
  2 ** -27, // tanhFloat32's x → x branch
  0.125, // its polynomial / exponential branches
  19.1, // the saturation to ±1
  9.010913848876953, // about where tanh rounds to 1 in float32
  // where k = round(2|x|/ln2) steps in the kernel: 2|x| = (j + 1/2)·ln2
  ...Array.from({ length: 56 }, (_, j) => ((j + 0.5) * Math.LN2) / 2),
];

Deno.test("the embedded activation WebAssembly is compiled from its .wat", async () => {
  const { compileWat, WASM_MODULES } = await import("../../../cli/gen_kernels_wasm.ts");
  const m = WASM_MODULES.find((x) => x.name === "ACTIVATION_KERNELS_WASM_BASE64")!;
  const root = new URL("../../../", import.meta.url);
  const fresh = await compileWat(Deno.readTextFileSync(new URL(m.wat, root)));
  const embedded = Uint8Array.from(atob(ACTIVATION_KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
  assert.deepEqual(embedded, fresh, `run \`deno task gen:wasm\` to refresh ${m.bytes}`);
  assert.notEqual(activationKernels, null, "WebAssembly SIMD is available here");
});

Deno.test("WebAssembly tanh gives tanhFloat32's bits", async (t) => {
  await t.step("special values", () => {
    const specials = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, 20, 19.1, 19.2, 1e30, 3e38];
    const bits = [1, 2, 0x7fffff, 0x800000, 0x7f7fffff, 0x7fc00001, 0xffc00000, 0x7f800001];
    const x = new Float32Array([...specials, ...fromBits(bits)]);
    checkTanh(x, "specials");
    checkTanh(x.map((v) => -v), "negated specials");
  });

  await t.step("every float32 within 2^14 ulps of the branch edges, both signs", () => {
    const bits = new Uint32Array(2 * 32768 * EDGES.length);
    let n = 0;
    for (const edge of EDGES) {
      const b = bitsOf(edge);
      for (let d = -16384; d < 16384; d++) {
        bits[n++] = b + d;
        bits[n++] = (b + d + 0x80000000) >>> 0;
      }
    }
    checkTanh(new Float32Array(bits.buffer), "edges");
  });

  await t.step("every float32 in [1/8, 4) (41.9M values), every 16th in [2^-27, 20]", () => {
    // [1/8, 4): where the error of the kernel's double is largest relative to a float32 ulp
    const dense = [bitsOf(0.125), bitsOf(4)], block = 1 << 20;
    const bits = new Uint32Array(block);
    const check = (lo: number, hi: number, stride: number): void => {
      for (let start = lo; start < hi; start += stride * block) {
        const n = Math.min(block, Math.ceil((hi - start) / stride));
        for (let i = 0; i < n; i++) bits[i] = (start + stride * i + (i & 1 ? 0x80000000 : 0)) >>> 0;
        checkTanh(new Float32Array(bits.buffer, 0, n).slice(), `block at ${start}`);
      }
    };
    check(dense[0], dense[1], 1);
    check(bitsOf(2 ** -27) + 7, bitsOf(20), 16);
  });

  await t.step("4M random bit patterns (all magnitudes, NaNs, subnormals)", () => {
    let s = 0x9e3779b9;
    const bits = new Uint32Array(1 << 22);
    for (let i = 0; i < bits.length; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      bits[i] = s >>> 0;
    }
    checkTanh(new Float32Array(bits.buffer), "random");
  });

  await t.step("every length 0..40 at offsets 0..3, values past n untouched", () => {
    const data = new Float32Array(48).map((_, i) => (i - 20) * 0.37);
    for (let offset = 0; offset < 4; offset++) {
      for (let n = 0; n <= 40; n++) {
        const got = data.slice(), want = data.slice();
        kernels.tanh(got.subarray(offset), n);
        for (let k = offset; k < offset + n; k++) want[k] = tanhFloat32(want[k]);
        sameBits(got, want, `offset ${offset}, n ${n}`);
      }
    }
  });
});

Deno.test("the kernels run in place on another memory, at any byte offset", () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const k = new ActivationKernels(memory);
  const x = new Float32Array(37).map((_, i) => Math.sin(i) * 4);
  const y = new Float32Array(memory.buffer, 1000, 37);
  y.set(x);
  k.exports.tanh_f32(1004, 35); // y[1 .. 36)
  const want = x.slice();
  for (let i = 1; i < 36; i++) want[i] = tanhFloat32(want[i]);
  sameBits(y, want, "tanh_f32 at byte 1004");
  // the array methods work in place on views of their memory (nothing staged at byte 0)
  const d = new Float32Array(memory.buffer, 2000, 37).fill(0.5);
  const before = new Float32Array(memory.buffer, 0, 250).slice();
  k.tanhBackward(y, d, 37);
  k.relu(y, 37);
  k.reluBackward(y, d, 37);
  sameBits(new Float32Array(memory.buffer, 0, 250), before, "bytes 0..1000 untouched");
  const dWant = new Float32Array(37).fill(0.5), yWant = want.slice();
  useWasm(false);
  try {
    tanhBackward(want, dWant, 37);
    reluForward(yWant, 37);
    reluBackward(yWant, dWant, 37);
  } finally {
    useWasm(true);
  }
  sameBits(y, yWant, "relu in place");
  sameBits(d, dWant, "derivatives in place");
  // arrays elsewhere are not staged in a memory the kernels were given (it holds other data)
  assert.throws(() => k.tanh(new Float32Array(8), 8), RangeError);
  assert.throws(() => k.reluBackward(y, new Float32Array(37), 37), RangeError);
});

Deno.test("WebAssembly tanh derivative and ReLU give the JavaScript loops' bits", () => {
  let s = 12345;
  const random = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const n = 1 << 18;
  // y: tanh outputs, random bit patterns and specials; d: random magnitudes and specials
  const specials = [0, -0, 1, -1, NaN, Infinity, -Infinity, 1e-45, -1e-45, 3e38];
  const y = new Float32Array(n), d = new Float32Array(n);
  const yBits = new Uint32Array(y.buffer), dBits = new Uint32Array(d.buffer);
  for (let i = 0; i < n; i++) {
    const r = i % 4;
    if (r === 0) y[i] = tanhFloat32(((random() / 2 ** 32) - 0.5) * 10);
    else if (r === 1) y[i] = specials[random() % specials.length];
    else yBits[i] = random();
    if (i % 5 === 0) d[i] = specials[random() % specials.length];
    else dBits[i] = random();
  }
  for (const len of [n, 1001, 17, 3]) {
    const run = (on: boolean): Float32Array[] => {
      const outs: Float32Array[] = [];
      const dt = d.slice(), yr = y.slice(), dr = d.slice();
      if (on) {
        kernels.tanhBackward(y, dt, len);
        kernels.relu(yr, len);
        kernels.reluBackward(y, dr, len);
      } else {
        useWasm(false);
        try {
          tanhBackward(y, dt, len);
          reluForward(yr, len);
          reluBackward(y, dr, len);
        } finally {
          useWasm(true);
        }
      }
      outs.push(dt, yr, dr);
      return outs;
    };
    const [a, b] = [run(true), run(false)];
    sameBits(a[0], b[0], `tanh derivative, n ${len}`);
    sameBits(a[1], b[1], `relu, n ${len}`);
    sameBits(a[2], b[2], `relu derivative, n ${len}`);
  }
});

Deno.test("tanhForward and the ReLU kernels: the same bits with WebAssembly on or off", () => {
  for (const n of [8, 16, 100, 600, 8192]) {
    const x = new Float32Array(n).map((_, i) => Math.sin(i * 0.7) * 6);
    const d = new Float32Array(n).map((_, i) => Math.cos(i));
    const outs = [true, false].map((on) => {
      useWasm(on);
      try {
        const t = x.slice(), r = x.slice(), dr = d.slice();
        tanhForward(t, n);
        reluForward(r, n);
        reluBackward(x, dr, n);
        return [t, r, dr];
      } finally {
        useWasm(true);
      }
    });
    for (let k = 0; k < 3; k++) sameBits(outs[0][k], outs[1][k], `n ${n}, output ${k}`);
  }
});
