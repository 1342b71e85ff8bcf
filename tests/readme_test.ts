// The README's TypeScript blocks marked "tested: tests/readme_test.ts" run as written (type-checked,
// with "@seeded/rl" resolved to this checkout's mod.ts).
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const MARKER = "<!-- tested: tests/readme_test.ts runs the next ts block -->";

function markedBlocks(): string[] {
  const readme = Deno.readTextFileSync(new URL("README.md", ROOT));
  const blocks: string[] = [];
  for (let at = readme.indexOf(MARKER); at >= 0; at = readme.indexOf(MARKER, at + 1)) {
    const start = readme.indexOf("```ts\n", at) + "```ts\n".length;
    blocks.push(readme.slice(start, readme.indexOf("```\n", start)));
  }
  return blocks;
}

Deno.test("the README's marked TypeScript examples type-check and run", async (t) => {
  const blocks = markedBlocks();
  assert.ok(
    blocks.length >= 2,
    `expected the library API and callbacks examples, got ${blocks.length}`,
  );
  const dir = Deno.makeTempDirSync({ prefix: "readme_test_" });
  const config = new URL("deno.json", ROOT).pathname;
  const deno = async (args: string[]): Promise<void> => {
    const out = await new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "piped" })
      .output();
    const dec = new TextDecoder();
    assert.equal(out.code, 0, dec.decode(out.stderr) + dec.decode(out.stdout));
  };
  try {
    const files = blocks.map((code, i) => {
      const file = `${dir}/block_${i}.ts`;
      const mod = JSON.stringify(new URL("mod.ts", ROOT).href);
      Deno.writeTextFileSync(file, code.replaceAll('"@seeded/rl"', mod));
      return file;
    });
    await t.step("type-check", () => deno(["check", "-q", "--config", config, ...files]));
    for (const [i, file] of files.entries()) {
      await t.step(
        `run block ${i + 1}: ${blocks[i].split("\n")[0]}`,
        () => deno(["run", "-q", "--no-check", "--config", config, file]),
      );
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
