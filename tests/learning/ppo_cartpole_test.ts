import { PPO } from "../../agents/ppo.ts";
import { assertSolvesCartPole } from "./_solve.ts";

Deno.test("PPO solves CartPole-v1 (preset cartpole-ppo, seed 1): eval mean >= 475 within 100k steps", () => {
  assertSolvesCartPole("cartpole-ppo", (c) => new PPO(c), 1, 100_000);
});
