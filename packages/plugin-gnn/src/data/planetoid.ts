import * as path from 'node:path';
import { z, checkedSize, DataCorruptError, DataMissingError, readDataFile, statData, type DatasetDef, CsrMatrix } from '@zoo/core';
import { rowNormalize, symmetricAdjacency } from '../ops/graph';
import { NodeDataset, type GraphData } from './graph-data';
import { ndarrayToFloat64, PickleError, readPickle, type CsrPickle, type NdArray } from './pickle';

/** Planetoid citation graphs as PyG/DGL download them (Yang et al. 2016; split of Kipf & Welling). */
export const PLANETOID = {
  cora: { folder: 'Cora', file: 'cora' },
  citeseer: { folder: 'CiteSeer', file: 'citeseer' },
  pubmed: { folder: 'PubMed', file: 'pubmed' },
} as const;
export type PlanetoidName = keyof typeof PLANETOID;

const PARTS = ['x', 'y', 'tx', 'ty', 'allx', 'ally', 'graph', 'test.index'] as const;

/** Widths no real Planetoid file comes near (CiteSeer: 3,703 features, 6 classes), so a corrupt header is refused before a model sizes a layer by it. */
const MAX_FEATURES = 1 << 20;
const MAX_CLASSES = 1 << 16;

export const planetoidConfigSchema = z
  .object({
    /** L1-normalize feature rows, as GCN, APPNP and GNN-LF/HF do. */
    normalizeFeatures: z.boolean().default(true),
  })
  .strict();

/** The package's embedded copy (Cora only, MIT; LICENSE beside it). */
export const EMBEDDED_DATA_DIR = path.join(__dirname, '..', '..', 'data');

export function planetoidLayout(name: PlanetoidName): string {
  const { folder, file } = PLANETOID[name];
  return `<data-dir>/planetoid/${folder}/raw/ind.${file}.{${PARTS.join(',')}} (PyG's raw layout: Python-2 pickles + test.index text)`;
}

/** Finds the raw folder: `--data-dir` first, then the embedded copy. */
export function locatePlanetoid(name: PlanetoidName, dataDir?: string): { dir: string; source: 'data-dir' | 'embedded' } {
  const { folder } = PLANETOID[name];
  const rel = path.join('planetoid', folder, 'raw');
  if (dataDir && statData(path.join(dataDir, rel))) return { dir: path.join(dataDir, rel), source: 'data-dir' };
  if (statData(path.join(EMBEDDED_DATA_DIR, rel))) return { dir: path.join(EMBEDDED_DATA_DIR, rel), source: 'embedded' };
  throw new DataMissingError(path.join(dataDir ?? '<data-dir>', rel), planetoidLayout(name));
}

function readPart(dir: string, file: string, part: string): Uint8Array {
  const p = path.join(dir, `ind.${file}.${part}`);
  if (!statData(p)) throw new DataMissingError(p, `ind.${file}.${part} beside the other Planetoid raw files`);
  return readDataFile(p);
}

function unpickle(dir: string, file: string, part: string): unknown {
  const p = path.join(dir, `ind.${file}.${part}`);
  try {
    return readPickle(readPart(dir, file, part));
  } catch (err) {
    if (err instanceof PickleError) throw new DataCorruptError(p, err.message, err.offset);
    throw err;
  }
}

/** An index array's values as int32, refusing fractions and values int32 cannot hold (they would wrap). */
function int32s(a: NdArray, what: string): Int32Array {
  const f = ndarrayToFloat64(a);
  const out = new Int32Array(f.length);
  for (let i = 0; i < f.length; i++) {
    out[i] = f[i];
    if (out[i] !== f[i]) throw new Error(`${what}[${i}] = ${f[i]} is not a 32-bit integer`);
  }
  return out;
}

/**
 * The CSR matrix of a pickle, its shape checked against its arrays (the row count against indptr,
 * the stored values against indptr's last entry) before anything is sized by it.
 */
