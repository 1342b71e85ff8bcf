import assert from "node:assert/strict";
import { generateConfigFields } from "../../cli/gen_config_fields.ts";
import { CONFIG_FIELDS } from "../../cli/config_fields.ts";
import { agentFieldSpecs } from "../../cli/common.ts";
import { parseValue } from "../../cli/flags.ts";
import { createAgent } from "../../run/agents.ts";

Deno.test("config_fields.ts is up to date with the agents' config JSDoc", async () => {
  const fresh = await generateConfigFields();
  const path = new URL("../../cli/config_fields.ts", import.meta.url);
  const fmt = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "-q", "--ext", "ts", "-"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = fmt.stdin.getWriter();
  await w.write(new TextEncoder().encode(fresh));
  await w.close();
  const formatted = new TextDecoder().decode((await fmt.output()).stdout);
  assert.equal(
    formatted,
    Deno.readTextFileSync(path),
    "run `deno task gen:config-fields` after changing an agent config",
  );
});

Deno.test("every documented @default equals the agent's resolved default", () => {
  for (const agent of Object.keys(CONFIG_FIELDS)) {
    const resolved = createAgent(agent, { env: "CartPole-v1" }).config as Record<string, unknown>;
    const names = new Set(Object.keys(resolved));
    for (const spec of agentFieldSpecs(agent)) {
      assert.ok(names.has(spec.name), `${agent}.${spec.name} is documented but not in config`);
      if (!spec.default || spec.name === "env") continue;
      const documented = spec.kind === "string"
        ? JSON.parse(spec.default)
        : spec.kind === "number[]"
        ? JSON.parse(spec.default)
        : parseValue(spec, spec.default);
      assert.deepEqual(resolved[spec.name], documented, `${agent}.${spec.name}`);
    }
    for (const name of names) {
      assert.ok(
        CONFIG_FIELDS[agent].some((f) => f.name === name),
        `${agent}.${name} is in the config but has no flag`,
      );
    }
  }
});
