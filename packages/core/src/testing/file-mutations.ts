/**
 * Property-based fuzzing of data readers (fast-check): mutations of a valid file in its real format
 * (truncation at any offset, byte flips, huge values written over header bytes or over numbers in
 * text, random bytes, an empty file, a folder in its place, a gzip bomb) and the one property every
 * reader keeps: a valid result or a data error naming the file (`DataCorruptError`, `DataReadError`,
 * `DataMissingError`), never another exception. A hang shows as the test's timeout (async readers get
 * a per-case `timeout` too); an allocation sized by an unchecked header shows as a hang or a
 * RangeError, since the files are small.
 *
 * Seeded: `FUZZ_SEED` (default fixed, so CI is reproducible) and `FUZZ_RUNS` (a multiplier for longer
 * runs on demand). A failure prints the seed and the shrunk counterexample.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { DataCorruptError, DataMissingError } from '../errors';
import { DataReadError } from '../data/files';

/** The seed of every fuzz suite: `FUZZ_SEED` or a fixed default. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261202);

/** fast-check options: the seed, and `numRuns` scaled by `FUZZ_RUNS` (default 1). */
export function fuzzOptions(numRuns: number, extra: { timeout?: number } = {}): { seed: number; numRuns: number; timeout?: number; endOnFailure: true } {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * Number(process.env.FUZZ_RUNS ?? 1))), endOnFailure: true, ...extra };
}

/** Values that break unchecked readers: past int32/uint32, past 2^53, negative, fractional, not numbers. */
export const HOSTILE_NUMBERS = ['400000000', '2147483648', '4294967296', '99999999999999999999', '-1', '1e308', '0.5', 'NaN', '', '0x10'];

export type FileMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number[]; mask: number }
  | { kind: 'overwrite'; at: number; bytes: number[] }
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'empty' }
  | { kind: 'folder' }
  | { kind: 'number'; nth: number; value: string }
  | { kind: 'line'; nth: number; text: string }
  | { kind: 'bomb' };

const HUGE_BYTES = [
  [0xff, 0xff, 0xff, 0xff],
  [0xff, 0xff, 0xff, 0x7f],
  [0x00, 0x84, 0xd7, 0x17], // 400000000 little-endian
  [0xff, 0xff],
  [0x00, 0x00, 0x00, 0x80],
];

/**
 * Mutations of one file. `text`: also numbers and lines replaced in the text (after inflating, for
 * gzip files); `gzip`: also a bomb (inflating past the limit the test sets in ZOO_MAX_INFLATED_BYTES).
 */
export function fileMutation(opts: { text?: boolean; gzip?: boolean } = {}): fc.Arbitrary<FileMutation> {
  const pos = fc.nat({ max: 1 << 20 });
  const arbs: fc.Arbitrary<FileMutation>[] = [
    pos.map((at) => ({ kind: 'truncate', at }) as const),
    fc.record({ kind: fc.constant('flip' as const), at: fc.array(pos, { minLength: 1, maxLength: 4 }), mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('overwrite' as const), at: pos, bytes: fc.constantFrom(...HUGE_BYTES) }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: 'random', bytes }) as const),
    fc.constant({ kind: 'empty' } as const),
    fc.constant({ kind: 'folder' } as const),
  ];
  if (opts.text) {
    arbs.push(
      fc.record({ kind: fc.constant('number' as const), nth: fc.nat({ max: 200 }), value: fc.constantFrom(...HOSTILE_NUMBERS) }),
      fc.record({ kind: fc.constant('line' as const), nth: fc.nat({ max: 200 }), text: fc.oneof(fc.constantFrom('', ',', '\t', 'a b c', '1,2,3,4', '0\t0\t0\t0', '{', '[]'), fc.string({ maxLength: 20 })) }),
    );
  }
  if (opts.gzip) arbs.push(fc.constant({ kind: 'bomb' } as const));
  return fc.oneof(...arbs);
}

/** `text` with its `nth` digit run (mod their count) replaced by `value`. */
function replaceNumber(text: string, nth: number, value: string): string {
  const runs = [...text.matchAll(/\d+/g)];
  if (runs.length === 0) return text + value;
  const m = runs[nth % runs.length];
  return text.slice(0, m.index) + value + text.slice(m.index! + m[0].length);
}

/** `text` with its `nth` line (mod the count) replaced by `line`. */
function replaceLine(text: string, nth: number, line: string): string {
  const lines = text.split('\n');
  lines[nth % lines.length] = line;
  return lines.join('\n');
}

/** The bytes of `original` after `m` (undefined for 'folder'); `bombBytes`: what a bomb inflates to. */
export function mutatedBytes(original: Uint8Array, m: FileMutation, opts: { gzip?: boolean; bombBytes?: number } = {}): Uint8Array | undefined {
  const out = Buffer.from(original);
  const n = out.length;
  switch (m.kind) {
    case 'truncate':
      return out.subarray(0, n === 0 ? 0 : m.at % n);
    case 'flip':
      for (const at of m.at) if (n) out[at % n] ^= m.mask;
      return out;
    case 'overwrite':
      if (n) for (let i = 0; i < m.bytes.length; i++) out[(m.at + i) % n] = m.bytes[i];
      return out;
    case 'random':
      return m.bytes;
    case 'empty':
      return new Uint8Array(0);
    case 'folder':
      return undefined;
    case 'bomb':
      return zlib.gzipSync(Buffer.alloc(opts.bombBytes ?? 1 << 24, '0\n'));
    case 'number':
    case 'line': {
      const text = (opts.gzip ? zlib.gunzipSync(out) : out).toString('utf8');
      const next = m.kind === 'number' ? replaceNumber(text, m.nth, m.value) : replaceLine(text, m.nth, m.text);
      return opts.gzip ? zlib.gzipSync(next) : Buffer.from(next);
    }
  }
}

/** Writes `m` applied to `original` at `file` (a folder for 'folder'). */
export function applyMutation(file: string, original: Uint8Array, m: FileMutation, opts: { gzip?: boolean; bombBytes?: number } = {}): void {
  fs.rmSync(file, { recursive: true, force: true });
  const bytes = mutatedBytes(original, m, opts);
  if (bytes === undefined) fs.mkdirSync(file);
  else fs.writeFileSync(file, bytes);
}

/** Puts `original` back at `file` (removing a folder left in its place). */
export function restoreFile(file: string, original: Uint8Array): void {
  fs.rmSync(file, { recursive: true, force: true });
  fs.writeFileSync(file, original);
}

/** Passes for a data error whose message names `mention` (a file or folder); rethrows anything else. */
export function expectDataError(err: unknown, mention: string): void {
  const ok = err instanceof DataCorruptError || err instanceof DataReadError || err instanceof DataMissingError;
  if (!ok) throw err;
  if (!(err as Error).message.includes(mention)) throw new Error(`data error does not name ${mention}: ${(err as Error).message}`);
}

/** Runs a reader: its value, or undefined after a data error naming `mention`; anything else throws. */
export function readOrDataError<T>(run: () => T, mention: string): T | undefined {
  try {
    return run();
  } catch (err) {
    expectDataError(err, mention);
    return undefined;
  }
}

/** `readOrDataError` for async readers. */
export async function readOrDataErrorAsync<T>(run: () => Promise<T>, mention: string): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    expectDataError(err, mention);
    return undefined;
  }
}
