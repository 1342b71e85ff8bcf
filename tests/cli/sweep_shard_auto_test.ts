// `sweep --shard auto`: the shard from Slurm job-array or Kubernetes Indexed-Job variables, and
// three simulated array tasks merge into the same sweep.json as the one-machine sweep.
import assert from "node:assert/strict";
import { SHARD_ENV_VARS, shardFromEnv } from "../../cli/shard_auto.ts";
import { cli, ROOT, runDirs, sweepJson, TINY_PPO } from "./_cli.ts";

Deno.test("shardFromEnv() reads Slurm job arrays", () => {
  const slurm = (id: number, extra: Record<string, string>) =>
    shardFromEnv({ SLURM_ARRAY_TASK_ID: String(id), ...extra });
  assert.deepEqual(slurm(0, { SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "2" }), {
    index: 1,
    count: 3,
  });
  assert.deepEqual(slurm(3, { SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_COUNT: "3" }), {
    index: 3,
    count: 3,
  });
  // --array=0-8:4 gives tasks 0, 4, 8.
  assert.deepEqual(
    slurm(4, {
      SLURM_ARRAY_TASK_MIN: "0",
      SLURM_ARRAY_TASK_MAX: "8",
      SLURM_ARRAY_TASK_STEP: "4",
      SLURM_ARRAY_TASK_COUNT: "3",
    }),
    { index: 2, count: 3 },
  );
  // --array=1,4,7 without a step: not contiguous.
  assert.throws(
    () =>
      slurm(4, {
        SLURM_ARRAY_TASK_MIN: "1",
        SLURM_ARRAY_TASK_MAX: "7",
        SLURM_ARRAY_TASK_COUNT: "3",
      }),
    /cannot place this task in a contiguous job array \(SLURM_ARRAY_TASK_ID=4 MIN=1 MAX=7/,
  );
  assert.throws(() => slurm(2, {}), /SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX \(or COUNT\)/);
  assert.throws(
    () => slurm(1, { SLURM_ARRAY_TASK_MIN: "x", SLURM_ARRAY_TASK_MAX: "3" }),
    /SLURM_ARRAY_TASK_MIN must be a non-negative integer, got "x"/,
  );
  assert.throws(
    () =>
      shardFromEnv({
        SLURM_ARRAY_TASK_ID: "1",
        SLURM_ARRAY_TASK_MIN: "0",
        SLURM_ARRAY_TASK_MAX: "2",
      }, 4),
    /--shard-count 4 disagrees with the Slurm job array \(3 tasks\)/,
  );
});

Deno.test("shardFromEnv() reads Kubernetes Indexed Jobs and says what is missing", () => {
  assert.deepEqual(shardFromEnv({ JOB_COMPLETION_INDEX: "2" }, 3), { index: 3, count: 3 });
  assert.deepEqual(shardFromEnv({ JOB_COMPLETION_INDEX: "0", SWEEP_SHARD_COUNT: "5" }), {
    index: 1,
    count: 5,
  });
  assert.throws(
    () => shardFromEnv({ JOB_COMPLETION_INDEX: "0" }),
    /pass --shard-count N or set SWEEP_SHARD_COUNT/,
  );
  assert.throws(
    () => shardFromEnv({ JOB_COMPLETION_INDEX: "3" }, 3),
    /must be below the shard count 3/,
  );
  assert.throws(() => shardFromEnv({}), /no scheduler variables found; expected a Slurm job array/);
});

Deno.test("deno task sweep may read exactly the scheduler variables", () => {
  const tasks = JSON.parse(Deno.readTextFileSync(`${ROOT}deno.json`)).tasks;
  assert.match(tasks.sweep, new RegExp(`--allow-env=${SHARD_ENV_VARS.join(",")} `));
});

const SWEEP = [...TINY_PPO, "--seeds", "0-4", "--workers", "1"];

Deno.test("sweep --shard auto: three Slurm array tasks merge into the one-machine sweep.json", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const whole = await cli("sweep", [...SWEEP, "--name", "whole"], tmp);
    assert.equal(whole.code, 0, whole.stderr);
    const tasks = [0, 1, 2].map((id) =>
      cli("sweep", [...SWEEP, "--shard", "auto", "--name", "big"], tmp, {
        SLURM_ARRAY_TASK_ID: String(id),
        SLURM_ARRAY_TASK_MIN: "0",
        SLURM_ARRAY_TASK_MAX: "2",
      })
    );
    for (const [i, r] of (await Promise.all(tasks)).entries()) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`shard ${i + 1}/3 of 5`));
    }
    assert.deepEqual(
      runDirs(`${tmp}/runs/big__shard1of3`).map((d) => d.split("/").pop()),
      ["seed0", "seed3"],
    );
    const shards = [1, 2, 3].map((i) => `runs/big__shard${i}of3`);
    const merged = await cli("sweep", ["--merge", ...shards, "--out", "runs/merged"], tmp);
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stdout, /Merged 5\/5 runs from 3 directories/);
    assert.deepEqual(
      sweepJson(`${tmp}/runs/merged/sweep.json`),
      sweepJson(`${tmp}/runs/whole/sweep.json`),
    );

    const none = await cli("sweep", [...SWEEP, "--shard", "auto"], tmp);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--shard auto: no scheduler variables found/);
    assert.equal(none.stderr.trim().split("\n").length, 1);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
