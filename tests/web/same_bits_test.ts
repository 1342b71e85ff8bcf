// The same bits in the browser: every agent of tests/npm/_train_all.js (discrete and continuous
// envs, a checkpoint saved and loaded half-way) trained in headless Chromium from the browser
// bundle ends with the same weights, checkpoints, reports and evaluation returns as in Deno.
// (tests/npm/npm_package_test.ts checks Node, from the npm package, against the same file.)
import assert from "node:assert/strict";
import { launchChromium } from "./_chromium.ts";
import * as rl from "../../mod.ts";
import { trainAll } from "../npm/_train_all.js";
import { buildWeb } from "../../cli/build_web.ts";
import { serveWeb } from "../../cli/web.ts";

Deno.test({
  name: "training in headless Chromium gives the same bits as in Deno",
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const deno = await trainAll(rl) as Record<string, unknown>;
  await buildWeb();
  const tmp = Deno.makeTempDirSync({ prefix: "same_bits_" });
  const server = serveWeb(0);
  const browser = await launchChromium(tmp);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.addr.port}/`);
    const source = Deno.readTextFileSync(new URL("../npm/_train_all.js", import.meta.url));
    const chromium: Record<string, unknown> = await page.evaluate(async (src: string) => {
      const lib = await import("/dist/seeded-rl.js");
      const url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
      return await (await import(url)).trainAll(lib);
    }, source);
    assert.deepEqual(Object.keys(chromium), Object.keys(deno));
    for (const k of Object.keys(deno)) {
      assert.deepEqual(chromium[k], deno[k], `${k}: Chromium differs from Deno`);
    }
  } finally {
    await browser.close();
    await server.shutdown();
    Deno.removeSync(tmp, { recursive: true });
  }
});
