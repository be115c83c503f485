import { z } from 'zod';
import { ConfigError } from './errors';
import { didYouMean } from './suggest';

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
  const bad = path.find(isForbiddenKey);
  if (bad) throw forbidden(`--set '${text}'`, bad);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    /* a bare string */
  }
  const inside = forbiddenKeyIn(value);
  if (inside) throw forbidden(`--set '${text}'`, inside);
  return { path, value };
}

/** Keys that reach an object's prototype (`a.__proto__.x=1` would set `x` on every object): never a config field. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

function forbidden(where: string, key: string): ConfigError {
  return new ConfigError(`${where}: '${key}' cannot be a config field name (it would reach the prototype of every object)`);
}

/** The first forbidden key anywhere in a JSON value (`{"__proto__": {...}}`), if any. */
function forbiddenKeyIn(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (isForbiddenKey(k)) return k;
    const deeper = forbiddenKeyIn(v);
    if (deeper) return deeper;
  }
  return undefined;
}

/**
 * Applies overrides to a plain object (deep-copied first); creates intermediate objects. Whatever the
 * caller passes (not only `parseOverride`'s output), prototype keys are refused and only own properties
 * are followed or written, so no override reaches `Object.prototype`.
 */
export function applyOverrides<T extends Record<string, unknown>>(base: T, overrides: Override[]): T {
  const out = structuredClone(base) as Record<string, unknown>;
  for (const { path, value } of overrides) {
    const bad = path.find((k) => isForbiddenKey(String(k))) ?? forbiddenKeyIn(value);
    if (bad) throw forbidden(`--set ${path.join('.')}`, bad);
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (next === undefined) setOwn(node, key, {});
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new ConfigError(`--set ${path.join('.')}: '${key}' is a value, not a section`);
      }
      node = node[key] as Record<string, unknown>;
    }
    setOwn(node, path[path.length - 1], value);
  }
  return out as T;
}

/** `obj[key] = value` as an own data property (never a setter such as `__proto__`'s). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Deep merge of plain objects; arrays and scalars from `b` replace those in `a`. */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) {
    if (isForbiddenKey(k)) throw forbidden('config', k);
    const prev = Object.hasOwn(out, k) ? out[k] : undefined;
    setOwn(out, k, isPlainObject(prev) && isPlainObject(v) ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>) : v);
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

/**
 * Fails on override paths the schema does not have, naming the closest field (`config field
 * trainer.lrr: unknown field; did you mean trainer.lr?`). With `schema`, a path is checked against
 * the schema's fields (so optional fields without a default count); without, against `parsed`
 * (a typo like trainer.lrr would otherwise be silently dropped by a non-strict schema).
 */
export function assertOverridesKnown(parsed: unknown, overrides: Override[], what: string, schema?: z.ZodType): void {
  const fields = schema ? fieldPaths(schema) : leafPaths(parsed);
  for (const { path } of overrides) {
    const known = schema ? schemaHasPath(schema, path) : getPath(parsed, path) !== undefined;
    if (!known) {
      const key = path.join('.');
      const hint = didYouMean(key, fields);
      throw new ConfigError(`${what} field ${key}: unknown field${hint || ' (see `zoo config <recipe>` for the fields)'}`);
    }
  }
}

/** The zod def under wrappers that do not change which fields a value has (default, optional, pipe, ...). */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as unknown as { _zod?: { def: Record<string, unknown> } };
  for (let i = 0; i < 32 && s?._zod; i++) {
    const def = s._zod.def;
    const next = (def.innerType ?? (def.type === 'pipe' ? def.out : undefined) ?? (def.type === 'lazy' ? (def.getter as () => unknown)() : undefined)) as typeof s | undefined;
    if (!next) break;
    // a preprocess/transform pipe: its output type has the fields (z.preprocess(fn, z.object(...)))
    s = def.type === 'pipe' && (def.out as typeof s)?._zod?.def.type === 'transform' ? (def.in as typeof s) : next;
  }
  return s as unknown as z.ZodType;
}

/** The object shapes a schema accepts (one per union option), or none for a leaf. */
function shapesOf(schema: z.ZodType): Record<string, z.ZodType>[] {
  const s = unwrap(schema) as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType>; options?: z.ZodType[] } } };
  const def = s?._zod?.def;
  if (!def) return [];
  if (def.type === 'object' && def.shape) return [def.shape];
  if (def.type === 'union' && def.options) return def.options.flatMap(shapesOf);
  return [];
}

/** Every dotted field path of a schema, sections included (`trainer`, `trainer.lr`, ...), sorted. */
export function fieldPaths(schema: z.ZodType, prefix = ''): string[] {
  const out = new Set<string>();
  for (const shape of shapesOf(schema)) {
    for (const [k, v] of Object.entries(shape)) {
      out.add(`${prefix}${k}`);
      for (const p of fieldPaths(v, `${prefix}${k}.`)) out.add(p);
    }
  }
  return [...out].sort();
}

/** Whether `path` names a field of the schema; below a field that is not an object (a record, any) every path is taken. */
function schemaHasPath(schema: z.ZodType, path: string[]): boolean {
  if (path.length === 0) return true;
  const shapes = shapesOf(schema);
  if (shapes.length === 0) return true;
  return shapes.some((shape) => Object.hasOwn(shape, path[0]) && schemaHasPath(shape[path[0]], path.slice(1)));
}

function leafPaths(obj: unknown, prefix = ''): string[] {
  if (!isPlainObject(obj)) return prefix ? [prefix.slice(0, -1)] : [];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => [`${prefix}${k}`, ...(isPlainObject(v) ? leafPaths(v, `${prefix}${k}.`) : [])]);
}

function getPath(obj: unknown, path: (string | number)[]): unknown {
  let node: unknown = obj;
  for (const k of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[k];
  }
  return node;
}
