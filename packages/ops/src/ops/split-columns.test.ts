import * as tf from '@tensorflow/tfjs-core';
import { ZooSplitColumns } from '../kernel-names';
import { describeOpAgainstComposition } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { splitColumns } from './split-columns';

const det = (n: number, s: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.61 + s) * 3);
// the blocks recombined with distinct weights, so each block's gradient is checked (one block unused: zeros); in a
// tidy, as the leak check counts what the op leaves besides its result
const weigh = (parts: tf.Tensor[]) => tf.concat(parts.slice(0, 2).map((p, i) => tf.mul(p, i + 2)), 1);

describeOpAgainstComposition(ZooSplitColumns, [
  {
    name: '[5, 7] → 2 | 1 | 4',
    inputs: () => [tf.tensor2d(det(35, 1), [5, 7])],
    op: (x) => tf.tidy(() => weigh(splitColumns(x as tf.Tensor2D, [2, 1, 4]))),
    composition: (x) => weigh(tf.split(x, [2, 1, 4], 1)),
  },
  {
    name: '[300, 32] → 4 | 28 (MVF: α = 1/8)',
    inputs: () => [tf.tensor2d(det(9600, 2), [300, 32])],
    op: (x) => tf.tidy(() => weigh(splitColumns(x as tf.Tensor2D, [4, 28]))),
    composition: (x) => weigh(tf.split(x, [4, 28], 1)),
  },
]);

describe('splitColumns', () => {
  beforeAll(useTestBackend);

  it('gives the column blocks; widths that do not add up are rejected', () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const [a, b] = splitColumns(x, [1, 2]);
    expect(a.arraySync()).toEqual([[1], [4]]);
    expect(b.arraySync()).toEqual([[2, 3], [5, 6]]);
    expect(() => splitColumns(x, [1, 1])).toThrow(/do not split 3 columns/);
    expect(() => splitColumns(x, [0, 3])).toThrow(/positive blocks/);
    tf.dispose([x, a, b]);
  });
});
