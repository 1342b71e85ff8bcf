import assert from "node:assert/strict";
import { compareTrig, KINDS, SPECIALS } from "./trig_compare.ts";

Deno.test("sin, cos and sincos give the previous implementation's bits on 3.3M inputs", () => {
  const { compared, mismatches } = compareTrig(300_000);
  assert.equal(compared, 300_000 * Object.keys(KINDS).length + SPECIALS.length);
  assert.deepEqual(mismatches, []);
});
