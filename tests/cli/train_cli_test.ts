// The training commands, run as a user runs them: real subprocesses of cli/*.ts on tiny budgets
// in a temporary directory.
import assert from "node:assert/strict";
import { checkpointState, cli, deterministicMetrics, runDirs, TINY } from "./_cli.ts";
import { createAgent } from "../../run/agents.ts";
import { evaluate } from "../../run/evaluate.ts";

Deno.test("train: a tiny run leaves a complete run directory", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const r = await cli("train", [...TINY, "--out", "runs"], tmp);
    assert.equal(r.code, 0, r.stderr);
    const [dir] = runDirs(`${tmp}/runs`);
    assert.match(dir, /CartPole-v1__ppo__3__\d+$/);
    const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    for (const f of ["config.json", "metrics.jsonl", "metrics.csv", "curve.svg", "summary.json"]) {
      assert.ok(files.includes(f), `${f} missing from ${files}`);
    }
    assert.ok(files.includes("checkpoint-512.ckpt"), `final checkpoint missing: ${files}`);
    const config = JSON.parse(Deno.readTextFileSync(`${dir}/config.json`));
    assert.equal(config.agent, "ppo");
    assert.equal(config.config.numEnvs, 2);
    assert.equal(config.config.gamma, 0.99); // defaults filled in
    assert.equal(config.versions.deno, Deno.version.deno);
    const records = Deno.readTextFileSync(`${dir}/metrics.jsonl`).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    const episodes = records.filter((r) => r.type === "episode");
    const updates = records.filter((r) => r.type === "update");
    const evals = records.filter((r) => r.type === "eval");
    assert.ok(episodes.length > 5);
    assert.ok(episodes.every((e) => e["charts/episodic_return"] === e["charts/episodic_length"]));
    assert.equal(updates.length, 4); // 512 / (2 × 64)
    assert.ok("losses/value_loss" in updates[0] && "charts/SPS" in updates[0]);
    assert.deepEqual(evals.map((e) => e.global_step), [256, 512]);
    const csv = Deno.readTextFileSync(`${dir}/metrics.csv`).trim().split("\n");
    assert.equal(csv.length, records.length + 1);
    assert.ok(csv[0].startsWith("type,global_step,"));
    const svg = Deno.readTextFileSync(`${dir}/curve.svg`);
    assert.match(svg, /^<svg/);
    assert.match(svg, /reward threshold 475/);
    const summary = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`));
    assert.equal(summary.globalStep, 512);
    assert.equal(summary.interrupted, false);
    assert.equal(summary.finalEval.step, 512);
    assert.match(r.stdout, /Final evaluation: [\d.]+ ± [\d.]+ over 2 episodes/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("train: the same seed twice gives identical metrics (wall-clock fields aside)", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    for (const out of ["a", "b"]) {
      const r = await cli("train", [...TINY, "--out", out, "--quiet"], tmp);
      assert.equal(r.code, 0, r.stderr);
    }
    const [a] = runDirs(`${tmp}/a`), [b] = runDirs(`${tmp}/b`);
    assert.equal(deterministicMetrics(a), deterministicMetrics(b));
    const other = await cli("train", [...TINY, "--seed", "4", "--out", "c", "--quiet"], tmp);
    assert.equal(other.code, 0, other.stderr);
    assert.notEqual(deterministicMetrics(runDirs(`${tmp}/c`)[0]), deterministicMetrics(a));
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("train: bad input prints one clear line, exits 2 and leaves no run directory", async (t) => {
  const tmp = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${tmp}/bad.json`, "{ not json");
  Deno.writeTextFileSync(`${tmp}/unknown.json`, JSON.stringify({ agent: "ppo", gama: 0.9 }));
  Deno.writeTextFileSync(`${tmp}/blocker`, "a file where a directory should be");
  const cases: [string, string[], RegExp][] = [
    [
      "unknown flag",
      ["--agent", "ppo", "--env", "CartPole-v1", "--lerning-rate", "1"],
      /unknown flag --lerning-rate \(did you mean "--learning-rate"\?\)/,
    ],
    [
      "missing value",
      ["--agent", "ppo", "--env", "CartPole-v1", "--gamma"],
      /--gamma needs a value/,
    ],
    [
      "non-numeric",
      ["--agent", "ppo", "--env", "CartPole-v1", "--gamma", "high"],
      /--gamma must be a number, got "high"/,
    ],
    [
      "negative steps",
      ["--agent", "ppo", "--env", "CartPole-v1", "--total-timesteps", "-5"],
      /totalTimesteps|total-timesteps/,
    ],
    [
      "lr <= 0",
      ["--agent", "ppo", "--env", "CartPole-v1", "--learning-rate", "0"],
      /learningRate.*0/,
    ],
    ["gamma > 1", ["--agent", "a2c", "--env", "CartPole-v1", "--gamma", "1.5"], /gamma.*1\.5/],
    [
      "unknown agent",
      ["--agent", "pp0", "--env", "CartPole-v1"],
      /Unknown agent "pp0" \(did you mean "ppo"\?\): expected one of reinforce, a2c, ppo, dqn/,
    ],
    [
      "unknown env",
      ["--agent", "ppo", "--env", "CartPole-v0"],
      /Unknown env "CartPole-v0" \(did you mean "CartPole-v1"\?\)/,
    ],
    [
      "unknown preset",
      ["--preset", "cartpole-pp"],
      /Unknown preset "cartpole-pp" \(did you mean "cartpole-ppo"\?\)/,
    ],
    [
      "DQN on Pendulum",
      ["--agent", "dqn", "--env", "Pendulum-v1"],
      /Pendulum-v1.*(discrete|Discrete)/,
    ],
    [
      "missing config",
      ["--config", "nope.json"],
      /--config nope\.json: cannot read it \(no such file\)/,
    ],
    ["malformed config", ["--config", "bad.json"], /--config bad\.json: not valid JSON/],
    [
      "unknown config key",
      ["--config", "unknown.json", "--env", "CartPole-v1"],
      /unknown ppo config key "gama" \(did you mean "gamma"\?\)/,
    ],
    [
      "unwritable output",
      ["--agent", "ppo", "--env", "CartPole-v1", "--out", "blocker/runs"],
      /Cannot create output directory "blocker\/runs"/,
    ],
    ["not a multiple of num-envs", [
      "--agent",
      "ppo",
      "--env",
      "CartPole-v1",
      "--total-timesteps",
      "1001",
    ], /multiple of --num-envs \(4\), got 1001/],
    ["no agent", ["--env", "CartPole-v1"], /--agent is required/],
  ];
  try {
    for (const [name, args, pattern] of cases) {
      await t.step(name, async () => {
        const res = await cli("train", args, tmp);
        assert.equal(res.code, 2, `${name}: exit ${res.code}\n${res.stderr}`);
        const lines = res.stderr.trim().split("\n");
        assert.equal(lines.length, 1, `${name}: expected one line, got:\n${res.stderr}`);
        assert.match(lines[0], /^error: /);
        assert.match(lines[0], pattern);
        assert.doesNotMatch(res.stderr, /\bat .*\.ts:\d+/); // no stack trace
        assert.deepEqual(runDirs(`${tmp}/runs`), [], `${name} left a run directory`);
      });
    }
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("train --help lists every config flag of the agent with its doc and default", async () => {
  const r = await cli("train", ["--agent", "dqn", "--help"], Deno.cwd());
  assert.equal(r.code, 0);
  assert.match(
    r.stdout,
    /--learning-rate N\s+The RMSprop learning rate.*\(default: 2\.5e-4\)/,
  );
  assert.match(r.stdout, /--target-network-frequency N/);
  assert.match(r.stdout, /--double-dqn \/ --no-double-dqn/);
  assert.match(r.stdout, /--rmsprop-preset NAME/);
  assert.match(r.stdout, /cartpole-dqn/);
});

Deno.test("eval, plot and play work on a run directory; eval rejects a non-run", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    assert.equal((await cli("train", [...TINY, "--quiet"], tmp)).code, 0);
    const [dir] = runDirs(`${tmp}/runs`);
    const ev = await cli("eval", ["--run", dir, "--episodes", "3", "--json"], tmp);
    assert.equal(ev.code, 0, ev.stderr);
    const result = JSON.parse(ev.stdout);
    assert.equal(result.returns.length, 3);
    assert.equal(result.threshold, 475);
    const again = await cli("eval", ["--run", dir, "--episodes", "3", "--json"], tmp);
    assert.equal(again.stdout, ev.stdout); // seeded evaluation is reproducible

    const notRun = await cli("eval", ["--run", tmp], tmp);
    assert.equal(notRun.code, 2);
    assert.match(notRun.stderr, /^error: --run .*: not a run directory/);
    const missing = await cli("eval", ["--run", `${tmp}/nope`], tmp);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such directory/);

    const plot = await cli("plot", [dir, dir, "--out", "cmp.svg"], tmp);
    assert.equal(plot.code, 0, plot.stderr);
    assert.match(Deno.readTextFileSync(`${tmp}/cmp.svg`), /^<svg/);

    const play = await cli("play", ["--run", dir, "--out", "ep.html", "--fps", "1000"], tmp);
    assert.equal(play.code, 0, play.stderr);
    assert.match(play.stdout, /episode (terminated|truncated) after \d+ steps/);
    const html = Deno.readTextFileSync(`${tmp}/ep.html`);
    assert.match(html, /<svg/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("train keeps the policy of its best evaluation in best.ckpt; eval and play load it", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    // DQN with few updates: its evaluations go up and down; with seed 1 the best is not the last.
    const args = [
      "--agent",
      "dqn",
      "--env",
      "CartPole-v1",
      "--seed",
      "1",
      "--total-timesteps",
      "6000",
      "--learning-starts",
      "500",
      "--eval-every",
      "500",
      "--eval-episodes",
      "3",
      "--quiet",
    ];
    const run = await cli("train", args, tmp);
    assert.equal(run.code, 0, run.stderr);
    const [dir] = runDirs(`${tmp}/runs`);
    const summary = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`));
    const evals = Deno.readTextFileSync(`${dir}/metrics.jsonl`).trim().split("\n")
      .map((line) => JSON.parse(line)).filter((r) => r.type === "eval");
    assert.equal(evals.length, 12);
    // bestEval is the first evaluation with the highest mean.
    const top = Math.max(...evals.map((r) => r["eval/mean_return"]));
    const first = evals.find((r) => r["eval/mean_return"] === top);
    assert.deepEqual(summary.bestEval, {
      step: first.global_step,
      mean: top,
      std: first["eval/std_return"],
      episodes: 3,
    });
    // best.ckpt holds that policy: evaluating it as the run did gives that mean again.
    const agent = createAgent(
      "dqn",
      JSON.parse(Deno.readTextFileSync(`${dir}/config.json`)).config,
    );
    agent.loadState(checkpointState(dir, "best") as Record<string, unknown>);
    assert.equal(evaluate(agent, { episodes: 3, seed: 1 + 10_000 }).mean, top);
    assert.ok(summary.bestEval.mean > summary.finalEval.mean);
    assert.match(run.stdout, /Best evaluation: .* at step \d+ \(saved as best\.ckpt/);

    const ev = await cli("eval", ["--run", dir, "--checkpoint", "best", "--json"], tmp);
    assert.equal(ev.code, 0, ev.stderr);
    assert.equal(JSON.parse(ev.stdout).step, first.global_step);
    assert.equal(JSON.parse(ev.stdout).checkpoint, "best");
    const latest = await cli("eval", ["--run", dir, "--json"], tmp);
    assert.equal(JSON.parse(latest.stdout).step, 6000);
    const play = await cli("play", ["--run", dir, "--checkpoint", "best"], tmp);
    assert.equal(play.code, 0, play.stderr);

    const typo = await cli("eval", ["--run", dir, "--checkpoint", "bets"], tmp);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /^error: --checkpoint must be one of latest, best, got "bets"/);
    Deno.removeSync(`${dir}/best.ckpt`);
    const none = await cli("eval", ["--run", dir, "--checkpoint", "best"], tmp);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^error: --run .*: no best\.ckpt/);
    assert.equal(none.stderr.trim().split("\n").length, 1);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
