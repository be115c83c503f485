import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataCorruptError } from '@zoo/core';
import { writeNpy } from '../testing/npy-writer';
import { writeTinyGraphsage } from '../testing/tiny-graphsage';
import { NodeDataset } from './graph-data';
import { readGraphsage } from './graphsage';

/** A 6-node GraphSAGE-format graph: two triangles joined by one edge; nodes 4, 5 val/test. */
function writeFixture(dir: string, opts: { multi?: boolean; linksByPosition?: boolean; ids?: string[] } = {}) {
  const ids = opts.ids ?? ['a', 'b', 'c', 'd', 'e', 'f'];
  const nodes = ids.map((id, i) => ({ id, val: i === 4, test: i === 5 }));
  const pairs = [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3], [2, 3], [1, 0]]; // a duplicate in the other direction
  const links = pairs.map(([s, t]) => (opts.linksByPosition ? { source: s, target: t } : { source: ids[s], target: ids[t] }));
  fs.writeFileSync(path.join(dir, 'toy-G.json'), JSON.stringify({ directed: false, multigraph: false, graph: {}, nodes, links }));
  fs.writeFileSync(path.join(dir, 'toy-id_map.json'), JSON.stringify(Object.fromEntries(ids.map((id, i) => [id, 5 - i]))));
  const cls = ids.map((id, i) => [id, opts.multi ? [i < 3 ? 1 : 0, i >= 3 ? 1 : 0, 1] : i < 3 ? 0 : 1]);
  fs.writeFileSync(path.join(dir, 'toy-class_map.json'), JSON.stringify(Object.fromEntries(cls)));
  // feature row r belongs to node 5 − r; feature 0 = position, feature 1 constant
  const feats: number[] = [];
  for (let r = 0; r < 6; r++) feats.push(5 - r, 7);
  fs.writeFileSync(path.join(dir, 'toy-feats.npy'), writeNpy(feats, [6, 2], { descr: '<f8' }));
}

describe('GraphSAGE format', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-graphsage-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads graph, id map, classes, features and splits; symmetrizes and deduplicates links', () => {
    writeFixture(dir);
    const g = readGraphsage('toy', dir, false);
    expect(g.numNodes).toBe(6);
    expect(g.numClasses).toBe(2);
    expect(g.inductive).toBe(true);
    expect(g.adjacency.nnz).toBe(14); // 7 undirected edges
    // node 'a' is row 5: class 0, neighbours b (row 4) and c (row 3)
    expect(g.labels[5]).toBe(0);
    const row5 = Array.from(g.adjacency.indices.subarray(g.adjacency.indptr[5], g.adjacency.indptr[6]));
    expect(row5).toEqual([3, 4]);
    expect(Array.from(g.splits.val)).toEqual([1]); // 'e' → row 1
    expect(Array.from(g.splits.test)).toEqual([0]);
    expect(g.features.toDense()[5 * 2]).toBe(0);
  });

  it('link endpoints as positions (networkx 1.x) read the same; multi-label class lists', () => {
    writeFixture(dir, { linksByPosition: true, multi: true, ids: ['10', '11', '12', '13', '14', '15'].map((s) => `n${s}`) });
    const g = readGraphsage('toy', dir, true);
    expect(g.adjacency.nnz).toBe(14);
    expect(g.numClasses).toBe(3);
    expect(Array.from(g.multiLabels!.subarray(5 * 3, 6 * 3))).toEqual([1, 0, 1]);
    // standardized on the training rows 2..5 (feature 0 = 3, 2, 1, 0 there: mean 1.5, variance 1.25)
    expect(g.features.toDense()[5 * 2]).toBeCloseTo((0 - 1.5) / Math.sqrt(1.25), 5);
  });

  it('names the file and the fault for malformed G.json, an id_map mismatch and a wrong-dtype .npy', () => {
    writeFixture(dir);
    fs.writeFileSync(path.join(dir, 'toy-G.json'), '{"nodes": [1, 2');
    expect(() => readGraphsage('toy', dir)).toThrow(/toy-G\.json.*not valid JSON/);
    writeFixture(dir);
    fs.writeFileSync(path.join(dir, 'toy-id_map.json'), JSON.stringify({ a: 0, b: 1, c: 2, d: 3, e: 4, f: 9 }));
    expect(() => readGraphsage('toy', dir)).toThrow(/toy-id_map\.json.*row 9, but there are only 6 nodes/);
    writeFixture(dir);
    fs.writeFileSync(path.join(dir, 'toy-feats.npy'), writeNpy([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [6, 2], { descr: '<i8' }));
    let err: unknown;
    try {
      readGraphsage('toy', dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataCorruptError);
    expect((err as Error).message).toMatch(/toy-feats\.npy at byte \d+: dtype '<i8'/);
    writeFixture(dir);
    fs.writeFileSync(path.join(dir, 'toy-feats.npy'), writeNpy([1, 2, 3], [3, 1]));
    expect(() => readGraphsage('toy', dir)).toThrow(/toy-feats\.npy.*does not fit 6 nodes/);
  });

  it('a folder in place of a file, and a non-finite feature, are refused naming the file', () => {
    writeFixture(dir);
    fs.rmSync(path.join(dir, 'toy-class_map.json'));
    fs.mkdirSync(path.join(dir, 'toy-class_map.json'));
    expect(() => readGraphsage('toy', dir)).toThrow(/cannot read .*toy-class_map\.json: it is a folder, expected a file/);
    fs.rmSync(path.join(dir, 'toy-class_map.json'), { recursive: true });
    writeFixture(dir);
    fs.writeFileSync(path.join(dir, 'toy-feats.npy'), writeNpy([1, 2, 3, 4, 5, 6, 7, 8, NaN, 10, 11, 12], [6, 2]));
    expect(() => readGraphsage('toy', dir)).toThrow(/toy-feats\.npy: row 4 column 0 is NaN/);
    fs.writeFileSync(path.join(dir, 'toy-feats.npy'), writeNpy([1, 2, 3, 4, 5, 6, 7, 8, 9, 1e300, 11, 12], [6, 2], { descr: '<f8' }));
    expect(() => readGraphsage('toy', dir)).toThrow(/toy-feats\.npy: row 4 column 1 is Infinity \(as float32\)/);
  });

  it("loads Reddit's size (232,965 nodes, 41 classes) without overflowing the call stack (labels were once spread into Math.max)", () => {
    const n = 232_965;
    writeTinyGraphsage(dir, 'reddit', { n, links: [[0, 1], [1, 2], [232_964, 0]], classes: 41, features: 1, numericIds: true });
    const g = readGraphsage('reddit', dir, false);
    expect([g.numNodes, g.numClasses, g.adjacency.nnz]).toEqual([n, 41, 6]);
    expect(g.splits.train.length + g.splits.val.length + g.splits.test.length).toBe(n);
    const ds = new NodeDataset('reddit', g, 'data-dir', dir);
    expect(ds.meta.numNodes).toBe(n);
    ds.dispose();
  });
});
