/**
 * Action distributions for policy-gradient agents, batched over typed arrays: a categorical over
 * logits (discrete actions) and a diagonal Gaussian with a state-independent log-std vector
 * (continuous actions). Each function reads row-major batch × n inputs and writes into arrays the
 * caller owns, so nothing is allocated per call.
 *
 * The gradient functions differentiate one weighted sum, which covers REINFORCE, A2C and PPO:
 *
 *     L = Σ_b ( w_b · log π(a_b | row b) + w_H · H(row b) )
 *
 * For example PPO's unclipped rows have `w_b = −advantage_b · ratio_b / batch` and its entropy
 * bonus is `w_H = −entCoef / batch`. The gradient arrays are overwritten, not added to.
 *
 * @example
 * ```ts
 * import { categoricalLogProb, categoricalSample, Random } from "@seeded/rl";
 *
 * const logits = new Float32Array([0, 1, 2, 2, 1, 0]); // batch 2 × 3 actions
 * const actions = new Int32Array(2);
 * categoricalSample(logits, 2, 3, new Random(0), actions);
 * const logProbs = new Float32Array(2);
 * categoricalLogProb(logits, 2, 3, actions, logProbs);
 * ```
 *
 * @module
 */
import type { FloatArray } from "../optim/rmsprop.ts";
import type { Random } from "../random.ts";
import { exp } from "../math/exp.ts";
import { log } from "../math/log.ts";

/** An array that receives action indices: `Int32Array` or a float array. */
export type ActionIndexArray = Int32Array | FloatArray;

const HALF_LOG_2PI = 0.5 * log(2 * Math.PI);

/**
 * Log-softmax of each row, stably: `out[b, i] = z_i − m − log Σ_j exp(z_j − m)` with
 * `m = max_j z_j`, so no exp overflows.
 *
 * @param logits z, batch × nActions.
 * @param out Receives batch × nActions log-probabilities (may be `logits` itself).
 * @example
 * ```ts
 * import { logSoftmax } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const out = new Float64Array(2);
 * logSoftmax([1000, 1000], 1, 2, out); // no overflow
 * assert.deepEqual(Array.from(out), [-Math.LN2, -Math.LN2]);
 * ```
 */
export function logSoftmax(
  logits: ArrayLike<number>,
  batch: number,
  nActions: number,
  out: FloatArray,
): void {
  checkLogits("logSoftmax", logits, batch, nActions);
  checkLength("logSoftmax", "out", out, batch * nActions);
  for (let b = 0; b < batch; b++) {
    const at = b * nActions;
    const m = rowMax(logits, at, nActions);
    const logS = logSumExpShifted(logits, at, nActions, m);
    for (let i = 0; i < nActions; i++) out[at + i] = logits[at + i] - m - logS;
  }
}

/**
 * Draws one action per row from softmax(logits), with one `rng.float()` per row: the same draw as
 * `rng.categorical` over the weights exp(z_i − max z).
 *
 * @param actions Receives `batch` indices in [0, nActions).
 * @example
 * ```ts
 * import { categoricalSample, Random } from "@seeded/rl";
 * const actions = new Int32Array(1);
 * categoricalSample([0, 0, 5], 1, 3, new Random(0), actions); // almost surely 2
 * ```
 */
export function categoricalSample(
  logits: ArrayLike<number>,
  batch: number,
  nActions: number,
  rng: Random,
  actions: ActionIndexArray,
): void {
  checkLogits("categoricalSample", logits, batch, nActions);
  checkLength("categoricalSample", "actions", actions, batch);
  for (let b = 0; b < batch; b++) {
    const at = b * nActions;
    const m = rowMax(logits, at, nActions);
    let total = 0;
    for (let i = 0; i < nActions; i++) total += exp(logits[at + i] - m);
    const u = rng.float() * total;
    let acc = 0;
    let a = nActions - 1;
    for (let i = 0; i < nActions - 1; i++) {
      acc += exp(logits[at + i] - m);
      if (u < acc) {
        a = i;
        break;
      }
    }
    actions[b] = a;
  }
}

/**
 * The most likely action of each row (argmax of the logits, the first on ties): the deterministic
 * policy.
 *
 * @example
 * ```ts
 * import { categoricalMode } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const actions = new Int32Array(2);
 * categoricalMode([0.1, 0.9, 3, -1], 2, 2, actions);
 * assert.deepEqual(Array.from(actions), [1, 0]);
 * ```
 */
