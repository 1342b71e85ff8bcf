/**
 * Measures the portable math functions (core/math/) against a 113-bit reference (glibc's
 * libquadmath, through the small C program bench/math/reference.c, compiled here with gcc), and
 * counts how often they differ from glibc's double functions (the ones NumPy and Python use, so
 * Gymnasium's numbers) and from this engine's `Math.*`.
 *
 *     deno run -A bench/math/accuracy.ts [samples per function = 1e8] [function ...]
 *
 * Inputs, per function, from a seeded generator: a quarter random 64-bit patterns (so NaNs,
 * infinities, subnormals and huge values), a quarter log-uniform magnitudes in the function's
 * interesting range, the rest uniform over its usual domain, plus a list of special values.
 *
 * @module
 */
import { atan2, cos, exp, expm1, log, log1p, sin, tanh } from "../../core/math/mod.ts";

/** The functions measured, by name: [portable, engine, arity]. */
export const FUNCTIONS: Record<string, [(...a: number[]) => number, (...a: number[]) => number]> = {
  exp: [exp, Math.exp],
  log: [log, Math.log],
  log1p: [log1p, Math.log1p],
  expm1: [expm1, Math.expm1],
  tanh: [tanh, Math.tanh],
  sin: [sin, Math.sin],
  cos: [cos, Math.cos],
  atan2: [atan2, Math.atan2],
};

/** [uniform low, uniform high, log2 of the smallest and largest log-uniform magnitude]. */
const RANGES: Record<string, [number, number, number, number]> = {
  exp: [-746, 710, -70, 10],
  log: [0, 4, -1074, 1023],
  log1p: [-1, 4, -70, 60],
  expm1: [-45, 710, -70, 10],
  tanh: [-20, 20, -40, 5],
  sin: [-10, 10, -40, 1023],
  cos: [-10, 10, -40, 1023],
  atan2: [-10, 10, -1074, 1023],
};

const SPECIALS = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  5e-324,
  -5e-324,
  2.225073858507201e-308,
  2.2250738585072014e-308,
  -2.2250738585072014e-308,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  1,
  -1,
  0.5,
  2,
  3,
  Math.PI,
  -Math.PI,
  Math.PI / 2,
  Math.PI / 4,
  709.782712893384,
  709.7827128933841,
  -745.1332191019411,
  -745.1332191019412,
  -708.3964185322641,
  19.06,
  19.1,
  1e22,
  1e300,
  7.450580596923828e-9,
  1.4901161193847656e-8,
  0.0055,
  -0.0055,
  0.99999999,
  1.00000001,
  0.34657359027997264,
  1048576,
  1048575.9,
  6381956970095103 * 2 ** 797,
  -1 + 2 ** -53,
];

/** A small seeded generator (xorshift128) of 32-bit words. */
class Words {
  #s = new Uint32Array(4);
  constructor(seed: number) {
    this.#s.set([seed >>> 0 || 1, 0x9e3779b9, 0x243f6a88, 0xb7e15162]);
    for (let i = 0; i < 20; i++) this.next();
  }
  next(): number {
    const s = this.#s;
    let t = s[3];
    const u = s[0];
    s[3] = s[2];
    s[2] = s[1];
    s[1] = u;
    t ^= t << 11;
    t ^= t >>> 8;
    s[0] = t ^ u ^ (u >>> 19);
    return s[0];
  }
  unit(): number {
    return (this.next() * 2 ** -32 + this.next()) * 2 ** -32;
  }
}

const F = new Float64Array(1), U = new Uint32Array(F.buffer);

function sample(w: Words, name: string, i: number): number {
  if (i < SPECIALS.length) return SPECIALS[i];
  const [lo, hi, e0, e1] = RANGES[name];
  const c = w.next() & 3;
  if (c === 0) {
    U[0] = w.next();
    U[1] = w.next();
    return F[0];
  }
  if (c === 1) {
    const m = 2 ** (e0 + w.unit() * (e1 - e0 + 1));
    return w.next() & 1 ? -m : m;
  }
  return lo + w.unit() * (hi - lo);
}

function ulpOf(h: number, l: number): number {
  F[0] = h;
  const e = Math.max(((U[1] >>> 20) & 0x7ff) - 1023, -1022);
  let u = 2 ** (e - 52);
  if ((U[1] & 0xfffff) === 0 && U[0] === 0 && l * h < 0 && e > -1022) u /= 2;
  return u;
}

/** Statistics of one function. */
export interface Accuracy {
  name: string;
  n: number;
  maxUlp: number;
  maxUlpAt: number[];
  correctlyRounded: number;
  differsFromGlibc: number;
  glibcCorrectlyRounded: number;
  glibcMaxUlp: number;
  differsFromEngine: number;
  examples: number[][];
}

