import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a small DBP15K-layout folder is generated from (tests and fuzzing). */
export interface KgSpec {
  n1: number;
  n2: number;
  /** First id of graph 1 (graph 2 follows it: one id space, as JAPE's files). */
  base: number;
  /** [head, relation, tail] with entity positions taken mod n1 (graph 1) or mod n2 (graph 2). */
  triples1: [number, number, number][];
  triples2: [number, number, number][];
  /** Gold pairs over the first min(n1, n2) entities; the first `sup` of them as sup_ent_ids (0: no file). */
  sup: number;
}

export const KG_FILES = ['ent_ids_1', 'ent_ids_2', 'triples_1', 'triples_2', 'ref_ent_ids', 'sup_ent_ids'] as const;

/** Writes the folder in JAPE's tab-separated format (URIs in the ent_ids files); returns the paths by name. */
export function writeTinyKg(dir: string, spec: KgSpec): Record<(typeof KG_FILES)[number], string> {
  const id1 = (i: number) => spec.base + (i % spec.n1);
  const id2 = (i: number) => spec.base + spec.n1 + (i % spec.n2);
  const file = (f: string) => path.join(dir, f);
  const write = (f: string, lines: string[]) => fs.writeFileSync(file(f), lines.map((l) => `${l}\n`).join(''));
  write('ent_ids_1', Array.from({ length: spec.n1 }, (_, i) => `${id1(i)}\thttp://zh.dbpedia.org/resource/e${i}`));
  write('ent_ids_2', Array.from({ length: spec.n2 }, (_, i) => `${id2(i)}\thttp://dbpedia.org/resource/e${i}`));
  write('triples_1', spec.triples1.map(([h, r, t]) => `${id1(h)}\t${r}\t${id1(t)}`));
  write('triples_2', spec.triples2.map(([h, r, t]) => `${id2(h)}\t${r}\t${id2(t)}`));
  const ref = Array.from({ length: Math.min(spec.n1, spec.n2) }, (_, i) => `${id1(i)}\t${id2(i)}`);
  write('ref_ent_ids', ref);
  if (spec.sup > 0) write('sup_ent_ids', ref.slice(0, spec.sup));
  return Object.fromEntries(KG_FILES.map((f) => [f, file(f)])) as Record<(typeof KG_FILES)[number], string>;
}
