// exportPolicy() and `deno task export`, checked against NumPy: the README's Python code (run as
// written, with python3) must give agent.act(obs, { deterministic: true }) for every agent.
import assert from "node:assert/strict";
import { createAgent, exportPolicy, loadAgent, type PolicyExport, Random } from "../../mod.ts";
import { cli, ROOT, runDirs, TINY } from "../cli/_cli.ts";

/** The README's NumPy code: the python block after the marker comment. */
function readmePython(): { definitions: string; usage: string } {
  const readme = Deno.readTextFileSync(`${ROOT}README.md`);
  const at = readme.indexOf("<!-- The test extracts the next python block. -->");
  assert.ok(at >= 0, "README: the marker of the NumPy code is missing");
  const start = readme.indexOf("```python\n", at) + "```python\n".length;
  const code = readme.slice(start, readme.indexOf("```\n", start));
  const split = code.indexOf('policy, params = load_policy("policy.json")');
  assert.ok(split > 0, "README: the NumPy code must end with its usage lines");
  return { definitions: code.slice(0, split), usage: code.slice(split) };
}

/** Runs python3 in `cwd` on `code`; returns stdout. */
async function python(code: string, cwd: string): Promise<string> {
  const out = await new Deno.Command("python3", {
    args: ["-c", code],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  assert.equal(out.code, 0, dec.decode(out.stderr));
  return dec.decode(out.stdout);
}

/** The README's act() on each observation, for the policy in `file`. */
async function numpyActions(file: string, observations: number[][], cwd: string) {
  const driver = `
import sys
policy, params = load_policy(${JSON.stringify(file)})
observations = json.loads(${JSON.stringify(JSON.stringify(observations))})
out = []
for obs in observations:
    a = act(policy, params, obs)
    out.append(a if isinstance(a, int) else [float(v) for v in a])
print(json.dumps(out))
`;
  return JSON.parse(await python(readmePython().definitions + driver, cwd)) as (
    | number
    | number[]
  )[];
}

function observations(size: number, count: number, scale: number): number[][] {
  const rng = new Random(99);
  return Array.from(
    { length: count },
    () => Array.from({ length: size }, () => Math.fround((2 * rng.float() - 1) * scale)),
  );
}

/** agent.act vs NumPy: discrete actions equal, continuous ones within float32 rounding. */
function assertSameActions(
  agentActions: (number | Float32Array)[],
  numpy: (number | number[])[],
  what: string,
): void {
  assert.equal(numpy.length, agentActions.length);
  for (let i = 0; i < numpy.length; i++) {
    const a = agentActions[i];
    if (typeof a === "number") {
      assert.equal(numpy[i], a, `${what}: observation ${i}`);
    } else {
      const n = numpy[i] as number[];
      assert.equal(n.length, a.length);
      for (let j = 0; j < a.length; j++) {
        assert.ok(Math.abs(n[j] - a[j]) <= 1e-5, `${what}: observation ${i}: ${n[j]} vs ${a[j]}`);
      }
    }
  }
}

const CASES: { name: string; agent: string; config: Record<string, unknown>; steps: number }[] = [
  {
    name: "reinforce (no baseline: no critic)",
    agent: "reinforce",
    config: { env: "CartPole-v1", baseline: false },
    steps: 600,
  },
  {
    name: "a2c (Pendulum, gaussian)",
    agent: "a2c",
    config: { env: "Pendulum-v1", normalizeObservation: true },
    steps: 400,
  },
  {
    name: "ppo (normalised observations)",
    agent: "ppo",
    config: { env: "CartPole-v1", numSteps: 32, normalizeObservation: true },
    steps: 512,
  },
  {
    name: "ppo (MountainCarContinuous, relu)",
    agent: "ppo",
    config: { env: "MountainCarContinuous-v0", numSteps: 32, activation: "relu" },
    steps: 256,
  },
  {
    name: "dqn",
    agent: "dqn",
    config: { env: "Acrobot-v1", learningStarts: 100 },
    steps: 400,
  },
  {
    name: "dqn (dueling)",
    agent: "dqn",
    config: { env: "CartPole-v1", learningStarts: 100, dueling: true },
    steps: 400,
  },
];

Deno.test("the README's NumPy code acts as agent.act(obs, { deterministic: true }) for every agent", async (t) => {
  const tmp = Deno.makeTempDirSync({ prefix: "export_test_" });
  try {
    for (const c of CASES) {
      await t.step(c.name, async () => {
        const agent = createAgent(c.agent, { ...c.config, seed: 2 });
        agent.learn(c.steps);
        const policy = exportPolicy(agent);
        const file = `${tmp}/${c.agent}-${c.steps}.json`;
        Deno.writeTextFileSync(file, JSON.stringify(policy));
        const obs = observations(policy.observationSize, 16, 2);
        const expected = obs.map((o) => agent.act(Float32Array.from(o), { deterministic: true }));
        assertSameActions(expected, await numpyActions(file, obs, tmp), c.name);
        // Some variety, so that an export that always gives one action would fail.
        if (policy.action.kind === "discrete") {
          assert.ok(new Set(expected).size > 1 || c.agent === "reinforce", "one action only");
        }
      });
    }
    await t.step("the README's usage lines run as written", async () => {
      const agent = createAgent("ppo", { env: "CartPole-v1", seed: 1 });
      Deno.writeTextFileSync(`${tmp}/policy.json`, JSON.stringify(exportPolicy(agent)));
      const { definitions, usage } = readmePython();
      const printed = (await python(definitions + usage, tmp)).trim();
      const obs = Float32Array.from([0.01, -0.02, 0.03, 0.0]);
      assert.equal(printed, String(agent.act(obs, { deterministic: true })));
    });
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("exportPolicy() names and shapes the tensors as CleanRL's modules", () => {
  const keys = (p: PolicyExport) =>
    Object.fromEntries(Object.entries(p.stateDict).map(([k, v]) => [k, v.shape]));
  const ppo = exportPolicy(createAgent("ppo", { env: "CartPole-v1" }));
  assert.deepEqual(keys(ppo), {
    "actor.0.weight": [64, 4],
    "actor.0.bias": [64],
    "actor.2.weight": [64, 64],
    "actor.2.bias": [64],
    "actor.4.weight": [2, 64],
    "actor.4.bias": [2],
    "critic.0.weight": [64, 4],
    "critic.0.bias": [64],
    "critic.2.weight": [64, 64],
    "critic.2.bias": [64],
    "critic.4.weight": [1, 64],
    "critic.4.bias": [1],
  });
  assert.deepEqual(
    [ppo.head, ppo.policyNetwork, ppo.activation, ppo.action, ppo.observationNormalization],
    ["categorical", "actor", "tanh", { kind: "discrete", n: 2 }, null],
  );
  const a2c = exportPolicy(createAgent("a2c", { env: "Pendulum-v1" }));
  assert.deepEqual(a2c.stateDict.actor_logstd, { shape: [1, 1], data: [0] });
  assert.deepEqual(a2c.action, { kind: "box", low: [-2], high: [2] });
  assert.ok("actor_mean.4.weight" in a2c.stateDict && !("actor.0.weight" in a2c.stateDict));
  const reinforce = exportPolicy(createAgent("reinforce", { env: "CartPole-v1", baseline: false }));
  assert.ok(!Object.keys(reinforce.stateDict).some((k) => k.startsWith("critic")));
  const dqn = exportPolicy(createAgent("dqn", { env: "CartPole-v1" }));
  assert.deepEqual(keys(dqn)["network.4.weight"], [2, 84]);
  assert.deepEqual([dqn.head, dqn.activation], ["q", "relu"]);
  // The values are the float32 weights exactly.
  const agent = createAgent("dqn", { env: "CartPole-v1", seed: 5 }) as unknown as {
    qNetwork: { params: Float32Array };
  };
  const exported = exportPolicy(agent as unknown as Parameters<typeof exportPolicy>[0]);
  const flat = Object.values(exported.stateDict).flatMap((t) => t.data);
  assert.deepEqual(Float32Array.from(flat), agent.qNetwork.params);
  assert.throws(
    () =>
      exportPolicy(
        { algorithm: "x", envId: "E", config: {} } as unknown as Parameters<
          typeof exportPolicy
        >[0],
      ),
    /Cannot export the policy of x on E: it has neither/,
  );
});

Deno.test("deno task export writes the policy of a run's latest or best checkpoint", async () => {
  const tmp = Deno.makeTempDirSync({ prefix: "export_cli_test_" });
  try {
    const train = await cli("train", [...TINY, "--quiet"], tmp);
    assert.equal(train.code, 0, train.stderr);
    const [dir] = runDirs(`${tmp}/runs`);
    const r = await cli("export", ["--run", dir, "--out", "policy.json"], tmp);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Wrote policy\.json: ppo on CartPole-v1, checkpoint at step 512/);
    const written = JSON.parse(Deno.readTextFileSync(`${tmp}/policy.json`));
    const agent = loadAgent(Deno.readFileSync(`${dir}/checkpoint-512.ckpt`));
    assert.deepEqual(written, JSON.parse(JSON.stringify(exportPolicy(agent))));
    const obs = observations(4, 8, 1);
    assertSameActions(
      obs.map((o) => agent.act(Float32Array.from(o), { deterministic: true })),
      await numpyActions(`${tmp}/policy.json`, obs, tmp),
      "exported run",
    );
    // --checkpoint best, and the default output in the run directory.
    const best = await cli("export", ["--run", dir, "--checkpoint", "best", "--quiet"], tmp);
    assert.equal(best.code, 0, best.stderr);
    assert.equal(best.stdout, "");
    const bestPolicy = JSON.parse(Deno.readTextFileSync(`${dir}/policy.json`));
    const bestAgent = loadAgent(Deno.readFileSync(`${dir}/best.ckpt`));
    assert.deepEqual(bestPolicy, JSON.parse(JSON.stringify(exportPolicy(bestAgent))));
    // Bad input: one line, status 2, nothing written.
    for (
      const [args, message] of [
        [[], /^error: export: --run DIR is required/],
        [["--run", `${tmp}/nope`], /^error: --run .*nope: no such directory/],
        [["--run", dir, "--out", `${tmp}/no/dir/p.json`], /^error: --out .*: cannot write it/],
        [["--run", dir, "--checkpoint", "bset"], /did you mean "best"/],
      ] as [string[], RegExp][]
    ) {
      const bad = await cli("export", args, tmp);
      assert.equal(bad.code, 2, args.join(" "));
      assert.match(bad.stderr, message);
    }
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
