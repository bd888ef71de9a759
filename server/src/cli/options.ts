/**
 * Command-line arguments of one command: `--name value`, `--name=value`, `--flag`, positionals,
 * and `--` to end options. Hand-rolled rather than `node:util` parseArgs, which refuses values
 * that start with a dash (`--rounds -1`) with a message about dashes instead of about the value.
 */
import path from "node:path";

import { cliError } from "./cliError.ts";

/**
 * `value` options take an argument; `flag` options do not; `pair` options take two (`--judges A B`,
 * or `--judges=A,B`).
 */
export type OptionSpec = Readonly<Record<string, "value" | "flag" | "pair">>;

export type ParsedArgs = {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
  pairs: Map<string, [string, string]>;
  help: boolean;
};

export function parseArgs(command: string, args: readonly string[], spec: OptionSpec): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], values: new Map(), flags: new Set(), pairs: new Map(), help: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--") {
      parsed.positionals.push(...args.slice(index + 1));
      break;
    }
    if (arg === "--help" || arg === "-h") {
      parsed.help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      parsed.positionals.push(arg);
      continue;
    }
    const match = /^--([a-z][a-z-]*)(?:=([\s\S]*))?$/.exec(arg);
    const name = match?.[1];
    const kind = name === undefined ? undefined : spec[name];
    if (!match || !name || !kind) throw cliError(`arena ${command}`, `unknown option ${JSON.stringify(arg)}`);
    if (parsed.values.has(name) || parsed.flags.has(name) || parsed.pairs.has(name)) {
      throw cliError(`arena ${command}`, `--${name} is given more than once`);
    }
    if (kind === "flag") {
      if (match[2] !== undefined) throw cliError(`arena ${command}`, `--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    if (kind === "pair") {
      const pair = match[2] !== undefined ? match[2].split(",") : [args[index + 1], args[index + 2]];
      const [first, second] = pair;
      if (pair.length !== 2 || first === undefined || second === undefined || first === "" || second === "")
        throw cliError(`arena ${command}`, `--${name} needs two values (--${name} A B)`);
      if (match[2] === undefined) index += 2;
      parsed.pairs.set(name, [first, second]);
      continue;
    }
    const value = match[2] ?? args[++index];
    if (value === undefined) throw cliError(`arena ${command}`, `--${name} needs a value`);
    parsed.values.set(name, value);
  }
  return parsed;
}

/**
 * The option's value as `read` makes it (undefined = not acceptable), else its default; refuses
 * with what was expected. Plain functions, not schemas: the command line starts without zod.
 */
export function optionValue<T>(
  command: string,
  parsed: ParsedArgs,
  name: string,
  read: (raw: string) => T | undefined,
  expected: string,
  fallback: T,
): T {
  const raw = parsed.values.get(name);
  if (raw === undefined) return fallback;
  const value = read(raw);
  if (value === undefined)
    throw cliError(`arena ${command}`, `--${name} must be ${expected}, got ${JSON.stringify(raw)}`);
  return value;
}

/** `raw` when it is one of `choices`. */
export function oneOf<T extends string>(choices: readonly T[]): (raw: string) => T | undefined {
  return (raw) => ((choices as readonly string[]).includes(raw) ? (raw as T) : undefined);
}

/** A whole number written in digits, within [min, max]. */
export function wholeNumber(min: number, max: number): (raw: string) => number | undefined {
  return (raw) => {
    if (!/^\d+$/.test(raw)) return undefined;
    const value = Number(raw);
    return value >= min && value <= max ? value : undefined;
  };
}

/** The single FILE argument of a command. */
export function fileArgument(command: string, parsed: ParsedArgs): string {
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) throw cliError(`arena ${command}`, "missing FILE argument");
  if (extra.length > 0) throw cliError(`arena ${command}`, `unexpected argument ${JSON.stringify(extra[0])}`);
  return file;
}

export function noArguments(command: string, parsed: ParsedArgs): void {
  const [extra] = parsed.positionals;
  if (extra !== undefined) throw cliError(`arena ${command}`, `unexpected argument ${JSON.stringify(extra)}`);
}

/**
 * A path typed on the command line, relative to where the person typed it: `npm run` moves to
 * the package root but keeps that directory in INIT_CWD.
 */
export function fromInvocationDir(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.INIT_CWD ?? process.cwd(), file);
}
