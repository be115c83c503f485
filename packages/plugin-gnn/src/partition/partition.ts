import type { Rng } from '@zoo/core';
import type { CsrMatrix } from '@zoo/core';
import { edgeCut, imbalance, undirectedGraph, type WeightedGraph } from './graph';
import { loadMetis, metisUnavailableReason } from './metis';
import { multilevelPartition } from './multilevel';

/** `auto`: METIS when libmetis loads, else the built-in multilevel partitioner. `random`: the paper's ablation. */
export type PartitionMethod = 'auto' | 'metis' | 'builtin' | 'random';

export interface Partition {
  /** Part id of every node. */
  part: Int32Array;
  parts: number;
  method: 'metis' | 'builtin' | 'random';
  /** Undirected edges between parts. */
  edgeCut: number;
  /** Largest part over the average part size. */
  imbalance: number;
  seconds: number;
}

/** Balanced random assignment: a shuffled round robin. */
export function randomPartition(n: number, k: number, rng: Rng): Int32Array {
  const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const part = new Int32Array(n);
  for (let i = 0; i < n; i++) part[order[i]] = i % k;
  return part;
}

/**
 * Splits a graph's nodes into k clusters (Cluster-GCN Sec. 3.2). Any adjacency is accepted: directed
 * edges are symmetrized, self loops and duplicates dropped, isolated nodes placed like any other.
 */
export function partitionGraph(adj: CsrMatrix, k: number, method: PartitionMethod, rng: Rng): Partition {
  if (!Number.isInteger(k) || k < 1) throw new Error(`partition: parts must be a positive integer, got ${k}`);
  const t0 = performance.now();
  const g: WeightedGraph = undirectedGraph(adj);
  let part: Int32Array;
  let used: Partition['method'];
  if (method === 'random') {
    part = randomPartition(g.n, k, rng);
    used = 'random';
  } else {
    const metis = method === 'builtin' || k === 1 || g.adjncy.length === 0 || k >= g.n ? null : loadMetis();
    if (method === 'metis' && !metis && k > 1 && g.adjncy.length > 0 && k < g.n) {
      throw new Error(`partition: method 'metis' was asked for but ${metisUnavailableReason()}; use 'auto' or 'builtin'`);
    }
    if (metis) {
      part = metis.partKway(g, k, rng.int(1 << 30)).part;
      used = 'metis';
    } else {
      part = multilevelPartition(g, k, () => rng.next());
      used = 'builtin';
    }
  }
  return { part, parts: k, method: used, edgeCut: edgeCut(g, part), imbalance: imbalance(g, part, k), seconds: (performance.now() - t0) / 1000 };
}

/** Node ids of each part, ascending. */
export function partMembers(part: Int32Array, k: number): Int32Array[] {
  const counts = new Int32Array(k);
  for (const p of part) counts[p]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(k);
  for (let i = 0; i < part.length; i++) out[part[i]][fill[part[i]]++] = i;
  return out;
}
