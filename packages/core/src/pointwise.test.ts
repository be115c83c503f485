import { setNativeKernels } from '@zoo/backend-blas/native';
import { dropout, relu, tanh } from './pointwise';
import { Rng } from './rng';
import { tf } from './tf';
import { expectNoLeaks } from './testing';

describe('pointwise ops', () => {
  it('relu equals tf.relu; its gradient is ∂y where y > 0 and exactly 0 elsewhere (NaN in ∂y too), in C and JS; no leaks', async () => {
    // 6,000 values (the C kernel when built) with ±0, ±∞ and NaN among them
    const n = 6000;
    const xs = Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) * 3);
    [0, -0, Infinity, -Infinity, NaN, 1e-40].forEach((v, i) => (xs[i * 11] = v));
    const x = tf.tensor1d(xs);
    const want = tf.tidy(() => tf.relu(x).dataSync());
    const got = tf.tidy(() => relu(x).dataSync());
    for (let i = 0; i < n; i++) expect(Object.is(got[i], want[i]) || (Number.isNaN(got[i]) && Number.isNaN(want[i]))).toBe(true);
    const dyv = Array.from({ length: n }, (_, i) => Math.cos(i));
    dyv[22] = NaN; // at x = +∞ (kept)
    dyv[33] = NaN; // at x = −∞ (masked: 0, where tfjs's ∂y·step(x) gives NaN)
    const dy = tf.tensor1d(dyv);
    for (const native of [true, false]) {
      const was = setNativeKernels(native);
      try {
        const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(relu(t), dy)))(x).dataSync());
        for (let i = 0; i < n; i++) {
          const y = want[i];
          if (y > 0) expect(Object.is(g[i], Math.fround(dyv[i])) || (Number.isNaN(g[i]) && Number.isNaN(dyv[i]))).toBe(true);
          else expect(Object.is(g[i], 0)).toBe(true);
        }
      } finally {
        setNativeKernels(was);
      }
    }
    await expectNoLeaks(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(relu(t)))(x)));
    tf.dispose([x, dy]);
  });

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
