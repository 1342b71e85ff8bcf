/**
 * `deno task web`: builds the browser bundles (`deno task build:web`) and serves the training page
 * in `web/` on localhost: pick a preset and a seed, train in a Web Worker, watch the env and the
 * learning curve, pause, resume, download the `.ckpt` (it evaluates with `deno task eval --run
 * file.ckpt`), or load a CLI checkpoint to watch its policy.
 *
 * @example
 * ```sh
 * deno task web              # http://127.0.0.1:8000/
 * deno task web --port 9000
 * ```
 *
 * @module
 */
import { extname, join, normalize } from "node:path";
import { buildWeb } from "./build_web.ts";
import { CliError, errorLine } from "./cli_error.ts";
import { type FlagSpec, formatFlags, parseFlags } from "./flags.ts";

const WEB_ROOT = new URL("../web/", import.meta.url).pathname;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

const FLAGS: FlagSpec[] = [
  { name: "port", kind: "number", doc: "Port on 127.0.0.1 (0: any free port).", default: "8000" },
  { name: "noBuild", kind: "boolean", doc: "Serve web/dist as it is (no esbuild step)." },
];

/**
 * Serves the files of `web/` (GET only, nothing outside it) on 127.0.0.1.
 *
 * @param port The port (0 picks a free one; see the returned server's `addr`).
 * @returns The server; `await server.shutdown()` stops it.
 */
export function serveWeb(port: number): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, async (req) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("method not allowed", { status: 405 });
    }
    let path = decodeURIComponent(new URL(req.url).pathname);
    if (path === "/favicon.ico") return new Response(null, { status: 204 }); // none, no 404
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(WEB_ROOT, path));
    if (!file.startsWith(WEB_ROOT) || !TYPES[extname(file)]) {
      return new Response("not found", { status: 404 });
    }
    try {
      const body = await Deno.readFile(file);
      return new Response(req.method === "HEAD" ? null : body, {
        headers: { "content-type": TYPES[extname(file)], "cache-control": "no-store" },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
}

/** The command; returns the exit status when the server stops (2 for bad input). */
export async function main(args: string[]): Promise<number> {
  try {
    if (args.includes("--help") || args.includes("-h")) {
      console.log(`Usage: deno task web [flags]\n\n${formatFlags(FLAGS)}`);
      return 0;
    }
    const { values } = parseFlags(args, FLAGS, "web");
    const port = (values.port ?? 8000) as number;
    if (!Number.isSafeInteger(port) || port < 0 || port > 65535) {
      throw new CliError(`--port must be an integer from 0 to 65535, got ${port}`);
    }
    if (!values.noBuild) await buildWeb();
    const server = serveWeb(port);
    console.log(
      `Serving the training page at http://127.0.0.1:${server.addr.port}/ (Ctrl-C stops)`,
    );
    await server.finished;
    return 0;
  } catch (e) {
    console.error(errorLine(e));
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
