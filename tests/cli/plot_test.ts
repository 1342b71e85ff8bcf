import assert from "node:assert/strict";
import { plotRun, plotRuns, plotSweep, type RunCurve } from "../../cli/plot.ts";

/** A rising, deterministic CartPole-like curve (no randomness needed for structure checks). */
function curve(episodes: number, scale = 1, label?: string): RunCurve {
  const steps: number[] = [];
  const returns: number[] = [];
  let step = 0;
  for (let i = 0; i < episodes; i++) {
    const ret = Math.min(500, Math.round((10 + i * 4 * scale) * (1 + 0.2 * Math.sin(i))));
    step += ret;
    steps.push(step);
    returns.push(ret);
  }
  return { label, steps, returns };
}

/** Checks the tags are balanced and properly nested, and every attribute value is quoted. */
function assertWellFormed(svg: string): void {
  assert.ok(svg.startsWith("<svg "), svg.slice(0, 40));
  assert.match(svg.slice(0, 200), /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const stack: string[] = [];
  for (const [tag] of svg.matchAll(/<[^>]*>/g)) {
    const name = /^<\/?([a-zA-Z][\w:-]*)/.exec(tag)?.[1];
    assert.ok(name !== undefined, `malformed tag ${tag}`);
    const attrs = tag.replace(/^<\/?[\w:-]+/, "").replace(/\/?>$/, "");
    assert.match(attrs, /^(\s+[\w:-]+="[^"<]*")*\s*$/, `unquoted attribute in ${tag}`);
    if (tag.startsWith("</")) assert.equal(stack.pop(), name, `unbalanced ${tag}`);
    else if (!tag.endsWith("/>")) stack.push(name);
  }
  assert.deepEqual(stack, []);
  // text outside tags must not contain a raw "<" (it would be a tag) or an unescaped "&"
  assert.doesNotMatch(svg.replace(/<[^>]*>/g, ""), /&(?!(amp|lt|gt|quot|#\d+);)/);
  assert.doesNotMatch(svg, /NaN|Infinity|undefined|e\+\d{3}/);
  // standalone: no external stylesheet, script or font
  assert.doesNotMatch(svg, /<style|<script|@import|url\(/);
}

function count(svg: string, needle: string): number {
  return svg.split(needle).length - 1;
}

function legendLabels(svg: string): string[] {
  return [...svg.matchAll(/role-legend-label[^>]*><text[^>]*>([^<]*)</g)].map((m) => m[1]);
}

const LINE = 'aria-roledescription="line mark"';

Deno.test("plotRun() draws returns, moving average, evaluations and the threshold", async () => {
  const run = curve(60);
  run.evals = [
    { step: 2000, mean: 100, std: 10 },
    { step: 4000, mean: 200, std: 20 },
    { step: 6000, mean: 300, std: 5 },
  ];
  const svg = await plotRun(run, { title: "CartPole-v1 · ppo · seed 1", threshold: 475 });
  assertWellFormed(svg);
  assert.ok(svg.includes(">CartPole-v1 · ppo · seed 1<"));
  assert.ok(svg.includes(">environment steps<") && svg.includes(">episode return<"));
  // 60 episodes: default window max(10, round(60 / 20)) = 10
  assert.deepEqual(legendLabels(svg), [
    "episode return",
    "moving average (10 episodes)",
    "evaluation (mean ± std)",
  ]);
  assert.equal(count(svg, LINE), 2); // raw returns and moving average
  assert.equal(count(svg, 'aria-roledescription="point"'), 3); // evaluation means
  // three error bars and the threshold line, which alone is dashed
  assert.equal(count(svg, 'aria-roledescription="rule mark"'), 4);
  assert.equal(count(svg, 'stroke-dasharray="6,4"'), 1);
  assert.equal(count(svg, ">reward threshold 475<"), 2); // label and its white halo
  // steps reach sum of returns > 10k, so the x ticks use SI suffixes
  assert.match(svg, />\d+k</);
  assert.equal(await plotRun(run, { title: "CartPole-v1 · ppo · seed 1", threshold: 475 }), svg);
});

Deno.test("plotRun() honours window, threshold null and totalSteps", async () => {
  const svg = await plotRun(curve(30), { window: 3, threshold: null, totalSteps: 1_000_000 });
  assertWellFormed(svg);
  assert.deepEqual(legendLabels(svg), ["episode return", "moving average (3 episodes)"]);
  assert.equal(count(svg, "stroke-dasharray"), 0);
  assert.ok(!svg.includes("reward threshold"));
  assert.ok(svg.includes(">1M<"), "the x axis reaches the step budget");
});

Deno.test("plotRun() of a run with no finished episodes is a valid, empty chart", async () => {
  const svg = await plotRun({ steps: [], returns: [] }, { threshold: -110, totalSteps: 50_000 });
  assertWellFormed(svg);
  assert.ok(svg.includes(">no finished episodes yet<"));
  assert.ok(svg.includes(">reward threshold -110<"));
  assert.ok(svg.includes(">50k<"));
});

Deno.test("plotRuns() draws one smoothed line per run with a legend", async () => {
  const ppo = "runs/CartPole-v1__ppo__1__1712345678";
  const a2c = "runs/CartPole-v1__a2c__1__1712345999";
  const runs = [curve(40, 1, ppo), curve(40, 0.5, a2c), curve(50, 2, ppo)];
  const svg = await plotRuns(runs, { title: "CartPole-v1", threshold: 475 });
  assertWellFormed(svg);
  // whole labels: Vega's default guess (0.8 em per character) would truncate these 36–40
  // character labels at the 280 px label limit; plot.ts replaces it with a closer estimate
  assert.deepEqual(legendLabels(svg), [ppo, a2c, `${ppo} (2)`]);
  assert.equal(count(svg, LINE), 3);
  assert.equal(count(svg, 'stroke-dasharray="6,4"'), 1);
  assert.ok(svg.includes(">moving average over 10 episodes<"));
  assert.equal(await plotRuns(runs, { title: "CartPole-v1", threshold: 475 }), svg);
});

Deno.test("plotRuns() of no runs is a valid, empty chart", async () => {
  const svg = await plotRuns([]);
  assertWellFormed(svg);
  assert.ok(svg.includes(">no finished episodes yet<"));
  assert.equal(count(svg, LINE), 0);
});

Deno.test("plotSweep() draws a mean and band per group and a faint line per seed", async (t) => {
  const seeds = [1, 0.8, 1.2, 0.9, 1.1].map((s) => curve(80, s));
  await t.step("one group", async () => {
    const svg = await plotSweep(seeds, { title: "CartPole-v1 · ppo", threshold: 475 });
    assertWellFormed(svg);
    assert.deepEqual(legendLabels(svg), ["mean of 5 seeds"]);
    assert.equal(count(svg, LINE), 6); // 5 seeds + the mean
    assert.equal(count(svg, 'aria-roledescription="area mark"'), 1);
    assert.equal(count(svg, 'stroke-dasharray="6,4"'), 1);
    assert.ok(svg.includes("band: mean ± 1 std across seeds"));
    assert.equal(await plotSweep(seeds, { title: "CartPole-v1 · ppo", threshold: 475 }), svg);
  });
  await t.step("groups of a grid, min-max band", async () => {
    const grouped = seeds.map((s, i) => ({ ...s, group: i < 3 ? "lr=1e-3" : "lr=3e-4" }));
    const svg = await plotSweep(grouped, { band: "minmax", threshold: null });
    assertWellFormed(svg);
    assert.deepEqual(legendLabels(svg), ["lr=1e-3 (3 seeds)", "lr=3e-4 (2 seeds)"]);
    assert.equal(count(svg, LINE), 7); // 5 seeds + 2 means
    assert.equal(count(svg, 'aria-roledescription="area mark"'), 2);
    assert.equal(count(svg, "stroke-dasharray"), 0);
    assert.ok(svg.includes("band: min to max across seeds"));
  });
  await t.step("no seeds", async () => {
    const svg = await plotSweep([], { threshold: 475 });
    assertWellFormed(svg);
    assert.ok(svg.includes(">no finished episodes yet<"));
  });
});

Deno.test("plot functions reject bad input with a clear message", async () => {
  await assert.rejects(
    () => plotRun({ steps: [1, 2], returns: [1] }),
    TypeError,
    "steps and returns must have the same length, got 2 and 1",
  );
  await assert.rejects(
    () => plotRun(curve(5), { window: 0 }),
    /window must be a positive integer, got 0/,
  );
  await assert.rejects(
    () => plotRuns([curve(5)], { threshold: NaN }),
    /threshold must be a finite number or null, got NaN/,
  );
  await assert.rejects(
    () => plotSweep([curve(5)], { band: "iqr" as "std" }),
    /band must be "std" or "minmax", got "iqr"/,
  );
  await assert.rejects(
    () => plotSweep([curve(5), { label: "seed 2", steps: [], returns: [] }]),
    /seed "seed 2" has no finished episodes/,
  );
});
