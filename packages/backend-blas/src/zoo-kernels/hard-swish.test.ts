import * as tf from '@tensorflow/tfjs';
import { ZooHardSwish, hardSwish, hardSwishComposition } from '@zoo/ops';
import { describeOpAgainstComposition, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { nativeKernels } from '../native';
import { poolCounters } from '../buffer-pool';
import { cCalls, det, valuesWithAndWithoutC, withAndWithoutC, usePool } from './zoo-kernels-for-tests';

/**
 * ZooHardSwish (+ Grad) on blas against mul(x, relu6(x + 3)/6), value (the same bits) and gradient, C
 * kernels on and off; the C and JS paths give the same bits, ±3, NaN and ±∞ included.
 */
const available = registerBlasForTests('blas ZooHardSwish tests');

const cases: OpCase[] = [
  { name: '[5, 7] (JS: below the C size)', inputs: () => [tf.tensor2d([-3, 3, ...det(33, 1, 5)], [5, 7])] },
  { name: '[64, 100] (C-sized)', inputs: () => [tf.tensor2d([-3, 3, ...det(6398, 2, 5)], [64, 100])] },
].map((c) => ({ ...c, op: (x) => hardSwish(x), composition: (x) => hardSwishComposition(x), valueTolerance: 0, gradTolerance: 1e-6 }) as OpCase);

(available ? describe : describe.skip)('ZooHardSwish on blas', () => {
  usePool();
  withAndWithoutC(() => describeOpAgainstComposition(ZooHardSwish, cases, { backends: ['blas'] }));

  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const valueAndGrad = () =>
    tf.tidy(() => {
      const x = tf.tensor2d([NaN, Infinity, -Infinity, -3, 3, -0, ...det(6400 - 6, 3, 5)], [64, 100]);
      const w = tf.tensor2d(det(6400, 4, 1), [64, 100]);
      const { value, grad } = tf.valueAndGrad((xx: tf.Tensor) => hardSwish(xx).mul(w).sum())(x);
      return [hardSwish(x), value, grad];
    });

  (nativeKernels() ? it : it.skip)('runs hardSwish and hardSwishGrad in C from 4096 values, in JS with the C kernels off', () => {
    expect(cCalls(['hardSwish', 'hardSwishGrad'], true, () => tf.dispose(valueAndGrad())).calls).toEqual({ hardSwish: 2, hardSwishGrad: 1 });
    expect(cCalls(['hardSwish', 'hardSwishGrad'], false, () => tf.dispose(valueAndGrad())).calls).toEqual({ hardSwish: 0, hardSwishGrad: 0 });
  });

  it('C and JS give the same bits (NaN, ±∞, ±3, −0 included; the composition’s NaN for −∞)', () => {
    const [c, js] = valuesWithAndWithoutC(valueAndGrad);
    for (let i = 0; i < c.length; i++) expect(Buffer.from(c[i].buffer).equals(Buffer.from(js[i].buffer))).toBe(true);
    const [y, , dx] = c;
    expect(Number.isNaN(y[0])).toBe(true);
    expect([y[1], y[3], y[4]]).toEqual([Infinity, -0, 3]);
    expect(Number.isNaN(y[2])).toBe(true); // −∞·0, as the composition
    expect(Number.isNaN(dx[0])).toBe(true);
  });

  it('takes y and ∂x from the pool', () => {
    const x = tf.tensor1d(det(32 * 1024, 5, 5));
    const before = poolCounters.allocated + poolCounters.reused;
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => hardSwish(t).sum())(x));
    expect(poolCounters.allocated + poolCounters.reused).toBeGreaterThanOrEqual(before + 2);
    tf.dispose([x, g]);
  });
});
