import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataCorruptError, DataMissingError, DataReadError, Rng } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { EMBEDDED_DATA_DIR, locatePlanetoid, planetoidDataset, readPlanetoid } from './planetoid';
import { readPickle } from './pickle';
import { PickleWriter } from '../testing/pickle-writer';
import { writeTinyPlanetoid } from '../testing/tiny-planetoid';

function denseRow(g: ReturnType<typeof readPlanetoid>, i: number): number[] {
  const row = new Array(g.features.cols).fill(0);
  for (let p = g.features.indptr[i]; p < g.features.indptr[i + 1]; p++) row[g.features.indices[p]] = g.features.values[p];
  return row;
}

describe('Planetoid reader', () => {
  it('reassembles a generated dataset exactly as Kipf/PyG do (test rows reordered by test.index)', () => {
    const truth = writeTinyPlanetoid(tempDir(), 'cora');
    const g = readPlanetoid('cora', truth.dir, false);
    expect(g.numNodes).toBe(truth.features.length);
    for (let i = 0; i < g.numNodes; i++) {
      expect(denseRow(g, i)).toEqual(truth.features[i]);
      expect(g.labels[i]).toBe(truth.labels[i]);
    }
    expect(Array.from(g.splits.train)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.splits.val.length).toBe(500);
    expect(g.splits.val[0]).toBe(6);
    expect(Array.from(g.splits.test)).toEqual(truth.test);
    // undirected, binary, no self loops
    const a = g.adjacency.toDense();
    for (const [u, v] of truth.edges) expect(a[u * g.numNodes + v]).toBe(1);
    let selfLoops = 0;
    let asymmetric = 0;
    for (let i = 0; i < g.numNodes; i++) {
      selfLoops += a[i * g.numNodes + i];
      for (let j = 0; j < g.numNodes; j++) if (a[i * g.numNodes + j] !== a[j * g.numNodes + i]) asymmetric++;
    }
    expect([selfLoops, asymmetric]).toEqual([0, 0]);
    expect(new Set(a).size).toBe(2); // binary
  });

  it("pads CiteSeer's missing test nodes with zero rows, as PyG does", () => {
    const truth = writeTinyPlanetoid(tempDir(), 'citeseer', { missingTest: true });
    const g = readPlanetoid('citeseer', truth.dir, false);
    expect(g.numNodes).toBe(truth.features.length);
    const missing = truth.features.length - 2; // nAll + 4
    expect(denseRow(g, missing).every((v) => v === 0)).toBe(true);
    expect(g.labels[missing]).toBe(-1);
    expect(Array.from(g.splits.test)).not.toContain(missing);
    for (const t of truth.test) expect(denseRow(g, t)).toEqual(truth.features[t]);
  });

  it('row-normalizes features when asked', () => {
    const truth = writeTinyPlanetoid(tempDir(), 'cora');
    const g = readPlanetoid('cora', truth.dir, true);
    const sums = g.features.rowSums();
    for (let i = 0; i < g.numNodes; i++) if (truth.features[i].some((v) => v)) expect(sums[i]).toBeCloseTo(1, 6);
  });

  it('names the file for truncated or tampered data, and the expected path for missing data', () => {
    const root = tempDir();
    const truth = writeTinyPlanetoid(root, 'cora');
    const file = path.join(truth.dir, 'ind.cora.allx');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, 300));
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(DataCorruptError);
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(new RegExp(`${file.replace(/[.]/g, '\\.')} at byte \\d+: truncated`));

    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1] = 0xff; // STOP replaced by an unknown opcode
    fs.writeFileSync(file, tampered);
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(/ind\.cora\.allx at byte \d+: unsupported pickle opcode 0xff/);
    fs.writeFileSync(file, bytes);

    fs.writeFileSync(path.join(truth.dir, 'ind.cora.test.index'), '510\nabc\n');
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(/ind\.cora\.test\.index line 2/);

    fs.rmSync(path.join(truth.dir, 'ind.cora.graph'));
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(DataMissingError);
    expect(() => locatePlanetoid('pubmed', tempDir())).toThrow(/planetoid\/PubMed\/raw.*expected layout/);
  });

  it('refuses a test.index id beyond the node count before sizing anything by it (400000000 once took gigabytes)', () => {
    const truth = writeTinyPlanetoid(tempDir(), 'cora');
    const index = path.join(truth.dir, 'ind.cora.test.index');
    const ids = fs.readFileSync(index, 'utf8').trim().split('\n');
    fs.writeFileSync(index, [...ids.slice(0, 2), '400000000', ...ids.slice(3)].join('\n'));
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(DataCorruptError);
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(/ind\.cora\.test\.index line 3: test id 400000000 is outside the 516 nodes the other files give/);
    fs.writeFileSync(index, [ids[0], ...ids.slice(0, -1)].join('\n'));
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(new RegExp(`test id ${ids[0]} appears twice`));
  });

  it('checks a CSR header against its arrays: a row count indptr does not hold is refused', () => {
    const truth = writeTinyPlanetoid(tempDir(), 'cora');
    const file = path.join(truth.dir, 'ind.cora.tx');
    fs.writeFileSync(file, new PickleWriter().csr(6, 5, new Array(30).fill(1)).done());
    expect(readPlanetoid('cora', truth.dir).numNodes).toBe(516);
    // the same arrays declared as 70000 × 5: rows must be indptr's length − 1
    const big = Buffer.from(new PickleWriter().csr(6, 5, new Array(30).fill(1)).done());
    const at = big.indexOf(Buffer.from('_shape')) + 6;
    expect(big[at]).toBe(0x4b); // BININT1 6
    const patched = Buffer.concat([big.subarray(0, at), Buffer.from([0x4a, 0x70, 0x11, 0x01, 0x00]), big.subarray(at + 2)]);
    fs.writeFileSync(file, patched);
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(/ind\.cora\.tx: row count 70000 is more than the 6/);
  });

  it('a folder in place of a raw file is a DataReadError naming it (it was a bare EISDIR)', () => {
    const truth = writeTinyPlanetoid(tempDir(), 'cora');
    const file = path.join(truth.dir, 'ind.cora.ally');
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(DataReadError);
    expect(() => readPlanetoid('cora', truth.dir)).toThrow(`cannot read ${file}: it is a folder, expected a file`);
  });

  it('refuses pickles that would execute code', () => {
    const evil = new PickleWriter().global('os', 'system').bytes('echo pwned').op(0x85).op(0x52).done();
    expect(() => readPickle(evil)).toThrow(/refusing global 'os system'/);
  });

  it('prefers --data-dir over the embedded copy', async () => {
    const root = tempDir();
    writeTinyPlanetoid(root, 'cora');
    expect(locatePlanetoid('cora', root).source).toBe('data-dir');
    expect(locatePlanetoid('cora').source).toBe('embedded');
    const ds = await planetoidDataset('cora').load({ normalizeFeatures: true }, { dataDir: root, rng: new Rng(0) });
    expect(ds.meta.numNodes).toBe(516);
    ds.dispose();
  });
});

