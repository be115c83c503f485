import * as tf from '@tensorflow/tfjs';
import { ZooRelu, relu } from '@zoo/ops';
import { describeOpAgainstComposition, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { nativeKernels } from '../native';
import { cCalls, det, valuesWithAndWithoutC, withAndWithoutC } from './zoo-kernels-for-tests';

/**
 * ZooRelu (this backend's Relu) and ZooReluGrad (the C kernel reluGrad) on blas against tf.relu, value
 * and gradient, C kernels on and off; the two paths are bit-identical (a select, no rounding).
 */
const available = registerBlasForTests('blas ZooRelu tests');

const cases: OpCase[] = [
  { name: '[5, 7] (JS: below the C size)', inputs: () => [tf.tensor2d(det(35, 1), [5, 7])] },
  { name: '[64, 100] (C-sized)', inputs: () => [tf.tensor2d(det(6400, 2), [64, 100])] },
].map((c) => ({ ...c, op: (x) => relu(x), composition: (x) => tf.relu(x), valueTolerance: 0, gradTolerance: 0 }) as OpCase);

(available ? describe : describe.skip)('ZooRelu on blas', () => {
  withAndWithoutC(() => describeOpAgainstComposition(ZooRelu, cases, { backends: ['blas'] }));

  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const valueAndGrad = () =>
    tf.tidy(() => {
      const x = tf.tensor2d([NaN, -0, 0, ...det(6400 - 3, 3)], [64, 100]);
      const w = tf.tensor2d([NaN, 1, ...det(6400 - 2, 4)], [64, 100]);
      const { value, grad } = tf.valueAndGrad((xx: tf.Tensor) => relu(xx).mul(w).sum())(x);
      return [relu(x), value, grad];
    });

  (nativeKernels() ? it : it.skip)('computes ∂x in C from 4096 values, in JS with the C kernels off', () => {
    expect(cCalls(['reluGrad'], true, () => tf.dispose(valueAndGrad())).calls.reluGrad).toBe(1);
    expect(cCalls(['reluGrad'], false, () => tf.dispose(valueAndGrad())).calls.reluGrad).toBe(0);
  });

  it('C and JS give the same bits, NaN and −0 included (∂x = ∂y where y > 0: NaN ∂y at x ≤ 0 gives 0)', () => {
    const [c, js] = valuesWithAndWithoutC(valueAndGrad);
    for (let i = 0; i < c.length; i++) expect(Array.from(c[i]).map(String)).toEqual(Array.from(js[i]).map(String));
    const [y, , dx] = c;
    expect(Number.isNaN(y[0])).toBe(true);
    expect(Object.is(y[1], 0)).toBe(true);
    expect(dx[0]).toBe(0); // x = NaN: y = NaN is not > 0
    expect(dx[1]).toBe(0); // ∂y = 1 where x = −0
  });
});
