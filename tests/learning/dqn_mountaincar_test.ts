import assert from "node:assert/strict";
import { DQN, type DQNOptions } from "../../agents/dqn.ts";
import { presets } from "../../run/presets.ts";
import { evaluate } from "../../run/evaluate.ts";

/** The training seed (the preset's settings were chosen on seeds 1–10). */
const SEED = 1;

Deno.test("DQN (preset mountaincar-dqn): the final policy reaches a mean eval return >= -110 on MountainCar-v0 after its 150k steps", () => {
  const p = presets["mountaincar-dqn"];
  assert.equal(p.agent, "dqn");
  assert.ok(p.totalTimesteps <= 150_000);
  const agent = new DQN({ ...p.config, env: p.env, seed: SEED } as DQNOptions);
  const evalSeed = SEED + 20_000;
  // Untrained, the car never reaches the flag: every episode is truncated at -200.
  assert.equal(evaluate(agent, { episodes: 10, seed: evalSeed }).mean, -200);
  const returns: number[] = [];
  while (agent.globalStep < p.totalTimesteps) {
    const report = agent.learn(Math.min(20_000, p.totalTimesteps - agent.globalStep));
    for (const e of report.episodes) returns.push(e.return);
  }
  assert.equal(agent.globalStep, p.totalTimesteps);
  const { mean } = evaluate(agent, { episodes: 100, seed: evalSeed });
  assert.ok(mean >= -110, `final mean over 100 episodes ${mean.toFixed(1)} < -110`);
  // Training episodes get shorter: the last 10% return more than the first 10%.
  const k = Math.max(1, Math.floor(returns.length / 10));
  const avg = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const first = avg(returns.slice(0, k)), last = avg(returns.slice(-k));
  assert.ok(last > first + 40, `first 10% ${first.toFixed(1)}, last 10% ${last.toFixed(1)}`);
});
