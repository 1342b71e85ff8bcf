/**
 * {@linkcode OffPolicyKit}: the plumbing of an agent that learns from a replay buffer (DQN) —
 * the training envs, the replay buffer and the collection step that fills it, the named random
 * streams, the step counter and the saved state — plus the schedule helpers of its `learn` loop:
 * {@linkcode explorationSchedule}, {@linkcode multiplesIn} and {@linkcode updateTargetNetwork}.
 * Internal: not re-exported.
 *
 * @module
 */
import type { AgentState, EpisodeRecord } from "./agent.ts";
import { checkAgentState, loadRngs, saveRngs } from "./agent_state.ts";
import { episodeRecord, makeTrainingEnvs } from "./training_envs.ts";
import { NStepAccumulator, type NStepAccumulatorState } from "../../core/buffers/n_step.ts";
import type { ReplayBuffer, ReplayBufferState } from "../../core/buffers/replay.ts";
import type { MLP } from "../../core/nn/mlp.ts";
import { constantSchedule, linearSchedule, type Schedule } from "../../core/optim/schedule.ts";
import { Random } from "../../core/random.ts";
import type { SyncVectorEnv, SyncVectorEnvSnapshot } from "../../env/vector_env.ts";
import type { WrappableEnv } from "../../env/wrappers/wrapper.ts";

/** What {@linkcode OffPolicyKit} is built from. */
export interface OffPolicyKitOptions {
  /** The algorithm's short name, saved in the state (`"dqn"`). */
  algorithm: string;
  /** The agent's name in messages (`"DQN"`). */
  who: string;
  /** Makes one training env (from `makeEnvSource` of the agent's `env` option). */
  createEnv: () => WrappableEnv;
  /** The run seed: sub-env i gets `seed + i`, stream `name` is `new Random(seed).child(name)`. */
  seed: number;
  /** Number of sub-envs. */
  numEnvs: number;
  /** Builds the replay buffer for observations of `obsDim` numbers. */
  replayBuffer: (obsDim: number) => ReplayBuffer;
  /** n of n-step transitions (1: one-step transitions, stored as they come). */
  nStep: number;
  /** The discount of the n-step sums. */
  gamma: number;
  /** The named random streams, for example `["exploration", "replay", "act"]`. */
  streams: readonly string[];
}

/**
 * The training envs (reset), the replay buffer, the named streams and the step counter of an
 * off-policy agent, and the step that collects one vector step of transitions.
 *
 * @example
 * ```ts
 * import { OffPolicyKit } from "./off_policy.ts";
 * import { ReplayBuffer } from "../../core/buffers/replay.ts";
 * import { make } from "../../envs/registry.ts";
 * const kit = new OffPolicyKit({
 *   algorithm: "x", who: "X", createEnv: () => make("CartPole-v1"), seed: 1, numEnvs: 2, streams: ["exploration"],
 *   replayBuffer: (obsDim) => new ReplayBuffer({ capacity: 100, obsDim }), nStep: 1, gamma: 0.99,
 * });
 * kit.step(new Int32Array([0, 1]), []); // two transitions stored, globalStep 2
 * ```
 */
export class OffPolicyKit {
  /** The algorithm's short name. */
  readonly algorithm: string;
  /** The agent's name in messages. */
  readonly who: string;
  /** The training envs. */
  readonly envs: SyncVectorEnv;
  /** The replay buffer. */
  readonly replayBuffer: ReplayBuffer;
  /** The named generators. */
  readonly rngs: Readonly<Record<string, Random>>;
  /** Env steps so far (all sub-envs). */
  globalStep = 0;
  #nStep: NStepAccumulator;
  #observations: Float32Array;

