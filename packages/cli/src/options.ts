import * as fs from 'node:fs';
import * as path from 'node:path';
import { Option } from 'commander';
import type { Tier } from '@zoo/core';
import { TIERS, ZooError } from './lazy-core';

/** Commander accumulator for repeatable flags (`--set a=1 --set b=2`). */
export function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** Parser for flags that take a positive integer (`--seeds`, `--jobs`); the error names the flag. */
export function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ZooError(`${name} '${v}': expected a positive integer`);
    return n;
  };
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
