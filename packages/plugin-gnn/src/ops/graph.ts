import { CsrMatrix } from './csr';

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
