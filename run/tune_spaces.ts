/**
 * The tuner's default search space of each agent, after rl-zoo's `hyperparams_opt.py`
 * (`sample_dqn_params`, `sample_ppo_params`, `sample_a2c_params`) narrowed to classic control
 * and to the fields of this framework's configs. `--space space.json` replaces them.
 *
 * @example
 * ```ts
 * import { DEFAULT_SEARCH_SPACES, Random, sampleConfig } from "@seeded/rl";
 * const config = sampleConfig(DEFAULT_SEARCH_SPACES.dqn, new Random(1));
 * ```
 *
 * @module
 */
import type { SearchSpace } from "./tune_plan.ts";

const LEARNING_RATE = { type: "loguniform", low: 1e-5, high: 1e-2 } as const;
const GAMMA = { type: "choice", values: [0.9, 0.95, 0.98, 0.99, 0.995, 0.999] } as const;
const HIDDEN = { type: "choice", values: [[64], [64, 64], [128, 128], [256, 256]] } as const;
const MAX_GRAD_NORM = { type: "choice", values: [0.3, 0.5, 1, 2, 5] } as const;
const ENT_COEF = { type: "loguniform", low: 1e-8, high: 0.1 } as const;

/**
 * Default search spaces by agent name (`reinforce`, `a2c`, `ppo`, `dqn`): config field → how
 * the tuner draws it; every other field keeps its default or the value given on the command line.
 *
 * @example
 * ```ts
 * import { DEFAULT_SEARCH_SPACES } from "@seeded/rl";
 * Object.keys(DEFAULT_SEARCH_SPACES.ppo); // ["learningRate", "gamma", ...]
 * ```
 */
export const DEFAULT_SEARCH_SPACES: Readonly<Record<string, SearchSpace>> = Object.freeze({
  reinforce: {
    learningRate: LEARNING_RATE,
    gamma: GAMMA,
    episodesPerBatch: { type: "int", low: 1, high: 16, log: true },
    entCoef: ENT_COEF,
    maxGradNorm: MAX_GRAD_NORM,
    hiddenSizes: HIDDEN,
    activation: { type: "choice", values: ["tanh", "relu"] },
  },
  a2c: {
    learningRate: LEARNING_RATE,
    gamma: GAMMA,
    numSteps: { type: "choice", values: [5, 8, 16, 32, 64, 128] },
    gaeLambda: { type: "choice", values: [0.8, 0.9, 0.92, 0.95, 0.98, 0.99, 1] },
    normAdv: { type: "choice", values: [false, true] },
    entCoef: ENT_COEF,
    vfCoef: { type: "uniform", low: 0, high: 1 },
    maxGradNorm: MAX_GRAD_NORM,
    hiddenSizes: HIDDEN,
    activation: { type: "choice", values: ["tanh", "relu"] },
    normalizeObservation: { type: "choice", values: [false, true] },
  },
  ppo: {
    learningRate: LEARNING_RATE,
    gamma: GAMMA,
    // Powers of two: numMinibatches always divides numEnvs × numSteps.
    numSteps: { type: "choice", values: [64, 128, 256, 512, 1024, 2048] },
    numMinibatches: { type: "choice", values: [1, 2, 4, 8, 16, 32] },
    updateEpochs: { type: "choice", values: [1, 5, 10, 20] },
    gaeLambda: { type: "choice", values: [0.8, 0.9, 0.92, 0.95, 0.98, 0.99, 1] },
    clipCoef: { type: "choice", values: [0.1, 0.2, 0.3, 0.4] },
    entCoef: ENT_COEF,
    vfCoef: { type: "uniform", low: 0, high: 1 },
    maxGradNorm: MAX_GRAD_NORM,
    hiddenSizes: HIDDEN,
    activation: { type: "choice", values: ["tanh", "relu"] },
    normalizeObservation: { type: "choice", values: [false, true] },
  },
  dqn: {
    learningRate: LEARNING_RATE,
    gamma: GAMMA,
    batchSize: { type: "choice", values: [32, 64, 128, 256] },
    bufferSize: { type: "choice", values: [10_000, 50_000, 100_000] },
    endE: { type: "uniform", low: 0, high: 0.2 },
    explorationFraction: { type: "uniform", low: 0.05, high: 0.5 },
    targetNetworkFrequency: { type: "choice", values: [1, 100, 250, 500, 1000, 5000] },
    learningStarts: { type: "choice", values: [0, 1000, 5000, 10_000] },
    trainFrequency: { type: "choice", values: [1, 4, 8, 16, 128, 256] },
    gradientSteps: { type: "choice", values: [1, 2, 4, 8, 16, 64] },
    hiddenSizes: HIDDEN,
    doubleDqn: { type: "choice", values: [false, true] },
    nStep: { type: "choice", values: [1, 3, 5] },
    prioritizedReplay: { type: "choice", values: [false, true] },
  },
});
