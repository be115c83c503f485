import * as tf from '@tensorflow/tfjs-core';
import { ZooSoftmaxCrossEntropy } from '../kernel-names';
import { describeOpAgainstComposition } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { softmaxCrossEntropy, softmaxCrossEntropyComposition } from './softmax-cross-entropy';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 4);

describeOpAgainstComposition(ZooSoftmaxCrossEntropy, [
  {
    name: 'class ids, [7, 5]',
    inputs: () => [tf.tensor1d([0, 4, 2, 2, 1, 3, 0], 'int32'), tf.tensor2d(det(35, 1), [7, 5])],
    op: (y, z) => softmaxCrossEntropy(y, z),
    composition: (y, z) => softmaxCrossEntropyComposition(y, z),
    differentiate: [1],
  },
  {
    name: 'soft labels over a [2, 3, 4] batch',
    inputs: () => [tf.tidy(() => tf.softmax(tf.tensor3d(det(24, 2), [2, 3, 4]))), tf.tensor3d(det(24, 3), [2, 3, 4])],
    op: (y, z) => softmaxCrossEntropy(y, z),
    composition: (y, z) => softmaxCrossEntropyComposition(y, z),
    differentiate: [1],
  },
  {
    name: 'class ids, 4096 values (the size where blas switches to C)',
    inputs: () => [tf.tensor1d(Array.from({ length: 512 }, (_, i) => (i * 7) % 8), 'int32'), tf.tensor2d(det(4096, 4), [512, 8])],
    op: (y, z) => softmaxCrossEntropy(y, z),
    composition: (y, z) => softmaxCrossEntropyComposition(y, z),
    differentiate: [1],
  },
]);

describe('softmaxCrossEntropy', () => {
  beforeAll(useTestBackend);

  it('known answer: uniform logits give log C; a confident right answer gives ~0; large logits do not overflow', () => {
    const l = softmaxCrossEntropy(tf.tensor1d([2, 0], 'int32'), tf.tensor2d([[0, 0, 0, 0], [50, 0, 0, 0]]));
    expect(l.dataSync()[0]).toBeCloseTo(Math.log(4) / 2, 6);
    const big = softmaxCrossEntropy(tf.tensor1d([1], 'int32'), tf.tensor2d([[1000, 1001]]));
    expect(big.dataSync()[0]).toBeCloseTo(Math.log(1 + Math.exp(-1)), 5);
  });

  it('gradient matches central finite differences', () => {
    const zv = det(3 * 4, 3).map((v) => v / 4);
    const ids = tf.tensor1d([3, 0, 1], 'int32');
    const f = (v: number[]) => tf.tidy(() => softmaxCrossEntropy(ids, tf.tensor2d(v, [3, 4])).dataSync()[0]);
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => softmaxCrossEntropy(ids, x))(tf.tensor2d(zv, [3, 4])).dataSync());
    const h = 1e-2;
    for (let i = 0; i < zv.length; i++) {
      const p = [...zv];
      const m = [...zv];
      p[i] += h;
      m[i] -= h;
      expect(g[i]).toBeCloseTo((f(p) - f(m)) / (2 * h), 3);
    }
    ids.dispose();
  });

  it('rejects labels that do not fit the logits, naming what was expected', () => {
    const z = tf.zeros([2, 3]);
    expect(() => softmaxCrossEntropy(tf.tensor1d([0, 1, 2], 'int32'), z)).toThrow(/2 int32 class ids/);
    expect(() => softmaxCrossEntropy(tf.tensor1d([0, 3], 'int32'), z)).toThrow(/label 3 at row 1/);
    z.dispose();
  });
});
