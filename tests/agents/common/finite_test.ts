// Divergence guard: a NaN/Infinity loss or parameter stops every agent at the update with a typed
// error naming the step, the quantity and the likely cause; the CLI keeps the last finite
// checkpoint newest, writes summary.json with the reason and exits 1.
import assert from "node:assert/strict";
import { assertFinite, NonFiniteError } from "../../../agents/common/finite.ts";
import { createAgent } from "../../../run/agents.ts";
import { decodeCheckpoint } from "../../../core/checkpoint.ts";
import { cli, runDirs } from "../../cli/_cli.ts";

Deno.test("assertFinite() passes finite values and names the first non-finite one", () => {
  assertFinite(1, "loss", 0);
  assertFinite(1, "params", [{ params: new Float32Array([1, -2]) }, { params: [3] }]);
  assert.throws(
    () =>
      assertFinite(
        7,
        "params",
        [{ params: [1] }, { params: new Float32Array([0, -Infinity]) }],
        0.1,
      ),
    (e: NonFiniteError) =>
      e instanceof NonFiniteError && e.step === 7 && e.quantity === "params (element 1)" &&
      e.value === -Infinity &&
      /at step 7: params \(element 1\) is -Infinity.*learning rate 0\.1/.test(e.message),
  );
});

Deno.test("every agent stops at the update that diverges (learning rate 1e30)", async (t) => {
  const cases: [string, string, Record<string, unknown>, number][] = [
    ["reinforce", "CartPole-v1", {}, 2000],
    ["a2c", "CartPole-v1", {}, 200],
    ["ppo", "CartPole-v1", {}, 2048],
    ["ppo", "Pendulum-v1", {}, 2048],
    ["dqn", "CartPole-v1", { learningStarts: 64, batchSize: 16 }, 400],
  ];
  for (const [name, env, extra, steps] of cases) {
    await t.step(`${name} on ${env}`, () => {
      const agent = createAgent(name, { env, seed: 1, learningRate: 1e30, ...extra });
      assert.throws(
        () => agent.learn(steps),
        (e: Error) =>
          e instanceof NonFiniteError && e.step > 0 && e.step <= steps &&
          /Training diverged at step \d+: .* is (NaN|-?Infinity).*lower the learning rate/.test(
            e.message,
          ),
      );
    });
  }
});

Deno.test("train: a diverging run exits 1, keeps the last finite checkpoint newest, says why in summary.json", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const r = await cli("train", [
      "--agent",
      "dqn",
      "--env",
      "CartPole-v1",
      "--learning-rate",
      "1e30",
      "--learning-starts",
      "100",
      "--total-timesteps",
      "2000",
      "--checkpoint-every",
      "50",
      "--quiet",
      "--out",
      tmp,
    ], tmp);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /^error: Training diverged at step (\d+): losses\/td_loss is (NaN|Infinity)\. Likely cause: .*The newest checkpoint, \S+checkpoint-100\.ckpt \(step 100\), holds the last finite weights/,
    );
    const [dir] = runDirs(tmp);
    const summary = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`));
    assert.equal(summary.interrupted, true);
    assert.match(summary.error, /Training diverged at step/);
    const steps = [...Deno.readDirSync(dir)].map((e) => /^checkpoint-(\d+)\.ckpt$/.exec(e.name))
      .filter((m) => m !== null).map((m) => Number(m![1]));
    assert.equal(Math.max(...steps), 100);
    const { state } = decodeCheckpoint(Deno.readFileSync(`${dir}/checkpoint-100.ckpt`));
    const { qNetwork, targetNetwork } = state as Record<string, Float32Array>;
    assert.ok(qNetwork.every(Number.isFinite) && targetNetwork.every(Number.isFinite));
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("assertFinite() finds a non-finite parameter at any position (every lane, the tail)", () => {
  for (let n = 1; n <= 11; n++) {
    for (let at = 0; at < n; at++) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const params = new Float32Array(n).fill(1.5);
        params[at] = bad;
        assert.throws(() => assertFinite(1, "p", [{ params }]), NonFiniteError, `n ${n} at ${at}`);
      }
    }
    assertFinite(1, "p", [{ params: new Float32Array(n).fill(-3.4e38) }]);
  }
});
