import assert from "node:assert/strict";
import { SumTree } from "../../../core/buffers/sum_tree.ts";
import { Random } from "../../../core/random.ts";
import { chiSquare } from "./_chi_square.ts";

/** The first index whose prefix sum exceeds `mass`, skipping zero leaves (the reference). */
function naiveFind(p: number[], mass: number): number {
  let acc = 0;
  let last = -1;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    acc += p[i];
    last = i;
    if (mass < acc) return i;
  }
  return last;
}

Deno.test("SumTree: sums, minimum and prefix search after updates, by hand and against a naive scan", () => {
  const tree = new SumTree(5); // 8 leaves, 3 of padding
  assert.equal(tree.total, 0);
  assert.equal(tree.min, Infinity);
  tree.set(0, 1);
  tree.set(1, 2);
  tree.set(4, 4);
  assert.equal(tree.total, 7);
  assert.equal(tree.min, 1);
  // prefix sums: [1, 3, 3, 3, 7]
  assert.deepEqual([0, 0.99, 1, 2.99, 3, 6.99].map((m) => tree.find(m)), [0, 0, 1, 1, 4, 4]);
  assert.equal(tree.find(7), 4); // at the total (rounding): the last positive leaf
  assert.equal(tree.find(100), 4);
  tree.set(0, 0); // a zero leaf is never found, and is not the minimum
  assert.equal(tree.total, 6);
  assert.equal(tree.min, 2);
  assert.equal(tree.find(0), 1);
  tree.set(1, 0.5);
  assert.equal(tree.total, 4.5);
  assert.equal(tree.get(1), 0.5);

  const rng = new Random(4);
  const big = new SumTree(37);
  const p = new Array(37).fill(0);
  for (let k = 0; k < 500; k++) {
    const i = rng.int(37);
    p[i] = rng.int(4) === 0 ? 0 : rng.int(100); // integers: every sum is exact
    big.set(i, p[i]);
    assert.equal(big.total, p.reduce((a, b) => a + b, 0));
    const positive = p.filter((x) => x > 0);
    assert.equal(big.min, positive.length ? Math.min(...positive) : Infinity);
    const mass = rng.float() * big.total;
    assert.equal(big.find(mass), naiveFind(p, mass));
  }
});

Deno.test("SumTree: sampling frequencies match the priorities (χ² at a fixed seed)", () => {
  const priorities = [0.5, 1, 2, 3, 0, 4, 5.5, 0.25, 8, 1.75];
  const tree = new SumTree(priorities.length);
  priorities.forEach((p, i) => tree.set(i, p));
  const total = priorities.reduce((a, b) => a + b);
  const rng = new Random(11);
  const counts = new Float64Array(priorities.length);
  const draws = 50_000;
  for (let k = 0; k < draws; k++) counts[tree.find(rng.float() * tree.total)]++;
  assert.equal(counts[4], 0); // priority 0 is never drawn
  const nonZero = priorities.map((p, i) => [p, i]).filter(([p]) => p > 0);
  const chi = chiSquare(nonZero.map(([, i]) => counts[i]), nonZero.map(([p]) => p / total));
  // 8 degrees of freedom: P(χ² > 26.12) = 0.001.
  assert.ok(chi < 26.12, `χ² = ${chi}`);
});

Deno.test("SumTree: state() / loadState() round-trip rebuilds the same tree bit for bit", () => {
  const rng = new Random(2);
  const a = new SumTree(13);
  for (let k = 0; k < 200; k++) a.set(rng.int(13), rng.float() * 10);
  const b = new SumTree(13);
  b.loadState(a.state());
  assert.equal(b.total, a.total); // the same bits: inner nodes are always sums of their children
  assert.equal(b.min, a.min);
  for (let k = 0; k < 100; k++) {
    const m = rng.float() * a.total;
    assert.equal(b.find(m), a.find(m));
  }
  assert.throws(() => new SumTree(12).loadState(a.state()), TypeError);
  const bad = a.state();
  bad.priorities[3] = -1;
  assert.throws(() => b.loadState(bad), TypeError);
  assert.throws(() => a.set(13, 1), RangeError);
  assert.throws(() => a.set(0, NaN), RangeError);
  assert.throws(() => new SumTree(0), RangeError);
});
