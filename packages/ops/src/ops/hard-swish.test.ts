import * as tf from '@tensorflow/tfjs-core';
import { ZooHardSwish } from '../kernel-names';
import { describeOpAgainstComposition, expectNoLeaks } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { hardSwish, hardSwishComposition } from './hard-swish';

const det = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.77) * 5);

describeOpAgainstComposition(ZooHardSwish, [
  // the forward gives the composition's bits (valueTolerance 0); ±3 exactly: the kinks of the gradient
  { name: '[3, 7] with −3, 0 and 3', inputs: () => [tf.tensor2d([-3, 0, 3, ...det(18)], [3, 7])], op: (x) => hardSwish(x), composition: (x) => hardSwishComposition(x), valueTolerance: 0, gradTolerance: 1e-6 },
  { name: '6000 values', inputs: () => [tf.tensor1d(det(6000))], op: (x) => hardSwish(x), composition: (x) => hardSwishComposition(x), valueTolerance: 0, gradTolerance: 1e-6 },
]);

describe('hardSwish', () => {
  beforeAll(useTestBackend);

  it('known answers: 0 below −3, x above 3, x(x + 3)/6 between; ∂x 0, (2x + 3)/6, 1; NaN kept; no leaks', async () => {
    const xs = [-10, -3, -1.5, 0, 1, 3, 4, NaN];
    const x = tf.tensor1d(xs);
    const y = tf.tidy(() => hardSwish(x).dataSync());
    expect(Array.from(y.subarray(0, 7))).toEqual([-0, -0, -0.375, 0, Math.fround(4 / 6), 3, 4].map(Math.fround));
    expect(y[7]).toBeNaN();
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(hardSwish(t)))(x).dataSync());
    expect(Array.from(g.subarray(0, 7))).toEqual([0, 0, 0, 0.5, Math.fround(5 / 6), 1.5, 1].map(Math.fround));
    expect(g[7]).toBeNaN();
    await expectNoLeaks(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(hardSwish(t)))(x)));
    x.dispose();
  });

  it('int32 tensors go to the composition', () => {
    const x = tf.tensor1d([-4, 1, 5], 'int32');
    const y = hardSwish(x);
    expect(Array.from(y.dataSync())).toEqual(Array.from(tf.tidy(() => hardSwishComposition(x).dataSync())));
    tf.dispose([x, y]);
  });
});
