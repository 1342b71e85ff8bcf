/**
 * Training progress at the terminal: a one-line bar redrawn in place when stdout is a terminal,
 * plain log lines every N steps when it is not (CI, files, pipes).
 *
 * @example
 * ```ts
 * import { Progress } from "./progress.ts";
 * const p = new Progress({ total: 1000, tty: false, write: (s) => console.log(s) });
 * p.update({ globalStep: 500, totalTimesteps: 1000, sps: 1e4, recentReturn: 20, lastEval: NaN, episodes: 5 });
 * ```
 *
 * @module
 */
import type { RunProgress } from "../run/runner.ts";

/** Options of {@linkcode Progress}. */
export interface ProgressOptions {
  /** The target step count. */
  total: number;
  /** Draw a bar in place (`\r`) instead of printing lines. */
  tty: boolean;
  /** Writes text (no newline is added). */
  write: (text: string) => void;
  /** Without a tty, print a line every this many steps. @default {max(total / 10, 1)} */
  every?: number;
  /** A clock in milliseconds. @default {performance.now} */
  now?: () => number;
}

/** Formats seconds as `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(r).padStart(2, "0")}`;
}

function num(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "-";
}

/** Draws progress; call {@linkcode Progress.update} after every chunk and `done()` at the end. */
export class Progress {
  #opts: ProgressOptions;
  #every: number;
  #nextLine: number;
  #lastDraw = -Infinity;
  #now: () => number;
  #drawn = false;

  /** Creates the display. */
  constructor(options: ProgressOptions) {
    this.#opts = options;
    this.#every = options.every ?? Math.max(1, Math.round(options.total / 10));
    this.#nextLine = this.#every;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Shows the new state (throttled to 10 redraws a second on a terminal). */
  update(p: RunProgress): void {
    const remaining = p.sps > 0 ? (p.totalTimesteps - p.globalStep) / p.sps : NaN;
    const pct = Math.min(100, (100 * p.globalStep) / p.totalTimesteps);
    const stats = `${Math.round(p.sps).toLocaleString("en-US")} sps | ETA ${
      formatDuration(remaining)
    } | return ${num(p.recentReturn)} | eval ${num(p.lastEval)}`;
    if (this.#opts.tty) {
      const t = this.#now();
      if (t - this.#lastDraw < 100 && p.globalStep < p.totalTimesteps) return;
      this.#lastDraw = t;
      const width = 24, filled = Math.round((pct / 100) * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      const steps = `${p.globalStep.toLocaleString("en-US")}/${
        p.totalTimesteps.toLocaleString("en-US")
      }`;
      this.#opts.write(`\r\x1b[2K${bar} ${pct.toFixed(0).padStart(3)}% ${steps} | ${stats}`);
      this.#drawn = true;
    } else if (p.globalStep >= this.#nextLine || p.globalStep >= p.totalTimesteps) {
      while (this.#nextLine <= p.globalStep) this.#nextLine += this.#every;
      this.#opts.write(`global_step=${p.globalStep} (${pct.toFixed(0)}%) | ${stats}\n`);
    }
  }

  /** Ends the bar's line on a terminal. */
  done(): void {
    if (this.#opts.tty && this.#drawn) this.#opts.write("\n");
  }
}
