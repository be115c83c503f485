import * as tf from '@tensorflow/tfjs-core';
import { ZooRelu } from '../kernel-names';
import { describeOpAgainstComposition, expectNoLeaks } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { relu } from './relu';

const det = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) * 3 + 0.01);

describeOpAgainstComposition(ZooRelu, [
  { name: '[4, 5]', inputs: () => [tf.tensor2d(det(20), [4, 5])], op: (x) => relu(x), composition: (x) => tf.relu(x) },
  { name: '6000 values', inputs: () => [tf.tensor1d(det(6000))], op: (x) => relu(x), composition: (x) => tf.relu(x) },
]);

describe('relu', () => {
  beforeAll(useTestBackend);

  it("equals tf.relu bit for bit (±0, ±∞, NaN); its gradient is ∂y where y > 0 and exactly 0 elsewhere (NaN in ∂y too)", async () => {
    const n = 6000;
    const xs = det(n);
    [0, -0, Infinity, -Infinity, NaN, 1e-40].forEach((v, i) => (xs[i * 11] = v));
    const x = tf.tensor1d(xs);
    const want = tf.tidy(() => tf.relu(x).dataSync());
    const got = tf.tidy(() => relu(x).dataSync());
    for (let i = 0; i < n; i++) expect(Object.is(got[i], want[i]) || (Number.isNaN(got[i]) && Number.isNaN(want[i]))).toBe(true);
    const dyv = Array.from({ length: n }, (_, i) => Math.cos(i));
    dyv[22] = NaN; // at x = +∞ (kept)
    dyv[33] = NaN; // at x = −∞ (masked: 0, where tfjs's ∂y·step(x) gives NaN)
    const dy = tf.tensor1d(dyv);
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(relu(t), dy)))(x).dataSync());
    for (let i = 0; i < n; i++) {
      if (want[i] > 0) expect(Object.is(g[i], Math.fround(dyv[i])) || (Number.isNaN(g[i]) && Number.isNaN(dyv[i]))).toBe(true);
      else expect(Object.is(g[i], 0)).toBe(true);
    }
    await expectNoLeaks(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(relu(t)))(x)));
    tf.dispose([x, dy]);
  });

  it('int32 tensors go to tf.relu', () => {
    const x = tf.tensor1d([-2, 3], 'int32');
    const y = relu(x);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([0, 3]);
    tf.dispose([x, y]);
  });
});
