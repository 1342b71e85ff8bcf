/**
 * Learning-curve charts for the CLI, as standalone SVG strings (no browser): one run's curve
 * (`curve.svg`), several runs on one chart (`deno task plot`), and a sweep across seeds
 * (`curves.svg`). Charts are declared with Vega-Lite and rendered headless by Vega's SVG renderer,
 * so the output carries its own `xmlns`, a white background and generic `sans-serif` text, and
 * views the same in browsers, `rsvg-convert` and image viewers.
 *
 * Smoothing is a trailing moving average over episodes ({@linkcode movingAverage}); the default
 * window is {@linkcode defaultWindow} (5% of the episodes, between 10 and 100).
 *
 * @example
 * ```ts
 * import { plotRun } from "./plot.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = await plotRun(
 *   { steps: [20, 50, 95, 160], returns: [20, 30, 45, 65] },
 *   { title: "CartPole-v1 · ppo · seed 1", threshold: 475 },
 * );
 * assert.ok(svg.startsWith("<svg"));
 * ```
 *
 * @module
 */
import { compile, type TopLevelSpec } from "vega-lite";
import * as vega from "vega";
import { textMetrics } from "vega-scenegraph";
import { aggregateCurves, defaultWindow, movingAverage } from "../run/curves.ts";

/** One evaluation: the mean and standard deviation of the return over the evaluation episodes. */
export interface EvalPoint {
  /** Global environment step at which the evaluation ran. */
  step: number;
  /** Mean return over the evaluation episodes. */
  mean: number;
  /** Standard deviation of the return over the evaluation episodes. */
  std: number;
}

/** One run's episodes: the global step at which each episode ended, and its return. */
export interface RunCurve {
  /** Name shown in legends (e.g. the run directory); runs without one are named `run 1`, .... */
  label?: string;
  /** Global environment step at the end of each finished episode, non-decreasing. */
  steps: ArrayLike<number>;
  /** Return of each finished episode, one per entry of `steps`. */
  returns: ArrayLike<number>;
  /** Evaluations during training, if any. */
  evals?: readonly EvalPoint[];
}

/** One seed of a sweep: a {@linkcode RunCurve} with the group it belongs to. */
export interface SweepCurve extends RunCurve {
  /**
   * The configuration this seed ran (e.g. `lr=3e-4`); seeds of the same group are averaged
   * together. Seeds without a group form one group.
   */
  group?: string;
}

/** Options shared by every chart. */
export interface PlotOptions {
  /** Title, e.g. `CartPole-v1 · ppo · seed 1`. */
  title?: string;
  /** A second line under the title; each chart has a default that explains what is drawn. */
  subtitle?: string;
  /** The env's reward threshold, drawn as a dashed, labelled line; `null` or absent for none. */
  threshold?: number | null;
  /** Moving-average window in episodes; default {@linkcode defaultWindow} of the episode count. */
  window?: number;
  /** The run's step budget (`--total-timesteps`): the x axis reaches at least this far. */
  totalSteps?: number;
  /**
   * Width of the plotting area in pixels (the SVG is wider by the axes and legend).
   *
   * @default {600}
   */
  width?: number;
  /**
   * Height of the plotting area in pixels.
   *
   * @default {320}
   */
  height?: number;
}

/** Options of {@linkcode plotSweep}. */
export interface PlotSweepOptions extends PlotOptions {
  /**
   * The shaded band around each mean curve: `"std"` is mean ± one population standard deviation
   * across seeds, `"minmax"` spans the lowest to the highest seed.
   *
   * @default {"std"}
   */
  band?: "std" | "minmax";
  /**
   * Number of points of the common step grid the seeds are interpolated onto.
   *
   * @default {200}
   */
  points?: number;
}

const BLUE = "#4c78a8";
const LIGHT_BLUE = "#9ecae9";
const ORANGE = "#f58518";
const THRESHOLD_GREY = "#555555";
const TABLEAU10 = [
  "#4c78a8",
  "#f58518",
  "#e45756",
  "#72b7b2",
  "#54a24b",
  "#eeca3b",
  "#b279a2",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
];

const CONFIG = {
  font: "sans-serif",
  background: "white",
  padding: 10,
  view: { stroke: "#cccccc" },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: "normal",
    titleColor: "#222222",
    labelColor: "#333333",
    gridColor: "#eeeeee",
    domainColor: "#888888",
    tickColor: "#888888",
  },
  legend: { labelFontSize: 11, labelLimit: 280, symbolStrokeWidth: 2.5, symbolSize: 120 },
  title: {
    fontSize: 14,
    subtitleFontSize: 11,
    subtitleColor: "#555555",
    anchor: "start",
    offset: 10,
  },
};

