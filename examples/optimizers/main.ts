/**
 * `deno task demo:optimizers`: writes docs/optimizers.svg, the paths of SGD, AdaGrad, RMSprop and
 * RMSprop with momentum on a badly scaled quadratic and on Rosenbrock's function, and prints the
 * steps-to-tolerance table.
 *
 * @example
 * ```sh
 * deno run --allow-read=docs --allow-write=docs examples/optimizers/main.ts
 * ```
 *
 * @module
 */
import { writeFileAtomicSync } from "../../cli/write_file_atomic.ts";
import { DEMO_PROBLEMS, DEMO_TOLERANCE, optimizerDemoSvg, runDemo } from "./demo.ts";

/**
 * Writes the SVG to `path` and prints the table; returns the process exit code.
 *
 * @example
 * ```ts ignore
 * import { main } from "./main.ts";
 * main("docs/optimizers.svg");
 * ```
 */
export function main(path = "docs/optimizers.svg"): number {
  writeFileAtomicSync(path, optimizerDemoSvg());
  for (const problem of DEMO_PROBLEMS) {
    console.log(`${problem.title} (lr ${problem.lr}, ${problem.steps} steps)`);
    for (const run of runDemo(problem)) {
      const steps = run.stepsToTolerance ?? "not reached";
      console.log(
        `  ${run.name.padEnd(24)} steps to distance < ${DEMO_TOLERANCE}: ${
          String(steps).padEnd(12)
        }` +
          ` final distance ${run.finalDistance.toPrecision(3)}`,
      );
    }
  }
  console.log(`wrote ${path}`);
  return 0;
}

if (import.meta.main) Deno.exit(main());
