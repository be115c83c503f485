import * as path from 'node:path';
import { DataCorruptError, DataMissingError, maxOf, readDataFile, readDataText, statData, z, type DatasetDef, CsrMatrix } from '@zoo/core';
import { symmetricAdjacencyFromEdges } from '../ops/graph';
import { NodeDataset, type GraphData } from './graph-data';
import { NpyError, readNpy } from './npy';

/**
 * GraphSAGE's dataset format, in which PPI and Reddit ship (Hamilton et al. 2017; read as
 * cluster_gcn/utils.py `load_graphsage_data` does), under `<data-dir>/<name>/`:
 *   <name>-G.json          networkx node-link JSON: nodes [{id, val, test}], links [{source, target}]
 *   <name>-id_map.json     {node id: row of feats}
 *   <name>-class_map.json  {node id: class id | [0/1 per label]}  (lists: multi-label)
 *   <name>-feats.npy       N×F float32/float64
 * Train = nodes flagged neither val nor test; inductive (training sees the train-node subgraph);
 * features standardized with the training nodes' mean and std (the code's StandardScaler).
 * Link endpoints are node ids (networkx ≥ 2) or, when they are not all known ids, positions in the
 * node list (networkx 1.x, as the released files). Nodes missing from id_map are dropped, as the code.
 */
export const graphsageConfigSchema = z
  .object({
    /** Standardize features with the training nodes' statistics (the code's default). */
    normalize: z.boolean().default(true),
  })
  .strict();

/** Most classes a class map may declare (Reddit has 41): a corrupt id is refused before a model sizes its output by it. */
export const MAX_CLASSES = 1 << 16;

export function graphsageLayout(name: string): string {
  return `<data-dir>/${name}/${name}-{G.json,id_map.json,class_map.json,feats.npy} (GraphSAGE format)`;
}

function readJson(file: string): unknown {
  const st = statData(file);
  if (!st) throw new DataMissingError(file, path.basename(file));
  if (st.size > 500 * 1024 * 1024) throw new DataCorruptError(file, `${(st.size / 2 ** 20).toFixed(0)} MiB is more than this reader parses in one piece (500 MiB)`);
  const text = readDataText(file);
  try {
    return JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    throw new DataCorruptError(file, `not valid JSON: ${(err as Error).message}`, m ? Number(m[1]) : undefined);
  }
}

type NodeLink = { nodes: { id: unknown; val?: boolean; test?: boolean }[]; links: { source: unknown; target: unknown }[] };

