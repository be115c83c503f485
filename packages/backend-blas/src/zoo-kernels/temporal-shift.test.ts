import * as tf from '@tensorflow/tfjs';
import { ZooTemporalShift, temporalShift, temporalShiftComposition } from '@zoo/ops';
import { describeOpAgainstComposition, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { nativeKernels } from '../native';
import { poolCounters } from '../buffer-pool';
import { cCalls, det, valuesWithAndWithoutC, withAndWithoutC, usePool } from './zoo-kernels-for-tests';

/** ZooTemporalShift on blas against slices + pads + concat, value and gradient (copies: exact), C on and off. */
const available = registerBlasForTests('blas ZooTemporalShift tests');

const tsmCase = (shape: [number, number, number, number], segments: number, foldDiv = 8): OpCase => {
  const n = shape.reduce((a, b) => a * b, 1);
  return {
    name: `[${shape.join(', ')}], ${segments} segments, foldDiv ${foldDiv} (${n >= 4096 ? 'C-sized' : 'JS: below the C size'})`,
    inputs: () => [tf.tensor4d(det(n, 1), shape)],
    op: (x) => temporalShift(x as tf.Tensor4D, segments, foldDiv),
    composition: (x) => temporalShiftComposition(x as tf.Tensor4D, segments, foldDiv),
    valueTolerance: 0,
    gradTolerance: 0,
  };
};
const cases = [tsmCase([6, 2, 3, 16], 3), tsmCase([16, 7, 7, 64], 8), tsmCase([8, 8, 8, 33], 4, 4), tsmCase([4, 16, 16, 8], 1), tsmCase([8, 6, 6, 24], 2, 2)];

(available ? describe : describe.skip)('ZooTemporalShift on blas', () => {
  usePool();
  withAndWithoutC(() => describeOpAgainstComposition(ZooTemporalShift, cases, { backends: ['blas'] }));

  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const valueAndGrad = () =>
    tf.tidy(() => {
      const x = tf.tensor4d(det(16 * 7 * 7 * 64, 2), [16, 7, 7, 64]);
      const w = tf.tensor4d(det(16 * 7 * 7 * 64, 3), [16, 7, 7, 64]);
      return [temporalShift(x, 8), tf.grad((t: tf.Tensor) => temporalShift(t as tf.Tensor4D, 8).mul(w).sum())(x)];
    });

  (nativeKernels() ? it : it.skip)('shifts in C both ways (forward, gradient), not with the C kernels off', () => {
    expect(cCalls(['temporalShift'], true, () => tf.dispose(valueAndGrad())).calls.temporalShift).toBe(3);
    expect(cCalls(['temporalShift'], false, () => tf.dispose(valueAndGrad())).calls.temporalShift).toBe(0);
  });

  it('C and JS give the same bits', () => {
    const [c, js] = valuesWithAndWithoutC(valueAndGrad);
    for (let i = 0; i < c.length; i++) expect(Buffer.from(c[i].buffer).equals(Buffer.from(js[i].buffer))).toBe(true);
  });

  it('takes y from the pool', () => {
    const x = tf.tensor4d(det(8 * 8 * 8 * 64, 4), [8, 8, 8, 64]);
    const before = poolCounters.allocated + poolCounters.reused;
    const y = tf.engine().runKernel(ZooTemporalShift, { x }, { segments: 4, fold: 8, reverse: false }) as tf.Tensor;
    expect(poolCounters.allocated + poolCounters.reused).toBe(before + 1);
    tf.dispose([x, y]);
  });
});
