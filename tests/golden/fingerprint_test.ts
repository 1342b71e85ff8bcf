import assert from "node:assert/strict";
import { CASES, runCase, sha } from "./fingerprint.ts";

const expected = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/golden_fingerprints.json", import.meta.url)),
) as Record<string, string>;

Deno.test("golden fingerprints: short runs of every preset and option set are bit-identical", async (t) => {
  assert.deepEqual(Object.keys(expected).sort(), CASES.map((c) => c.name).sort());
  for (const c of CASES) {
    await t.step(c.name, async () => {
      assert.equal(await sha(runCase(c)), expected[c.name], `${c.name} changed`);
    });
  }
});
