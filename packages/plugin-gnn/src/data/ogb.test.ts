import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { writeTinyOgb } from '../testing/tiny-ogb';
import { readOgbNodeDataset } from './ogb';

function gz(file: string, lines: string[]) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, zlib.gzipSync(`${lines.join('\n')}\n`));
}

describe('OGB node property prediction layout', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-ogb-'));
    gz(path.join(dir, 'raw', 'node-feat.csv.gz'), ['0.5,1', '1.5,2', '2.5,3', '3.5,4']);
    gz(path.join(dir, 'raw', 'edge.csv.gz'), ['0,1', '1,2', '2,3', '3,3']);
    gz(path.join(dir, 'raw', 'node-label.csv.gz'), ['0', '1', '1', '2']);
    gz(path.join(dir, 'split', 'sales_ranking', 'train.csv.gz'), ['0', '1']);
    gz(path.join(dir, 'split', 'sales_ranking', 'valid.csv.gz'), ['2']);
    gz(path.join(dir, 'split', 'sales_ranking', 'test.csv.gz'), ['3']);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams gzipped CSVs into a graph (self loop dropped, edges symmetrized)', async () => {
    const g = await readOgbNodeDataset('toy', dir);
    expect(g.numNodes).toBe(4);
    expect(g.numClasses).toBe(3);
    expect(g.adjacency.nnz).toBe(6);
    expect(Array.from(g.features.toDense())).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]);
    expect(Array.from(g.splits.train)).toEqual([0, 1]);
    expect(Array.from(g.splits.test)).toEqual([3]);
  });

  it('names the file and line of bad input', async () => {
    gz(path.join(dir, 'raw', 'edge.csv.gz'), ['0,1', '1;2']);
    await expect(readOgbNodeDataset('toy', dir)).rejects.toThrow(/edge\.csv\.gz: line 2: expected "src,dst"/);
    gz(path.join(dir, 'raw', 'edge.csv.gz'), ['0,9']);
    await expect(readOgbNodeDataset('toy', dir)).rejects.toThrow(/line 1: node 9 but node-feat\.csv\.gz has 4 rows/);
  });

  it('a folder in place of a csv.gz rejects naming it (it once killed the process through an unhandled stream error)', async () => {
    fs.rmSync(path.join(dir, 'raw', 'edge.csv.gz'));
    fs.mkdirSync(path.join(dir, 'raw', 'edge.csv.gz'));
    await expect(readOgbNodeDataset('toy', dir)).rejects.toThrow(/cannot read .*edge\.csv\.gz: it is a folder, expected a file/);
  });

  it('checks num-node-list / num-edge-list against the lines, and refuses ragged or non-numeric rows', async () => {
    gz(path.join(dir, 'raw', 'num-node-list.csv.gz'), ['3']);
    await expect(readOgbNodeDataset('toy', dir)).rejects.toThrow(/node-feat\.csv\.gz: line 4: more rows than the 3 nodes of num-node-list/);
    gz(path.join(dir, 'raw', 'num-node-list.csv.gz'), ['4']);
    gz(path.join(dir, 'raw', 'num-edge-list.csv.gz'), ['5']);
    await expect(readOgbNodeDataset('toy', dir)).rejects.toThrow(/edge\.csv\.gz: 4 edges for the 5 of num-edge-list/);
    gz(path.join(dir, 'raw', 'num-edge-list.csv.gz'), ['4']);
    expect((await readOgbNodeDataset('toy', dir)).numNodes).toBe(4);
    gz(path.join(dir, 'raw', 'node-feat.csv.gz'), ['0.5,1', '1.5,', '2.5,3', '3.5,4']);
    await expect(readOgbNodeDataset('toy', dir)).rejects.toThrow(/node-feat\.csv\.gz: line 2: '' is not a finite float32 number/);
    gz(path.join(dir, 'raw', 'node-feat.csv.gz'), ['0.5,1', '1.5,2', '2.5,3', '3.5,4']);
    gz(path.join(dir, 'raw', 'node-label.csv.gz'), ['0', '1,0', '1', '2']);
    await expect(readOgbNodeDataset('toy', dir)).rejects.toThrow(/node-label\.csv\.gz: line 2 has 2 values, the first row 1/);
    gz(path.join(dir, 'raw', 'node-label.csv.gz'), ['0', '1', '4000000000', '2']);
    await expect(readOgbNodeDataset('toy', dir)).rejects.toThrow(/node-label\.csv\.gz: line 3: class 4000000000, more than the 65536 classes/);
    gz(path.join(dir, 'raw', 'edge.csv.gz'), ['0,', '1,2']);
    await expect(readOgbNodeDataset('toy', dir)).rejects.toThrow(/edge\.csv\.gz: line 1: node id '' is not a non-negative integer/);
  });

  it("loads ogbn-products' label count (232,965 nodes here, 47 classes) without overflowing the call stack", async () => {
    const big = path.join(dir, 'big');
    const n = 232_965;
    writeTinyOgb(big, { n, features: 1, edges: [[0, 1], [5, 232_964]], classes: 47, counts: true });
    const g = await readOgbNodeDataset('products', big);
    expect([g.numNodes, g.numClasses, g.adjacency.nnz]).toEqual([n, 47, 4]);
    expect(g.splits.train.length + g.splits.val.length + g.splits.test.length).toBe(n);
  });
});
