// A full disk (a real one: a 400 KB tmpfs in a private mount namespace) stops a run with one line
// naming the file, saying the last checkpoint is intact and how to resume, a summary.json with the
// reason; resuming elsewhere gives the uninterrupted run's results.
import assert from "node:assert/strict";
import { checkpointState, cli, deterministicMetrics, ROOT, runDirs } from "./_cli.ts";
import { guardWrite, WriteFailure } from "../../cli/run_files.ts";

const ARGS =
  "--agent ppo --env CartPole-v1 --seed 1 --total-timesteps 8192 --checkpoint-every 2048 --eval-every 2048 --eval-episodes 2 --quiet"
    .split(" ");

const canMount = (() => {
  try {
    return new Deno.Command("unshare", { args: ["-m", "true"], stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
})();

Deno.test("guardWrite() names the file of a failed write, sync or async", async () => {
  assert.throws(
    () => guardWrite("x/metrics.jsonl", () => Deno.writeTextFileSync("/nonexistent/dir/f", "")),
    (e: Error) =>
      e instanceof WriteFailure && e.message.startsWith("Cannot write x/metrics.jsonl:"),
  );
  await assert.rejects(
    () => guardWrite("x/best.ckpt", () => Deno.writeTextFile("/nonexistent/dir/f", "")),
    (e: Error) => e instanceof WriteFailure && e.path === "x/best.ckpt",
  );
});

Deno.test({
  name: "train on a full disk: clear message, intact checkpoint, summary.json, identical resume",
  ignore: !canMount,
  fn: async () => {
    const tmp = Deno.makeTempDirSync();
    try {
      Deno.mkdirSync(`${tmp}/mnt`);
      const script = `mount -t tmpfs -o size=400k tmpfs "${tmp}/mnt" && ` +
        `"${Deno.execPath()}" run -q --allow-read --allow-write "${ROOT}cli/train.ts" ` +
        `${ARGS.join(" ")} --out "${tmp}/mnt"; code=$?; cp -r "${tmp}/mnt/." "${tmp}/copy"; ` +
        `exit $code`;
      const full = await new Deno.Command("unshare", {
        args: ["-m", "sh", "-c", script],
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
      const stderr = new TextDecoder().decode(full.stderr);
      assert.equal(full.code, 1, stderr);
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
      assert.match(
        stderr,
        /^error: Cannot write .*(best|checkpoint-\d+|metrics)\S*: No space left on device .*The last checkpoint, \S+checkpoint-(\d+)\.ckpt \(step \d+\), is intact: continue from it with: deno task train --resume /,
      );
      const [dir] = runDirs(`${tmp}/copy`);
      const summary = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`));
      assert.equal(summary.interrupted, true);
      assert.match(summary.error, /No space left on device/);

      const resumed = await cli("train", ["--resume", dir, "--quiet"], tmp);
      assert.equal(resumed.code, 0, resumed.stderr);
      const straight = await cli("train", [...ARGS, "--out", `${tmp}/straight`], tmp);
      assert.equal(straight.code, 0, straight.stderr);
      const [ref] = runDirs(`${tmp}/straight`);
      assert.equal(deterministicMetrics(dir), deterministicMetrics(ref));
      assert.deepEqual(checkpointState(dir, 8192), checkpointState(ref, 8192));
    } finally {
      Deno.removeSync(tmp, { recursive: true });
    }
  },
});
