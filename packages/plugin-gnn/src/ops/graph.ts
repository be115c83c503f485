import { CsrMatrix } from '@zoo/core';

/**
 * Binary symmetric adjacency from an edge list: directed edges are symmetrized, duplicates
 * merged, self loops dropped (they are added back, once, by the normalization).
 */
export function symmetricAdjacency(n: number, src: ArrayLike<number>, dst: ArrayLike<number>): CsrMatrix {
  const r: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < src.length; i++) {
    if (src[i] === dst[i]) continue;
    r.push(src[i], dst[i]);
    c.push(dst[i], src[i]);
  }
  const m = CsrMatrix.fromCoo(n, n, r, c, new Float32Array(r.length).fill(1));
  return m.withValues(new Float32Array(m.nnz).fill(1)); // duplicates were summed; binarize
}

/** Â = D̃^-1/2 (A + I) D̃^-1/2 with D̃ the degrees of A + I (Kipf & Welling's renormalization). */
export function normalizedAdjacency(adj: CsrMatrix): CsrMatrix {
  const withSelf = adj.scaleAddIdentity(1, 1);
  const deg = withSelf.rowSums();
  const inv = deg.map((d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
  const v = new Float32Array(withSelf.nnz);
  for (let i = 0; i < withSelf.rows; i++) {
    for (let p = withSelf.indptr[i]; p < withSelf.indptr[i + 1]; p++) v[p] = inv[i] * withSelf.values[p] * inv[withSelf.indices[p]];
  }
  return withSelf.withValues(v);
}

/** Rows scaled to sum to 1 (L1 row normalization of features, as GCN/APPNP/GNN-LF/HF do). */
export function rowNormalize(x: CsrMatrix): CsrMatrix {
  const s = x.rowSums();
  const v = new Float32Array(x.nnz);
  for (let i = 0; i < x.rows; i++) {
    const d = Math.abs(s[i]) > 1e-12 ? 1 / s[i] : 0;
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) v[p] = x.values[p] * d;
  }
  return x.withValues(v);
}

/**
 * The subgraph induced by `nodes` (global ids, any order): local row/column i is nodes[i]. O(Σ deg).
 * `scratch` (length ≥ adj.rows, filled with -1) may be passed to avoid an allocation per call; it is
 * restored to -1 before returning.
 */
export function inducedSubgraph(adj: CsrMatrix, nodes: Int32Array, scratch?: Int32Array): CsrMatrix {
  const local = scratch ?? new Int32Array(adj.rows).fill(-1);
  for (let i = 0; i < nodes.length; i++) local[nodes[i]] = i;
  const indptr = new Int32Array(nodes.length + 1);
  let nnz = 0;
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i];
    for (let p = adj.indptr[v]; p < adj.indptr[v + 1]; p++) if (local[adj.indices[p]] >= 0) nnz++;
    indptr[i + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let w = 0;
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i];
    for (let p = adj.indptr[v]; p < adj.indptr[v + 1]; p++) {
      const j = local[adj.indices[p]];
      if (j >= 0) {
        indices[w] = j;
        values[w++] = adj.values[p];
      }
    }
  }
  for (let i = 0; i < nodes.length; i++) local[nodes[i]] = -1;
  return new CsrMatrix(nodes.length, nodes.length, indptr, indices, values);
}

/**
 * Cluster-GCN's diagonal enhancement (Chiang et al. 2019, Eq. 11): Ã = (D + I)^-1 (A + I), then
 * Ã + λ·diag(Ã). With λ < 0 the code's plain normalization D^-1 A (degrees floored at 1, no self loops).
 */
export function diagEnhancedAdjacency(adj: CsrMatrix, lambda: number): CsrMatrix {
  if (lambda < 0) {
    const deg = adj.rowSums();
    const v = new Float32Array(adj.nnz);
    for (let i = 0; i < adj.rows; i++) for (let p = adj.indptr[i]; p < adj.indptr[i + 1]; p++) v[p] = adj.values[p] / Math.max(1, deg[i]);
    return adj.withValues(v);
  }
  const withSelf = adj.scaleAddIdentity(1, 1);
  const deg = withSelf.rowSums();
  const v = new Float32Array(withSelf.nnz);
  for (let i = 0; i < withSelf.rows; i++) {
    for (let p = withSelf.indptr[i]; p < withSelf.indptr[i + 1]; p++) {
      const a = withSelf.values[p] / deg[i];
      v[p] = withSelf.indices[p] === i ? a * (1 + lambda) : a;
    }
  }
  return withSelf.withValues(v);
}


/**
 * Binary symmetric adjacency from typed edge lists in O(E log d): counting sort by row of both
 * directions, then each row's columns sorted and deduplicated; self loops dropped. For large graphs
 * (millions of edges), where `symmetricAdjacency`'s COO path is too slow.
 */
export function symmetricAdjacencyFromEdges(n: number, src: Int32Array, dst: Int32Array): CsrMatrix {
  const ptr = new Int32Array(n + 1);
  for (let e = 0; e < src.length; e++) {
    const a = src[e];
    const b = dst[e];
    if (a < 0 || b < 0 || a >= n || b >= n) throw new Error(`edge ${e} (${a}, ${b}) outside 0..${n - 1}`);
    if (a === b) continue;
    ptr[a + 1]++;
    ptr[b + 1]++;
  }
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  const fill = ptr.slice(0, n);
  const cols = new Int32Array(ptr[n]);
  for (let e = 0; e < src.length; e++) {
    const a = src[e];
    const b = dst[e];
    if (a === b) continue;
    cols[fill[a]++] = b;
    cols[fill[b]++] = a;
  }
  const indptr = new Int32Array(n + 1);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const row = cols.subarray(ptr[i], ptr[i + 1]).sort();
    for (let q = 0; q < row.length; q++) if (q === 0 || row[q] !== row[q - 1]) cols[w++] = row[q];
    indptr[i + 1] = w;
  }
  return new CsrMatrix(n, n, indptr, cols.slice(0, w), new Float32Array(w).fill(1));
}
