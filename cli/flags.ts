/**
 * Flag parsing for the commands: `node:util` `parseArgs` in strict mode, config fields as
 * kebab-case flags typed from their declarations, and one clear error for anything wrong.
 *
 * @example
 * ```ts
 * import { parseFlags } from "./flags.ts";
 * const { values } = parseFlags(["--seed", "3"], [{ name: "seed", kind: "number", doc: "seed" }], "train");
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { describeRule, type FieldRule } from "../core/config.ts";
import { CliError } from "./cli_error.ts";
import { didYouMean } from "../core/text.ts";

/** How a flag's text becomes a value. */
export type FlagKind = "number" | "number?" | "boolean" | "string" | "number[]" | "string[]";

/** One flag. */
export interface FlagSpec {
  /** camelCase name (the flag is its kebab-case). */
  name: string;
  /** How to parse it. */
  kind: FlagKind;
  /** One doc line for `--help`. */
  doc: string;
  /** The default shown in `--help`. */
  default?: string;
  /** Allowed values of a string flag. */
  choices?: readonly string[];
}

/**
 * The flag of a declared config field: its kind from the field's type, its doc line, its default
 * (as it would be typed on the command line, plus `note`) and its choices.
 */
export function flagFromField(
  name: string,
  rule: FieldRule,
  defaultValue?: unknown,
  note = "",
): FlagSpec {
  const kind: FlagKind = rule.type === "number"
    ? (rule.nullable ? "number?" : "number")
    : rule.type === "boolean"
    ? "boolean"
    : rule.type === "sizes"
    ? "number[]"
    : "string";
  let doc = rule.doc;
  if (rule.type === "number" && (describeRule(rule) !== "finite" || rule.nullable)) {
    doc += ` Allowed: ${describeRule(rule)}${rule.nullable ? " or null" : ""}.`;
  }
  const spec: FlagSpec = { name, kind, doc };
  if (defaultValue !== undefined) spec.default = `${formatValue(defaultValue)}${note}`;
  if (rule.type === "choice") spec.choices = rule.choices;
  return spec;
}

/** A config value as it is written on the command line: `2.5e-4`, `64,64`, `true`, `null`. */
export function formatValue(value: unknown): string {
  if (typeof value === "number") {
    return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
  }
  if (Array.isArray(value)) return value.map(formatValue).join(",");
  return String(value);
}

/** `learningRate` → `learning-rate`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/([a-z])(\d)/g, "$1-$2");
}

const NUMBER = /^[+-]?(\d[\d_]*\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses one flag value; throws a {@linkcode CliError} naming the flag, value and what is allowed. */
export function parseValue(spec: FlagSpec, text: string): unknown {
  const flag = `--${kebab(spec.name)}`;
  const num = (t: string): number => {
    if (!NUMBER.test(t.trim())) {
      throw new CliError(`${flag} must be a number, got "${t}"`);
    }
    const x = Number(t.trim().replaceAll("_", ""));
    if (/^[+-]?[\d_]+$/.test(t.trim()) && !Number.isSafeInteger(x)) {
      throw new CliError(
        `${flag}: ${t.trim()} is not exactly representable (integers go up to ${Number.MAX_SAFE_INTEGER})`,
      );
    }
    return x;
  };
  switch (spec.kind) {
    case "number":
      return num(text);
    case "number?":
      return /^(none|null)$/i.test(text) ? null : num(text);
    case "boolean":
      if (/^(true|1|yes)$/i.test(text)) return true;
      if (/^(false|0|no)$/i.test(text)) return false;
      throw new CliError(`${flag} must be true or false, got "${text}"`);
    case "number[]":
      return listItems(flag, text).map(num);
    case "string[]":
      return listItems(flag, text);
    case "string":
      if (spec.choices && !spec.choices.includes(text)) {
        throw new CliError(
          `${flag} must be one of ${spec.choices.join(", ")}, got "${text}"${
            didYouMean(text, spec.choices)
          }`,
        );
      }
      return text;
  }
}

/** The items of a comma-separated list (`""` is the empty list); an empty item is an error. */
function listItems(flag: string, text: string): string[] {
  if (text.trim() === "") return [];
  const items = text.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) {
    throw new CliError(`${flag} must be a comma-separated list without empty items, got "${text}"`);
  }
  return items;
}

/** The flag name of an argument (`--seed`, `--seed=3` and `--no-quiet` name seed and quiet). */
function flagName(arg: string): string | undefined {
  const m = /^--(?:no-)?([^=]+)/.exec(arg);
  return m ? m[1] : undefined;
}

/**
 * The one rule for repeated flags, in every command: the last one wins. Returns `args` (each flag
 * one token, as {@linkcode parseFlags} has them after joining values) without the earlier
 * occurrences of a flag given again (as `--x`, `--x=...`, `--no-x`).
 */
export function lastWins(args: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = args.length - 1; i >= 0; i--) {
    const name = flagName(args[i]);
    if (name !== undefined && seen.has(name)) continue;
    if (name !== undefined) seen.add(name);
    out.push(args[i]);
  }
  return out.reverse();
}

