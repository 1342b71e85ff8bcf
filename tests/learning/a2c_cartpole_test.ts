import { A2C } from "../../agents/a2c.ts";
import { assertSolvesCartPole } from "./_solve.ts";

Deno.test("A2C solves CartPole-v1 (preset cartpole-a2c, seed 1): eval mean >= 475 within 500k steps", () => {
  assertSolvesCartPole("cartpole-a2c", (c) => new A2C(c), 1, 500_000);
});
