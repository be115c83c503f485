import { Option } from 'commander';
import { writeFileAtomic } from './write-file';

/**
 * `--json [FILE]`, the same in every command: without FILE the command prints JSON on stdout (and
 * nothing else there); with FILE it prints what it prints without `--json` and writes the JSON to FILE.
 *
 * The word after `--json` is FILE only when it ends in `.json` or is `-` (stdout); any other word is
 * left to the command as a positional, so `zoo eval --json 'gnn/gcn@sbm'` runs that recipe and prints
 * its rows instead of writing a file named `gnn/gcn@sbm`. `--json=NAME` names any file explicitly.
 */
export function jsonOption(what: string): Option {
  return new Option('--json [file]', `${what} as JSON: on stdout, or to FILE when it ends in .json (--json=FILE for any name)`);
}

/** Whether the word after `--json` is its FILE (else the command's positional). */
export function isJsonFileWord(word: string | undefined): boolean {
  return word !== undefined && (word === '-' || /\.json$/i.test(word));
}

/**
 * Rewrites `--json WORD` to `--json=- WORD` when WORD is not a FILE (see `jsonOption`), so commander does
 * not take it as the option's value. Words after `--` (a bench's own options) are left alone.
 */
export function normalizeJsonFlag(argv: readonly string[]): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length - 1; i++) {
    if (out[i] === '--') break;
    const next = out[i + 1];
    if (out[i] === '--json' && next !== '--' && !next.startsWith('-') && !isJsonFileWord(next)) out[i] = '--json=-';
  }
  return out;
}

/** Where `--json` sends its JSON: nowhere (flag absent), stdout (no FILE, or `-`), or a file. */
export type JsonTarget = { to: 'none' } | { to: 'stdout' } | { to: 'file'; file: string };

export function jsonTarget(flag: string | boolean | undefined): JsonTarget {
  if (flag === undefined || flag === false) return { to: 'none' };
  if (flag === true || flag === '-') return { to: 'stdout' };
  return { to: 'file', file: flag };
}

/** Writes `value` as JSON where `target` says (a file atomically); returns whether it went to stdout. */
export function emitJson(target: JsonTarget, value: unknown, out: (s: string) => void): boolean {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (target.to === 'stdout') out(text);
  else if (target.to === 'file') writeFileAtomic(target.file, text);
  return target.to === 'stdout';
}