type Row = Record<string, number | string>;

// Without a canvas, Vega guesses a text's width as 0.8 em per character, about 40% too wide for
// sans-serif: legend entries drift apart and long labels get cut. Vega lets a program replace the
// guess (vl-convert does); this one uses rough DejaVu Sans advance widths in em (the widest common
// sans-serif, so text cannot collide in narrower fonts such as Arial or Helvetica).
// Vega 6.2.0 pins vega-scenegraph ~5.1.0 for itself, but vega-view and vega-view-transforms, which
// lay out and render, resolve to 5.3.0: the guess must be replaced in that copy, imported here
// (keep the import map's version equal to the one in deno.lock; tests/cli/plot_test.ts fails
// on untruncated legend labels if it is not).
function charWidth(c: string): number {
  if (" .,:;'!|iljI".includes(c)) return 0.3;
  if ("()[]{}ftr-".includes(c)) return 0.4;
  if ("mwMW±".includes(c)) return 0.9;
  if (c >= "A" && c <= "Z") return 0.7;
  return 0.62;
}

function estimateTextWidth(
  item: { fontSize?: number; fontWeight?: string | number; limit?: number },
  text: unknown,
): number {
  const line = text === null || text === undefined ? "" : String(text).trim();
  let em = 0;
  for (const c of line) em += charWidth(c);
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
  const width = em * (item.fontSize ?? 11) * (bold ? 1.08 : 1);
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
}
textMetrics.width = estimateTextWidth;

// Vega-Lite's layer and encoding types are deep unions; the specs are checked by rendering them.
type Layer = Record<string, unknown>;

/** The x axis: global steps from 0 to `xMax`, labelled 0, 20k, 1.5M, ... */
function xEncoding(xMax: number): Layer {
  return {
    field: "step",
    type: "quantitative",
    title: "environment steps",
    scale: xMax > 0 ? { domain: [0, xMax], nice: false } : { nice: true },
    axis: { labelExpr: "format(datum.value, '~s')", tickCount: 8, labelFlush: true },
  };
}

function maxStep(runs: readonly RunCurve[], totalSteps: number | undefined): number {
  let xMax = totalSteps ?? 0;
  for (const run of runs) {
    for (let i = 0; i < run.steps.length; i++) xMax = Math.max(xMax, run.steps[i]);
    for (const e of run.evals ?? []) xMax = Math.max(xMax, e.step);
  }
  return xMax;
}

function yEncoding(field: string): Layer {
  return {
    field,
    type: "quantitative",
    title: "episode return",
    scale: { zero: false, nice: true },
    axis: { tickCount: 6 },
  };
}

function checkRun(run: RunCurve, name: string): void {
  if (run.steps.length !== run.returns.length) {
    throw new TypeError(
      `Cannot plot ${name}: steps and returns must have the same length, got ${run.steps.length} and ${run.returns.length}`,
    );
  }
}

function checkWindow(window: number | undefined): void {
  if (window !== undefined && !(Number.isInteger(window) && window > 0)) {
    throw new RangeError(`Cannot plot: window must be a positive integer, got ${window}`);
  }
}

