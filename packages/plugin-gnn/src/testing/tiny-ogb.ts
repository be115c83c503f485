import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** What a small OGB node-property dataset is generated from (tests and fuzzing). */
export interface OgbSpec {
  n: number;
  features: number;
  /** Pairs of node ids (taken mod n). */
  edges: [number, number][];
  classes: number;
  /** One 0/1 column per class (ogbn-proteins) instead of one class id per line. */
  multi?: boolean;
  /** Write raw/num-node-list.csv.gz and raw/num-edge-list.csv.gz, as OGB's download has. */
  counts?: boolean;
}

export const OGB_FILES = ['raw/node-feat.csv.gz', 'raw/edge.csv.gz', 'raw/node-label.csv.gz', 'raw/num-node-list.csv.gz', 'raw/num-edge-list.csv.gz', 'split/species/train.csv.gz', 'split/species/valid.csv.gz', 'split/species/test.csv.gz'] as const;

/**
 * Writes the OGB layout under `dir` (gzipped CSVs in the real format): node i has features
 * (i + f) / 4, class i mod classes, and is in train, valid or test by i mod 3. Returns the paths by
 * their layout name.
 */
export function writeTinyOgb(dir: string, spec: OgbSpec): Record<(typeof OGB_FILES)[number], string> {
  const { n, features: F, classes: C } = spec;
  const write = (rel: string, lines: string[]) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, zlib.gzipSync(lines.length ? `${lines.join('\n')}\n` : ''));
  };
  const range = Array.from({ length: n }, (_, i) => i);
  write('raw/node-feat.csv.gz', range.map((i) => Array.from({ length: F }, (_, f) => (i + f) / 4).join(',')));
  const edges = spec.edges.map(([a, b]) => `${a % n},${b % n}`);
  write('raw/edge.csv.gz', edges);
  write('raw/node-label.csv.gz', range.map((i) => (spec.multi ? Array.from({ length: C }, (_, c) => ((i + c) % 2 === 0 ? 1 : 0)).join(',') : `${i % C}`)));
  if (spec.counts) {
    write('raw/num-node-list.csv.gz', [`${n}`]);
    write('raw/num-edge-list.csv.gz', [`${edges.length}`]);
  }
  ['train', 'valid', 'test'].forEach((s, k) => write(`split/species/${s}.csv.gz`, range.filter((i) => i % 3 === k).map(String)));
  return Object.fromEntries(OGB_FILES.map((f) => [f, path.join(dir, f)])) as Record<(typeof OGB_FILES)[number], string>;
}
