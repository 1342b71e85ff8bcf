// Every ```ts snippet in README.md is type-checked (`deno check`, with the project's deno.json so
// "@seeded/rl" resolves to mod.ts) and run. A snippet that truly cannot run is marked on the line
// before its fence with `<!-- readme-snippet: no-run REASON -->`; it is still type-checked.
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).pathname;
const MARKER = /^<!--\s*readme-snippet:\s*no-run\s+(.*?)\s*-->$/;

interface Snippet {
  /** The README line of the opening fence. */
  line: number;
  code: string;
  /** Why it is not run, or null. */
  noRun: string | null;
}

/** The ```ts / ```typescript blocks of a markdown text. */
export function tsSnippets(markdown: string): Snippet[] {
  const lines = markdown.split("\n");
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\w*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) j++;
    if (lang === "ts" || lang === "typescript") {
      const marker = MARKER.exec((lines[i - 1] ?? "").trim());
      if (marker) assert.ok(marker[1], `README.md:${i}: a no-run marker needs a reason`);
      out.push({
        line: i + 1,
        code: lines.slice(i + 1, j).map((l) => l.slice(indent.length)).join("\n") + "\n",
        noRun: marker ? marker[1] : null,
      });
    }
    i = j;
  }
  return out;
}

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

Deno.test("tsSnippets() finds fenced ts blocks, their lines and no-run markers", () => {
  const md = "# x\n```ts\nconst a = 1;\n```\n```sh\nls\n```\n" +
    "<!-- readme-snippet: no-run needs a GPU -->\n```typescript\nconst b = 2;\n```\n";
  assert.deepEqual(tsSnippets(md), [
    { line: 2, code: "const a = 1;\n", noRun: null },
    { line: 9, code: "const b = 2;\n", noRun: "needs a GPU" },
  ]);
});

Deno.test("README.md: every TypeScript snippet type-checks and runs", async (t) => {
  const snippets = tsSnippets(Deno.readTextFileSync(`${ROOT}README.md`));
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