  /** Builds and resets the envs and allocates the buffer. */
  constructor(options: OffPolicyKitOptions) {
    const { createEnv, seed, numEnvs } = options;
    this.algorithm = options.algorithm;
    this.who = options.who;
    this.envs = makeTrainingEnvs(createEnv, numEnvs, seed, false);
    const obsDim = this.envs.obsDim;
    this.replayBuffer = options.replayBuffer(obsDim);
    this.#nStep = new NStepAccumulator({
      nStep: options.nStep,
      gamma: options.gamma,
      numEnvs,
      obsDim,
    });
    const root = new Random(seed);
    const rngs: Record<string, Random> = {};
    for (const name of options.streams) rngs[name] = root.child(name);
    this.rngs = rngs;
    this.#observations = new Float32Array(numEnvs * this.envs.obsDim);
  }

  /**
   * Steps every sub-env with `actions` and stores `(s, a, r, s', terminated)`, where s' is the
   * final observation when the episode ended (so a truncated episode bootstraps from it and a
   * terminated one does not) — through the n-step accumulator, which sums n of them (cut at an
   * episode end); appends finished episodes and advances `globalStep`.
   */
  step(actions: Int32Array, episodes: EpisodeRecord[]): void {
    const envs = this.envs, n = envs.numEnvs, d = envs.obsDim, obs = this.#observations;
    obs.set(envs.observations);
    envs.step(actions);
    this.globalStep += n;
    for (let i = 0; i < n; i++) {
      const ended = envs.hasFinalObservation[i] === 1;
      const next = ended ? envs.finalObservation : envs.observations;
      this.#nStep.add(
        this.replayBuffer,
        i,
        obs,
        next,
        actions[i],
        envs.rewards[i],
        envs.terminated[i],
        ended,
        i * d,
        i * d,
      );
      if (ended) episodes.push(episodeRecord(envs, i, this.globalStep));
    }
  }

  /**
   * The state tree: the agent's own `parts`, then the counter, replay buffer, streams, envs and
   * (with n > 1) the open n-step sums.
   */
  state(parts: AgentState): AgentState {
    return {
      algorithm: this.algorithm,
      globalStep: this.globalStep,
      ...parts,
      replayBuffer: this.replayBuffer.state(),
      rngs: saveRngs(this.rngs),
      envs: this.envs.snapshot(),
      ...(this.#nStep.nStep > 1 ? { nStep: this.#nStep.state() } : {}),
    };
  }

  /**
   * Checks a state's header (algorithm, `globalStep`, streams) and returns it with legacy keys
   * renamed; call it before restoring anything.
   *
   * @throws {TypeError} naming what does not fit.
   */
  checkState(state: AgentState): AgentState {
    return checkAgentState(this.who, this.algorithm, state, ["globalStep"], this.rngs);
  }

  /** Restores the replay buffer, n-step sums, envs, streams and counter of a checked state. */
  loadState(state: AgentState): void {
    this.replayBuffer.loadState(state.replayBuffer as ReplayBufferState);
    if (this.#nStep.nStep > 1) this.#nStep.loadState(state.nStep as NStepAccumulatorState);
    this.envs.restore(state.envs as SyncVectorEnvSnapshot);
    loadRngs(this.rngs, state);
    this.globalStep = state.globalStep as number;
  }
}

/**
 * The ε-greedy schedule: linear from `startE` to `endE` over `explorationFraction ×
 * totalTimesteps` steps (CleanRL's `linear_schedule`), or `endE` throughout if that is 0.
 *
 * @example
 * ```ts
 * import { explorationSchedule } from "./off_policy.ts";
 * explorationSchedule(1, 0.05, 0.5, 1000)(250); // 0.525
 * ```
 */
export function explorationSchedule(
  startE: number,
  endE: number,
  explorationFraction: number,
  totalTimesteps: number,
): Schedule {
  const duration = explorationFraction * totalTimesteps;
  return duration > 0 ? linearSchedule(startE, endE, duration) : constantSchedule(endE);
}

/**
 * How many multiples of `every` lie in (max(before, start), after]: the rounds of a periodic
 * event (training, target update) due in a vector step from `before` to `after` env steps, once
 * `start` steps are passed.
 *
 * @example
 * ```ts
 * import { multiplesIn } from "./off_policy.ts";
 * multiplesIn(8, 12, 10, 0); // 1 (step 10)
 * ```
 */
export function multiplesIn(before: number, after: number, every: number, start: number): number {
  const from = Math.max(before, start);
  return after > from ? Math.floor(after / every) - Math.floor(from / every) : 0;
}

/**
 * `times` target-network updates θ' ← τθ + (1 − τ)θ' (a hard copy when τ = 1).
 *
 * @example
 * ```ts
 * import { updateTargetNetwork } from "./off_policy.ts";
 * import { MLP } from "../../core/nn/mlp.ts";
 * import { Random } from "../../core/random.ts";
 * const online = new MLP({ sizes: [2, 2], activation: "relu", rng: new Random(1) });
 * const target = online.clone();
 * updateTargetNetwork(target, online, 1, 1);
 * ```
 */
export function updateTargetNetwork(target: MLP, online: MLP, tau: number, times: number): void {
  for (let k = 0; k < times; k++) {
    if (tau === 1) target.copyFrom(online);
    else target.lerpFrom(online, tau);
  }
}
