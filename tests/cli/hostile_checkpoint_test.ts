// Hostile checkpoint files: junk and lying headers are rejected after reading their first bytes
// (never allocating the file's claimed or real size), deep nesting is a corrupt checkpoint with a
// fallback to an older one, and a state of the wrong kind names its file.
import assert from "node:assert/strict";
import { crc32, decodeCheckpoint, encodeCheckpoint } from "../../core/checkpoint.ts";
import { craftCheckpoint } from "./_craft.ts";
import { loadLatestCheckpoint, readCheckpointFile } from "../../cli/checkpoint_files.ts";
import { loadRun } from "../../cli/load_run.ts";
import { createAgent } from "../../run/agents.ts";

const MB = 1 << 20;

function header(fields: Record<string, unknown>, tree = "{}"): string {
  const h = {
    formatVersion: 1,
    agent: "ppo",
    env: "CartPole-v1",
    config: {},
    counters: {},
    meta: null,
    arrays: [],
    dataLength: 0,
    dataCrc32: 0,
    ...fields,
  };
  return JSON.stringify(h).replace('"meta":null', `"meta":null,"tree":${tree}`);
}

function good(step: number): Uint8Array {
  return encodeCheckpoint({
    agent: "ppo",
    env: "CartPole-v1",
    config: {},
    counters: { globalStep: step },
    state: { x: new Float32Array([step]) },
  });
}

/** Writes `head` and extends the file, sparsely, to `size` bytes (no disk space used). */
function sparse(path: string, head: Uint8Array, size: number): void {
  Deno.writeFileSync(path, head);
  Deno.truncateSync(path, size);
}

Deno.test("a huge junk or lying checkpoint is rejected from its first bytes, without reading it", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeFileSync(`${dir}/checkpoint-100.ckpt`, good(100));
    // 700 MB of junk, and 700 MB whose valid header claims 8 bytes of data.
    sparse(`${dir}/checkpoint-9999.ckpt`, new TextEncoder().encode("junk junk junk"), 700 * MB);
    sparse(`${dir}/checkpoint-9998.ckpt`, craftCheckpoint(header({ dataLength: 8 })), 700 * MB);
    const rss = Deno.memoryUsage().rss;
    const started = performance.now();
    const warnings: string[] = [];
    const loaded = await loadLatestCheckpoint(dir, { onWarning: (m) => warnings.push(m) });
    const grew = Deno.memoryUsage().rss - rss;
    assert.equal(loaded?.step, 100);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /checkpoint-9999\.ckpt: not a checkpoint file/);
    assert.match(warnings[1], /checkpoint-9998\.ckpt: .*unexpected bytes after the data section/);
    assert.ok(grew < 64 * MB, `memory grew by ${(grew / MB).toFixed(0)} MB`);
    assert.ok(performance.now() - started < 2000, "took too long: the files were read");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a header that claims more than the file holds is an error before any allocation", async (t) => {
  const dir = Deno.makeTempDirSync();
  try {
    const cases: [string, Uint8Array, RegExp][] = [
      [
        "header length 4 GB",
        (() => {
          const b = craftCheckpoint(header({}));
          const v = new DataView(b.buffer);
          v.setUint32(12, 0xfffffff0, true);
          v.setUint32(20, crc32(b.subarray(0, 20)), true);
          return b;
        })(),
        /header ends at byte 4294967304/,
      ],
      ["data length 1 TB", craftCheckpoint(header({ dataLength: 2 ** 40 })), /data section ends/],
      [
        "an array of 2^40 floats",
        craftCheckpoint(
          header(
            {
              arrays: [{
                dtype: "Float64Array",
                length: 2 ** 40,
                byteOffset: 0,
                byteLength: 2 ** 43,
              }],
            },
            '{"a":{"$array":0}}',
          ),
        ),
        /arrays\[0\]/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      await t.step(name, async () => {
        const path = `${dir}/x.ckpt`;
        Deno.writeFileSync(path, bytes);
        await assert.rejects(() => readCheckpointFile(path), (e: Error) => message.test(e.message));
        assert.throws(() => decodeCheckpoint(bytes), (e: Error) => message.test(e.message));
      });
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a header nested 10,000 levels deep is a corrupt checkpoint; the previous one is used", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeFileSync(`${dir}/checkpoint-100.ckpt`, good(100));
    for (
      const [step, tree] of [[200, "[".repeat(10_000) + "]".repeat(10_000)], [
        300,
        '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000),
      ]] as const
    ) {
      Deno.writeFileSync(`${dir}/checkpoint-${step}.ckpt`, craftCheckpoint(header({}, tree)));
    }
    const warnings: string[] = [];
    const loaded = await loadLatestCheckpoint(dir, { onWarning: (m) => warnings.push(m) });
    assert.equal(loaded?.step, 100);
    assert.equal(warnings.length, 2);
    for (const w of warnings) {
      assert.match(w, /checkpoint-\d00\.ckpt: .*nested deeper than 64 levels/);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a checkpoint holding a state of the wrong kind is an error naming the file", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const agent = createAgent("ppo", { env: "CartPole-v1", seed: 1 });
    const config = agent.config as Record<string, unknown>;
    Deno.writeTextFileSync(
      `${dir}/config.json`,
      JSON.stringify({ agent: "ppo", env: "CartPole-v1", seed: 1, config }),
    );
    const state = { ...(agent.state() as Record<string, unknown>), algorithm: null };
    Deno.writeFileSync(
      `${dir}/checkpoint-0.ckpt`,
      encodeCheckpoint({ agent: "ppo", env: "CartPole-v1", config, counters: {}, state }),
    );
    await assert.rejects(
      () => loadRun(dir),
      (e: Error) =>
        e.message.includes(`${dir}/checkpoint-0.ckpt`) && e.message.includes('"ppo" state'),
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
