import * as tf from '@tensorflow/tfjs';
import { registerBlasForTests } from './blas-for-tests';
import { nativeKernels } from './native';
import { cCalls, det, valuesWithAndWithoutC } from './zoo-kernels/zoo-kernels-for-tests';

/**
 * blas's MaxPool / MaxPoolGrad in C (native/pool.c) against its JS loops and tfjs's cpu kernels, to the bit, on
 * C-sized shapes after a ReLU (windows full of tied zeros: the first strict maximum takes the gradient).
 */
const available = registerBlasForTests('blas max-pool tests');

const cases: [number[], number, number, 'same' | 'valid'][] = [
  [[4, 20, 20, 16], 3, 2, 'same'], // the ResNet stem's pool
  [[2, 17, 15, 5], 3, 2, 'valid'],
  [[1, 40, 40, 3], 2, 2, 'valid'],
];

const run = (shape: number[], size: number, stride: number, pad: 'same' | 'valid') => () =>
  tf.tidy(() => {
    const x = tf.relu(tf.tensor4d(det(shape.reduce((a, b) => a * b), 1, 2), shape as [number, number, number, number]));
    const w = tf.tensor(det(tf.maxPool(x, size, stride, pad).size, 2, 1), tf.maxPool(x, size, stride, pad).shape);
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, size, stride, pad).mul(w).sum())(x);
    return [tf.maxPool(x, size, stride, pad), value, grad];
  });

(available ? describe : describe.skip)('MaxPool and MaxPoolGrad on blas', () => {
  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  it.each(cases)('%j, window %p, stride %p, %s: C and JS the same bits, tfjs cpu the same values and winners', async (shape, size, stride, pad) => {
    const [c, js] = valuesWithAndWithoutC(run(shape, size, stride, pad));
    await tf.setBackend('cpu');
    const cpu = tf.tidy(() => run(shape, size, stride, pad)().map((t) => t.dataSync() as Float32Array));
    await tf.setBackend('blas');
    for (let i = 0; i < c.length; i++) expect(Buffer.from(c[i].buffer).equals(Buffer.from(js[i].buffer))).toBe(true);
    // tfjs cpu: the same pooled values; its gradient sums a pixel's windows in another order (≤ 1 ulp apart)
    expect(Buffer.from(c[0].buffer).equals(Buffer.from(cpu[0].buffer))).toBe(true);
    c[2].forEach((v, j) => expect(Math.abs(v - cpu[2][j])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(cpu[2][j]))));
    expect(c[2].filter((v) => v !== 0).length).toBe(cpu[2].filter((v) => v !== 0).length); // the same winners
  });

  (nativeKernels() ? it : it.skip)('runs in C from 4096 outputs, in JS below or with the C kernels off', () => {
    const [shape, size, stride, pad] = cases[0];
    expect(cCalls(['maxPool', 'maxPoolGrad'], true, () => tf.dispose(run(shape, size, stride, pad)())).calls).toEqual({ maxPool: 4, maxPoolGrad: 1 });
    expect(cCalls(['maxPool', 'maxPoolGrad'], false, () => tf.dispose(run(shape, size, stride, pad)())).calls).toEqual({ maxPool: 0, maxPoolGrad: 0 });
    expect(cCalls(['maxPool'], true, () => tf.dispose(run([1, 8, 8, 4], 3, 2, 'same')())).calls).toEqual({ maxPool: 0 });
  });
});
