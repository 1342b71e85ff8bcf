/**
 * Fingerprints of short training runs: every preset and a set of agent/env/option combinations,
 * trained a few thousand steps, with the full learn reports (losses at full precision), the
 * greedy and sampled actions on fixed observations, and a short evaluation. A refactor must leave
 * every fingerprint unchanged (bit-identical results); a change of numerics regenerates them on
 * purpose with `deno run -A tests/golden/fingerprint.ts --write` and says so in its commit.
 *
 * @module
 */
import { createAgent, evaluate, presets } from "../../mod.ts";

/** One fingerprint case. */
export interface FingerprintCase {
  name: string;
  agent: string;
  config: Record<string, unknown>;
  steps: number;
  chunks: number;
}

function presetCases(): FingerprintCase[] {
  return Object.entries(presets).map(([name, p]) => ({
    name: `preset:${name}`,
    agent: p.agent,
    config: { ...p.config, env: p.env, seed: 7 },
    steps: p.agent === "dqn" ? 3000 : 4096,
    chunks: 2,
  }));
}

/** The cases: presets plus options the presets do not cover. */
export const CASES: FingerprintCase[] = [
  ...presetCases(),
  {
    name: "ppo:pendulum",
    agent: "ppo",
    config: { env: "Pendulum-v1", seed: 3, numSteps: 64 },
    steps: 2048,
    chunks: 3,
  },
  {
    name: "ppo:cartpole-norm",
    agent: "ppo",
    config: {
      env: "CartPole-v1",
      seed: 4,
      numSteps: 32,
      normalizeObservation: true,
      normalizeReward: true,
      targetKl: 0.01,
    },
    steps: 2048,
    chunks: 2,
  },
  {
    name: "a2c:pendulum-norm",
    agent: "a2c",
    config: { env: "Pendulum-v1", seed: 5, normalizeObservation: true, normalizeReward: true },
    steps: 2000,
    chunks: 2,
  },
  {
    name: "a2c:acrobot-relu",
    agent: "a2c",
    config: { env: "Acrobot-v1", seed: 6, activation: "relu" },
    steps: 2000,
    chunks: 2,
  },
  {
    name: "reinforce:mcc",
    agent: "reinforce",
    config: { env: "MountainCarContinuous-v0", seed: 8 },
    steps: 3000,
    chunks: 2,
  },
  {
    name: "reinforce:cartpole-f64",
    agent: "reinforce",
    config: { env: "CartPole-v1", seed: 9, episodesPerBatch: 2 },
    steps: 2000,
    chunks: 3,
  },
  {
    name: "dqn:double-dueling",
    agent: "dqn",
    config: {
      env: "CartPole-v1",
      seed: 10,
      doubleDqn: true,
      dueling: true,
      learningStarts: 200,
      trainFrequency: 2,
    },
    steps: 2500,
    chunks: 3,
  },
  {
    name: "dqn:acrobot-huber",
    agent: "dqn",
    config: { env: "Acrobot-v1", seed: 11, learningStarts: 300, loss: "huber", numEnvs: 2 },
    steps: 2000,
    chunks: 2,
  },
];

const OBS: Record<number, Float32Array[]> = {};
function observations(dim: number): Float32Array[] {
  if (OBS[dim]) return OBS[dim];
  const out: Float32Array[] = [];
  for (let k = 0; k < 8; k++) {
    const o = new Float32Array(dim);
    for (let i = 0; i < dim; i++) o[i] = Math.fround(Math.sin(k * 7.3 + i * 1.7) * 0.5);
    out.push(o);
  }
  return (OBS[dim] = out);
}

/** Runs one case and returns its fingerprint (a JSON-able object with exact numbers). */
export function runCase(c: FingerprintCase): unknown {
  const agent = createAgent(c.agent, c.config);
  const reports: unknown[] = [];
  const per = Math.floor(c.steps / c.chunks);
  let done = 0;
  for (let k = 0; k < c.chunks; k++) {
    const n = k === c.chunks - 1 ? c.steps - done : per;
    // round to a multiple of numEnvs
    const numEnvs = (agent.config.numEnvs as number | undefined) ?? 1;
    const m = Math.max(numEnvs, Math.floor(n / numEnvs) * numEnvs);
    reports.push(agent.learn(m));
    done += m;
  }
  const dim = (agent.config.env === "CartPole-v1")
    ? 4
    : agent.config.env === "Acrobot-v1"
    ? 6
    : agent.config.env === "Pendulum-v1"
    ? 3
    : 2;
  const acts = observations(dim).map((o) => {
    const a = agent.act(o, { deterministic: true });
    return typeof a === "number" ? a : Array.from(a);
  });
  const sampled = observations(dim).map((o) => {
    const a = agent.act(o, { deterministic: false });
    return typeof a === "number" ? a : Array.from(a);
  });
  const ev = evaluate(agent, { episodes: 2, seed: 123 });
  return { globalStep: agent.globalStep, reports, acts, sampled, eval: ev.returns };
}

/** SHA-256 of the JSON of `value` (non-finite numbers as strings). */
export async function sha(value: unknown): Promise<string> {
  const json = JSON.stringify(
    value,
    (_k, v) => typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
  );
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(json));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The fingerprint hash of every case. */
export async function fingerprints(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of CASES) out[c.name] = await sha(runCase(c));
  return out;
}

if (import.meta.main) {
  const fp = await fingerprints();
  const text = JSON.stringify(fp, null, 2) + "\n";
  if (Deno.args.includes("--write")) {
    await Deno.writeTextFile(
      new URL("../fixtures/golden_fingerprints.json", import.meta.url),
      text,
    );
  }
  console.log(text);
}
