import assert from "node:assert/strict";
import { ResetNeededError } from "../../env/env.ts";
import { Random } from "../../core/random.ts";
import { RunningMeanStd } from "../../core/running_mean_std.ts";
import { SyncVectorEnv } from "../../env/vector_env.ts";
import type { WrappableEnv } from "../../env/wrappers/mod.ts";
import { make } from "../../envs/registry.ts";

/** Random actions for `n` sub-envs of `id` (discrete: integers; continuous: in [-1.5, 1.5)). */
function randomActions(id: string, n: number, rng: Random): Float64Array {
  const out = new Float64Array(n);
  const discrete = make(id).actionSpace;
  for (let i = 0; i < n; i++) {
    out[i] = discrete.kind === "discrete" ? rng.int(discrete.n) : rng.uniform(-1.5, 1.5);
  }
  return out;
}

/**
 * The reference: `n` separate `make(id)` envs stepped one by one with Gymnasium's SAME_STEP
 * autoreset written out, compared row by row with the vector env for `steps` steps.
 */
function compareWithSeparateEnvs(id: string, n: number, seed: number, steps: number): number {
  const venv = new SyncVectorEnv(() => make(id), n, { seed });
  const envs: WrappableEnv[] = [];
  for (let i = 0; i < n; i++) envs.push(make(id));
  const d = venv.obsDim;
  venv.reset();
  const returns = new Float64Array(n), lengths = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const obs = envs[i].reset({ seed: seed + i }).observation;
    assert.deepEqual(venv.observations.slice(i * d, i * d + d), obs, `reset row ${i}`);
  }
  const rng = new Random(seed);
  let finished = 0;
  for (let t = 0; t < steps; t++) {
    const actions = randomActions(id, n, rng);
    venv.step(actions);
    for (let i = 0; i < n; i++) {
      const action = envs[i].actionSpace.kind === "discrete" ? actions[i] : [actions[i]];
      const r = envs[i].step(action);
      returns[i] += r.reward;
      lengths[i]++;
      const row = (a: Float32Array) => a.slice(i * d, i * d + d);
      assert.equal(venv.rewards[i], r.reward);
      assert.equal(venv.terminated[i], r.terminated ? 1 : 0);
      assert.equal(venv.truncated[i], r.truncated ? 1 : 0);
      const done = r.terminated || r.truncated;
      assert.equal(venv.hasFinalObservation[i], done ? 1 : 0);
      if (done) {
        finished++;
        assert.deepEqual(row(venv.finalObservation), r.observation, `final obs ${i} at ${t}`);
        assert.equal(venv.episodeReturn[i], returns[i]);
        assert.equal(venv.episodeLength[i], lengths[i]);
        returns[i] = 0;
        lengths[i] = 0;
        const next = envs[i].reset().observation; // continues the sub-env's stream
        assert.deepEqual(row(venv.observations), next, `autoreset obs ${i} at ${t}`);
      } else {
        assert.deepEqual(row(venv.observations), r.observation, `obs ${i} at ${t}`);
      }
      assert.equal(venv.runningReturn[i], returns[i]);
      assert.equal(venv.runningLength[i], lengths[i]);
    }
  }
  assert.equal(venv.episodeCount, finished);
  return finished;
}

Deno.test("SyncVectorEnv matches separate envs with same-step autoreset", async (t) => {
  await t.step("CartPole-v1 (terminations)", () => {
    assert.ok(compareWithSeparateEnvs("CartPole-v1", 3, 5, 120) > 5);
  });
  await t.step("MountainCar-v0 (truncations at 200)", () => {
    assert.equal(compareWithSeparateEnvs("MountainCar-v0", 2, 0, 410), 4);
  });
  await t.step("MountainCarContinuous-v0 (continuous actions)", () => {
    compareWithSeparateEnvs("MountainCarContinuous-v0", 2, 7, 50);
  });
});

Deno.test("SyncVectorEnv seeds sub-env i with seed + i, then continues the streams", () => {
  const venv = new SyncVectorEnv(() => make("CartPole-v1"), 2, { seed: 10 });
  const first = venv.reset().slice();
  const a = make("CartPole-v1"), b = make("CartPole-v1");
  assert.deepEqual(
    first,
    Float32Array.of(...a.reset({ seed: 10 }).observation, ...b.reset({ seed: 11 }).observation),
  );
  const second = venv.reset().slice();
  assert.deepEqual(second, Float32Array.of(...a.reset().observation, ...b.reset().observation));
  assert.notDeepEqual(second, first);
  venv.reset({ seed: 20 });
  assert.deepEqual(venv.observations.slice(4), make("CartPole-v1").reset({ seed: 21 }).observation);
  assert.equal(venv.seed, 20);
});

Deno.test("SyncVectorEnv passes the index to the factory and applies maxEpisodeSteps", () => {
  const seen: number[] = [];
  const venv = new SyncVectorEnv(
    (i) => {
      seen.push(i);
      return make("MountainCar-v0");
    },
    3,
    { maxEpisodeSteps: 5 },
  );
  assert.deepEqual(seen, [0, 1, 2]);
  venv.reset();
  const actions = new Int32Array(3).fill(1);
  for (let t = 1; t <= 5; t++) {
    venv.step(actions);
    assert.deepEqual(Array.from(venv.truncated), t === 5 ? [1, 1, 1] : [0, 0, 0]);
  }
  assert.deepEqual(Array.from(venv.episodeLength), [5, 5, 5]);
  assert.deepEqual(Array.from(venv.episodeReturn), [-5, -5, -5]);
  assert.deepEqual(Array.from(venv.runningLength), [0, 0, 0]);
});

