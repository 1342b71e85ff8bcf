/**
 * The project's side of the performance comparisons, printed in the format of the anchors' script
 * (`../shared/anchors/side_by_side.sh`: CleanRL, PyTorch, Gymnasium), measured the same way (best
 * of rounds after a warm-up), so one session can produce the whole table and report ratios:
 *
 * ```sh
 * deno task bench:side-by-side            # everything (about a minute)
 * deno task bench:side-by-side kernels    # RMSprop and MLP only
 * deno task bench:side-by-side envs       # make(id).step of the four envs, each in its own process
 * ```
 *
 * @module
 */
import { Float32Arena } from "../core/optim/float32_arena.ts";
import { RMSprop, type RMSpropOptions } from "../core/optim/rmsprop.ts";
import { MLP } from "../core/nn/mlp.ts";
import { Random } from "../core/random.ts";
import { make } from "../envs/registry.ts";
import { PPO } from "../agents/ppo.ts";
import { DQN } from "../agents/dqn.ts";
import { A2C } from "../agents/a2c.ts";
import { Reinforce } from "../agents/reinforce.ts";
import process from "node:process";

/** Seconds per call of `fn`: the best of `rounds` rounds of `reps` calls, after a warm-up. */
function bestOf(fn: () => void, reps: number, rounds = 5): number {
  for (let i = 0; i < Math.max(3, Math.floor(reps / 10)); i++) fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    best = Math.min(best, (performance.now() - t) / 1000 / reps);
  }
  return best;
}

function rmsprop(): void {
  const variants: [string, RMSpropOptions][] = [
    ["plain", {}],
    ["centered", { centered: true }],
    ["momentum", { momentum: 0.9 }],
    ["centered+momentum", { centered: true, momentum: 0.9 }],
  ];
  for (const n of [1e4, 1e5, 1e6]) {
    for (const [name, extra] of variants) {
      // As the PyTorch anchor: p ~ U(0, 1), g ~ U(-0.5, 0.5), lr 1e-3 and torch's defaults.
      const arena = new Float32Arena(5 * n + 64);
      const params = arena.alloc(n), grads = arena.alloc(n);
      const rng = new Random(0);
      for (let i = 0; i < n; i++) {
        params[i] = rng.float();
        grads[i] = rng.float() - 0.5;
      }
      const opt = new RMSprop([{ params, grads }], {
        lr: 1e-3,
        rho: 0.99,
        eps: 1e-8,
        epsPlacement: "outside",
        ...extra,
      });
      const s = bestOf(() => opt.step(), Math.max(20, Math.round(2e7 / n)));
      console.log(
        `seeded-rl RMSprop ${name} float32 n=${n}: ${(n / s).toPrecision(3)} params/s`,
      );
    }
  }
}

function mlp(): void {
  for (const [sizes, batch] of [[[4, 64, 64, 2], 64], [[4, 256, 256, 2], 256]] as const) {
    const net = new MLP({ sizes, activation: "tanh", rng: new Random(0) });
    const rng = new Random(1);
    const x = new Float32Array(batch * sizes[0]).map(() => rng.normal());
    const d = new Float32Array(batch * sizes.at(-1)!).fill(1);
    let macs = 0;
    for (let l = 0; l + 1 < sizes.length; l++) macs += sizes[l] * sizes[l + 1];
    const s = bestOf(() => {
      net.grads.fill(0);
      net.forward(x, batch);
      net.backward(d);
    }, 300);
    console.log(
      `seeded-rl MLP ${sizes.join("-")} batch ${batch} fwd+bwd: ${
        (6 * batch * macs / s / 1e9).toFixed(2)
      } GFLOP/s`,
    );
  }
}

/**
 * `make(id).step` as `../shared/anchors/gym_speed.py` measures Gymnasium: `make(id)`,
 * `reset({ seed: 0 })`, then steps with the action alternating 1, 0, 1, … (Pendulum: [0.5]) and a
 * reset whenever an episode ends; the best round of 50k steps. Unlike the anchor's 3 rounds, a
 * 100k-step warm-up (JIT compilation) is not timed and there are 20 timed rounds (4 to 30 ms
 * each: short enough that some run undisturbed on a shared machine). The second line is the same
 * by this process's CPU time, which other processes do not inflate.
 */
function envs(ids = ["CartPole-v1", "MountainCar-v0", "Acrobot-v1", "Pendulum-v1"]): void {
  for (const id of ids) {
    const env = make(id);
    env.reset({ seed: 0 });
    const continuous = env.actionSpace.kind === "box";
    const act = new Float32Array([0.5]);
    let a = 0;
    const run = (n: number): void => {
      for (let i = 0; i < n; i++) {
        a ^= 1;
        const r = env.step(continuous ? act : a);
        if (r.terminated || r.truncated) env.reset();
      }
    };
    run(100_000);
    let best = 0, bestCpu = 0;
    for (let r = 0; r < 20; r++) {
      const n = 50_000, t = performance.now(), c = cpuMs();
      run(n);
      best = Math.max(best, n / ((performance.now() - t) / 1000));
      bestCpu = Math.max(bestCpu, n / ((cpuMs() - c) / 1000));
    }
    console.log(`seeded-rl ${id} make().step: ${best.toFixed(0)} steps/s`);
    console.log(`seeded-rl ${id} make().step, CPU time: ${bestCpu.toFixed(0)} steps/s`);
  }
}

/** This process's user + system CPU time (ms): unlike the wall clock, not shared with others. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function training(): void {
  const cases: [string, number, () => { learn(n: number): unknown }][] = [
    ["ppo.py", 49152, () => new PPO({ env: "CartPole-v1", seed: 1 })],
    ["dqn.py", 30000, () => new DQN({ env: "CartPole-v1", seed: 1 })],
    ["a2c (CleanRL-style defaults)", 50000, () => new A2C({ env: "CartPole-v1", seed: 1 })],
    ["reinforce", 50000, () => new Reinforce({ env: "CartPole-v1", seed: 1 })],
  ];
  for (const [name, n, create] of cases) {
    let best = Infinity;
    for (let round = 0; round < 2; round++) {
      const agent = create();
      const t = performance.now();
      agent.learn(n);
      best = Math.min(best, (performance.now() - t) / 1000);
    }
    console.log(
      `seeded-rl ${name} defaults, CartPole-v1: ${n} steps in ${best.toFixed(1)} s = ${
        (n / best).toFixed(0)
      } steps/s`,
    );
  }
}

if (import.meta.main) {
  const only = Deno.args[0];
  if (only === undefined || only === "kernels") {
    rmsprop();
    mlp();
  }
  if (only === undefined || only === "envs") {
    // Each env in its own process, as a run steps one kind of env: in one process the four
    // would share PhysicsEnv's call sites, which V8 then compiles for all four at once.
    for (const id of ["CartPole-v1", "MountainCar-v0", "Acrobot-v1", "Pendulum-v1"]) {
      const args = [
        "run",
        "--allow-read",
        "--allow-env",
        new URL(import.meta.url).pathname,
        "env",
        id,
      ];
      const { stdout } = new Deno.Command(Deno.execPath(), { args, stderr: "inherit" })
        .outputSync();
      Deno.stdout.writeSync(stdout);
    }
  }
  if (only === "env") envs([Deno.args[1]]);
  if (only === undefined || only === "training") training();
}
