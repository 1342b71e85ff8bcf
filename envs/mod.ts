/**
 * The five classic-control environments, ported exactly from Gymnasium, and {@linkcode make}.
 *
 * @example
 * ```ts
 * import { make } from "@seeded/rl";
 * const env = make("CartPole-v1");
 * let { observation } = env.reset({ seed: 1 });
 * let done = false;
 * while (!done) {
 *   const action = observation[2] > 0 ? 1 : 0; // push towards the side the pole leans to
 *   const r = env.step(action);
 *   observation = r.observation;
 *   done = r.terminated || r.truncated;
 * }
 * ```
 *
 * @module
 */
export * from "./registry.ts";
export * from "./physics_env.ts";
export * from "./cartpole.ts";
export * from "./mountain_car.ts";
export * from "./mountain_car_continuous.ts";
export * from "./acrobot.ts";
export * from "./pendulum.ts";
