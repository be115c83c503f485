import { batchNormLayer, batchNormTraining } from './batch-norm';
import { setNativeKernels } from '@zoo/backend-blas/native';
import { tf } from './tf';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * (1 + (i % 3)));

function compareWithComposition(shape: number[], relu: boolean, offset = 0): void {
  const n = shape.reduce((a, b) => a * b, 1);
  const C = shape[shape.length - 1];
  const axes = shape.slice(0, -1).map((_, i) => i);
  const x = tf.tensor(det(n, 1).map((v) => v + offset), shape);
  const g = tf.tensor1d(det(C, 2).map((v) => v + 2));
  const b = tf.tensor1d(det(C, 3));
  const r = tf.tensor(det(n, 4), shape);
  const before = tf.memory().numTensors;
  const ref = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
    const { mean, variance } = tf.moments(xx, axes);
    const y = tf.batchNorm(xx, mean, variance, bb as tf.Tensor1D, gg as tf.Tensor1D, 1e-5);
    return (relu ? tf.relu(y) : y).mul(r).sum();
  };
  const ours = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
    const o = batchNormTraining(xx, gg as tf.Tensor1D, bb as tf.Tensor1D, 1e-5, { relu });
    tf.dispose([o.mean, o.variance]);
    return o.y.mul(r).sum();
  };
  const a = tf.valueAndGrads(ref)([x, g, b]);
  const o = tf.valueAndGrads(ours)([x, g, b]);
  expect(Math.abs(o.value.dataSync()[0] - a.value.dataSync()[0]) / Math.max(1, Math.abs(a.value.dataSync()[0]))).toBeLessThan(1e-4);
  for (let i = 0; i < 3; i++) {
    const d = tf.tidy(() => a.grads[i].sub(o.grads[i]).abs().max().dataSync()[0] / Math.max(1e-6, a.grads[i].abs().max().dataSync()[0]));
    expect(d).toBeLessThan(offset ? 2e-3 : 1e-4);
  }
  tf.dispose([a.value, o.value, ...a.grads, ...o.grads]);
  expect(tf.memory().numTensors).toBe(before);
  const s = batchNormTraining(x, g, b);
  // float64 statistics vs the definition in float64
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
  tf.dispose([x, g, b, r, s.y, s.mean, s.variance]);
}

describe('batchNormTraining', () => {
  // [3,4,5,6] runs the JS loops; [4,8,8,20] (5,120 values) the C kernels when they are built
  for (const shape of [[3, 4, 5, 6], [4, 8, 8, 20]])
    for (const relu of [false, true])
      it(`matches tf.moments + tf.batchNorm${relu ? ' + tf.relu' : ''} on ${shape.join('×')}, forward and all gradients (closed form vs autodiff)`, () => {
        compareWithComposition(shape, relu);
      });

  it('the JS loops and the C kernels agree (when the C kernels are built)', () => {
    const was = setNativeKernels(false);
    try {
      compareWithComposition([4, 8, 8, 20], true);
    } finally {
      setNativeKernels(was);
    }
  });

  it('statistics stay accurate when |mean| ≫ σ (one-pass moments with a shift)', () => {
    compareWithComposition([2, 16, 16, 16], false, 1000);
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
