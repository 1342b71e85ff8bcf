import assert from "node:assert/strict";
import {
  checkConfigKeys,
  checkField,
  type ConfigFields,
  type ConfigOf,
  defaultsOf,
  describeRule,
  resolveConfig,
} from "../../core/config.ts";

const FIELDS = {
  env: { type: "env", default: "CartPole-v1", doc: "The env." },
  numEnvs: { type: "number", default: 4, min: 1, integer: true, doc: "Sub-envs." },
  gamma: { type: "number", default: 0.99, min: 0, max: 1, doc: "The discount." },
  targetKl: { type: "number", default: null, nullable: true, min: 0, minExclusive: true, doc: "" },
  normAdv: { type: "boolean", default: true, doc: "Normalise." },
  activation: { type: "choice", choices: ["tanh", "relu"], default: "tanh", doc: "Activation." },
  hiddenSizes: { type: "sizes", default: [64, 64], doc: "Widths." },
} as const satisfies ConfigFields;

Deno.test("ConfigOf infers the config type from the declaration", () => {
  // A compile-time check: these assignments type-check, the commented ones would not.
  const c: ConfigOf<typeof FIELDS> = {
    env: "x",
    numEnvs: 1,
    gamma: 0.5,
    targetKl: null,
    normAdv: false,
    activation: "relu", // "sigmoid" is a type error
    hiddenSizes: [1],
  };
  assert.equal(c.activation, "relu");
});

Deno.test("defaultsOf and resolveConfig: defaults in declaration order, arrays copied", () => {
  const d = defaultsOf(FIELDS);
  assert.deepEqual(Object.keys(d), Object.keys(FIELDS));
  assert.deepEqual(d.hiddenSizes, [64, 64]);
  assert.notEqual(d.hiddenSizes, FIELDS.hiddenSizes.default);
  const given = { gamma: 0.5, hiddenSizes: [8], numEnvs: undefined };
  const c = resolveConfig("X", FIELDS, given);
  assert.deepEqual(c, { ...d, gamma: 0.5, hiddenSizes: [8] });
  assert.notEqual(c.hiddenSizes, given.hiddenSizes);
  assert.deepEqual(resolveConfig("X", FIELDS, { rmspropEps: 1 }, ["rmspropEps"]), d);
});

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
  assert.throws(() => resolveConfig("X", FIELDS, { gama: 1 }), /did you mean "gamma"/);
});

Deno.test("checkField: every kind names the field, the value and what is allowed", () => {
  const cases: [string, unknown, ErrorConstructor, string][] = [
    ["gamma", 1.01, RangeError, "gamma must be in [0, 1], got 1.01"],
    ["gamma", "0.9", TypeError, 'gamma must be a number, got "0.9"'],
    ["gamma", NaN, RangeError, "gamma must be in [0, 1], got NaN"],
    ["numEnvs", 2.5, RangeError, "numEnvs must be an integer >= 1, got 2.5"],
    ["targetKl", -1, RangeError, "targetKl must be > 0, got -1 (null turns it off)"],
    ["normAdv", 1, TypeError, "normAdv must be true or false, got 1"],
    ["activation", "sigmoid", RangeError, 'activation must be "tanh" or "relu", got "sigmoid"'],
    [
      "hiddenSizes",
      [64, 0],
      RangeError,
      "hiddenSizes must be a non-empty array of positive integers, got [64, 0]",
    ],
    [
      "hiddenSizes",
      [],
      RangeError,
      "hiddenSizes must be a non-empty array of positive integers, got []",
    ],
    [
      "env",
      {},
      TypeError,
      "env must be an env id string or a function returning an env, got [object Object]",
    ],
  ];
  for (const [name, value, type, message] of cases) {
    const rule = FIELDS[name as keyof typeof FIELDS];
    assert.throws(() => checkField("X", name, rule, value), {
      name: type.name,
      message: `Cannot create X: ${message}`,
    });
  }
  assert.equal(checkField("X", "targetKl", FIELDS.targetKl, null), null);
  assert.deepEqual(
    checkField("X", "h", { type: "sizes", allowEmpty: true, doc: "" }, []),
    [],
  );
  assert.throws(
    () => checkField("X", "h", { type: "sizes", allowEmpty: true, doc: "" }, [0]),
    /h must be an array of positive integers, got \[0\]/,
  );
});

Deno.test("describeRule: ranges in words", () => {
  const r = (rule: object): string => describeRule({ type: "number", doc: "", ...rule });
  assert.equal(r({ min: 0, max: 1, maxExclusive: true }), "in [0, 1)");
  assert.equal(r({ min: 0, max: 1, minExclusive: true }), "in (0, 1]");
  assert.equal(r({ min: 0, minExclusive: true }), "> 0");
  assert.equal(r({ min: 1, integer: true }), "an integer >= 1");
  assert.equal(r({ max: 3 }), "<= 3");
  assert.equal(r({ integer: true }), "an integer");
  assert.equal(r({}), "finite");
});
