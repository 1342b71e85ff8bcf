import assert from "node:assert/strict";
import {
  DEFAULT_PRESETS,
  runPreset,
  summaryRow,
  thresholdOf,
} from "../../../src/cli/benchmark_learning.ts";
import { presets } from "../../../src/presets.ts";

Deno.test("benchmark_learning: thresholds, presets and the summary row", () => {
  assert.equal(thresholdOf("MountainCar-v0"), -110);
  assert.equal(thresholdOf("Pendulum-v1"), -250);
  assert.equal(thresholdOf("MountainCarContinuous-v0"), 90);
  for (const name of DEFAULT_PRESETS) assert.ok(name in presets, name);
  const row = summaryRow("mountaincar-ppo", presets["mountaincar-ppo"], -110, [
    {
      seed: 1,
      finalMean: -105,
      finalStd: 1,
      stepsToThreshold: 400000,
      secondsToThreshold: 30,
      seconds: 80,
    },
    {
      seed: 2,
      finalMean: -115,
      finalStd: 1,
      stepsToThreshold: null,
      secondsToThreshold: null,
      seconds: 70,
    },
  ]);
  // mean of −105 and −115 is −110 ± 5; one seed of two ends at or above −110; one got there.
  assert.equal(
    row,
    "| `mountaincar-ppo` | ppo | MountainCar-v0 | 1M | -110 | -110.0 ± 5.0 | 1/2 | 400k (1/2) | 30.0 | 75.0 |",
  );
});

Deno.test("benchmark_learning: runPreset on a tiny budget", () => {
  const preset = { ...presets["cartpole-a2c"], totalTimesteps: 800 };
  const results = runPreset(preset, {
    seeds: [1, 2],
    threshold: 475,
    evalEvery: 400,
    evalEpisodes: 2,
    finalEpisodes: 3,
  });
  assert.deepEqual(results.map((r) => r.seed), [1, 2]);
  for (const r of results) {
    assert.ok(r.finalMean > 0 && r.finalMean < 475);
    assert.equal(r.stepsToThreshold, null);
  }
});
