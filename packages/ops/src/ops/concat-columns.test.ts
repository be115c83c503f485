import * as tf from '@tensorflow/tfjs-core';
import { ZooConcatColumns } from '../kernel-names';
import { describeOpAgainstComposition } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { concatColumns } from './concat-columns';

const det = (n: number, s: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.61 + s) * 3);

describeOpAgainstComposition(ZooConcatColumns, [
  {
    name: '[5, 2] ‖ [5, 1] ‖ [5, 4]',
    inputs: () => [tf.tensor2d(det(10, 1), [5, 2]), tf.tensor2d(det(5, 2), [5, 1]), tf.tensor2d(det(20, 3), [5, 4])],
    op: (...xs) => concatColumns(xs as tf.Tensor2D[]),
    composition: (...xs) => tf.concat(xs, 1),
  },
  {
    name: 'two [300, 16]',
    inputs: () => [tf.tensor2d(det(4800, 1), [300, 16]), tf.tensor2d(det(4800, 2), [300, 16])],
    op: (...xs) => concatColumns(xs as tf.Tensor2D[]),
    composition: (...xs) => tf.concat(xs, 1),
  },
]);

describe('concatColumns', () => {
  beforeAll(useTestBackend);

  it('one tensor gives a copy; no tensors or unequal row counts are rejected', () => {
    const a = tf.tensor2d([[1, 2]]);
    const c = concatColumns([a]);
    expect(c).not.toBe(a);
    expect(c.arraySync()).toEqual([[1, 2]]);
    expect(() => concatColumns([])).toThrow(/no tensors/);
    const b = tf.zeros([2, 1]) as tf.Tensor2D;
    expect(() => concatColumns([a, b])).toThrow(/row counts differ \(1, 2\)/);
    tf.dispose([a, b, c]);
  });
});
