import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
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
});
