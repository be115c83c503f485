import * as tf from '@tensorflow/tfjs-core';
import { ZooMultiViewConv, ZooMultiViewConvGrad } from '../kernel-names';
import { describeOpAgainstComposition, expectNoLeaks, type OpCase } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { multiViewConv, multiViewConvComposition } from './multi-view-conv';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 2);
type Views = 'T' | 'TH' | 'TW' | 'THW';

/** x of `shape` and one [3, C] kernel per view (or one kernel passed for every view: MVFNet's `share`). */
const mvfCase = (shape: number[], views: Views, share = false): OpCase => {
  const C = shape[4];
  const n = shape.reduce((a, b) => a * b, 1);
  const pick = (f: typeof multiViewConv) => (x: tf.Tensor, ...ws: tf.Tensor[]) => {
    const w = ws as tf.Tensor2D[];
    if (share) return f(x, w[0], views.includes('H') ? w[0] : undefined, views.includes('W') ? w[0] : undefined);
    let k = 1;
    return f(x, w[0], views.includes('H') ? w[k++] : undefined, views.includes('W') ? w[k++] : undefined);
  };
  return {
    name: `${views}${share ? ' (one kernel shared by the views)' : ''} on [${shape.join(', ')}]`,
    inputs: () => [tf.tensor(det(n, 1), shape), ...Array.from({ length: share ? 1 : views.length }, (_, v) => tf.tensor2d(det(3 * C, v + 2), [3, C]))],
    op: pick(multiViewConv),
    composition: pick(multiViewConvComposition),
  };
};

describeOpAgainstComposition(ZooMultiViewConv, [
  mvfCase([2, 3, 4, 5, 6], 'THW'),
  mvfCase([2, 3, 4, 5, 6], 'TH'),
  mvfCase([2, 3, 4, 5, 6], 'T'),
  mvfCase([1, 4, 3, 3, 5], 'TW'),
  mvfCase([2, 3, 4, 5, 6], 'THW', true),
  mvfCase([1, 5, 3, 4, 2], 'TH', true),
  mvfCase([1, 1, 1, 1, 3], 'THW'),
  mvfCase([1, 8, 7, 7, 16], 'THW'),
]);

describe('multiViewConv', () => {
  beforeAll(useTestBackend);

  it('known answer: T taps [1, 10, 100] over frames [1, 2, 3]; ∂x and ∂w for ∂y = 1', async () => {
    const x = tf.tensor([1, 2, 3], [1, 3, 1, 1, 1]);
    const w = tf.tensor2d([1, 10, 100], [3, 1]);
    expect(Array.from(tf.tidy(() => multiViewConv(x, w).dataSync()))).toEqual([210, 321, 32]);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(multiViewConv(a, b as tf.Tensor2D)))([x, w]);
    // ∂x[s] = Σ_j w[j]·[s − j + 1 is a frame]; ∂w[j] = Σ_t x[t + j − 1]
    expect(Array.from(dx.dataSync())).toEqual([11, 111, 110]);
    expect(Array.from(dw.dataSync())).toEqual([3, 6, 5]);
    tf.dispose([x, w, dx, dw]);
  });

  it('known answer: H and W views on one 3×3 frame (centre tap only vs neighbours)', () => {
    const x = tf.tensor(Array.from({ length: 9 }, (_, i) => i + 1), [1, 1, 3, 3, 1]);
    const zero = tf.zeros([3, 1]) as tf.Tensor2D;
    const up = tf.tensor2d([1, 0, 0], [3, 1]); // y[h] = x[h − 1]
    const right = tf.tensor2d([0, 0, 1], [3, 1]); // y[w] = x[w + 1]
    const y = tf.tidy(() => Array.from(multiViewConv(x, zero, up, right).dataSync()));
    // x = [[1,2,3],[4,5,6],[7,8,9]]: row above + pixel to the right
    expect(y).toEqual([0 + 2, 0 + 3, 0 + 0, 1 + 5, 2 + 6, 3 + 0, 4 + 8, 5 + 9, 6 + 0]);
    tf.dispose([x, zero, up, right]);
  });

  it('a shared kernel gets the sum of the three views’ gradients; runs one backward kernel; no leaks', async () => {
    const x = tf.tensor(det(2 * 3 * 4 * 4 * 3, 5), [2, 3, 4, 4, 3]);
    const w = tf.tensor2d(det(9, 6), [3, 3]);
    const [a, b, c] = [0, 1, 2].map((i) => tf.tensor2d(det(9, 6), [3, 3]).add(0 * i) as tf.Tensor2D);
    const shared = tf.grad((k: tf.Tensor) => tf.sum(tf.square(multiViewConv(x, k as tf.Tensor2D, k as tf.Tensor2D, k as tf.Tensor2D))))(w);
    const separate = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.square(multiViewConv(x, p as tf.Tensor2D, q as tf.Tensor2D, r as tf.Tensor2D))))([a, b, c]);
    const sum = tf.addN(separate);
    const got = shared.dataSync();
    const want = sum.dataSync();
    for (let i = 0; i < 9; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(want[i])));
    const info = await tf.profile(() => tf.dispose(tf.grad((k: tf.Tensor) => tf.sum(multiViewConv(x, k as tf.Tensor2D, k as tf.Tensor2D, k as tf.Tensor2D)))(w)));
    expect(info.kernelNames.filter((k) => k === ZooMultiViewConvGrad)).toHaveLength(1);
    await expectNoLeaks(() => tf.dispose(tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(multiViewConv(p, q as tf.Tensor2D, q as tf.Tensor2D)))([x, w])));
    tf.dispose([x, w, a, b, c, shared, ...separate, sum]);
  });

  it('rejects x of the wrong rank and kernels of the wrong shape', () => {
    const x = tf.zeros([1, 2, 3, 3, 4]);
    const bad = tf.zeros([3, 5]) as tf.Tensor2D;
    const good = tf.zeros([3, 4]) as tf.Tensor2D;
    expect(() => multiViewConv(tf.zeros([2, 3, 3, 4]), good)).toThrow('expected x [N, T, H, W, c], got [2, 3, 3, 4]');
    expect(() => multiViewConv(x, good, bad)).toThrow('wH must be [3, 4], got [3, 5]');
    tf.dispose([x, bad, good]);
  });
});
