// --resume: which flags it accepts and why; a finished run extended to a larger budget; a run
// with no checkpoint yet says it starts again from step 0.
import assert from "node:assert/strict";
import { cli, deterministicMetrics, runDirs } from "./_cli.ts";

const PPO =
  "--agent ppo --env CartPole-v1 --seed 3 --num-envs 2 --num-steps 64 --no-anneal-lr --eval-every 512 --checkpoint-every 512 --eval-episodes 2 --quiet"
    .split(" ");

Deno.test("train --resume: a finished run extends to a larger --total-timesteps like one long run", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const [a, b] = await Promise.all([
      cli("train", [...PPO, "--total-timesteps", "1024", "--out", `${tmp}/a`], tmp),
      cli("train", [...PPO, "--total-timesteps", "2048", "--out", `${tmp}/b`], tmp),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const [dir] = runDirs(`${tmp}/a`);
    const [ref] = runDirs(`${tmp}/b`);
    const shorter = await cli("train", ["--resume", dir, "--total-timesteps", "512"], tmp);
    assert.equal(shorter.code, 2);
    assert.match(
      shorter.stderr,
      /512 is below the run's 1024; a run can be extended, not shortened/,
    );
    // Before: "unknown flag --total-timesteps".
    const more = await cli("train", ["--resume", dir, "--total-timesteps", "2048", "--quiet"], tmp);
    assert.equal(more.code, 0, more.stderr);
    assert.equal(more.stderr, "", "no schedule depends on the budget here: no note");
    const config = JSON.parse(Deno.readTextFileSync(`${dir}/config.json`));
    assert.equal(config.totalTimesteps, 2048);
    assert.equal(config.config.totalTimesteps, 2048);
    assert.deepEqual(config.extendedFrom, [1024]);
    const summary = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`));
    assert.equal(summary.globalStep, 2048);
    assert.equal(deterministicMetrics(dir), deterministicMetrics(ref));
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("train --resume names the flags it accepts and why the others cannot change", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const args = ["--agent", "ppo", "--env", "CartPole-v1", "--total-timesteps", "256", "--quiet"];
    const r = await cli("train", [...args, "--out", tmp], tmp);
    assert.equal(r.code, 0, r.stderr);
    const [dir] = runDirs(tmp);
    const lr = await cli("train", ["--resume", dir, "--learning-rate", "0.1"], tmp);
    assert.equal(lr.code, 2);
    assert.match(
      lr.stderr,
      /--learning-rate cannot change: the agent's config is fixed .*--resume accepts --quiet, --total-timesteps, --checkpoint-every, --keep-checkpoints/,
    );
    const ev = await cli("train", ["--resume", dir, "--eval-every", "128"], tmp);
    assert.match(ev.stderr, /--eval-every cannot change: the evaluations already recorded/);
    // PPO anneals its lr over the budget: extending says what happens to the schedule.
    const more = await cli("train", ["--resume", dir, "--total-timesteps", "512", "--quiet"], tmp);
    assert.equal(more.code, 0, more.stderr);
    assert.match(
      more.stderr,
      /note: extending 256 -> 512 steps: the annealed learning rate follow/,
    );
    // A run killed before its first checkpoint says it starts again from step 0.
    for (const e of Deno.readDirSync(dir)) {
      if (e.name.endsWith(".ckpt") || e.name === "summary.json") {
        Deno.removeSync(`${dir}/${e.name}`);
      }
    }
    const again = await cli("train", ["--resume", dir, "--quiet"], tmp);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /has no checkpoint yet .*training starts again from step 0/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