function asCsr(v: unknown, file: string): CsrMatrix {
  const m = v as CsrPickle;
  if (m?.kind !== 'csr_matrix') throw new DataCorruptError(file, 'expected a scipy CSR matrix');
  if (!Array.isArray(m.shape) || m.shape.length !== 2) throw new DataCorruptError(file, `_shape ${JSON.stringify(m.shape)?.slice(0, 40)} is not (rows, cols)`);
  try {
    const indptr = int32s(m.indptr, 'indptr');
    const rows = checkedSize(m.shape[0], 'row count', file, indptr.length - 1);
    const cols = checkedSize(m.shape[1], 'column count', file, MAX_FEATURES);
    if (indptr.length !== rows + 1) throw new Error(`indptr has ${indptr.length} entries for ${rows} rows (expected ${rows + 1})`);
    const indices = int32s(m.indices, 'indices');
    const values = Float32Array.from(ndarrayToFloat64(m.data));
    if (indptr[0] !== 0 || indptr[rows] !== indices.length || values.length !== indices.length) {
      throw new Error(`indptr runs ${indptr[0]}..${indptr[rows]} over ${indices.length} indices and ${values.length} values (expected 0..${indices.length} over equal counts)`);
    }
    for (let p = 0; p < indices.length; p++) {
      if (indices[p] < 0 || indices[p] >= cols) throw new Error(`column index ${indices[p]} outside 0..${cols - 1}`);
      if (!Number.isFinite(values[p])) throw new Error(`stored value ${p} is ${values[p]} (as float32), expected a finite number`);
    }
    for (let i = 0; i < rows; i++) if (indptr[i + 1] < indptr[i]) throw new Error(`indptr decreases at row ${i}`);
    return new CsrMatrix(rows, cols, indptr, indices, values);
  } catch (err) {
    if (err instanceof DataCorruptError) throw err;
    throw new DataCorruptError(file, (err as Error).message);
  }
}

function asDense(v: unknown, file: string): { rows: number; cols: number; data: Float64Array } {
  const a = v as NdArray;
  if (a?.kind !== 'ndarray' || a.shape.length !== 2) throw new DataCorruptError(file, 'expected a 2-D numpy array');
  try {
    const data = ndarrayToFloat64(a);
    return { rows: a.shape[0], cols: checkedSize(a.shape[1], 'label width', file, MAX_CLASSES), data };
  } catch (err) {
    if (err instanceof DataCorruptError) throw err;
    throw new DataCorruptError(file, (err as Error).message);
  }
}

