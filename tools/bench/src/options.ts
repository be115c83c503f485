import { closestMatch, ConfigError } from '@zoo/core';
import { z } from 'zod';

/**
 * Bench options are parsed like `zoo config --set`: the words after `zoo bench <id> --` become one
 * plain object, then the bench's zod schema parses it (no bench reads argv itself).
 *
 *   --data-dir DIR          → { dataDir: 'DIR' }            (kebab-case flags, camelCase fields)
 *   --sizes 10000,100000    → { sizes: '10000,100000' }      (the schema splits lists: `listOf`)
 *   --epochs=3, epochs=3    → { epochs: '3' }                (the schema reads numbers: `int`, `positive`)
 *   --no-torch              → { torch: false }
 *   --list (then another flag or the end) → { list: true }
 *
 * Values stay text here; the schema's helpers below turn numeric text into numbers, so a bad value is
 * one zod issue naming the field: `bench gnn-scale option --epochs: expected number, received string (got "abc")`.
 */
export function parseBenchArgs(args: string[], what = 'bench'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (flag: string, value: unknown) => {
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(flag)) throw new ConfigError(`${what}: '${flag}' is not an option name like --data-dir`);
    out[camelCase(flag)] = value;
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word.startsWith('--')) {
      const body = word.slice(2);
      const eq = body.indexOf('=');
      if (eq >= 0) set(body.slice(0, eq), body.slice(eq + 1));
      else if (i + 1 < args.length && !args[i + 1].startsWith('--')) set(body, args[++i]);
      else if (body.startsWith('no-')) set(body.slice(3), false);
      else set(body, true);
    } else {
      const eq = word.indexOf('=');
      if (eq <= 0) throw new ConfigError(`${what}: unexpected argument '${word}' (expected --option value or key=value)`);
      set(word.slice(0, eq), word.slice(eq + 1));
    }
  }
  return out;
}

/**
 * Parses `raw` (from `parseBenchArgs`) with `schema`, strictly: an unknown option fails naming the flag and
 * the closest known one (`--stpes` → "did you mean --steps?"), a bad value naming the flag.
 */
export function validateBenchOptions<S extends z.ZodObject>(schema: S, raw: Record<string, unknown>, what = 'bench'): z.output<S> {
  const known = Object.keys(schema.shape);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      const near = closestMatch(flagName(key), known.map(flagName));
      const hint = near ? `; did you mean ${near}?` : '';
      throw new ConfigError(`${what} option ${flagName(key)}: unknown option${hint} (options: ${known.map(flagName).join(', ') || 'none'})`);
    }
  }
  const res = schema.safeParse(raw);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const [field, ...rest] = issue.path.map(String);
  const got = pathValue(raw, issue.path as (string | number)[]);
  const gotText = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
  const name = field === undefined ? '(options)' : `${flagName(field)}${rest.map((p) => `[${p}]`).join('')}`;
  throw new ConfigError(`${what} option ${name}: ${issue.message.replace(/^Invalid (input|option): /, '')}${gotText}`);
}

/** `dataDir` → `--data-dir`. */
export function flagName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Numeric text (`'3'`, `'0.7'`, `'1e3'`) as a number; anything else unchanged, for zod to reject by type. */
function numeric(v: unknown): unknown {
  return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
}

/** A number field given as text on the command line. */
export const num = () => z.preprocess(numeric, z.number());
/** A positive number. */
export const positive = () => z.preprocess(numeric, z.number().positive());
/** An integer ≥ `min`. */
export const int = (min: number) => z.preprocess(numeric, z.number().int().min(min));
/** A comma-separated list (`a,b,c`), each item parsed by `item` (numbers read as numbers). */
export function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => numeric(s.trim())) : v), z.array(item).min(1));
}

/** One line per option: `--sizes  node counts (default 10000,100000,1000000)`, from the schema's descriptions. */
export function optionsHelp(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape).map(([key, field]) => {
    const f = field as z.ZodType;
    const parsed = f.safeParse(undefined);
    const dflt = parsed.success && parsed.data !== undefined ? ` (default ${Array.isArray(parsed.data) ? parsed.data.join(',') : String(parsed.data)})` : '';
    return `${flagName(key).padEnd(14)} ${f.description ?? ''}${dflt}`;
  });
}

function pathValue(obj: unknown, path: (string | number)[]): unknown {
  let node: unknown = obj;
  for (const k of path) {
    if (typeof node === 'string' && typeof k === 'number') node = node.split(',')[k];
    else if (typeof node !== 'object' || node === null) return undefined;
    else node = (node as Record<string | number, unknown>)[k];
  }
  return node;
}
