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
