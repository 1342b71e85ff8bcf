/**
 * Draws per second of the seeded generator: `float()`, `normal()` and `int(n)`. Each benchmark
 * iteration makes 1000 draws, so draws/s = 1000 × iter/s from the table.
 *
 * Run with `deno bench bench/random_bench.ts`.
 *
 * @module
 */
import { Random } from "../core/random.ts";

const DRAWS = 1000;
const rng = new Random("bench");
let sink = 0; // the draws are summed so they are used

Deno.bench({
  name: `Random.float() ×${DRAWS}`,
  group: "random",
  baseline: true,
  fn: () => {
    for (let i = 0; i < DRAWS; i++) sink += rng.float();
  },
});

Deno.bench({
  name: `Random.normal() ×${DRAWS}`,
  group: "random",
  fn: () => {
    for (let i = 0; i < DRAWS; i++) sink += rng.normal();
  },
});

Deno.bench({
  name: `Random.int(6) ×${DRAWS}`,
  group: "random",
  fn: () => {
    for (let i = 0; i < DRAWS; i++) sink += rng.int(6);
  },
});

Deno.bench({
  name: `Random.int(2 ** 31 - 1) ×${DRAWS}`,
  group: "random",
  fn: () => {
    for (let i = 0; i < DRAWS; i++) sink += rng.int(2 ** 31 - 1);
  },
});