/**
 * Joins each value flag with the argument after it (`--seed -1` becomes `--seed=-1`), so values
 * that start with `-` (negative numbers) are values; a value flag followed by another flag or by
 * nothing is an error that says it needs a value.
 */
function joinValues(
  args: readonly string[],
  byFlag: ReadonlyMap<string, FlagSpec>,
  command: string,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const spec = a.startsWith("--") && !a.includes("=") ? byFlag.get(a.slice(2)) : undefined;
    if (spec === undefined || spec.kind === "boolean") {
      out.push(a);
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || next.startsWith("--") || next === "-h") {
      throw new CliError(`${command}: ${a} needs a value`);
    }
    out.push(`${a}=${next}`);
    i++;
  }
  return out;
}

/** What {@linkcode parseFlags} returns. */
export interface ParsedFlags {
  /** camelCase name → parsed value, only for flags that were given. */
  values: Record<string, unknown>;
  /** Positional arguments. */
  positionals: string[];
}

/**
 * Parses `args` against `specs` (strict: unknown flags and missing values are errors, with a
 * "did you mean"). Booleans take `--flag`, `--no-flag` or `--flag=false`.
 */
export function parseFlags(
  args: readonly string[],
  specs: readonly FlagSpec[],
  command: string,
  allowPositionals = false,
): ParsedFlags {
  const byFlag = new Map<string, FlagSpec>();
  for (const s of specs) byFlag.set(kebab(s.name), s);
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [flag, s] of byFlag) {
    if (s.kind === "boolean") {
      options[flag] = { type: "boolean" };
      options[`no-${flag}`] = { type: "boolean" };
    } else options[flag] = { type: "string" };
  }
  options.help = { type: "boolean", short: "h" };
  // Booleans written as --flag=false are rewritten before parseArgs (it rejects values on booleans).
  const rewritten: string[] = [];
  for (const a of lastWins(joinValues(args, byFlag, command))) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    const spec = m ? byFlag.get(m[1]) : undefined;
    if (m && spec?.kind === "boolean") {
      const v = parseValue(spec, m[2]);
      rewritten.push(v ? `--${m[1]}` : `--no-${m[1]}`);
    } else rewritten.push(a);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rewritten, options, strict: true, allowPositionals });
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(msg);
    if (unknown) {
      const name = unknown[1].replace(/^-+/, "");
      throw new CliError(
        `${command}: unknown flag ${unknown[1]}${
          didYouMean(name, [...Object.keys(options)]).replace('"', '"--')
        } (see --help)`,
      );
    }
    const missing = /Option '(-[^']*)' argument missing/.exec(msg) ??
      /Option '(--[^ ']+)[^']*' argument missing/.exec(msg);
    if (missing) {
      const flag = missing[1].split(/[ ,]/).find((p) => p.startsWith("--")) ?? missing[1];
      throw new CliError(`${command}: ${flag} needs a value`);
    }
    const positional = /Unexpected argument '([^']+)'/.exec(msg);
    if (positional) {
      throw new CliError(`${command}: unexpected argument "${positional[1]}" (see --help)`);
    }
    throw new CliError(`${command}: ${msg.split("\n")[0]}`);
  }
  const values: Record<string, unknown> = {};
  for (const [flag, raw] of Object.entries(parsed.values)) {
    if (flag === "help") {
      values.help = raw;
      continue;
    }
    const negated = flag.startsWith("no-") && !byFlag.has(flag);
    const spec = byFlag.get(negated ? flag.slice(3) : flag)!;
    if (spec.kind === "boolean") values[spec.name] = negated ? !raw : raw;
    else values[spec.name] = parseValue(spec, String(raw));
  }
  return { values, positionals: parsed.positionals };
}

/** Formats flags for `--help`: `  --flag VALUE   doc (default: x)`. */
export function formatFlags(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => {
    const meta = s.kind === "boolean"
      ? ""
      : s.choices
      ? ` ${s.choices.join("|")}`
      : s.kind.endsWith("[]")
      ? " A,B,..."
      : s.kind === "string"
      ? " TEXT"
      : " N";
    const left = `  --${kebab(s.name)}${s.kind === "boolean" ? ` / --no-${kebab(s.name)}` : ""}${
      s.choices && s.choices.length > 4 ? " NAME" : meta
    }`;
    const def = s.default !== undefined && s.default !== "" ? ` (default: ${s.default})` : "";
    const choices = s.choices && s.choices.length > 4 ? ` One of: ${s.choices.join(", ")}.` : "";
    return [left, `${s.doc}${choices}${def}`] as const;
  });
  const width = Math.min(44, Math.max(...rows.map(([l]) => l.length)) + 2);
  return rows.map(([l, r]) =>
    l.length + 2 > width ? `${l}\n${" ".repeat(width)}${r}` : `${l.padEnd(width)}${r}`
  ).join("\n");
}
