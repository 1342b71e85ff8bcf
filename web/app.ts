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
const live = $("live");
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
  /** Training (x: env steps) or playing a loaded checkpoint (x: episodes played). */
  playing: false,
  total: 1,
  threshold: null as number | null,
  episodes: [] as [number, number][],
  evals: [] as { step: number; mean: number; std: number }[],
  solvedAt: null as number | null,
};
let state = "idle";
let frames: { svg: string; step: number }[] = [];

function setStatus(text: string, s: string): void {
  status.textContent = text;
  status.dataset.state = s;
}

// ---- the learning curve: plain SVG ----
const W = 600, H = 400, L = 56, R = 16, T = 44, B = 44;

/** A round tick step (1, 2 or 5 × 10^k) giving about `n` ticks over `span`. */
function tickStep(span: number, n: number): number {
  const raw = span / n, p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
}

/** Moving average over the last `k` points. */
function movingAverage(points: [number, number][], k: number): [number, number][] {
  let sum = 0;
  return points.map(([s, r], i) => {
    sum += r - (i >= k ? points[i - k][1] : 0);
    return [s, sum / Math.min(i + 1, k)];
  });
}

function drawCurve(): void {
  const values = [...run.episodes.map((e) => e[1]), ...run.evals.map((e) => e.mean)];
  if (run.threshold !== null) values.push(run.threshold);
  const min = Math.min(0, ...values), max = Math.max(1, ...values);
  const dy = tickStep(max - min, 5);
  const lo = Math.floor(min / dy) * dy, hi = Math.ceil(max / dy) * dy;
  const xMax = run.playing ? Math.max(10, run.episodes.length) : run.total;
  const dx = run.playing ? Math.max(1, tickStep(xMax, 5)) : tickStep(xMax, 5);
  const x = (step: number): number => L + (W - L - R) * step / xMax;
  const y = (v: number): number => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  const line = (pts: [number, number][], attrs: string): string =>
    `<polyline fill="none" ${attrs} points="${
      pts.map(([s, v]) => `${x(s).toFixed(1)},${y(v).toFixed(1)}`).join(" ")
    }"/>`;
  const parts: string[] = [`<rect width="${W}" height="${H}" fill="#fff"/>`];
  for (let v = lo; v <= hi + 1e-9; v += dy) {
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`,
      `<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${+v.toFixed(6)}</text>`,
    );
  }
  for (let s = 0; s <= xMax + 1e-9; s += dx) {
    parts.push(
      `<text x="${x(s)}" y="${H - B + 16}" text-anchor="middle">${
        s >= 1000 ? `${+(s / 1000).toFixed(1)}k` : s
      }</text>`,
    );
  }
  parts.push(
    `<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">${
      run.playing ? "episodes played by the loaded policy" : "environment steps"
    }</text>`,
    `<text x="14" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 14 ${
      (T + H - B) / 2
    })">return</text>`,
    `<text x="${L}" y="16" font-weight="bold">${run.title}</text>`,
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
  // At most ~600 points per line: one per pixel column is all the chart can show.
  const thin = <P>(pts: P[]): P[] => {
    const every = Math.max(1, Math.ceil(pts.length / 600));
    return pts.filter((_, i) => i % every === 0 || i === pts.length - 1);
  };
  const key = (at: number, color: string, label: string): string =>
    `<line x1="${at}" x2="${at + 18}" y1="31" y2="31" stroke="${color}" stroke-width="2"/>` +
    `<text x="${at + 22}" y="35">${label}</text>`;
  if (run.playing) {
    parts.push(
      line(run.episodes, `stroke="#2f6db5" stroke-width="1.5"`),
      ...run.episodes.map(([i, r]) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(r).toFixed(1)}" r="3" fill="#2f6db5"/>`
      ),
      `<g font-size="12">${key(L, "#2f6db5", "return of each episode (deterministic policy)")}</g>`,
    );
    curve.innerHTML = `<g font-family="system-ui, sans-serif" font-size="13" fill="#333">${
      parts.join("")
    }</g>`;
    return;
  }
  parts.push(
    line(thin(run.episodes), `stroke="#c3d5ec" stroke-width="1"`),
    line(thin(movingAverage(run.episodes, 20)), `stroke="#2f6db5" stroke-width="1.5"`),
  );
  if (run.evals.length) {
    parts.push(
      line(run.evals.map((e) => [e.step, e.mean]), `stroke="#d2561b" stroke-width="2"`),
      ...run.evals.map((e) =>
        `<circle cx="${x(e.step).toFixed(1)}" cy="${y(e.mean).toFixed(1)}" r="3" fill="#d2561b"/>`
      ),
    );
  }
  parts.push(
    `<g font-size="12">${key(L, "#c3d5ec", "episode return")}${
      key(L + 130, "#2f6db5", "moving average (20)")
    }${key(L + 290, "#d2561b", "evaluation mean (10 episodes)")}</g>`,
  );
  curve.innerHTML = `<g font-family="system-ui, sans-serif" font-size="13" fill="#333">${
    parts.join("")
  }</g>`;
}

// ---- animation: play the worker's frames at ~30 per second ----
setInterval(() => {
  if (frames.length > 30) frames = frames.slice(-10); // fell behind: skip ahead
  const next = frames.shift();
  if (next === undefined) return;
  frame.innerHTML = next.svg;
  live.textContent = `Deterministic policy, step ${next.step}.`;
}, 20); // 50 frames per second, CartPole's render fps

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
        playing: !m.training,
        total: Math.max(1, m.total),
        threshold: m.threshold,
        episodes: [],
        evals: [],
        solvedAt: null,
      };
      frames = [];
      played.textContent = "";
      delete played.dataset.episode;
      delete played.dataset.return;
      delete evalLine.dataset.solvedAt;
      evalLine.textContent = m.training
        ? "Evaluations (10 episodes, deterministic policy) appear here."
        : `The loaded policy plays episodes from seed ${m.seed + 20_000}, as deno task eval does.`;
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
      status.dataset.step = String(m.step);
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
      frames.push(...m.svgs.map((svg, i) => ({ svg, step: m.steps[i] })));
      break;
    case "played":
      played.textContent = `Episode ${m.episode}: return ${m.return} in ${m.length} steps.`;
      played.dataset.episode = String(m.episode);
      played.dataset.return = String(m.return);
      if (run.playing) {
        run.episodes.push([m.episode, m.return]);
        curveDirty = true;
      }
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
