// One process per run (and sweep) directory: a second one is refused naming the holder, a lock
// left by a killed process is taken over, and temporary names never collide.
import assert from "node:assert/strict";
import { lockDirectory } from "../../cli/run_lock.ts";
import { writeTextAtomic } from "../../cli/run_files.ts";
import { cli, command } from "./_cli.ts";

async function waitFor(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

Deno.test("lockDirectory(): a second holder is refused with the holder's pid; release frees it", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const a = lockDirectory(dir, "train");
    assert.equal(a.tookOverFrom, null);
    assert.throws(
      () => lockDirectory(dir, "train"),
      (e: Error) => e.message.includes(`process ${Deno.pid}`) && e.message.includes("in use"),
    );
    a.release();
    a.release();
    const b = lockDirectory(dir, "sweep");
    b.release();
    assert.throws(() => Deno.statSync(`${dir}/.lock`), Deno.errors.NotFound);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("concurrent atomic writes of one file from several processes never share a temporary name", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/checkpoint-15104.ckpt`;
    // Before: every writer used `checkpoint-15104.ckpt.tmp`; a second process's rename failed
    // with NotFound. Eight processes now write the same file at once, 20 times each.
    const module = new URL("../../cli/write_file_atomic.ts", import.meta.url).href;
    const code = `import { writeFileAtomicSync } from "${module}";
      for (let k = 0; k < 20; k++) writeFileAtomicSync(${
      JSON.stringify(path)
    }, "writer " + Deno.args[0]);`;
    const outs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        new Deno.Command(Deno.execPath(), {
          args: ["eval", "--quiet", code, String(i)],
          stdout: "piped",
          stderr: "piped",
        }).output()),
    );
    for (const o of outs) assert.equal(o.code, 0, new TextDecoder().decode(o.stderr));
    assert.match(Deno.readTextFileSync(path), /^writer \d$/);
    for (let i = 0; i < 4; i++) writeTextAtomic(`${dir}/summary.json`, `{"i":${i}}`);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "checkpoint-15104.ckpt",
      "summary.json",
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("train: --resume of a run that is still training is refused; a killed run's lock is taken over", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const child = command("train", [
      "--agent",
      "ppo",
      "--env",
      "CartPole-v1",
      "--total-timesteps",
      "10000000",
      "--quiet",
      "--out",
      tmp,
    ], tmp).spawn();
    let dir = "";
    await waitFor(
      () => {
        for (const e of Deno.readDirSync(tmp)) {
          try {
            if (Deno.readTextFileSync(`${tmp}/${e.name}/.lock`).includes(`"pid":${child.pid}`)) {
              dir = `${tmp}/${e.name}`;
            }
          } catch { /* not yet */ }
        }
        return dir !== "";
      },
      20_000,
      "the run's lock",
    );
    const second = await cli("train", ["--resume", dir, "--quiet"], tmp);
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, new RegExp(`in use by process ${child.pid} on .*train`));
    child.kill("SIGKILL");
    await child.output();
    const lock = lockDirectory(dir, "test");
    assert.equal(lock.tookOverFrom?.pid, child.pid);
    lock.release();
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("sweep --resume of a sweep directory in use is refused before anything runs", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(
      `${dir}/plan.json`,
      JSON.stringify({
        agent: "ppo",
        env: "CartPole-v1",
        baseArgs: [],
        runs: [],
        shard: { index: 1, count: 1 },
        configs: {},
      }),
    );
    const lock = lockDirectory(dir, "sweep");
    try {
      const r = await cli("sweep", ["--resume", dir], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`in use by process ${Deno.pid}`));
      assert.throws(() => Deno.statSync(`${dir}/sweep.json`), Deno.errors.NotFound);
    } finally {
      lock.release();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
