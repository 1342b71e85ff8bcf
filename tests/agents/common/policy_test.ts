import assert from "node:assert/strict";
import { clippedSurrogate, type SurrogateStats } from "../../../agents/ppo.ts";
import { ActorCritic } from "../../../agents/common/policy.ts";
import { Random } from "../../../core/random.ts";
import { Box, Discrete } from "../../../core/spaces.ts";

const N = 6;

function makePolicy(discrete: boolean): ActorCritic {
  return new ActorCritic({
    obsDim: 3,
    actionSpace: discrete ? new Discrete(3) : new Box([-1, -1], [1, 1]),
    hiddenSizes: [5],
    activation: "tanh",
    critic: true,
    rng: new Random(9),
    logStdInit: -0.3,
  });
}

/**
 * PPO's policy objective as the agent computes it: L(θ) = L^CLIP(log π_θ) − entCoef·mean(H).
 * Returns L and leaves dL/dθ in the policy's gradients.
 */
function objective(
  policy: ActorCritic,
  obs: Float32Array,
  actions: Float32Array,
  oldLogProb: Float64Array,
  adv: Float64Array,
  withGrad: boolean,
): number {
  const logProb = new Float64Array(N), entropy = new Float64Array(N), w = new Float64Array(N);
  policy.evaluateActions(obs, N, actions, logProb, entropy);
  const s: SurrogateStats = { loss: 0, approxKl: 0, oldApproxKl: 0, clipfrac: 0 };
  clippedSurrogate(logProb, oldLogProb, adv, N, 0.2, w, s);
  const entCoef = 0.05;
  if (withGrad) {
    policy.zeroGrad();
    policy.backwardPolicy(actions, N, w, -entCoef / N);
  }
  return s.loss - entCoef * entropy.reduce((a, b) => a + b, 0) / N;
}

for (const discrete of [true, false]) {
  Deno.test(`ActorCritic (${discrete ? "categorical" : "Gaussian"}): PPO loss gradient matches finite differences`, () => {
    const policy = makePolicy(discrete);
    const rng = new Random(3);
    // Move the head away from its near-uniform init so the entropy term has a gradient.
    const head = policy.actor.weight(1);
    for (let i = 0; i < head.length; i++) head[i] = 0.7 * rng.normal();
    const obs = new Float32Array(N * 3).map(() => rng.normal());
    const actions = new Float32Array(N * policy.actDim);
    const lp = new Float32Array(N);
    policy.sample(obs, N, rng, actions, lp);
    // Old log-probs a little off the current ones, so some ratios are inside the clip range and
    // some outside (rows 4 and 5 are far off: clipped or pessimistic).
    const oldLogProb = Float64Array.from(lp, (x, i) => x + [0.05, -0.1, 0.02, -0.04, 0.5, -0.6][i]);
    const adv = Float64Array.from({ length: N }, (_, i) => [1.2, -0.8, 0.3, -1.5, 0.9, 0.7][i]);
    objective(policy, obs, actions, oldLogProb, adv, true);
    const groups = policy.parameters();
    assert.equal(groups.length, discrete ? 2 : 3);
    const grads = groups.map((g) => Float64Array.from(g.grads));
    // The critic is untouched by the policy loss.
    assert.ok(grads[1].every((x) => x === 0));
    const h = 1e-2;
    let checked = 0;
    for (const k of discrete ? [0] : [0, 2]) {
      const params = groups[k].params;
      for (let i = 0; i < params.length; i += k === 2 ? 1 : 3) {
        const keep = params[i];
        params[i] = keep + h;
        const plus = objective(policy, obs, actions, oldLogProb, adv, false);
        params[i] = keep - h;
        const minus = objective(policy, obs, actions, oldLogProb, adv, false);
        params[i] = keep;
        const fd = (plus - minus) / (2 * h);
        const g = grads[k][i];
        assert.ok(
          Math.abs(fd - g) <= 2e-4 + 2e-3 * Math.abs(g),
          `group ${k} param ${i}: finite difference ${fd} vs backward ${g}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 10);
  });
}

Deno.test("ActorCritic: sample/logProb agree, mode is greedy, toEnvActions clips", () => {
  const policy = makePolicy(false);
  const obs = new Float32Array([0.3, -0.2, 0.9]);
  const a = new Float32Array(2), lp = new Float32Array(1);
  policy.sample(obs, 1, new Random(1), a, lp);
  assert.ok(Math.abs(policy.logProb(obs, a) - lp[0]) < 1e-6);
  const mean = new Float32Array(2);
  policy.mode(obs, 1, mean);
  assert.deepEqual(mean, policy.actor.forward(obs, 1));
  const out = new Float32Array(4);
  policy.toEnvActions([1.5, -0.5, -3, 0.25], 2, out);
  assert.deepEqual(Array.from(out), [1, -0.5, -1, 0.25]);
  const d = makePolicy(true);
  const greedy = new Float32Array(1);
  d.mode(obs, 1, greedy);
  const logits = d.actor.forward(obs, 1);
  assert.equal(greedy[0], logits.indexOf(Math.max(...logits)));
});

Deno.test("ActorCritic: init follows CleanRL (orthogonal, head gains 0.01 and 1, zero biases)", () => {
  const p = makePolicy(true);
  // The policy head's rows have norm 0.01 (orthogonal rows scaled by the gain: 3 outputs ≤ 5 inputs).
  const w = p.actor.weight(1);
  for (let o = 0; o < 3; o++) {
    let s = 0;
    for (let i = 0; i < 5; i++) s += w[o * 5 + i] ** 2;
    assert.ok(Math.abs(Math.sqrt(s) - 0.01) < 1e-6);
  }
  assert.ok(p.actor.bias(0).every((b) => b === 0));
  assert.ok(p.critic!.bias(1).every((b) => b === 0));
  assert.deepEqual(Array.from(makePolicy(false).logStd), [-0.3, -0.3].map(Math.fround));
});

Deno.test("ActorCritic state round-trips; bad shapes are rejected", () => {
  const a = makePolicy(false),
    b = new ActorCritic({
      obsDim: 3,
      actionSpace: new Box([-1, -1], [1, 1]),
      hiddenSizes: [5],
      activation: "tanh",
      critic: true,
      rng: new Random(10),
    });
  b.loadState(a.state());
  assert.deepEqual(b.state(), a.state());
  assert.throws(() => makePolicy(true).loadState(a.state()), TypeError);
});
