// Every ```ts snippet in README.md is type-checked (`deno check`, with the project's deno.json so
// "@seeded/rl" resolves to mod.ts) and run. A snippet that truly cannot run is marked on the line
// before its fence with `<!-- readme-snippet: no-run REASON -->`; it is still type-checked.
import assert from "node:assert/strict";
import { README, type Snippet, snippets } from "./_readme.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const tsSnippets = (markdown: string): Snippet[] => snippets(markdown, ["ts", "typescript"]);

async function deno(args: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { ok: out.success, output: dec.decode(out.stdout) + dec.decode(out.stderr) };
}

Deno.test("snippets() finds fenced ts blocks, their lines and no-run markers", () => {
  const md = "# x\n```ts\nconst a = 1;\n```\n```sh\nls\n```\n" +
    "<!-- readme-snippet: no-run needs a GPU -->\n```typescript\nconst b = 2;\n```\n";
  assert.deepEqual(tsSnippets(md), [
    { line: 2, code: "const a = 1;\n", noRun: null },
    { line: 9, code: "const b = 2;\n", noRun: "needs a GPU" },
  ]);
});

Deno.test("README.md: every TypeScript snippet type-checks and runs", async (t) => {
  const snippets = tsSnippets(Deno.readTextFileSync(README));
  assert.ok(snippets.length >= 5, `only ${snippets.length} ts snippets found in README.md`);
  const tmp = Deno.makeTempDirSync({ prefix: "readme_snippets_" });
  try {
    const files = snippets.map((s) => {
      const file = `${tmp}/readme_line_${s.line}.ts`;
      Deno.writeTextFileSync(file, s.code);
      return file;
    });
    const config = `--config=${ROOT}deno.json`;
    await t.step("deno check", async () => {
      const r = await deno(["check", "-q", config, ...files], tmp);
      assert.ok(r.ok, `README.md snippets fail deno check:\n${r.output}`);
    });
    // Two at a time: the machine is shared; each snippet should take seconds at most.
    const queue = snippets.map((s, i) => ({ s, file: files[i] })).filter(({ s }) => !s.noRun);
    const failures: string[] = [];
    const lane = async (): Promise<void> => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const r = await deno(
          [
            "run",
            "-q",
            "--no-prompt",
            config,
            `--allow-read=${tmp}`,
            `--allow-write=${tmp}`,
            job.file,
          ],
          tmp,
        );
        if (!r.ok) failures.push(`README.md:${job.s.line}: the snippet fails:\n${r.output}`);
      }
    };
    await t.step("deno run", async () => {
      await Promise.all([lane(), lane()]);
      assert.deepEqual(failures, []);
    });
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
