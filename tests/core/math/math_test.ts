import assert from "node:assert/strict";
import {
  atan2,
  cos,
  exp,
  expm1,
  log,
  log1p,
  sin,
  tanh,
  tanhFloat32,
} from "../../../core/math/mod.ts";
import { buildReference, FUNCTIONS, measure } from "../../../bench/math/accuracy.ts";

Deno.test("portable math: special values follow Math.* (IEEE 754 and ECMAScript)", () => {
  const specials = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e308, -1e308, 1, -1];
  for (const [name, [fn, engine]] of Object.entries(FUNCTIONS)) {
    for (const x of specials) {
      if (name === "atan2") {
        for (const x2 of specials) {
          if (!Number.isFinite(x) || !Number.isFinite(x2) || x === 0 || x2 === 0) {
            assert.ok(Object.is(fn(x, x2), engine(x, x2)), `atan2(${x}, ${x2}) = ${fn(x, x2)}`);
          }
        }
      } else if (!Number.isFinite(x) || x === 0) {
        assert.ok(
          Object.is(fn(x), engine(x)),
          `${name}(${x}) = ${fn(x)}, Math.${name} ${engine(x)}`,
        );
      }
    }
  }
});

Deno.test("portable math: exact and well-known values", () => {
  assert.equal(exp(1), Math.E);
  assert.equal(exp(-746), 0);
  assert.equal(exp(-745.1332191019411), 5e-324);
  assert.equal(exp(709.8), Infinity);
  assert.equal(log(Math.E), 1);
  assert.equal(log(5e-324), -744.4400719213812);
  assert.equal(log1p(-1), -Infinity);
  assert.ok(Number.isNaN(log1p(-2)));
  assert.equal(expm1(-50), -1);
  assert.equal(tanh(20), 1);
  assert.equal(tanh(-1e-300), -1e-300);
  assert.equal(sin(Math.PI), 1.2246467991473532e-16);
  assert.equal(cos(Math.PI / 2), 6.123233995736766e-17);
  assert.equal(sin(1e22), -0.8522008497671888); // the classic huge-argument test value
  assert.equal(atan2(1, -1), 2.356194490192345);
  assert.equal(atan2(-0, -1), -Math.PI);
});

const SAMPLES = 100_000;
const bin = buildReference(Deno.makeTempDirSync() + "/mathref");

Deno.test({
  name:
    `portable math: correctly rounded on ${SAMPLES} inputs per function (libquadmath reference)`,
  ignore: bin === null,
  fn: async () => {
    for (const name of Object.keys(FUNCTIONS)) {
      const a = await measure(name, SAMPLES, 2, bin!);
      assert.equal(a.correctlyRounded, a.n, `${name}: ${JSON.stringify(a.examples)}`);
    }
  },
});
if (bin === null) {
  console.warn("portable math reference test skipped: gcc with libquadmath is not available");
}

Deno.test("tanhFloat32(x) is Math.fround(tanh(x)) bit for bit", () => {
  let s = 12345;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const specials = [0, -0, NaN, Infinity, -Infinity, 5e-324, 1e-8, 0.125, -0.125, 19.1, 19.2];
  for (const x of specials) assert.ok(Object.is(tanhFloat32(x), Math.fround(tanh(x))), `${x}`);
  for (let i = 0; i < 300_000; i++) {
    const scale = i % 3 === 0 ? 0.3 : i % 3 === 1 ? 8 : 45;
    const x = (next() - 0.5) * scale;
    assert.ok(Object.is(tanhFloat32(x), Math.fround(tanh(x))), `tanhFloat32(${x})`);
  }
});
