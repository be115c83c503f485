import * as tf from '@tensorflow/tfjs-core';
import { ZooTanh } from '../kernel-names';
import { describeOpAgainstComposition, expectNoLeaks } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { tanh } from './tanh';

const det = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.77) * 4);

describeOpAgainstComposition(ZooTanh, [
  { name: '[3, 7]', inputs: () => [tf.tensor2d(det(21), [3, 7])], op: (x) => tanh(x), composition: (x) => tf.tanh(x), valueTolerance: 1e-6, gradTolerance: 1e-6 },
  { name: '5000 values', inputs: () => [tf.tensor1d(det(5000))], op: (x) => tanh(x), composition: (x) => tf.tanh(x), valueTolerance: 1e-6, gradTolerance: 1e-6 },
]);

describe('tanh', () => {
  beforeAll(useTestBackend);

  it('equals Math.tanh (tiny, large, ±0, ±∞, NaN) to float32 precision; no leaks', async () => {
    const xs = [-30, -5, -1, -0.3, -1e-5, -0, 0, 1e-7, 2e-4, 0.5, 2, 9, 40, Infinity, -Infinity, NaN];
    const x = tf.tensor1d(xs);
    const y = tf.tidy(() => tanh(x)).dataSync();
    xs.forEach((v, i) => (Number.isNaN(v) ? expect(y[i]).toBeNaN() : expect(y[i]).toBeCloseTo(Math.fround(Math.tanh(v)), 7)));
    expect(Object.is(y[5], -0)).toBe(true);
    await expectNoLeaks(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(tanh(t)))(x)));
    x.dispose();
  });
});
