/**
 * The optimizer picture: paths of SGD, AdaGrad, RMSprop and RMSprop with momentum from the same
 * start and with the same learning rate, on a badly scaled quadratic and on Rosenbrock's
 * function, drawn as an SVG with a table of steps-to-tolerance. Pure computation (no I/O): the
 * `deno task demo:optimizers` entry point writes the string to `docs/optimizers.svg`.
 *
 * @example
 * ```ts
 * import { optimizerDemoSvg } from "./demo.ts";
 * const svg = optimizerDemoSvg();
 * ```
 *
 * @module
 */
import { AdaGrad } from "../../core/optim/adagrad.ts";
import { RMSprop } from "../../core/optim/rmsprop.ts";
import { SGD } from "../../core/optim/sgd.ts";

/** A 2-D test function with everything needed to run and draw it. */
export interface DemoProblem {
  /** Title shown above the panel. */
  title: string;
  /** The function. */
  f: (x: number, y: number) => number;
  /** Writes the gradient at (x, y) into `out[0]`, `out[1]`. */
  gradient: (x: number, y: number, out: Float64Array) => void;
  /** The common starting point. */
  start: [number, number];
  /** The minimizer. */
  minimum: [number, number];
  /** The learning rate every optimizer uses on this problem. */
  lr: number;
  /** The step budget. */
  steps: number;
  /** The region drawn: [xMin, xMax, yMin, yMax]. */
  view: [number, number, number, number];
  /** The contour levels drawn. */
  levels: number[];
  /** A dot is drawn on each path every this many steps (shows the speed). */
  dotEvery: number;
}

/** One optimizer's run on a problem. */
export interface DemoRun {
  /** Optimizer label. */
  name: string;
  /** Line colour. */
  color: string;
  /** Extra SVG attributes of the path (width, dashes). */
  style: string;
  /** x0, y0, x1, y1, ...: the start and the point after every step. */
  path: Float64Array;
  /** First step after which ‖θ − θ*‖ < tolerance, or null if not within the budget. */
  stepsToTolerance: number | null;
  /** ‖θ − θ*‖ after the last step. */
  finalDistance: number;
}

/** The distance to the minimum counted as "arrived" in the table. */
export const DEMO_TOLERANCE: number = 0.05;

