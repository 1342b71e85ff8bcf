// Seeded, time-bounded fuzzing of the train flag parser and the --config loader: random flag
// sequences and values, random config files. Every input must resolve to a run or fail with one
// clear line (a CliError, or a RangeError/TypeError from validation that names a value), never
// with an internal error.
import assert from "node:assert/strict";
import { Random } from "../../core/random.ts";
import { resolveRun } from "../../cli/train.ts";
import { CliError } from "../../cli/cli_error.ts";

const rng = new Random("fuzz-flags");
const BUDGET_MS = 2000;

const FLAGS = [
  "--agent",
  "--env",
  "--preset",
  "--seed",
  "--total-timesteps",
  "--num-envs",
  "--num-steps",
  "--learning-rate",
  "--hidden-sizes",
  "--gamma",
  "--buffer-size",
  "--batch-size",
  "--anneal-lr",
  "--no-anneal-lr",
  "--eval-every",
  "--eval-episodes",
  "--checkpoint-every",
  "--keep-checkpoints",
  "--quiet",
  "--lerning-rate",
  "--config",
  "-h",
  "--",
  "-x",
];
const VALUES = [
  "0",
  "1",
  "-1",
  "-5",
  "3",
  "64",
  "0.5",
  "1e9",
  "1e30",
  "-1e-3",
  "NaN",
  "Infinity",
  "9007199254740993",
  "abc",
  "",
  " ",
  "64,,64",
  "32,16",
  ",",
  "true",
  "false",
  "ppo",
  "dqn",
  "ppx",
  "CartPole-v1",
  "Pendulum-v1",
  "cartpole-ppo",
  "cartpole-dqn",
  "a=b",
  "--seed",
];
const JSON_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e9,
  "ppo",
  "dqn",
  "CartPole-v1",
  5,
  true,
  [],
  [64, 64],
  [-1],
  {},
  { a: 1 },
  "x",
];
const JSON_KEYS = [
  "agent",
  "env",
  "seed",
  "totalTimesteps",
  "learningRate",
  "numEnvs",
  "hiddenSizes",
  "evalEvery",
  "config",
  "preset",
  "versions",
  "evalEvry",
  "__proto__",
  "constructor",
  "toString",
];

function pick<T>(xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

/** Internal errors: a message that leaks an implementation detail instead of naming the input. */
const INTERNAL =
  /is not a function|Cannot read propert|undefined is not|is not iterable|Maximum call stack/;

function check(args: string[]): void {
  try {
    resolveRun(args);
  } catch (e) {
    const ok = e instanceof CliError || e instanceof RangeError || e instanceof TypeError;
    const message = (e as Error).message;
    assert.ok(ok, `${JSON.stringify(args)}: ${(e as Error).stack}`);
    assert.doesNotMatch(message, INTERNAL, `${JSON.stringify(args)}: ${(e as Error).stack}`);
    assert.ok(message.length > 0 && !message.includes("\n"), JSON.stringify(args));
  }
}

Deno.test("fuzz: random train flag sequences resolve or fail with one clear line", () => {
  const started = performance.now();
  let cases = 0;
  while (performance.now() - started < BUDGET_MS) {
    const args = ["--agent", pick(["ppo", "dqn", "a2c", "reinforce"]), "--env", "CartPole-v1"];
    for (let n = rng.int(7); n > 0; n--) {
      const flag = pick(FLAGS);
      if (flag === "--config") continue; // the config loader is fuzzed below
      args.push(rng.float() < 0.15 ? `${flag}=${pick(VALUES)}` : flag);
      if (rng.float() < 0.8) args.push(pick(VALUES));
    }
    if (rng.float() < 0.3) args.splice(0, 2); // sometimes no --agent
    check(args.filter((a) => a !== "-h"));
    cases++;
  }
  assert.ok(cases > 100, `only ${cases} cases`);
});

Deno.test("fuzz: random --config files load or fail with one clear line", () => {
  const path = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    const started = performance.now();
    let cases = 0;
    while (performance.now() - started < BUDGET_MS / 2) {
      const obj: Record<string, unknown> = {};
      for (let n = rng.int(6); n > 0; n--) obj[pick(JSON_KEYS)] = pick(JSON_VALUES);
      if (rng.float() < 0.5) obj.env = "CartPole-v1";
      if (rng.float() < 0.5) obj.agent = pick(["ppo", "dqn"]);
      if (rng.float() < 0.3) {
        obj.config = { env: "CartPole-v1", [pick(JSON_KEYS)]: pick(JSON_VALUES) };
      }
      const text = rng.float() < 0.1
        ? JSON.stringify(obj).slice(0, rng.int(40))
        : JSON.stringify(obj);
      Deno.writeTextFileSync(path, text);
      const extra = rng.float() < 0.3 ? [pick(FLAGS.slice(0, 12)), pick(VALUES)] : [];
      check(["--config", path, ...extra]);
      cases++;
    }
    assert.ok(cases > 50, `only ${cases} cases`);
  } finally {
    Deno.removeSync(path);
  }
});
