import { Rng, tf } from '@zoo/core';
import { expectNoLeaks } from '@zoo/core/testing';
import { nhsmLoss } from './nhsm-loss';

/** One direction as tfjs ops, with μ and σ computed outside the tape (the code's stop_gradient). */
function direction(anchor: tf.Tensor2D, pos: tf.Tensor1D, e: tf.Tensor2D, mask: tf.Tensor2D, gamma: number, lambda: number, tau: number): tf.Tensor1D {
  const x = tf.mul(tf.add(tf.sub(tf.expandDims(pos, 1), tf.sum(tf.square(tf.sub(tf.expandDims(anchor, 1), tf.expandDims(e, 0))), 2)), gamma), mask);
  const [mu, sd] = tf.tidy(() => {
    const xv = tf.clone(x); // values only: no gradient through μ and σ
    const m = tf.mean(xv, 1, true);
    return [m, tf.sqrt(tf.mean(tf.square(tf.sub(xv, m)), 1, true))].map((t) => tf.tensor(t.dataSync(), t.shape));
  });
  return tf.logSumExp(tf.add(tf.mul(tf.div(tf.sub(x, mu), sd), lambda), tau), 1) as tf.Tensor1D;
}

/** Both directions of every pair as tfjs ops: the code's align_loss before its mean. */
function reference(emb: tf.Tensor2D, left: Int32Array, right: Int32Array, gamma: number, lambda: number, tau: number): tf.Tensor1D {
  const B = left.length;
  const N = emb.shape[0];
  const maskVals = new Float32Array(B * N).fill(1);
  for (let b = 0; b < B; b++) {
    maskVals[b * N + left[b]] = 0;
    maskVals[b * N + right[b]] = 0;
  }
  const mask = tf.tensor2d(maskVals, [B, N]);
  const l = tf.gather(emb, tf.tensor1d(left, 'int32'));
  const r = tf.gather(emb, tf.tensor1d(right, 'int32'));
  const pos = tf.sum(tf.square(tf.sub(l, r)), 1) as tf.Tensor1D;
  return tf.add(direction(l, pos, emb, mask, gamma, lambda, tau), direction(r, pos, emb, mask, gamma, lambda, tau));
}

describe('NHSM loss (fused, both directions)', () => {
  it('by hand: one pair, four entities', () => {
    // e0 = (0, 0), e1 = (1, 0), e2 = (2, 0), e3 = (0, 3); pair (l, r) = (0, 1), pos = 1, γ = 1
    // left anchor e0:  x = [masked 0, masked 0, 1 − 4 + 1 = −2, 1 − 9 + 1 = −7];  μ = −9/4, σ² = 53/4 − 81/16
    // right anchor e1: x = [0, 0, 1 − 1 + 1 = 1, 1 − 10 + 1 = −8];              μ = −7/4, σ² = 65/4 − 49/16
    const e = tf.tensor2d([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 3],
    ]);
    const lambda = 2;
    const tau = 1;
    const lse = (xs: number[], mu: number, var_: number) => {
      const zs = xs.map((v) => (lambda * (v - mu)) / Math.sqrt(var_) + tau);
      const mx = Math.max(...zs);
      return mx + Math.log(zs.reduce((s, z) => s + Math.exp(z - mx), 0));
    };
    const expected = lse([0, 0, -2, -7], -9 / 4, 53 / 4 - 81 / 16) + lse([0, 0, 1, -8], -7 / 4, 65 / 4 - 49 / 16);
    const out = nhsmLoss(e, Int32Array.of(0), Int32Array.of(1), { gamma: 1, lambda, tau });
    expect(out.dataSync()[0]).toBeCloseTo(expected, 5);
    tf.dispose([e, out]);
  });

  it('value and gradient equal the tfjs composition (λ = 3 and the paper λ = 30); no leaks', async () => {
    const r = new Rng(4);
    const B = 5;
    const N = 9;
    const d = 3;
    const emb = tf.tensor2d(Float32Array.from({ length: N * d }, () => r.normal()), [N, d]);
    const left = Int32Array.from({ length: B }, (_, i) => i);
    const right = Int32Array.from({ length: B }, (_, i) => (i + 3) % N);
    const w = tf.tensor1d([1, 0.5, -0.3, 2, 0.7]); // upstream weights per pair
    for (const lambda of [3, 30]) {
      const opts = { gamma: 1, lambda, tau: 10 };
      const fused = tf.grad((e: tf.Tensor) => tf.sum(tf.mul(nhsmLoss(e as tf.Tensor2D, left, right, opts), w)));
      const plain = tf.grad((e: tf.Tensor) => tf.sum(tf.mul(reference(e as tf.Tensor2D, left, right, opts.gamma, opts.lambda, opts.tau), w)));
      const close = (x: tf.Tensor, y: tf.Tensor) => {
        const yv = y.dataSync();
        expect(x.shape).toEqual(y.shape);
        x.dataSync().forEach((v, i) => expect(Math.abs(v - yv[i])).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(yv[i]))));
      };
      tf.tidy(() => close(nhsmLoss(emb, left, right, opts), reference(emb, left, right, opts.gamma, opts.lambda, opts.tau)));
      tf.tidy(() => close(fused(emb), plain(emb)));
      await expectNoLeaks(() => tf.dispose(fused(emb)));
    }
    tf.dispose([emb, w]);
  });

  it('refuses ids outside the table and unequal sides', () => {
    const e = tf.zeros([3, 2]) as tf.Tensor2D;
    expect(() => nhsmLoss(e, Int32Array.of(0), Int32Array.of(3))).toThrow(/entity 3 outside 0..2/);
    expect(() => nhsmLoss(e, Int32Array.of(0, 1), Int32Array.of(2))).toThrow(/2 left but 1 right/);
    e.dispose();
  });
});