export function categoricalMode(
  logits: ArrayLike<number>,
  batch: number,
  nActions: number,
  actions: ActionIndexArray,
): void {
  checkLogits("categoricalMode", logits, batch, nActions);
  checkLength("categoricalMode", "actions", actions, batch);
  for (let b = 0; b < batch; b++) {
    const at = b * nActions;
    let best = 0;
    for (let i = 1; i < nActions; i++) if (logits[at + i] > logits[at + best]) best = i;
    actions[b] = best;
  }
}

/**
 * `out[b] = log π(a_b) = z_a − m − log Σ_j exp(z_j − m)`, the log-softmax at the taken action.
 *
 * @param actions `batch` indices in [0, nActions).
 * @param out Receives `batch` log-probabilities.
 * @throws {RangeError} for an action outside [0, nActions).
 * @example
 * ```ts
 * import { categoricalLogProb } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const out = new Float64Array(1);
 * categoricalLogProb([0, 0], 1, 2, [1], out); // two equal logits: log(1/2)
 * assert.equal(out[0], -Math.LN2);
 * ```
 */
export function categoricalLogProb(
  logits: ArrayLike<number>,
  batch: number,
  nActions: number,
  actions: ArrayLike<number>,
  out: FloatArray,
): void {
  checkLogits("categoricalLogProb", logits, batch, nActions);
  checkLength("categoricalLogProb", "actions", actions, batch);
  checkLength("categoricalLogProb", "out", out, batch);
  for (let b = 0; b < batch; b++) {
    const at = b * nActions;
    const a = checkAction("categoricalLogProb", actions, b, nActions);
    const m = rowMax(logits, at, nActions);
    out[b] = logits[at + a] - m - logSumExpShifted(logits, at, nActions, m);
  }
}

/**
 * `out[b] = H = −Σ_i p_i log p_i`, computed as `log S − Σ_i e_i (z_i − m) / S` with
 * `e_i = exp(z_i − m)` and `S = Σ_i e_i` (terms with p_i = 0, such as −∞ logits, add 0).
 *
 * @param out Receives `batch` entropies (nats).
 * @example
 * ```ts
 * import { categoricalEntropy } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const out = new Float64Array(1);
 * categoricalEntropy([3, 3, 3, 3], 1, 4, out); // uniform over 4: log 4
 * assert.ok(Math.abs(out[0] - Math.log(4)) < 1e-15);
 * ```
 */
export function categoricalEntropy(
  logits: ArrayLike<number>,
  batch: number,
  nActions: number,
  out: FloatArray,
): void {
  checkLogits("categoricalEntropy", logits, batch, nActions);
  checkLength("categoricalEntropy", "out", out, batch);
  for (let b = 0; b < batch; b++) {
    const at = b * nActions;
    out[b] = rowEntropy(logits, at, nActions, rowMax(logits, at, nActions));
  }
}

/**
 * The gradient of `L = Σ_b (w_b · log π(a_b) + w_H · H_b)` with respect to the logits:
 *
 *     dL/dz_j = w_b · (1[j = a_b] − p_j) + w_H · (−p_j · (log p_j + H_b))
 *
 * (from dp_i/dz_j = p_i (1[i = j] − p_j)). Pass `gradLogits` to the policy network's `backward`.
 *
 * @param actions `batch` indices in [0, nActions).
 * @param logProbWeights w_b, one per row.
 * @param entropyWeight w_H, the same for every row.
 * @param gradLogits Overwritten with dL/dz (batch × nActions).
 * @throws {RangeError} for an action outside [0, nActions).
 * @example
 * ```ts
 * import { categoricalGrad } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const grad = new Float64Array(2);
 * // p = (1/2, 1/2); d log p(a=0)/dz = (1 − 1/2, 0 − 1/2)
 * categoricalGrad([0, 0], 1, 2, [0], [1], 0, grad);
 * assert.deepEqual(Array.from(grad), [0.5, -0.5]);
 * ```
 */
