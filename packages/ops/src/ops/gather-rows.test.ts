import * as tf from '@tensorflow/tfjs-core';
import { ZooGatherRows } from '../kernel-names';
import { describeOpAgainstComposition } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { gatherRows } from './gather-rows';

const det = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.61) * 3);
const index = Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 13); // repeated rows

describeOpAgainstComposition(ZooGatherRows, [
  {
    name: '40 of 13 rows (repeats), k = 6',
    inputs: () => [tf.tensor2d(det(13 * 6), [13, 6])],
    op: (x) => gatherRows(x as tf.Tensor2D, index),
    composition: (x) => tf.tidy(() => tf.gather(x, tf.tensor1d(index, 'int32'))),
  },
]);

describe('gatherRows', () => {
  beforeAll(useTestBackend);

  it('gathers rows and scatter-adds the gradient (repeated rows accumulate); rejects rows outside X', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const idx = Int32Array.from([2, 0, 2]);
    const y = gatherRows(x, idx);
    expect(Array.from(y.dataSync())).toEqual([5, 6, 1, 2, 5, 6]);
    const g = tf.grad((xx: tf.Tensor) => gatherRows(xx as tf.Tensor2D, idx).sum())(x);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 0, 0, 2, 2]);
    expect(() => gatherRows(x, Int32Array.of(3))).toThrow(/row 3 outside 0..2/);
    tf.dispose([x, y, g]);
  });
});
