import assert from "node:assert/strict";
import { DQN, type DQNOptions } from "../../agents/dqn.ts";
import { presets } from "../../run/presets.ts";
import { evaluate } from "../../run/evaluate.ts";

/** The training seed of the learning test (the preset solves most seeds, see the README table). */
const SEED = 1;
/** Evaluate every this many steps: 10 quick episodes, then 100 if those reach the threshold. */
const EVAL_EVERY = 2500;

/**
 * Trains in chunks of EVAL_EVERY and returns the first step at which the deterministic policy's
 * mean return over 100 evaluation episodes reaches `threshold` (or null), and the training
 * episodes' returns.
 */
function trainUntilSolved(
  options: DQNOptions,
  totalTimesteps: number,
  threshold: number,
): { solvedAt: number | null; mean: number; returns: number[] } {
  const agent = new DQN(options);
  const evalSeed = agent.config.seed + 10_000;
  const returns: number[] = [];
  let mean = NaN;
  while (agent.globalStep < totalTimesteps) {
    const report = agent.learn(Math.min(EVAL_EVERY, totalTimesteps - agent.globalStep));
    for (const e of report.episodes) returns.push(e.return);
    if (evaluate(agent, { episodes: 10, seed: evalSeed }).mean < threshold) continue;
    mean = evaluate(agent, { episodes: 100, seed: evalSeed }).mean;
    if (mean >= threshold) return { solvedAt: agent.globalStep, mean, returns };
  }
  return { solvedAt: null, mean, returns };
}

function average(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

Deno.test("DQN (preset cartpole-dqn) reaches a mean eval return >= 475 on CartPole-v1 within 50k steps", () => {
  const p = presets["cartpole-dqn"];
  assert.equal(p.agent, "dqn");
  assert.ok(p.totalTimesteps <= 50_000);
  const { solvedAt, mean, returns } = trainUntilSolved(
    { ...p.config, env: p.env, seed: SEED } as DQNOptions,
    p.totalTimesteps,
    475,
  );
  assert.ok(solvedAt !== null, `not solved within ${p.totalTimesteps} steps (last eval ${mean})`);
  assert.ok(mean >= 475);
  // The training curve rises: the last 10% of episodes return far more than the first 10%.
  const k = Math.max(1, Math.floor(returns.length / 10));
  const first = average(returns.slice(0, k));
  const last = average(returns.slice(-k));
  assert.ok(last > 3 * first, `first 10% ${first.toFixed(1)}, last 10% ${last.toFixed(1)}`);
});

Deno.test("DQN with the Nature-DQN RMSprop (rmspropPreset natureDqn) trains without NaN and improves", () => {
  // The preset's schedule with the optimizer replaced by Nature DQN's centered RMSprop (rho 0.95,
  // 0.01 inside the square root). Its denominator is at least 0.1, which with our mean-reduced
  // loss (Nature DQN summed gradients over the batch) makes lr 2.5e-4 far too small: use 4e-3.
  const p = presets["cartpole-dqn"];
  const config = Object.fromEntries(
    Object.entries(p.config).filter(([key]) => !key.startsWith("rmsprop")),
  );
  const steps = 30_000;
  const agent = new DQN({
    ...config,
    env: p.env,
    seed: SEED,
    rmspropPreset: "natureDqn",
    learningRate: 4e-3,
  } as DQNOptions);
  assert.equal(agent.optimizer.centered, true);
  assert.equal(agent.optimizer.momentum, 0);
  const evalSeed = SEED + 10_000;
  const before = evaluate(agent, { episodes: 10, seed: evalSeed }).mean;
  const returns: number[] = [];
  for (let s = 0; s < steps; s += 5000) {
    for (const e of agent.learn(5000).episodes) returns.push(e.return);
  }
  assert.ok(agent.qNetwork.params.every(Number.isFinite), "NaN or Infinity in the Q-network");
  const after = evaluate(agent, { episodes: 10, seed: evalSeed }).mean;
  const first = average(returns.slice(0, 20));
  const last = average(returns.slice(-20));
  // Seeds 1–5 gave eval 10 → 240, 10 → 146, 10 → 317, 9 → 138, 10 → 127 (random play: about 10).
  assert.ok(
    after >= 50 && after > 5 * before && last > 2 * first,
    `eval ${before} → ${after}, training episodes ${first.toFixed(1)} → ${last.toFixed(1)}`,
  );
});