export function categoricalGrad(
  logits: ArrayLike<number>,
  batch: number,
  nActions: number,
  actions: ArrayLike<number>,
  logProbWeights: ArrayLike<number>,
  entropyWeight: number,
  gradLogits: FloatArray,
): void {
  checkLogits("categoricalGrad", logits, batch, nActions);
  checkLength("categoricalGrad", "actions", actions, batch);
  checkLength("categoricalGrad", "logProbWeights", logProbWeights, batch);
  checkLength("categoricalGrad", "gradLogits", gradLogits, batch * nActions);
  for (let b = 0; b < batch; b++) {
    const at = b * nActions;
    const a = checkAction("categoricalGrad", actions, b, nActions);
    const m = rowMax(logits, at, nActions);
    const logS = logSumExpShifted(logits, at, nActions, m);
    const h = rowEntropy(logits, at, nActions, m);
    const w = logProbWeights[b];
    for (let j = 0; j < nActions; j++) {
      const logP = logits[at + j] - m - logS;
      const p = exp(logP);
      const dEntropy = p === 0 ? 0 : -p * (logP + h);
      gradLogits[at + j] = w * ((j === a ? 1 : 0) - p) + entropyWeight * dEntropy;
    }
  }
}

/**
 * Draws `out[b, j] = μ[b, j] + exp(logStd[j]) · ε`, ε ~ N(0, 1) from `rng.normal()`, row by row.
 *
 * @param mean μ, batch × actDim (for example the policy network's output).
 * @param logStd log σ, actDim values shared by every row.
 * @param out Receives batch × actDim actions.
 * @example
 * ```ts
 * import { gaussianSample, Random } from "@seeded/rl";
 * const actions = new Float32Array(2);
 * gaussianSample([0, 1], [-0.5], 2, 1, new Random(0), actions);
 * ```
 */
export function gaussianSample(
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  batch: number,
  actDim: number,
  rng: Random,
  out: FloatArray,
): void {
  checkGaussian("gaussianSample", mean, logStd, batch, actDim);
  checkLength("gaussianSample", "out", out, batch * actDim);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < actDim; j++) {
      out[b * actDim + j] = mean[b * actDim + j] + exp(logStd[j]) * rng.normal();
    }
  }
}

/**
 * `out[b] = Σ_j (−z²/2 − log σ_j − log(2π)/2)` with `z = (a_j − μ_j) / σ_j`: the log-density of
 * the actions (PyTorch's `Normal(μ, σ).log_prob(a).sum(-1)`).
 *
 * @param actions a, batch × actDim.
 * @param out Receives `batch` log-densities.
 * @example
 * ```ts
 * import { gaussianLogProb } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const out = new Float64Array(1);
 * gaussianLogProb([0], [0], 1, 1, [0], out); // standard normal at 0: −log(2π)/2
 * assert.equal(out[0], -0.5 * Math.log(2 * Math.PI));
 * ```
 */
export function gaussianLogProb(
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  batch: number,
  actDim: number,
  actions: ArrayLike<number>,
  out: FloatArray,
): void {
  checkGaussian("gaussianLogProb", mean, logStd, batch, actDim);
  checkLength("gaussianLogProb", "actions", actions, batch * actDim);
  checkLength("gaussianLogProb", "out", out, batch);
  for (let b = 0; b < batch; b++) {
    let sum = 0;
    for (let j = 0; j < actDim; j++) {
      const k = b * actDim + j;
      const z = (actions[k] - mean[k]) * exp(-logStd[j]);
      sum += -0.5 * z * z - logStd[j] - HALF_LOG_2PI;
    }
    out[b] = sum;
  }
}

/**
 * The entropy of the diagonal Gaussian, `H = Σ_j (1/2 + log(2π)/2 + log σ_j)`; it does not depend
 * on the mean, so it is the same for every row.
 *
 * @returns H in nats.
 * @example
 * ```ts
 * import { gaussianEntropy } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * assert.equal(gaussianEntropy([0], 1), 0.5 + 0.5 * Math.log(2 * Math.PI)); // ≈ 1.4189
 * ```
 */
export function gaussianEntropy(logStd: ArrayLike<number>, actDim: number): number {
  if (!(Number.isInteger(actDim) && actDim > 0)) {
    throw new RangeError(
      `Cannot compute gaussianEntropy: actDim must be a positive integer, got ${actDim}`,
    );
  }
  checkLength("gaussianEntropy", "logStd", logStd, actDim);
  let h = 0;
  for (let j = 0; j < actDim; j++) h += 0.5 + HALF_LOG_2PI + logStd[j];
  return h;
}

