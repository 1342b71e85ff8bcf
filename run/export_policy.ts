/**
 * {@linkcode exportPolicy}: the acting part of a trained agent as plain JSON — its networks as a
 * PyTorch `state_dict` (CleanRL's names: `actor.0.weight`, `critic.2.bias`, `actor_logstd`,
 * `network.4.weight`), the observation normalisation and the action space — so that NumPy or
 * PyTorch can compute the greedy action without this library (`deno task export`; the README has
 * the NumPy code, which a test runs against `agent.act`).
 *
 * @example
 * ```ts
 * import { exportPolicy, PPO } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const policy = exportPolicy(new PPO({ env: "CartPole-v1" }));
 * assert.deepEqual(policy.stateDict["actor.0.weight"].shape, [64, 4]);
 * assert.equal(policy.head, "categorical");
 * ```
 *
 * @module
 */
import type { Agent } from "../agents/common/agent.ts";
import { ActorCritic } from "../agents/common/policy.ts";
import { OBS_NORMALIZATION } from "../agents/common/on_policy.ts";
import { MLP, type TensorData } from "../core/nn/mlp.ts";
import { RunningMeanStd } from "../core/running_mean_std.ts";

/** The version of the {@linkcode PolicyExport} layout. */
export const POLICY_EXPORT_VERSION: number = 1;

/**
 * How the greedy action comes from the policy network's output `y`:
 * - `"categorical"`: `argmax(y)` (logits of a discrete policy);
 * - `"gaussian"`: `clip(y, low, high)` (the mean of a diagonal Gaussian; `actor_logstd` is its
 *   state-independent log-std, unused for the greedy action);
 * - `"q"`: `argmax(y)` (Q-values);
 * - `"dueling-q"`: `y = [V, A_0, …, A_{n−1}]`, `Q = V + A − mean(A)`, `argmax(Q)`.
 */
export type PolicyHead = "categorical" | "gaussian" | "q" | "dueling-q";

/** What {@linkcode exportPolicy} returns: plain JSON-able data. */
export interface PolicyExport {
  /** Always `"seeded-rl/policy"`. */
  format: "seeded-rl/policy";
  /** {@linkcode POLICY_EXPORT_VERSION}. */
  version: number;
  /** The algorithm (`"ppo"`, `"dqn"`...). */
  agent: string;
  /** The environment id. */
  env: string;
  /** Environment steps the agent was trained for. */
  globalStep: number;
  /** Numbers per observation. */
  observationSize: number;
  /** The action space: `n` actions, or a box with per-dimension bounds. */
  action: { kind: "discrete"; n: number } | { kind: "box"; low: number[]; high: number[] };
  /**
   * The running statistics observations are normalised with before the network:
   * `clip((obs − mean) / sqrt(var + epsilon), −clip, clip)`; `null` if the agent does not normalise.
   */
  observationNormalization: {
    mean: number[];
    var: number[];
    epsilon: number;
    clip: number;
  } | null;
  /** The state-dict prefix of the network that acts: `"actor"`, `"actor_mean"` or `"network"`. */
  policyNetwork: string;
  /** The hidden activation of the networks (none after the last layer). */
  activation: "tanh" | "relu";
  /** How the action comes from the policy network's output. */
  head: PolicyHead;
  /**
   * Every tensor, keyed as the `state_dict()` of CleanRL's modules, whose networks are
   * `nn.Sequential(Linear, activation, Linear, activation, Linear)` (so linear layer `l` is at
   * index `2l`): `actor.*` and `critic.*` (ppo.py's `Agent`), `actor_mean.*`, `actor_logstd`
   * (`[1, actionSize]`) and `critic.*` (ppo_continuous_action.py), `network.*` (dqn.py's
   * `QNetwork`; with a dueling head its last layer outputs `[V, A_0, …]`). Weights are `[out, in]`.
   */
  stateDict: Record<string, TensorData>;
}

/** The tensors of an MLP under a CleanRL `nn.Sequential` prefix: `prefix.{2l}.weight`... */
function sequentialStateDict(net: MLP, prefix: string): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  for (const [key, tensor] of Object.entries(net.stateDict())) {
    const [, layer, kind] = key.split(".");
    out[`${prefix}.${2 * Number(layer)}.${kind}`] = tensor;
  }
  return out;
}

