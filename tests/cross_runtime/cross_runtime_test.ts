// The same bits in every runtime: every agent trained briefly (discrete and continuous envs) in
// Deno, in Node (from the npm build) and in headless Chromium (from the browser bundle) ends with
// identical weights, optimizer state, learn reports and evaluation returns.
import assert from "node:assert/strict";
import puppeteer from "puppeteer-core";
import * as rl from "../../mod.ts";
import { trainAll } from "./train_all.js";
import { buildWeb, WEB_DIST } from "../../cli/build_web.ts";
import { serveWeb } from "../../cli/web.ts";
import { buildNpm, NPM_DIST } from "../../cli/build_npm.ts";

const HERE = new URL("./", import.meta.url).pathname;
const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

Deno.test({
  name: "training gives the same bits in Deno, Node (npm build) and Chromium (browser bundle)",
  sanitizeOps: false,
  sanitizeResources: false,
}, async (t) => {
  const deno = trainAll(rl);

  await t.step("Node, from the npm build", async () => {
    await buildNpm();
    const tmp = Deno.makeTempDirSync({ prefix: "cross_node_" });
    try {
      Deno.copyFileSync(`${HERE}train_all.js`, `${tmp}/train_all.mjs`);
      const entry = new URL(`file://${NPM_DIST}/esm/mod.js`).href;
      Deno.writeTextFileSync(
        `${tmp}/run.mjs`,
        `import * as rl from ${JSON.stringify(entry)};
import { trainAll } from "./train_all.mjs";
process.stdout.write(JSON.stringify(trainAll(rl)));`,
      );
      const out = await new Deno.Command("node", {
        args: [`${tmp}/run.mjs`],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), deno);
    } finally {
      Deno.removeSync(tmp, { recursive: true });
    }
  });

  await t.step("Chromium, from the browser bundle", async () => {
    await buildWeb();
    const tmp = Deno.makeTempDirSync({ prefix: "cross_chromium_" });
    const server = serveWeb(0);
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${tmp}/profile`,
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${server.addr.port}/`);
      const source = Deno.readTextFileSync(`${HERE}train_all.js`);
      const chromium = await page.evaluate(async (src: string, lib: string) => {
        const rlib = await import(lib);
        const url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
        const mod = await import(url);
        return mod.trainAll(rlib);
      }, source, `/dist/seeded-rl.js`);
      assert.deepEqual(chromium, deno);
    } finally {
      await browser.close();
      await server.shutdown();
      Deno.removeSync(tmp, { recursive: true });
    }
    assert.ok(Deno.statSync(`${WEB_DIST}/seeded-rl.js`).isFile);
  });
});
