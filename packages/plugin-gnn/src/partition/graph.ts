import { CsrMatrix } from '@zoo/core';

/**
 * A weighted undirected graph in the CSR form partitioners use (METIS's xadj/adjncy/adjwgt):
 * every edge appears in both rows, no self loops, vertex and edge weights are positive integers.
 */
export interface WeightedGraph {
  n: number;
  xadj: Int32Array;
  adjncy: Int32Array;
  adjwgt: Int32Array;
  vwgt: Int32Array;
}

/**
 * The partitioning graph of any adjacency: directed edges are symmetrized (i→j and j→i become one
 * undirected edge of weight 1), self loops and duplicates dropped, isolated nodes kept. (Directed
 * edge lists and self loops are what crash METIS bindings elsewhere; here they are normalized first.)
 */
export function undirectedGraph(adj: CsrMatrix): WeightedGraph {
  const n = adj.rows;
  if (adj.cols !== n) throw new Error(`partition: adjacency must be square, got ${adj.rows}×${adj.cols}`);
  const deg = new Int32Array(n + 1);
  const { indptr, indices } = adj;
  for (let i = 0; i < n; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const j = indices[p];
      if (j === i) continue;
      deg[i + 1]++;
      deg[j + 1]++;
    }
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const fill = deg.slice(0, n);
  const raw = new Int32Array(deg[n]);
  for (let i = 0; i < n; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const j = indices[p];
      if (j === i) continue;
      raw[fill[i]++] = j;
      raw[fill[j]++] = i;
    }
  }
  // sort each row and drop duplicates (an edge given in both directions appears twice)
  const xadj = new Int32Array(n + 1);
  const out = new Int32Array(raw.length);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const row = raw.subarray(deg[i], deg[i + 1]).sort();
    for (let q = 0; q < row.length; q++) if (q === 0 || row[q] !== row[q - 1]) out[w++] = row[q];
    xadj[i + 1] = w;
  }
  const adjncy = out.slice(0, w);
  return { n, xadj, adjncy, adjwgt: new Int32Array(w).fill(1), vwgt: new Int32Array(n).fill(1) };
}

/** Edges (weighted) between different parts, each undirected edge counted once. */
export function edgeCut(g: WeightedGraph, part: Int32Array): number {
  let cut = 0;
  for (let i = 0; i < g.n; i++) for (let p = g.xadj[i]; p < g.xadj[i + 1]; p++) if (part[g.adjncy[p]] !== part[i]) cut += g.adjwgt[p];
  return cut / 2;
}

/** Largest part weight over the average part weight (1 = perfectly balanced). */
export function imbalance(g: WeightedGraph, part: Int32Array, k: number): number {
  const w = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < g.n; i++) {
    w[part[i]] += g.vwgt[i];
    total += g.vwgt[i];
  }
  return total === 0 ? 1 : w.reduce((m, x) => Math.max(m, x), -Infinity) / (total / k);
}
