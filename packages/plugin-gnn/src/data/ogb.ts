import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataFileError, dataLines, DataCorruptError, DataMissingError, statData, z, type DatasetDef } from '@zoo/core';
import { symmetricAdjacencyFromEdges } from '../ops/graph';
import { NodeDataset, type GraphData } from './graph-data';
import { denseToCsr } from './graphsage';

/**
 * OGB's node-property-prediction layout (as `ogb.nodeproppred` downloads it), under `<data-dir>/<folder>/`:
 *   raw/edge.csv.gz         "src,dst" per line (0-based node ids)
 *   raw/node-feat.csv.gz    one comma-separated feature row per node
 *   raw/node-label.csv.gz   one class id per line (or one 0/1 row per node: multi-label)
 *   split/<type>/{train,valid,test}.csv.gz   node ids, one per line (the only folder under split/)
 *   raw/num-node-list.csv.gz, raw/num-edge-list.csv.gz   (optional) the node and edge counts, checked
 * Files are streamed line by line (ogbn-products' edges do not fit one string), inflation bounded by
 * ZOO_MAX_INFLATED_BYTES; every stream error rejects with the file named. Transductive.
 */
export const ogbConfigSchema = z.object({}).strict();

export function ogbLayout(folder: string): string {
  return `<data-dir>/${folder}/{raw/edge.csv.gz, raw/node-feat.csv.gz, raw/node-label.csv.gz, split/<type>/{train,valid,test}.csv.gz} (OGB node property prediction layout)`;
}

/** Most classes a label file may declare (ogbn-products has 47): a corrupt id is refused before a model sizes its output by it. */
const MAX_CLASSES = 1 << 16;

/** Calls `onRow(fields, lineNumber)` for each non-empty line of a (gzipped) CSV (core's `dataLines`: bounded, errors named). */
async function eachLine(file: string, onRow: (fields: string[], line: number) => void): Promise<void> {
  if (!statData(file)) throw new DataMissingError(file, path.basename(file));
  for await (const { line, lineNo } of dataLines(file)) {
    if (line.trim() === '') continue;
    onRow(line.split(','), lineNo);
  }
}

/** The one count of an optional `num-*-list.csv.gz` (one graph: one line), or undefined when absent. */
async function declaredCount(file: string): Promise<number | undefined> {
  if (!statData(file)) return undefined;
  let count: number | undefined;
  await eachLine(file, (fields, line) => {
    if (count !== undefined) throw new DataCorruptError(file, `line ${line}: a second count (a node-property dataset is one graph)`);
    count = int(file, fields[0], line, 'count');
  });
  if (count === undefined) throw new DataCorruptError(file, 'no count (the file is empty)');
  return count;
}