export function readGraphsage(name: string, dir: string, normalize = true): GraphData {
  const file = (suffix: string) => path.join(dir, `${name}-${suffix}`);
  const g = readJson(file('G.json')) as NodeLink;
  if (!g || typeof g !== 'object' || !Array.isArray(g.nodes) || !Array.isArray(g.links)) {
    throw new DataCorruptError(file('G.json'), "expected networkx node-link JSON with 'nodes' and 'links' arrays");
  }
  const idMapRaw = readJson(file('id_map.json'));
  if (!idMapRaw || typeof idMapRaw !== 'object' || Array.isArray(idMapRaw)) throw new DataCorruptError(file('id_map.json'), 'expected an object {node id: feature row}');
  const idMap = new Map<string, number>();
  for (const [k, v] of Object.entries(idMapRaw as Record<string, unknown>)) {
    if (!Number.isInteger(v) || (v as number) < 0) throw new DataCorruptError(file('id_map.json'), `node '${k}' maps to ${JSON.stringify(v)}, expected a non-negative integer row`);
    idMap.set(k, v as number);
  }
  const n = idMap.size;
  const seenRow = new Uint8Array(n);
  for (const [k, r] of idMap) {
    if (r >= n) throw new DataCorruptError(file('id_map.json'), `node '${k}' maps to row ${r}, but there are only ${n} nodes (rows must be 0..${n - 1})`);
    if (seenRow[r]) throw new DataCorruptError(file('id_map.json'), `row ${r} is used by two nodes`);
    seenRow[r] = 1;
  }
  const featsFile = file('feats.npy');
  if (!statData(featsFile)) throw new DataMissingError(featsFile, path.basename(featsFile));
  let feats;
  try {
    feats = readNpy(readDataFile(featsFile));
  } catch (err) {
    if (err instanceof NpyError) throw new DataCorruptError(featsFile, err.message, err.offset);
    throw err;
  }
  if (feats.shape.length !== 2 || feats.shape[0] !== n) {
    throw new DataCorruptError(featsFile, `shape (${feats.shape}) does not fit ${n} nodes in ${name}-id_map.json (expected (${n}, F))`);
  }
  const F = feats.shape[1];
  // NaN or ±Inf (or a float64 beyond float32's range) would train to NaN: refused with its place
  for (let i = 0; i < feats.data.length; i++) {
    if (!Number.isFinite(feats.data[i])) throw new DataCorruptError(featsFile, `row ${Math.floor(i / F)} column ${i % F} is ${feats.data[i]} (as float32), expected a finite number`);
  }

  // nodes: row, split flags; ids missing from id_map are dropped (the code's "broken" nodes)
  const rowOfPosition = new Int32Array(g.nodes.length).fill(-1);
  const split = new Int8Array(n).fill(-1); // 0 train, 1 val, 2 test
  g.nodes.forEach((node, i) => {
    if (!node || typeof node !== 'object' || !('id' in node)) throw new DataCorruptError(file('G.json'), `nodes[${i}] has no 'id'`);
    const r = idMap.get(String(node.id));
    if (r === undefined) return;
    rowOfPosition[i] = r;
    split[r] = node.test ? 2 : node.val ? 1 : 0;
  });
  const missing = [...split].filter((s) => s < 0).length;
  if (missing === n) throw new DataCorruptError(file('G.json'), `none of its ${g.nodes.length} node ids appear in ${name}-id_map.json`);
  if (missing > 0) throw new DataCorruptError(file('id_map.json'), `${missing} of its ${n} nodes are not in ${name}-G.json`);
  const asIds = g.links.every((l) => l && typeof l === 'object' && idMap.has(String(l.source)) && idMap.has(String(l.target)));
  const src = new Int32Array(g.links.length);
  const dst = new Int32Array(g.links.length);
  let m = 0;
  g.links.forEach((l, i) => {
    let a: number | undefined;
    let b: number | undefined;
    if (asIds) {
      a = idMap.get(String(l.source));
      b = idMap.get(String(l.target));
    } else {
      const s = l?.source;
      const t = l?.target;
      if (!Number.isInteger(s) || !Number.isInteger(t) || (s as number) < 0 || (t as number) < 0 || (s as number) >= g.nodes.length || (t as number) >= g.nodes.length) {
        throw new DataCorruptError(file('G.json'), `links[${i}] = ${JSON.stringify(l)}: endpoints are neither node ids nor positions in 'nodes' (0..${g.nodes.length - 1})`);
      }
      a = rowOfPosition[s as number];
      b = rowOfPosition[t as number];
    }
    if (a === undefined || b === undefined || a < 0 || b < 0) return; // an endpoint dropped with its node
    src[m] = a;
    dst[m++] = b;
  });

  // labels
  const cm = readJson(file('class_map.json'));
  if (!cm || typeof cm !== 'object' || Array.isArray(cm)) throw new DataCorruptError(file('class_map.json'), 'expected an object {node id: class or label list}');
  const entries = Object.entries(cm as Record<string, unknown>);
  const multi = entries.length > 0 && Array.isArray(entries[0][1]);
  const width = multi ? (entries[0][1] as unknown[]).length : 0;
  if (multi && width === 0) throw new DataCorruptError(file('class_map.json'), `node '${entries[0][0]}' has an empty label list`);
  if (width > MAX_CLASSES) throw new DataCorruptError(file('class_map.json'), `${width} labels per node, more than the ${MAX_CLASSES} this reader accepts`);
  const labels = new Int32Array(n).fill(-1);
  const multiLabels = multi ? new Float32Array(n * width) : undefined;
  for (const [k, v] of entries) {
    const r = idMap.get(k);
    if (r === undefined) continue;
    if (multi) {
      if (!Array.isArray(v) || v.length !== width) throw new DataCorruptError(file('class_map.json'), `node '${k}': expected a list of ${width} labels, got ${JSON.stringify(v).slice(0, 60)}`);
      v.forEach((x, c) => {
        if (x !== 0 && x !== 1) throw new DataCorruptError(file('class_map.json'), `node '${k}': label ${c} is ${JSON.stringify(x)?.slice(0, 20)}, expected 0 or 1`);
        multiLabels![r * width + c] = x;
      });
      labels[r] = v.findIndex((x) => x === 1);
    } else {
      // checked before it sizes anything: the class count is the largest id + 1
      if (!Number.isSafeInteger(v) || (v as number) < 0) throw new DataCorruptError(file('class_map.json'), `node '${k}': class ${JSON.stringify(v)} is not a non-negative integer`);
      if ((v as number) >= MAX_CLASSES) throw new DataCorruptError(file('class_map.json'), `node '${k}': class ${v}, more than the ${MAX_CLASSES} classes this reader accepts (a corrupt class id?)`);
      labels[r] = v as number;
    }
  }
  // maxOf, not a spread of the labels into Math.max: Reddit's 232,965 labels overflow the call stack as arguments
  const C = multi ? width : 1 + maxOf(labels);
  const unlabelled = [...labels.keys()].filter((r) => labels[r] < 0 && !multi).length;
  if (unlabelled > 0) throw new DataCorruptError(file('class_map.json'), `${unlabelled} nodes have no class`);

  const idx = (s: number) => Int32Array.from([...split.keys()].filter((r) => split[r] === s));
  const splits = { train: idx(0), val: idx(1), test: idx(2) };
  const x = feats.data;
  if (normalize) standardize(x, n, F, splits.train);
  return {
    name,
    numNodes: n,
    numClasses: C,
    features: denseToCsr(x, n, F),
    adjacency: symmetricAdjacencyFromEdges(n, src.subarray(0, m), dst.subarray(0, m)),
    labels,
    multiLabels,
    splits,
    inductive: true,
  };
}

