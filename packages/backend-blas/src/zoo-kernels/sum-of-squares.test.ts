import * as tf from '@tensorflow/tfjs';
import { ZooSumOfSquares, sumOfSquares, sumOfSquaresComposition } from '@zoo/ops';
import { describeOpAgainstComposition, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { nativeKernels } from '../native';
import { cCalls, det, valuesWithAndWithoutC, withAndWithoutC, usePool } from './zoo-kernels-for-tests';

/** ZooSumOfSquares on blas against addN(sum(square(x))), value and gradient, C on and off; deterministic. */
const available = registerBlasForTests('blas ZooSumOfSquares tests');

const cases: OpCase[] = [
  { name: 'one [5, 7] tensor (JS: below the C size)', inputs: () => [tf.tensor2d(det(35, 1), [5, 7])] },
  { name: '[300, 300] and [7] (C and JS)', inputs: () => [tf.tensor2d(det(90000, 2), [300, 300]), tf.tensor1d(det(7, 3))] },
].map((c) => ({ ...c, op: (...xs: tf.Tensor[]) => sumOfSquares(xs), composition: (...xs: tf.Tensor[]) => sumOfSquaresComposition(xs), valueTolerance: 1e-6, gradTolerance: 1e-6 }) as OpCase);

(available ? describe : describe.skip)('ZooSumOfSquares on blas', () => {
  usePool();
  withAndWithoutC(() => describeOpAgainstComposition(ZooSumOfSquares, cases, { backends: ['blas'] }));

  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const run = () => tf.tidy(() => [sumOfSquares([tf.tensor1d(det(1 << 20, 4)), tf.tensor1d(det(100, 5))])]);

  (nativeKernels() ? it : it.skip)('runs the large tensors in C, the small ones and everything with C off in JS; C is deterministic and within 1e-6 of JS', () => {
    expect(cCalls(['sumSquares'], true, () => tf.dispose(run())).calls).toEqual({ sumSquares: 1 });
    expect(cCalls(['sumSquares'], false, () => tf.dispose(run())).calls).toEqual({ sumSquares: 0 });
    const [c, js] = valuesWithAndWithoutC(run);
    const [again] = valuesWithAndWithoutC(run);
    expect(Array.from(again[0])).toEqual(Array.from(c[0]));
    expect(Math.abs(c[0][0] - js[0][0]) / js[0][0]).toBeLessThan(1e-6);
  });
});
