// Test helper: the console.warn lines that `f` prints.
export function warningsOf(f: () => void): string[] {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => warnings.push(m);
  try {
    f();
  } finally {
    console.warn = warn;
  }
  return warnings;
}
