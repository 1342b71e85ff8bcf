import assert from "node:assert/strict";
import {
  type AgentConfigSpec,
  agentDefaults,
  ENV_FIELD,
  resolveAgentConfig,
  resolveAgentRmsprop,
  SEED_FIELD,
} from "../../../agents/common/config.ts";

const SB3 = { rmspropPreset: "pytorch", rmspropEps: 1e-5 } as const;

Deno.test("resolveAgentRmsprop: the agent's defaults, a preset, explicit fields", () => {
  assert.deepEqual(resolveAgentRmsprop("A2C", {}, SB3), {
    rmspropPreset: "pytorch",
    rmspropRho: 0.99,
    rmspropEps: 1e-5,
    rmspropEpsPlacement: "outside",
    rmspropCentered: false,
    rmspropMomentum: 0,
    rmspropMomentumStyle: "torch",
    rmspropInitialAccumulator: 0,
  });
  assert.equal(resolveAgentRmsprop("A2C", { rmspropEps: 1e-3 }, SB3).rmspropEps, 1e-3);
  // An explicit preset fills the gaps with its own values, not the agent's overrides.
  const nature = resolveAgentRmsprop("A2C", { rmspropPreset: "natureDqn" }, SB3);
  assert.equal(nature.rmspropEps, 0.01);
  assert.equal(nature.rmspropCentered, true);
  assert.throws(
    () => resolveAgentRmsprop("A2C", { rmspropPreset: "adam" as "pytorch" }, SB3),
    /Cannot create A2C: rmspropPreset must be a known preset, got "adam"/,
  );
  assert.throws(
    () => resolveAgentRmsprop("A2C", { rmspropMomentum: 1 }, SB3),
    /rmspropMomentum must be in \[0, 1\), got 1/,
  );
  assert.throws(
    () => resolveAgentRmsprop("A2C", { rmspropCentered: "yes" as unknown as boolean }, SB3),
    /rmspropCentered must be true or false, got "yes"/,
  );
});

Deno.test("resolveAgentConfig: own fields in order, then the rmsprop fields", () => {
  const SPEC = {
    fields: {
      env: ENV_FIELD,
      seed: SEED_FIELD,
      lr: { type: "number", default: 0.1, min: 0, minExclusive: true, doc: "The lr." },
    },
    rmsprop: SB3,
  } as const satisfies AgentConfigSpec;
  const c = resolveAgentConfig("Mine", SPEC, { seed: 3, rmspropRho: 0.9 });
  assert.deepEqual(Object.keys(c).slice(0, 4), ["env", "seed", "lr", "rmspropPreset"]);
  assert.equal(c.seed, 3);
  assert.equal(c.rmspropRho, 0.9);
  assert.equal(c.rmspropEps, 1e-5);
  assert.deepEqual(agentDefaults(SPEC), resolveAgentConfig("Mine", SPEC, {}));
  assert.throws(
    () => resolveAgentConfig("Mine", SPEC, { rmspropEpz: 1 }),
    /Cannot create Mine: unknown config key "rmspropEpz" \(did you mean "rmspropEps"\?\)/,
  );
  assert.throws(() => resolveAgentConfig("Mine", SPEC, { lr: 0 }), /lr must be > 0, got 0/);
});
