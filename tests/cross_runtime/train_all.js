// Trains every agent briefly on discrete and continuous envs through the public API only, and
// returns a digest of each run: the learn reports and every typed array of the final state
// (weights, optimizer statistics, buffers) as FNV-1a hashes of their bytes, plus a short
// evaluation. Plain JavaScript so that Deno, Node and Chromium run the same file.

/** FNV-1a (32-bit) of the bytes of a typed array, as 8 hex digits. */
function fnv(view) {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** Every typed array of a state tree, by path, as its hash. */
function arrays(value, path, out) {
  if (ArrayBuffer.isView(value)) out[path] = fnv(value);
  else if (Array.isArray(value)) value.forEach((v, i) => arrays(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value).sort()) arrays(value[key], `${path}.${key}`, out);
  }
  return out;
}

/** The runs: agent, config and steps. */
export const RUNS = [
  ["ppo", { env: "CartPole-v1", seed: 1, numSteps: 64 }, 2048],
  ["ppo", { env: "Pendulum-v1", seed: 2, numSteps: 64, normalizeObservation: true }, 1024],
  ["a2c", { env: "CartPole-v1", seed: 3 }, 1000],
  ["a2c", { env: "Pendulum-v1", seed: 4, normalizeReward: true }, 1000],
  ["reinforce", { env: "CartPole-v1", seed: 5 }, 1500],
  ["reinforce", { env: "MountainCarContinuous-v0", seed: 6 }, 1998],
  ["dqn", { env: "CartPole-v1", seed: 7, learningStarts: 300, trainFrequency: 2 }, 1500],
  ["dqn", { env: "Acrobot-v1", seed: 8, learningStarts: 300, doubleDqn: true, nStep: 3 }, 800],
];

/** Runs every training of RUNS with the library `rl`; returns name → digest. */
export function trainAll(rl) {
  const out = {};
  for (const [name, config, steps] of RUNS) {
    const agent = rl.createAgent(name, config);
    const reports = [agent.learn(steps - steps % 2), agent.learn(steps % 2)];
    const evaluation = rl.evaluate(agent, { episodes: 2, seed: 11 });
    out[`${name} ${config.env}`] = {
      reports: JSON.stringify(reports),
      state: arrays(agent.state(), "", {}),
      returns: evaluation.returns,
    };
  }
  return out;
}
