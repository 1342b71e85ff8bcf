/**
 * Whole-training-loop throughput of the policy-gradient agents on CartPole-v1 with 64×64 networks
 * (collection, GAE, updates, everything `learn` does): each bench iteration is one
 * `learn(STEPS)`.
 *
 * Run `deno bench bench/agents_bench.ts` for timings, or
 * `deno run bench/agents_bench.ts` to print env steps per second per agent and config.
 *
 * @module
 */
import { A2C } from "../agents/a2c.ts";
import { PPO } from "../agents/ppo.ts";
import { Reinforce } from "../agents/reinforce.ts";
import type { Agent } from "../agents/common/agent.ts";
import { presets } from "../run/presets.ts";

const STEPS = 4096;

/** The configurations measured: library defaults and the CartPole presets. */
const CASES: { name: string; make: () => Agent }[] = [
  { name: "PPO, CleanRL defaults (4 envs × 128, 4 epochs × 4 minibatches)", make: () => new PPO() },
  { name: "PPO, preset cartpole-ppo", make: () => new PPO(presets["cartpole-ppo"]?.config) },
  { name: "A2C, SB3 defaults (8 envs × 5 steps)", make: () => new A2C() },
  { name: "A2C, preset cartpole-a2c", make: () => new A2C(presets["cartpole-a2c"]?.config) },
  { name: "REINFORCE, defaults", make: () => new Reinforce() },
  {
    name: "REINFORCE, preset cartpole-reinforce",
    make: () => new Reinforce(presets["cartpole-reinforce"]?.config),
  },
];

for (const { name, make } of CASES) {
  const agent = make();
  Deno.bench({ name: `${name}: learn(${STEPS})`, group: "agents" }, () => {
    agent.learn(STEPS);
  });
}

// `deno run bench/agents_bench.ts [steps]` prints steps/s after a warm-up.
if (import.meta.main) {
  const total = Number(Deno.args[0] ?? 100_000);
  for (const { name, make } of CASES) {
    const agent = make();
    agent.learn(8192); // warm-up (JIT)
    const t0 = performance.now();
    agent.learn(total - (total % 8192));
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${name}: ${Math.round((total - (total % 8192)) / seconds)} env steps/s`);
  }
}
