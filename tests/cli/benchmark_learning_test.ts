import assert from "node:assert/strict";
import {
  DEFAULT_PRESETS,
  runPreset,
  summaryRow,
  thresholdOf,
  withBudget,
} from "../../cli/benchmark_learning.ts";
import { presets } from "../../run/presets.ts";
import { createAgent } from "../../run/agents.ts";
import { evaluate } from "../../run/evaluate.ts";

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
      bestStep: 400000,
      bestMean: -100,
      bestStd: 2,
    },
    {
      seed: 2,
      finalMean: -115,
      finalStd: 1,
      stepsToThreshold: null,
      secondsToThreshold: null,
      seconds: 70,
      bestStep: 900000,
      bestMean: -112,
      bestStd: 3,
    },
  ]);
  // mean of −105 and −115 is −110 ± 5; one seed of two ends at or above −110; one got there;
  // best checkpoints −100 and −112: −106 ± 6, one of two at or above −110.
  // Wilson 95% of 1/2 by hand: centre 0.5, half-width (1.96 / 2.9207) · √(0.125 + 0.2401) = 0.4056
  // → [9%, 91%]. IQM of two values trims nothing: the mean; the bootstrap interval of two values
  // spans them.
  assert.equal(
    row,
    "| `mountaincar-ppo` | ppo | MountainCar-v0 | 1M | -110 | 1/2 [9%, 91%] | -110.0 [-115.0, -105.0] | -110.0 ± 5.0 | 400k (1/2) | 30.0 | 75.0 | 1/2 [9%, 91%] | -106.0 [-112.0, -100.0] |",
  );
  assert.deepEqual([...DEFAULT_PRESETS].sort(), Object.keys(presets).sort());
  const short = withBudget(presets["cartpole-ppo"], 20000);
  assert.equal(short.totalTimesteps, 20000);
  assert.equal(short.config.totalTimesteps, 20000);
  assert.equal(withBudget(presets["cartpole-ppo"], undefined), presets["cartpole-ppo"]);
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
    // The best checkpoint is the agent after bestStep steps, evaluated like the final one.
    assert.ok(r.bestStep === 400 || r.bestStep === 800, `bestStep ${r.bestStep}`);
    const again = createAgent("a2c", { ...preset.config, env: preset.env, seed: r.seed });
    again.learn(r.bestStep);
    const ev = evaluate(again, { episodes: 3, seed: 20000 + r.seed });
    assert.deepEqual([r.bestMean, r.bestStd], [ev.mean, ev.std]);
    if (r.bestStep === 800) assert.equal(r.bestMean, r.finalMean);
  }
});
