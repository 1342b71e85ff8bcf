// Seeded, time-bounded fuzzing of the checkpoint decoder and the CLI load path: byte flips,
// truncation, junk, deep nesting, huge claimed sizes, and header values rewritten with valid
// checksums. Every input must give a checkpoint or a CheckpointError (through the CLI restore: a
// CliError) quickly, with memory bounded by the input.
import assert from "node:assert/strict";
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from "../../core/checkpoint.ts";
import { Random } from "../../core/random.ts";
import { createAgent } from "../../run/agents.ts";
import { restoreCheckpoint } from "../../cli/common.ts";
import { CliError } from "../../cli/cli_error.ts";
import { readCheckpointFile } from "../../cli/checkpoint_files.ts";
import { craftCheckpoint } from "./_craft.ts";

const BUDGET_MS = 2500;
const rng = new Random("fuzz-checkpoint");

const agent = createAgent("ppo", { env: "CartPole-v1", seed: 1, numEnvs: 2, numSteps: 16 });
const config = agent.config as Record<string, unknown>;
agent.learn(64);
const base = encodeCheckpoint({
  agent: "ppo",
  env: "CartPole-v1",
  config,
  counters: { globalStep: 64 },
  state: agent.state(),
});
const headerLength = new DataView(base.buffer).getUint32(12, true);
const baseHeader = JSON.parse(new TextDecoder().decode(base.subarray(24, 24 + headerLength)));
const dataOffset = Math.ceil((24 + headerLength) / 8) * 8;
const baseData = base.subarray(dataOffset);

const HOSTILE: unknown[] = [
  null,
  -1,
  1e308,
  2 ** 53,
  "",
  "x".repeat(1000),
  [],
  {},
  { $array: 0 },
  { $array: 1e9 },
  { $num: "NaN" },
  { $num: "bogus" },
  { $bigint: "1".repeat(400) },
  { $$x: 1 },
  { $x: 1 },
  true,
  [[[[[[]]]]]],
];

function pick<T>(xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

/** Replaces one random node of a JSON tree by a hostile value (in place); returns the tree. */
function mutateTree(tree: unknown, depth = 0): unknown {
  if (depth > 0 && (rng.float() < 0.2 || typeof tree !== "object" || tree === null)) {
    return structuredClone(pick(HOSTILE));
  }
  if (typeof tree !== "object" || tree === null) return tree;
  const keys = Object.keys(tree);
  if (keys.length === 0) return structuredClone(pick(HOSTILE));
  const k = pick(keys);
  (tree as Record<string, unknown>)[k] = mutateTree(
    (tree as Record<string, unknown>)[k],
    depth + 1,
  );
  return tree;
}

function nested(depth: number): string {
  return rng.float() < 0.5
    ? "[".repeat(depth) + "]".repeat(depth)
    : '{"a":'.repeat(depth) + "0" + "}".repeat(depth);
}

/** One hostile input, by a randomly chosen kind. */
function hostileBytes(): { kind: string; bytes: Uint8Array } {
  const kind = pick([
    "flip",
    "flips",
    "truncate",
    "junk",
    "junk-prefix",
    "header-value",
    "header-value",
    "header-value",
    "nesting",
    "huge-array",
    "huge-data",
  ]);
  switch (kind) {
    case "flip":
    case "flips": {
      const b = base.slice();
      for (let n = kind === "flip" ? 1 : 1 + rng.int(20); n > 0; n--) {
        b[rng.int(b.length)] ^= 1 + rng.int(255);
      }
      return { kind, bytes: b };
    }
    case "truncate":
      return { kind, bytes: base.slice(0, rng.int(base.length)) };
    case "junk": {
      const b = new Uint8Array(rng.int(4096));
      for (let i = 0; i < b.length; i++) b[i] = rng.int(256);
      return { kind, bytes: b };
    }
    case "junk-prefix": {
      const b = base.slice();
      for (let i = 0; i < 24; i++) if (rng.float() < 0.3) b[i] = rng.int(256);
      return { kind, bytes: b };
    }
    case "header-value": {
      const h = mutateTree(structuredClone(baseHeader));
      return { kind, bytes: craftCheckpoint(JSON.stringify(h), baseData) };
    }
    case "nesting": {
      const h = JSON.stringify({ ...baseHeader, tree: 0 }).replace(
        '"tree":0',
        `"tree":${nested(50 + rng.int(20_000))}`,
      );
      return { kind, bytes: craftCheckpoint(h, baseData) };
    }
    case "huge-array": {
      const h = structuredClone(baseHeader);
      const e = h.arrays[rng.int(h.arrays.length)];
      e.length = pick([2 ** 31, 2 ** 40, 2 ** 53 - 1, 1e300, -5]);
      e.byteLength = e.length * 4;
      return { kind, bytes: craftCheckpoint(JSON.stringify(h), baseData) };
    }
    default: {
      const h = { ...baseHeader, dataLength: pick([2 ** 32, 2 ** 50, 1e300, -1, 0.5]) };
      return { kind, bytes: craftCheckpoint(JSON.stringify(h), baseData) };
    }
  }
}

Deno.test("fuzz: hostile checkpoints give a CheckpointError or a restorable state, never a crash", () => {
  const started = performance.now();
  const rss = Deno.memoryUsage().rss;
  const seen = new Map<string, number>();
  let cases = 0;
  while (performance.now() - started < BUDGET_MS) {
    const { kind, bytes } = hostileBytes();
    cases++;
    seen.set(kind, (seen.get(kind) ?? 0) + 1);
    let decoded;
    try {
      decoded = decodeCheckpoint(bytes, { agent: "ppo", env: "CartPole-v1", copy: true });
    } catch (e) {
      assert.ok(
        e instanceof CheckpointError,
        `${kind} case ${cases}: ${(e as Error).name}: ${(e as Error).message}`,
      );
      continue;
    }
    // Decoded: the CLI restore path must accept it or reject it with one clear CliError.
    const fresh = createAgent("ppo", config);
    try {
      restoreCheckpoint(fresh, decoded, config, "fuzz.ckpt");
    } catch (e) {
      assert.ok(e instanceof CliError, `${kind} case ${cases}: ${(e as Error).stack}`);
      assert.match((e as Error).message, /fuzz\.ckpt/);
    }
  }
  const grew = Deno.memoryUsage().rss - rss;
  assert.ok(cases > 200, `only ${cases} cases`);
  assert.ok(seen.size >= 9, `kinds: ${[...seen.keys()]}`);
  assert.ok(grew < 512 * 2 ** 20, `memory grew by ${grew} bytes`);
});

Deno.test("fuzz: the file reader rejects hostile files without reading beyond their claims", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const started = performance.now();
    let cases = 0;
    while (performance.now() - started < 800) {
      const { kind, bytes } = hostileBytes();
      const path = `${dir}/c.ckpt`;
      Deno.writeFileSync(path, bytes);
      cases++;
      await readCheckpointFile(path, { agent: "ppo" }).catch((e) => {
        assert.ok(e instanceof CheckpointError, `${kind}: ${(e as Error).stack}`);
      });
    }
    assert.ok(cases > 50);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
