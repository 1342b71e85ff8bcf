// Impossible sizes are rejected up front with the value and an estimate (no out-of-memory abort),
// and large evaluations need no recursion or argument spreads.
import assert from "node:assert/strict";
import { assertAffordable, MEMORY_LIMIT_BYTES } from "../../core/memory_limit.ts";
import { makeVec } from "../../envs/registry.ts";
import { MLP } from "../../core/nn/mlp.ts";
import { ReplayBuffer } from "../../core/buffers/replay.ts";
import { RolloutBuffer } from "../../core/buffers/rollout.ts";
import { resolveRun } from "../../cli/train.ts";
import { returnRange } from "../../cli/eval.ts";

Deno.test("constructors reject sizes beyond the memory limit, naming the value and an estimate", () => {
  assert.throws(
    () => assertAffordable("X", "n 1", MEMORY_LIMIT_BYTES + 1),
    /over the 4.0 GiB limit/,
  );
  // Before: "Fatal JavaScript out of memory" (the runtime aborts).
  assert.throws(
    () => makeVec("CartPole-v1", 1e9),
    /Cannot create SyncVectorEnv: numEnvs 1000000000 would need about 3.7 TiB of memory/,
  );
  // Before: "Array buffer allocation failed".
  assert.throws(
    () => new MLP({ sizes: [4, 100000, 100000, 2], activation: "tanh" }),
    /Cannot create MLP: sizes \[4,100000,100000,2\] \(10000800002 parameters\) would need about 186 GiB/,
  );
  assert.throws(
    () => new ReplayBuffer({ capacity: 1e12, obsDim: 4 }),
    /ReplayBuffer: capacity 1000000000000/,
  );
  assert.throws(
    () => new RolloutBuffer({ numSteps: 1e6, numEnvs: 1e5, obsDim: 4, actDim: 1 }),
    /RolloutBuffer: numSteps 1000000 × numEnvs 100000/,
  );
});

Deno.test("train rejects --num-envs 1e9 and hidden sizes of 1e5 before allocating", () => {
  const base = ["--agent", "ppo", "--env", "CartPole-v1"];
  const started = performance.now();
  assert.throws(
    () => resolveRun([...base, "--num-envs", "1000000000", "--total-timesteps", "2000"]),
    /numEnvs 1000000000 would need about/,
  );
  assert.throws(
    () => resolveRun([...base, "--hidden-sizes", "100000,100000"]),
    /would need about .* over the 4.0 GiB limit/,
  );
  assert.ok(performance.now() - started < 2000);
});

Deno.test("the range of 1,000,000 evaluation returns needs no argument spread", () => {
  const returns = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1000);
  assert.deepEqual(returnRange(returns), { min: 0, max: 999 });
});