/** Growable typed array. */
class Grow<T extends Int32Array | Float32Array> {
  length = 0;
  constructor(public data: T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (n: number) => T)(Math.max(1024, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

function int(file: string, s: string, line: number, what: string): number {
  const v = /^\s*\d+\s*$/.test(s) ? Number(s) : NaN; // Number('') is 0, Number('0x1f') 31: digits only
  if (!Number.isSafeInteger(v)) throw new DataCorruptError(file, `line ${line}: ${what} '${s.slice(0, 40)}' is not a non-negative integer`);
  return v;
}

/** A feature or label value: a decimal number float32 holds finitely (not '', which Number reads as 0). */
function num(file: string, s: string, line: number): number {
  const v = s.trim() === '' ? NaN : Number(s);
  if (!Number.isFinite(Math.fround(v))) throw new DataCorruptError(file, `line ${line}: '${s.slice(0, 40)}' is not a finite float32 number`);
  return v;
}

export async function readOgbNodeDataset(name: string, dir: string): Promise<GraphData> {
  const raw = (f: string) => path.join(dir, 'raw', f);
  // features first: they fix N
  // the declared counts (when present) bound the lines before they are stored
  const numNodesFile = raw('num-node-list.csv.gz');
  const numEdgesFile = raw('num-edge-list.csv.gz');
  const declaredNodes = await declaredCount(numNodesFile);
  const declaredEdges = await declaredCount(numEdgesFile);
  const featFile = raw('node-feat.csv.gz');
  const feats = new Grow(new Float32Array(1 << 16));
  let F = -1;
  let n = 0;
  await eachLine(featFile, (fields, line) => {
    if (F < 0) F = fields.length;
    else if (fields.length !== F) throw new DataCorruptError(featFile, `line ${line} has ${fields.length} values, the first row ${F}`);
    if (declaredNodes !== undefined && n >= declaredNodes) throw new DataCorruptError(featFile, `line ${line}: more rows than the ${declaredNodes} nodes of num-node-list.csv.gz`);
    for (const s of fields) feats.push(num(featFile, s, line));
    n++;
  });
  if (n === 0) throw new DataCorruptError(featFile, 'no feature rows (the file is empty)');
  if (declaredNodes !== undefined && n !== declaredNodes) throw new DataCorruptError(featFile, `${n} rows for the ${declaredNodes} nodes of num-node-list.csv.gz`);
  const edgeFile = raw('edge.csv.gz');
  const src = new Grow(new Int32Array(1 << 16));
  const dst = new Grow(new Int32Array(1 << 16));
  await eachLine(edgeFile, (fields, line) => {
    if (fields.length !== 2) throw new DataCorruptError(edgeFile, `line ${line}: expected "src,dst", got ${fields.length} fields`);
    const a = int(edgeFile, fields[0], line, 'node id');
    const b = int(edgeFile, fields[1], line, 'node id');
    if (a >= n || b >= n) throw new DataCorruptError(edgeFile, `line ${line}: node ${Math.max(a, b)} but node-feat.csv.gz has ${n} rows`);
    if (declaredEdges !== undefined && src.length >= declaredEdges) throw new DataCorruptError(edgeFile, `line ${line}: more edges than the ${declaredEdges} of num-edge-list.csv.gz`);
    src.push(a);
    dst.push(b);
  });
  if (declaredEdges !== undefined && src.length !== declaredEdges) throw new DataCorruptError(edgeFile, `${src.length} edges for the ${declaredEdges} of num-edge-list.csv.gz`);
  const labelFile = raw('node-label.csv.gz');
  // one row per node, checked as it streams (never more rows than nodes, never a ragged row)
  let C = -1;
  let width = -1;
  let rowCount = 0;
  const labels = new Int32Array(n);
  let multiLabels: Float32Array | undefined;
  await eachLine(labelFile, (fields, line) => {
    if (rowCount >= n) throw new DataCorruptError(labelFile, `line ${line}: more label rows than the ${n} nodes`);
    if (width < 0) {
      width = fields.length;
      if (width > MAX_CLASSES) throw new DataCorruptError(labelFile, `line ${line}: ${width} labels, more than the ${MAX_CLASSES} this reader accepts`);
      if (width > 1) multiLabels = new Float32Array(n * width);
    } else if (fields.length !== width) throw new DataCorruptError(labelFile, `line ${line} has ${fields.length} values, the first row ${width}`);
    const i = rowCount++;
    if (multiLabels) {
      let first = -1;
      fields.forEach((s, c) => {
        const v = num(labelFile, s, line);
        if (v !== 0 && v !== 1) throw new DataCorruptError(labelFile, `line ${line}: label ${c} is '${s}', expected 0 or 1`);
        multiLabels![i * width + c] = v;
        if (v > 0 && first < 0) first = c;
      });
      labels[i] = first;
    } else {
      const v = fields[0].trim() === '' ? NaN : Number(fields[0]); // '4' or '4.0'
      if (!Number.isSafeInteger(v) || v < 0) throw new DataCorruptError(labelFile, `line ${line}: label '${fields[0].slice(0, 40)}' is not a non-negative integer (NaN labels are not supported)`);
      if (v >= MAX_CLASSES) throw new DataCorruptError(labelFile, `line ${line}: class ${v}, more than the ${MAX_CLASSES} classes this reader accepts`);
      labels[i] = v;
      C = Math.max(C, v + 1);
    }
  });
  if (rowCount !== n) throw new DataCorruptError(labelFile, `${rowCount} label rows for ${n} nodes`);
  if (multiLabels) C = width;
  const splitRoot = path.join(dir, 'split');
  const types = listFolders(splitRoot);
  if (types.length !== 1) throw new DataMissingError(path.join(splitRoot, '<type>'), `exactly one split folder under split/ (found ${types.length ? types.join(', ') : 'none'})`);
  const readSplit = async (s: string) => {
    const file = path.join(splitRoot, types[0], `${s}.csv.gz`);
    const out = new Grow(new Int32Array(1024));
    await eachLine(file, (fields, line) => {
      if (fields.length !== 1) throw new DataCorruptError(file, `line ${line}: expected one node id, got ${fields.length} fields`);
      const v = int(file, fields[0], line, 'node id');
      if (v >= n) throw new DataCorruptError(file, `line ${line}: node ${v} but there are ${n} nodes`);
      out.push(v);
    });
    return out.done().slice();
  };
  return {
    name,
    numNodes: n,
    numClasses: C,
    features: denseToCsr(feats.done(), n, F),
    adjacency: symmetricAdjacencyFromEdges(n, src.done(), dst.done()),
    labels,
    multiLabels,
    splits: { train: await readSplit('train'), val: await readSplit('valid'), test: await readSplit('test') },
  };
}

/** The sub-folders of `dir` (none when it is absent), OS errors naming the path. */
function listFolders(dir: string): string[] {
  if (!statData(dir)) return [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    throw dataFileError(err, dir);
  }
  return names.filter((d) => statData(path.join(dir, d))?.isDirectory());
}

export function ogbDataset(id: string, folder: string, description: string, license: string): DatasetDef<typeof ogbConfigSchema> {
  return {
    id,
    description,
    configSchema: ogbConfigSchema,
    layout: ogbLayout(folder),
    license,
    async load(_config, ctx) {
      const dir = path.join(ctx.dataDir ?? '<data-dir>', folder);
      if (!ctx.dataDir || !statData(path.join(dir, 'raw'))) throw new DataMissingError(path.join(dir, 'raw', 'edge.csv.gz'), ogbLayout(folder));
      return new NodeDataset(id, await readOgbNodeDataset(id, dir), 'data-dir', dir);
    },
  };
}
