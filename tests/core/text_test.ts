import assert from "node:assert/strict";
import { closest, describe, didYouMean } from "../../core/text.ts";

Deno.test("describe() gives a short text for every kind of value", () => {
  const cases: [unknown, string][] = [
    ["adam", '"adam"'],
    ["x".repeat(100), JSON.stringify("x".repeat(57) + "...")],
    [1.5, "1.5"],
    [-0, "-0"],
    [NaN, "NaN"],
    [-Infinity, "-Infinity"],
    [12n, "12n"],
    [true, "true"],
    [undefined, "undefined"],
    [null, "null"],
    [Symbol("s"), "Symbol(s)"],
    [function named() {}, "function named"],
    [() => {}, "a function"],
    [[0.5, 1], "[0.5, 1]"],
    [["a", null], '["a", null]'],
    [[], "[]"],
    [new Array(7).fill(0), "Array(7)"],
    [[{}], "Array(1)"],
    [new Float32Array(4), "Float32Array(4)"],
    [new BigInt64Array(2), "BigInt64Array(2)"],
    [new DataView(new ArrayBuffer(8)), "DataView(8 bytes)"],
    [new Map(), "Map"],
    [{ a: 1 }, "object"],
    [Object.create(null), "object"],
    [new (class Random {})(), "Random"],
  ];
  for (const [value, text] of cases) assert.equal(describe(value), text);
});

Deno.test("describe() never throws and stays short for hostile values", () => {
  const proxy = new Proxy({}, {
    getPrototypeOf() {
      throw new Error("trap");
    },
  });
  assert.equal(describe(proxy), "object");
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  assert.equal(describe(cyclic), "Array(1)");
  assert.equal(describe(new Float64Array(1 << 20)), "Float64Array(1048576)");
});

Deno.test("closest() and didYouMean() suggest a near name, case-insensitively", () => {
  const envs = ["CartPole-v1", "Acrobot-v1", "MountainCar-v0"];
  assert.equal(closest("cartpole-v1", envs), "CartPole-v1");
  assert.equal(closest("CartPole-v0", envs), "CartPole-v1");
  assert.equal(closest("Pendulum", envs), undefined);
  assert.equal(closest("x", []), undefined);
  assert.equal(didYouMean("ppp", ["ppo", "a2c"]), ' (did you mean "ppo"?)');
  assert.equal(
    didYouMean("lerning-rate", ["learning-rate"], "--"),
    ' (did you mean "--learning-rate"?)',
  );
  assert.equal(didYouMean("zzzzzz", ["ppo"]), "");
  // The first candidate wins a tie.
  assert.equal(closest("ab", ["aa", "bb"]), "aa");
});
