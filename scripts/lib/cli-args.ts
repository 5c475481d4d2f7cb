import { parseArgs } from 'node:util';

/** A mistake in how the command was called: exit 2, a Vietnamese message and the usage, nothing written. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliOptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** What a value looks like, for the "missing value" message (`<yyyy-mm-dd>`). */
  example?: string;
}

export type CliOptionSpecs = Readonly<Record<string, CliOptionSpec>>;

export interface ParsedCli {
  /** Arguments that are not options, in order (the command first). */
  positionals: string[];
  /** Options given, by name: strings for string options, true for flags. */
  values: Map<string, string | true>;
}

/**
 * The command line read with Node's parseArgs in its lenient mode, then checked here, so every
 * mistake gets a Vietnamese message (the strict mode throws English ones: "Unknown option",
 * "argument missing"): an unknown option, a value missing or given to a flag, an option twice.
 * `--` ends the options as usual.
 */
export function parseCli(argv: readonly string[], specs: CliOptionSpecs): ParsedCli {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) options[name] = spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const values = new Map<string, string | true>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const spec = specs[token.name];
    if (spec === undefined) throw new UsageError(`Tùy chọn không rõ: ${token.rawName}.`);
    const flag = `--${token.name}`;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${flag} không nhận giá trị (nhận được "${token.value}").`);
      values.set(token.name, true);
      continue;
    }
    // Lenient parsing takes the next argument as the value even when it is another option
    // (`--period --json`): that is a value forgotten, not a period named "--json".
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('-') && value.length > 1)) {
      throw new UsageError(`Thiếu giá trị cho ${flag}${spec.example === undefined ? '' : ` (ví dụ: ${flag} ${spec.example})`}.`);
    }
    if (values.has(token.name)) throw new UsageError(`${flag} được nhập hai lần.`);
    values.set(token.name, value);
  }
  return { positionals, values };
}

/** A string option's value, if given. */
export function stringOption(parsed: ParsedCli, name: string): string | undefined {
  const v = parsed.values.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flagOption(parsed: ParsedCli, name: string): boolean {
  return parsed.values.get(name) === true;
}

/** Refuses options the command does not take (`init --period`), rather than ignoring them silently. */
export function onlyOptions(parsed: ParsedCli, command: string, allowed: readonly string[]): void {
  for (const name of parsed.values.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`Lệnh ${command} không dùng --${name}.`);
  }
}
