// `deno task web`'s server serves web/ only, and `eval --run file.ckpt` rejects a bad file cleanly.
import assert from "node:assert/strict";
import { serveWeb } from "../../cli/web.ts";
import { cli } from "./_cli.ts";

Deno.test("serveWeb() serves the page and nothing outside web/", async () => {
  const server = serveWeb(0);
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const get = async (path: string, init?: RequestInit) => {
      const r = await fetch(`${base}${path}`, init);
      await r.body?.cancel();
      return r;
    };
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /^text\/html/);
    assert.match(await page.text(), /<script type="module" src="dist\/app.js">/);
    assert.equal((await get("/style.css")).status, 200);
    for (
      const path of [
        "/../deno.json",
        "/%2e%2e/deno.json",
        "/%2e%2e/cli/web.ts",
        "/app.ts",
        "/dist/../../mod.ts",
        "/nope.html",
      ]
    ) {
      assert.equal((await get(path)).status, 404, path);
    }
    assert.equal((await get("/", { method: "POST" })).status, 405);
    assert.equal((await get("/favicon.ico")).status, 204);
  } finally {
    await server.shutdown();
  }
});

Deno.test("eval --run file.ckpt: a damaged file or --checkpoint best is one clear error", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${tmp}/bad.ckpt`, "not a checkpoint");
    const bad = await cli("eval", ["--run", "bad.ckpt"], tmp);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: --run bad\.ckpt: .*checkpoint/);
    assert.equal(bad.stderr.trim().split("\n").length, 1);
    const best = await cli("eval", ["--run", "bad.ckpt", "--checkpoint", "best"], tmp);
    assert.equal(best.code, 2);
    assert.match(best.stderr, /--checkpoint best needs a run directory, not a file/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
