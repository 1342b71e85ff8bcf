// `deno task train` with no flags trains the default preset (PPO on CartPole-v1, seed 1), as
// CleanRL's scripts train CartPole when run bare.
import assert from "node:assert/strict";
import { cli, runDirs } from "./_cli.ts";
import { DEFAULT_RUN, resolveRun } from "../../cli/train.ts";
import { presets } from "../../run/presets.ts";

Deno.test("train with no flags resolves to the cartpole-ppo preset, seed 1", () => {
  const { run, agent } = resolveRun([]);
  assert.deepEqual(DEFAULT_RUN, { preset: "cartpole-ppo", seed: 1 });
  assert.equal(run.preset, "cartpole-ppo");
  assert.equal(run.agent, "ppo");
  assert.equal(run.env, "CartPole-v1");
  assert.equal(run.seed, 1);
  assert.equal(agent.config.seed, 1);
  assert.equal(run.totalTimesteps, presets["cartpole-ppo"].totalTimesteps);
  // Every preset setting is in the resolved config.
  for (const [k, v] of Object.entries(presets["cartpole-ppo"].config)) {
    assert.deepEqual(run.config[k], v, k);
  }
  // The same as asking for it by name.
  const named = resolveRun(["--preset", "cartpole-ppo", "--seed", "1"]).run;
  assert.deepEqual({ ...run, versions: null }, { ...named, versions: null });
  // Other flags still apply to the default; naming an agent, env, preset or config opts out.
  assert.equal(resolveRun(["--seed", "5"]).run.seed, 5);
  assert.equal(resolveRun(["--total-timesteps", "256"]).run.totalTimesteps, 256);
  assert.equal(resolveRun(["--agent", "dqn", "--env", "CartPole-v1"]).run.preset, null);
  assert.throws(() => resolveRun(["--env", "Acrobot-v1"]), /--agent is required/);
});

Deno.test("train with no flags but a tiny budget trains PPO on CartPole, seed 1", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const r = await cli("train", ["--total-timesteps", "256", "--quiet"], tmp);
    assert.equal(r.code, 0, r.stderr);
    const [dir] = runDirs(`${tmp}/runs`);
    assert.match(dir, /\/CartPole-v1__ppo__1__\d+$/);
    const config = JSON.parse(Deno.readTextFileSync(`${dir}/config.json`));
    assert.equal(config.preset, "cartpole-ppo");
    assert.equal(config.seed, 1);
    assert.equal(config.totalTimesteps, 256);
    const summary = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`));
    assert.equal(summary.globalStep, 256);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
