import { batchNormLayer, batchNormTraining } from './batch-norm';
import { tf } from './tf';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * (1 + (i % 3)));

describe('batchNormTraining', () => {
  it('matches tf.moments + tf.batchNorm, forward and all gradients (closed form vs autodiff)', () => {
    const x = tf.tensor4d(det(3 * 4 * 5 * 6, 1), [3, 4, 5, 6]);
    const g = tf.tensor1d(det(6, 2).map((v) => v + 2));
    const b = tf.tensor1d(det(6, 3));
    const r = tf.tensor4d(det(3 * 4 * 5 * 6, 4), [3, 4, 5, 6]);
    const before = tf.memory().numTensors;
    const ref = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const { mean, variance } = tf.moments(xx, [0, 1, 2]);
      return tf.batchNorm(xx, mean, variance, bb as tf.Tensor1D, gg as tf.Tensor1D, 1e-5).mul(r).sum();
    };
    const ours = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const o = batchNormTraining(xx, gg as tf.Tensor1D, bb as tf.Tensor1D, 1e-5);
      tf.dispose([o.mean, o.variance]);
      return o.y.mul(r).sum();
    };
    const a = tf.valueAndGrads(ref)([x, g, b]);
    const o = tf.valueAndGrads(ours)([x, g, b]);
    expect(o.value.dataSync()[0]).toBeCloseTo(a.value.dataSync()[0], 3);
    for (let i = 0; i < 3; i++) {
      const d = tf.tidy(() => a.grads[i].sub(o.grads[i]).abs().max().dataSync()[0] / Math.max(1e-6, a.grads[i].abs().max().dataSync()[0]));
      expect(d).toBeLessThan(1e-4);
    }
    tf.dispose([a.value, o.value, ...a.grads, ...o.grads]);
    expect(tf.memory().numTensors).toBe(before);
    const s = batchNormTraining(x, g, b);
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    expect(Array.from(s.mean.dataSync()).map((v, i) => v - mean.dataSync()[i]).every((v) => Math.abs(v) < 1e-5)).toBe(true);
    expect(Array.from(s.variance.dataSync()).map((v, i) => v - variance.dataSync()[i]).every((v) => Math.abs(v) < 1e-4)).toBe(true);
    tf.dispose([x, g, b, r, s.y, s.mean, s.variance, mean, variance]);
  });
});

describe('batchNormLayer', () => {
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
    expect(yv[2][1]).toBeCloseTo(2 * (16 - 12) / Math.sqrt(8) + 1, 5);
    expect(Array.from(p.mean.dataSync())).toEqual([expect.closeTo(0.3, 6), expect.closeTo(1.2, 6)]);
    expect(Array.from(p.variance.dataSync())).toEqual([expect.closeTo(0.9 + 0.4, 5), expect.closeTo(0.9 + 0.1 * 12, 5)]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const e = batchNormLayer(x, p, false, 0.1, 0);
    expect((e.arraySync() as number[][])[0][0]).toBeCloseTo((1 - 0.3) / Math.sqrt(1.3), 5);
    tf.dispose([e, x, p.gamma, p.beta, p.mean, p.variance]);
  });
});
