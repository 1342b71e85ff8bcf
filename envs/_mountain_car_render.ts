/**
 * Internal: the SVG and text renderings shared by MountainCar and MountainCarContinuous
 * (Gymnasium's drawing: the hill `sin(3x)·0.45 + 0.55`, the car tilted by `cos(3x)`, the flag).
 *
 * @module
 */
import { fmt, points, rotate, svgDoc } from "./_util.ts";
import { cos } from "../core/math/cos.ts";
import { sin } from "../core/math/sin.ts";

const MIN = -1.2, MAX = 0.6, W = 600, H = 400, SCALE = W / (MAX - MIN);

function height(x: number): number {
  return sin(3 * x) * 0.45 + 0.55;
}

/** A 600×400 SVG frame of the car at `position` with the flag at `goal`. */
export function carSvg(position: number, goal: number): string {
  const hill: number[] = [];
  for (let i = 0; i < 100; i++) {
    const x = MIN + (MAX - MIN) * i / 99;
    hill.push((x - MIN) * SCALE, height(x) * SCALE);
  }
  const clearance = 10, angle = cos(3 * position);
  const cx = (position - MIN) * SCALE, cy = clearance + height(position) * SCALE;
  const body = rotate([-20, 0, -20, 20, 20, 20, 20, 0], angle, cx, cy);
  const wheels = rotate([10, 0, -10, 0], angle, cx, cy);
  const fx = (goal - MIN) * SCALE, fy1 = height(goal) * SCALE, fy2 = fy1 + 50;
  let out = `<polyline points="${points(hill, H)}" fill="none" stroke="#000"/>` +
    `<polygon points="${points(body, H)}" fill="#000"/>`;
  for (let i = 0; i < 4; i += 2) {
    out += `<circle cx="${wheels[i].toFixed(2)}" cy="${(H - wheels[i + 1]).toFixed(2)}" r="8" ` +
      `fill="rgb(128,128,128)"/>`;
  }
  out += `<line x1="${fx.toFixed(2)}" y1="${(H - fy1).toFixed(2)}" x2="${fx.toFixed(2)}" ` +
    `y2="${(H - fy2).toFixed(2)}" stroke="#000"/>` +
    `<polygon points="${points([fx, fy2, fx, fy2 - 10, fx + 25, fy2 - 5], H)}" ` +
    `fill="rgb(204,204,0)"/>`;
  return svgDoc(W, H, out);
}

/** One line: the track from -1.2 to 0.6 with the car `C` and the flag `F`, then the state. */
export function carText(position: number, velocity: number, goal: number): string {
  const cells = 37, at = (x: number) => Math.round((x - MIN) / (MAX - MIN) * (cells - 1));
  const track = Array.from({ length: cells }, () => "_");
  track[at(goal)] = "F";
  const i = at(position);
  if (i >= 0 && i < cells) track[i] = "C";
  return `[${track.join("")}] position=${fmt(position, 4)} velocity=${fmt(velocity, 5)}`;
}
