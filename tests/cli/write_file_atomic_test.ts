import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileAtomicSync } from "../../cli/write_file_atomic.ts";

function withTempDir(f: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "atomic_test_" });
  try {
    f(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

const names = (dir: string): string[] => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

Deno.test("writeFileAtomicSync() writes text, bytes and chunks, replacing the file", () => {
  withTempDir((dir) => {
    const path = join(dir, "sweep.json");
    writeFileAtomicSync(path, "old");
    writeFileAtomicSync(path, new TextEncoder().encode("new content"));
    assert.equal(Deno.readTextFileSync(path), "new content");
    const enc = new TextEncoder();
    writeFileAtomicSync(path, [enc.encode("in "), new Uint8Array(0), enc.encode("chunks")]);
    assert.equal(Deno.readTextFileSync(path), "in chunks");
    writeFileAtomicSync(path, "é ✓\n");
    assert.equal(Deno.readTextFileSync(path), "é ✓\n");
    writeFileAtomicSync(path, "");
    assert.equal(Deno.readTextFileSync(path), "");
    assert.deepEqual(names(dir), ["sweep.json"]);
  });
});

Deno.test("writeFileAtomicSync() leaves no temporary file and the old content when it fails", () => {
  withTempDir((dir) => {
    // The directory does not exist: nothing is created.
    assert.throws(
      () => writeFileAtomicSync(join(dir, "no", "such", "dir"), "x"),
      Deno.errors.NotFound,
    );
    // The rename fails (the destination is a non-empty directory) after the data was written:
    // the temporary file is removed and the destination untouched.
    const target = join(dir, "taken");
    Deno.mkdirSync(target);
    Deno.writeTextFileSync(join(target, "inside"), "keep");
    assert.throws(() => writeFileAtomicSync(target, "data"));
    assert.deepEqual(names(dir), ["taken"]);
    assert.equal(Deno.readTextFileSync(join(target, "inside")), "keep");
    // A file that cannot be replaced keeps its content.
    const path = join(dir, "config.json");
    writeFileAtomicSync(path, "v1");
    const bad = [new TextEncoder().encode("v2"), null as unknown as Uint8Array];
    assert.throws(() => writeFileAtomicSync(path, bad), TypeError);
    assert.equal(Deno.readTextFileSync(path), "v1");
    assert.deepEqual(names(dir), ["config.json", "taken"]);
  });
});

Deno.test("writeFileAtomicSync() uses a per-process unique temporary name", () => {
  withTempDir((dir) => {
    // A temporary file of another writer with the old fixed name is neither used nor removed.
    const path = join(dir, "summary.json");
    Deno.writeTextFileSync(`${path}.tmp`, "another writer's partial file");
    writeFileAtomicSync(path, "mine");
    assert.equal(Deno.readTextFileSync(path), "mine");
    assert.equal(Deno.readTextFileSync(`${path}.tmp`), "another writer's partial file");
    // The temporary name carries the pid and a random part.
    const seen: string[] = [];
    const open = Deno.openSync;
    try {
      (Deno as { openSync: unknown }).openSync = (p: string, o: Deno.OpenOptions) => {
        seen.push(p);
        return open(p, o);
      };
      writeFileAtomicSync(path, "a");
      writeFileAtomicSync(path, "b");
    } finally {
      (Deno as { openSync: unknown }).openSync = open;
    }
    const temps = seen.filter((p) => p.startsWith(`${path}.tmp-`));
    assert.equal(temps.length, 2);
    assert.notEqual(temps[0], temps[1]);
    for (const t of temps) assert.match(t, new RegExp(`\\.tmp-${Deno.pid}-[0-9a-f]{8}$`));
  });
});
