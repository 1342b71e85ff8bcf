// Headless Chromium for the browser tests: Debian's /usr/bin/chromium (or $CHROMIUM) driven by
// puppeteer-core, with the flags this machine's closed network needs and a fresh profile in `dir`.
import puppeteer, { type Browser } from "puppeteer-core";

/** The Chromium executable. */
export const CHROMIUM: string = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

/** Starts headless Chromium with its profile in `${dir}/profile`. */
export function launchChromium(dir: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${dir}/profile`,
    ],
  });
}
