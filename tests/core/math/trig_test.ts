import assert from "node:assert/strict";
import { compareTrig } from "./trig_compare.ts";

Deno.test("sin, cos and sincos give the previous implementation's bits on 2.4M inputs", () => {
  const { compared, mismatches } = compareTrig(300_000);
  assert.equal(compared, 300_000 * 8 + 22);
  assert.deepEqual(mismatches, []);
});
