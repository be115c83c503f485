import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as zlib from 'node:zlib';
import { DataCorruptError, DataMissingError, z, type DatasetDef } from '@zoo/core';
import { symmetricAdjacencyFromEdges } from '../ops/graph';
import { NodeDataset, type GraphData } from './graph-data';
import { denseToCsr } from './graphsage';

/**
 * OGB's node-property-prediction layout (as `ogb.nodeproppred` downloads it), under `<data-dir>/<folder>/`:
 *   raw/edge.csv.gz         "src,dst" per line (0-based node ids)
 *   raw/node-feat.csv.gz    one comma-separated feature row per node
 *   raw/node-label.csv.gz   one class id per line (or one 0/1 row per node: multi-label)
 *   split/<type>/{train,valid,test}.csv.gz   node ids, one per line (the only folder under split/)
 * Files are streamed line by line (ogbn-products' edges do not fit one string). Transductive.
 */
export const ogbConfigSchema = z.object({}).strict();

export function ogbLayout(folder: string): string {
  return `<data-dir>/${folder}/{raw/edge.csv.gz, raw/node-feat.csv.gz, raw/node-label.csv.gz, split/<type>/{train,valid,test}.csv.gz} (OGB node property prediction layout)`;
}

/** Calls `onRow(fields, lineNumber)` for each non-empty line of a (gzipped) CSV. */
async function eachLine(file: string, onRow: (fields: string[], line: number) => void): Promise<void> {
  if (!fs.existsSync(file)) throw new DataMissingError(file, path.basename(file));
  const input = fs.createReadStream(file);
  const stream = file.endsWith('.gz') ? input.pipe(zlib.createGunzip()) : input;
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      if (text.trim() === '') continue;
      onRow(text.split(','), line);
    }
  } catch (err) {
    if (err instanceof DataCorruptError) throw err;
    throw new DataCorruptError(file, `unreadable after line ${line}: ${(err as Error).message}`);
  }
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
  const v = Number(s);
  if (!Number.isInteger(v) || v < 0) throw new DataCorruptError(file, `line ${line}: ${what} '${s}' is not a non-negative integer`);
  return v;
}

export async function readOgbNodeDataset(name: string, dir: string): Promise<GraphData> {
  const raw = (f: string) => path.join(dir, 'raw', f);
  // features first: they fix N
  const featFile = raw('node-feat.csv.gz');
  const feats = new Grow(new Float32Array(1 << 16));
  let F = -1;
  let n = 0;
  await eachLine(featFile, (fields, line) => {
    if (F < 0) F = fields.length;
    else if (fields.length !== F) throw new DataCorruptError(featFile, `line ${line} has ${fields.length} values, the first row ${F}`);
    for (const s of fields) {
      const v = Number(s);
      if (!Number.isFinite(v)) throw new DataCorruptError(featFile, `line ${line}: '${s}' is not a number`);
      feats.push(v);
    }
    n++;
  });
  const edgeFile = raw('edge.csv.gz');
  const src = new Grow(new Int32Array(1 << 16));
  const dst = new Grow(new Int32Array(1 << 16));
  await eachLine(edgeFile, (fields, line) => {
    if (fields.length !== 2) throw new DataCorruptError(edgeFile, `line ${line}: expected "src,dst", got ${fields.length} fields`);
    const a = int(edgeFile, fields[0], line, 'node id');
    const b = int(edgeFile, fields[1], line, 'node id');
    if (a >= n || b >= n) throw new DataCorruptError(edgeFile, `line ${line}: node ${Math.max(a, b)} but node-feat.csv.gz has ${n} rows`);
    src.push(a);
    dst.push(b);
  });
  const labelFile = raw('node-label.csv.gz');
  const rows: number[][] = [];
  await eachLine(labelFile, (fields) => rows.push(fields.map(Number)));
  if (rows.length !== n) throw new DataCorruptError(labelFile, `${rows.length} label rows for ${n} nodes`);
  const multi = rows[0].length > 1;
  const C = multi ? rows[0].length : 1 + rows.reduce((m, r) => Math.max(m, Number.isFinite(r[0]) ? r[0] : -1), -Infinity);
  const labels = new Int32Array(n);
  const multiLabels = multi ? new Float32Array(n * C) : undefined;
  rows.forEach((r, i) => {
    if (multi) {
      r.forEach((v, c) => (multiLabels![i * C + c] = v));
      labels[i] = r.findIndex((v) => v > 0);
    } else {
      if (!Number.isInteger(r[0])) throw new DataCorruptError(labelFile, `line ${i + 1}: label '${r[0]}' is not an integer (NaN labels are not supported)`);
      labels[i] = r[0];
    }
  });
  const splitRoot = path.join(dir, 'split');
  const types = fs.existsSync(splitRoot) ? fs.readdirSync(splitRoot).filter((d) => fs.statSync(path.join(splitRoot, d)).isDirectory()) : [];
  if (types.length !== 1) throw new DataMissingError(path.join(splitRoot, '<type>'), `exactly one split folder under split/ (found ${types.length ? types.join(', ') : 'none'})`);
  const readSplit = async (s: string) => {
    const file = path.join(splitRoot, types[0], `${s}.csv.gz`);
    const out = new Grow(new Int32Array(1024));
    await eachLine(file, (fields, line) => {
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

export function ogbDataset(id: string, folder: string, description: string, license: string): DatasetDef<typeof ogbConfigSchema> {
  return {
    id,
    description,
    configSchema: ogbConfigSchema,
    layout: ogbLayout(folder),
    license,
    async load(_config, ctx) {
      const dir = path.join(ctx.dataDir ?? '<data-dir>', folder);
      if (!ctx.dataDir || !fs.existsSync(path.join(dir, 'raw'))) throw new DataMissingError(path.join(dir, 'raw', 'edge.csv.gz'), ogbLayout(folder));
      return new NodeDataset(id, await readOgbNodeDataset(id, dir), 'data-dir', dir);
    },
  };
}
