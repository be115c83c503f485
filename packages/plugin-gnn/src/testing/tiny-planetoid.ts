import * as fs from 'node:fs';
import * as path from 'node:path';
import { PickleWriter } from './pickle-writer';

/**
 * Writes a small Planetoid dataset in PyG's raw layout: `n` nodes, allx = first `n − t` nodes,
 * test nodes listed in shuffled order, optionally with a test id missing from tx (CiteSeer's
 * isolated nodes). Returns the ground truth the reader must reproduce.
 */
export function writeTinyPlanetoid(
  root: string,
  name: 'cora' | 'citeseer',
  opts: { missingTest?: boolean } = {},
): { dir: string; features: number[][]; labels: number[]; edges: [number, number][]; trainCount: number; test: number[] } {
  const folder = name === 'cora' ? 'Cora' : 'CiteSeer';
  const dir = path.join(root, 'planetoid', folder, 'raw');
  fs.mkdirSync(dir, { recursive: true });
  const C = 3;
  const F = 5;
  const trainCount = 6;
  const nAll = trainCount + 500 + 4; // allx: train, 500 val, 4 unlabeled-in-split
  const testIds = [nAll + 3, nAll, nAll + 2, nAll + 5, nAll + 1, ...(opts.missingTest ? [] : [nAll + 4])];
  const n = nAll + 6;
  const features = Array.from({ length: n }, (_, i) => Array.from({ length: F }, (_, j) => ((i * 7 + j * 3) % 5 === 0 ? 1 : 0)));
  const labels = Array.from({ length: n }, (_, i) => i % C);
  const missing = opts.missingTest ? nAll + 4 : -1;
  if (missing >= 0) features[missing] = new Array(F).fill(0);
  const oneHot = (ids: number[]) => ids.flatMap((i) => Array.from({ length: C }, (_, c) => (c === labels[i] ? 1 : 0)));
  const rowsOf = (ids: number[]) => ids.flatMap((i) => features[i]);
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  const write = (part: string, bytes: Uint8Array) => fs.writeFileSync(path.join(dir, `ind.${name}.${part}`), bytes);
  write('x', new PickleWriter().csr(trainCount, F, rowsOf(range(0, trainCount))).done());
  write('y', new PickleWriter().ndarray([trainCount, C], 'i4', oneHot(range(0, trainCount))).done());
  write('allx', new PickleWriter().csr(nAll, F, rowsOf(range(0, nAll))).done());
  write('ally', new PickleWriter().ndarray([nAll, C], 'f8', oneHot(range(0, nAll))).done());
  write('tx', new PickleWriter().csr(testIds.length, F, rowsOf(testIds)).done());
  write('ty', new PickleWriter().ndarray([testIds.length, C], 'i4', oneHot(testIds)).done());
  fs.writeFileSync(path.join(dir, `ind.${name}.test.index`), testIds.join('\n') + '\n');
  const edges: [number, number][] = [];
  const adj = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const nb = [(i + 1) % n, (i * 5 + 2) % n].filter((j) => j !== i && j !== missing && i !== missing);
    adj.set(i, nb);
    nb.forEach((j) => edges.push([i, j]));
  }
  write('graph', new PickleWriter().graph(adj).done());
  return { dir, features, labels, edges, trainCount, test: [...testIds].sort((a, b) => a - b) };
}
