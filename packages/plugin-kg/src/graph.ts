import { csrTranspose, type Csr } from '@zoo/core';

/**
 * The sparse structures Dual-AMN's encoders read (the code's `get_matrix`), for N entities and R relations
 * over the triples of both graphs (one id space):
 *  - `entAdj` N×N: self loop + both directions of every triple, each row averaging its nonzeros (the code
 *    takes the positions of `adj_features` and a sparse softmax of ones, i.e. a mean);
 *  - `relAdj` N×2R: column r for an incoming relation r, R + r for an outgoing one, rows averaging;
 *  - edges (i, j) for every triple h→t as (h, t) and (t, h), unique, sorted by (i, j) like the code's
 *    `adj_matrix` nonzeros: `src`, `dst` [E] and `edgePtr` (edges of node i are edgePtr[i]..edgePtr[i+1]);
 *  - the mean relation of each edge, relation r for (h, t) and its inverse R + r for (t, h), repeated
 *    triples counting again (the code's `r_val` = 1/count), stored once per distinct mean: `kindRel`
 *    K×2R holds the K distinct rows and `edgeKind` [E] says which one each edge has (DBP15K zh_en:
 *    K = 14,096 for E = 259,545 edges), so the encoders never build an E×d relation matrix.
 */
export interface KgGraph {
  numEntities: number;
  numRelations: number;
  entAdj: Csr;
  entAdjT: Csr;
  relAdj: Csr;
  relAdjT: Csr;
  src: Int32Array;
  dst: Int32Array;
  edgePtr: Int32Array;
  edgeKind: Int32Array;
  kindRel: Csr;
  kindRelT: Csr;
}

function rowMeanCsr(rows: number, cols: number, lists: number[][]): Csr {
  const indptr = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) indptr[i + 1] = indptr[i] + lists[i].length;
  const indices = new Int32Array(indptr[rows]);
  const values = new Float32Array(indptr[rows]);
  for (let i = 0; i < rows; i++) {
    const l = lists[i];
    l.sort((a, b) => a - b);
    for (let k = 0; k < l.length; k++) {
      indices[indptr[i] + k] = l[k];
      values[indptr[i] + k] = 1 / l.length;
    }
  }
  return { rows, cols, indptr, indices, values };
}

export function buildKgGraph(numEntities: number, numRelations: number, triples: Int32Array): KgGraph {
  const N = numEntities;
  const R = numRelations;
  const nbr: Set<number>[] = Array.from({ length: N }, (_, i) => new Set([i]));
  const rel: Set<number>[] = Array.from({ length: N }, () => new Set());
  const edgeRels = new Map<number, number[]>(); // key i·N + j → relation ids (with repeats)
  const push = (i: number, j: number, r: number) => {
    const key = i * N + j;
    const l = edgeRels.get(key);
    if (l) l.push(r);
    else edgeRels.set(key, [r]);
  };
  for (let p = 0; p < triples.length; p += 3) {
    const h = triples[p];
    const r = triples[p + 1];
    const t = triples[p + 2];
    nbr[h].add(t);
    nbr[t].add(h);
    rel[t].add(r); // incoming
    rel[h].add(R + r); // outgoing
    push(h, t, r);
    push(t, h, R + r);
  }
  const entAdj = rowMeanCsr(N, N, nbr.map((s) => [...s]));
  const relAdj = rowMeanCsr(N, 2 * R, rel.map((s) => [...s]));
  const keys = [...edgeRels.keys()].sort((a, b) => a - b);
  const E = keys.length;
  const src = new Int32Array(E);
  const dst = new Int32Array(E);
  const edgePtr = new Int32Array(N + 1);
  // the distinct relation means, in order of first appearance
  const kindOf = new Map<string, number>();
  const kindRows: [number, number][][] = [];
  const edgeKind = new Int32Array(E);
  keys.forEach((key, e) => {
    src[e] = Math.floor(key / N);
    dst[e] = key % N;
    edgePtr[src[e] + 1]++;
    const l = edgeRels.get(key)!;
    const counts = new Map<number, number>();
    for (const r of l) counts.set(r, (counts.get(r) ?? 0) + 1);
    const row = [...counts.keys()].sort((a, b) => a - b).map((r): [number, number] => [r, counts.get(r)! / l.length]);
    const name = row.map(([r, v]) => `${r}:${v}`).join(',');
    let kind = kindOf.get(name);
    if (kind === undefined) {
      kind = kindRows.length;
      kindOf.set(name, kind);
      kindRows.push(row);
    }
    edgeKind[e] = kind;
  });
  for (let i = 0; i < N; i++) edgePtr[i + 1] += edgePtr[i];
  const K = kindRows.length;
  const relPtr = new Int32Array(K + 1);
  kindRows.forEach((row, k) => (relPtr[k + 1] = relPtr[k] + row.length));
  const relIdx = new Int32Array(relPtr[K]);
  const relVal = new Float32Array(relPtr[K]);
  kindRows.forEach((row, k) =>
    row.forEach(([r, v], p) => {
      relIdx[relPtr[k] + p] = r;
      relVal[relPtr[k] + p] = v;
    }),
  );
  const kindRel: Csr = { rows: K, cols: 2 * R, indptr: relPtr, indices: relIdx, values: relVal };
  return { numEntities: N, numRelations: R, entAdj, entAdjT: csrTranspose(entAdj), relAdj, relAdjT: csrTranspose(relAdj), src, dst, edgePtr, edgeKind, kindRel, kindRelT: csrTranspose(kindRel) };
}
