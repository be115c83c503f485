import * as tf from '@tensorflow/tfjs-core';
import { ZooSumOfSquares } from '../kernel-names';
import { describeOpAgainstComposition, expectNoLeaks } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { sumOfSquares, sumOfSquaresComposition } from './sum-of-squares';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.77 + seed) * 3);

describeOpAgainstComposition(ZooSumOfSquares, [
  { name: 'one [3, 4] tensor', inputs: () => [tf.tensor2d(det(12, 1), [3, 4])], op: (x) => sumOfSquares([x]), composition: (x) => sumOfSquaresComposition([x]), valueTolerance: 1e-6 },
  {
    name: 'three tensors of different shapes (6000 values in one)',
    inputs: () => [tf.tensor1d(det(6000, 2)), tf.tensor2d(det(6, 3), [2, 3]), tf.tensor4d(det(24, 4), [1, 2, 3, 4])],
    op: (a, b, c) => sumOfSquares([a, b, c]),
    composition: (a, b, c) => sumOfSquaresComposition([a, b, c]),
    valueTolerance: 1e-6,
  },
]);

describe('sumOfSquares', () => {
  beforeAll(useTestBackend);

  it('known answer: 3² + 4² + 1² + 2² + 2² = 34; no tensors: 0; no leaks', async () => {
    const a = tf.tensor1d([3, 4]);
    const b = tf.tensor2d([[1, 2, 2]]);
    expect(await expectNoLeaks(() => tf.tidy(() => sumOfSquares([a, b]).dataSync()[0]))).toBe(34);
    expect(tf.tidy(() => sumOfSquares([]).dataSync()[0])).toBe(0);
    tf.dispose([a, b]);
  });

  it('accumulates in float64: 1e4 + 1e-4·(10⁶ ones) is not lost to float32 rounding', () => {
    const x = tf.tensor1d([100, ...new Array(1_000_000).fill(0.01)]);
    expect(tf.tidy(() => sumOfSquares([x]).dataSync()[0])).toBeCloseTo(Math.fround(10_100), 3);
    x.dispose();
  });
});
