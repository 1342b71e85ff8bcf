/**
 * The web page: controls, the env animation and the learning curve. All training happens in
 * `worker.ts` (a Web Worker), so the page stays responsive. Bundled by `deno task build:web`.
 *
 * @module
 */
/// <reference lib="dom" />
import { presets } from "../run/presets.ts";
import type { FromWorker, ToWorker } from "./worker.ts";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const presetSelect = $<HTMLSelectElement>("preset");
const seedInput = $<HTMLInputElement>("seed");
const pauseButton = $<HTMLButtonElement>("pause");
const downloadButton = $<HTMLButtonElement>("download");
const loadInput = $<HTMLInputElement>("load");
const status = $("status");
const frame = $("frame");
const played = $("played");
const evalLine = $("eval");
const curve = document.getElementById("curve") as unknown as SVGSVGElement;

for (const [name, p] of Object.entries(presets)) {
  presetSelect.add(new Option(`${name} (${p.totalTimesteps.toLocaleString("en")} steps)`, name));
}
presetSelect.value = "cartpole-ppo";
const describe = (): void => {
  $("description").textContent = presets[presetSelect.value].description;
};
presetSelect.onchange = describe;
describe();

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const send = (m: ToWorker, transfer: Transferable[] = []): void => worker.postMessage(m, transfer);

/** What the curve shows: training episode returns and evaluation means. */
let run = {
  title: "",
  total: 1,
  threshold: null as number | null,
  episodes: [] as [number, number][],
  evals: [] as { step: number; mean: number; std: number }[],
  solvedAt: null as number | null,
};
let state = "idle";
let frames: string[] = [];

function setStatus(text: string, s: string): void {
  status.textContent = text;
  status.dataset.state = s;
}

// ---- the learning curve: plain SVG ----
const W = 600, H = 400, L = 56, R = 16, T = 30, B = 44;
function drawCurve(): void {
  const values = [...run.episodes.map((e) => e[1]), ...run.evals.map((e) => e.mean)];
  if (run.threshold !== null) values.push(run.threshold);
  let lo = Math.min(0, ...values), hi = Math.max(1, ...values);
  if (hi - lo < 1e-9) hi = lo + 1;
  const pad = (hi - lo) * 0.05;
  lo -= values.some((v) => v < 0) ? pad : 0;
  hi += pad;
  const x = (step: number): number => L + (W - L - R) * step / run.total;
  const y = (v: number): number => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  const parts: string[] = [`<rect width="${W}" height="${H}" fill="#fff"/>`];
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4, s = run.total * i / 4;
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`,
      `<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`,
      `<text x="${x(s)}" y="${H - B + 16}" text-anchor="middle">${Math.round(s / 1000)}k</text>`,
    );
  }
  parts.push(
    `<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">environment steps</text>`,
    `<text x="14" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 14 ${
      (T + H - B) / 2
    })">return</text>`,
    `<text x="${L}" y="18" font-weight="bold">${run.title}</text>`,
    `<rect x="${L}" y="${T}" width="${W - L - R}" height="${
      H - T - B
    }" fill="none" stroke="#999"/>`,
  );
  if (run.threshold !== null) {
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(run.threshold)}" y2="${
        y(run.threshold)
      }" stroke="#2a9d4b" stroke-dasharray="6 4"/>`,
      `<text x="${W - R - 4}" y="${y(run.threshold) - 5}" text-anchor="end" fill="#2a9d4b">` +
        `threshold ${run.threshold}</text>`,
    );
  }
  // At most ~600 episode points: one per pixel column is all the chart can show.
  const every = Math.max(1, Math.ceil(run.episodes.length / 600));
  const eps = run.episodes.filter((_, i) => i % every === 0);
  parts.push(
    `<polyline fill="none" stroke="#8fb3de" stroke-width="1" points="${
      eps.map(([s, r]) => `${x(s).toFixed(1)},${y(r).toFixed(1)}`).join(" ")
    }"/>`,
  );
  if (run.evals.length) {
    parts.push(
      `<polyline fill="none" stroke="#d2561b" stroke-width="2" points="${
        run.evals.map((e) => `${x(e.step).toFixed(1)},${y(e.mean).toFixed(1)}`).join(" ")
      }"/>`,
      ...run.evals.map((e) =>
        `<circle cx="${x(e.step).toFixed(1)}" cy="${y(e.mean).toFixed(1)}" r="3" fill="#d2561b"/>`
      ),
    );
  }
  parts.push(
    `<g font-size="12"><line x1="${L + 10}" x2="${L + 30}" y1="${T + 14}" y2="${
      T + 14
    }" stroke="#8fb3de"/><text x="${L + 35}" y="${T + 18}">training episodes</text>` +
      `<line x1="${L + 160}" x2="${L + 180}" y1="${T + 14}" y2="${
        T + 14
      }" stroke="#d2561b" stroke-width="2"/><text x="${L + 185}" y="${
        T + 18
      }">evaluation mean</text></g>`,
  );
  curve.innerHTML = `<g font-family="system-ui, sans-serif" font-size="13" fill="#333">${
    parts.join("")
  }</g>`;
}