/**
 * The gradients of `L = Σ_b (w_b · log π(a_b) + w_H · H)` with respect to the mean and the
 * log-std, with `z = (a − μ) / σ`:
 *
 *     dL/dμ[b, j]    = w_b · (a_j − μ_j) / σ_j²
 *     dL/dlogσ[j]    = Σ_b w_b · (z_bj² − 1) + w_H · batch
 *
 * Pass `gradMean` to the policy network's `backward`; add `gradLogStd` into the log-std
 * parameter's gradient.
 *
 * @param logProbWeights w_b, one per row.
 * @param entropyWeight w_H (H counted once per row).
 * @param gradMean Overwritten with dL/dμ (batch × actDim).
 * @param gradLogStd Overwritten with dL/dlogσ (actDim).
 * @example
 * ```ts
 * import { gaussianGrad } from "@seeded/rl";
 * import assert from "node:assert/strict";
 * const gradMean = new Float64Array(1);
 * const gradLogStd = new Float64Array(1);
 * // μ = 0, σ = 1, a = 2: d log p/dμ = 2, d log p/dlogσ = 2² − 1 = 3
 * gaussianGrad([0], [0], 1, 1, [2], [1], 0, gradMean, gradLogStd);
 * assert.deepEqual([gradMean[0], gradLogStd[0]], [2, 3]);
 * ```
 */
export function gaussianGrad(
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  batch: number,
  actDim: number,
  actions: ArrayLike<number>,
  logProbWeights: ArrayLike<number>,
  entropyWeight: number,
  gradMean: FloatArray,
  gradLogStd: FloatArray,
): void {
  checkGaussian("gaussianGrad", mean, logStd, batch, actDim);
  checkLength("gaussianGrad", "actions", actions, batch * actDim);
  checkLength("gaussianGrad", "logProbWeights", logProbWeights, batch);
  checkLength("gaussianGrad", "gradMean", gradMean, batch * actDim);
  checkLength("gaussianGrad", "gradLogStd", gradLogStd, actDim);
  for (let j = 0; j < actDim; j++) gradLogStd[j] = entropyWeight * batch;
  for (let b = 0; b < batch; b++) {
    const w = logProbWeights[b];
    for (let j = 0; j < actDim; j++) {
      const k = b * actDim + j;
      const invStd = exp(-logStd[j]);
      const z = (actions[k] - mean[k]) * invStd;
      gradMean[k] = w * z * invStd;
      gradLogStd[j] += w * (z * z - 1);
    }
  }
}

function rowMax(z: ArrayLike<number>, at: number, n: number): number {
  let m = z[at];
  for (let i = 1; i < n; i++) if (z[at + i] > m) m = z[at + i];
  return m;
}

/** log Σ_i exp(z_i − m), which is ≥ 0 and finite when m is the row's max. */
function logSumExpShifted(z: ArrayLike<number>, at: number, n: number, m: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += exp(z[at + i] - m);
  return log(s);
}

function rowEntropy(z: ArrayLike<number>, at: number, n: number, m: number): number {
  let s = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    const e = exp(z[at + i] - m);
    s += e;
    if (e !== 0) weighted += e * (z[at + i] - m);
  }
  return log(s) - weighted / s;
}

function checkLogits(
  who: string,
  logits: ArrayLike<number>,
  batch: number,
  nActions: number,
): void {
  if (!(Number.isInteger(batch) && batch > 0)) {
    throw new RangeError(`Cannot compute ${who}: batch must be a positive integer, got ${batch}`);
  }
  if (!(Number.isInteger(nActions) && nActions > 0)) {
    throw new RangeError(
      `Cannot compute ${who}: nActions must be a positive integer, got ${nActions}`,
    );
  }
  checkLength(who, "logits", logits, batch * nActions);
}

function checkGaussian(
  who: string,
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  batch: number,
  actDim: number,
): void {
  if (!(Number.isInteger(batch) && batch > 0)) {
    throw new RangeError(`Cannot compute ${who}: batch must be a positive integer, got ${batch}`);
  }
  if (!(Number.isInteger(actDim) && actDim > 0)) {
    throw new RangeError(`Cannot compute ${who}: actDim must be a positive integer, got ${actDim}`);
  }
  checkLength(who, "mean", mean, batch * actDim);
  checkLength(who, "logStd", logStd, actDim);
}

function checkLength(who: string, name: string, a: ArrayLike<number>, n: number): void {
  if (!(a?.length >= n)) {
    throw new TypeError(`Cannot compute ${who}: ${name} must hold ${n} values, got ${a?.length}`);
  }
}

function checkAction(who: string, actions: ArrayLike<number>, b: number, nActions: number): number {
  const a = actions[b];
  if (!(Number.isInteger(a) && a >= 0 && a < nActions)) {
    throw new RangeError(
      `Cannot compute ${who}: actions[${b}] must be an integer in [0, ${nActions}), got ${a}`,
    );
  }
  return a;
}
