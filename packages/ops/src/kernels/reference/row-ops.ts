import type { ZooScatterAddRowsAttrs, ZooSplitColumnsAttrs } from '../../kernel-names';
import { f32, inputList, newFloat32, type ArrayKernel } from './array-kernel';

/** ZooGatherRows: row copies, O(m·k). */
export const gatherRowsReference: ArrayKernel = ({ x, indices }, _attrs, alloc = newFloat32) => {
  const k = x.shape[1];
  const src = x.values;
  const index = indices.values;
  const out = alloc(index.length * k);
  for (let i = 0; i < index.length; i++) out.set(src.subarray(index[i] * k, index[i] * k + k), i * k);
  return [f32(out, [index.length, k])];
};

/** ZooScatterAddRows: dx[index_i] += dy_i in i order, O(m·k). */
export const scatterAddRowsReference: ArrayKernel = ({ dy, indices }, attrs, alloc = newFloat32) => {
  const { rows } = attrs as unknown as ZooScatterAddRowsAttrs;
  const k = dy.shape[1];
  const g = dy.values;
  const index = indices.values;
  const dx = alloc(rows * k).fill(0);
  for (let i = 0; i < index.length; i++) {
    const o = index[i] * k;
    for (let j = 0; j < k; j++) dx[o + j] += g[i * k + j];
  }
  return [f32(dx, [rows, k])];
};

/** ZooConcatColumns: each input's rows copied into its column block. */
export const concatColumnsReference: ArrayKernel = (inputs, _attrs, alloc = newFloat32) => {
  const xs = inputList(inputs);
  const n = xs[0].shape[0];
  const K = xs.reduce((s, t) => s + t.shape[1], 0);
  const out = alloc(n * K);
  let off = 0;
  for (const t of xs) {
    const v = t.values;
    const w = t.shape[1];
    for (let i = 0; i < n; i++) out.set(v.subarray(i * w, i * w + w), i * K + off);
    off += w;
  }
  return [f32(out, [n, K])];
};

/** ZooSplitColumns: dy's column blocks copied out row by row. */
export const splitColumnsReference: ArrayKernel = ({ dy }, attrs, alloc = newFloat32) => {
  const { widths } = attrs as unknown as ZooSplitColumnsAttrs;
  const [n, K] = dy.shape;
  const g = dy.values;
  let o = 0;
  return widths.map((w) => {
    const part = alloc(n * w);
    for (let i = 0; i < n; i++) part.set(g.subarray(i * K + o, i * K + o + w), i * w);
    o += w;
    return f32(part, [n, w]);
  });
};