/** The two problems of the picture. */
export const DEMO_PROBLEMS: DemoProblem[] = [
  {
    // Curvatures 100 and 1: SGD's lr must stay below 2/100, where it zig-zags in x and crawls in y.
    title: "f = ½(100x² + y²)",
    f: (x, y) => 0.5 * (100 * x * x + y * y),
    gradient: (x, y, out) => {
      out[0] = 100 * x;
      out[1] = y;
    },
    start: [-1, 1],
    minimum: [0, 0],
    lr: 0.018,
    steps: 300,
    view: [-1.2, 1.2, -0.6, 1.3],
    levels: [0.005, 0.02, 0.08, 0.3, 1, 3, 10, 30],
    dotEvery: 5,
  },
  {
    title: "Rosenbrock f = (1 − x)² + 100(y − x²)²",
    f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    gradient: (x, y, out) => {
      out[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      out[1] = 200 * (y - x * x);
    },
    start: [-1.2, 1],
    minimum: [1, 1],
    lr: 0.004,
    steps: 3000,
    view: [-1.6, 1.6, -0.6, 1.8],
    levels: [0.05, 0.3, 1, 3, 10, 30, 100, 300],
    dotEvery: 100,
  },
];

interface Stepper {
  step(): void;
}

type Make = (p: { params: Float64Array; grads: Float64Array }[], lr: number) => Stepper;

// The adaptive methods share the diagonal of the quadratic, so they are drawn from wide and pale
// to thin and dashed to stay distinguishable where they overlap. Table order: SGD first.
const OPTIMIZERS: [string, string, string, Make][] = [
  ["SGD", "#d62728", 'stroke-width="1.4"', (p, lr) => new SGD(p, { lr })],
  ["AdaGrad", "#ff7f0e", 'stroke-width="7" opacity="0.45"', (p, lr) => new AdaGrad(p, { lr })],
  ["RMSprop", "#1f77b4", 'stroke-width="3.5"', (p, lr) => new RMSprop(p, { lr })],
  [
    "RMSprop + momentum 0.9",
    "#2ca02c",
    'stroke-width="1.5" stroke-dasharray="5 3"',
    (p, lr) => new RMSprop(p, { lr, momentum: 0.9 }),
  ],
];

/**
 * Runs the four optimizers (SGD, AdaGrad, RMSprop with the defaults rho 0.9 / eps 1e-8 inside,
 * and RMSprop with torch-style momentum 0.9) on `problem` with its lr and step budget.
 *
 * @example
 * ```ts
 * import { DEMO_PROBLEMS, runDemo } from "./demo.ts";
 * const runs = runDemo(DEMO_PROBLEMS[0]);
 * console.log(runs.map((r) => `${r.name}: ${r.stepsToTolerance}`));
 * ```
 */
export function runDemo(problem: DemoProblem, tolerance: number = DEMO_TOLERANCE): DemoRun[] {
  return OPTIMIZERS.map(([name, color, style, make]) => {
    const params = new Float64Array(problem.start);
    const grads = new Float64Array(2);
    const optimizer = make([{ params, grads }], problem.lr);
    const path = new Float64Array(2 * (problem.steps + 1));
    path.set(params);
    const [mx, my] = problem.minimum;
    let stepsToTolerance: number | null = null;
    for (let t = 1; t <= problem.steps; t++) {
      problem.gradient(params[0], params[1], grads);
      optimizer.step();
      path[2 * t] = params[0];
      path[2 * t + 1] = params[1];
      if (stepsToTolerance === null && Math.hypot(params[0] - mx, params[1] - my) < tolerance) {
        stepsToTolerance = t;
      }
    }
    const finalDistance = Math.hypot(params[0] - mx, params[1] - my);
    return { name, color, style, path, stepsToTolerance, finalDistance };
  });
}

const PANEL = { width: 420, height: 360, top: 90, left: [50, 530] };

/**
 * Renders the whole picture (both problems, paths, legend and table) as an SVG document.
 *
 * @example
 * ```ts
 * import { optimizerDemoSvg } from "./demo.ts";
 * const svg = optimizerDemoSvg();
 * console.log(svg.startsWith("<svg"));
 * ```
 */
export function optimizerDemoSvg(): string {
  const width = 1000;
  const height = 680;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="28" text-anchor="middle" font-size="18" font-weight="bold">` +
      `SGD, AdaGrad and RMSprop from the same start with the same learning rate</text>`,
  );
  const allRuns = DEMO_PROBLEMS.map((problem, k) => {
    const runs = runDemo(problem);
    out.push(panel(problem, runs, PANEL.left[k], k));
    return runs;
  });
  out.push(legend(allRuns[0], 50, PANEL.top + PANEL.height + 62));
  out.push(table(allRuns, 530, PANEL.top + PANEL.height + 62));
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function panel(problem: DemoProblem, runs: DemoRun[], left: number, index: number): string {
  const { width, height, top } = PANEL;
  const [x0, x1, y0, y1] = problem.view;
  const sx = (x: number) => left + ((x - x0) / (x1 - x0)) * width;
  const sy = (y: number) => top + height - ((y - y0) / (y1 - y0)) * height;
  const out: string[] = [];
  const clip = `clip${index}`;
  out.push(
    `<clipPath id="${clip}"><rect x="${left}" y="${top}" width="${width}" height="${height}"/></clipPath>`,
    `<text x="${left + width / 2}" y="${top - 26}" text-anchor="middle" font-size="15">` +
      `${problem.title}</text>`,
    `<text x="${left + width / 2}" y="${
      top - 9
    }" text-anchor="middle" font-size="12" fill="#444">` +
      `lr ${problem.lr}, ${problem.steps} steps, a dot every ${problem.dotEvery} steps</text>`,
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="#fafafa" stroke="#999"/>`,
    `<g clip-path="url(#${clip})">`,
  );
  for (const level of problem.levels) {
    const d = contour(problem.f, problem.view, level, 240, 160, sx, sy);
    out.push(`<path d="${d}" fill="none" stroke="#c8c8c8" stroke-width="1"/>`);
  }
  for (const run of [runs[1], runs[0], runs[2], runs[3]]) {
    out.push(
      `<polyline points="${thin(run.path, sx, sy)}" fill="none" stroke="${run.color}" ` +
        `${run.style} stroke-linejoin="round"/>`,
    );
    const dots: string[] = [];
    for (let t = problem.dotEvery; 2 * t < run.path.length; t += problem.dotEvery) {
      dots.push(`M${f1(sx(run.path[2 * t]))} ${f1(sy(run.path[2 * t + 1]))}h0`);
    }
    out.push(
      `<path d="${dots.join("")}" stroke="${run.color}" stroke-width="4" stroke-linecap="round"/>`,
    );
    const n = run.path.length;
    out.push(
      `<circle cx="${f1(sx(run.path[n - 2]))}" cy="${f1(sy(run.path[n - 1]))}" r="4.5" ` +
        `fill="${run.color}" stroke="black" stroke-width="0.8"/>`,
    );
  }
  out.push("</g>");
  const [mx, my] = problem.minimum;
  const [px, py] = problem.start;
  out.push(
    `<circle cx="${f1(sx(px))}" cy="${
      f1(sy(py))
    }" r="5" fill="white" stroke="black" stroke-width="1.5"/>`,
    `<text x="${f1(sx(px) - 8)}" y="${f1(sy(py) + 20)}" text-anchor="end">start</text>`,
    `<path d="${star(sx(mx), sy(my))}" fill="gold" stroke="black" stroke-width="1"/>`,
  );
  // Axis ticks at the view's ends and the middle.
  for (const x of [x0, (x0 + x1) / 2, x1]) {
    out.push(
      `<text x="${f1(sx(x))}" y="${top + height + 16}" text-anchor="middle" font-size="11">${
        fmt(x)
      }</text>`,
    );
  }
  for (const y of [y0, (y0 + y1) / 2, y1]) {
    out.push(
      `<text x="${left - 6}" y="${f1(sy(y) + 4)}" text-anchor="end" font-size="11">${
        fmt(y)
      }</text>`,
    );
  }
  out.push(
    `<text x="${left + width / 2}" y="${
      top + height + 30
    }" text-anchor="middle" font-size="12">x</text>`,
    `<text x="${left - 40}" y="${top + height / 2 - 14}" font-size="12">y</text>`,
  );
  return out.join("\n");
}

