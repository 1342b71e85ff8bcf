/**
 * Counts the recorded Gymnasium transitions (tests/fixtures/gym_reference_public.json) whose
 * post-step internal state this library reproduces bit for bit (the parity test allows 1e-12):
 * a check that the portable math agrees with the C library Gymnasium's NumPy used.
 *
 *     deno run -A bench/math/gym_bit_parity.ts
 *
 * @module
 */
// deno-lint-ignore-file no-explicit-any
import { make } from "../../envs/registry.ts";
const fx = JSON.parse(
  Deno.readTextFileSync(new URL("../../tests/fixtures/gym_reference_public.json", import.meta.url)),
);
let total = 0, exact = 0;
for (const [id, e] of Object.entries<any>(fx.envs)) {
  let t = 0, x = 0;
  for (const c of e.cases) {
    const env: any = make(id, c.make_kwargs ?? {}).unwrapped;
    env.reset({ seed: c.reset_seed });
    for (const [k, v] of Object.entries(c.unwrapped_attrs ?? {})) env[k] = v;
    if (env.allowStepAfterTerminated !== undefined) env.allowStepAfterTerminated = true;
    const float32 = id === "MountainCarContinuous-v0";
    for (let k = 0; k < c.steps.length; k++) {
      const s = c.steps[k];
      const before = k === 0 ? c.initial_state : c.steps[k - 1].state;
      env.state = float32 && k > 0 ? Float32Array.from(before) : before;
      try {
        env.step(s.action);
      } catch {
        continue;
      }
      t++;
      const st = env.state;
      let same = true;
      for (let i = 0; i < s.state.length; i++) if (!Object.is(st[i], s.state[i])) same = false;
      if (same) x++;
    }
  }
  console.log(id, `${x}/${t} transitions bit-identical`);
  total += t;
  exact += x;
}
console.log(`all: ${exact}/${total}`);