/** In place: x ← (x − μ)/σ per column, μ and σ from the rows `fit` (σ = 0 columns left centred). */
export function standardize(x: Float32Array, n: number, F: number, fit: Int32Array): void {
  const mu = new Float64Array(F);
  const sq = new Float64Array(F);
  for (const r of fit) for (let f = 0; f < F; f++) mu[f] += x[r * F + f];
  for (let f = 0; f < F; f++) mu[f] /= Math.max(1, fit.length);
  for (const r of fit) for (let f = 0; f < F; f++) sq[f] += (x[r * F + f] - mu[f]) ** 2;
  const inv = Array.from(sq, (s) => {
    const sd = Math.sqrt(s / Math.max(1, fit.length));
    return sd > 0 ? 1 / sd : 1;
  });
  for (let r = 0; r < n; r++) for (let f = 0; f < F; f++) x[r * F + f] = (x[r * F + f] - mu[f]) * inv[f];
}

/** A dense row-major matrix as CSR (zeros dropped). */
export function denseToCsr(x: Float32Array, n: number, F: number): CsrMatrix {
  const indptr = new Int32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) nnz++;
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let w = 0;
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < F; f++) {
      const v = x[r * F + f];
      if (v !== 0) {
        indices[w] = f;
        values[w++] = v;
      }
    }
    indptr[r + 1] = w;
  }
  return new CsrMatrix(n, F, indptr, indices, values);
}

export function graphsageDataset(name: string, description: string, license: string): DatasetDef<typeof graphsageConfigSchema> {
  return {
    id: name,
    description,
    configSchema: graphsageConfigSchema,
    layout: graphsageLayout(name),
    license,
    async load(config, ctx) {
      const dir = path.join(ctx.dataDir ?? '<data-dir>', name);
      if (!ctx.dataDir || !statData(path.join(dir, `${name}-G.json`))) throw new DataMissingError(path.join(dir, `${name}-G.json`), graphsageLayout(name));
      return new NodeDataset(name, readGraphsage(name, dir, config.normalize), 'data-dir', dir);
    },
  };
}
