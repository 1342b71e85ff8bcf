import assert from "node:assert/strict";
import {
  type EnvSnapshot,
  ResetNeededError,
  type ResetOptions,
  type ResetResult,
  type StepResult,
} from "../../env/env.ts";
import { checkEnv } from "../../env/env_checker.ts";
import { Random, type RandomState } from "../../core/random.ts";
import { Box, Discrete } from "../../core/spaces.ts";
import { type Action, TimeLimit } from "../../env/wrappers/mod.ts";
import { make, registry } from "../../envs/registry.ts";

type Flaw =
  | "selfTruncates"
  | "nondeterministic"
  | "reseedsOnPlainReset"
  | "obsOutside"
  | "noResetGuard"
  | "acceptsInvalid"
  | "snapshotMissesRng"
  | "stepIntoDiffers"
  | "writesOutsideRow"
  | "continuesAfterTerminated"
  | "renderEmpty";

let globalDraws = 0; // what the "nondeterministic" flaw leaks into its steps

/**
 * A noisy 1-D walk: x starts uniform in (-1, 1), each step moves ±0.5 plus uniform(-0.1, 0.1)
 * noise, reward -|x|, terminated when |x| >= 3. Correct unless given flaws.
 */
class Walk {
  readonly observationSpace: Box = new Box([-4], [4]);
  readonly actionSpace: Discrete = new Discrete(2);
  readonly obsDim = 1;
  #x = 0;
  #t = 0;
  #rng = new Random(0);
  #ready = false;
  #terminated = false;
  #truncated = false;
  readonly #flaws: Set<Flaw>;

