/**
 * `deno task build:npm`: the npm package of the library in `dist/npm/` (ES modules plus `.d.ts`
 * declarations, compiled by TypeScript's own `tsc`; `seedrandom` as its one dependency).
 *
 * TypeScript and `@types/seedrandom` are installed with npm into `dist/.build/` (pinned
 * versions, reused between builds); `tsc` rewrites the `.ts` import specifiers to `.js`
 * (`rewriteRelativeImportExtensions`), so the output runs in Node and browsers unchanged.
 *
 *     deno task build:npm          # then: cd dist/npm && npm pack
 *
 * @module
 */
import { parseArgs } from "node:util";

/** The versions used to build (TypeScript) and declared for the package (seedrandom). */
export const BUILD_VERSIONS = {
  typescript: "5.9.3",
  typesSeedrandom: "3.0.8",
  seedrandom: "3.0.5",
} as const;

const ROOT = new URL("../", import.meta.url);

async function run(cmd: string, args: string[], cwd: URL): Promise<void> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    throw new Error(`Cannot build the npm package: ${cmd} ${args.join(" ")} failed:\n${text}`);
  }
}

/**
 * Builds the package into `<root>/dist/npm/` and returns that directory's path.
 *
 * @example
 * ```ts ignore
 * const dir = await buildNpm();
 * ```
 */
export async function buildNpm(): Promise<string> {
  const denoJson = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const build = new URL("dist/.build/", ROOT), out = new URL("dist/npm/", ROOT);
  await Deno.mkdir(build, { recursive: true });
  await Deno.remove(out, { recursive: true }).catch(() => {});
  const tools = {
    name: "seeded-rl-build",
    private: true,
    devDependencies: {
      typescript: BUILD_VERSIONS.typescript,
      "@types/seedrandom": BUILD_VERSIONS.typesSeedrandom,
    },
  };
  const toolsText = JSON.stringify(tools, null, 2) + "\n";
  const toolsFile = new URL("package.json", build);
  const old = await Deno.readTextFile(toolsFile).catch(() => "");
  const tsc = new URL("node_modules/typescript/bin/tsc", build);
  if (old !== toolsText || !(await Deno.stat(tsc).catch(() => null))) {
    await Deno.writeTextFile(toolsFile, toolsText);
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], build);
  }
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "ES2022",
      moduleResolution: "bundler",
      lib: ["ESNext", "DOM"],
      strict: true,
      declaration: true,
      rewriteRelativeImportExtensions: true,
      esModuleInterop: true,
      skipLibCheck: true,
      rootDir: "../..",
      outDir: "../npm",
      typeRoots: ["./node_modules/@types"],
      types: [],
      paths: { seedrandom: ["./node_modules/@types/seedrandom"] },
    },
    files: ["../../mod.ts"],
  };
  await Deno.writeTextFile(new URL("tsconfig.json", build), JSON.stringify(tsconfig, null, 2));
  await run("node", [tsc.pathname, "-p", "tsconfig.json"], build);
  const pkg = {
    name: denoJson.name,
    version: denoJson.version,
    description:
      "Gymnasium-exact classic-control envs, REINFORCE/A2C/PPO/DQN agents and seeded runs that reproduce bit for bit in Deno, Node and browsers",
    license: denoJson.license,
    type: "module",
    main: "./mod.js",
    types: "./mod.d.ts",
    exports: { ".": { types: "./mod.d.ts", default: "./mod.js" } },
    sideEffects: false,
    dependencies: { seedrandom: BUILD_VERSIONS.seedrandom },
    engines: { node: ">=18" },
  };
  await Deno.writeTextFile(new URL("package.json", out), JSON.stringify(pkg, null, 2) + "\n");
  await Deno.copyFile(new URL("README.md", ROOT), new URL("README.md", out));
  return out.pathname;
}

if (import.meta.main) {
  parseArgs({ args: Deno.args, options: {}, strict: true });
  console.log(`npm package built in ${await buildNpm()}`);
}
