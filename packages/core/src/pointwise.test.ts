import { dropout, tanh } from './pointwise';
import { Rng } from './rng';
import { tf } from './tf';
import { expectNoLeaks } from './testing';

describe('pointwise ops', () => {
  it('tanh equals Math.tanh (tiny, large, ±0, ±∞, NaN) and its gradient is ∂y·(1 − y²); no leaks', async () => {
    const xs = [-30, -5, -1, -0.3, -1e-5, -0, 0, 1e-7, 2e-4, 0.5, 2, 9, 40, Infinity, -Infinity, NaN];
    const x = tf.tensor1d(xs);
    const y = tf.tidy(() => tanh(x)).dataSync();
    xs.forEach((v, i) => (Number.isNaN(v) ? expect(y[i]).toBeNaN() : expect(y[i]).toBeCloseTo(Math.fround(Math.tanh(v)), 7)));
    expect(Object.is(y[5], -0)).toBe(true);
    const w = tf.tensor1d(xs.map((_, i) => 1 + i / 10));
    const finite = tf.tensor1d(xs.filter((v) => Number.isFinite(v)));
    const wf = tf.tensor1d(xs.filter((v) => Number.isFinite(v)).map((_, i) => 1 + i / 10));
    const [ours, theirs] = tf.tidy(() => [tanh, tf.tanh].map((f) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), wf)))(finite).dataSync()));
    ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 6));
    await expectNoLeaks(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(tanh(t)))(finite)));
    tf.dispose([x, w, finite, wf]);
  });

  it('dropout keeps ≈ 1 − rate of the values scaled by 1/(1 − rate), routes the gradient through the same mask, and is seeded', async () => {
    const n = 100_000;
    const x = tf.tidy(() => tf.add(tf.range(0, n), 1)) as tf.Tensor1D; // no zeros, so kept = nonzero
    const rate = 0.3;
    const y = dropout(x, rate, new Rng(7));
    const yv = y.dataSync();
    const xv = x.dataSync();
    let kept = 0;
    yv.forEach((v, i) => {
      if (v !== 0) {
        kept++;
        expect(v).toBeCloseTo(xv[i] / (1 - rate), 1);
      }
    });
    expect(Math.abs(kept / n - (1 - rate))).toBeLessThan(0.01); // 4.7 standard deviations
    // gradient: 1/(1 − rate) where kept, 0 where dropped, the same mask as the value
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(dropout(t, rate, new Rng(7))))(x).dataSync());
    g.forEach((v, i) => expect(v).toBeCloseTo(yv[i] === 0 ? 0 : 1 / (1 - rate), 5));
    // the same seed repeats the mask, another seed does not
    tf.tidy(() => {
      expect(Array.from(dropout(x, rate, new Rng(7)).dataSync())).toEqual(Array.from(yv));
      expect(Array.from(dropout(x, rate, new Rng(8)).dataSync())).not.toEqual(Array.from(yv));
      expect(Array.from(dropout(x, 0, new Rng(7)).dataSync())).toEqual(Array.from(xv));
    });
    expect(() => dropout(x, 1, new Rng(7))).toThrow(/rate must be in \[0, 1\), got 1/);
    await expectNoLeaks(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(dropout(t, rate, new Rng(1))))(x)));
    tf.dispose([x, y]);
  });
});