// ---- animation: play the worker's frames at ~30 per second ----
setInterval(() => {
  if (frames.length > 30) frames = frames.slice(-10); // fell behind: skip ahead
  const svg = frames.shift();
  if (svg !== undefined) frame.innerHTML = svg;
}, 33);

let curveDirty = false;
setInterval(() => {
  if (curveDirty) drawCurve();
  curveDirty = false;
}, 250);

worker.onmessage = (e: MessageEvent<FromWorker>): void => {
  const m = e.data;
  switch (m.type) {
    case "started":
      run = {
        title: `${m.agent.toUpperCase()} on ${m.env} · seed ${m.seed} · ${m.source}`,
        total: Math.max(1, m.total),
        threshold: m.threshold,
        episodes: [],
        evals: [],
        solvedAt: null,
      };
      frames = [];
      played.textContent = "The deterministic policy plays here.";
      evalLine.textContent = "Evaluations (10 episodes, deterministic policy) appear here.";
      downloadButton.disabled = false;
      drawCurve();
      break;
    case "progress": {
      state = m.state;
      pauseButton.disabled = m.state === "done" || m.state === "playing";
      pauseButton.textContent = m.state === "paused" ? "Resume" : "Pause";
      const sps = m.sps > 0 ? ` · ${Math.round(m.sps).toLocaleString("en")} steps/s` : "";
      setStatus(
        `${run.title} · step ${m.step.toLocaleString("en")}` +
          (m.state === "playing" ? "" : ` / ${run.total.toLocaleString("en")}`) +
          `${m.state === "training" ? sps : ""} · ${m.state}`,
        m.state,
      );
      break;
    }
    case "episodes":
      run.episodes.push(...m.points);
      curveDirty = true;
      break;
    case "eval":
      run.evals.push(m);
      if (m.solved && run.solvedAt === null) run.solvedAt = m.step;
      evalLine.textContent =
        `Evaluation at step ${m.step.toLocaleString("en")}: ${m.mean.toFixed(1)} ± ${
          m.std.toFixed(1)
        }` +
        (run.solvedAt !== null
          ? ` · threshold ${run.threshold} reached at step ${run.solvedAt.toLocaleString("en")}`
          : "");
      evalLine.dataset.solvedAt = run.solvedAt === null ? "" : String(run.solvedAt);
      curveDirty = true;
      break;
    case "frames":
      frames.push(...m.svgs);
      break;
    case "played":
      played.textContent = `Episode ${m.episode} of the deterministic policy: return ${m.return} ` +
        `in ${m.length} steps`;
      played.dataset.episode = String(m.episode);
      played.dataset.return = String(m.return);
      break;
    case "checkpoint": {
      const url = URL.createObjectURL(new Blob([m.bytes], { type: "application/octet-stream" }));
      const a = Object.assign(document.createElement("a"), { href: url, download: m.name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      break;
    }
    case "error":
      setStatus(`Error: ${m.message}`, "error");
      console.warn(m.message);
      break;
  }
};
worker.onerror = (e: ErrorEvent): void => setStatus(`Worker error: ${e.message}`, "error");

$<HTMLFormElement>("controls").onsubmit = (e: SubmitEvent): void => {
  e.preventDefault();
  const seed = Number(seedInput.value);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    setStatus(`Seed must be a non-negative integer, got "${seedInput.value}"`, "error");
    return;
  }
  send({ type: "train", preset: presetSelect.value, seed });
};
pauseButton.onclick = (): void => send({ type: state === "paused" ? "resume" : "pause" });
downloadButton.onclick = (): void => send({ type: "download" });
loadInput.onchange = async (): Promise<void> => {
  const file = loadInput.files?.[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  send({ type: "load", bytes, name: file.name }, [bytes.buffer]);
  loadInput.value = "";
};
