import * as tf from '@tensorflow/tfjs';
import { CsrMatrix, ZooCsrMatMul, csrMatMul } from '@zoo/ops';
import { describeOpAgainstComposition, randomCsr, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { nativeKernels } from '../native';
import { poolCounters } from '../buffer-pool';
import { cCalls, valuesWithAndWithoutC, withAndWithoutC, usePool } from './zoo-kernels-for-tests';

/**
 * ZooCsrMatMul on blas against tf.matMul with the dense matrix, value and ∂X, with the C kernel on and
 * off (then @zoo/ops's SIMD / JS kernels): every path gives the same bits; malformed CSR is rejected.
 */
const available = registerBlasForTests('blas ZooCsrMatMul tests');

const csrCase = (rows: number, cols: number, k: number): OpCase => {
  const a = randomCsr(rows, cols, rows + k);
  return {
    name: `${rows}×${cols} by [${cols}, ${k}]${k % 4 ? '' : ' (SIMD width without C)'}`,
    inputs: () => [tf.tensor2d(Array.from({ length: cols * k }, (_, i) => Math.sin(i * 0.37)), [cols, k])],
    op: (x) => csrMatMul(a, x as tf.Tensor2D),
    composition: (x) => tf.matMul(tf.tensor2d(a.toDense(), [rows, cols]), x as tf.Tensor2D),
  };
};
const cases = [csrCase(300, 90, 128), csrCase(300, 90, 70), csrCase(23, 17, 5), csrCase(23, 17, 4)];

(available ? describe : describe.skip)('ZooCsrMatMul on blas', () => {
  usePool();
  withAndWithoutC(() => describeOpAgainstComposition(ZooCsrMatMul, cases, { backends: ['blas'] }));

  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const a = randomCsr(400, 120, 9);
  const productAndGrad = (k: number) => () =>
    tf.tidy(() => {
      const x = tf.tensor2d(Array.from({ length: 120 * k }, (_, i) => Math.cos(i * 0.11)), [120, k]);
      const w = tf.tensor2d(Array.from({ length: 400 * k }, (_, i) => Math.sin(i * 0.7)), [400, k]);
      return [csrMatMul(a, x), tf.grad((xx: tf.Tensor) => csrMatMul(a, xx as tf.Tensor2D).mul(w).sum())(x)];
    });

  (nativeKernels() ? it : it.skip)('runs csrSpmm in C (forward and Aᵀ·∂Y), not with the C kernels off', () => {
    expect(cCalls(['csrSpmm'], true, () => tf.dispose(productAndGrad(64)())).calls.csrSpmm).toBe(3);
    expect(cCalls(['csrSpmm'], false, () => tf.dispose(productAndGrad(64)())).calls.csrSpmm).toBe(0);
  });

  it.each([128, 64, 70, 5])('C, SIMD and JS give the same bits: k = %i', (k) => {
    const [c, other] = valuesWithAndWithoutC(productAndGrad(k));
    for (let i = 0; i < c.length; i++) expect(Buffer.from(c[i].buffer).equals(Buffer.from(other[i].buffer))).toBe(true);
  });

  it('takes Y from the output-array pool', () => {
    const x = tf.ones([120, 256]); // Y: 400 × 256 = 102,400 values
    const before = poolCounters.allocated + poolCounters.reused;
    const y = tf.engine().runKernel(ZooCsrMatMul, { x }, { a } as never) as tf.Tensor;
    expect(poolCounters.allocated + poolCounters.reused).toBe(before + 1);
    tf.dispose([x, y]);
  });

  it('rejects malformed CSR naming the entry, on the C path too (the kernel would read outside X)', () => {
    const good = randomCsr(30, 9, 3);
    const p = good.indptr[7];
    const indices = good.indices.slice();
    indices[p] = 9;
    const bad = new CsrMatrix(30, 9, good.indptr, indices, good.values);
    const x = tf.zeros([9, 4]) as tf.Tensor2D;
    expect(() => csrMatMul(bad, x)).toThrow(`column index 9 in row 7 (nonzero ${p}) is outside [0, 9)`);
    x.dispose();
  });
});
