import type { z } from 'zod';
import { optionsHelp, parseBenchArgs, validateBenchOptions } from './options';

export type BenchRow = Record<string, unknown>;

export interface BenchContext {
  /** Progress lines (the CLI sends them to stderr; the table goes to stdout). */
  log: (line: string) => void;
}

/** A benchmark: one zod schema for its options, a run over the parsed options, a markdown table of its rows. */
export interface BenchSpec<S extends z.ZodObject> {
  id: string;
  description: string;
  options: S;
  run(options: z.output<S>, ctx: BenchContext): Promise<BenchRow[]>;
  /** Markdown table of the rows (default: one column per key of the first row). */
  table?(rows: BenchRow[]): string;
}

/**
 * What `@zoo/bench` exports per benchmark, and what `zoo bench` calls (found through the package's
 * `"zoo": { "bench": ... }` manifest, never imported): `run(parse(args), { log })`, then `table(rows)`.
 */
export interface Bench<S extends z.ZodObject = z.ZodObject> extends BenchSpec<S> {
  /** The words after `zoo bench <id> --` as this bench's options (throws a ConfigError naming the flag). */
  parse(args: string[]): z.output<S>;
  /** One line per option, for `zoo bench --list`. */
  help(): string[];
  table(rows: BenchRow[]): string;
}

export function defineBench<S extends z.ZodObject>(spec: BenchSpec<S>): Bench<S> {
  const what = `bench ${spec.id}`;
  return {
    ...spec,
    parse: (args) => validateBenchOptions(spec.options, parseBenchArgs(args, what), what),
    help: () => optionsHelp(spec.options),
    table: (rows) => (spec.table ? spec.table(rows) : genericTable(rows)),
  };
}

/** A markdown table with one column per key of the first row. */
export function genericTable(rows: BenchRow[]): string {
  if (rows.length === 0) return '(no rows)';
  const keys = Object.keys(rows[0]);
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v === null || v === undefined ? '-' : String(v));
  return [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`)].join('\n');
}