/** Reads and assembles a Planetoid graph exactly as Kipf's/PyG's loaders do. */
export function readPlanetoid(name: PlanetoidName, dir: string, normalize = true): GraphData {
  const { file } = PLANETOID[name];
  const f = (part: string) => path.join(dir, `ind.${file}.${part}`);
  const x = asCsr(unpickle(dir, file, 'x'), f('x'));
  const tx = asCsr(unpickle(dir, file, 'tx'), f('tx'));
  const allx = asCsr(unpickle(dir, file, 'allx'), f('allx'));
  const y = asDense(unpickle(dir, file, 'y'), f('y'));
  const ty = asDense(unpickle(dir, file, 'ty'), f('ty'));
  const ally = asDense(unpickle(dir, file, 'ally'), f('ally'));
  const graph = unpickle(dir, file, 'graph');
  if (!(graph instanceof Map)) throw new DataCorruptError(f('graph'), 'expected a dict of adjacency lists');

  // Test ids are checked against the node count the other files give before anything is sized by
  // them (one id 400000000 once allocated gigabytes): allx + tx rows, or the graph's node count when
  // test nodes are missing from tx (CiteSeer's isolated nodes, padded below).
  const nodeBound = Math.max(allx.rows + tx.rows, graph.size);
  const testText = Buffer.from(readPart(dir, file, 'test.index')).toString('utf8');
  const testOrder: number[] = [];
  testText.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${f('test.index')} line ${i + 1}`;
    if (!/^\s*\d+\s*$/.test(line)) throw new DataCorruptError(where, `expected a node id, got '${line.slice(0, 40)}'`);
    const id = Number(line);
    if (id >= nodeBound) throw new DataCorruptError(where, `test id ${id} is outside the ${nodeBound} nodes the other files give (allx ${allx.rows} + tx ${tx.rows} rows, graph ${graph.size} nodes)`);
    testOrder.push(id);
  });
  if (testOrder.length === 0) throw new DataCorruptError(f('test.index'), 'no test ids');

  const F = allx.cols;
  const C = ally.cols;
  const check = (ok: boolean, file: string, msg: string) => {
    if (!ok) throw new DataCorruptError(file, msg);
  };
  check(x.cols === F && tx.cols === F, f('tx'), `feature width ${tx.cols} differs from allx's ${F}`);
  check(y.cols === C && ty.cols === C, f('ty'), `label width ${ty.cols} differs from ally's ${C}`);
  check(allx.rows === ally.rows, f('ally'), `${ally.rows} label rows for ${allx.rows} feature rows in allx`);
  check(tx.rows === ty.rows, f('ty'), `${ty.rows} label rows for ${tx.rows} feature rows in tx`);
  check(x.rows === y.rows, f('y'), `${y.rows} label rows for ${x.rows} feature rows in x`);
  check(testOrder.length === tx.rows, f('test.index'), `${testOrder.length} test ids for ${tx.rows} rows in tx`);

  const sorted = [...testOrder].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) throw new DataCorruptError(f('test.index'), `test id ${sorted[i]} appears twice`);
  const lo = sorted[0];
  const span = sorted[sorted.length - 1] - lo + 1;
  // CiteSeer has isolated test nodes missing from tx: pad the test block with zero rows (as PyG does).
  const testBlock = Math.max(span, tx.rows);
  const N = allx.rows + testBlock;
  check(lo >= allx.rows, f('test.index'), `test id ${lo} overlaps the allx block (${allx.rows} rows)`);
  check(lo + testBlock <= N, f('test.index'), `test ids exceed ${N} nodes`);
  // Stacked row p (allx then the padded test block) holds: allx row p, or tx row txAt[p - allx.rows], or zeros.
  const txAt = new Int32Array(testBlock).fill(-1);
  if (span > tx.rows) sorted.forEach((id, i) => (txAt[id - lo] = i));
  else for (let i = 0; i < tx.rows; i++) txAt[i] = i;
  // Kipf: features[test_order] = features[sorted(test_order)]
  check(y.rows + 500 <= N, f('y'), `${y.rows} training rows + 500 validation nodes exceed the ${N} nodes`);
  const source = new Int32Array(N);
  for (let v = 0; v < N; v++) source[v] = v;
  testOrder.forEach((node, i) => (source[node] = sorted[i]));

  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  const labels = new Int32Array(N).fill(-1);
  const argmax = (d: Float64Array, row: number) => {
    let best = -1;
    let bv = 0;
    for (let j = 0; j < C; j++) if (d[row * C + j] > bv) (bv = d[row * C + j]), (best = j);
    return best;
  };
  for (let node = 0; node < N; node++) {
    const p = source[node];
    let m: CsrMatrix | null = null;
    let row = -1;
    if (p < allx.rows) {
      m = allx;
      row = p;
      labels[node] = argmax(ally.data, p);
    } else if (txAt[p - allx.rows] >= 0) {
      m = tx;
      row = txAt[p - allx.rows];
      labels[node] = argmax(ty.data, row);
    }
    if (m) {
      for (let q = m.indptr[row]; q < m.indptr[row + 1]; q++) {
        r.push(node);
        c.push(m.indices[q]);
        v.push(m.values[q]);
      }
    }
  }
  let features = CsrMatrix.fromCoo(N, F, r, c, v);
  if (normalize) features = rowNormalize(features);

  const src: number[] = [];
  const dst: number[] = [];
  for (const [k, list] of graph) {
    const a = Number(k);
    if (!Number.isInteger(a) || a < 0 || a >= N || !Array.isArray(list)) {
      throw new DataCorruptError(f('graph'), `bad adjacency entry for node ${String(k)} (graph has ${N} nodes)`);
    }
    for (const b of list) {
      if (!Number.isInteger(b) || b < 0 || b >= N) throw new DataCorruptError(f('graph'), `neighbour ${String(b)} of node ${a} outside 0..${N - 1}`);
      src.push(a);
      dst.push(b);
    }
  }
  const adjacency = symmetricAdjacency(N, src, dst);
  const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);
  const splits = { train: range(0, y.rows), val: range(y.rows, y.rows + 500), test: Int32Array.from(sorted) };
  for (const [split, idx] of Object.entries(splits)) {
    for (const i of idx) if (labels[i] < 0) throw new DataCorruptError(dir, `${split} node ${i} has no label`);
  }
  return { name, numNodes: N, numClasses: C, features, adjacency, labels, splits };
}

export function planetoidDataset(name: PlanetoidName): DatasetDef<typeof planetoidConfigSchema> {
  return {
    id: name,
    description: `Planetoid ${PLANETOID[name].folder} citation graph, standard split (20 per class / 500 / 1000)`,
    configSchema: planetoidConfigSchema,
    layout: planetoidLayout(name),
    license: name === 'cora' ? 'MIT (kimiyoung/planetoid); Cora is embedded in this package' : 'MIT (kimiyoung/planetoid)',
    async load(config, ctx) {
      const { dir, source } = locatePlanetoid(name, ctx.dataDir);
      return new NodeDataset(name, readPlanetoid(name, dir, config.normalizeFeatures), source, dir);
    },
  };
}
