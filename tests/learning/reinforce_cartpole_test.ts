import { Reinforce } from "../../agents/reinforce.ts";
import { assertSolvesCartPole } from "./_solve.ts";

Deno.test("REINFORCE solves CartPole-v1 (preset cartpole-reinforce, seed 1): eval mean >= 475 within 500k steps", () => {
  assertSolvesCartPole("cartpole-reinforce", (c) => new Reinforce(c), 1, 500_000);
});
