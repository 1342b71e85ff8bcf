/**
 * Sub-env steps per second through `SyncVectorEnv` (n = 8, 64), with same-step autoreset and
 * uniformly random actions. Every iteration runs 4096 sub-env steps (4096 / n vector steps), so
 * steps/s = 4096 × iter/s. The baseline steps one `make(id)` env through `stepInto` directly.
 *
 * Run: `deno bench bench/vector_env_bench.ts`
 *
 * @module
 */
import { make } from "../envs/registry.ts";
import { Random } from "../core/random.ts";
import { SyncVectorEnv, type SyncVectorEnvOptions } from "../env/vector_env.ts";

const STEPS_PER_ITER = 4096;
const IDS = ["CartPole-v1", "MountainCar-v0", "Acrobot-v1", "Pendulum-v1"];

function bench(id: string, n: number, options: SyncVectorEnvOptions = {}, tag = ""): void {
  const venv = new SyncVectorEnv(() => make(id), n, { seed: 0, ...options });
  venv.reset();
  const space = venv.singleActionSpace;
  const rng = new Random(0);
  const pool: Float64Array[] = []; // 16 pre-drawn action batches, cycled
  for (let k = 0; k < 16; k++) {
    const a = new Float64Array(n * venv.actDim);
    for (let i = 0; i < a.length; i++) {
      a[i] = space.kind === "discrete" ? rng.int(space.n) : rng.uniform(-2, 2);
    }
    pool.push(a);
  }
  const vectorSteps = STEPS_PER_ITER / n;
  let k = 0;
  Deno.bench(`${id} SyncVectorEnv n=${n}${tag}`, { group: id }, () => {
    for (let t = 0; t < vectorSteps; t++) venv.step(pool[k++ & 15]);
  });
}

/** Baseline: one `make(id)` env stepped through `stepInto` with manual resets, same step count. */
function baseline(id: string): void {
  const env = make(id);
  const obs = new Float32Array(env.obsDim);
  env.resetInto(obs, 0, { seed: 0 });
  const space = env.actionSpace;
  const rng = new Random(0);
  const pool = new Float64Array(1024);
  for (let i = 0; i < pool.length; i++) {
    pool[i] = space.kind === "discrete" ? rng.int(space.n) : rng.uniform(-2, 2);
  }
  let k = 0;
  Deno.bench(`${id} single env stepInto (baseline)`, { group: id, baseline: true }, () => {
    for (let t = 0; t < STEPS_PER_ITER; t++) {
      env.stepInto(pool, k++ & 1023, obs, 0);
      if (env.lastTerminated || env.lastTruncated) env.resetInto(obs, 0);
    }
  });
}

for (const id of IDS) {
  baseline(id);
  bench(id, 8);
  bench(id, 64);
}
bench("CartPole-v1", 8, { normalizeObservations: true }, " normalized");
