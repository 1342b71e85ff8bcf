// The training page in real headless Chromium (puppeteer-core): it loads without console errors,
// trains CartPole to its threshold in a Web Worker, pauses and resumes, its downloaded .ckpt
// evaluates with `deno task eval`, and a checkpoint of a CLI run loaded into it plays its policy.
// Screenshots go to web/dist/screenshots/ (ignored by git). Needs /usr/bin/chromium (or
// $CHROMIUM): `apt-get install -y chromium`; .ci/run installs it.
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { CHROMIUM, launchChromium } from "./_chromium.ts";
import { buildWeb, WEB_DIST } from "../../cli/build_web.ts";
import { serveWeb } from "../../cli/web.ts";
import { loadAgent } from "../../run/load_agent.ts";
import { evaluate } from "../../run/evaluate.ts";
import { presets } from "../../run/presets.ts";
import { cli, ROOT } from "../cli/_cli.ts";
import { README, snippets } from "../_readme.ts";

const SHOTS = `${WEB_DIST}/screenshots`;

function chromiumMissing(): boolean {
  try {
    return !Deno.statSync(CHROMIUM).isFile;
  } catch {
    return true;
  }
}

async function waitForFile(dir: string, suffix: string, timeoutMs: number): Promise<string> {
  const start = Date.now();
  for (;;) {
    const f = [...Deno.readDirSync(dir)].find((e) => e.name.endsWith(suffix));
    if (f) return `${dir}/${f.name}`;
    if (Date.now() - start > timeoutMs) throw new Error(`no *${suffix} in ${dir}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The `data-<name>` attribute of the element with id `id`. */
const data = (page: Page, id: string, name: string): Promise<string | null> =>
  page.$eval(`#${id}`, (e, n) => e.getAttribute(`data-${n}`), name);

Deno.test({
  name: "web page in headless Chromium: trains CartPole to 475, pauses, checkpoints go both ways",
  sanitizeOps: false,
  sanitizeResources: false,
}, async (t) => {
  if (chromiumMissing()) {
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set $CHROMIUM)`);
  }
  const check = await new Deno.Command(Deno.execPath(), {
    args: ["check", "-q", `${ROOT}web/app.ts`, `${ROOT}web/worker.ts`],
    stderr: "piped",
  }).output();
  assert.ok(check.success, new TextDecoder().decode(check.stderr));
  await buildWeb();
  const tmp = Deno.makeTempDirSync({ prefix: "web_test_" });
  const server = serveWeb(0);
  const browser = await launchChromium(tmp);
  try {
    Deno.mkdirSync(`${tmp}/downloads`);
    Deno.mkdirSync(SHOTS, { recursive: true });
    const cdp = await browser.target().createCDPSession();
    await cdp.send("Browser.setDownloadBehavior", {
      behavior: "allow",
      downloadPath: `${tmp}/downloads`,
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    const url = `http://127.0.0.1:${server.addr.port}/`;
    await page.goto(url, { waitUntil: "load" });

    await t.step("the page loads without console errors", async () => {
      await page.waitForSelector("#preset option[value='cartpole-ppo']");
      assert.deepEqual(problems, []);
    });

    let step = 0;
    await t.step("cartpole-ppo trains to the threshold, with pause and resume", async () => {
      await page.select("#preset", "cartpole-ppo");
      await page.click("#seed", { count: 3 }); // select the text, then type over it
      await page.type("#seed", "1");
      const t0 = performance.now();
      await page.click("#train");
      await page.waitForSelector(`#eval[data-solved-at]:not([data-solved-at=""])`, {
        timeout: 90_000,
      });
      const solvedAt = Number(await data(page, "eval", "solved-at"));
      console.log(
        `  threshold 475 reached at step ${solvedAt} after ${
          ((performance.now() - t0) / 1000).toFixed(1)
        } s`,
      );
      assert.ok(solvedAt > 0 && solvedAt <= presets["cartpole-ppo"].totalTimesteps);
      await page.click("#pause");
      await page.waitForSelector(`#status[data-state="paused"]`);
      step = Number(await data(page, "status", "step"));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(Number(await data(page, "status", "step")), step, "paused training moved");
      assert.equal(await page.$eval("#pause", (e) => e.textContent), "Resume");
      await page.click("#pause");
      await page.waitForFunction(
        `Number(document.getElementById("status").dataset.step) > ${step}`,
      );
      await page.click("#pause");
      await page.waitForSelector(`#status[data-state="paused"]`);
      step = Number(await data(page, "status", "step"));
      await new Promise((r) => setTimeout(r, 700)); // let the animation show a few frames
      await page.screenshot({ path: `${SHOTS}/training.png` });
    });

    await t.step("the downloaded .ckpt evaluates with deno task eval", async () => {
      await page.click("#download");
      const file = await waitForFile(`${tmp}/downloads`, ".ckpt", 10_000);
      assert.match(file, new RegExp(`CartPole-v1__ppo__1__step${step}\\.ckpt$`));
      const ev = await cli("eval", ["--run", file, "--episodes", "5", "--json"], tmp);
      assert.equal(ev.code, 0, ev.stderr);
      const result = JSON.parse(ev.stdout);
      assert.equal(result.step, step);
      assert.equal(result.threshold, 475);
      // The same policy evaluated here from the file's state gives the same returns.
      const agent = loadAgent(Deno.readFileSync(file));
      assert.deepEqual(evaluate(agent, { episodes: 5, seed: 1 + 20_000 }).returns, result.returns);
    });

    await t.step("a checkpoint of a CLI run, loaded into the page, plays its policy", async () => {
      const train = await cli("train", [
        "--preset",
        "cartpole-ppo",
        "--seed",
        "2",
        "--total-timesteps",
        "20480",
        "--eval-every",
        "0",
        "--quiet",
        "--out",
        "cli",
      ], tmp);
      assert.equal(train.code, 0, train.stderr);
      const runDir = [...Deno.readDirSync(`${tmp}/cli`)][0].name;
      const file = `${tmp}/cli/${runDir}/checkpoint-20480.ckpt`;
      const input = (await page.$("#load"))!;
      await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
      await page.waitForSelector(`#status[data-state="playing"]`);
      await page.waitForSelector(`#played[data-episode="1"]`, { timeout: 30_000 });
      const played = Number(await data(page, "played", "return"));
      const agent = loadAgent(Deno.readFileSync(file));
      // The page plays as deno task eval does: the first episode on seed + 20000.
      assert.equal(played, evaluate(agent, { episodes: 1, seed: 2 + 20_000 }).returns[0]);
      assert.match(
        await page.$eval("#status", (e) => e.textContent ?? ""),
        /step 20,480 · playing/,
      );
      await page.waitForSelector(`#played[data-episode="2"]`, { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 300)); // the curve redraws every 250 ms
      await page.screenshot({ path: `${SHOTS}/playing.png` });
    });

    await t.step("no console errors during the whole session", () => {
      assert.deepEqual(problems, []);
    });

    await t.step("README.md's ```html snippets run next to the bundle", async () => {
      const html = snippets(Deno.readTextFileSync(README), ["html"]).filter((s) => !s.noRun);
      assert.ok(html.length >= 1, "README.md has no ```html snippet");
      for (const s of html) {
        const name = `readme_line_${s.line}.html`;
        Deno.writeTextFileSync(`${WEB_DIST}/${name}`, s.code);
        await page.goto(`${url}dist/${name}`, { waitUntil: "load" });
        await page.waitForFunction(`document.body.textContent.trim() !== ""`, { timeout: 30_000 });
        assert.deepEqual(problems, [], `README.md:${s.line}`);
      }
    });
  } finally {
    await browser.close();
    await server.shutdown();
    Deno.removeSync(tmp, { recursive: true });
  }
});
