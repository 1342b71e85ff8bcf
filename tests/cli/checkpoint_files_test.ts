import assert from "node:assert/strict";
import { join } from "node:path";
import {
  checkpointFileName,
  listCheckpointFiles,
  loadLatestCheckpoint,
  readCheckpointFile,
  writeCheckpointFile,
} from "../../cli/checkpoint_files.ts";
import { type Checkpoint, CheckpointError } from "../../core/checkpoint.ts";

function checkpointAt(step: number, agent = "ppo"): Checkpoint {
  return {
    agent,
    env: "CartPole-v1",
    config: { lr: 3e-4 },
    counters: { globalStep: step },
    state: { params: new Float32Array([step, -0, NaN]) },
  };
}

async function withTempDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "ckpt_test_" });
  try {
    await f(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

async function steps(dir: string): Promise<number[]> {
  return (await listCheckpointFiles(dir)).map((f) => f.step);
}

Deno.test("checkpointFileName() is checkpoint-<step>.ckpt for non-negative integer steps", () => {
  assert.equal(checkpointFileName(0), "checkpoint-0.ckpt");
  assert.equal(checkpointFileName(4096), "checkpoint-4096.ckpt");
  for (const bad of [-1, 1.5, NaN]) {
    assert.throws(() => checkpointFileName(bad), RangeError);
  }
});

Deno.test("writeCheckpointFile() writes a checkpoint that reads back, leaving no .tmp", async () => {
  await withTempDir(async (dir) => {
    const runDir = join(dir, "runs", "a"); // created on demand
    const path = await writeCheckpointFile(runDir, 128, checkpointAt(128));
    assert.equal(path, join(runDir, "checkpoint-128.ckpt"));
    assert.deepEqual(await names(runDir), ["checkpoint-128.ckpt"]);
    const back = await readCheckpointFile(path, { agent: "ppo" });
    assert.deepEqual(back.counters, { globalStep: 128 });
    assert.deepEqual(back.state, { params: new Float32Array([128, -0, NaN]) });
    // The same step again replaces the file.
    await writeCheckpointFile(runDir, 128, { ...checkpointAt(128), counters: { globalStep: -1 } });
    assert.deepEqual((await readCheckpointFile(path)).counters, { globalStep: -1 });
    assert.deepEqual(await names(runDir), ["checkpoint-128.ckpt"]);
  });
});

Deno.test("writeCheckpointFile() keeps the last K checkpoints", async () => {
  await withTempDir(async (dir) => {
    for (const step of [1, 2, 3, 4, 5]) {
      await writeCheckpointFile(dir, step * 100, checkpointAt(step * 100), { keepLast: 2 });
    }
    assert.deepEqual(await steps(dir), [400, 500]);
    await writeCheckpointFile(dir, 600, checkpointAt(600), { keepLast: 1 });
    assert.deepEqual(await steps(dir), [600]);
    await writeCheckpointFile(dir, 700, checkpointAt(700)); // default: keep 3
    await writeCheckpointFile(dir, 800, checkpointAt(800));
    await writeCheckpointFile(dir, 900, checkpointAt(900));
    assert.deepEqual(await steps(dir), [700, 800, 900]);
    // Redoing from an earlier step leaves the higher (abandoned) steps alone.
    await writeCheckpointFile(dir, 750, checkpointAt(750), { keepLast: 1 });
    assert.deepEqual(await steps(dir), [750, 800, 900]);
    for (const bad of [0, 1.5, -2]) {
      await assert.rejects(
        writeCheckpointFile(dir, 1000, checkpointAt(1000), { keepLast: bad }),
        RangeError,
      );
    }
  });
});

Deno.test("listCheckpointFiles() sorts by step and ignores other entries", async () => {
  await withTempDir(async (dir) => {
    assert.deepEqual(await listCheckpointFiles(join(dir, "missing")), []);
    for (const name of ["checkpoint-10.ckpt", "checkpoint-9.ckpt", "checkpoint-11.ckpt.tmp"]) {
      await Deno.writeFile(join(dir, name), new Uint8Array(1));
    }
    for (const name of ["checkpoint-x.ckpt", "metrics.jsonl", "checkpoint-5.ckpt.bak"]) {
      await Deno.writeFile(join(dir, name), new Uint8Array(1));
    }
    await Deno.mkdir(join(dir, "checkpoint-99.ckpt"));
    assert.deepEqual(await listCheckpointFiles(dir), [
      { step: 9, path: join(dir, "checkpoint-9.ckpt") },
      { step: 10, path: join(dir, "checkpoint-10.ckpt") },
    ]);
  });
});

Deno.test("loadLatestCheckpoint() ignores a .tmp left by a writer that died before rename", async () => {
  await withTempDir(async (dir) => {
    assert.equal(await loadLatestCheckpoint(dir), null);
    await writeCheckpointFile(dir, 100, checkpointAt(100));
    // A writer that died mid-write of step 200 leaves only the temporary file.
    await Deno.writeFile(join(dir, "checkpoint-200.ckpt.tmp"), new Uint8Array(7));
    await Deno.writeFile(join(dir, "checkpoint-250.ckpt.tmp-4242-0badf00d"), new Uint8Array(7));
    await Deno.writeFile(join(dir, "best.ckpt.tmp-4242-00c0ffee"), new Uint8Array(7));
    const warnings: string[] = [];
    const latest = await loadLatestCheckpoint(dir, { onWarning: (m) => warnings.push(m) });
    assert.equal(latest?.step, 100);
    assert.deepEqual(latest?.checkpoint.counters, { globalStep: 100 });
    assert.deepEqual(warnings, []);
    // The next write cleans the leftover up.
    await writeCheckpointFile(dir, 300, checkpointAt(300));
    assert.deepEqual(await names(dir), ["checkpoint-100.ckpt", "checkpoint-300.ckpt"]);
  });
});

Deno.test("loadLatestCheckpoint() skips damaged checkpoints with a warning", async () => {
  await withTempDir(async (dir) => {
    for (const step of [100, 200, 300]) await writeCheckpointFile(dir, step, checkpointAt(step));
    const p200 = join(dir, "checkpoint-200.ckpt");
    const p300 = join(dir, "checkpoint-300.ckpt");
    const b300 = await Deno.readFile(p300);
    await Deno.writeFile(p300, b300.subarray(0, b300.length - 5)); // truncated
    const b200 = await Deno.readFile(p200);
    b200[b200.length - 3] ^= 0x40; // a flipped bit in the data
    await Deno.writeFile(p200, b200);

    const warnings: [string, string][] = [];
    const latest = await loadLatestCheckpoint(dir, {
      agent: "ppo",
      onWarning: (m, e) => warnings.push([m, e.reason]),
    });
    assert.equal(latest?.step, 100);
    assert.equal(latest?.path, join(dir, "checkpoint-100.ckpt"));
    assert.deepEqual(latest?.checkpoint.state, { params: new Float32Array([100, -0, NaN]) });
    assert.equal(warnings.length, 2);
    assert.equal(warnings[0][1], "truncated");
    assert.ok(warnings[0][0].startsWith(`Cannot load checkpoint ${p300}: the file is`));
    assert.ok(warnings[0][0].endsWith("; trying the previous checkpoint"));
    assert.equal(warnings[1][1], "checksum");
    assert.ok(warnings[1][0].includes(p200));

    // With every checkpoint damaged there is nothing to resume from: an error, not null.
    await Deno.writeFile(join(dir, "checkpoint-100.ckpt"), new Uint8Array(0));
    const error = await loadLatestCheckpoint(dir, { onWarning: () => {} }).catch((e) => e);
    assert.ok(error instanceof CheckpointError);
    assert.equal(error.reason, "no-valid-checkpoint");
    assert.ok(error.message.startsWith(`Cannot resume from ${dir}: all 3 checkpoint files`));
  });
});

Deno.test("loadLatestCheckpoint() throws for an intact checkpoint that does not fit", async () => {
  await withTempDir(async (dir) => {
    await writeCheckpointFile(dir, 100, checkpointAt(100, "ppo"));
    await writeCheckpointFile(dir, 200, checkpointAt(200, "dqn"));
    const warnings: string[] = [];
    const error = await loadLatestCheckpoint(dir, {
      agent: "ppo",
      onWarning: (m) => warnings.push(m),
    }).catch((e) => e);
    assert.ok(error instanceof CheckpointError);
    assert.equal(error.reason, "wrong-agent");
    assert.equal(error.file, join(dir, "checkpoint-200.ckpt"));
    assert.deepEqual(warnings, []);
    await assert.rejects(
      loadLatestCheckpoint(dir, { template: { params: new Float32Array(4) } }),
      (e) => e instanceof CheckpointError && e.reason === "shape-mismatch",
    );
  });
});

Deno.test("a writer killed with SIGKILL mid-stream leaves only valid checkpoints", async () => {
  await withTempDir(async (dir) => {
    // A child writes 8 MB checkpoints as fast as it can; it is killed wherever it happens to be.
    const module = new URL("../../cli/checkpoint_files.ts", import.meta.url).href;
    const code = `
      const { writeCheckpointFile } = await import(${JSON.stringify(module)});
      const params = new Float64Array(1 << 20);
      for (let step = 1; ; step++) {
        params.fill(step);
        await writeCheckpointFile(${JSON.stringify(dir)}, step, {
          agent: "ppo", env: "e", config: {}, counters: { globalStep: step }, state: { params },
        }, { keepLast: 2 });
      }`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      stdout: "null",
      stderr: "inherit",
    }).spawn();
    const started = Date.now();
    while (((await steps(dir)).at(-1) ?? 0) < 3) {
      await new Promise((r) => setTimeout(r, 5));
      assert.ok(Date.now() - started < 60_000, "the child wrote no checkpoints");
    }
    child.kill("SIGKILL");
    const status = await child.status;
    assert.equal(status.signal, "SIGKILL");
    const warnings: string[] = [];
    const latest = await loadLatestCheckpoint(dir, { onWarning: (m) => warnings.push(m) });
    assert.deepEqual(warnings, []);
    assert.ok(latest !== null && latest.step >= 3);
    const { params } = latest.checkpoint.state as { params: Float64Array };
    assert.equal(params[params.length - 1], latest.step);
    for (const f of await listCheckpointFiles(dir)) await readCheckpointFile(f.path);
  });
});
