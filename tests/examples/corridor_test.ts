// The user-env example, written only against the documented Env contract: it trains with every
// agent that fits its action space from code (by id and by factory), and from the CLI through
// --env-module, where eval, play, --resume and sweep find the module in the run directory.
import assert from "node:assert/strict";
import { warningsOf } from "../env/_warnings.ts";
import { Corridor, CorridorContinuous } from "../../examples/corridor.ts";
import { A2C, type Agent, DQN, type EnvSource, evaluate, PPO, Reinforce } from "../../mod.ts";
import { cli, deterministicMetrics, type Result, ROOT, runDirs } from "../cli/_cli.ts";

const AGENTS: Record<string, (config: Record<string, unknown>) => Agent> = {
  reinforce: (c) => new Reinforce(c as never),
  a2c: (c) => new A2C(c as never),
  ppo: (c) => new PPO(c as never),
  dqn: (c) => new DQN({ learningStarts: 1000, ...c } as never), // CleanRL waits 10000 steps
};

Deno.test("Corridor-v0 (discrete) is learned by every agent, from an id and from a factory", () => {
  for (const [name, make] of Object.entries(AGENTS)) {
    const agent = make({ env: "Corridor-v0", seed: 1, totalTimesteps: 10_000 });
    agent.learn(10_000);
    const { mean } = evaluate(agent, { episodes: 10, seed: 5 });
    assert.ok(mean > 0.9, `${name}: mean return ${mean}`); // reaching the exit
    const byFactory = make({ env: () => new Corridor(), seed: 1, totalTimesteps: 10_000 });
    assert.equal(byFactory.envId, "Corridor");
    byFactory.learn(1024);
    assert.deepEqual(evaluate(byFactory, { episodes: 3, seed: 5 }).lengths.length, 3);
  }
});

Deno.test("CorridorContinuous-v0 trains with every continuous agent; DQN refuses it", () => {
  for (const name of ["reinforce", "a2c", "ppo"]) {
    const agent = AGENTS[name]({ env: "CorridorContinuous-v0", seed: 2, totalTimesteps: 4096 });
    const before = evaluate(agent, { episodes: 5, seed: 5 }).mean;
    agent.learn(8192);
    const after = evaluate(agent, { episodes: 5, seed: 5 }).mean;
    assert.ok(after > before, `${name}: ${before} -> ${after}`);
  }
  assert.throws(() => new DQN({ env: "CorridorContinuous-v0" }), /continuous action space/);
  assert.throws(() => new DQN({ env: () => new CorridorContinuous() }), /continuous/);
});

const MODULE = `${ROOT}examples/corridor.ts`;
const TRAIN = [
  "--env-module",
  MODULE,
  "--env",
  "Corridor-v0",
  "--agent",
  "ppo",
  "--seed",
  "3",
  "--num-envs",
  "2",
  "--num-steps",
  "32",
  "--total-timesteps",
  "512",
  "--eval-every",
  "256",
  "--eval-episodes",
  "2",
  "--quiet",
];

/** Trains with a checkpoint at 256, removes what came after it, and resumes the run. */
async function stopAndResume(
  args: string[],
  tmp: string,
): Promise<{ dir: string; resumed: Result }> {
  const part = await cli("train", [...args, "--checkpoint-every", "256", "--out", "part"], tmp);
  assert.equal(part.code, 0, part.stderr);
  const [dir] = runDirs(`${tmp}/part`);
  Deno.removeSync(`${dir}/checkpoint-512.ckpt`);
  Deno.removeSync(`${dir}/summary.json`);
  const resumed = await cli("train", ["--resume", dir, "--quiet"], tmp);
  assert.equal(resumed.code, 0, resumed.stderr);
  return { dir, resumed };
}

Deno.test("CLI: train --env-module, then eval, play, --resume and sweep without the flag", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const full = await cli("train", [...TRAIN, "--out", "full"], tmp);
    assert.equal(full.code, 0, full.stderr);
    const [a] = runDirs(`${tmp}/full`);
    const config = JSON.parse(Deno.readTextFileSync(`${a}/config.json`));
    assert.equal(config.envModule, MODULE);
    assert.equal(config.env, "Corridor-v0");

    const ev = await cli("eval", ["--run", a, "--episodes", "3", "--json"], tmp);
    assert.equal(ev.code, 0, ev.stderr);
    assert.equal(JSON.parse(ev.stdout).threshold, 0.9);
    const play = await cli("play", ["--run", a, "--out", "p.html"], tmp);
    assert.equal(play.code, 0, play.stderr);

    // Stopped after the checkpoint at 256 and resumed: bit for bit (Corridor has a snapshot).
    const { dir: b, resumed } = await stopAndResume(TRAIN, tmp);
    assert.equal(resumed.stderr, "");
    assert.equal(deterministicMetrics(b), deterministicMetrics(a));

    const sweep = await cli("sweep", [
      ...TRAIN.filter((x, i, all) => x !== "--seed" && all[i - 1] !== "--seed"),
      "--seeds",
      "0-1",
      "--workers",
      "2",
      "--name",
      "sw",
    ], tmp);
    assert.equal(sweep.code, 0, sweep.stderr + sweep.stdout);
    const summary = JSON.parse(Deno.readTextFileSync(`${tmp}/runs/sw/sweep.json`));
    assert.equal(summary.env, "Corridor-v0");
    assert.equal(summary.rewardThreshold, 0.9);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("CLI: an env without snapshot() resumes with a one-line warning; bad modules are one line", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const args = TRAIN.map((x) => x === "Corridor-v0" ? "CorridorContinuous-v0" : x);
    const { resumed } = await stopAndResume(args, tmp);
    assert.match(resumed.stderr, /CorridorContinuous-v0 has no snapshot\(\).*not bit-exact/);
    assert.equal(resumed.stderr.trim().split("\n").length, 1);

    const missing = await cli("train", ["--env-module", "./nope.ts", "--env", "X-v0"], tmp);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: --env-module \.\/nope\.ts: no such module file/);
    const unknown = await cli("train", [
      "--env-module",
      MODULE,
      "--env",
      "corridor-v0",
      "--agent",
      "ppo",
    ], tmp);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /did you mean "Corridor-v0"\?/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("every agent checkpoints and resumes an env without snapshot() (reset, one warning)", () => {
  const noSnapshot = () =>
    Object.assign(new Corridor(), { snapshot: undefined, restore: undefined });
  const cases: [string, EnvSource][] = [
    ["reinforce", "CorridorContinuous-v0"],
    ["a2c", "CorridorContinuous-v0"],
    ["ppo", "CorridorContinuous-v0"],
    ["dqn", noSnapshot],
  ];
  for (const [name, env] of cases) {
    const agent = AGENTS[name]({ env, seed: 4, numEnvs: 2 });
    agent.learn(200);
    const state = agent.state();
    const resumed = AGENTS[name]({ env, seed: 4, numEnvs: 2 });
    const warnings = warningsOf(() => resumed.loadState(state));
    assert.equal(warnings.length, 1, name);
    assert.match(warnings[0], /not bit-exact/);
    resumed.learn(200);
    assert.equal(resumed.globalStep, 400, name);
  }
});
