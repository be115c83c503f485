import * as tf from '@tensorflow/tfjs';
import { ZooSgdUpdate, sgdUpdate, sgdUpdateComposition, type ZooSgdUpdateAttrs } from '@zoo/ops';
import { describeOpAgainstComposition, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { nativeKernels } from '../native';
import { cCalls, det, valuesWithAndWithoutC, withAndWithoutC, usePool } from './zoo-kernels-for-tests';

/** ZooSgdUpdate on blas against the tfjs chain (the same bits), C on and off. */
const available = registerBlasForTests('blas ZooSgdUpdate tests');

const attrsOf: [string, ZooSgdUpdateAttrs][] = [
  ['nesterov, clipped, decayed', { lr: 0.015, momentum: 0.9, gradScale: 0.37, weightDecay: 1e-4, nesterov: true }],
  ['plain momentum', { lr: 0.1, momentum: 0.9, gradScale: 1, weightDecay: 0, nesterov: false }],
];
const both = (f: typeof sgdUpdate, attrs: ZooSgdUpdateAttrs) => (v: tf.Tensor, g: tf.Tensor, a: tf.Tensor) => tf.tidy(() => tf.concat(f(v, g, a, attrs)));
const cases: OpCase[] = attrsOf.flatMap(([name, attrs]) =>
  [33, 40000].map((n) => ({
    name: `${name}, ${n} values (${n >= 4096 ? 'C-sized' : 'JS: below the C size'})`,
    inputs: () => [tf.tensor1d(det(n, 1, 2)), tf.tensor1d(det(n, 2, 2)), tf.tensor1d(det(n, 3, 2))],
    op: both(sgdUpdate, attrs),
    composition: both(sgdUpdateComposition, attrs),
    differentiate: [],
    valueTolerance: 0,
  })),
);

(available ? describe : describe.skip)('ZooSgdUpdate on blas', () => {
  usePool();
  withAndWithoutC(() => describeOpAgainstComposition(ZooSgdUpdate, cases, { backends: ['blas'] }));

  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const step = () =>
    tf.tidy(() => {
      const n = 40000;
      const v = tf.tensor1d([NaN, Infinity, -0, 0, ...det(n - 4, 4, 3)]);
      const g = tf.tensor1d([1, 1, -0, -0, ...det(n - 4, 5, 3)]);
      const a = tf.tensor1d(det(n, 6, 1));
      return [...sgdUpdate(v, g, a, attrsOf[0][1]), ...sgdUpdate(v, g, a, attrsOf[1][1])];
    });

  (nativeKernels() ? it : it.skip)('runs in C from 4096 values, in JS with the C kernels off', () => {
    expect(cCalls(['sgdUpdate'], true, () => tf.dispose(step())).calls).toEqual({ sgdUpdate: 2 });
    expect(cCalls(['sgdUpdate'], false, () => tf.dispose(step())).calls).toEqual({ sgdUpdate: 0 });
  });

  it('C and JS give the same bits (NaN, ∞, ±0 included)', () => {
    const [c, js] = valuesWithAndWithoutC(step);
    for (let i = 0; i < c.length; i++) expect(Buffer.from(c[i].buffer).equals(Buffer.from(js[i].buffer))).toBe(true);
    expect(Number.isNaN(c[0][0])).toBe(true);
  });
});
