import { Rng, tf } from '@zoo/core';
import { expectNoLeaks } from '@zoo/core/testing';
import { nhsmLoss } from './nhsm-loss';

/** The same loss as tfjs ops, with μ and σ computed outside the tape (the code's stop_gradient). */
function reference(a: tf.Tensor2D, pos: tf.Tensor1D, e: tf.Tensor2D, left: Int32Array, right: Int32Array, gamma: number, lambda: number, tau: number) {
  const [B] = a.shape;
  const N = e.shape[0];
  const maskVals = new Float32Array(B * N).fill(1);
  for (let b = 0; b < B; b++) {
    maskVals[b * N + left[b]] = 0;
    maskVals[b * N + right[b]] = 0;
  }
  const mask = tf.tensor2d(maskVals, [B, N]);
  const x = (aa: tf.Tensor2D, pp: tf.Tensor1D, ee: tf.Tensor2D) => {
    const d = tf.sum(tf.square(tf.sub(tf.expandDims(aa, 1), tf.expandDims(ee, 0))), 2);
    return tf.mul(tf.add(tf.sub(tf.expandDims(pp, 1), d), gamma), mask);
  };
  const xv = tf.tidy(() => x(a, pos, e));
  const mu = tf.tidy(() => tf.mean(xv, 1, true));
  const sd = tf.tidy(() => tf.sqrt(tf.mean(tf.square(tf.sub(xv, mu)), 1, true)));
  const f = (aa: tf.Tensor2D, pp: tf.Tensor1D, ee: tf.Tensor2D) => tf.logSumExp(tf.add(tf.mul(tf.div(tf.sub(x(aa, pp, ee), mu), sd), lambda), tau), 1);
  return { f, dispose: () => tf.dispose([mask, xv, mu, sd]) };
}

describe('NHSM loss (fused)', () => {
  it('by hand: one anchor, four entities', () => {
    // anchor a = (0, 0), pair (l, r) = (0, 1), pos = 1; entities e0 = a, e1 = (1, 0), e2 = (2, 0), e3 = (0, 3)
    // x = pos − ‖a − e_j‖² + γ = [masked 0, masked 0, 1 − 4 + 1 = −2, 1 − 9 + 1 = −7]; μ = −9/4;
    // σ² = (0 + 0 + 4 + 49)/4 − μ² = 13.25 − 5.0625 = 8.1875; L = logsumexp(λ(x − μ)/σ + τ)
    const a = tf.tensor2d([[0, 0]]);
    const e = tf.tensor2d([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 3],
    ]);
    const pos = tf.tensor1d([1]);
    const lambda = 2;
    const tau = 1;
    const sd = Math.sqrt(8.1875);
    const zs = [0, 0, -2, -7].map((v) => (lambda * (v + 9 / 4)) / sd + tau);
    const mx = Math.max(...zs);
    const expected = mx + Math.log(zs.reduce((s, z) => s + Math.exp(z - mx), 0));
    const out = nhsmLoss(a, pos, e, Int32Array.of(0), Int32Array.of(1), { gamma: 1, lambda, tau });
    expect(out.dataSync()[0]).toBeCloseTo(expected, 5);
    tf.dispose([a, e, pos, out]);
  });

  it('value and gradients (anchors, positive distances, all entities) equal the tfjs composition; no leaks', async () => {
    const r = new Rng(4);
    const B = 5;
    const N = 9;
    const d = 3;
    const a = tf.tensor2d(Float32Array.from({ length: B * d }, () => r.normal()), [B, d]);
    const e = tf.tensor2d(Float32Array.from({ length: N * d }, () => r.normal()), [N, d]);
    const pos = tf.tensor1d(Float32Array.from({ length: B }, () => 0.5 + r.next()));
    const left = Int32Array.from({ length: B }, (_, i) => i);
    const right = Int32Array.from({ length: B }, (_, i) => (i + 3) % N);
    const w = tf.tensor1d([1, 0.5, -0.3, 2, 0.7]); // upstream weights per row
    const opts = { gamma: 1, lambda: 3, tau: 10 };
    const ref = reference(a, pos, e, left, right, opts.gamma, opts.lambda, opts.tau);
    const fused = tf.grads((aa: tf.Tensor, pp: tf.Tensor, ee: tf.Tensor) => tf.sum(tf.mul(nhsmLoss(aa as tf.Tensor2D, pp as tf.Tensor1D, ee as tf.Tensor2D, left, right, opts), w)));
    const plain = tf.grads((aa: tf.Tensor, pp: tf.Tensor, ee: tf.Tensor) => tf.sum(tf.mul(ref.f(aa as tf.Tensor2D, pp as tf.Tensor1D, ee as tf.Tensor2D), w)));
    const gf = fused([a, pos, e]);
    const gp = plain([a, pos, e]);
    const v1 = nhsmLoss(a, pos, e, left, right, opts);
    const v2 = ref.f(a, pos, e);
    const close = (x: tf.Tensor, y: tf.Tensor) => {
      const xv = x.dataSync();
      const yv = y.dataSync();
      expect(xv.length).toBe(yv.length);
      xv.forEach((v, i) => expect(v).toBeCloseTo(yv[i], 3));
    };
    close(v1, v2);
    gf.forEach((g, i) => close(g, gp[i]));
    tf.dispose([...gf, ...gp, v1, v2]);
    ref.dispose();
    await expectNoLeaks(() => {
      const g = fused([a, pos, e]);
      tf.dispose(g);
    });
    tf.dispose([a, e, pos, w]);
  });
});