  constructor(...flaws: Flaw[]) {
    this.#flaws = new Set(flaws);
  }
  get unwrapped(): this {
    return this;
  }
  get lastTerminated(): boolean {
    return this.#terminated;
  }
  get lastTruncated(): boolean {
    return this.#truncated;
  }
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    const observation = new Float32Array(1);
    this.resetInto(observation, 0, options);
    return { observation, info: {} };
  }
  step(action: Action): StepResult<Float32Array> {
    const observation = new Float32Array(1);
    let reward = this.stepInto([action as number], 0, observation, 0);
    if (this.#flaws.has("stepIntoDiffers")) reward += 1;
    return {
      observation,
      reward,
      terminated: this.#terminated,
      truncated: this.#truncated,
      info: {},
    };
  }
  resetInto(obs: Float32Array, offset: number, options?: ResetOptions): void {
    if (options?.seed !== undefined) this.#rng = new Random(options.seed);
    else if (this.#flaws.has("reseedsOnPlainReset")) this.#rng = new Random(0);
    this.#x = this.#rng.uniform(-1, 1);
    this.#t = 0;
    this.#ready = true;
    this.#terminated = this.#truncated = false;
    obs[offset] = this.#flaws.has("obsOutside") ? this.#x + 5 : this.#x;
  }
  stepInto(actions: ArrayLike<number>, ao: number, obs: Float32Array, offset: number): number {
    if (!this.#ready && !this.#flaws.has("noResetGuard")) {
      throw new ResetNeededError("Cannot step Walk: reset() was not called or the episode ended");
    }
    const a = actions[ao];
    if (a !== 0 && a !== 1 && !this.#flaws.has("acceptsInvalid")) {
      throw new RangeError(`Cannot step Walk: action must be 0 or 1, got ${a}`);
    }
    let noise = this.#rng.uniform(-0.1, 0.1);
    if (this.#flaws.has("nondeterministic")) noise += 1e-3 * (globalDraws++ % 7);
    this.#x += (a === 1 ? 0.5 : -0.5) + noise;
    this.#t++;
    this.#terminated = Math.abs(this.#x) >= 3;
    this.#truncated = this.#flaws.has("selfTruncates") && this.#t >= 7;
    if (
      (this.#terminated && !this.#flaws.has("continuesAfterTerminated")) || this.#truncated
    ) this.#ready = false;
    obs[offset] = this.#flaws.has("obsOutside") ? this.#x + 5 : this.#x;
    if (this.#flaws.has("writesOutsideRow")) obs[offset + 1] = 0;
    return -Math.abs(this.#x);
  }
  snapshot(): EnvSnapshot {
    const s: EnvSnapshot = { x: this.#x, t: this.#t, ready: this.#ready };
    if (!this.#flaws.has("snapshotMissesRng")) s.rng = this.#rng.state();
    return s;
  }
  restore(s: EnvSnapshot): void {
    this.#x = s.x as number;
    this.#t = s.t as number;
    this.#ready = s.ready as boolean;
    if (s.rng) this.#rng = Random.fromState(s.rng as RandomState);
  }
  render(): string {
    return this.#flaws.has("renderEmpty") ? "" : `<svg><text>${this.#x}</text></svg>`;
  }
}

Deno.test("checkEnv() passes every registered env", async (t) => {
  assert.ok(registry.length >= 1);
  for (const spec of registry) {
    await t.step(spec.id, () => checkEnv(() => make(spec.id)));
  }
});

Deno.test("checkEnv() passes a correct env, bare and inside TimeLimit", () => {
  checkEnv(() => new Walk());
  checkEnv(() => new TimeLimit(new Walk(), 10));
  checkEnv(() => new TimeLimit(new TimeLimit(new Walk(), 12), 5), { seed: 3, steps: 200 });
});

Deno.test("checkEnv() names the check a broken env fails", async (t) => {
  const cases: [Flaw, string, boolean][] = [
    // flaw, the check expected to fail, wrap in TimeLimit(50)
    ["noResetGuard", "step before reset", false], // TimeLimit would guard it
    ["obsOutside", "reset", true],
    ["reseedsOnPlainReset", "reset determinism", true],
    ["nondeterministic", "step determinism", true],
    ["stepIntoDiffers", "stepInto agrees with step", true],
    ["writesOutsideRow", "stepInto agrees with step", true],
    ["selfTruncates", "truncation only through TimeLimit", true],
    ["selfTruncates", "truncation only through TimeLimit", false],
    ["continuesAfterTerminated", "step after the episode ended", false],
    ["acceptsInvalid", "invalid action", true],
    ["snapshotMissesRng", "snapshot/restore", true],
    ["renderEmpty", "render", true],
  ];
  for (const [flaw, check, wrap] of cases) {
    await t.step(`${flaw}${wrap ? " in TimeLimit" : ""} fails "${check}"`, () => {
      const makeEnv = () => wrap ? new TimeLimit(new Walk(flaw), 50) : new Walk(flaw);
      assert.throws(
        () => checkEnv(makeEnv),
        (e: Error) =>
          e.message.startsWith(`checkEnv(${wrap ? "TimeLimit" : "Walk"}) failed "${check}"`),
      );
    });
  }
});

Deno.test("checkEnv() reports the env id and the values that differ", () => {
  const makeEnv = () => {
    const env = new TimeLimit(new Walk("obsOutside"), 50);
    env.spec = { id: "Walk-v0", maxEpisodeSteps: 50, rewardThreshold: null };
    return env;
  };
  assert.throws(
    () => checkEnv(makeEnv),
    /checkEnv\(Walk-v0\) failed "reset": observation \[.*\] is outside Box\(\[-4\], \[4\]\)/,
  );
});

Deno.test("checkEnv() takes a user's plain Env and says what to return instead", async () => {
  const { Corridor, CorridorContinuous } = await import("../../examples/corridor.ts");
  checkEnv(() => new Corridor()); // with snapshot(): checked bit for bit
  checkEnv(() => new CorridorContinuous()); // without: the snapshot check is skipped
  const broken = (patch: Record<string, unknown>) => () => Object.assign(new Corridor(), patch);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ observationSpace: undefined }, /"api": observationSpace must be a Box/],
    [{ reset: () => [new Float32Array(1), {}] }, /not a tuple \[observation, info\]/],
    [{ reset: () => ({ observation: [0.5], info: {} }) }, /Float32Array\.from\(values\)/],
    [
      { reset: () => ({ observation: Float32Array.of(2), info: {} }) },
      /outside Box\(\[0\], \[1\]\)/,
    ],
    [{
      step: () => ({
        observation: Float32Array.of(0),
        reward: "1",
        terminated: false,
        truncated: false,
        info: {},
      }),
    }, /reward must be a finite number, got "1"/],
    [{ restore: undefined }, /snapshot\(\) but no restore\(\)/],
  ];
  for (const [patch, message] of cases) {
    assert.throws(() => checkEnv(broken(patch) as never), message);
  }
});
