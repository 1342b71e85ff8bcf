import assert from "node:assert/strict";
import {
  agentDefinition,
  agentNames,
  agentSupports,
  createAgent,
  registerAgent,
} from "../../run/agents.ts";
import { resolveAgentConfig } from "../../agents/common/config.ts";
import { RMSPROP_FIELDS } from "../../core/optim/rmsprop_config.ts";
import { presets } from "../../run/presets.ts";
import { defaultSpace, sampleConfig } from "../../run/tune_plan.ts";
import { Random } from "../../core/random.ts";
import { runTraining } from "../../run/runner.ts";
import { agentFieldSpecs } from "../../cli/common.ts";
import { flagsMarkdown } from "../../cli/gen_flags_doc.ts";
import { executeRun, resolveRun } from "../../cli/train.ts";
import { loadRun } from "../../cli/load_run.ts";
import { TINY_DEFINITION, TinyAgent } from "./tiny_agent.ts";

const BUILT_IN = ["reinforce", "a2c", "ppo", "dqn"];

Deno.test("the registry lists the built-in agents, simplest first, each from its declaration", () => {
  assert.deepEqual(agentNames().slice(0, 4), BUILT_IN);
  for (const name of BUILT_IN) {
    const definition = agentDefinition(name);
    const agent = createAgent(name, { env: "CartPole-v1", seed: 2 });
    assert.equal(agent.algorithm, name);
    assert.deepEqual(Object.keys(agent.config), [
      ...Object.keys(definition.config.fields),
      ...Object.keys(RMSPROP_FIELDS),
    ]);
  }
  assert.equal(agentSupports("dqn", "box"), false);
  assert.equal(agentSupports("ppo", "box"), true);
  assert.throws(
    () => agentDefinition("pp0"),
    /Unknown agent "pp0": expected one of reinforce, a2c, ppo, dqn/,
  );
  assert.throws(
    () => createAgent("dqn", { env: "Pendulum-v1" }),
    (e: Error) =>
      e instanceof TypeError &&
      e.message ===
        'Cannot create dqn: env "Pendulum-v1" has a continuous (Box) action space; dqn supports discrete actions only',
  );
});

Deno.test("registerAgent refuses a taken name and malformed definitions", () => {
  assert.throws(
    () => registerAgent(agentDefinition("ppo")),
    /"ppo": the name is already registered/,
  );
  assert.throws(() => registerAgent({ ...TINY_DEFINITION, name: "Bad Name" }), TypeError);
  assert.throws(
    () => registerAgent({ ...TINY_DEFINITION, name: "x1", actionSpaces: [] }),
    TypeError,
  );
});

Deno.test("every preset names a registered agent and only fields of its declaration", () => {
  for (const [name, p] of Object.entries(presets)) {
    const { config } = agentDefinition(p.agent);
    const resolved = resolveAgentConfig(name, config, { ...p.config, env: p.env });
    assert.equal(resolved.env, p.env, name);
  }
});

Deno.test("the tuner's default search spaces draw only valid values of declared fields", () => {
  for (const name of BUILT_IN) {
    const { config } = agentDefinition(name);
    const space = defaultSpace(name);
    assert.ok(Object.keys(space).length > 0, name);
    for (let k = 0; k < 20; k++) {
      const drawn = sampleConfig(space, new Random(k).child(name));
      resolveAgentConfig(name, config, drawn); // throws for an unknown field or a bad value
    }
  }
});

Deno.test("a field name shared by several agents has one kind and meaning everywhere", () => {
  const byName = new Map<string, { agent: string; type: string; doc: string }[]>();
  for (const agent of BUILT_IN) {
    for (const [field, spec] of Object.entries(agentDefinition(agent).config.fields)) {
      byName.set(field, [...(byName.get(field) ?? []), { agent, type: spec.type, doc: spec.doc }]);
    }
  }
  for (const [field, uses] of byName) {
    assert.equal(new Set(uses.map((u) => u.type)).size, 1, `${field}: ${JSON.stringify(uses)}`);
  }
  // The fields every agent has are declared once (agents/common/config.ts).
  for (const field of ["env", "seed", "gamma"]) {
    const declared = new Set(BUILT_IN.map((a) => agentDefinition(a).config.fields[field]));
    assert.equal(declared.size, 1, field);
  }
});

Deno.test("an agent added in one file plus registerAgent() trains from code, the runner and the CLI", async (t) => {
  registerAgent(TINY_DEFINITION);
  assert.ok(agentNames().includes("tiny"));

  await t.step("from code and the runner", async () => {
    const agent = createAgent("tiny", { env: "CartPole-v1", seed: 3, updateEvery: 25 });
    assert.ok(agent instanceof TinyAgent);
    const summary = await runTraining(agent, {
      totalTimesteps: 200,
      evalEvery: 100,
      evalEpisodes: 2,
    });
    assert.equal(summary.globalStep, 200);
    assert.ok(summary.episodes > 0);
    assert.throws(() => createAgent("tiny", { stepSise: 0.5 }), /did you mean "stepSize"/);
    assert.throws(
      () => createAgent("tiny", { env: "MountainCarContinuous-v0" }),
      /tiny supports discrete actions only/,
    );
  });

  await t.step("its flags, --help and docs come from its declaration", () => {
    const flags = agentFieldSpecs("tiny");
    const updateEvery = flags.find((f) => f.name === "updateEvery");
    assert.deepEqual(updateEvery, {
      name: "updateEvery",
      kind: "number",
      doc: "Env steps between updates of the action preferences. Allowed: an integer >= 1.",
      default: "50",
    });
    assert.ok(flags.some((f) => f.name === "rmspropEps"));
    assert.match(
      flagsMarkdown(),
      /## tiny\n\nA tiny test agent.*\n[^]*\| `--step-size` \| `0\.1` \| in \[0, 1\] \|/,
    );
  });

  await t.step("deno task train --agent tiny: run directory, checkpoint, load_run", async () => {
    const tmp = Deno.makeTempDirSync();
    try {
      const { run } = resolveRun([
        "--agent",
        "tiny",
        "--env",
        "CartPole-v1",
        "--seed",
        "4",
        "--total-timesteps",
        "300",
        "--update-every",
        "30",
        "--eval-episodes",
        "2",
      ]);
      assert.equal(run.config.updateEvery, 30);
      assert.equal(run.config.stepSize, 0.1);
      const dir = `${tmp}/run`;
      Deno.mkdirSync(dir);
      const result = await executeRun(run, dir, { quiet: true, tty: false, write: () => {} });
      assert.equal(result.globalStep, 300);
      assert.equal(result.agent, "tiny");
      const loaded = await loadRun(dir);
      assert.equal(loaded.agent.algorithm, "tiny");
      assert.equal(loaded.step, 300);
      assert.deepEqual(loaded.agent.state(), (await loadRun(dir)).agent.state());
    } finally {
      Deno.removeSync(tmp, { recursive: true });
    }
  });
});
