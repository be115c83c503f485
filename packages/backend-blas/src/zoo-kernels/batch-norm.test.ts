import * as tf from '@tensorflow/tfjs';
import { ZooBatchNormTraining, ZooBatchNormTrainingGrad, batchNormTraining } from '@zoo/ops';
import { batchNormTrainingCase, describeOpAgainstComposition, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { nativeKernels } from '../native';
import { poolCounters } from '../buffer-pool';
import { cCalls, det, maxAbsDiff, valuesWithAndWithoutC, withAndWithoutC, usePool } from './zoo-kernels-for-tests';

/**
 * ZooBatchNormTraining (+ Grad) on blas against tf.moments + tf.batchNorm (+ tf.relu), value and
 * gradients for x, γ and β, with the C channel passes on and off; which passes ran in C; C and JS agree.
 */
const available = registerBlasForTests('blas ZooBatchNormTraining tests');

const bnCase = (shape: number[], relu: boolean): OpCase =>
  batchNormTrainingCase(shape, relu, {
    label: ` (${shape.reduce((a, b) => a * b, 1) >= 4096 ? 'C-sized' : 'JS: below the C size'})`,
    inputs: (n, C) => [tf.tensor(det(n, 1, 1).map((v, i) => v * (1 + (i % 3))), shape), tf.tensor1d(det(C, 2, 1).map((v) => v + 2)), tf.tensor1d(det(C, 3, 1))],
  });
const cases = [bnCase([3, 4, 5, 6], false), bnCase([3, 4, 5, 6], true), bnCase([4, 8, 8, 20], true), bnCase([2, 16, 16, 16], false), bnCase([300, 24], false)];

(available ? describe : describe.skip)('ZooBatchNormTraining on blas', () => {
  usePool();
  withAndWithoutC(() => describeOpAgainstComposition(ZooBatchNormTraining, cases, { backends: ['blas'] }));

  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const forwardBackward = (relu: boolean) => () =>
    tf.tidy(() => {
      const x = tf.tensor4d(det(4 * 8 * 8 * 32, 4, 1), [4, 8, 8, 32]);
      const g = tf.tensor1d(det(32, 5, 1).map((v) => v + 1.5));
      const b = tf.tensor1d(det(32, 6, 1));
      const w = tf.tensor4d(det(4 * 8 * 8 * 32, 7, 1), [4, 8, 8, 32]);
      const f = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
        const o = batchNormTraining(xx, gg as tf.Tensor1D, bb as tf.Tensor1D, 1e-5, { relu });
        return o.y.mul(w).sum();
      };
      const o = batchNormTraining(x, g, b, 1e-5, { relu });
      return [o.y, o.mean, o.variance, ...tf.grads(f)([x, g, b])];
    });

  (nativeKernels() ? it : it.skip)('runs all four channel passes in C from 4096 values, none with the C kernels off', () => {
    const names = ['channelMoments', 'scaleShift', 'bnBackwardSums', 'bnBackwardApply'] as const;
    const on = cCalls([...names], true, () => tf.dispose(forwardBackward(true)()));
    // forwardBackward runs the forward twice (once under grads) and the backward once
    expect(on.calls).toEqual({ channelMoments: 2, scaleShift: 2, bnBackwardSums: 1, bnBackwardApply: 1 });
    const off = cCalls([...names], false, () => tf.dispose(forwardBackward(true)()));
    expect(off.calls).toEqual({ channelMoments: 0, scaleShift: 0, bnBackwardSums: 0, bnBackwardApply: 0 });
  });

  it.each([false, true])('the C and JS passes agree (relu %s): y, statistics and the three gradients', (relu) => {
    const [c, js] = valuesWithAndWithoutC(forwardBackward(relu));
    for (let i = 0; i < c.length; i++) expect(maxAbsDiff(c[i], js[i])).toBeLessThan(1e-5);
  });

  it('takes y and ∂x from the output-array pool (one pooled array per kernel call)', () => {
    const x = tf.randomNormal([4, 16, 16, 64], 0, 1, 'float32', 1); // 65,536 values: a pooled size
    const gamma = tf.ones([64]);
    const beta = tf.zeros([64]);
    const pooled = () => poolCounters.allocated + poolCounters.reused;
    let before = pooled();
    const forward = tf.engine().runKernel(ZooBatchNormTraining, { x, gamma, beta }, { epsilon: 1e-5, relu: false }) as tf.Tensor[];
    expect(pooled()).toBe(before + 1);
    const [y, mean, , invStd] = forward;
    before = pooled();
    const backward = tf.engine().runKernel(ZooBatchNormTrainingGrad, { dy: y, x, gamma, mean, invStd }, { relu: false }) as tf.Tensor[];
    expect(pooled()).toBe(before + 1);
    expect(backward[0].shape).toEqual(x.shape);
    tf.dispose([x, gamma, beta, ...forward, ...backward]);
  });

  it('y and ∂x go back to the pool when disposed: a second step allocates no new array', () => {
    const x = tf.randomNormal([4, 16, 16, 64], 0, 1, 'float32', 2);
    const gamma = tf.ones([64]);
    const beta = tf.zeros([64]);
    const step = () => {
      const forward = tf.engine().runKernel(ZooBatchNormTraining, { x, gamma, beta }, { epsilon: 1e-5, relu: true }) as tf.Tensor[];
      const [y, mean, , invStd] = forward;
      const backward = tf.engine().runKernel(ZooBatchNormTrainingGrad, { dy: y, x, gamma, mean, invStd, y }, { relu: true }) as tf.Tensor[];
      tf.dispose([...forward, ...backward]);
    };
    step();
    const allocated = poolCounters.allocated;
    const reused = poolCounters.reused;
    step();
    expect(poolCounters.allocated).toBe(allocated);
    expect(poolCounters.reused).toBe(reused + 2);
    tf.dispose([x, gamma, beta]);
  });
});
