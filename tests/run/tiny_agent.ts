/**
 * A tiny agent written as a user would add one: one file with its config declaration, the agent
 * class and its registry definition. It acts at random with a learned per-action preference that
 * drifts toward actions followed by reward (not a serious algorithm: it exists to prove that an
 * agent added in one file plus one `registerAgent` line trains through the runner and the CLI).
 *
 * @module
 */
import type {
  ActOptions,
  Agent,
  AgentState,
  EpisodeRecord,
  LearnReport,
  UpdateRecord,
} from "../../agents/common/agent.ts";
import type { AgentDefinition } from "../../agents/common/agent_definition.ts";
import {
  type AgentConfigSpec,
  ENV_FIELD,
  resolveAgentConfig,
  SEED_FIELD,
} from "../../agents/common/config.ts";
import type { ConfigOf } from "../../core/config.ts";
import type { RmspropConfig } from "../../core/optim/rmsprop_config.ts";
import { Random, type RandomState } from "../../core/random.ts";
import { make } from "../../envs/registry.ts";
import { saveAgent } from "../../core/save_agent.ts";

/** The config declaration: every field once. */
export const TINY_CONFIG = {
  fields: {
    env: ENV_FIELD,
    seed: SEED_FIELD,
    totalTimesteps: { type: "number", default: 1000, min: 1, integer: true, doc: "Budget." },
    updateEvery: {
      type: "number",
      default: 50,
      min: 1,
      integer: true,
      doc: "Env steps between updates of the action preferences.",
    },
    stepSize: { type: "number", default: 0.1, min: 0, max: 1, doc: "Preference step size." },
  },
  rmsprop: { rmspropPreset: "pytorch" },
} as const satisfies AgentConfigSpec;

/** Its config type, inferred from the declaration. */
export interface TinyConfig extends ConfigOf<typeof TINY_CONFIG.fields>, RmspropConfig {}

/** The tiny agent (discrete actions only). */
export class TinyAgent implements Agent {
  readonly algorithm: string = "tiny";
  readonly config: Readonly<TinyConfig>;
  readonly envId: string;
  #env;
  #n: number;
  #rng: Random;
  #prefs: number[];
  #obs: Float32Array;
  #globalStep = 0;
  #episodeReturn = 0;
  #episodeLength = 0;
  #rewardSince = 0;

  constructor(options: Partial<TinyConfig> = {}) {
    this.config = Object.freeze(resolveAgentConfig("TinyAgent", TINY_CONFIG, options));
    this.envId = this.config.env;
    this.#env = make(this.config.env);
    const space = this.#env.actionSpace;
    if (space.kind !== "discrete") throw new TypeError("TinyAgent needs a Discrete action space");
    this.#n = space.n;
    this.#prefs = new Array(this.#n).fill(0);
    this.#rng = new Random(this.config.seed).child("agent");
    this.#obs = this.#env.reset({ seed: this.config.seed }).observation as Float32Array;
  }

  get globalStep(): number {
    return this.#globalStep;
  }

  act(_observation: Float32Array, options: ActOptions = {}): number {
    if (options.deterministic) return this.#prefs.indexOf(Math.max(...this.#prefs));
    return this.#rng.int(this.#n);
  }

  learn(steps: number): LearnReport {
    const episodes: EpisodeRecord[] = [];
    const updates: UpdateRecord[] = [];
    for (let k = 0; k < steps; k++) {
      const action = this.#rng.int(this.#n);
      const r = this.#env.step(action);
      this.#globalStep++;
      this.#episodeReturn += r.reward;
      this.#episodeLength++;
      this.#rewardSince += r.reward;
      this.#prefs[action] += this.config.stepSize * (r.reward - this.#prefs[action]);
      if (r.terminated || r.truncated) {
        episodes.push({
          step: this.#globalStep,
          return: this.#episodeReturn,
          length: this.#episodeLength,
        });
        this.#episodeReturn = 0;
        this.#episodeLength = 0;
        this.#obs = this.#env.reset().observation as Float32Array;
      }
      if (this.#globalStep % this.config.updateEvery === 0) {
        updates.push({ step: this.#globalStep, values: { "charts/reward": this.#rewardSince } });
        this.#rewardSince = 0;
      }
    }
    return { episodes, updates, globalStep: this.#globalStep };
  }

  state(): AgentState {
    return {
      algorithm: "tiny",
      globalStep: this.#globalStep,
      prefs: Float64Array.from(this.#prefs),
      rng: this.#rng.state() as unknown as Record<string, unknown>,
    };
  }

  /** The agent as checkpoint bytes. */
  save(): Uint8Array {
    return saveAgent(this);
  }

  loadState(state: AgentState): void {
    this.#globalStep = state.globalStep as number;
    this.#prefs = Array.from(state.prefs as Float64Array);
    this.#rng.loadState(state.rng as unknown as RandomState);
    this.#obs = this.#env.reset({ seed: this.config.seed + this.#globalStep })
      .observation as Float32Array;
  }
}

/** The registry definition: `registerAgent(TINY_DEFINITION)` is the one line that adds it. */
export const TINY_DEFINITION: AgentDefinition = {
  name: "tiny",
  description: "A tiny test agent (random actions, reward-following preferences).",
  actionSpaces: ["discrete"],
  config: TINY_CONFIG,
  create: (options) => new TinyAgent(options as Partial<TinyConfig>),
};