/** Measures one function on n inputs (the first ones the special values). */
export async function measure(
  name: string,
  n: number,
  seed = 1,
  referenceBin = "/tmp/mathref",
): Promise<Accuracy> {
  const [fn, engine] = FUNCTIONS[name];
  const arity = name === "atan2" ? 2 : 1;
  const child = new Deno.Command(referenceBin, { args: [name], stdin: "piped", stdout: "piped" })
    .spawn();
  const writer = child.stdin.getWriter();
  const reader = child.stdout.getReader();
  const w = new Words(seed);
  const acc: Accuracy = {
    name,
    n,
    maxUlp: 0,
    maxUlpAt: [],
    correctlyRounded: 0,
    differsFromGlibc: 0,
    glibcCorrectlyRounded: 0,
    glibcMaxUlp: 0,
    differsFromEngine: 0,
    examples: [],
  };
  const CHUNK = 1 << 18;
  let pending = new Uint8Array(0);
  async function readExactly(bytes: number): Promise<Float64Array> {
    const out = new Uint8Array(bytes);
    let got = Math.min(pending.length, bytes);
    out.set(pending.subarray(0, got));
    pending = pending.subarray(got);
    while (got < bytes) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`reference ended early (${got} of ${bytes} bytes)`);
      const take = Math.min(value.length, bytes - got);
      out.set(value.subarray(0, take), got);
      got += take;
      if (take < value.length) pending = value.subarray(take);
    }
    return new Float64Array(out.buffer);
  }
  for (let done = 0; done < n; done += CHUNK) {
    const m = Math.min(CHUNK, n - done);
    const xs = new Float64Array(m * arity);
    for (let i = 0; i < m * arity; i++) {
      xs[i] = sample(w, name, done === 0 && i % arity === 0 ? i / arity : SPECIALS.length + i);
    }
    if (arity === 2 && done === 0) {
      for (let i = 0; i < SPECIALS.length * SPECIALS.length && i < m; i++) {
        xs[2 * i] = SPECIALS[i % SPECIALS.length];
        xs[2 * i + 1] = SPECIALS[Math.floor(i / SPECIALS.length)];
      }
    }
    const [ref] = await Promise.all([readExactly(m * 24), writer.write(new Uint8Array(xs.buffer))]);
    for (let i = 0; i < m; i++) {
      const x = xs[i * arity], x2 = arity === 2 ? xs[i * 2 + 1] : 0;
      const y = arity === 2 ? fn(x, x2) : fn(x);
      const h = ref[3 * i], l = ref[3 * i + 1], g = ref[3 * i + 2];
      const e = arity === 2 ? engine(x, x2) : engine(x);
      if (!Object.is(y, e)) acc.differsFromEngine++;
      if (!Object.is(y, g)) acc.differsFromGlibc++;
      if (Object.is(g, h)) acc.glibcCorrectlyRounded++;
      else if (Number.isFinite(h) && Number.isFinite(g)) {
        acc.glibcMaxUlp = Math.max(acc.glibcMaxUlp, Math.abs((g - h) - l) / ulpOf(h, l));
      }
      if (Object.is(y, h)) {
        acc.correctlyRounded++;
        continue;
      }
      const err = Number.isFinite(h) && Number.isFinite(y)
        ? Math.abs((y - h) - l) / ulpOf(h, l)
        : Infinity;
      if (err > acc.maxUlp) {
        acc.maxUlp = err;
        acc.maxUlpAt = arity === 2 ? [x, x2] : [x];
      }
      if (acc.examples.length < 5) acc.examples.push(arity === 2 ? [x, x2, y, h, l] : [x, y, h, l]);
    }
  }
  await writer.close();
  await child.status;
  return acc;
}

/** Compiles the reference program (gcc and libquadmath needed); returns its path or null. */
export function buildReference(out = "/tmp/mathref"): string | null {
  const src = new URL("./reference.c", import.meta.url).pathname;
  try {
    const r = new Deno.Command("gcc", { args: ["-O2", "-o", out, src, "-lquadmath", "-lm"] })
      .outputSync();
    return r.success ? out : null;
  } catch {
    return null;
  }
}

if (import.meta.main) {
  const n = Number(Deno.args[0] ?? 1e8);
  const names = Deno.args.length > 1 ? Deno.args.slice(1) : Object.keys(FUNCTIONS);
  const bin = buildReference();
  if (bin === null) {
    throw new Error("Cannot build bench/math/reference.c: gcc with libquadmath needed");
  }
  console.log(
    `| function | inputs | max error (ulp) | correctly rounded | differs from glibc | glibc correctly rounded | glibc max (ulp) | differs from Math.* |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const name of names) {
    const t0 = performance.now();
    const a = await measure(name, n);
    const pct = (k: number) => `${(100 * k / a.n).toFixed(6)} %`;
    console.log(
      `| ${name} | ${a.n.toExponential(1)} | ${a.maxUlp.toFixed(4)} | ${
        pct(a.correctlyRounded)
      } | ${a.differsFromGlibc} | ${pct(a.glibcCorrectlyRounded)} | ${
        a.glibcMaxUlp.toFixed(4)
      } | ${a.differsFromEngine} |`,
    );
    if (a.examples.length) {
      console.error(
        name,
        "not correctly rounded, e.g.",
        JSON.stringify(a.examples),
        "max at",
        a.maxUlpAt,
      );
    }
    console.error(`${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
}
