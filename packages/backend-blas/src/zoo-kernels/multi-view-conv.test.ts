import * as tf from '@tensorflow/tfjs';
import { ZooMultiViewConv, ZooMultiViewConvGrad, multiViewConv, multiViewConvComposition } from '@zoo/ops';
import { describeOpAgainstComposition, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { nativeKernels } from '../native';
import { poolCounters } from '../buffer-pool';
import { cCalls, det, maxAbsDiff, valuesWithAndWithoutC, withAndWithoutC, usePool } from './zoo-kernels-for-tests';

/**
 * ZooMultiViewConv (+ Grad) on blas against the three-depthwise-conv composition, value and gradients for
 * x and every kernel, modes T / TH / TW / THW and one kernel shared by the views, C kernels on and off;
 * which C kernels ran; C and JS agree; y and ∂x come from the pool.
 */
const available = registerBlasForTests('blas ZooMultiViewConv tests');
type Views = 'T' | 'TH' | 'TW' | 'THW';

const mvfCase = (shape: number[], views: Views, share = false): OpCase => {
  const C = shape[4];
  const n = shape.reduce((a, b) => a * b, 1);
  const pick = (f: typeof multiViewConv) => (x: tf.Tensor, ...w: tf.Tensor[]) => {
    const k = w as tf.Tensor2D[];
    if (share) return f(x, k[0], views.includes('H') ? k[0] : undefined, views.includes('W') ? k[0] : undefined);
    let i = 1;
    return f(x, k[0], views.includes('H') ? k[i++] : undefined, views.includes('W') ? k[i++] : undefined);
  };
  return {
    name: `${views}${share ? ' shared' : ''} on [${shape.join(', ')}] (${n >= 4096 ? 'C-sized' : 'JS: below the C size'})`,
    inputs: () => [tf.tensor(det(n, 1, 2), shape), ...Array.from({ length: share ? 1 : views.length }, (_, v) => tf.tensor2d(det(3 * C, v + 2, 1), [3, C]))],
    op: pick(multiViewConv),
    composition: pick(multiViewConvComposition),
    valueTolerance: 1e-5,
    gradTolerance: 1e-4, // ∂w sums N·T·H·W products: float32 (composition) vs float64 (kernel) sums
  };
};

const cases = [
  mvfCase([2, 3, 4, 5, 6], 'THW'),
  mvfCase([2, 4, 7, 7, 16], 'THW'),
  mvfCase([2, 4, 7, 7, 16], 'TH'),
  mvfCase([2, 4, 7, 7, 16], 'T'),
  mvfCase([1, 4, 6, 5, 33], 'TW'),
  mvfCase([2, 4, 7, 7, 16], 'THW', true),
  mvfCase([1, 8, 4, 4, 40], 'TH', true),
  mvfCase([1, 1, 8, 8, 64], 'THW'),
];

(available ? describe : describe.skip)('ZooMultiViewConv on blas', () => {
  usePool();
  withAndWithoutC(() => describeOpAgainstComposition(ZooMultiViewConv, cases, { backends: ['blas'] }));

  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const forwardBackward = (views: Views, share: boolean) => () =>
    tf.tidy(() => {
      const shape = [2, 4, 6, 7, 24];
      const x = tf.tensor(det(2 * 4 * 6 * 7 * 24, 4, 2), shape);
      const ws = Array.from({ length: share ? 1 : views.length }, (_, v) => tf.tensor2d(det(72, v + 5, 1), [3, 24]));
      const r = tf.tensor(det(2 * 4 * 6 * 7 * 24, 8, 1), shape);
      const f = (xx: tf.Tensor, ...k: tf.Tensor[]) => {
        const w = (share ? [k[0], k[0], k[0]] : k) as tf.Tensor2D[];
        let i = 1;
        return multiViewConv(xx, w[0], views.includes('H') ? w[i++] : undefined, views.includes('W') ? w[i++] : undefined);
      };
      return [f(x, ...ws), ...tf.grads((xx: tf.Tensor, ...k: tf.Tensor[]) => f(xx, ...k).mul(r).sum())([x, ...ws])];
    });

  (nativeKernels() ? it : it.skip)('runs mvfForward and mvfBackward in C from 4096 values, none with the C kernels off', () => {
    const on = cCalls(['mvfForward', 'mvfBackward'], true, () => tf.dispose(forwardBackward('THW', false)()));
    expect(on.calls).toEqual({ mvfForward: 2, mvfBackward: 1 }); // the forward again under grads
    const off = cCalls(['mvfForward', 'mvfBackward'], false, () => tf.dispose(forwardBackward('THW', false)()));
    expect(off.calls).toEqual({ mvfForward: 0, mvfBackward: 0 });
  });

  it.each([['THW', false], ['TH', false], ['T', false], ['TW', false], ['THW', true]] as [Views, boolean][])('the C and JS kernels agree (%s, shared %s): y, ∂x and the ∂w', (views, share) => {
    const [c, js] = valuesWithAndWithoutC(forwardBackward(views, share));
    for (let i = 0; i < c.length; i++) expect(maxAbsDiff(c[i], js[i])).toBeLessThan(1e-4);
  });

  it('takes y and ∂x from the output-array pool', () => {
    const x = tf.randomNormal([2, 4, 8, 8, 64], 0, 1, 'float32', 1); // 32,768 values: a pooled size
    const w = tf.randomNormal([3, 64], 0, 1, 'float32', 2);
    const pooled = () => poolCounters.allocated + poolCounters.reused;
    let before = pooled();
    const y = tf.engine().runKernel(ZooMultiViewConv, [x, w, w] as unknown as tf.NamedTensorMap, { views: 'TH' }) as tf.Tensor;
    expect(pooled()).toBe(before + 1);
    before = pooled();
    const grads = tf.engine().runKernel(ZooMultiViewConvGrad, [y, x, w, w] as unknown as tf.NamedTensorMap, { views: 'TH' }) as tf.Tensor[];
    expect(pooled()).toBe(before + 1);
    expect(grads.map((g) => g.shape)).toEqual([x.shape, [3, 64], [3, 64]]);
    tf.dispose([x, w, y, ...grads]);
  });
});
