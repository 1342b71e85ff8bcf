// Seeds: one range (0 to 2^32 − 1), checked up front with the value as typed; derived seeds never
// overflow.
import assert from "node:assert/strict";
import { deriveSeed, MAX_SEED } from "../../core/random.ts";
import { resolveRun } from "../../cli/train.ts";
import { runTraining } from "../../run/runner.ts";
import { parseSeeds } from "../../run/sweep_plan.ts";
import { createAgent } from "../../run/agents.ts";

const BASE = ["--agent", "reinforce", "--env", "CartPole-v1", "--total-timesteps", "200"];

Deno.test("--seed outside 0..2^32-1 is rejected before training, naming the value typed", () => {
  for (
    const [seed, message] of [
      ["9007199254740991", /--seed must be an integer from 0 to 4294967295, got 9007199254740991/],
      ["9007199254740993", /--seed: 9007199254740993 is not exactly representable/],
      ["4294967296", /from 0 to 4294967295, got 4294967296/],
      ["1.5", /from 0 to 4294967295, got 1.5/],
    ] as const
  ) {
    assert.throws(() => resolveRun([...BASE, "--seed", seed]), message, seed);
  }
  assert.equal(resolveRun([...BASE, "--seed", String(MAX_SEED)]).run.seed, MAX_SEED);
  assert.throws(() => parseSeeds(`${MAX_SEED}-${MAX_SEED + 1}`), /4294967296/);
});

Deno.test("derived seeds cannot overflow: the evaluation seed of a seed near 2^53 is exact", async () => {
  assert.equal(deriveSeed(3, 10_000), 10_003);
  assert.equal(deriveSeed(Number.MAX_SAFE_INTEGER - 10_000, 10_000), Number.MAX_SAFE_INTEGER);
  assert.equal(deriveSeed(Number.MAX_SAFE_INTEGER, 10_000), 9_999);
  // Before: "Cannot evaluate: seed must be an integer, got 9007199254750992" after training.
  const agent = createAgent("reinforce", { env: "CartPole-v1", seed: Number.MAX_SAFE_INTEGER });
  const summary = await runTraining(agent, { totalTimesteps: 100, evalEvery: 0, evalEpisodes: 1 });
  assert.equal(summary.finalEval?.episodes, 1);
});
