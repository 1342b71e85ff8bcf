// Fenced code blocks of README.md, for the tests that type-check and run them.
import assert from "node:assert/strict";

/** The project's README.md. */
export const README: string = new URL("../README.md", import.meta.url).pathname;

/** One fenced block. */
export interface Snippet {
  /** The README line of the opening fence. */
  line: number;
  code: string;
  /** Why it is not run (`<!-- readme-snippet: no-run REASON -->` on the line before), or null. */
  noRun: string | null;
}

const MARKER = /^<!--\s*readme-snippet:\s*no-run\s+(.*?)\s*-->$/;

/** The fenced blocks of `markdown` whose language is one of `langs` (e.g. `["ts", "typescript"]`). */
export function snippets(markdown: string, langs: readonly string[]): Snippet[] {
  const lines = markdown.split("\n");
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\w*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) j++;
    if (langs.includes(lang)) {
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
