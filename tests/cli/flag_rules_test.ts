// Flag and config rules: values that start with "-", flags without a value, the last of a
// repeated flag wins everywhere, empty list items, bad config files, preset/agent conflicts.
import assert from "node:assert/strict";
import { parseFlags } from "../../cli/flags.ts";
import { main as trainMain, resolveRun } from "../../cli/train.ts";
import { cli } from "./_cli.ts";

const PPO = ["--agent", "ppo", "--env", "CartPole-v1"];

function withConfig<T>(json: unknown, f: (path: string) => T): T {
  const path = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    Deno.writeTextFileSync(path, JSON.stringify(json));
    return f(path);
  } finally {
    Deno.removeSync(path);
  }
}

Deno.test("negative numbers after a space are values; a flag without a value says so", () => {
  const specs = [
    { name: "seed", kind: "number" as const, doc: "" },
    { name: "quiet", kind: "boolean" as const, doc: "" },
  ];
  assert.deepEqual(parseFlags(["--seed", "-1"], specs, "t").values, { seed: -1 });
  assert.deepEqual(parseFlags(["--seed", "-1e-3", "--quiet"], specs, "t").values, {
    seed: -0.001,
    quiet: true,
  });
  assert.throws(() => parseFlags(["--seed"], specs, "t"), /^CliError: t: --seed needs a value$/);
  assert.throws(() => parseFlags(["--seed", "--quiet"], specs, "t"), /--seed needs a value/);
  assert.throws(
    () => resolveRun([...PPO, "--total-timesteps", "-5"]),
    /totalTimesteps|total-timesteps/,
  );
  assert.throws(() => resolveRun([...PPO, "--seed", "-1"]), /--seed must be an integer from 0/);
});

Deno.test("a repeated flag: the last one wins, in every command", () => {
  assert.equal(resolveRun([...PPO, "--seed", "3", "--seed", "4"]).run.seed, 4);
  assert.equal(resolveRun([...PPO, "--agent", "dqn"]).run.agent, "dqn");
  assert.equal(resolveRun([...PPO, "--agent=a2c"]).run.agent, "a2c");
  const v = parseFlags(
    ["--quiet", "--no-quiet"],
    [{ name: "quiet", kind: "boolean", doc: "" }],
    "t",
  ).values;
  assert.deepEqual(v, { quiet: false });
});

Deno.test("--hidden-sizes 64,,64 is rejected, not read as [64, 64]", () => {
  assert.throws(
    () => resolveRun([...PPO, "--hidden-sizes", "64,,64"]),
    /--hidden-sizes must be a comma-separated list without empty items, got "64,,64"/,
  );
  assert.deepEqual(resolveRun([...PPO, "--hidden-sizes", "32,16"]).run.config.hiddenSizes, [
    32,
    16,
  ]);
});

Deno.test("config files: non-string agent, run settings in a flat file, misspelled nested keys", () => {
  withConfig(
    { agent: 5, env: "CartPole-v1" },
    (p) => assert.throws(() => resolveRun(["--config", p]), /"agent" must be a string .* got 5/),
  );
  withConfig(
    { agent: "ppo", env: "CartPole-v1", evalEvery: 1024, totalTimesteps: 4096 },
    (p) => assert.equal(resolveRun(["--config", p]).run.evalEvery, 1024),
  );
  withConfig({ agent: "ppo", evalEvry: 1024, config: { env: "CartPole-v1" } }, (p) =>
    assert.throws(
      () => resolveRun(["--config", p]),
      /unknown top-level key "evalEvry" \(did you mean "evalEvery"\?\)/,
    ));
});

Deno.test("--preset with another agent's --agent names the conflict", () => {
  assert.throws(
    () => resolveRun(["--preset", "cartpole-ppo", "--agent", "dqn"]),
    /--preset cartpole-ppo is a ppo preset; it cannot be used with --agent dqn \(drop --agent, or use a dqn preset: /,
  );
  assert.equal(resolveRun(["--preset", "cartpole-ppo", "--agent", "ppo"]).run.agent, "ppo");
});

Deno.test("--agent ppx --help is an unknown agent, not the general help", async () => {
  const errors: string[] = [];
  const original = console.error;
  console.error = (s: string) => errors.push(s);
  try {
    assert.equal(await trainMain(["--agent", "ppx", "--help"]), 2);
  } finally {
    console.error = original;
  }
  assert.match(errors.join("\n"), /Unknown agent "ppx" \(did you mean "ppo"\?\)/);
});

Deno.test("sweep: --grid seed with --seeds, a grid axis also given as a flag, negative grid values", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const base = [
      "--agent",
      "ppo",
      "--env",
      "CartPole-v1",
      "--total-timesteps",
      "128",
      "--out",
      tmp,
    ];
    const seed = await cli("sweep", [...base, "--grid", "seed=1,2", "--seeds", "0"], tmp);
    assert.equal(seed.code, 2);
    assert.match(seed.stderr, /--grid seed=\.\.\. is not allowed: the seeds come from --seeds/);
    const twice = await cli("sweep", [...base, "--gamma", "0.9", "--grid", "gamma=0.8,0.7"], tmp);
    assert.match(twice.stderr, /--gamma is both a flag and a --grid axis/);
    const neg = await cli("sweep", [...base, "--grid", "learning-rate=0.001,-5"], tmp);
    assert.equal(neg.code, 2);
    assert.doesNotMatch(neg.stderr, /ambiguous/);
    assert.match(neg.stderr, /learning ?[rR]ate.*-5/);
    // A repeated sweep flag: the last one wins (before: "unknown flag --grid").
    const repeated = await cli("sweep", [...base, "--grid", "gamma=0.9", "--grid", "gamma=2"], tmp);
    assert.equal(repeated.code, 2);
    assert.doesNotMatch(repeated.stderr, /unknown flag/);
    assert.match(repeated.stderr, /gamma.*got 2/);
    assert.deepEqual([...Deno.readDirSync(tmp)], []);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
