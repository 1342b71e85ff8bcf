/**
 * Internal plumbing shared by the policy-gradient agents (REINFORCE, A2C, PPO): acting on one
 * observation, the `learn(steps)` step check and the rollout loop of A2C and PPO, explained
 * variance, and the state tree of
 * `state()` / `loadState()`. Not re-exported.
 *
 * @module
 */
import type { AgentState, EpisodeRecord, LearnReport, UpdateRecord } from "./agent.ts";
import type { RolloutCollector } from "./rollout_collector.ts";
import type { RMSprop, RMSpropState } from "../../core/optim/rmsprop.ts";
import type { ActorCritic, ActorCriticState } from "./policy.ts";
import type { Random, RandomState } from "../../core/random.ts";
import type { RewardNormalizer, RewardNormalizerState } from "./reward_normalizer.ts";
import type { SyncVectorEnv, SyncVectorEnvSnapshot } from "../../env/vector_env.ts";

/** Observation normalisation settings of every policy-gradient agent (SB3 `VecNormalize`). */
export const OBS_NORMALIZATION: { clip: number; epsilon: number } = Object.freeze({
  clip: 10,
  epsilon: 1e-8,
});

/** Anything with an exact state round-trip (a rollout buffer, an episode store). */
export interface Stateful {
  /** A copy of the contents. */
  state(): object;
  /** Restores a copy. */
  loadState(state: never): void;
}

/** The mutable parts of a policy-gradient agent that its state covers. */
export interface OnPolicyParts {
  /** `"reinforce"`, `"a2c"` or `"ppo"`. */
  algorithm: string;
  /** The training envs. */
  venv: SyncVectorEnv;
  /** The networks. */
  policy: ActorCritic;
  /** The optimizer. */
  optimizer: RMSprop;
  /** The transition storage. */
  buffer: Stateful;
  /** Reward scaling, or `null`. */
  rewardNormalizer: RewardNormalizer | null;
  /** The named generators (`agent`, `minibatch`, `act`...). */
  rngs: Record<string, Random>;
  /** Environment steps so far. */
  globalStep: number;
  /** Updates so far. */
  numUpdates: number;
}

/** Scratch arrays of {@linkcode actOne}. */
export interface ActScratch {
  /** The normalised observation. */
  obs: Float32Array;
  /** The raw action. */
  action: Float32Array;
  /** Its log-probability. */
  logProb: Float32Array;
}

/** Allocates the scratch arrays of {@linkcode actOne}. */
export function makeActScratch(policy: ActorCritic): ActScratch {
  return {
    obs: new Float32Array(policy.obsDim),
    action: new Float32Array(policy.actDim),
    logProb: new Float32Array(1),
  };
}

/**
 * The action for one raw observation: normalised with the training envs' statistics (read, not
 * updated), then the mode or a sample from the `act` stream; continuous actions are clipped.
 */
export function actOne(
  who: string,
  parts: OnPolicyParts,
  scratch: ActScratch,
  observation: ArrayLike<number>,
  deterministic: boolean,
): number | Float32Array {
  const policy = parts.policy;
  if (observation?.length !== policy.obsDim) {
    throw new TypeError(
      `Cannot act with ${who}: observation must hold ${policy.obsDim} numbers, got ${observation?.length}`,
    );
  }
  const rms = parts.venv.obsRms;
  if (rms !== null) rms.normalize(observation, scratch.obs, 1, OBS_NORMALIZATION);
  else for (let j = 0; j < policy.obsDim; j++) scratch.obs[j] = observation[j];
  if (deterministic) policy.mode(scratch.obs, 1, scratch.action);
  else policy.sample(scratch.obs, 1, parts.rngs.act, scratch.action, scratch.logProb);
  if (policy.discrete) return scratch.action[0];
  const out = new Float32Array(policy.actDim);
  policy.toEnvActions(scratch.action, 1, out);
  return out;
}

/** Checks `learn(steps)`'s argument and returns the number of vector steps. */
export function stepCount(who: string, steps: number, numEnvs: number): number {
  if (!(Number.isSafeInteger(steps) && steps >= 0 && steps % numEnvs === 0)) {
    throw new RangeError(
      `Cannot learn with ${who}: steps must be a non-negative multiple of numEnvs (${numEnvs}), got ${steps}`,
    );
  }
  return steps / numEnvs;
}

/**
 * `learn(steps)` of a rollout agent (A2C, PPO): `steps / numEnvs` vector steps of collection,
 * calling `update` (then emptying the buffer) whenever the rollout buffer fills.
 */
