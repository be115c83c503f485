import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../testing/test-backends';
import { batchNormLayer } from './batch-norm-layer';

describe('batchNormLayer', () => {
  beforeAll(useTestBackend);

  it('training: batch statistics out, running statistics moved by m (unbiased variance); eval: running statistics in', () => {
    const x = tf.tensor2d([
      [1, 10],
      [3, 10],
      [5, 16],
    ]);
    const p = { gamma: tf.tensor1d([1, 2]), beta: tf.tensor1d([0, 1]), mean: tf.variable(tf.tensor1d([0, 0])), variance: tf.variable(tf.tensor1d([1, 1])) };
    const before = tf.memory().numTensors;
    const y = batchNormLayer(x, p, true, 0.1, 0);
    // column 0: mean 3, biased var 8/3 → ŷ = (x − 3)/√(8/3); unbiased var 4
    const yv = y.arraySync() as number[][];
    expect(yv[0][0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 5);
    expect(yv[2][1]).toBeCloseTo((2 * (16 - 12)) / Math.sqrt(8) + 1, 5);
    expect(Array.from(p.mean.dataSync())).toEqual([expect.closeTo(0.3, 6), expect.closeTo(1.2, 6)]);
    expect(Array.from(p.variance.dataSync())).toEqual([expect.closeTo(0.9 + 0.4, 5), expect.closeTo(0.9 + 0.1 * 12, 5)]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const e = batchNormLayer(x, p, false, 0.1, 0);
    expect((e.arraySync() as number[][])[0][0]).toBeCloseTo((1 - 0.3) / Math.sqrt(1.3), 5);
    tf.dispose([e, x, p.gamma, p.beta, p.mean, p.variance]);
  });
});
