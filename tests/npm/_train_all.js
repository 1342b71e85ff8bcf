// Trains every agent (discrete and continuous) for a few thousand steps, saves a checkpoint in
// the middle, loads it into a fresh agent and trains on, and returns SHA-256 fingerprints of
// the final weights (the checkpoint bytes of the final state) and of all learn reports.
// Plain JavaScript, so the same file runs in Deno (with mod.ts) and Node (with the npm build).

/** The runs: [agent, config, steps before the checkpoint, steps after]. */
export const RUNS = [
  ["reinforce", { env: "CartPole-v1", seed: 1 }, 1000, 1000],
  ["a2c", { env: "CartPole-v1", seed: 2 }, 1000, 1000],
  ["a2c", { env: "Pendulum-v1", seed: 3 }, 1000, 1000],
  ["ppo", { env: "CartPole-v1", seed: 4, numSteps: 64 }, 1024, 1024],
  ["ppo", { env: "MountainCarContinuous-v0", seed: 5, numSteps: 64 }, 1024, 1024],
  ["dqn", { env: "Acrobot-v1", seed: 6, learningStarts: 300 }, 1000, 1000],
  [
    "dqn",
    {
      env: "CartPole-v1",
      seed: 7,
      learningStarts: 300,
      nStep: 3,
      prioritizedReplay: true,
      doubleDqn: true,
    },
    800,
    800,
  ],
];

async function sha(bytes) {
  const d = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

function json(value) {
  return JSON.stringify(
    value,
    (_k, v) => typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
  );
}

function save(rl, name, config, agent) {
  const counters = { globalStep: agent.globalStep };
  return rl.encodeCheckpoint({
    agent: name,
    env: config.env,
    config,
    counters,
    state: agent.state(),
  });
}

/** Runs RUNS with the library namespace `rl`; returns { "<agent>:<env>": { weights, reports } }. */
export async function trainAll(rl) {
  const out = {};
  for (const [name, config, before, after] of RUNS) {
    const agent = rl.createAgent(name, config);
    const r1 = agent.learn(before);
    const bytes = save(rl, name, config, agent);
    const loaded = rl.decodeCheckpoint(bytes, { agent: name, env: config.env });
    const resumed = rl.createAgent(name, config);
    resumed.loadState(loaded.state);
    const r2 = resumed.learn(after);
    const final = save(rl, name, config, resumed);
    const ev = rl.evaluate(resumed, { episodes: 2, seed: 99 });
    out[`${name}:${config.env}`] = {
      checkpoint: await sha(bytes),
      weights: await sha(final),
      reports: await sha(new TextEncoder().encode(json([r1, r2]))),
      eval: ev.returns,
    };
  }
  return out;
}
