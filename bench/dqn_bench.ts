/**
 * Whole-training-loop throughput of {@linkcode DQN} (ε-greedy acting, env steps, replay
 * storage and sampling, gradient steps, target updates: everything `learn` does). Each bench
 * iteration is one `learn(STEPS)` on an agent already past `learningStarts`, so training is
 * included.
 *
 * Run `deno bench bench/dqn_bench.ts` for timings, or `deno run bench/dqn_bench.ts` to print env
 * steps per second of whole preset runs (from step 0 to the preset's budget, as a user runs them).
 *
 * @module
 */
import { DQN, type DQNOptions } from "../agents/dqn.ts";
import { presets } from "../run/presets.ts";

const STEPS = 2048;

function preset(name: string): DQNOptions {
  const p = presets[name];
  return { env: p.env, seed: 1, ...p.config } as DQNOptions;
}

/** The configurations measured. */
const CASES: { name: string; options: () => DQNOptions }[] = [
  { name: "CleanRL defaults, CartPole-v1", options: () => ({ env: "CartPole-v1" }) },
  { name: "preset cartpole-dqn", options: () => preset("cartpole-dqn") },
  { name: "preset mountaincar-dqn", options: () => preset("mountaincar-dqn") },
  { name: "preset acrobot-dqn", options: () => preset("acrobot-dqn") },
  {
    name: "greedy acting only (no training), CartPole-v1",
    options: () => ({ env: "CartPole-v1", learningStarts: 1e9, startE: 0, endE: 0 }),
  },
];

for (const { name, options } of CASES) {
  const agent = new DQN(options());
  const warmUp = Math.ceil((agent.config.learningStarts + 1) / STEPS) * STEPS;
  let warmed = false;
  Deno.bench({ name: `${name}: learn(${STEPS})`, group: "dqn" }, () => {
    if (!warmed && warmUp < 1e8) agent.learn(warmUp); // past learningStarts before timing
    warmed = true;
    agent.learn(STEPS);
  });
}

// `deno run bench/dqn_bench.ts [steps]` prints env steps/s of whole preset runs.
if (import.meta.main) {
  const limit = Number(Deno.args[0] ?? Infinity);
  for (const name of ["cartpole-dqn", "mountaincar-dqn", "acrobot-dqn"]) {
    const p = presets[name];
    const total = Math.min(p.totalTimesteps, limit);
    const agent = new DQN(preset(name));
    const t0 = performance.now();
    agent.learn(total);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `${name} (${p.env}): ${total} steps in ${seconds.toFixed(1)} s = ${
        Math.round(total / seconds)
      } env steps/s`,
    );
  }
}