describe('embedded Cora', () => {
  const g = readPlanetoid('cora', path.join(EMBEDDED_DATA_DIR, 'planetoid', 'Cora', 'raw'), false);

  it('has the published statistics', () => {
    expect(g.numNodes).toBe(2708);
    expect(g.features.cols).toBe(1433);
    expect(g.features.nnz).toBe(49216);
    expect(g.numClasses).toBe(7);
    expect(g.adjacency.nnz).toBe(2 * 5278);
    expect([g.splits.train.length, g.splits.val.length, g.splits.test.length]).toEqual([140, 500, 1000]);
    const perClass = new Array(7).fill(0);
    for (const i of g.splits.train) perClass[g.labels[i]]++;
    expect(perClass).toEqual([20, 20, 20, 20, 20, 20, 20]);
    const counts = new Array(7).fill(0);
    for (const l of g.labels) counts[l]++;
    expect(counts).toEqual([351, 217, 418, 818, 426, 298, 180]);
  });

  const plain = path.resolve(__dirname, '../../../../../shared/data/planetoid/Cora/plain');
  (fs.existsSync(plain) ? it : it.skip)('matches the plain-text copy in ../shared/data (skipped when that folder is absent)', () => {
    const labels = fs.readFileSync(path.join(plain, 'labels.csv'), 'utf8').trim().split('\n').filter((l) => /^\d/.test(l));
    for (const line of labels) {
      const [node, label] = line.split(',').map(Number);
      expect(g.labels[node]).toBe(label);
    }
    const edges = fs.readFileSync(path.join(plain, 'edges.csv'), 'utf8').trim().split('\n').filter((l) => /^\d/.test(l));
    const a = g.adjacency;
    const has = (u: number, v: number) => {
      for (let p = a.indptr[u]; p < a.indptr[u + 1]; p++) if (a.indices[p] === v) return true;
      return false;
    };
    for (const line of edges) {
      const [u, v] = line.split(',').map(Number);
      expect(has(u, v) && has(v, u)).toBe(true);
    }
    expect(edges.length).toBe(5278);
    const feats = fs.readFileSync(path.join(plain, 'features.csv'), 'utf8').trim().split('\n').filter((l) => /^\d/.test(l));
    expect(feats.length).toBe(49216);
    const test = fs.readFileSync(path.join(plain, 'test_idx.txt'), 'utf8').trim().split('\n').map(Number);
    expect(Array.from(g.splits.test)).toEqual(test);
  });
});
