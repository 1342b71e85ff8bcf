import assert from "node:assert/strict";
import {
  DEMO_PROBLEMS,
  DEMO_TOLERANCE,
  optimizerDemoSvg,
  runDemo,
} from "../../examples/optimizers/demo.ts";

function byName(problemIndex: number) {
  return Object.fromEntries(runDemo(DEMO_PROBLEMS[problemIndex]).map((r) => [r.name, r]));
}

Deno.test("demo: on the badly scaled quadratic RMSprop beats SGD and AdaGrad stalls", () => {
  const runs = byName(0);
  const sgd = runs["SGD"].stepsToTolerance!;
  const rmsprop = runs["RMSprop"].stepsToTolerance!;
  const momentum = runs["RMSprop + momentum 0.9"].stepsToTolerance!;
  assert.ok(rmsprop < sgd / 2, `RMSprop ${rmsprop} vs SGD ${sgd}`);
  assert.ok(momentum < rmsprop, `momentum ${momentum} vs RMSprop ${rmsprop}`);
  assert.equal(runs["AdaGrad"].stepsToTolerance, null);
  // SGD zig-zags in x: the sign of x flips on consecutive early steps (factor 1 - 100·lr = -0.8).
  const path = runs["SGD"].path;
  assert.ok(path[2] > 0 && path[4] < 0 && path[6] > 0);
  // RMSprop's first step is sign descent: both coordinates move by lr·sqrt(10) (up to eps: y's
  // step is lr/sqrt(0.1 + 1e-8), 3e-9 short of it).
  const r = runs["RMSprop"].path;
  const step = 0.018 * Math.sqrt(10);
  assert.ok(Math.abs(r[2] - (-1 + step)) < 1e-8 && Math.abs(r[3] - (1 - step)) < 1e-8);
});

Deno.test("demo: on Rosenbrock only the RMSprop variants get within the tolerance", () => {
  const runs = byName(1);
  assert.equal(runs["SGD"].stepsToTolerance, null);
  assert.equal(runs["AdaGrad"].stepsToTolerance, null);
  assert.ok(runs["AdaGrad"].finalDistance > 1.5); // it slows down to a crawl near the start
  assert.ok(runs["RMSprop"].finalDistance < DEMO_TOLERANCE);
  assert.ok(runs["RMSprop + momentum 0.9"].stepsToTolerance! < runs["RMSprop"].stepsToTolerance!);
});

Deno.test("demo: the SVG is one finite document with both panels and the table", () => {
  const svg = optimizerDemoSvg();
  assert.ok(svg.startsWith("<svg") && svg.trimEnd().endsWith("</svg>"));
  assert.ok(!/NaN|Infinity|undefined/.test(svg));
  assert.equal(svg.match(/<polyline /g)?.length, 8);
  assert.match(svg, /Rosenbrock/);
  assert.match(svg, /steps to ‖θ − θ\*‖ &lt; 0.05/);
});
