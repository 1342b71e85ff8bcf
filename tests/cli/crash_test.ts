// Crash test: a run killed with SIGKILL at seeded random moments (during start-up, training,
// checkpoint writes, the final outputs), resumed each time, ends with exactly the metrics,
// checkpoint and summary of an uninterrupted run: zero lost or corrupted records.
import assert from "node:assert/strict";
import { Random } from "../../core/random.ts";
import { checkpointState, cli, command, deterministicMetrics, runDirs } from "./_cli.ts";

const TOTAL = 16384;
const ARGS = (
  "--agent ppo --env CartPole-v1 --seed 11 --num-envs 2 --num-steps 64 --total-timesteps " +
  `${TOTAL} --checkpoint-every 512 --eval-every 2048 --eval-episodes 2 --quiet`
).split(" ");

Deno.test("crash: killed at random moments 4 times and resumed, a run equals the uninterrupted one", async () => {
  const tmp = Deno.makeTempDirSync();
  const rng = new Random("crash-test");
  try {
    const straight = cli("train", [...ARGS, "--out", `${tmp}/straight`], tmp);
    // The first start creates the run directory; later starts resume it.
    let dir = "";
    let kills = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const args = dir === "" ? [...ARGS, "--out", `${tmp}/crashed`] : ["--resume", dir, "--quiet"];
      const child = command("train", args, tmp).spawn();
      await new Promise((r) => setTimeout(r, 150 + rng.int(700)));
      try {
        child.kill("SIGKILL");
      } catch { /* it finished first: not counted as a kill */ }
      const status = await child.status;
      await child.stdout.cancel();
      await child.stderr.cancel();
      if (status.signal === "SIGKILL") kills++;
      dir ||= runDirs(`${tmp}/crashed`)[0] ?? "";
    }
    assert.ok(kills >= 3, `only ${kills} of 4 processes were killed before they finished`);
    if (dir === "") {
      // Killed before the directory existed every time: start it now.
      assert.equal((await cli("train", [...ARGS, "--out", `${tmp}/crashed`], tmp)).code, 0);
      dir = runDirs(`${tmp}/crashed`)[0];
    } else {
      const resumed = await cli("train", ["--resume", dir, "--quiet"], tmp);
      assert.equal(resumed.code, 0, resumed.stderr);
    }
    assert.equal((await straight).code, 0);
    const [ref] = runDirs(`${tmp}/straight`);
    assert.equal(deterministicMetrics(dir), deterministicMetrics(ref));
    assert.deepEqual(checkpointState(dir, TOTAL), checkpointState(ref, TOTAL));
    const a = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`));
    const b = JSON.parse(Deno.readTextFileSync(`${ref}/summary.json`));
    for (const key of ["globalStep", "finalEval", "bestEval", "episodes", "interrupted"]) {
      assert.deepEqual(a[key], b[key], key);
    }
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".tmp")),
      [],
    );
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
