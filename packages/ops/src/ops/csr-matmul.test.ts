import * as tf from '@tensorflow/tfjs-core';
import { CsrMatrix } from '../csr/csr-matrix';
import { ZooCsrMatMul } from '../kernel-names';
import { describeOpAgainstComposition, randomCsr } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { csrMatMul } from './csr-matmul';

const det = (n: number) => Array.from({ length: n }, (_, i) => Math.cos(i * 0.7));
const dense = (a: CsrMatrix) => tf.tensor2d(a.toDense(), [a.rows, a.cols]);

describeOpAgainstComposition(
  ZooCsrMatMul,
  [8, 7].map((k) => {
    const a = randomCsr(29, 11, k);
    return {
      name: `29×11 CSR by [11, ${k}] (${k % 4 === 0 ? 'SIMD' : 'JS loop'})`,
      inputs: () => [tf.tensor2d(det(11 * k), [11, k])],
      op: (x: tf.Tensor) => csrMatMul(a, x as tf.Tensor2D),
      composition: (x: tf.Tensor) => tf.tidy(() => tf.matMul(dense(a), x as tf.Tensor2D)),
    };
  }),
);

describe('csrMatMul', () => {
  beforeAll(useTestBackend);

  it('takes a plain CSR object and its precomputed transpose (wrapped once)', () => {
    const a = randomCsr(9, 6, 3);
    const plain = { rows: a.rows, cols: a.cols, indptr: a.indptr, indices: a.indices, values: a.values };
    const t = a.transpose();
    const x = tf.tensor2d(det(6 * 4), [6, 4]);
    const w = tf.tensor2d(det(9 * 4).map((v) => v * 2), [9, 4]);
    const g1 = tf.grad((xx: tf.Tensor) => csrMatMul(plain, xx as tf.Tensor2D, { rows: t.rows, cols: t.cols, indptr: t.indptr, indices: t.indices, values: t.values }).mul(w).sum())(x);
    const g2 = tf.grad((xx: tf.Tensor) => csrMatMul(a, xx as tf.Tensor2D).mul(w).sum())(x);
    expect(Array.from(g1.dataSync())).toEqual(Array.from(g2.dataSync()));
    expect(CsrMatrix.from(plain)).toBe(CsrMatrix.from(plain));
    tf.dispose([x, w, g1, g2]);
  });

  it('rejects X with the wrong row count', () => {
    const x = tf.zeros([5, 2]) as tf.Tensor2D;
    expect(() => csrMatMul(randomCsr(3, 4, 1), x)).toThrow(/A is 3×4 but X has 5 rows/);
    x.dispose();
  });
});
