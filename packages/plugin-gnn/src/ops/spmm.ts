import { tf } from '@zoo/core';
import { unaryOp } from './custom-grad';
import { CsrMatrix } from './csr';

/**
 * Sparse × dense matmul with its own gradient: Y = A·X (A: n×m CSR, X: m×k) and ∂L/∂X = Aᵀ·∂L/∂Y.
 * Runs in O(nnz·k) on typed arrays on every backend; no gather/unsortedSegmentSum (missing on wasm,
 * O(N·E·F) on cpu). A is a constant: no gradient flows to its values.
 */
export function spmm(a: CsrMatrix, x: tf.Tensor2D): tf.Tensor2D {
  if (x.shape[0] !== a.cols) throw new Error(`spmm: A is ${a.rows}×${a.cols} but X has ${x.shape[0]} rows`);
  const k = x.shape[1];
  const op = unaryOp((xIn: tf.Tensor) => {
    const y = tf.tensor2d(a.mulDense(xIn.dataSync() as Float32Array, k), [a.rows, k]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor) => tf.tensor2d(a.transpose().mulDense(dy.dataSync() as Float32Array, k), [a.cols, k]),
    };
  });
  return op(x) as tf.Tensor2D;
}

/**
 * Inverted dropout on a sparse matrix's nonzeros (APPNP's MixedDropout on sparse features):
 * each value is kept with probability 1−rate and scaled by 1/(1−rate). `random` gives U[0,1).
 */
export function sparseDropout(a: CsrMatrix, rate: number, random: () => number): CsrMatrix {
  if (rate <= 0) return a;
  const scale = 1 / (1 - rate);
  const v = new Float32Array(a.nnz);
  for (let p = 0; p < v.length; p++) v[p] = random() < rate ? 0 : a.values[p] * scale;
  return a.withValues(v);
}
