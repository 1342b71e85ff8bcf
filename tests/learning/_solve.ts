/**
 * The CartPole-v1 learning check shared by the learning-curve tests: train a preset with a fixed
 * seed for its whole budget, evaluate the deterministic policy over 100 episodes on a separately
 * seeded env, and check that the curve of training episode returns rises.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Agent } from "../../agents/common/agent.ts";
import { presets } from "../../run/presets.ts";
import { evaluate } from "../../run/evaluate.ts";

/** Trains `presets[name]` with `seed` and asserts the three learning claims. */
export function assertSolvesCartPole(
  name: string,
  create: (config: Record<string, unknown>) => Agent,
  seed: number,
  maxBudget: number,
): void {
  const preset = presets[name];
  assert.ok(preset !== undefined, `preset ${name} exists`);
  assert.equal(preset.env, "CartPole-v1");
  assert.ok(preset.totalTimesteps <= maxBudget, `budget ${preset.totalTimesteps} <= ${maxBudget}`);
  const agent = create({ ...preset.config, env: preset.env, seed });
  const report = agent.learn(preset.totalTimesteps);
  assert.equal(report.globalStep, preset.totalTimesteps);

  const result = evaluate(agent, { episodes: 100, seed: 9000 + seed });
  assert.ok(
    result.mean >= 475,
    `${name} seed ${seed}: mean evaluation return ${result.mean} over 100 episodes, need >= 475`,
  );

  const returns = report.episodes.map((e) => e.return);
  const k = Math.max(1, Math.floor(returns.length / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(returns.slice(0, k)), last = mean(returns.slice(-k));
  assert.ok(
    last >= 2 * first && last - first >= 100,
    `${name} seed ${seed}: the curve must rise: first 10% of episodes ${first}, last 10% ${last}`,
  );
}
