import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeNpy } from './npy-writer';

/** What a small GraphSAGE-format dataset is generated from (tests and fuzzing). */
export interface GraphsageSpec {
  n: number;
  /** Pairs of node positions (taken mod n). */
  links: [number, number][];
  classes: number;
  features: number;
  multi?: boolean;
  /** Link endpoints as positions in `nodes` (networkx 1.x) instead of ids. */
  byPosition?: boolean;
  f8?: boolean;
  /** Integer node ids (PPI's networkx graphs) instead of `n<i>` strings. */
  numericIds?: boolean;
}

/**
 * Writes `<dir>/<name>-{G.json,id_map.json,class_map.json,feats.npy}` in the real format: node i has
 * id `n<i>` (or i), feature row (i + 1) mod n (id_map is not the identity), class i mod classes (or a 0/1
 * list), and is train, val or test by i mod 3 (node 0 always trains). Returns the file paths.
 */
export function writeTinyGraphsage(dir: string, name: string, spec: GraphsageSpec): Record<'G' | 'idMap' | 'classMap' | 'feats', string> {
  const { n, classes: C, features: F } = spec;
  const ids = Array.from({ length: n }, (_, i) => (spec.numericIds ? `${i}` : `n${i}`));
  const nodes = ids.map((id, i) => ({ id: spec.numericIds ? i : id, val: i % 3 === 1, test: i % 3 === 2 }));
  const links = spec.links.map(([s, t]) => [s % n, t % n]).map(([s, t]) => (spec.byPosition ? { source: s, target: t } : { source: nodes[s].id, target: nodes[t].id }));
  const files = { G: `${name}-G.json`, idMap: `${name}-id_map.json`, classMap: `${name}-class_map.json`, feats: `${name}-feats.npy` };
  const at = (f: string) => path.join(dir, f);
  fs.writeFileSync(at(files.G), JSON.stringify({ directed: false, multigraph: false, graph: {}, nodes, links }));
  fs.writeFileSync(at(files.idMap), JSON.stringify(Object.fromEntries(ids.map((id, i) => [id, (i + 1) % n]))));
  const label = (i: number) => (spec.multi ? Array.from({ length: C }, (_, c) => ((i + c) % 2 === 0 ? 1 : 0)) : i % C);
  fs.writeFileSync(at(files.classMap), JSON.stringify(Object.fromEntries(ids.map((id, i) => [id, label(i)]))));
  const feats = new Float32Array(n * F);
  for (let r = 0; r < n; r++) for (let f = 0; f < F; f++) feats[r * F + f] = (r * 3 + f) % 5;
  fs.writeFileSync(at(files.feats), writeNpy(feats, [n, F], { descr: spec.f8 ? '<f8' : '<f4' }));
  return { G: at(files.G), idMap: at(files.idMap), classMap: at(files.classMap), feats: at(files.feats) };
}