function legend(runs: DemoRun[], left: number, top: number): string {
  const out: string[] = [];
  runs.forEach((run, i) => {
    const y = top + i * 22;
    out.push(
      `<line x1="${left}" y1="${y}" x2="${
        left + 36
      }" y2="${y}" stroke="${run.color}" ${run.style}/>`,
      `<text x="${left + 46}" y="${y + 4}">${run.name}</text>`,
    );
  });
  const notes = [
    "RMSprop: rho 0.9, eps 1e-8 inside the root (momentum: torch style).",
    "AdaGrad: eps 1e-10. SGD: no momentum. Same lr for all four.",
    "○ start   ★ minimum   ● end of the run",
  ];
  notes.forEach((note, i) => {
    const y = top + 4 * 22 + 10 + 16 * i;
    out.push(`<text x="${left}" y="${y}" font-size="11" fill="#555">${note}</text>`);
  });
  return out.join("\n");
}

function table(allRuns: DemoRun[][], left: number, top: number): string {
  const cols = [left, left + 190, left + 320];
  const out: string[] = [
    `<text x="${
      cols[0]
    }" y="${top}" font-weight="bold">steps to ‖θ − θ*‖ &lt; ${DEMO_TOLERANCE}</text>`,
    `<text x="${cols[1]}" y="${top}" font-weight="bold">quadratic</text>`,
    `<text x="${cols[2]}" y="${top}" font-weight="bold">Rosenbrock</text>`,
  ];
  allRuns[0].forEach((run, i) => {
    const y = top + 22 * (i + 1);
    out.push(`<text x="${cols[0]}" y="${y}" fill="${run.color}">${run.name}</text>`);
    allRuns.forEach((runs, k) => {
      const r = runs[i];
      const cell = r.stepsToTolerance === null
        ? `— (at ${r.finalDistance.toFixed(2)})`
        : String(r.stepsToTolerance);
      out.push(`<text x="${cols[k + 1]}" y="${y}">${cell}</text>`);
    });
  });
  out.push(
    `<text x="${cols[0]}" y="${top + 22 * 5 + 4}" font-size="11" fill="#555">` +
      `— : not within the budget; the distance reached is in brackets.</text>`,
  );
  return out.join("\n");
}

