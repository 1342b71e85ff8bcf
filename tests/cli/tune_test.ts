// `deno task tune` as a user runs it: a tiny search, an interrupted one resumed to the same result,
// the best configuration trained with `train --config`, and clear errors.
import assert from "node:assert/strict";
import { cli, command } from "./_cli.ts";

const BASE = [
  "--agent",
  "ppo",
  "--env",
  "CartPole-v1",
  "--trials",
  "4",
  "--seeds",
  "1-2",
  "--budget",
  "2048",
  "--eta",
  "2",
  "--min-budget",
  "1024",
  "--eval-episodes",
  "3",
];

function read(path: string): string {
  return Deno.readTextFileSync(path);
}

Deno.test("tune: successive halving writes tune.md/tune.json/best_config.json; interrupted and resumed gives the same", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const full = await cli("tune", [...BASE, "--out", ".", "--name", "full"], tmp);
    assert.equal(full.code, 0, full.stderr);
    assert.match(full.stdout, /4 trials × 2 seeds, rungs 4×1024 → 2×2048 steps/);
    const state = JSON.parse(read(`${tmp}/full/tune.json`));
    assert.equal(state.rungs.length, 2);
    assert.equal(state.rungs[1].trialIds.length, 2);
    // The promoted trials are the two best scores of rung 1.
    const scores = state.rungs[0].trialIds.map((
      id: number,
    ) => [id, state.rungs[0].results[id].score]);
    scores.sort((a: number[], b: number[]) => b[1] - a[1] || a[0] - b[0]);
    assert.deepEqual(state.rungs[1].trialIds, scores.slice(0, 2).map((s: number[]) => s[0]));
    const md = read(`${tmp}/full/tune.md`);
    assert.match(md, /## Rung 2 of 2: 2048 steps, 2 trials/);
    assert.match(md, /Best: trial \d+/);
    const best = JSON.parse(read(`${tmp}/full/best_config.json`));
    assert.equal(best.agent, "ppo");
    assert.equal(best.config.seed, undefined);

    // Interrupt a second identical search, resume it: same tune.json.
    const child = command("tune", [...BASE, "--out", ".", "--name", "cut", "--workers", "1"], tmp)
      .spawn();
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        Deno.statSync(`${tmp}/cut/rung-1/trial-1__seed-1/metrics.jsonl`);
        break;
      } catch { /* not yet */ }
    }
    // The tune directory belongs to the running search: a second process is refused.
    const second = await cli("tune", ["--resume", `${tmp}/cut`], tmp);
    assert.equal(second.code, 2, second.stdout);
    assert.match(second.stderr, /in use/);
    child.kill("SIGINT");
    const out = await child.output();
    assert.equal(out.code, 130, new TextDecoder().decode(out.stderr));
    assert.match(new TextDecoder().decode(out.stdout), /deno task tune --resume/);
    const resumed = await cli("tune", ["--resume", `${tmp}/cut`], tmp);
    assert.equal(resumed.code, 0, resumed.stderr);
    const a = JSON.parse(read(`${tmp}/full/tune.json`));
    const b = JSON.parse(read(`${tmp}/cut/tune.json`));
    assert.deepEqual(b.rungs, a.rungs);
    assert.deepEqual(b.trials, a.trials);

    // The best configuration trains as it is.
    const train = await cli(
      "train",
      ["--config", `${tmp}/full/best_config.json`, "--total-timesteps", "256", "--quiet"],
      tmp,
    );
    assert.equal(train.code, 0, train.stderr);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("tune: a custom --space, fixed fields, and one clear line for bad input", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(
      `${tmp}/space.json`,
      JSON.stringify({
        learningRate: { type: "loguniform", low: 1e-3, high: 1e-2 },
        gamma: { type: "choice", values: [0.98, 0.99] },
      }),
    );
    const r = await cli("tune", [
      "--agent",
      "a2c",
      "--env",
      "CartPole-v1",
      "--space",
      "space.json",
      "--gamma",
      "0.95",
      "--trials",
      "2",
      "--seeds",
      "1",
      "--budget",
      "512",
      "--eval-episodes",
      "2",
      "--out",
      ".",
      "--name",
      "space",
    ], tmp);
    assert.equal(r.code, 0, r.stderr);
    const state = JSON.parse(read(`${tmp}/space/tune.json`));
    assert.deepEqual(Object.keys(state.space), ["learningRate"]); // gamma fixed by the flag
    for (const t of state.trials) assert.ok(t.learningRate >= 1e-3 && t.learningRate <= 1e-2);
    const cfg = JSON.parse(read(`${tmp}/space/rung-1/trial-0__seed-1/config.json`));
    assert.equal(cfg.config.gamma, 0.95);

    const bad: [string[], RegExp][] = [
      [
        ["--agent", "ppo", "--env", "CartPole-v1", "--trials", "0"],
        /--trials must be an integer >= 1, got "0"/,
      ],
      [
        ["--agent", "ppo", "--env", "CartPole-v1", "--score", "best"],
        /--score must be one of mean-std, q25, mean, min, got "best"/,
      ],
      [["--agent", "ppo", "--env", "CartPole-v1", "--seed", "3"], /tune sets --seed itself/],
      [[
        "--agent",
        "ppo",
        "--env",
        "CartPole-v1",
        "--space",
        "space.json",
        "--learning-rate",
        "0.1",
        "--gamma",
        "0.9",
      ], /nothing to search/],
      [["--agent", "ppx", "--env", "CartPole-v1"], /Unknown agent "ppx"/],
      [["--resume", "nowhere"], /--resume/],
    ];
    for (const [args, pattern] of bad) {
      const b = await cli("tune", [...args, "--out", "bad"], tmp);
      assert.equal(b.code, 2, args.join(" "));
      assert.match(b.stderr, pattern);
      assert.equal(b.stderr.trim().split("\n").length, 1, b.stderr);
    }
    assert.throws(() => Deno.statSync(`${tmp}/bad`));
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
