import assert from "node:assert/strict";
import {
  checkConfigKeys,
  checkNumberField,
  resolveAgentRmsprop,
  withDefaults,
} from "../../../agents/common/config.ts";

Deno.test("checkConfigKeys: unknown keys with a 'did you mean'", () => {
  const known = ["learningRate", "numEnvs", "gamma"];
  checkConfigKeys("X", { gamma: 1 }, known);
  assert.throws(
    () => checkConfigKeys("X", { numenvs: 1 }, known),
    {
      name: "TypeError",
      message: 'Cannot create X: unknown config key "numenvs" (did you mean "numEnvs"?)',
    },
  );
  assert.throws(
    () => checkConfigKeys("X", { zzzzzzzzzz: 1 }, known),
    /unknown config key "zzzzzzzzzz" \(known keys: learningRate, numEnvs, gamma\)/,
  );
  assert.throws(() => checkConfigKeys("X", null as unknown as object, known), TypeError);
});

Deno.test("checkNumberField: ranges, integers, types", () => {
  assert.equal(checkNumberField("X", "gamma", 0.5, { min: 0, max: 1 }), 0.5);
  assert.throws(() => checkNumberField("X", "gamma", 1.01, { min: 0, max: 1 }), {
    name: "RangeError",
    message: "Cannot create X: gamma must be in [0, 1], got 1.01",
  });
  assert.throws(() => checkNumberField("X", "n", 2.5, { min: 1, integer: true }), {
    message: "Cannot create X: n must be an integer >= 1, got 2.5",
  });
  assert.throws(() => checkNumberField("X", "rho", 1, { min: 0, max: 1, maxExclusive: true }), {
    message: "Cannot create X: rho must be in [0, 1), got 1",
  });
  assert.throws(() => checkNumberField("X", "lr", NaN, {}), RangeError);
  assert.throws(() => checkNumberField("X", "lr", "1", {}), TypeError);
});

Deno.test("withDefaults and resolveAgentRmsprop", () => {
  assert.deepEqual(withDefaults("X", { a: 1, b: 2 }, { b: 3, rmspropEps: 1 }), { a: 1, b: 3 });
  assert.throws(() => withDefaults("X", { a: 1 }, { c: 1 } as unknown as { a: number }), TypeError);
  const sb3 = resolveAgentRmsprop("A2C", {}, "pytorch", { rmspropEps: 1e-5 });
  assert.deepEqual(sb3, {
    rmspropPreset: "pytorch",
    rmspropRho: 0.99,
    rmspropEps: 1e-5,
    rmspropEpsPlacement: "outside",
    rmspropCentered: false,
    rmspropMomentum: 0,
    rmspropMomentumStyle: "torch",
    rmspropInitialAccumulator: 0,
  });
  assert.equal(
    resolveAgentRmsprop("A2C", { rmspropEps: 1e-3 }, "pytorch", { rmspropEps: 1e-5 }).rmspropEps,
    1e-3,
  );
  const nature = resolveAgentRmsprop("A2C", { rmspropPreset: "natureDqn" }, "pytorch", {
    rmspropEps: 1e-5,
  });
  assert.equal(nature.rmspropEps, 0.01);
  assert.equal(nature.rmspropCentered, true);
  assert.throws(
    () => resolveAgentRmsprop("A2C", { rmspropPreset: "adam" as "pytorch" }, "pytorch"),
    /rmspropPreset must be a known preset, got "adam"/,
  );
  assert.throws(
    () => resolveAgentRmsprop("A2C", { rmspropMomentum: 1 }, "pytorch"),
    /rmspropMomentum must be in \[0, 1\), got 1/,
  );
});
