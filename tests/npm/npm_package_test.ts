/**
 * The npm build in a real Node project: `deno task build:npm`, `npm pack`, install the tarball
 * into a scratch project (seedrandom from the registry or npm's cache), then train every agent,
 * save and load a checkpoint and train on there, and compare with the same runs in Deno: the
 * final weights, reports and evaluations must be bit-identical. Skipped when node or npm is
 * missing.
 */
import assert from "node:assert/strict";
import * as rl from "../../mod.ts";
import { buildNpm } from "../../cli/build_npm.ts";
import { trainAll } from "./_train_all.js";
import { README, snippets } from "../_readme.ts";

function has(cmd: string): boolean {
  try {
    return new Deno.Command(cmd, { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const haveNode = has("node") && has("npm");
if (!haveNode) console.warn("npm package test skipped: node and npm are needed");

async function sh(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

Deno.test({
  name:
    "the npm package installs in Node and trains to the same bits as Deno, checkpoints included",
  ignore: !haveNode,
  fn: async () => {
    const pkgDir = await buildNpm();
    const tmp = await Deno.makeTempDir({ prefix: "seeded-rl-npm-" });
    try {
      const packed = JSON.parse(
        await sh("npm", ["pack", "--json", "--pack-destination", tmp], pkgDir),
      );
      const tarball = `${tmp}/${packed[0].filename}`;
      const proj = `${tmp}/project`;
      await Deno.mkdir(proj);
      await Deno.writeTextFile(
        `${proj}/package.json`,
        JSON.stringify({ name: "scratch", private: true, type: "module" }),
      );
      await sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], proj);
      await Deno.copyFile(new URL("./_train_all.js", import.meta.url), `${proj}/train_all.js`);
      await Deno.writeTextFile(
        `${proj}/main.js`,
        [
          `import * as rl from "@seeded/rl";`,
          `import { trainAll } from "./train_all.js";`,
          `console.log(JSON.stringify(await trainAll(rl)));`,
        ].join("\n"),
      );
      const node = JSON.parse(await sh("node", ["main.js"], proj));
      // The README's Node snippets (```js) run as written against the installed package.
      const js = snippets(Deno.readTextFileSync(README), ["js", "javascript"]);
      assert.ok(js.length >= 1, "README.md has no ```js snippet");
      for (const s of js.filter((s) => !s.noRun)) {
        await Deno.writeTextFile(`${proj}/readme_line_${s.line}.mjs`, s.code);
        await sh("node", [`readme_line_${s.line}.mjs`], proj);
      }
      const deno = JSON.parse(JSON.stringify(await trainAll(rl)));
      assert.deepEqual(Object.keys(node), Object.keys(deno));
      for (const k of Object.keys(deno)) {
        assert.deepEqual(node[k], deno[k], `${k}: Node differs from Deno`);
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
