// The browser ESM bundle (deno task build:web) is plain JavaScript with no Deno API: README's ```js
// snippets run in Node with it installed as "@seeded/rl". (Until the npm build lands this stands in
// for the npm package; README's ```html snippets run in Chromium in page_test.ts.)
import assert from "node:assert/strict";
import { buildWeb, WEB_DIST } from "../../cli/build_web.ts";
import { README, snippets } from "../_readme.ts";

Deno.test("README.md: every ```js snippet runs in Node against the bundle", async () => {
  const js = snippets(Deno.readTextFileSync(README), ["js", "javascript"]);
  assert.ok(js.length >= 1, "README.md has no ```js snippet");
  await buildWeb();
  const tmp = Deno.makeTempDirSync({ prefix: "bundle_node_" });
  try {
    const pkg = `${tmp}/node_modules/@seeded/rl`;
    Deno.mkdirSync(pkg, { recursive: true });
    Deno.copyFileSync(`${WEB_DIST}/seeded-rl.js`, `${pkg}/seeded-rl.js`);
    Deno.writeTextFileSync(
      `${pkg}/package.json`,
      JSON.stringify({ name: "@seeded/rl", type: "module", exports: "./seeded-rl.js" }),
    );
    for (const s of js.filter((s) => !s.noRun)) {
      const file = `${tmp}/readme_line_${s.line}.mjs`;
      Deno.writeTextFileSync(file, s.code);
      const out = await new Deno.Command("node", {
        args: [file],
        cwd: tmp,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const dec = new TextDecoder();
      assert.ok(
        out.success,
        `README.md:${s.line}: the snippet fails in Node:\n${dec.decode(out.stderr)}`,
      );
    }
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
