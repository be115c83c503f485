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

  (nativeKernels() ? it : it.skip)("with reuseInputs updates an optimizer's variables in place, never an array another tensor holds; tfjs's bits either way", () => {
    const arrayOf = (t: tf.Tensor) => (tf.backend() as unknown as { data: { get(id: object): { values: Float32Array } } }).data.get(t.dataId).values;
    const init = det(40000, 7, 1);
    const ours = tf.variable(tf.tensor1d(init), true, 'sgd_inplace_ours');
    const ref = tf.variable(tf.tensor1d(init), true, 'sgd_inplace_ref');
    const accum = tf.variable(tf.zeros([40000]), false, 'sgd_inplace_accum');
    const refOpt = tf.train.momentum(0.1, 0.9, true);
    let snapshot: tf.Tensor | undefined;
    for (let step = 0; step < 4; step++) {
      const g = tf.tensor1d(det(40000, 20 + step, 1));
      const before = arrayOf(ours);
      if (step === 2) snapshot = ours.clone(); // shares the array: this step must not write into it
      const kept = snapshot ? Array.from(snapshot.dataSync()) : [];
      const [v, a] = sgdUpdate(ours, g, accum, { lr: 0.1, momentum: 0.9, gradScale: 1, weightDecay: 0, nesterov: true, reuseInputs: true });
      accum.assign(a);
      ours.assign(v);
      tf.dispose([v, a]);
      refOpt.applyGradients({ [ref.name]: g });
      g.dispose();
      expect(Array.from(ours.dataSync())).toEqual(Array.from(ref.dataSync()));
      if (step >= 1 && step !== 2) expect(arrayOf(ours)).toBe(before); // in place (step 0: the arrays the variables were made from)
      if (step === 2) {
        expect(arrayOf(ours)).not.toBe(before);
        expect(Array.from(snapshot!.dataSync())).toEqual(kept);
      }
    }
    tf.dispose([ours, ref, accum, snapshot!]);
    refOpt.dispose();
  });

  it('C and JS give the same bits (NaN, ∞, ±0 included)', () => {
    const [c, js] = valuesWithAndWithoutC(step);
    for (let i = 0; i < c.length; i++) expect(Buffer.from(c[i].buffer).equals(Buffer.from(js[i].buffer))).toBe(true);
    expect(Number.isNaN(c[0][0])).toBe(true);
  });
});
