import { z } from 'zod';
import { ConfigError } from './errors';

/** A `--set` override: dotted path and raw text. */
export interface Override {
  path: string[];
  value: unknown;
}

/**
 * Parses `a.b=c`. The value is read as JSON when it parses (numbers, booleans, arrays, quoted
 * strings) and as a plain string otherwise, so `trainer.lr=0.01` is a number and `x.name=cora` a string.
 */
export function parseOverride(text: string): Override {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--set '${text}': expected key=value, e.g. trainer.lr=0.01`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  const path = key.split('.');
  if (path.some((p) => p === '' || !/^[A-Za-z0-9_-]+$/.test(p))) {
    throw new ConfigError(`--set '${text}': '${key}' is not a dotted field path like trainer.lr`);
  }
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    /* a bare string */
  }
  return { path, value };
}

/** Applies overrides to a plain object (deep-copied first); creates intermediate objects. */
export function applyOverrides<T extends Record<string, unknown>>(base: T, overrides: Override[]): T {
  const out = structuredClone(base) as Record<string, unknown>;
  for (const { path, value } of overrides) {
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === undefined) node[key] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new ConfigError(`--set ${path.join('.')}: '${key}' is a value, not a section`);
      }
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return out as T;
}

/** Deep merge of plain objects; arrays and scalars from `b` replace those in `a`. */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) {
    const prev = out[k];
    out[k] =
      isPlainObject(prev) && isPlainObject(v) ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates with zod and turns the first issue into one line naming the field:
 * `config field trainer.lr: expected number, received string (got "abc")`.
 */
export function validateConfig<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const res = schema.safeParse(raw);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const path = issue.path.map(String).join('.');
  const got = getPath(raw, issue.path as (string | number)[]);
  const gotText = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
  throw new ConfigError(`${what} field ${path || '(root)'}: ${issue.message.replace(/^Invalid input: /, '')}${gotText}`);
}

/** Fails on override paths that the schema dropped (a typo like trainer.lrr would otherwise be silently ignored). */
export function assertOverridesKnown(parsed: unknown, overrides: Override[], what: string): void {
  for (const { path } of overrides) {
    if (getPath(parsed, path) === undefined) {
      throw new ConfigError(`${what} field ${path.join('.')}: unknown field (see \`zoo config <recipe>\` for the fields)`);
    }
  }
}

function getPath(obj: unknown, path: (string | number)[]): unknown {
  let node: unknown = obj;
  for (const k of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[k];
  }
  return node;
}