Deno.test("SyncVectorEnv rejects misuse before touching any sub-env", () => {
  const venv = new SyncVectorEnv(() => make("CartPole-v1"), 2);
  assert.throws(() => venv.step(new Int32Array(2)), ResetNeededError);
  venv.reset();
  const before = venv.observations.slice();
  assert.throws(() => venv.step(new Int32Array(3)), /need 2 actions \(2 envs × 1\), got 3/);
  assert.throws(
    () => venv.step(Int32Array.of(0, 2)),
    /action of sub-env 1 must be in Discrete\(2\), got 2/,
  );
  assert.throws(() => venv.step(Float64Array.of(0.5, 0)), RangeError);
  assert.deepEqual(venv.observations, before);
  assert.throws(() => new SyncVectorEnv(() => make("CartPole-v1"), 0), RangeError);
  assert.throws(
    () => new SyncVectorEnv((i) => make(i === 0 ? "CartPole-v1" : "Acrobot-v1"), 2),
    TypeError,
  );
});

Deno.test("SyncVectorEnv keeps its buffers (no reallocation) across steps", () => {
  const venv = new SyncVectorEnv(() => make("CartPole-v1"), 4, { seed: 1 });
  const obs = venv.observations, fin = venv.finalObservation;
  assert.equal(venv.reset(), obs);
  for (let t = 0; t < 100; t++) venv.step(new Int32Array(4));
  assert.equal(venv.observations, obs);
  assert.equal(venv.finalObservation, fin);
});

Deno.test("SyncVectorEnv snapshot/restore continues bit-identically", () => {
  for (const normalizeObservations of [false, true]) {
    const venv = new SyncVectorEnv(() => make("CartPole-v1"), 3, {
      seed: 2,
      normalizeObservations,
    });
    venv.reset();
    const rng = new Random(1);
    const act = () => Int32Array.from({ length: 3 }, () => rng.int(2));
    for (let t = 0; t < 30; t++) venv.step(act());
    const saved = JSON.parse(JSON.stringify(venv.snapshot()));
    const rngState = rng.state();
    const record = (v: SyncVectorEnv) => {
      const out: number[][] = [];
      for (let t = 0; t < 60; t++) {
        v.step(act());
        out.push([
          ...v.observations,
          ...v.rewards,
          ...v.terminated,
          ...v.hasFinalObservation,
          ...v.finalObservation,
          ...v.episodeReturn,
        ]);
      }
      out.push([...v.reset()]);
      return out;
    };
    const want = record(venv);
    rng.loadState(rngState);
    venv.restore(saved);
    assert.deepEqual(record(venv), want);
    rng.loadState(rngState);
    const fresh = new SyncVectorEnv(() => make("CartPole-v1"), 3, { normalizeObservations });
    fresh.restore(saved);
    assert.deepEqual(record(fresh), want);
    assert.equal(fresh.episodeCount, venv.episodeCount);
  }
  const plain = new SyncVectorEnv(() => make("CartPole-v1"), 3);
  const norm = new SyncVectorEnv(() => make("CartPole-v1"), 3, { normalizeObservations: true });
  assert.throws(() => norm.restore(plain.snapshot()), /normalization/);
  assert.throws(
    () => new SyncVectorEnv(() => make("CartPole-v1"), 2).restore(plain.snapshot()),
    TypeError,
  );
});

Deno.test("SyncVectorEnv normalizeObservations follows SB3's VecNormalize order", () => {
  const n = 2, id = "MountainCar-v0";
  const raw = new SyncVectorEnv(() => make(id), n, { seed: 3 });
  const venv = new SyncVectorEnv(() => make(id), n, { seed: 3, normalizeObservations: true });
  const rms = new RunningMeanStd(2);
  const expected = (a: Float32Array, rows: number) => {
    const out = a.slice();
    rms.normalize(out, out, rows);
    return out;
  };
  raw.reset();
  rms.update(raw.observations, n);
  assert.deepEqual(venv.reset(), expected(raw.observations, n));
  const rng = new Random(0);
  let finals = 0;
  for (let t = 0; t < 250; t++) {
    const actions = Int32Array.from({ length: n }, () => rng.int(3));
    raw.step(actions);
    venv.step(actions);
    rms.update(raw.observations, n); // the batch after autoreset, as SB3
    assert.deepEqual(venv.observations, expected(raw.observations, n), `step ${t}`);
    for (let i = 0; i < n; i++) {
      if (!raw.hasFinalObservation[i]) continue;
      finals++;
      const row = raw.finalObservation.slice(2 * i, 2 * i + 2);
      assert.deepEqual(venv.finalObservation.slice(2 * i, 2 * i + 2), expected(row, 1));
    }
  }
  assert.equal(finals, 2);
  assert.deepEqual(venv.obsRms?.state(), rms.state());
  // Frozen: statistics stay, observations are still normalised with them.
  venv.normalizationFrozen = true;
  const frozen = venv.obsRms!.state();
  venv.step(new Int32Array(n));
  raw.step(new Int32Array(n));
  assert.deepEqual(venv.obsRms?.state(), frozen);
  assert.deepEqual(venv.observations, expected(raw.observations, n));
});

Deno.test("SyncVectorEnv normalization clips at ±clip and can start frozen", () => {
  const venv = new SyncVectorEnv(() => make("CartPole-v1"), 2, {
    normalizeObservations: { clip: 0.001, frozen: true },
  });
  venv.reset();
  assert.equal(venv.obsRms?.count, 1e-4);
  for (const v of venv.observations) assert.ok(Math.abs(v) <= Math.fround(0.001));
  assert.ok(venv.observations.some((v) => Math.abs(v) === Math.fround(0.001)));
  assert.throws(
    () => new SyncVectorEnv(() => make("CartPole-v1"), 2, { normalizeObservations: { clip: 0 } }),
    RangeError,
  );
});
