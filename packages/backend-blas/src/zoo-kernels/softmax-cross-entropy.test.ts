import * as tf from '@tensorflow/tfjs';
import { ZooSoftmaxCrossEntropy, softmaxCrossEntropy, softmaxCrossEntropyComposition } from '@zoo/ops';
import { describeOpAgainstComposition, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { nativeKernels } from '../native';
import { cCalls, det, maxAbsDiff, valuesWithAndWithoutC, withAndWithoutC } from './zoo-kernels-for-tests';

/**
 * ZooSoftmaxCrossEntropy (+ Grad) on blas against tfjs's composition, value and gradient, with the C
 * row passes on and off; which C kernels ran; C and JS paths agree.
 */
const available = registerBlasForTests('blas ZooSoftmaxCrossEntropy tests');

const ids = (B: number, C: number) => tf.tensor1d(Array.from({ length: B }, (_, i) => (i * 7) % C), 'int32');
const cases: OpCase[] = [
  { name: 'class ids, [7, 5] (JS: below the C size)', inputs: () => [ids(7, 5), tf.tensor2d(det(35, 1), [7, 5])] },
  { name: 'class ids, [512, 16] (C-sized)', inputs: () => [ids(512, 16), tf.tensor2d(det(512 * 16, 2), [512, 16])] },
  { name: 'soft labels, [64, 100] (C-sized)', inputs: () => [tf.tidy(() => tf.softmax(tf.tensor2d(det(6400, 3), [64, 100]))), tf.tensor2d(det(6400, 4), [64, 100])] },
  { name: 'one-hot int32 labels (tfjs stores them as floats), [128, 40] (C-sized)', inputs: () => [tf.tidy(() => tf.oneHot(ids(128, 40), 40)), tf.tensor2d(det(128 * 40, 5), [128, 40])] },
].map((c) => ({ ...c, op: (y, z) => softmaxCrossEntropy(y, z), composition: (y, z) => softmaxCrossEntropyComposition(y, z), differentiate: [1], valueTolerance: 1e-5, gradTolerance: 1e-5 }) as OpCase);

(available ? describe : describe.skip)('ZooSoftmaxCrossEntropy on blas', () => {
  withAndWithoutC(() => describeOpAgainstComposition(ZooSoftmaxCrossEntropy, cases, { backends: ['blas'] }));

  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const lossAndGrad = (labels: () => tf.Tensor, z: tf.Tensor) => tf.tidy(() => {
    const y = labels();
    const { value, grad } = tf.valueAndGrad((zz: tf.Tensor) => softmaxCrossEntropy(y, zz))(z);
    return [value, grad];
  });

  (nativeKernels() ? it : it.skip)('runs softmaxRows + xentDense/xentGrad in C from 4096 logits, none with the C kernels off', () => {
    const z = tf.tensor2d(det(64 * 100, 6), [64, 100]);
    const names = ['softmaxRows', 'xentDense', 'xentGrad'] as const;
    const dense = cCalls([...names], true, () => tf.dispose(lossAndGrad(() => tf.softmax(tf.tensor2d(det(6400, 7), [64, 100])), z)));
    expect(dense.calls).toEqual({ softmaxRows: 1, xentDense: 1, xentGrad: 1 });
    const sparse = cCalls([...names], true, () => tf.dispose(lossAndGrad(() => ids(64, 100), z)));
    expect(sparse.calls).toEqual({ softmaxRows: 1, xentDense: 0, xentGrad: 1 });
    const off = cCalls([...names], false, () => tf.dispose(lossAndGrad(() => ids(64, 100), z)));
    expect(off.calls).toEqual({ softmaxRows: 0, xentDense: 0, xentGrad: 0 });
    z.dispose();
  });

  it('the C and JS paths agree (loss and ∂z within float32 rounding)', () => {
    const z = tf.tensor2d(det(256 * 30, 8), [256, 30]);
    for (const labels of [() => ids(256, 30), () => tf.softmax(tf.tensor2d(det(256 * 30, 9), [256, 30]))]) {
      const [c, js] = valuesWithAndWithoutC(() => lossAndGrad(labels, z));
      expect(maxAbsDiff(c[0], js[0])).toBeLessThan(1e-6);
      expect(maxAbsDiff(c[1], js[1])).toBeLessThan(1e-8);
    }
    z.dispose();
  });

  it('rejects a class id outside [0, C) on the C path too', () => {
    const z = tf.zeros([512, 16]);
    const bad = tf.tensor1d(Array.from({ length: 512 }, (_, i) => (i === 300 ? 16 : 0)), 'int32');
    expect(() => softmaxCrossEntropy(bad, z)).toThrow('label 16 at row 300 is outside [0, 16)');
    tf.dispose([z, bad]);
  });
});
