import * as tf from '@tensorflow/tfjs';
import { ZooConcatColumns, ZooDropout, ZooGatherRows, ZooTanh, concatColumns, dropout, dropoutMask, gatherRows, tanh } from '@zoo/ops';
import { describeOpAgainstComposition, type OpCase } from '@zoo/ops/testing';
import { registerBlasForTests } from '../blas-for-tests';
import { poolCounters } from '../buffer-pool';
import { det, usePool } from './zoo-kernels-for-tests';

/**
 * The Zoo kernels blas runs as @zoo/ops's reference kernels with pool outputs (tanh, dropout, gather
 * rows, concat columns and their gradients) against their tfjs compositions, value and gradient; each
 * output array of a pooled size comes from the pool.
 */
const available = registerBlasForTests('blas pooled Zoo kernel tests');

/** A SeedSource drawing fixed seeds (dropout takes one per call). */
const seeds = (seed: number) => ({ next: () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648), nextSeed: () => seed });

(available ? describe : describe.skip)('pooled reference kernels on blas', () => {
  describeOpAgainstComposition(
    ZooTanh,
    [[5, 7], [64, 300]].map(([r, c]) => ({
      name: `[${r}, ${c}] with tiny and large |x|`,
      inputs: () => [tf.tensor2d(det(r * c, 1, 8).map((v, i) => (i % 11 === 0 ? v * 1e-5 : v)), [r, c])],
      op: (x) => tanh(x),
      composition: (x) => tf.tanh(x),
      valueTolerance: 1e-6,
      gradTolerance: 1e-6,
    })),
    { backends: ['blas'] },
  );

  describeOpAgainstComposition(
    ZooDropout,
    (['mulberry32', 'xorshift32-16'] as const).map((stream) => ({
      name: `${stream}, rate 0.3, [64, 300]`,
      inputs: () => [tf.tensor2d(det(64 * 300, 2), [64, 300])],
      op: (x) => dropout(x, 0.3, seeds(11), { stream }),
      composition: (x) => {
        // the op draws its seed from the SeedSource as @zoo/ops's dropout does
        const s = seeds(11);
        const seed = stream === 'xorshift32-16' ? (Math.floor(s.next() * 4294967295) | 1) >>> 0 : s.nextSeed() | 0;
        const keep = dropoutMask(stream, seed, 0.3, x.size);
        return tf.tidy(() => tf.mul(x, tf.tensor(Float32Array.from(keep, (k) => k / 0.7), x.shape)));
      },
      valueTolerance: 1e-6,
      gradTolerance: 1e-6,
    })),
    { backends: ['blas'] },
  );

  const index = Int32Array.from({ length: 500 }, (_, i) => (i * 37) % 200);
  describeOpAgainstComposition(
    ZooGatherRows,
    [{ name: '500 of 200 rows of [200, 64] (repeats: the scatter-add sums)', inputs: () => [tf.tensor2d(det(200 * 64, 3), [200, 64])], op: (x) => gatherRows(x as tf.Tensor2D, index), composition: (x) => tf.gather(x, tf.tensor1d(index, 'int32')) }] as OpCase[],
    { backends: ['blas'] },
  );

  describeOpAgainstComposition(
    ZooConcatColumns,
    [{
      name: '[300, 40] ‖ [300, 1] ‖ [300, 77]',
      inputs: () => [tf.tensor2d(det(300 * 40, 4), [300, 40]), tf.tensor2d(det(300, 5), [300, 1]), tf.tensor2d(det(300 * 77, 6), [300, 77])],
      op: (...xs) => concatColumns(xs as tf.Tensor2D[]),
      composition: (...xs) => tf.concat(xs, 1),
    }] as OpCase[],
    { backends: ['blas'] },
  );

  describe('outputs from the output-array pool', () => {
    usePool();
    beforeAll(() => tf.setBackend('blas'));
    afterAll(() => tf.setBackend('cpu'));

    const pooled = () => poolCounters.allocated + poolCounters.reused;
    const x = () => tf.tensor2d(det(256 * 128, 7), [256, 128]); // 32,768 values: a pooled size

    it.each([
      ['ZooTanh, ZooTanhGrad', (t: tf.Tensor) => tanh(t)],
      ['ZooDropout, ZooDropoutGrad', (t: tf.Tensor) => dropout(t, 0.5, seeds(3))],
      ['ZooGatherRows, ZooScatterAddRows', (t: tf.Tensor) => gatherRows(t as tf.Tensor2D, Int32Array.from({ length: 256 }, (_, i) => 255 - i))],
      ['ZooConcatColumns, ZooSplitColumns', (t: tf.Tensor) => concatColumns([t as tf.Tensor2D, t as tf.Tensor2D]).slice([0, 0], [256, 128])],
    ] as [string, (t: tf.Tensor) => tf.Tensor][])('%s', (_name, f) => {
      const input = x();
      const before = pooled();
      const y = tf.tidy(() => f(input)); // (the concat case's slice leaves its input to the tidy)
      expect(pooled()).toBe(before + 1);
      const g = tf.engine().tidy(() => tf.grad((t: tf.Tensor) => f(t).sum())(input));
      expect(pooled()).toBeGreaterThanOrEqual(before + 3); // the forward again (under grad) and the gradient kernel
      tf.dispose([y, g]);
      // disposed, those arrays went back to the pool: the same work again allocates none
      const allocated = poolCounters.allocated;
      tf.dispose([tf.tidy(() => f(input)), tf.engine().tidy(() => tf.grad((t: tf.Tensor) => f(t).sum())(input))]);
      expect(poolCounters.allocated).toBe(allocated);
      input.dispose();
    });
  });
});
