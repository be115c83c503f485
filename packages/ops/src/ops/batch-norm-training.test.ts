import * as tf from '@tensorflow/tfjs-core';
import { ZooBatchNormTraining } from '../kernel-names';
import { batchNormTrainingCase, describeOpAgainstComposition } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { batchNormTraining } from './batch-norm-training';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * (1 + (i % 3)));

const bnCase = (shape: number[], relu: boolean, offset = 0) =>
  batchNormTrainingCase(shape, relu, {
    label: offset ? `, |mean| ≫ σ (offset ${offset})` : '',
    inputs: (n, C) => [tf.tensor(det(n, 1).map((v) => v + offset), shape), tf.tensor1d(det(C, 2).map((v) => v + 2)), tf.tensor1d(det(C, 3))],
    tolerance: offset ? 2e-3 : 1e-4, // with the offset the composition's float32 moments (wasm) lose digits, not ours
  });

describeOpAgainstComposition(ZooBatchNormTraining, [bnCase([3, 4, 5, 6], false), bnCase([3, 4, 5, 6], true), bnCase([4, 8, 8, 20], true), bnCase([2, 16, 16, 16], false, 1000), bnCase([6, 3], false)]);

describe('batchNormTraining', () => {
  beforeAll(useTestBackend);

  it('returns the float64 batch statistics (biased variance), without leaks', () => {
    const shape = [4, 8, 8, 20];
    const n = 4 * 8 * 8 * 20;
    const C = 20;
    const x = tf.tensor(det(n, 1), shape);
    const g = tf.ones([C]) as tf.Tensor1D;
    const b = tf.zeros([C]) as tf.Tensor1D;
    const before = tf.memory().numTensors;
    const s = batchNormTraining(x, g, b);
    const xs = x.dataSync();
    const M = n / C;
    for (const c of [0, C - 1]) {
      let m = 0;
      for (let i = c; i < n; i += C) m += xs[i];
      m /= M;
      let v = 0;
      for (let i = c; i < n; i += C) v += (xs[i] - m) ** 2;
      v /= M;
      expect(Math.abs(s.mean.dataSync()[c] - m)).toBeLessThan(1e-5 * Math.max(1, Math.abs(m)));
      expect(Math.abs(s.variance.dataSync()[c] - v)).toBeLessThan(1e-5 * Math.max(1, v));
    }
    tf.dispose([s.y, s.mean, s.variance]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, g, b]);
  });

  it('rejects γ or β of the wrong length', () => {
    const x = tf.zeros([2, 3]);
    expect(() => batchNormTraining(x, tf.ones([2]) as tf.Tensor1D, tf.zeros([3]) as tf.Tensor1D)).toThrow(/3 channels but γ has 2/);
    x.dispose();
  });
});
