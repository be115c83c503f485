import * as tf from '@tensorflow/tfjs-core';
import { nativeKernels } from './native';
import { allocOutput, tensorValues } from './buffer-pool';
import { spmmSimd } from './simd/spmm';

/** CSR matrix on typed arrays (rows × cols), as graph plugins hold adjacency matrices. */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

const checked = new WeakSet<Csr>();

/**
 * Throws, naming the first bad entry, unless A is well-formed CSR: indptr of rows + 1 non-decreasing
 * offsets from 0, and column indices inside [0, cols) (the kernels trust them: an index out of range
 * would read outside X). Checked once per matrix object, O(nnz); a matrix mutated later is not re-checked.
 */
function checkCsr(a: Csr): void {
  if (checked.has(a)) return;
  const { rows, cols, indptr, indices, values } = a;
  const where = `csrMulDense: A (${rows}×${cols})`;
  if (indptr.length !== rows + 1 || indptr[0] !== 0) throw new Error(`${where}: indptr must have ${rows + 1} offsets starting at 0, got ${indptr.length} starting at ${indptr[0]}`);
  for (let i = 0; i < rows; i++) if (indptr[i + 1] < indptr[i]) throw new Error(`${where}: indptr decreases at row ${i} (${indptr[i]} → ${indptr[i + 1]})`);
  const nnz = indptr[rows];
  if (nnz > indices.length || nnz > values.length) throw new Error(`${where}: indptr ends at ${nnz} but there are ${indices.length} indices and ${values.length} values`);
  for (let p = 0; p < nnz; p++) {
    if (!(indices[p] >= 0 && indices[p] < cols)) {
      let row = 0;
      while (indptr[row + 1] <= p) row++;
      throw new Error(`${where}: column index ${indices[p]} in row ${row} (nonzero ${p}) is outside [0, ${cols})`);
    }
  }
  checked.add(a);
}

/**
 * Y = A·X (A CSR rows×cols, X dense cols×k row-major) in O(nnz·k): the C kernel when built (rows
 * split over the cores), else the WebAssembly SIMD kernel when k is a multiple of 4 (simd/spmm.wat),
 * else a JS loop unrolled by 4 (20k×128 X by 220k nonzeros: C 9.7 ms, SIMD 14 ms with its copies into
 * wasm memory, this loop 50 ms).
 */
export function csrMulDense(a: Csr, x: Float32Array, k: number, y: Float32Array = new Float32Array(a.rows * k)): Float32Array {
  if (x.length !== a.cols * k) throw new Error(`csrMulDense: X has ${x.length} values, expected ${a.cols}×${k}`);
  if (y.length !== a.rows * k) throw new Error(`csrMulDense: output has ${y.length} values, expected ${a.rows}×${k}`);
  checkCsr(a);
  const { indptr, indices, values } = a;
  const native = nativeKernels();
  if (native) {
    native.csrSpmm(a.rows, indptr, indices, values, x, k, y);
    return y;
  }
  if (spmmSimd(a.rows, indptr, indices, values, x, k, y)) return y;
  y.fill(0);
  const k4 = k - (k % 4);
  for (let i = 0; i < a.rows; i++) {
    const o = i * k;
    const end = indptr[i + 1];
    for (let p = indptr[i]; p < end; p++) {
      const v = values[p];
      const xo = indices[p] * k;
      let j = 0;
      for (; j < k4; j += 4) {
        y[o + j] += v * x[xo + j];
        y[o + j + 1] += v * x[xo + j + 1];
        y[o + j + 2] += v * x[xo + j + 2];
        y[o + j + 3] += v * x[xo + j + 3];
      }
      for (; j < k; j++) y[o + j] += v * x[xo + j];
    }
  }
  return y;
}

/** Aᵀ in CSR (counting sort by column), O(nnz). */
export function csrTranspose(a: Csr): Csr {
  const ptr = new Int32Array(a.cols + 1);
  for (let p = 0; p < a.indices.length; p++) ptr[a.indices[p] + 1]++;
  for (let j = 0; j < a.cols; j++) ptr[j + 1] += ptr[j];
  const fill = ptr.slice(0, a.cols);
  const idx = new Int32Array(a.indices.length);
  const val = new Float32Array(a.indices.length);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const q = fill[a.indices[p]]++;
      idx[q] = i;
      val[q] = a.values[p];
    }
  }
  return { rows: a.cols, cols: a.rows, indptr: ptr, indices: idx, values: val };
}

/**
 * Differentiable sparse × dense matmul for graph plugins: Y = A·X, ∂L/∂X = Aᵀ·∂L/∂Y (A is constant).
 * Works on any backend (reads X with dataSync); on blas/cpu that read is free.
 */
export function csrMatMul(a: Csr, x: tf.Tensor2D, transposed: Csr = csrTranspose(a)): tf.Tensor2D {
  const k = x.shape[1];
  if (x.shape[0] !== a.cols) throw new Error(`csrMatMul: A is ${a.rows}×${a.cols} but X has ${x.shape[0]} rows`);
  // on blas: inputs read in place and outputs from the pool (buffer-pool.ts); every output value is written
  const f = tf.customGrad(((xIn: tf.Tensor) => ({
    value: tf.tensor2d(csrMulDense(a, tensorValues(xIn) as Float32Array, k, allocOutput(a.rows * k)), [a.rows, k]),
    gradFunc: (dy: tf.Tensor) => tf.tensor2d(csrMulDense(transposed, tensorValues(dy) as Float32Array, k, allocOutput(a.cols * k)), [a.cols, k]),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as tf.Tensor2D;
}
