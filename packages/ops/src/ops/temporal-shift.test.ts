import * as tf from '@tensorflow/tfjs-core';
import { ZooTemporalShift } from '../kernel-names';
import { describeOpAgainstComposition, expectNoLeaks, type OpCase } from '../testing';
import { useTestBackend } from '../testing/test-backends';
import { temporalShift, temporalShiftComposition } from './temporal-shift';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 3);

const tsmCase = (shape: [number, number, number, number], segments: number, foldDiv = 8): OpCase => ({
  name: `[${shape.join(', ')}], ${segments} segments, foldDiv ${foldDiv}`,
  inputs: () => [tf.tensor4d(det(shape.reduce((a, b) => a * b, 1), 1), shape)],
  op: (x) => temporalShift(x as tf.Tensor4D, segments, foldDiv),
  composition: (x) => temporalShiftComposition(x as tf.Tensor4D, segments, foldDiv),
  valueTolerance: 0, // copies: the same bits
  gradTolerance: 0,
});

describeOpAgainstComposition(ZooTemporalShift, [tsmCase([6, 2, 3, 16], 3), tsmCase([8, 4, 4, 17], 4), tsmCase([4, 2, 2, 6], 2, 3), tsmCase([4, 3, 3, 8], 4, 2), tsmCase([3, 2, 2, 8], 1) /* one-frame clips: the shifted blocks are zeros, as mmaction2's */, tsmCase([2, 2, 2, 4], 2, 8)]);

describe('temporalShift', () => {
  beforeAll(useTestBackend);

  it('known answer: 1 clip of 3 one-pixel frames, C = 4, fold 1; the gradient is the opposite shift', async () => {
    // frame t has channels [10t + 0, 10t + 1, 10t + 2, 10t + 3]
    const x = tf.tensor4d([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23], [3, 1, 1, 4]);
    const y = tf.tidy(() => Array.from(temporalShift(x, 3, 4).dataSync()));
    expect(y).toEqual([10, 0, 2, 3, 20, 1, 12, 13, 0, 11, 22, 23]);
    const dy = tf.tensor4d([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23], [3, 1, 1, 4]);
    const dx = tf.tidy(() => Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(temporalShift(t as tf.Tensor4D, 3, 4), dy)))(x).dataSync()));
    // ∂x[t, 0] = ∂y[t − 1, 0], ∂x[t, 1] = ∂y[t + 1, 1]
    expect(dx).toEqual([0, 11, 2, 3, 0, 21, 12, 13, 10, 0, 22, 23]);
    await expectNoLeaks(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(temporalShift(t as tf.Tensor4D, 3, 4)))(x)));
    tf.dispose([x, dy]);
  });

  it('rejects frames that are not whole clips and a fold too wide', () => {
    const x = tf.zeros([5, 1, 1, 8]) as tf.Tensor4D;
    expect(() => temporalShift(x, 2)).toThrow('5 frames are not a whole number of 2-frame clips');
    expect(() => temporalShift(x, 5, 1)).toThrow('foldDiv 1 gives fold 8, but 2·fold must be ≤ 8 channels');
    x.dispose();
  });
});
