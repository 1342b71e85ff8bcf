/**
 * Single-env throughput of the classic-control envs through `make()` (TimeLimit included), with
 * resets at episode end inside the timed loop, as in Gymnasium's measurement (reference §9).
 * Each iteration runs 1000 env steps, so steps/s = 1000 × iter/s.
 *
 * - `step`: the Gymnasium-style API (a new observation array and result object per step);
 * - `stepInto`: the allocation-free API into a preallocated observation buffer.
 *
 * Gymnasium on this machine (gym.make, steps/s): CartPole-v1 6.9e4, MountainCar-v0 4.5e4,
 * MountainCarContinuous-v0 2.0e5, Acrobot-v1 1.3e4, Pendulum-v1 4.5e4.
 *
 * @module
 */
import { make } from "../envs/registry.ts";
import { Random } from "../core/random.ts";

const STEPS = 1000;
const ids = [
  "CartPole-v1",
  "MountainCar-v0",
  "MountainCarContinuous-v0",
  "Acrobot-v1",
  "Pendulum-v1",
];

for (const id of ids) {
  const env = make(id);
  const discrete = env.actionSpace.kind === "discrete";
  const rng = new Random(0);
  const n = discrete ? (env.actionSpace as { n: number }).n : 0;
  const flat = new Float64Array(4096);
  for (let i = 0; i < flat.length; i++) flat[i] = discrete ? rng.int(n) : rng.uniform(-1, 1);
  const boxed = Array.from(flat, (a) => discrete ? a : new Float32Array([a]));
  env.reset({ seed: 0 });
  let k = 0;

  Deno.bench(`${id} step ×${STEPS}`, { group: id, baseline: true }, () => {
    for (let i = 0; i < STEPS; i++) {
      const r = env.step(boxed[k++ & 4095]);
      if (r.terminated || r.truncated) env.reset();
    }
  });

  const fast = make(id);
  const obs = new Float32Array(fast.obsDim);
  fast.resetInto(obs, 0, { seed: 0 });
  let j = 0;
  Deno.bench(`${id} stepInto ×${STEPS}`, { group: id }, () => {
    for (let i = 0; i < STEPS; i++) {
      fast.stepInto(flat, j++ & 4095, obs, 0);
      if (fast.lastTerminated || fast.lastTruncated) fast.resetInto(obs, 0);
    }
  });
}
