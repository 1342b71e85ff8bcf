import assert from "node:assert/strict";
import { Random } from "../../core/random.ts";
import { createAgent } from "../../run/agents.ts";
import {
  defaultSpace,
  parseSpace,
  planRungs,
  promote,
  sampleConfig,
  sampleTrials,
  trialScore,
} from "../../run/tune_plan.ts";

Deno.test("planRungs: budgets grow by eta up to the full budget while trials shrink by eta", () => {
  assert.deepEqual(planRungs({ trials: 27, budget: 81000, eta: 3, minBudget: 3000 }), [
    { budget: 1000 * 3, trials: 27 },
    { budget: 9000, trials: 9 },
    { budget: 27000, trials: 3 },
    { budget: 81000, trials: 1 },
  ]);
  // The minimum budget stops the ladder early.
  assert.deepEqual(planRungs({ trials: 27, budget: 81000, eta: 3, minBudget: 20000 }), [
    { budget: 27000, trials: 27 },
    { budget: 81000, trials: 9 },
  ]);
  // One trial: one rung at the full budget.
  assert.deepEqual(planRungs({ trials: 1, budget: 5000, eta: 3, minBudget: 10 }), [
    { budget: 5000, trials: 1 },
  ]);
  // Counts round up: 10 → 4 → 2.
  assert.deepEqual(
    planRungs({ trials: 10, budget: 8000, eta: 3, minBudget: 100 }).map((r) => r.trials),
    [10, 4, 2, 1],
  );
  assert.throws(() => planRungs({ trials: 0, budget: 1, eta: 3, minBudget: 1 }), /trials/);
  assert.throws(() => planRungs({ trials: 3, budget: 10, eta: 1, minBudget: 1 }), /eta/);
  assert.throws(() => planRungs({ trials: 3, budget: 10, eta: 3, minBudget: 11 }), /minimum/);
});

Deno.test("sampleConfig: every parameter type stays in its range, seeded", () => {
  const space = parseSpace({
    lr: { type: "loguniform", low: 1e-4, high: 1e-2 },
    lambda: { type: "uniform", low: 0.8, high: 1 },
    epochs: { type: "int", low: 2, high: 4 },
    sizes: { type: "choice", values: [[64, 64], [128]] },
  }, ["lr", "lambda", "epochs", "sizes"]);
  const seen = new Set<number>();
  const r = new Random(3);
  let logLowHalf = 0;
  for (let i = 0; i < 2000; i++) {
    const c = sampleConfig(space, r);
    const lr = c.lr as number, epochs = c.epochs as number;
    assert.ok(lr >= 1e-4 && lr <= 1e-2);
    if (lr < 1e-3) logLowHalf++;
    assert.ok((c.lambda as number) >= 0.8 && (c.lambda as number) <= 1);
    assert.ok(Number.isInteger(epochs) && epochs >= 2 && epochs <= 4);
    seen.add(epochs);
    assert.ok(Array.isArray(c.sizes));
  }
  assert.deepEqual([...seen].sort(), [2, 3, 4]);
  // Log-uniform: half the draws below the geometric midpoint 1e-3 (binomial sd ≈ 22).
  assert.ok(Math.abs(logLowHalf - 1000) < 100, String(logLowHalf));
  assert.deepEqual(sampleTrials(space, 3, 1), sampleTrials(space, 3, 1));
  assert.deepEqual(sampleTrials(space, 5, 1).slice(0, 3), sampleTrials(space, 3, 1));
  assert.notDeepEqual(sampleTrials(space, 3, 1), sampleTrials(space, 3, 2));
});

Deno.test("parseSpace: clear errors for a bad space", () => {
  const known = ["learningRate", "gamma", "seed"];
  assert.throws(() => parseSpace([], known), /expected an object of parameters/);
  assert.throws(
    () => parseSpace({ learningrate: { type: "uniform", low: 0, high: 1 } }, known),
    /"learningrate" is not a config field/,
  );
  assert.throws(() => parseSpace({ seed: { type: "int", low: 0, high: 1 } }, known), /tuner/);
  assert.throws(
    () => parseSpace({ gamma: { type: "normal", low: 0, high: 1 } }, known),
    /type must be "loguniform", "uniform", "int" or "choice", got "normal"/,
  );
  assert.throws(
    () => parseSpace({ gamma: { type: "uniform", low: 1, high: 0 } }, known),
    /low <= high/,
  );
  assert.throws(
    () => parseSpace({ learningRate: { type: "loguniform", low: 0, high: 1 } }, known),
    /low > 0/,
  );
  assert.throws(() => parseSpace({ gamma: { type: "choice", values: [] } }, known), /non-empty/);
});

Deno.test("every default space samples valid configs for its agent", () => {
  for (const agent of ["reinforce", "a2c", "ppo", "dqn"]) {
    const space = defaultSpace(agent);
    assert.ok(Object.keys(space).length >= 5, agent);
    for (const config of sampleTrials(space, 20, 0)) {
      createAgent(agent, { env: "CartPole-v1", ...config }); // throws on an invalid config
    }
  }
});

Deno.test("trialScore and promote: a lucky seed loses; ties and failures are deterministic", () => {
  assert.equal(trialScore([500, 500, 500]), 500);
  assert.equal(trialScore([100, 300], "mean-std"), 100); // mean 200, std 100
  assert.ok(trialScore([500, 500, 20]) < trialScore([400, 400, 400]));
  assert.equal(trialScore([1, 2, 3, 4, 5], "q25"), 2);
  assert.equal(trialScore([3, 1, 2], "min"), 1);
  assert.equal(trialScore([3, 1, 2], "mean"), 2);
  assert.throws(() => trialScore([]), /no returns/);
  assert.deepEqual(promote([[0, 10], [1, 30], [2, 20], [3, null]], 3), [1, 2, 0]);
  assert.deepEqual(promote([[4, 5], [2, 5], [3, null]], 2), [2, 4]);
});
