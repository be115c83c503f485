import type { Csr } from './check-csr';
import { csrMulDense } from './csr-mul-dense';

/**
 * Compressed sparse row matrix on typed arrays (rows × cols), the one CSR class of the zoo: graph
 * plugins' adjacency matrices and the `a` attr of the ZooCsrMatMul kernel. `mulDense` computes A·X for
 * dense row-major X (cols×k) in O(nnz·k); the transpose is cached with the permutation that maps its
 * entries back, so `withValues` (dropout on the nonzeros) derives the new transpose in O(nnz).
 * The constructor checks the sizes; `checkCsr` (on the first product) the offsets and column indices.
 */
const wrapped = new WeakMap<Csr, CsrMatrix>();

export class CsrMatrix implements Csr {
  private transposed?: CsrMatrix;
  /** For each entry of the transpose, the index of the same entry in this matrix. */
  private transposePerm?: Int32Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly indptr: Int32Array,
    readonly indices: Int32Array,
    readonly values: Float32Array,
  ) {
    if (indptr.length !== rows + 1) throw new Error(`CSR: indptr has ${indptr.length} entries, expected ${rows + 1}`);
    if (indices.length !== values.length || indptr[rows] !== values.length) {
      throw new Error(`CSR: ${indices.length} indices, ${values.length} values, indptr ends at ${indptr[rows]}`);
    }
  }

  /**
   * `a` as a CsrMatrix: itself when it is one, else a wrapper over its arrays made once per object
   * (with `transposed` as its cached transpose when given, e.g. one built by `csrTranspose`).
   */
  static from(a: Csr, transposed?: Csr): CsrMatrix {
    if (a instanceof CsrMatrix) return a;
    let m = wrapped.get(a);
    if (!m) {
      m = new CsrMatrix(a.rows, a.cols, a.indptr, a.indices, a.values);
      wrapped.set(a, m);
    }
    if (transposed && !m.transposed) {
      const t = transposed instanceof CsrMatrix ? transposed : new CsrMatrix(transposed.rows, transposed.cols, transposed.indptr, transposed.indices, transposed.values);
      if (t.rows !== m.cols || t.cols !== m.rows) throw new Error(`CSR: a ${t.rows}×${t.cols} matrix cannot be the transpose of a ${m.rows}×${m.cols} one`);
      m.transposed = t;
      t.transposed ??= m;
    }
    return m;
  }

  get nnz(): number {
    return this.values.length;
  }

  /** Builds from COO triplets; duplicates are summed, columns sorted within rows. */
  static fromCoo(rows: number, cols: number, r: ArrayLike<number>, c: ArrayLike<number>, v: ArrayLike<number>): CsrMatrix {
    const counts = new Int32Array(rows + 1);
    for (let i = 0; i < r.length; i++) {
      if (r[i] < 0 || r[i] >= rows || c[i] < 0 || c[i] >= cols) throw new Error(`CSR: entry (${r[i]}, ${c[i]}) outside ${rows}×${cols}`);
      counts[r[i] + 1]++;
    }
    for (let i = 0; i < rows; i++) counts[i + 1] += counts[i];
    const fill = counts.slice(0, rows);
    const idx = new Int32Array(r.length);
    const val = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) {
      const p = fill[r[i]]++;
      idx[p] = c[i];
      val[p] = v[i];
    }
    // sort each row by column and merge duplicates
    const indptr = new Int32Array(rows + 1);
    const outIdx: number[] = [];
    const outVal: number[] = [];
    for (let i = 0; i < rows; i++) {
      const start = counts[i];
      const end = counts[i + 1];
      const order = Array.from({ length: end - start }, (_, k) => start + k).sort((a, b) => idx[a] - idx[b]);
      let last = -1;
      for (const p of order) {
        if (idx[p] === last) outVal[outVal.length - 1] += val[p];
        else {
          outIdx.push(idx[p]);
          outVal.push(val[p]);
          last = idx[p];
        }
      }
      indptr[i + 1] = outIdx.length;
    }
    return new CsrMatrix(rows, cols, indptr, Int32Array.from(outIdx), Float32Array.from(outVal));
  }

  static identity(n: number, scale = 1): CsrMatrix {
    const indptr = new Int32Array(n + 1);
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      indptr[i + 1] = i + 1;
      indices[i] = i;
    }
    return new CsrMatrix(n, n, indptr, indices, new Float32Array(n).fill(scale));
  }

  /** out = A·X, X dense row-major (cols×k): the SIMD kernel (a JS loop where k % 4 ≠ 0). */
  mulDense(x: ArrayLike<number>, k: number, out = new Float32Array(this.rows * k)): Float32Array {
    if (x.length !== this.cols * k) throw new Error(`CSR mulDense: X has ${x.length} values, expected ${this.cols}×${k}`);
    return csrMulDense(this, x instanceof Float32Array ? x : Float32Array.from(x), k, out);
  }

  /** Aᵀ, computed once and cached. */
  transpose(): CsrMatrix {
    if (this.transposed) return this.transposed;
    const { rows, cols, indptr, indices, values } = this;
    const tptr = new Int32Array(cols + 1);
    for (let p = 0; p < indices.length; p++) tptr[indices[p] + 1]++;
    for (let j = 0; j < cols; j++) tptr[j + 1] += tptr[j];
    const fill = tptr.slice(0, cols);
    const tidx = new Int32Array(indices.length);
    const tval = new Float32Array(indices.length);
    const perm = new Int32Array(indices.length);
    for (let i = 0; i < rows; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const q = fill[indices[p]]++;
        tidx[q] = i;
        tval[q] = values[p];
        perm[q] = p;
      }
    }
    this.transposePerm = perm;
    this.transposed = new CsrMatrix(cols, rows, tptr, tidx, tval);
    this.transposed.transposed = this;
    return this.transposed;
  }

  /** Same structure, new values (e.g. dropout on the nonzeros); the transpose is derived cheaply. */
  withValues(values: Float32Array): CsrMatrix {
    const m = new CsrMatrix(this.rows, this.cols, this.indptr, this.indices, values);
    if (this.transposed && this.transposePerm) {
      const perm = this.transposePerm;
      const t = this.transposed;
      const tv = new Float32Array(values.length);
      for (let q = 0; q < tv.length; q++) tv[q] = values[perm[q]];
      m.transposed = new CsrMatrix(t.rows, t.cols, t.indptr, t.indices, tv);
      m.transposed.transposed = m;
      m.transposePerm = perm;
    }
    return m;
  }

  /** a·I + b·this (square matrices), O(nnz); an existing diagonal entry is added to, a missing one inserted. */
  scaleAddIdentity(b: number, a: number): CsrMatrix {
    if (this.rows !== this.cols) throw new Error('scaleAddIdentity needs a square matrix');
    const { rows, indptr, indices, values } = this;
    const hasDiag = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) for (let p = indptr[i]; p < indptr[i + 1]; p++) if (indices[p] === i) hasDiag[i] = 1;
    const ptr = new Int32Array(rows + 1);
    for (let i = 0; i < rows; i++) ptr[i + 1] = ptr[i] + (indptr[i + 1] - indptr[i]) + (hasDiag[i] ? 0 : 1);
    const idx = new Int32Array(ptr[rows]);
    const val = new Float32Array(ptr[rows]);
    for (let i = 0; i < rows; i++) {
      let w = ptr[i];
      let placed = hasDiag[i] === 1;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const j = indices[p];
        if (!placed && j > i) {
          idx[w] = i;
          val[w++] = a;
          placed = true;
        }
        idx[w] = j;
        val[w++] = j === i ? b * values[p] + a : b * values[p];
      }
      if (!placed) {
        idx[w] = i;
        val[w++] = a;
      }
    }
    return new CsrMatrix(rows, this.cols, ptr, idx, val);
  }

  /** Row sums. */
  rowSums(): Float64Array {
    const s = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) for (let p = this.indptr[i]; p < this.indptr[i + 1]; p++) s[i] += this.values[p];
    return s;
  }

  /** Dense row-major copy (tests, small graphs). */
  toDense(): Float32Array {
    const d = new Float32Array(this.rows * this.cols);
    for (let i = 0; i < this.rows; i++) for (let p = this.indptr[i]; p < this.indptr[i + 1]; p++) d[i * this.cols + this.indices[p]] += this.values[p];
    return d;
  }
}

/** A's transpose as a CsrMatrix (any object with the CSR fields), O(nnz). */
export function csrTranspose(a: Csr): CsrMatrix {
  return CsrMatrix.from(a).transpose();
}
