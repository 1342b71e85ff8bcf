// Reproducible experiments through the real commands: a run stopped (Ctrl-C, SIGKILL) and resumed
// equals the uninterrupted run bit for bit; a sweep in workers equals the serial runs; shards
// partition and merge; an interrupted sweep resumes; a failing run does not stop the others.
import assert from "node:assert/strict";
import { checkpointState, cli, command, deterministicMetrics, runDirs } from "./_cli.ts";

// 96 is not a multiple of the 2 × 64 rollout: checkpoints fall mid-rollout.
const PPO = [
  "--agent",
  "ppo",
  "--env",
  "CartPole-v1",
  "--seed",
  "5",
  "--num-envs",
  "2",
  "--num-steps",
  "64",
  "--eval-every",
  "480",
  "--eval-episodes",
  "2",
  "--quiet",
];
// learningStarts 300 and a 5000 buffer: checkpoints with a part-full replay buffer.
const DQN = [
  "--agent",
  "dqn",
  "--env",
  "CartPole-v1",
  "--seed",
  "2",
  "--learning-starts",
  "300",
  "--buffer-size",
  "5000",
  "--train-frequency",
  "4",
  "--batch-size",
  "32",
  "--target-network-frequency",
  "100",
  "--eval-every",
  "400",
  "--eval-episodes",
  "2",
  "--quiet",
];