/** Marching squares: the level set f = level as an SVG path of independent segments. */
function contour(
  f: (x: number, y: number) => number,
  view: [number, number, number, number],
  level: number,
  nx: number,
  ny: number,
  sx: (x: number) => number,
  sy: (y: number) => number,
): string {
  const [x0, x1, y0, y1] = view;
  const hx = (x1 - x0) / nx;
  const hy = (y1 - y0) / ny;
  const v = new Float64Array((nx + 1) * (ny + 1));
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) v[j * (nx + 1) + i] = f(x0 + i * hx, y0 + j * hy) - level;
  }
  const parts: string[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      // Corners counter-clockwise from bottom-left: a (i, j), b (i+1, j), c (i+1, j+1), d (i, j+1).
      const a = v[j * (nx + 1) + i];
      const b = v[j * (nx + 1) + i + 1];
      const c = v[(j + 1) * (nx + 1) + i + 1];
      const d = v[(j + 1) * (nx + 1) + i];
      const xa = x0 + i * hx;
      const ya = y0 + j * hy;
      // Crossing points on the four edges, where the sign changes.
      const pts: [number, number][] = [];
      if ((a < 0) !== (b < 0)) pts.push([xa + hx * (a / (a - b)), ya]);
      if ((b < 0) !== (c < 0)) pts.push([xa + hx, ya + hy * (b / (b - c))]);
      if ((c < 0) !== (d < 0)) pts.push([xa + hx * (1 - c / (c - d)), ya + hy]);
      if ((d < 0) !== (a < 0)) pts.push([xa, ya + hy * (1 - d / (d - a))]);
      for (let k = 0; k + 1 < pts.length; k += 2) {
        const [p, q] = [pts[k], pts[k + 1]];
        parts.push(`M${f1(sx(p[0]))} ${f1(sy(p[1]))}L${f1(sx(q[0]))} ${f1(sy(q[1]))}`);
      }
    }
  }
  return parts.join("");
}

/** The path's points in pixels, dropping points closer than 0.7 px to the last one kept. */
function thin(path: Float64Array, sx: (x: number) => number, sy: (y: number) => number): string {
  const out: string[] = [];
  let lastX = Infinity;
  let lastY = Infinity;
  const n = path.length / 2;
  for (let t = 0; t < n; t++) {
    // Clamp far-away points so a wild first step still draws as a line leaving the panel.
    const x = Math.max(-1e4, Math.min(1e4, sx(path[2 * t])));
    const y = Math.max(-1e4, Math.min(1e4, sy(path[2 * t + 1])));
    if (t === n - 1 || Math.hypot(x - lastX, y - lastY) >= 0.7) {
      out.push(`${f1(x)},${f1(y)}`);
      lastX = x;
      lastY = y;
    }
  }
  return out.join(" ");
}

function star(cx: number, cy: number): string {
  const pts: string[] = [];
  for (let k = 0; k < 10; k++) {
    const r = k % 2 === 0 ? 9 : 4;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    pts.push(`${f1(cx + r * Math.cos(a))} ${f1(cy + r * Math.sin(a))}`);
  }
  return `M${pts.join("L")}Z`;
}

function f1(x: number): string {
  return x.toFixed(1);
}

function fmt(x: number): string {
  return String(Math.round(x * 100) / 100);
}
