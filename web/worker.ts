/**
 * The training worker of the web page: builds an agent from a preset (or from a `.ckpt` file),
 * trains it in chunks, evaluates it every 5% of the budget (10 episodes on seed + 10000, as the
 * CLI does), and animates its deterministic policy on a separate display env with `env.render()`
 * SVG frames. Bundled by `deno task build:web`.
 *
 * The page talks to it with {@linkcode ToWorker} messages and gets {@linkcode FromWorker} back.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { type Agent, createAgent, evaluate, loadAgent, make, presets, registry } from "../mod.ts";

/** Messages from the page. */
export type ToWorker =
  | { type: "train"; preset: string; seed: number }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "download" }
  | { type: "load"; bytes: Uint8Array; name: string };

/** Messages to the page. */
export type FromWorker =
  | {
    type: "started";
    agent: string;
    env: string;
    seed: number;
    total: number;
    threshold: number | null;
    source: string;
    training: boolean;
  }
  | {
    type: "progress";
    step: number;
    sps: number;
    state: "training" | "paused" | "done" | "playing";
  }
  | { type: "episodes"; points: [number, number][] }
  | { type: "eval"; step: number; mean: number; std: number; solved: boolean }
  | { type: "frames"; svgs: string[]; steps: number[] }
  | { type: "played"; episode: number; return: number; length: number }
  | { type: "checkpoint"; bytes: Uint8Array<ArrayBuffer>; name: string }
  | { type: "error"; message: string };

const post = (m: FromWorker, transfer: Transferable[] = []): void => self.postMessage(m, transfer);

/** The agent being trained or played, and its display env. */
interface Session {
  agent: Agent;
  seed: number;
  total: number;
  evalEvery: number;
  nextEval: number;
  threshold: number | null;
  training: boolean;
  paused: boolean;
  /** The display env and its episode so far. */
  display: ReturnType<typeof make>;
  obs: Float32Array;
  episodeReturn: number;
  episodeLength: number;
  episodes: number;
  /** Bumped on every train/load so an old loop stops. */
  generation: number;
}

let session: Session | null = null;
let generation = 0;

/** CartPole's render fps is 50 (Gymnasium's metadata). */
const FRAME_MS = 20;

function newSession(agent: Agent, seed: number, total: number, training: boolean): Session {
  const display = make(agent.envId);
  // The display plays the policy as `deno task eval` does: seed + 20000, then reset() continues.
  const { observation } = display.reset({ seed: seed + 20_000 });
  const evalEvery = Math.max(1, Math.round(total / 20));
  return {
    agent,
    seed,
    total,
    evalEvery,
    nextEval: Math.ceil((agent.globalStep + 1) / evalEvery) * evalEvery,
    threshold: registry.find((s) => s.id === agent.envId)?.rewardThreshold ?? null,
    training,
    paused: false,
    display,
    obs: observation,
    episodeReturn: 0,
    episodeLength: 0,
    episodes: 0,
    generation: ++generation,
  };
}

/** Steps the display env `n` times with the deterministic policy; posts the SVG frames. */
function postFrames(s: Session, n: number): void {
  const svgs: string[] = [], steps: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = s.display.step(s.agent.act(s.obs, { deterministic: true }));
    s.obs = r.observation;
    s.episodeReturn += r.reward;
    s.episodeLength++;
    svgs.push(s.display.render());
    steps.push(s.episodeLength);
    if (r.terminated || r.truncated) {
      post({
        type: "played",
        episode: ++s.episodes,
        return: s.episodeReturn,
        length: s.episodeLength,
      });
      s.obs = s.display.reset().observation;
      s.episodeReturn = 0;
      s.episodeLength = 0;
    }
  }
  post({ type: "frames", svgs, steps });
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Trains in chunks while not paused, then keeps animating the policy. */
async function loop(s: Session): Promise<void> {
  const numEnvs = Number(s.agent.config.numEnvs ?? 1);
  const chunk = Math.max(numEnvs, Math.round(2048 / numEnvs) * numEnvs);
  while (s.generation === generation) {
    if (s.training && !s.paused && s.agent.globalStep < s.total) {
      const t0 = performance.now();
      const steps = Math.min(chunk, s.total - s.agent.globalStep);
      const report = s.agent.learn(steps);
      const ms = performance.now() - t0;
      if (report.episodes.length) {
        post({ type: "episodes", points: report.episodes.map((e) => [e.step, e.return]) });
      }
      if (s.agent.globalStep >= s.nextEval || s.agent.globalStep >= s.total) {
        const r = evaluate(s.agent, { episodes: 10, seed: s.seed + 10_000 });
        const solved = s.threshold !== null && r.mean >= s.threshold;
        post({ type: "eval", step: s.agent.globalStep, mean: r.mean, std: r.std, solved });
        s.nextEval += s.evalEvery * Math.ceil((s.agent.globalStep - s.nextEval + 1) / s.evalEvery);
      }
      postFrames(s, Math.min(10, Math.ceil(ms / FRAME_MS)));
      const done = s.agent.globalStep >= s.total;
      post({
        type: "progress",
        step: s.agent.globalStep,
        sps: steps / ms * 1000,
        state: done ? "done" : "training",
      });
      await pause(0);
    } else {
      postFrames(s, 5);
      await pause(5 * FRAME_MS);
    }
  }
}

function start(agent: Agent, seed: number, total: number, training: boolean, source: string): void {
  const s = newSession(agent, seed, total, training);
  session = s;
  post({
    type: "started",
    agent: agent.algorithm,
    env: agent.envId,
    seed,
    total,
    threshold: s.threshold,
    source,
    training,
  });
  post({
    type: "progress",
    step: agent.globalStep,
    sps: 0,
    state: training ? "training" : "playing",
  });
  loop(s).catch((e) => post({ type: "error", message: (e as Error).message }));
}

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case "train": {
      const p = presets[msg.preset];
      if (!p) throw new RangeError(`Unknown preset "${msg.preset}"`);
      const agent = createAgent(p.agent, { env: p.env, seed: msg.seed, ...p.config });
      start(agent, msg.seed, p.totalTimesteps, true, `preset ${msg.preset}`);
      return;
    }
    case "pause":
    case "resume":
      if (session?.training) {
        session.paused = msg.type === "pause";
        post({
          type: "progress",
          step: session.agent.globalStep,
          sps: 0,
          state: session.paused ? "paused" : "training",
        });
      }
      return;
    case "download": {
      if (!session) {
        throw new Error("Cannot download a checkpoint: nothing is trained or loaded yet");
      }
      const { agent } = session;
      const bytes = agent.save() as Uint8Array<ArrayBuffer>; // the CLI's .ckpt format
      const name =
        `${agent.envId}__${agent.algorithm}__${session.seed}__step${agent.globalStep}.ckpt`;
      post({ type: "checkpoint", bytes, name }, [bytes.buffer]);
      return;
    }
    case "load": {
      const agent = loadAgent(msg.bytes, { file: msg.name });
      start(agent, Number(agent.config.seed ?? 0), agent.globalStep, false, msg.name);
      return;
    }
  }
}

self.onmessage = (e: MessageEvent<ToWorker>): void => {
  try {
    handle(e.data);
  } catch (err) {
    post({ type: "error", message: (err as Error).message });
  }
};