function hiddenActivation(who: string, net: MLP): "tanh" | "relu" {
  const a = net.activation;
  if ((a !== "tanh" && a !== "relu") || net.outputActivation !== "identity") {
    throw new TypeError(
      `Cannot export the policy of ${who}: its network's activations are ${a} and ${net.outputActivation}, expected tanh or relu and none after the last layer`,
    );
  }
  return a;
}

/**
 * The greedy policy of a trained agent as plain JSON-able data (see {@linkcode PolicyExport} for
 * the layout): policy-gradient agents export their actor (and critic and log-std), DQN its online
 * Q-network, all with the observation normalisation the agent acts with.
 *
 * @param agent A REINFORCE, A2C, PPO or DQN agent (or any agent with an `ActorCritic` `policy` or
 *   an `MLP` `qNetwork`).
 * @returns The export; `JSON.stringify` it to write `policy.json`.
 * @throws {TypeError} for an agent whose networks this function does not know.
 * @example
 * ```ts
 * import { DQN, exportPolicy } from "@seeded/rl";
 * import assert from "node:assert/strict";
 *
 * const policy = exportPolicy(new DQN({ env: "CartPole-v1", dueling: true }));
 * assert.deepEqual(Object.keys(policy.stateDict), [
 *   "network.0.weight", "network.0.bias", "network.2.weight", "network.2.bias",
 *   "network.4.weight", "network.4.bias",
 * ]);
 * assert.deepEqual(policy.stateDict["network.4.weight"].shape, [3, 84]); // V, A_0, A_1
 * assert.equal(policy.head, "dueling-q");
 * ```
 */
export function exportPolicy(agent: Agent): PolicyExport {
  const who = `${agent.algorithm} on ${agent.envId}`;
  const fields = agent as unknown as Record<string, unknown>;
  const venv = (fields.venv ?? fields.envs) as { obsRms?: unknown } | undefined;
  const rms = venv?.obsRms;
  const observationNormalization = rms instanceof RunningMeanStd
    ? {
      mean: Array.from(rms.mean),
      var: Array.from(rms.var),
      epsilon: OBS_NORMALIZATION.epsilon,
      clip: OBS_NORMALIZATION.clip,
    }
    : null;
  const common = {
    format: "seeded-rl/policy" as const,
    version: POLICY_EXPORT_VERSION,
    agent: agent.algorithm,
    env: agent.envId,
    globalStep: agent.globalStep,
    observationNormalization,
  };
  const policy = fields.policy;
  if (policy instanceof ActorCritic) {
    const actorName = policy.discrete ? "actor" : "actor_mean";
    const stateDict = sequentialStateDict(policy.actor, actorName);
    if (!policy.discrete) {
      stateDict.actor_logstd = { shape: [1, policy.actDim], data: Array.from(policy.logStd) };
    }
    if (policy.critic !== null) {
      Object.assign(stateDict, sequentialStateDict(policy.critic, "critic"));
    }
    return {
      ...common,
      observationSize: policy.obsDim,
      action: policy.discrete
        ? { kind: "discrete", n: policy.nOut }
        : { kind: "box", low: Array.from(policy.low), high: Array.from(policy.high) },
      policyNetwork: actorName,
      activation: hiddenActivation(who, policy.actor),
      head: policy.discrete ? "categorical" : "gaussian",
      stateDict,
    };
  }
  const qNetwork = fields.qNetwork;
  if (qNetwork instanceof MLP) {
    const dueling = agent.config.dueling === true;
    const outputs = qNetwork.sizes[qNetwork.sizes.length - 1];
    return {
      ...common,
      observationSize: qNetwork.sizes[0],
      action: { kind: "discrete", n: dueling ? outputs - 1 : outputs },
      policyNetwork: "network",
      activation: hiddenActivation(who, qNetwork),
      head: dueling ? "dueling-q" : "q",
      stateDict: sequentialStateDict(qNetwork, "network"),
    };
  }
  throw new TypeError(
    `Cannot export the policy of ${who}: it has neither an ActorCritic policy nor an MLP qNetwork`,
  );
}
