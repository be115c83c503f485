import * as tf from '@tensorflow/tfjs-core';
import { ZooSgdUpdate, type ZooSgdUpdateAttrs } from '../kernel-names';
import { describeOpAgainstComposition, expectNoLeaks } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { sgdUpdate, sgdUpdateComposition } from './sgd-update';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.77 + seed) * 2);
const inputs = (n: number) => () => [tf.tensor1d(det(n, 1)), tf.tensor1d(det(n, 2)), tf.tensor1d(det(n, 3))];
// both outputs side by side, so the check compares value' and accum'
const both = (f: typeof sgdUpdate, attrs: ZooSgdUpdateAttrs) => (v: tf.Tensor, g: tf.Tensor, a: tf.Tensor) => tf.tidy(() => tf.concat(f(v, g, a, attrs)));
const cases = ([
  ['nesterov, clipped, decayed', { lr: 0.015, momentum: 0.9, gradScale: 0.37, weightDecay: 1e-4, nesterov: true }],
  ['plain momentum (tfjs MomentumOptimizer: scale 1, no decay)', { lr: 0.1, momentum: 0.9, gradScale: 1, weightDecay: 0, nesterov: false }],
  ['nesterov, unclipped, no decay', { lr: 0.05, momentum: 0.5, gradScale: 1, weightDecay: 0, nesterov: true }],
] as const).flatMap(([name, attrs]) =>
  [7, 6000].map((n) => ({ name: `${name}, ${n} values`, inputs: inputs(n), op: both(sgdUpdate, attrs), composition: both(sgdUpdateComposition, attrs), differentiate: [], valueTolerance: 0 })),
);

// the bits of the tfjs chain (valueTolerance 0)
describeOpAgainstComposition(ZooSgdUpdate, cases);

describe('sgdUpdate', () => {
  beforeAll(useTestBackend);

  it("is tfjs's MomentumOptimizer step to the bit (nesterov and not) over three steps, and leaks nothing", async () => {
    for (const nesterov of [false, true]) {
      const v0 = det(50, 4);
      const w = tf.variable(tf.tensor1d(v0));
      const opt = tf.train.momentum(0.1, 0.9, nesterov);
      let v = tf.tensor1d(v0);
      let a = tf.zeros([50]);
      for (let step = 0; step < 3; step++) {
        const g = tf.tensor1d(det(50, 10 + step));
        opt.applyGradients({ [w.name]: g });
        const [v2, a2] = sgdUpdate(v, g, a, { lr: 0.1, momentum: 0.9, gradScale: 1, weightDecay: 0, nesterov });
        tf.dispose([v, a, g]);
        [v, a] = [v2, a2];
        expect(Array.from(v.dataSync())).toEqual(Array.from(w.dataSync()));
      }
      opt.dispose();
      tf.dispose([w, v, a]);
    }
    const [v, g, a] = inputs(10)();
    await expectNoLeaks(() => tf.dispose(sgdUpdate(v, g, a, { lr: 0.1, momentum: 0.9, gradScale: 0.5, weightDecay: 0.01, nesterov: true })));
    tf.dispose([v, g, a]);
  });

  it('known answer: g′ = 0.5·2 + 0.1·1 = 1.1, a′ = 0.9·1 + 1.1 = 2, v′ = 1 − 0.1·(1.1 + 0.9·2) = 0.71', () => {
    const [v, a] = sgdUpdate(tf.tensor1d([1]), tf.tensor1d([2]), tf.tensor1d([1]), { lr: 0.1, momentum: 0.9, gradScale: 0.5, weightDecay: 0.1, nesterov: true });
    expect(a.dataSync()[0]).toBeCloseTo(2, 6);
    expect(v.dataSync()[0]).toBeCloseTo(0.71, 6);
    tf.dispose([v, a]);
  });

  it('refuses tensors of different shapes', () => {
    const x = tf.zeros([3]);
    const y = tf.zeros([4]);
    expect(() => sgdUpdate(x, y, x, { lr: 0.1, momentum: 0.9, gradScale: 1, weightDecay: 0, nesterov: false })).toThrow(/value \[3\], grad \[4\] and accum \[3\] must have one shape/);
    tf.dispose([x, y]);
  });
});
