/**
 * {@linkcode checkEnv}: checks that an env keeps the environment contract (like Gymnasium's
 * `env_checker`), for tests of every registered env and of new envs.
 *
 * @example
 * ```ts
 * import { checkEnv, make } from "@seeded/rl";
 * checkEnv(() => make("CartPole-v1")); // throws an Error naming the first failed check
 * ```
 *
 * @module
 */
import { type Env, ResetNeededError } from "./env.ts";
import { EnvAdapter, isFastEnv } from "./env_adapter.ts";
import { Random } from "../core/random.ts";
import type { Space } from "../core/spaces.ts";
import { TimeLimit } from "./wrappers/time_limit.ts";
import { type Action, type WrappableEnv, Wrapper } from "./wrappers/wrapper.ts";

/** Options of {@linkcode checkEnv}. */
export interface CheckEnvOptions {
  /**
   * The seed of the resets and of the random actions.
   * @default {0}
   */
  seed?: number;
  /**
   * Steps of each rollout compared (determinism, `stepInto`, truncation).
   * @default {1200}
   */
  steps?: number;
}

/** One recorded step or reset of a rollout. */
interface Transition {
  observation: Float32Array;
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

/**
 * Checks that the envs made by `makeEnv` keep the environment contract, and throws an `Error`
 * naming the first check that fails. `makeEnv` must return a new, independent env on each call.
 * A user's env that implements only {@linkcode Env} is checked first for what a user most often
 * gets wrong (missing or foreign spaces, `reset`/`step` returning a tuple instead of an object, an
 * observation that is a `number[]` or outside the space, a non-number reward), with a message that
 * says what to return instead, and then adapted with {@linkcode EnvAdapter} for the other checks.
 * Without its own `snapshot()`/`restore()` the snapshot check is skipped (resumed runs reset such
 * an env).
 * Wrappers whose output depends on the whole history (an unfrozen `NormalizeObservation`) fail the
 * determinism checks by design; check them frozen.
 *
 * The checks, in order:
 * 1. **api**: spaces, `obsDim` equal to the observation space's length, every `Env`/`FastEnv`
 *    method present.
 * 2. **step before reset** throws `ResetNeededError` (through `step` and `stepInto`).
 * 3. **reset**: returns a `Float32Array` observation of length `obsDim` inside the observation
 *    space and an `info` object.
 * 4. **reset determinism**: `reset({ seed })` gives the same observation in two envs and again in
 *    the same env after other draws; a plain `reset()` continues the stream (its observation
 *    differs from reseeding's, and is the same in two envs seeded alike).
 * 5. **step determinism**: two envs with the same seed and the same random actions (sampled from
 *    the action space, with `reset()` at each episode end) give bit-identical observations,
 *    rewards and flags; observations stay inside the space, rewards are finite numbers.
 * 6. **stepInto agrees with step**: the same rollout through `resetInto`/`stepInto` (at non-zero
 *    offsets, writing nothing outside its row) gives the same observations, rewards and
 *    `lastTerminated`/`lastTruncated`.
 * 7. **truncation only through TimeLimit**: `truncated` is true exactly when the steps since the
 *    reset reach the smallest `TimeLimit` in the wrapper chain (never without one); the
 *    `unwrapped` env never truncates; an extra `TimeLimit(env, 3)` truncates at step 3.
 * 8. **step after the episode ended** without a reset throws `ResetNeededError` (checked when an
 *    episode of the rollout ended).
 * 9. **invalid action**: a discrete action outside the space (n, -1, 0.5, NaN), or a continuous
 *    one of the wrong length, throws `RangeError` or `TypeError` through `step`; through
 *    `stepInto`, the discrete ones and an empty continuous action array.
 * 10. **snapshot/restore**: after a JSON round trip, restoring a snapshot (into the same env or a
 *    new one) gives a bit-identical continuation, resets without a seed included.
 * 11. **render**, where present, returns a non-empty string.
 *
 * @param makeEnv Makes a new env (for example `() => make("CartPole-v1")`).
 * @param options Seed and rollout length.
 * @throws {Error} describing the first failed check.
 * @example
 * ```ts
 * import { checkEnv, make, registry } from "@seeded/rl";
 * for (const spec of registry) checkEnv(() => make(spec.id));
 * ```
 */
export function checkEnv(
  makeEnv: () => WrappableEnv | Env<Float32Array, never>,
  options: CheckEnvOptions = {},
): void {
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 1200;
  const made = makeEnv();
  const name = made?.spec?.id ?? made?.constructor?.name ?? "env";
  const fail: Fail = (check: string, detail: string): never => {
    throw new Error(`checkEnv(${name}) failed "${check}": ${detail}`);
  };
  if (!isFastEnv(made)) {
    checkUserEnv(made, seed, fail);
    checkAdapted(() => new EnvAdapter(makeEnv() as Env<Float32Array, never>), seed, steps, fail);
  } else checkAdapted(makeEnv as () => WrappableEnv, seed, steps, fail);
}

/** The contract of a user's plain `Env`, with messages that say what to return. */
function checkUserEnv(env: Env<Float32Array, never>, seed: number, fail: Fail): void {
  if (env === null || typeof env !== "object") {
    fail("api", `makeEnv() must return an env object, got ${env}`);
  }
  for (const m of ["reset", "step"] as const) {
    if (typeof env[m] !== "function") fail("api", `the env has no ${m}() method`);
  }
  const obs = env.observationSpace as Space | undefined, act = env.actionSpace as Space | undefined;
  if (!obs || obs.kind !== "box") {
    fail("api", `observationSpace must be a Box (import { Box } from "@seeded/rl"), got ${obs}`);
  }
  if (!act || (act.kind !== "box" && act.kind !== "discrete")) {
    fail("api", `actionSpace must be a Discrete or a Box from @seeded/rl, got ${act}`);
  }
  const checkObs = (o: unknown, what: string): void => {
    if (!(o instanceof Float32Array)) {
      fail(
        what,
        `the observation must be a Float32Array, got ${fmt(o)}${
          Array.isArray(o) || ArrayBuffer.isView(o) ? " (return Float32Array.from(values))" : ""
        }`,
      );
    }
    if (o.length !== obs!.shape[0]) {
      fail(what, `the observation must have length ${obs!.shape[0]} (${obs}), got ${o.length}`);
    }
    if (!obs!.contains(o)) fail(what, `observation ${fmt(o)} is outside ${obs}`);
  };
  const r = env.reset({ seed }) as unknown;
  if (Array.isArray(r)) {
    fail("reset", "reset() must return { observation, info }, not a tuple [observation, info]");
  }
  if (r === null || typeof r !== "object" || !("observation" in r)) {
    fail("reset", `reset() must return { observation, info }, got ${fmt(r)}`);
  }
  checkObs((r as { observation: unknown }).observation, "reset");
  const action = act!.sample(new Random(seed).child("checkEnv/actions"));
  const s = (env.step as (a: unknown) => unknown)(action);
  if (Array.isArray(s)) {
    fail(
      "step",
      "step() must return { observation, reward, terminated, truncated, info }, not a tuple",
    );
  }
  if (s === null || typeof s !== "object" || !("observation" in s)) {
    fail(
      "step",
      `step() must return { observation, reward, terminated, truncated, info }, got ${fmt(s)}`,
    );
  }
  const t = s as { observation: unknown; reward: unknown; terminated: unknown; truncated: unknown };
  checkObs(t.observation, "step");
  if (typeof t.reward !== "number" || !Number.isFinite(t.reward)) {
    fail("step", `reward must be a finite number, got ${fmt(t.reward)}`);
  }
  if (typeof t.terminated !== "boolean" || typeof t.truncated !== "boolean") {
    fail(
      "step",
      `terminated and truncated must be booleans, got ${fmt(t.terminated)} and ${fmt(t.truncated)}`,
    );
  }
  const hasSnapshot = typeof env.snapshot === "function",
    hasRestore = typeof env.restore === "function";
  if (hasSnapshot !== hasRestore) {
    fail(
      "api",
      `the env has ${
        hasSnapshot ? "snapshot() but no restore()" : "restore() but no snapshot()"
      }: give it both or neither`,
    );
  }
}

/** The checks on an env with both APIs (see {@linkcode checkEnv}). */
function checkAdapted(makeEnv: () => WrappableEnv, seed: number, steps: number, fail: Fail): void {
  const probe = makeEnv();

  // 1. api
  const obsSpace = probe.observationSpace, actSpace = probe.actionSpace;
  for (
    const [what, space] of [["observationSpace", obsSpace], ["actionSpace", actSpace]] as const
  ) {
    if (!space || (space.kind !== "discrete" && space.kind !== "box")) {
      fail("api", `${what} must be a Discrete or Box, got ${space}`);
    }
  }
  if (obsSpace.kind !== "box" || probe.obsDim !== obsSpace.shape[0]) {
    fail("api", `obsDim must equal the Box observation space's length, got ${probe.obsDim}`);
  }
  for (const m of ["reset", "step", "resetInto", "stepInto", "snapshot", "restore"] as const) {
    if (typeof probe[m] !== "function") fail("api", `the env has no ${m}() method`);
  }
  const dim = probe.obsDim;
  const actDim = actSpace.kind === "discrete" ? 1 : actSpace.shape[0];
  const actionRng = (s: number) => new Random(s).child("checkEnv/actions");

  // 2. step before reset
  const sample0 = actSpace.sample(actionRng(seed));
  expectThrow("step before reset", fail, ResetNeededError, () => makeEnv().step(sample0));
  expectThrow(
    "step before reset",
    fail,
    ResetNeededError,
    () => makeEnv().stepInto(toArray(sample0), 0, new Float32Array(dim), 0),
    "stepInto",
  );

  // 3. reset
  const first = probe.reset({ seed });
  if (!(first?.observation instanceof Float32Array) || first.observation.length !== dim) {
    fail("reset", `observation must be a Float32Array of length ${dim}, got ${first?.observation}`);
  }
  if (first.info === null || typeof first.info !== "object") {
    fail("reset", `info must be an object, got ${first.info}`);
  }
  if (!obsSpace.contains(first.observation)) {
    fail("reset", `observation ${fmt(first.observation)} is outside ${obsSpace}`);
  }

  // 4. reset determinism
  const other = makeEnv().reset({ seed }).observation;
  if (!sameArray(first.observation, other)) {
    fail(
      "reset determinism",
      `two envs reset with seed ${seed} gave ${fmt(first.observation)} and ${fmt(other)}`,
    );
  }
  const next = probe.reset().observation;
  if (sameArray(next, first.observation)) {
    fail("reset determinism", `reset() after reset({ seed: ${seed} }) repeated the observation`);
  }
  const next2 = (() => {
    const e = makeEnv();
    e.reset({ seed });
    return e.reset().observation;
  })();
  if (!sameArray(next, next2)) {
    fail(
      "reset determinism",
      `reset() continued differently in two envs: ${fmt(next)}, ${fmt(next2)}`,
    );
  }
  probe.step(actSpace.sample(actionRng(seed + 1)));
  const again = probe.reset({ seed }).observation;
  if (!sameArray(again, first.observation)) {
    fail(
      "reset determinism",
      `reset({ seed: ${seed} }) after other draws gave ${fmt(again)}, first ${
        fmt(first.observation)
      }`,
    );
  }

  // 5. step determinism (and observations in the space, finite rewards, boolean flags)
  const limit = timeLimitOf(probe);
  const run = (env: WrappableEnv): Transition[] => rollout(env, seed, steps, actSpace, fail);
  const a = run(makeEnv());
  const b = run(makeEnv());
  compareRollouts("step determinism", fail, a, b, "two envs with the same seed and actions");
  for (let t = 0; t < a.length; t++) {
    if (!obsSpace.contains(a[t].observation)) {
      fail(
        "step determinism",
        `observation ${fmt(a[t].observation)} at record ${t} is outside ${obsSpace}`,
      );
    }
  }

  // 6. stepInto agrees with step
  const c = rolloutInto(makeEnv(), seed, steps, actSpace, actDim, dim, fail);
  compareRollouts("stepInto agrees with step", fail, a, c, "step() and stepInto()");

  // 7. truncation only through TimeLimit
  let elapsed = 0;
  for (let t = 0; t < a.length; t++) {
    if (t === 0 || a[t - 1].terminated || a[t - 1].truncated) { // a[t] is a reset record
      elapsed = 0;
      continue;
    }
    elapsed++;
    if (a[t].truncated !== elapsed >= limit) {
      fail(
        "truncation only through TimeLimit",
        `truncated = ${a[t].truncated} at step ${elapsed} of an episode, TimeLimit is ${limit}`,
      );
    }
  }
  const inner = (probe as { unwrapped?: WrappableEnv }).unwrapped;
  if (inner && inner !== probe) {
    const raw = (makeEnv() as { unwrapped?: WrappableEnv }).unwrapped as WrappableEnv;
    const rng = actionRng(seed);
    raw.reset({ seed });
    for (let t = 0; t < steps; t++) {
      const r = raw.step(actSpace.sample(rng));
      if (r.truncated || raw.lastTruncated) {
        fail("truncation only through TimeLimit", `the unwrapped env truncated at step ${t + 1}`);
      }
      if (r.terminated) raw.reset();
    }
  }
  const short = new TimeLimit(makeEnv(), 3);
  short.reset({ seed });
  const shortRng = actionRng(seed);
  for (let t = 1; t <= 3; t++) {
    const r = short.step(actSpace.sample(shortRng));
    if (r.truncated !== (t === 3)) {
      fail(
        "truncation only through TimeLimit",
        `TimeLimit(env, 3) gave truncated = ${r.truncated} at step ${t}`,
      );
    }
    if (r.terminated) break;
  }

  // 8. step after the episode ended
  const ended = a.findIndex((r, t) => t > 0 && (r.terminated || r.truncated));
  if (ended > 0) {
    const e = makeEnv(); // replay the first episode of the rollout, up to its end
    const rng = actionRng(seed);
    e.reset({ seed });
    for (let t = 1; t <= ended; t++) e.step(actSpace.sample(rng));
    expectThrow(
      "step after the episode ended",
      fail,
      ResetNeededError,
      () => e.step(actSpace.sample(rng)),
    );
  }

  // 9. invalid action
  const invalid: Action[] = actSpace.kind === "discrete"
    ? [actSpace.n, -1, 0.5, NaN]
    : [new Float32Array(actDim + 1), []];
  for (const action of invalid) {
    const e = makeEnv();
    e.reset({ seed });
    expectThrow(
      "invalid action",
      fail,
      [RangeError, TypeError],
      () => e.step(action),
      `step(${fmt(action)})`,
    );
    // stepInto reads a continuous action from a batch, so only a too-short array is detectable.
    if (typeof action !== "number" && action.length > 0) continue;
    const f = makeEnv();
    f.reset({ seed });
    const arr = typeof action === "number" ? [action] : Array.from(action);
    expectThrow(
      "invalid action",
      fail,
      [RangeError, TypeError],
      () => f.stepInto(arr, 0, new Float32Array(dim), 0),
      `stepInto(${fmt(arr)})`,
    );
  }

  // 10. snapshot/restore (only where it promises to be exact)
  if (probe.snapshotIsExact !== false) checkSnapshot(makeEnv, seed, actSpace, fail);

  // 11. render (where the innermost env renders; wrappers always have the method)
  const innermost = (probe as { unwrapped?: { render?: unknown } }).unwrapped ?? probe;
  if (typeof innermost.render === "function") {
    const frame = probe.render!();
    if (typeof frame !== "string" || frame.length === 0) {
      fail("render", `render() must return a non-empty string, got ${frame}`);
    }
  }
}

function checkSnapshot(
  makeEnv: () => WrappableEnv,
  seed: number,
  actSpace: Space,
  fail: Fail,
): void {
  const actionRng = (s: number) => new Random(s).child("checkEnv/actions");
  const e = makeEnv();
  const rng = actionRng(seed);
  e.reset({ seed });
  for (let t = 0; t < 10; t++) {
    if (e.step(actSpace.sample(rng)).terminated || e.lastTruncated) e.reset();
  }
  const saved = JSON.parse(JSON.stringify(e.snapshot()));
  const rngState = rng.state();
  const continuation = (env: WrappableEnv): Transition[] => {
    const r = Random.fromState(rngState);
    const out: Transition[] = [];
    for (let t = 0; t < 50; t++) {
      const s = env.step(actSpace.sample(r));
      out.push({ ...s, observation: s.observation.slice() });
      if (s.terminated || s.truncated) out.push(resetRecord(env.reset().observation));
    }
    out.push(resetRecord(env.reset().observation));
    return out;
  };
  const want = continuation(e);
  e.restore(saved);
  compareRollouts("snapshot/restore", fail, want, continuation(e), "restored into the same env");
  const fresh = makeEnv();
  fresh.restore(saved);
  compareRollouts("snapshot/restore", fail, want, continuation(fresh), "restored into a new env");
}

type Fail = (check: string, detail: string) => never;

function resetRecord(observation: Float32Array): Transition {
  return { observation, reward: 0, terminated: false, truncated: false };
}

/** Reset, then `steps` random steps with `reset()` after each episode end; resets are records. */
function rollout(
  env: WrappableEnv,
  seed: number,
  steps: number,
  space: Space,
  fail: Fail,
): Transition[] {
  const rng = new Random(seed).child("checkEnv/actions");
  const out = [resetRecord(env.reset({ seed }).observation)];
  for (let t = 0; t < steps; t++) {
    const last = out[out.length - 1];
    if (last.terminated || last.truncated) {
      out.push(resetRecord(env.reset().observation));
      continue;
    }
    const r = env.step(space.sample(rng));
    if (typeof r.reward !== "number" || !Number.isFinite(r.reward)) {
      fail("step determinism", `reward must be a finite number, got ${r.reward}`);
    }
    if (typeof r.terminated !== "boolean" || typeof r.truncated !== "boolean") {
      fail(
        "step determinism",
        `terminated/truncated must be booleans, got ${r.terminated}/${r.truncated}`,
      );
    }
    if (!(r.observation instanceof Float32Array)) {
      fail("step determinism", `observation must be a Float32Array, got ${r.observation}`);
    }
    out.push({ ...r, observation: r.observation.slice() });
  }
  return out;
}

/** The same rollout through `resetInto`/`stepInto`, at offsets, checking nothing else is written. */
function rolloutInto(
  env: WrappableEnv,
  seed: number,
  steps: number,
  space: Space,
  actDim: number,
  dim: number,
  fail: Fail,
): Transition[] {
  const rng = new Random(seed).child("checkEnv/actions");
  const SENTINEL = 12345;
  const obs = new Float32Array(dim + 4).fill(SENTINEL);
  const actions = new Float64Array(actDim + 3).fill(SENTINEL);
  const read = (): Float32Array => {
    if (obs[0] !== SENTINEL || obs[1] !== SENTINEL || obs[dim + 2] !== SENTINEL) {
      fail("stepInto agrees with step", "resetInto/stepInto wrote outside its observation row");
    }
    return obs.slice(2, 2 + dim);
  };
  env.resetInto(obs, 2, { seed });
  const out = [resetRecord(read())];
  for (let t = 0; t < steps; t++) {
    const last = out[out.length - 1];
    if (last.terminated || last.truncated) {
      env.resetInto(obs, 2);
      out.push(resetRecord(read()));
      continue;
    }
    actions.set(toArray(space.sample(rng)), 1);
    const reward = env.stepInto(actions, 1, obs, 2);
    out.push({
      observation: read(),
      reward,
      terminated: env.lastTerminated,
      truncated: env.lastTruncated,
    });
  }
  return out;
}

function compareRollouts(
  check: string,
  fail: Fail,
  a: Transition[],
  b: Transition[],
  what: string,
): void {
  if (a.length !== b.length) fail(check, `${what}: ${a.length} vs ${b.length} records`);
  for (let t = 0; t < a.length; t++) {
    const x = a[t], y = b[t];
    if (
      !sameArray(x.observation, y.observation) || !Object.is(x.reward, y.reward) ||
      x.terminated !== y.terminated || x.truncated !== y.truncated
    ) {
      fail(
        check,
        `${what} differ at record ${t}: observation ${fmt(x.observation)} vs ${
          fmt(y.observation)
        }, ` +
          `reward ${x.reward} vs ${y.reward}, terminated ${x.terminated} vs ${y.terminated}, ` +
          `truncated ${x.truncated} vs ${y.truncated}`,
      );
    }
  }
}

type ErrorClass = new (message: string) => Error;

function expectThrow(
  check: string,
  fail: Fail,
  kind: ErrorClass | ErrorClass[],
  f: () => unknown,
  what = "step",
): void {
  const kinds = Array.isArray(kind) ? kind : [kind];
  const names = kinds.map((k) => k.name).join(" or ");
  try {
    f();
  } catch (e) {
    if (kinds.some((k) => e instanceof k)) return;
    fail(check, `${what} must throw ${names}, threw ${e}`);
  }
  fail(check, `${what} must throw ${names}, but it returned`);
}

/** The smallest `maxEpisodeSteps` of the `TimeLimit`s in the wrapper chain, or Infinity. */
function timeLimitOf(env: WrappableEnv): number {
  let limit = Infinity;
  for (let e: unknown = env; e instanceof Wrapper; e = e.env) {
    if (e instanceof TimeLimit) limit = Math.min(limit, e.maxEpisodeSteps);
  }
  return limit;
}

function toArray(action: Action): ArrayLike<number> {
  return typeof action === "number" ? [action] : action;
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function fmt(x: unknown): string {
  if (typeof x === "number") return String(x);
  if (x instanceof Float32Array || x instanceof Float64Array || Array.isArray(x)) {
    return `[${Array.from(x as ArrayLike<number>).join(", ")}]`;
  }
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  if (x !== null && typeof x === "object") {
    return `an object with keys ${Object.keys(x).join(", ")}`;
  }
  return typeof x === "string" ? JSON.stringify(x) : String(x);
}
