import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Option } from 'commander';
import type { Tier } from '@zoo/core';
import { TIERS, ZooError } from './lazy-core';

/** Commander accumulator for repeatable flags (`--set a=1 --set b=2`). */
export function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** `--seeds` at most: each seed is a whole run (and a row's mean over them); 1e9 would never end, or run out of memory planning. */
export const MAX_SEEDS = 1000;
/** `--jobs` at most, even with `--jobs-force`: each job is a worker thread with its own tfjs engine and data. */
export const MAX_JOBS = 256;

/**
 * Parser for flags that take a positive integer (`--seeds`, `--jobs`): digits only, so `1e9`, `3.5`,
 * `0x10`, `-1`, `` and `abc` are refused (Number() takes several of them), and at most `max`; the
 * error names the flag.
 */
export function positiveInt(name: string, max = Number.MAX_SAFE_INTEGER, unit = '') {
  return (v: string) => {
    const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new ZooError(`${name} '${v}': expected a positive integer (digits only, e.g. 3)`);
    if (n > max) throw new ZooError(`${name} ${v}: at most ${max}${unit ? ` ${unit}` : ''}`);
    return n;
  };
}

/** The cores this process may use (the `--jobs` cap). */
export function availableCores(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * `--jobs N` checked against the cores: more workers than cores only slow every run down (and each
 * holds a tfjs engine), so it is refused unless `force` (`--jobs-force`).
 */
export function checkJobs(jobs: number | undefined, force: boolean | undefined, cores = availableCores()): void {
  if (jobs === undefined || jobs <= cores || force) return;
  throw new ZooError(`--jobs ${jobs}: this machine has ${cores} core${cores === 1 ? '' : 's'}, so at most ${cores} (add --jobs-force to start ${jobs} workers anyway)`);
}

/** `--tier smoke,cpu` → ['smoke', 'cpu']; undefined when the flag is absent. */
export function parseTiers(v: string | undefined): Tier[] | undefined {
  if (v === undefined) return undefined;
  const tiers = v.split(',').map((t) => t.trim());
  for (const t of tiers) if (!TIERS.includes(t as Tier)) throw new ZooError(`--tier '${t}': expected one of ${TIERS.join(', ')}`);
  return tiers as Tier[];
}

/** `--backend <name>`, shared by train and eval. */
export function backendOption(): Option {
  return new Option('--backend <name>', 'tfjs backend: tfjs-node-gpu, tfjs-node, blas, wasm, cpu (default: best available; env ZOO_BACKEND)');
}

/**
 * `--data-dir <dir>`, shared by train and eval: the folder must exist (a typo would otherwise fall back to
 * the embedded copies without a word); the value is the absolute path.
 */
export function dataDirOption(description = 'folder with real datasets; wins over embedded copies (see `zoo info <recipe>` for the layout)'): Option {
  return new Option('--data-dir <dir>', description).argParser(existingDir('--data-dir'));
}

/** Parser for a flag naming a folder that must exist. */
export function existingDir(name: string) {
  return (v: string) => {
    const abs = path.resolve(v);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new ZooError(`${name} ${abs}: no such folder`);
    }
    if (!stat.isDirectory()) throw new ZooError(`${name} ${abs}: not a folder`);
    return abs;
  };
}
