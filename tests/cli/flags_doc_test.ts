import assert from "node:assert/strict";
import { FLAGS_DOC_PATH, flagsMarkdown } from "../../cli/gen_flags_doc.ts";

Deno.test("docs/config_flags.md is in sync with the agents' config declarations", () => {
  const path = new URL(`../../${FLAGS_DOC_PATH}`, import.meta.url);
  assert.equal(
    Deno.readTextFileSync(path),
    flagsMarkdown(),
    "run `deno task gen:flags` after changing an agent's config",
  );
});