async function waitFor(path: string, timeoutMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      Deno.statSync(path);
      return;
    } catch {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${path}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function assertSameRun(a: string, b: string, finalStep: number): void {
  assert.equal(deterministicMetrics(b), deterministicMetrics(a));
  assert.deepEqual(checkpointState(b, finalStep), checkpointState(a, finalStep));
  const sa = JSON.parse(Deno.readTextFileSync(`${a}/summary.json`));
  const sb = JSON.parse(Deno.readTextFileSync(`${b}/summary.json`));
  assert.deepEqual(sb.finalEval, sa.finalEval);
  assert.deepEqual(sb.bestEval, sa.bestEval);
  assert.deepEqual(checkpointState(b, "best"), checkpointState(a, "best"));
  assert.equal(sb.episodes, sa.episodes);
  assert.equal(sb.interrupted, false);
}

Deno.test("resume: stopped at checkpoints (mid-rollout, part-full replay buffer) equals the uninterrupted run", async (t) => {
  const tmp = Deno.makeTempDirSync();
  try {
    for (
      const [name, args, total, every] of [["ppo", PPO, 960, 96], ["dqn", DQN, 1200, 250]] as const
    ) {
      await t.step(name, async () => {
        const full = await cli("train", [
          ...args,
          "--total-timesteps",
          String(total),
          "--out",
          `${name}-full`,
        ], tmp);
        assert.equal(full.code, 0, full.stderr);
        const [a] = runDirs(`${tmp}/${name}-full`);
        // A run whose process dies right after a checkpoint: simulated by truncating the
        // directory to what existed at that checkpoint (later checkpoints, summary removed;
        // metrics.jsonl keeps later records, which resume must drop).
        for (const stopAt of [every, 3 * every]) {
          const partial = await cli("train", [
            ...args,
            "--total-timesteps",
            String(total),
            "--checkpoint-every",
            String(every),
            "--keep-checkpoints",
            "100",
            "--out",
            `${name}-p${stopAt}`,
          ], tmp);
          assert.equal(partial.code, 0, partial.stderr);
          const [b] = runDirs(`${tmp}/${name}-p${stopAt}`);
          for (const e of Deno.readDirSync(b)) {
            const m = /^checkpoint-(\d+)\.ckpt$/.exec(e.name);
            if ((m && Number(m[1]) > stopAt) || e.name === "summary.json") {
              Deno.removeSync(`${b}/${e.name}`);
            }
          }
          const resumed = await cli("train", ["--resume", b, "--quiet"], tmp);
          assert.equal(resumed.code, 0, resumed.stderr);
          assertSameRun(a, b, total);
        }
      });
    }
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("resume: a process killed with SIGKILL during training resumes from disk to the same result", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const total = 12_000;
    const args = [
      ...PPO,
      "--total-timesteps",
      String(total),
      "--checkpoint-every",
      "1024",
      "--eval-every",
      "4000",
    ];
    const full = await cli("train", [...args, "--out", "full"], tmp);
    assert.equal(full.code, 0, full.stderr);
    const [a] = runDirs(`${tmp}/full`);

    const child = command("train", [...args, "--out", "killed"], tmp).spawn();
    let b = "";
    for (let i = 0; i < 500 && !b; i++) {
      await new Promise((r) => setTimeout(r, 20));
      b = runDirs(`${tmp}/killed`)[0] ?? "";
    }
    await waitFor(`${b}/checkpoint-2048.ckpt`, 60_000);
    child.kill("SIGKILL");
    const status = await child.status;
    await child.stdout.cancel();
    await child.stderr.cancel();
    assert.equal(status.signal, "SIGKILL");
    let summaryExists = true;
    try {
      Deno.statSync(`${b}/summary.json`);
    } catch {
      summaryExists = false;
    }
    assert.equal(summaryExists, false, "the run finished before it could be killed");

    const resumed = await cli("train", ["--resume", b, "--quiet"], tmp);
    assert.equal(resumed.code, 0, resumed.stderr);
    assertSameRun(a, b, total);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("resume: Ctrl-C stops cleanly, the run says so, and --resume finishes it identically", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const total = 24_000;
    const args = [...PPO, "--total-timesteps", String(total), "--eval-every", "12000"];
    const child = command("train", [...args, "--out", "int"], tmp).spawn();
    let b = "";
    for (let i = 0; i < 500 && !b; i++) {
      await new Promise((r) => setTimeout(r, 20));
      b = runDirs(`${tmp}/int`)[0] ?? "";
    }
    await waitFor(`${b}/metrics.jsonl`, 30_000);
    await new Promise((r) => setTimeout(r, 200));
    child.kill("SIGINT");
    const out = await child.output();
    assert.equal(out.code, 130, new TextDecoder().decode(out.stderr));
    const summary = JSON.parse(Deno.readTextFileSync(`${b}/summary.json`));
    assert.equal(summary.interrupted, true);
    assert.ok(summary.globalStep < total);
    assert.match(new TextDecoder().decode(out.stdout), /Interrupted at step \d+; resume with/);

    const resumed = await cli("train", ["--resume", b, "--quiet"], tmp);
    assert.equal(resumed.code, 0, resumed.stderr);
    const full = await cli("train", [...args, "--out", "full"], tmp);
    assert.equal(full.code, 0, full.stderr);
    assertSameRun(runDirs(`${tmp}/full`)[0], b, total);
    const again = await cli("train", ["--resume", b], tmp);
    assert.match(again.stdout, /already finished/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

const SWEEP = [
  "--agent",
  "ppo",
  "--env",
  "CartPole-v1",
  "--total-timesteps",
  "768",
  "--num-envs",
  "2",
  "--num-steps",
  "64",
  "--eval-every",
  "384",
  "--eval-episodes",
  "2",
];

Deno.test("sweep: 3 seeds in 2 workers equal the 3 serial runs byte for byte", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const sweep = await cli(
      "sweep",
      [...SWEEP, "--seeds", "0-2", "--workers", "2", "--name", "s"],
      tmp,
    );
    assert.equal(sweep.code, 0, sweep.stderr);
    for (const seed of [0, 1, 2]) {
      const serial = await cli("train", [
        ...SWEEP,
        "--seed",
        String(seed),
        "--quiet",
        "--out",
        `serial${seed}`,
      ], tmp);
      assert.equal(serial.code, 0, serial.stderr);
      const [a] = runDirs(`${tmp}/serial${seed}`);
      const b = `${tmp}/runs/s/seed${seed}`;
      assertSameRun(a, b, 768);
      const ca = JSON.parse(Deno.readTextFileSync(`${a}/config.json`));
      const cb = JSON.parse(Deno.readTextFileSync(`${b}/config.json`));
      assert.deepEqual(cb.config, ca.config);
    }
    const agg = JSON.parse(Deno.readTextFileSync(`${tmp}/runs/s/sweep.json`));
    assert.equal(agg.runs.length, 3);
    assert.ok(agg.runs.every((r: { status: string }) => r.status === "done"));
    assert.equal(agg.groups[0].done, 3);
    assert.match(Deno.readTextFileSync(`${tmp}/runs/s/sweep.md`), /\| \(base config\) \| 3\/3 \|/);
    assert.match(Deno.readTextFileSync(`${tmp}/runs/s/curves.svg`), /^<svg/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("sweep: shards cover the grid once and merge to the same aggregate; resume and failures", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const grid = ["--grid", "gamma=0.9,0.99"];
    const whole = await cli("sweep", [...SWEEP, "--seeds", "0-1", ...grid, "--name", "whole"], tmp);
    assert.equal(whole.code, 0, whole.stderr);
    for (const i of [1, 2]) {
      const part = await cli("sweep", [
        ...SWEEP,
        "--seeds",
        "0-1",
        ...grid,
        "--shard",
        `${i}/2`,
        "--name",
        `part${i}`,
      ], tmp);
      assert.equal(part.code, 0, part.stderr);
      assert.equal(runDirs(`${tmp}/runs/part${i}`).length, 2);
    }
    const merged = await cli("sweep", [
      "--merge",
      "runs/part1",
      "runs/part2",
      "--out",
      "runs/merged",
    ], tmp);
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stdout, /Merged 4\/4 runs from 2 directories/);
    const strip = (p: string) => {
      const j = JSON.parse(Deno.readTextFileSync(p));
      for (const r of j.runs) delete r.wallClockSeconds;
      return j;
    };
    assert.deepEqual(strip(`${tmp}/runs/merged/sweep.json`), strip(`${tmp}/runs/whole/sweep.json`));
    assert.equal(strip(`${tmp}/runs/whole/sweep.json`).groups.length, 2);

    // Resume: only the missing run is redone.
    Deno.removeSync(`${tmp}/runs/whole/gamma=0.99__seed1`, { recursive: true });
    const before = Deno.statSync(`${tmp}/runs/whole/gamma=0.9__seed0/summary.json`).mtime;
    const resumed = await cli("sweep", ["--resume", "runs/whole"], tmp);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /\[1\/1\] gamma=0\.99__seed1: final return/);
    assert.deepEqual(
      Deno.statSync(`${tmp}/runs/whole/gamma=0.9__seed0/summary.json`).mtime,
      before,
    );
    assert.deepEqual(strip(`${tmp}/runs/whole/sweep.json`), strip(`${tmp}/runs/merged/sweep.json`));

    // A failing run is recorded with its error; the others still run.
    const s = await cli("sweep", [...SWEEP, "--seeds", "0-1", "--name", "fail"], tmp);
    assert.equal(s.code, 0, s.stderr);
    const bad = `${tmp}/runs/fail/seed1`;
    Deno.removeSync(`${bad}/summary.json`);
    Deno.writeTextFileSync(
      `${bad}/config.json`,
      JSON.stringify({ agent: "ppo", env: "CartPole-v1", config: { gamma: 7 } }),
    );
    const plan = JSON.parse(Deno.readTextFileSync(`${tmp}/runs/fail/plan.json`));
    plan.configs.seed1.config.gamma = 7; // the run itself is now invalid
    Deno.writeTextFileSync(`${tmp}/runs/fail/plan.json`, JSON.stringify(plan));
    Deno.removeSync(`${tmp}/runs/fail/seed0/summary.json`);
    const failing = await cli("sweep", ["--resume", "runs/fail"], tmp);
    assert.equal(failing.code, 1);
    assert.match(failing.stdout, /seed1: FAILED: .*gamma/);
    assert.match(failing.stdout, /seed0: final return/);
    const agg = JSON.parse(Deno.readTextFileSync(`${tmp}/runs/fail/sweep.json`));
    assert.equal(agg.groups[0].failed, 1);
    assert.match(Deno.readTextFileSync(`${bad}/error.txt`), /gamma/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("sweep: bad input is one clear line and no sweep directory", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    for (
      const [args, pattern] of [
        [[...SWEEP, "--seeds", "3-1"], /--seeds: range "3-1" goes down/],
        [[...SWEEP, "--seed", "1"], /use --seeds/],
        [[...SWEEP, "--grid", "gama=0.9"], /unknown flag --gama \(did you mean "--gamma"\?\)/],
        [[...SWEEP, "--grid", "gamma=2"], /gamma/],
        [[...SWEEP, "--workers", "0"], /--workers must be an integer from 1 to 64, got 0/],
        [[...SWEEP, "--shard", "3/2"], /--shard must be i\/n/],
        [["--resume", "nowhere"], /--resume nowhere\/plan\.json: cannot read it/],
      ] as [string[], RegExp][]
    ) {
      const r = await cli("sweep", args, tmp);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr.trim(), pattern);
      assert.equal(r.stderr.trim().split("\n").length, 1);
      assert.deepEqual(runDirs(`${tmp}/runs`), []);
    }
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
