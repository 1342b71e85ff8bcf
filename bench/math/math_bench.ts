/**
 * `deno bench bench/math/`: the portable functions against the engine's `Math.*` on 4096 inputs
 * each (the usual range of each function's use in the library).
 *
 * @module
 */
import { atan2, cos, exp, expm1, log, log1p, sin, tanh } from "../../core/math/mod.ts";

const N = 4096;
const xs = new Float64Array(N);
for (let i = 0; i < N; i++) xs[i] = ((i * 0.6180339887498949) % 1) * 8 - 4;
const pos = xs.map((x) => Math.abs(x) + 1e-3);
let sink = 0;

function pair(name: string, mine: (x: number) => number, engine: (x: number) => number, a = xs) {
  Deno.bench({ name: `${name} (core/math)`, group: name, baseline: true }, () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += mine(a[i]);
    sink += s;
  });
  Deno.bench({ name: `Math.${name}`, group: name }, () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += engine(a[i]);
    sink += s;
  });
}

pair("tanh", tanh, Math.tanh);
pair("exp", exp, Math.exp);
pair("log", log, Math.log, pos);
pair("sin", sin, Math.sin);
pair("cos", cos, Math.cos);
pair("expm1", expm1, Math.expm1);
pair("log1p", log1p, Math.log1p, pos);
pair("atan2", (y) => atan2(y, 1.5), (y) => Math.atan2(y, 1.5));
globalThis.addEventListener("unload", () => void sink);