function smoothedRows(run: RunCurve, window: number, extra: Row): Row[] {
  const smooth = movingAverage(run.returns, window);
  const rows: Row[] = [];
  for (let i = 0; i < smooth.length; i++) {
    rows.push({ ...extra, step: run.steps[i], value: smooth[i] });
  }
  return rows;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** The dashed threshold line and its label at the left end, just above it. */
function thresholdLayers(threshold: number | null | undefined): Layer[] {
  if (threshold === null || threshold === undefined) return [];
  if (!Number.isFinite(threshold)) {
    throw new RangeError(
      `Cannot plot: threshold must be a finite number or null, got ${threshold}`,
    );
  }
  const data = { values: [{ threshold, label: `reward threshold ${formatNumber(threshold)}` }] };
  return [
    {
      data,
      mark: { type: "rule", stroke: THRESHOLD_GREY, strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { y: { ...yEncoding("threshold") } },
    },
    // the label sits at the left end, just above the line, where a rising learning curve has
    // not arrived yet; a white halo (a stroked copy underneath) keeps it readable over data
    ...["halo", "text"].map((kind) => ({
      data,
      mark: {
        type: "text",
        align: "left",
        baseline: "bottom",
        dx: 4,
        dy: -3,
        fontSize: 11,
        fill: THRESHOLD_GREY,
        ...(kind === "halo" ? { stroke: "white", strokeWidth: 3, strokeOpacity: 0.85 } : {}),
      },
      encoding: {
        y: { field: "threshold", type: "quantitative" },
        x: { value: 0 },
        text: { field: "label" },
      },
    })),
  ];
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * For a chart with no data yet (an interrupted run, an empty sweep): invisible points that give the
 * axes a domain (0 to the step budget, 0 to the threshold), and a note in the middle.
 */
function placeholderLayers(xMax: number, threshold: number | null | undefined): Layer[] {
  const t = threshold ?? 1;
  const corners = [
    { step: 0, value: Math.min(0, t) },
    { step: xMax > 0 ? xMax : 1000, value: Math.max(0, t) },
  ];
  return [
    {
      data: { values: corners },
      mark: { type: "point", opacity: 0 },
      encoding: { x: xEncoding(xMax), y: yEncoding("value") },
    },
    {
      data: { values: [{ note: "no finished episodes yet" }] },
      mark: { type: "text", fontSize: 13, fill: "#777777" },
      encoding: {
        text: { field: "note" },
        x: { value: { expr: "width / 2" } },
        y: { value: { expr: "height / 2" } },
      },
    },
  ];
}

function uniqueLabels(runs: readonly RunCurve[]): string[] {
  const seen = new Map<string, number>();
  return runs.map((run, i) => {
    const base = run.label ?? `run ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function palette(count: number): string[] {
  return Array.from({ length: count }, (_, i) => TABLEAU10[i % TABLEAU10.length]);
}

async function render(
  layers: Layer[],
  options: PlotOptions,
  defaultSubtitle: string,
  empty: { hasData: boolean; xMax: number },
): Promise<string> {
  if (!empty.hasData) layers = [...placeholderLayers(empty.xMax, options.threshold), ...layers];
  const text = options.title ?? "";
  const subtitle = options.subtitle ?? defaultSubtitle;
  const spec = {
    width: options.width ?? 600,
    height: options.height ?? 320,
    ...(text !== "" ? { title: { text, subtitle } } : subtitle !== ""
      // a subtitle alone keeps its look (Vega drops a subtitle without a title)
      ? { title: { text: subtitle, fontSize: 11, fontWeight: "normal", color: "#555555" } }
      : {}),
    config: CONFIG,
    layer: layers,
  } as unknown as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Draws one run's learning curve: each episode's return (a faint line), its moving average, the
 * evaluations (mean with ± std error bars) and the reward threshold (dashed, labelled), against
 * the global environment step. Written by a training run as `curve.svg`.
 *
 * @param run The run's episodes and evaluations.
 * @param options Title, threshold, smoothing window and size.
 * @returns A standalone SVG document.
 * @throws {TypeError} if `steps` and `returns` differ in length.
 * @throws {RangeError} if the window is not a positive integer or the threshold is not finite.
 * @example
 * ```ts
 * import { plotRun } from "./plot.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = await plotRun({
 *   steps: [200, 600, 1500, 3000],
 *   returns: [-200, -200, -150, -120],
 *   evals: [{ step: 2000, mean: -140, std: 12 }],
 * }, { title: "MountainCar-v0 · dqn · seed 1", threshold: -110, window: 2 });
 * assert.ok(svg.includes("reward threshold -110"));
 * ```
 */
export async function plotRun(run: RunCurve, options: PlotOptions = {}): Promise<string> {
  checkRun(run, `run "${run.label ?? "run"}"`);
  checkWindow(options.window);
  const window = options.window ?? defaultWindow(run.returns.length);
  const xMax = maxStep([run], options.totalSteps);
  const x = xEncoding(xMax);
  const raw: Row[] = [];
  for (let i = 0; i < run.returns.length; i++) {
    raw.push({ step: run.steps[i], value: run.returns[i] });
  }
  const evals = run.evals ?? [];
  const series = ["episode return", `moving average (${plural(window, "episode")})`];
  const colors = [LIGHT_BLUE, BLUE];
  if (evals.length > 0) {
    series.push("evaluation (mean ± std)");
    colors.push(ORANGE);
  }
  const color = (name: string): Layer => ({
    datum: name,
    scale: { domain: series, range: colors },
    legend: {
      title: null,
      orient: "top",
      direction: "horizontal",
      symbolType: "stroke",
      gridAlign: "none",
      columnPadding: 18,
    },
  });
  const layers: Layer[] = [
    {
      data: { values: raw },
      mark: { type: "line", strokeWidth: 1, opacity: 0.8 },
      encoding: { x, y: yEncoding("value"), color: color(series[0]) },
    },
    {
      data: { values: smoothedRows(run, window, {}) },
      mark: { type: "line", strokeWidth: 2.5 },
      encoding: { x, y: yEncoding("value"), color: color(series[1]) },
    },
  ];
  if (evals.length > 0) {
    const values = evals.map((e) => ({
      step: e.step,
      mean: e.mean,
      low: e.mean - e.std,
      high: e.mean + e.std,
    }));
    layers.push(
      {
        data: { values },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: {
          x,
          y: yEncoding("low"),
          y2: { field: "high" },
          color: color(series[2]),
        },
      },
      {
        data: { values },
        mark: { type: "point", filled: true, size: 36, opacity: 1 },
        encoding: { x, y: yEncoding("mean"), color: color(series[2]) },
      },
    );
  }
  layers.push(...thresholdLayers(options.threshold));
  const hasData = raw.length > 0 || evals.length > 0;
  return await render(layers, options, "", { hasData, xMax });
}

/**
 * Draws the smoothed learning curves of several runs on one chart, one colour per run with a
 * legend, and the reward threshold. This is what `deno task plot runs/a runs/b` writes.
 *
 * @param runs The runs, each with a `label` for the legend (repeated labels get a ` (2)` suffix).
 * @param options Title, threshold, smoothing window (default: per run, from its episode count)
 * and size.
 * @returns A standalone SVG document.
 * @throws {TypeError} if a run's `steps` and `returns` differ in length.
 * @throws {RangeError} if the window is not a positive integer or the threshold is not finite.
 * @example
 * ```ts
 * import { plotRuns } from "./plot.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = await plotRuns([
 *   { label: "ppo", steps: [100, 300, 700], returns: [20, 60, 140] },
 *   { label: "a2c", steps: [100, 250, 600], returns: [20, 40, 90] },
 * ], { title: "CartPole-v1", threshold: 475 });
 * assert.ok(svg.includes(">ppo<") && svg.includes(">a2c<"));
 * ```
 */
export async function plotRuns(
  runs: readonly RunCurve[],
  options: PlotOptions = {},
): Promise<string> {
  checkWindow(options.window);
  const labels = uniqueLabels(runs);
  const xMax = maxStep(runs, options.totalSteps);
  const x = xEncoding(xMax);
  const rows: Row[] = [];
  const windows = new Set<number>();
  runs.forEach((run, i) => {
    checkRun(run, `run "${labels[i]}"`);
    const window = options.window ?? defaultWindow(run.returns.length);
    windows.add(window);
    rows.push(...smoothedRows(run, window, { run: labels[i] }));
  });
  // (an empty colour domain would break the layout, so a chart without runs has no line layer)
  const lines: Layer[] = runs.length === 0 ? [] : [{
    data: { values: rows },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x,
      y: yEncoding("value"),
      color: {
        field: "run",
        type: "nominal",
        scale: { domain: labels, range: palette(labels.length) },
        legend: { title: null, symbolType: "stroke" },
      },
    },
  }];
  const layers = [...lines, ...thresholdLayers(options.threshold)];
  const w = [...windows];
  const subtitle = w.length === 1
    ? `moving average over ${plural(w[0], "episode")}`
    : `moving average over 5% of each run's episodes (${Math.min(...w)}–${Math.max(...w)})`;
  const hasData = rows.length > 0;
  return await render(layers, options, hasData ? subtitle : "", { hasData, xMax });
}

/**
 * Draws a sweep across seeds: for each group of seeds, the mean of their smoothed curves
 * (interpolated onto a common step grid covering the steps every seed reached) with a shaded
 * band, one faint line per seed, the reward threshold, and a legend of the groups. Written by a
 * sweep as `curves.svg`.
 *
 * @param seeds The seeds' runs; `group` splits them into configurations (one if absent).
 * @param options Title, threshold, smoothing window (default: from the median episode count of the
 * group), band kind, grid size and chart size.
 * @returns A standalone SVG document.
 * @throws {TypeError} if a run's `steps` and `returns` differ in length.
 * @throws {RangeError} if a seed has no episodes, the seeds of a group share no step range, the
 * window is not a positive integer or the threshold is not finite.
 * @example
 * ```ts
 * import { plotSweep } from "./plot.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = await plotSweep([
 *   { steps: [100, 300, 700], returns: [20, 60, 140] },
 *   { steps: [120, 280, 690], returns: [22, 50, 160] },
 * ], { title: "CartPole-v1 · ppo", threshold: 475, band: "minmax" });
 * assert.ok(svg.includes("mean of 2 seeds"));
 * ```
 */
export async function plotSweep(
  seeds: readonly SweepCurve[],
  options: PlotSweepOptions = {},
): Promise<string> {
  checkWindow(options.window);
  const band = options.band ?? "std";
  if (band !== "std" && band !== "minmax") {
    throw new RangeError(`Cannot plot sweep: band must be "std" or "minmax", got "${band}"`);
  }
  const xMax = maxStep(seeds, options.totalSteps);
  const x = xEncoding(xMax);
  const groups = new Map<string, SweepCurve[]>();
  for (const seed of seeds) {
    const name = seed.group ?? "";
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name)!.push(seed);
  }
  const labels = [...groups].map(([name, members]) => {
    const count = `${members.length} seed${members.length === 1 ? "" : "s"}`;
    return name === "" ? `mean of ${count}` : `${name} (${count})`;
  });
  const colors = palette(labels.length);
  // The seeds and bands take their group's colour as a constant, so only the mean lines feed the
  // legend (with solid symbols); all means are drawn on top of all bands and seeds.
  const under: Layer[] = [];
  const meanRows: Row[] = [];
  const windows = new Set<number>();
  [...groups.values()].forEach((members, k) => {
    const counts = members.map((m) => m.returns.length).sort((a, b) => a - b);
    const window = options.window ?? defaultWindow(counts[counts.length >> 1]);
    windows.add(window);
    const seedRows: Row[] = [];
    const curves = members.map((m, i) => {
      const name = `seed "${m.label ?? `${labels[k]} #${i + 1}`}"`;
      checkRun(m, name);
      if (m.returns.length === 0) {
        throw new RangeError(`Cannot plot sweep: ${name} has no finished episodes`);
      }
      seedRows.push(...smoothedRows(m, window, { seed: i }));
      return { steps: m.steps, values: movingAverage(m.returns, window) };
    });
    const agg = aggregateCurves(curves, { points: options.points ?? 200 });
    const bandRows: Row[] = [];
    for (let g = 0; g < agg.grid.length; g++) {
      const low = band === "std" ? agg.mean[g] - agg.std[g] : agg.min[g];
      const high = band === "std" ? agg.mean[g] + agg.std[g] : agg.max[g];
      bandRows.push({ step: agg.grid[g], low, high });
      meanRows.push({ group: labels[k], step: agg.grid[g], value: agg.mean[g] });
    }
    under.push(
      {
        data: { values: seedRows },
        mark: { type: "line", strokeWidth: 1, opacity: 0.35, stroke: colors[k] },
        encoding: { x, y: yEncoding("value"), detail: { field: "seed" } },
      },
      {
        data: { values: bandRows },
        mark: { type: "area", opacity: 0.2, fill: colors[k] },
        encoding: { x, y: yEncoding("low"), y2: { field: "high" } },
      },
    );
  });
  const means: Layer[] = meanRows.length === 0 ? [] : [
    {
      data: { values: meanRows },
      mark: { type: "line", strokeWidth: 2.5 },
      encoding: {
        x,
        y: yEncoding("value"),
        color: {
          field: "group",
          type: "nominal",
          scale: { domain: labels, range: colors },
          legend: { title: null, symbolType: "stroke" },
        },
      },
    },
  ];
  const layers = [...under, ...means, ...thresholdLayers(options.threshold)];
  const w = [...windows];
  const smoothing = w.length === 1
    ? plural(w[0], "episode")
    : `${Math.min(...w)}–${Math.max(...w)} episodes`;
  const bandText = band === "std" ? "mean ± 1 std" : "min to max";
  const subtitle =
    `band: ${bandText} across seeds · faint lines: single seeds · moving average over ${smoothing}`;
  const hasData = meanRows.length > 0;
  return await render(layers, options, hasData ? subtitle : "", { hasData, xMax });
}
