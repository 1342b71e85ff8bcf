/**
 * `deno task build:web`: bundles the library for browsers with esbuild into `web/dist/` (ignored
 * by git): `seeded-rl.js`, the whole public API (`mod.ts`) as one ES module, and the web page's
 * `app.js` and `worker.js`. `seedrandom`, the one dependency, is bundled in.
 *
 * @example
 * ```sh
 * deno task build:web   # then: deno task web
 * ```
 *
 * @module
 */
import { createRequire } from "node:module";
import * as esbuild from "esbuild";

const ROOT = new URL("../", import.meta.url).pathname;

/** The directory the bundles are written to. */
export const WEB_DIST: string = `${ROOT}web/dist`;

/** Resolves the bare `seedrandom` import (Deno's import map) to its files in Deno's npm cache. */
const importMap: esbuild.Plugin = {
  name: "deno-import-map",
  setup(build): void {
    const require = createRequire(import.meta.url);
    build.onResolve({ filter: /^seedrandom$/ }, (args) => ({ path: require.resolve(args.path) }));
  },
};

/**
 * Writes `web/dist/{seeded-rl,app,worker}.js` (with source maps).
 *
 * @returns The files written, relative to the project root.
 */
export async function buildWeb(): Promise<string[]> {
  try {
    const result = await esbuild.build({
      entryPoints: [
        { in: `${ROOT}mod.ts`, out: "seeded-rl" },
        { in: `${ROOT}web/app.ts`, out: "app" },
        { in: `${ROOT}web/worker.ts`, out: "worker" },
      ],
      outdir: WEB_DIST,
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      sourcemap: "linked",
      metafile: true,
      logLevel: "warning",
      plugins: [importMap],
    });
    return Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".js"));
  } finally {
    await esbuild.stop();
  }
}

if (import.meta.main) {
  Deno.chdir(ROOT);
  for (const file of await buildWeb()) {
    console.log(`${file} (${(Deno.statSync(file).size / 1024).toFixed(0)} KiB)`);
  }
}