export function learnRollouts(
  who: string,
  parts: OnPolicyParts,
  collector: RolloutCollector,
  steps: number,
  update: () => UpdateRecord,
): LearnReport {
  const n = collector.venv.numEnvs, buffer = collector.buffer;
  const vectorSteps = stepCount(who, steps, n);
  const episodes: EpisodeRecord[] = [];
  const updates: UpdateRecord[] = [];
  for (let k = 0; k < vectorSteps; k++) {
    parts.globalStep += n;
    collector.step(parts.globalStep, episodes);
    if (buffer.full) {
      updates.push(update());
      buffer.pos = 0;
    }
  }
  return { episodes, updates, globalStep: parts.globalStep };
}

/**
 * `1 − Var(returns − values) / Var(returns)` (population variances, NaN when Var(returns) = 0),
 * CleanRL's `explained_var`.
 */
export function explainedVariance(
  values: ArrayLike<number>,
  returns: ArrayLike<number>,
  n: number,
): number {
  let my = 0, md = 0;
  for (let i = 0; i < n; i++) {
    my += returns[i];
    md += returns[i] - values[i];
  }
  my /= n;
  md /= n;
  let vy = 0, vd = 0;
  for (let i = 0; i < n; i++) {
    const y = returns[i] - my, d = returns[i] - values[i] - md;
    vy += y * y;
    vd += d * d;
  }
  return vy === 0 ? NaN : 1 - vd / vy;
}

/** The state tree of a policy-gradient agent. */
export function saveAgentState(parts: OnPolicyParts): AgentState {
  const rngs: Record<string, RandomState> = {};
  for (const [name, rng] of Object.entries(parts.rngs)) rngs[name] = rng.state();
  return {
    algorithm: parts.algorithm,
    globalStep: parts.globalStep,
    numUpdates: parts.numUpdates,
    policy: parts.policy.state(),
    optimizer: parts.optimizer.state(),
    rngs,
    buffer: parts.buffer.state(),
    env: parts.venv.snapshot(),
    rewardNormalizer: parts.rewardNormalizer?.state() ?? null,
  } as AgentState;
}

/** Restores {@linkcode saveAgentState}'s tree into an agent built with the same config. */
export function loadAgentState(who: string, parts: OnPolicyParts, state: AgentState): void {
  if (state === null || typeof state !== "object" || state.algorithm !== parts.algorithm) {
    throw new TypeError(
      `Cannot restore ${who}: expected a "${parts.algorithm}" state, got ${
        state === null || typeof state !== "object" ? state : JSON.stringify(state.algorithm)
      }`,
    );
  }
  for (const name of ["globalStep", "numUpdates"] as const) {
    const v = state[name];
    if (!(typeof v === "number" && Number.isSafeInteger(v) && v >= 0)) {
      throw new TypeError(`Cannot restore ${who}: state.${name} must be an integer >= 0, got ${v}`);
    }
  }
  const rngs = state.rngs as Record<string, RandomState> | undefined;
  for (const name of Object.keys(parts.rngs)) {
    if (rngs?.[name] === undefined) {
      throw new TypeError(`Cannot restore ${who}: state.rngs.${name} is missing`);
    }
  }
  if ((state.rewardNormalizer === null) !== (parts.rewardNormalizer === null)) {
    throw new TypeError(
      `Cannot restore ${who}: reward normalisation is ${
        parts.rewardNormalizer === null ? "off" : "on"
      } here but not in the state`,
    );
  }
  parts.policy.loadState(state.policy as ActorCriticState);
  parts.optimizer.loadState(state.optimizer as RMSpropState);
  parts.buffer.loadState(state.buffer as never);
  parts.venv.restore(state.env as SyncVectorEnvSnapshot);
  if (parts.rewardNormalizer !== null) {
    parts.rewardNormalizer.loadState(state.rewardNormalizer as RewardNormalizerState);
  }
  for (const [name, rng] of Object.entries(parts.rngs)) rng.loadState(rngs![name]);
  parts.globalStep = state.globalStep as number;
  parts.numUpdates = state.numUpdates as number;
}

/** In place: (x − mean) / (std + 1e-8) with torch's unbiased std, over the first `n` values. */
export function normalizeAdvantages(x: Float64Array, n: number): void {
  let mean = 0;
  for (let k = 0; k < n; k++) mean += x[k];
  mean /= n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (x[k] - mean) * (x[k] - mean);
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  for (let k = 0; k < n; k++) x[k] = (x[k] - mean) / (std + 1e-8);
}
